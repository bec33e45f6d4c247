/**
 * The CLI's commands, their options and help texts (src/cli/args.ts reads them). Kept apart from
 * the commands' code so that `genrescope --help` loads no model or engine module.
 */
import type { CommandSpec } from './args.ts';

const FILES = '<audio files...>';

const EXIT_STATUS = [
  'exit status: 0 every file succeeded; 1 some file failed (one line each on stderr, the others',
  'still printed); 2 usage error. Only the first 10 minutes of a longer file are analysed.',
];

const MODELS = { type: 'string', value: '<dir>', description: 'the models folder (default: public/models of this checkout)' } as const;
const JOBS = { type: 'string', value: 'N', description: 'worker threads for several files (default: one per core)' } as const;

export const COMMANDS = {
  features: {
    name: 'features',
    brief: 'librosa features: the GTZAN table row (CSV) or features, tempo, beats and key (JSON)',
    summary: 'The GTZAN feature table row of each file (CSV: filename, length, the 57 features), or with --format json its features, tempo, beat times and key.',
    operands: FILES,
    options: { format: { type: 'string', value: 'csv|json', description: 'output format (default csv)' }, jobs: JOBS },
    notes: ['The CSV header is printed once, before the first file that succeeds.', ...EXIT_STATUS],
  },
  classify: {
    name: 'classify',
    brief: 'the genre of each file, or "no music detected"',
    summary: "Each file's genre: musicnn's genre head, the log-mel CNN and the feature-table model, pooled. Text: file, genre, confidence, notes; --json: every probability, each model's view, the genre along the track, musicnn's tags, warnings and the no-music verdict.",
    operands: FILES,
    options: { json: { type: 'boolean', description: 'print a JSON array, one object per file' }, jobs: JOBS, models: MODELS },
    notes: EXIT_STATUS,
  },
  tags: {
    name: 'tags',
    brief: "what musicnn hears: each file's top tags",
    summary: 'What musicnn hears in each file: its top tags (text), or every tag and the taggram (--json).',
    operands: FILES,
    options: {
      json: { type: 'boolean', description: 'print a JSON array with every tag and the taggram' },
      top: { type: 'string', value: 'N', description: 'tags per file in the text output (default 5)' },
      jobs: JOBS,
      models: MODELS,
    },
    notes: EXIT_STATUS,
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
