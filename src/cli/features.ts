/**
 * `genrescope features`: the GTZAN feature table row of each file (CSV: filename, length, the
 * 57 features), or with --format json the features with tempo, beat times, key and the input
 * warnings. The CSV header comes before the first row, so a run where every file failed prints
 * nothing on stdout.
 */
import { basename } from 'node:path';
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_ID_COLUMNS } from '../dsp/gtzan/columns.ts';
import type { InputWarning } from '../input/rules.ts';
import { choiceOption, requireFiles, type CommandArgs } from './args.ts';
import { fileErrorLine, reportFileError } from './fileErrors.ts';
import { loadInput } from './loadInput.ts';

export interface FeaturesJson {
  file: string;
  durationSec: number;
  features: Record<string, number>;
  tempo: number;
  beatTimes: number[];
  key: { tonic: string; mode: 'major' | 'minor'; confidence: number };
  warnings: InputWarning[];
}

export async function runFeatures({ values, files }: CommandArgs): Promise<number> {
  const format = choiceOption(values, 'format', ['csv', 'json'], 'csv');
  requireFiles(files);
  const rows: FeaturesJson[] = [];
  let failed = 0;
  let headerDone = false;
  for (const file of files) {
    try {
      const { y, sr, warnings } = await loadInput(file);
      const a = await analyzeTrack(y, { sr });
      if (format === 'csv') {
        if (!headerDone) process.stdout.write(`${[...GTZAN_ID_COLUMNS, ...GTZAN_FEATURE_NAMES].join(',')}\n`);
        headerDone = true;
        process.stdout.write(`${[basename(file), a.nSamples, ...a.gtzanFeatures].join(',')}\n`);
      } else {
        rows.push({
          file,
          durationSec: a.durationSec,
          features: Object.fromEntries(GTZAN_FEATURE_NAMES.map((name, i) => [name, a.gtzanFeatures[i]])),
          tempo: a.tempo,
          beatTimes: Array.from(a.beatTimes),
          key: a.key,
          warnings,
        });
      }
    } catch (err) {
      failed++;
      reportFileError(fileErrorLine(file, err));
    }
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
