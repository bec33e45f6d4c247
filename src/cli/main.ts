/** The genrescope CLI: dispatches `features` and `classify` to their modules. */
const USAGE = `usage:
  genrescope features [--format csv|json] <audio files...>   GTZAN feature table row per file (CSV), or features, tempo, beats and key (JSON)
  genrescope classify [--json] <audio files...>              genre of each file`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'features': {
      const { runFeatures } = await import('./features.ts');
      return runFeatures(rest);
    }
    case 'classify': {
      const { runClassify } = await import('./classify.ts');
      return runClassify(rest);
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`genrescope: unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}
