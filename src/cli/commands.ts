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
    options: {
      json: { type: 'boolean', description: 'print a JSON array, one object per file' },
      custom: { type: 'string', value: '<model.json>', description: "also your own classes, from a model 'genrescope teach' wrote" },
      jobs: JOBS,
      models: MODELS,
    },
    notes: [
      'With --custom the text line gains the custom class and its probability after the confidence,',
      'and each JSON object custom: { class, probabilities } (null where no music was detected).',
      ...EXIT_STATUS,
    ],
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
  teach: {
    name: 'teach',
    brief: 'teach your own classes from a few example files each; writes a custom model',
    summary: "Trains a small head on musicnn's embedding of each class's examples (3 to 5 files each are enough to start) and writes it, with each class's leave-one-out accuracy, to one JSON file for 'classify --custom'.",
    operands: '',
    options: {
      class: { type: 'string', value: 'NAME=FILE,FILE,...', multiple: true, description: 'a class and its example files (give it once per class, at least twice)' },
      out: { type: 'string', value: '<model.json>', description: 'the model file to write' },
      jobs: JOBS,
      models: MODELS,
    },
    notes: [
      'Prints each class, its examples and its leave-one-out accuracy (the share of its examples a head',
      'trained without each one puts back in it). Embeddings are cached as for similar.',
      'exit status: 0 model written; 1 some file failed (one line each; the model is written from the',
      'others while every class keeps an example); 2 usage error.',
    ],
  },
  similar: {
    name: 'similar',
    brief: 'the tracks of a library that sound most like a given one',
    summary: "The library's tracks ranked by the cosine similarity of musicnn's embedding to the --to track's, best first. Folders are searched for .wav, .flac, .ogg and .mp3 files. Text: one line per neighbour, file and similarity; --json: { query, neighbours: [{ file, similarity }] }.",
    operands: '<library files or folders...>',
    options: {
      to: { type: 'string', value: '<file>', description: 'the track to find neighbours of' },
      top: { type: 'string', value: 'K', description: 'neighbours to print (default 10)' },
      json: { type: 'boolean', description: 'print one JSON object' },
      jobs: JOBS,
      models: MODELS,
    },
    notes: [
      'Embeddings are cached per file content in $GENRESCOPE_CACHE_DIR, else $XDG_CACHE_HOME/genrescope,',
      'else ~/.cache/genrescope: only new or changed files are heard again.',
      ...EXIT_STATUS,
    ],
  },
  why: {
    name: 'why',
    brief: 'why each file got its genre: where in time and frequency the evidence is',
    summary: "Classifies each file as classify does, then hides one region of musicnn's mel spectrogram at a time (1.5 s x a quarter of the mel bands) and measures how much the genre's probability falls: the occlusion map. Text: file, genre, confidence and where the strongest evidence is; --json: the map with its axes (times, mel band edges in Hz), the windows that voted most strongly and the top tags.",
    operands: FILES,
    options: {
      json: { type: 'boolean', description: 'print a JSON array, one object per file' },
      genre: { type: 'string', value: 'NAME', description: 'explain this genre instead of the answer (blues, classical, country, disco, hiphop, jazz, metal, pop, reggae, rock)' },
      jobs: JOBS,
      models: MODELS,
    },
    notes: [
      "The map explains musicnn's genre head (3/4 of the final answer), not the CNN's quarter; at most",
      '12 of the 3 s patches are mapped (a 30 s clip has 11), 9 runs of musicnn each: about 15 s a 30 s clip.',
      'Evidence is the fall of the probability when a region is hidden: it shows what the model used, not',
      'what a listener would call the genre, and regions that only count together may each look weak.',
      ...EXIT_STATUS,
    ],
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
