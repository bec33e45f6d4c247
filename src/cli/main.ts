/** The genrescope CLI: dispatches `features`, `classify` and `tags` to their modules. */
const USAGE = `usage:
  genrescope features [--format csv|json] <audio files...>   GTZAN feature table row per file (CSV), or features, tempo, beats and key (JSON)
  genrescope classify [--json] <audio files...>              genre of each file (with its musicnn tags in --json)
  genrescope tags [--json] [--top N] <audio files...>        what musicnn hears: top tags per file, or all tags and the taggram (JSON)`;

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
    case 'tags': {
      const { runTags } = await import('./tags.ts');
      return runTags(rest);
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
