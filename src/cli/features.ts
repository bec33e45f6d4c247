/**
 * `genrescope features`: the GTZAN feature table row of each file (CSV: filename, length, the
 * 57 features), or with --format json the features with tempo, beat times, key and the input
 * warnings. Several files run on worker threads (src/cli/runFiles.ts), one per core. The CSV
 * header comes before the first row, so a run where every file failed prints nothing on stdout.
 */
import { basename } from 'node:path';
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_ID_COLUMNS } from '../dsp/gtzan/columns.ts';
import type { InputWarning } from '../input/rules.ts';
import { choiceOption, positiveIntOption, requireFiles, type CommandArgs } from './args.ts';
import { loadInput } from './loadInput.ts';
import { runAndPrint, type FileProcessor } from './runFiles.ts';

export interface FeaturesJson {
  file: string;
  durationSec: number;
  features: Record<string, number>;
  tempo: number;
  beatTimes: number[];
  key: { tonic: string; mode: 'major' | 'minor'; confidence: number };
  warnings: InputWarning[];
}

/** One file's table row (the text line) and its JSON; no models to load. */
export async function featuresProcessor(): Promise<FileProcessor> {
  return async (file) => {
    const { y, sr, warnings } = await loadInput(file);
    const a = await analyzeTrack(y, { sr });
    const json: FeaturesJson = {
      file,
      durationSec: a.durationSec,
      features: Object.fromEntries(GTZAN_FEATURE_NAMES.map((name, i) => [name, a.gtzanFeatures[i]])),
      tempo: a.tempo,
      beatTimes: Array.from(a.beatTimes),
      key: a.key,
      warnings,
    };
    return { json, text: [basename(file), a.nSamples, ...a.gtzanFeatures].join(',') };
  };
}

export async function runFeatures({ values, files }: CommandArgs): Promise<number> {
  const format = choiceOption(values, 'format', ['csv', 'json'], 'csv');
  const jobs = positiveIntOption(values, 'jobs');
  return runAndPrint(requireFiles(files), { command: 'features', processor: {}, jobs, local: featuresProcessor }, {
    json: format === 'json',
    loadWhat: 'the feature engine',
    header: [...GTZAN_ID_COLUMNS, ...GTZAN_FEATURE_NAMES].join(','),
  });
}
