/**
 * `genrescope features`: the GTZAN feature table row of each file (CSV: filename, length, the
 * 57 features), or with --format json the features with tempo, beat times and key.
 */
import { basename } from 'node:path';
import { analyzeTrack } from '../analysis/analyzeTrack.ts';
import { GTZAN_FEATURE_NAMES, GTZAN_ID_COLUMNS } from '../dsp/gtzan/columns.ts';
import { loadAudioFile } from '../node/decodeAudio.ts';
import { parseArgs, reportFileError } from './args.ts';

export interface FeaturesJson {
  file: string;
  durationSec: number;
  features: Record<string, number>;
  tempo: number;
  beatTimes: number[];
  key: { tonic: string; mode: 'major' | 'minor'; confidence: number };
}

export async function runFeatures(args: string[]): Promise<number> {
  const { flags, files } = parseArgs(args, ['format']);
  const format = flags.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    process.stderr.write(`genrescope features: --format must be csv or json, got '${String(format)}'\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write('genrescope features: no audio files given\n');
    return 2;
  }
  if (format === 'csv') process.stdout.write(`${[...GTZAN_ID_COLUMNS, ...GTZAN_FEATURE_NAMES].join(',')}\n`);
  const rows: FeaturesJson[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const { y, sr } = await loadAudioFile(file);
      const a = await analyzeTrack(y, { sr });
      if (format === 'csv') {
        process.stdout.write(`${[basename(file), a.nSamples, ...a.gtzanFeatures].join(',')}\n`);
      } else {
        rows.push({
          file,
          durationSec: a.durationSec,
          features: Object.fromEntries(GTZAN_FEATURE_NAMES.map((name, i) => [name, a.gtzanFeatures[i]])),
          tempo: a.tempo,
          beatTimes: Array.from(a.beatTimes),
          key: a.key,
        });
      }
    } catch (err) {
      failed++;
      reportFileError('features', file, err);
    }
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
