/** Track-level classification metrics: accuracy, macro F1, per-genre recall, confusion matrix. */
import { GENRES } from '../src/model/metadata.ts';

export interface Metrics {
  n: number;
  correct: number;
  accuracy: number;
  /** Mean F1 over the genres present in the evaluated set. */
  macroF1: number;
  /** Mean negative log-likelihood of the true genre. */
  nll: number;
  perGenre: { genre: string; clips: number; correct: number; recall: number | null; f1: number | null }[];
  /** confusion[true][predicted], GENRES order. */
  confusion: number[][];
}

export function argmaxOf(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

export function metrics(truth: string[], probs: ArrayLike<number>[]): Metrics {
  const k = GENRES.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let nll = 0;
  truth.forEach((g, i) => {
    const t = GENRES.indexOf(g as (typeof GENRES)[number]);
    if (t < 0) throw new Error(`unknown genre ${g}`);
    confusion[t][argmaxOf(probs[i])]++;
    nll -= Math.log(Math.max(probs[i][t], 1e-12));
  });
  const perGenre = GENRES.map((genre, g) => {
    const clips = confusion[g].reduce((a, b) => a + b, 0);
    const correct = confusion[g][g];
    const predicted = confusion.reduce((a, row) => a + row[g], 0);
    const recall = clips ? correct / clips : null;
    const precision = predicted ? correct / predicted : 0;
    const f1 = clips === 0 ? null : correct === 0 ? 0 : (2 * precision * (recall as number)) / (precision + (recall as number));
    return { genre, clips, correct, recall, f1 };
  });
  const f1s = perGenre.map((p) => p.f1).filter((v): v is number => v !== null);
  const correct = perGenre.reduce((a, p) => a + p.correct, 0);
  return {
    n: truth.length,
    correct,
    accuracy: correct / truth.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length,
    nll: nll / truth.length,
    perGenre,
    confusion,
  };
}
