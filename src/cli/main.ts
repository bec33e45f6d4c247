/**
 * The genrescope CLI: dispatches each command to its module, prints --help for the whole tool and
 * for each command, and turns argument errors into one line on stderr with exit status 2.
 */
import { commandHelp, parseCommandArgs, positiveIntOption, stringOption, UsageError, type CommandArgs } from './args.ts';
import { COMMANDS, type CommandName } from './commands.ts';
import { defaultModelsDir } from '../node/packageRoot.ts';
import { fileThreads } from './runFiles.ts';

type Runner = (args: CommandArgs) => Promise<number>;

/**
 * `classify` with its files in this thread (one file, or --jobs 1) shares musicnn's patches with a
 * helper thread, started before classify's own modules (tfjs, the engine) load so that the
 * thread's loading overlaps theirs (musicnnHelperThread.ts).
 */
async function classifyWithHelper(args: CommandArgs): Promise<number> {
  const here = args.files.length > 0 && fileThreads(args.files.length, positiveIntOption(args.values, 'jobs')) <= 1;
  const helper = here ? (await import('./musicnnHelperThread.ts')).startMusicnnHelper(stringOption(args.values, 'models', defaultModelsDir)) : null;
  return (await import('./classify.ts')).runClassify(args, helper);
}

const RUNNERS: Record<CommandName, () => Promise<Runner>> = {
  features: async () => (await import('./features.ts')).runFeatures,
  classify: async () => classifyWithHelper,
  tags: async () => (await import('./tags.ts')).runTags,
  teach: async () => (await import('./teach.ts')).runTeach,
  similar: async () => (await import('./similar.ts')).runSimilar,
  why: async () => (await import('./why.ts')).runWhy,
};

function toolHelp(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: genrescope <command> [options] <audio files...>',
    '',
    'Music analysis and genre classification, on this machine (WAV, FLAC, Ogg Vorbis, MP3).',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].brief}`),
    '',
    "'genrescope <command> --help' describes a command's options and output.",
  ].join('\n');
}

const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMANDS, name);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${toolHelp()}\n`);
    return 0;
  }
  if (!isCommand(command)) {
    process.stderr.write(command === undefined ? `${toolHelp()}\n` : `genrescope: unknown command '${command}' (see genrescope --help)\n`);
    return 2;
  }
  const spec = COMMANDS[command];
  try {
    const args = parseCommandArgs(spec, rest);
    if (args === 'help') {
      process.stdout.write(`${commandHelp(spec)}\n`);
      return 0;
    }
    return await (await RUNNERS[command]())(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`genrescope ${command}: ${err.message} (see genrescope ${command} --help)\n`);
    return 2;
  }
}
