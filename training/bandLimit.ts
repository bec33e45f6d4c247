/**
 * How band-limited a recording is: mean log-mel level of the mel bands just below the top
 * (112-119, about 7.5-9 kHz) minus that of the top four (124-127, about 9.9-11 kHz). Many GTZAN
 * excerpts were taken from MP3s or radio and are cut near 10 kHz, and which ones is far from
 * independent of genre; a model can learn that cue (a "horse", in Sturm's word) instead of music.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../src/dsp/matrix.ts';
import { logMelCacheDir, type LogMelIndex } from './buildDataset.ts';

export const BAND_LIMITED_DB = 40;

export function topBandDropDb(logMel: Matrix): number {
  const mean = (from: number, to: number) => {
    let s = 0;
    for (let m = from; m < to; m++) for (let t = 0; t < logMel.cols; t++) s += logMel.data[m * logMel.cols + t];
    return s / ((to - from) * logMel.cols);
  };
  const n = logMel.rows;
  return mean(n - 16, n - 8) - mean(n - 4, n);
}

/** Per stem, from the training log-mel cache (null when it has not been built). */
export function cachedTopBandDrops(): Map<string, { genre: string; split: string; dropDb: number }> | null {
  const indexPath = join(logMelCacheDir, 'index.json');
  if (!existsSync(indexPath)) return null;
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as LogMelIndex;
  const raw = readFileSync(join(logMelCacheDir, 'logmel.f32'));
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const out = new Map<string, { genre: string; split: string; dropDb: number }>();
  for (const c of index.clips) {
    const data = all.subarray(c.offset, c.offset + index.nMels * c.frames);
    out.set(c.stem, { genre: c.genre, split: c.split, dropDb: topBandDropDb({ rows: index.nMels, cols: c.frames, data }) });
  }
  return out;
}
