/**
 * Track-level aggregation and the ensembles: a model's track view is the mean of its non-silent
 * windows' probabilities; the quick answer is a linear pool p = w * p_cnn + (1 - w) * p_table, the
 * final one a tempered pool of the musicnn head, the CNN and the table model, weights chosen on the
 * valid split (public/models/ensemble.json).
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

/**
 * Mean of the selected rows of an n x k row-major matrix (float64), renormalised to sum 1 for
 * probability rows (`normalise: false` for tags, which are k independent probabilities).
 */
export function meanRows(rows: Float32Array, k: number, use: boolean[], { normalise: asDistribution = true } = {}): Float64Array {
  const out = new Float64Array(k);
  let n = 0;
  use.forEach((u, i) => {
    if (!u) return;
    n++;
    for (let j = 0; j < k; j++) out[j] += rows[i * k + j];
  });
  if (n === 0) return asDistribution ? uniform() : out;
  return asDistribution ? normalise(out) : out.map((v) => v / n);
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

/**
 * The final ensemble: softmax(log(sum_i w_i p_i) / temperature) over the models that answered
 * (null: absent, its weight ignored), as training/train_head.py's pool(). Renormalising the
 * weights is unnecessary: a constant factor inside the log cancels in the softmax.
 */
export function logPool(sources: (ArrayLike<number> | null)[], weights: number[], temperature: number): Float64Array {
  const k = GENRES.length;
  const mix = new Float64Array(k);
  sources.forEach((p, i) => {
    if (p) for (let j = 0; j < k; j++) mix[j] += weights[i] * p[j];
  });
  const logits = mix.map((v) => Math.log(Math.min(1, Math.max(v, 1e-12))) / temperature);
  const peak = Math.max(...logits);
  return normalise(logits.map((v) => Math.exp(v - peak)));
}

export function top(p: ArrayLike<number>): { genre: Genre; p: number } {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return { genre: GENRES[best], p: p[best] };
}
