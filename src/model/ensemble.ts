/**
 * Track-level aggregation and the two-model ensemble: the CNN's track view is the mean of its
 * non-silent windows' probabilities; the ensemble is a linear pool
 * p = w * p_cnn + (1 - w) * p_table with w chosen on the valid split (public/models/ensemble.json).
 */
import { GENRES, type Genre } from './metadata.ts';
import type { GenreProbabilities } from './types.ts';

export function toRecord(p: ArrayLike<number>): GenreProbabilities {
  const out = {} as GenreProbabilities;
  GENRES.forEach((g, i) => {
    out[g] = p[i];
  });
  return out;
}

export function uniform(): Float64Array {
  return new Float64Array(GENRES.length).fill(1 / GENRES.length);
}

/** Mean of the selected rows of an n x k row-major matrix (float64, renormalised to sum 1). */
export function meanRows(rows: Float32Array, k: number, use: boolean[]): Float64Array {
  const out = new Float64Array(k);
  let n = 0;
  use.forEach((u, i) => {
    if (!u) return;
    n++;
    for (let j = 0; j < k; j++) out[j] += rows[i * k + j];
  });
  return n === 0 ? uniform() : normalise(out);
}

export function normalise(p: Float64Array): Float64Array {
  let s = 0;
  for (const v of p) s += v;
  if (!(s > 0)) return uniform();
  return p.map((v) => v / s);
}

export function linearPool(cnn: ArrayLike<number>, table: ArrayLike<number>, cnnWeight: number): Float64Array {
  const out = new Float64Array(cnn.length);
  for (let i = 0; i < out.length; i++) out[i] = cnnWeight * cnn[i] + (1 - cnnWeight) * table[i];
  return normalise(out);
}

export function top(p: ArrayLike<number>): { genre: Genre; p: number } {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return { genre: GENRES[best], p: p[best] };
}
