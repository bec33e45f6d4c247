/**
 * Beat-tracking F-measure, as mir_eval.beat.f_measure after mir_eval.beat.trim_beats:
 * beats before minBeatTime are dropped from both lists, then estimated beats are matched
 * one-to-one to reference beats within +-window seconds (a maximum matching), and
 * F = 2 P R / (P + R) with precision = matches / estimated and recall = matches / reference.
 */
import { ParameterError } from '../errors.ts';

export interface BeatFMeasureOptions {
  /** Reference (annotated) beat times in seconds, ascending. */
  reference: ArrayLike<number>;
  /** Estimated beat times in seconds, ascending. */
  estimated: ArrayLike<number>;
  /** Largest distance of a hit, in seconds (mir_eval's f_measure_threshold, default 0.07). */
  window?: number;
  /** Beats earlier than this are ignored in both lists (mir_eval's min_beat_time, default 5 s; 0 keeps all). */
  minBeatTime?: number;
}

function trimmed(beats: ArrayLike<number>, minBeatTime: number, label: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < beats.length; i++) {
    const t = beats[i];
    if (!Number.isFinite(t)) throw new ParameterError(`${label} beat ${i} is not finite`);
    if (i > 0 && t < beats[i - 1]) throw new ParameterError(`${label} beats must be in increasing order`);
    if (t >= minBeatTime) out.push(t);
  }
  return out;
}

/**
 * Size of a maximum one-to-one matching of sorted a to sorted b with |a - b| <= window. Each
 * a accepts an interval of b, and those intervals move right with a, so taking for each a
 * the leftmost free b in its interval is optimal (the matching mir_eval.util.match_events finds).
 */
export function countMatches(a: readonly number[], b: readonly number[], window: number): number {
  let j = 0;
  let matches = 0;
  for (const t of a) {
    // same test as mir_eval, |a - b| <= window, to agree at the boundary
    while (j < b.length && b[j] < t && t - b[j] > window) j++;
    if (j < b.length && Math.abs(b[j] - t) <= window) {
      matches++;
      j++;
    }
  }
  return matches;
}

export function beatFMeasure({ reference, estimated, window = 0.07, minBeatTime = 5 }: BeatFMeasureOptions): number {
  if (!(window >= 0)) throw new ParameterError(`window must be non-negative, got ${window}`);
  const ref = trimmed(reference, minBeatTime, 'reference');
  const est = trimmed(estimated, minBeatTime, 'estimated');
  if (ref.length === 0 || est.length === 0) return 0;
  const matches = countMatches(ref, est, window);
  const precision = matches / est.length;
  const recall = matches / ref.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
