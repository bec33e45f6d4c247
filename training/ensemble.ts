/**
 * Choosing the ensemble weight on the valid split: the CNN weight w in p = w p_cnn + (1 - w) p_table
 * that minimises the valid clips' mean negative log-likelihood, from a 0.05 grid. NLL rather than
 * accuracy because on ~120 clips accuracy moves in steps of ~1 point and is flat over wide ranges
 * of w, so an accuracy argmax mostly picks noise. Also a leave-one-clip-out estimate of the
 * accuracy this selection gives on a clip it did not see.
 */
import { linearPool } from '../src/model/ensemble.ts';
import { metrics } from './metrics.ts';
import type { ClipPrediction } from './validPredictions.ts';

export const WEIGHT_GRID = Array.from({ length: 21 }, (_, i) => i / 20);

export function ensembleProbs(preds: ClipPrediction[], w: number): number[][] {
  return preds.map((p) => Array.from(p.table ? linearPool(p.cnn, p.table, w) : p.cnn));
}

export interface WeightChoice {
  weight: number;
  accuracy: number;
  nll: number;
  grid: { w: number; accuracy: number; nll: number }[];
}

export function chooseWeight(preds: ClipPrediction[]): WeightChoice {
  const truth = preds.map((p) => p.genre);
  let best = { weight: 0.5, accuracy: -1, nll: Infinity };
  const grid: WeightChoice['grid'] = [];
  for (const w of WEIGHT_GRID) {
    const m = metrics(truth, ensembleProbs(preds, w));
    grid.push({ w, accuracy: m.accuracy, nll: m.nll });
    if (m.nll < best.nll - 1e-12) best = { weight: w, accuracy: m.accuracy, nll: m.nll };
  }
  return { ...best, grid };
}

/** Accuracy when each clip is predicted with the weight chosen on the other clips. */
export function leaveOneOutAccuracy(preds: ClipPrediction[]): number {
  let correct = 0;
  preds.forEach((p, i) => {
    const { weight } = chooseWeight(preds.filter((_, j) => j !== i));
    const probs = ensembleProbs([p], weight)[0];
    if (metrics([p.genre], [probs]).correct === 1) correct++;
  });
  return correct / preds.length;
}
