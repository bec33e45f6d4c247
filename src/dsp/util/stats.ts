/**
 * Population statistics (divide by N, numpy's default ddof=0), accumulated in float64:
 * the GTZAN table's *_mean and *_var columns are these over all frames.
 */
export interface MeanVar {
  mean: number;
  variance: number;
}

export function meanVar(x: ArrayLike<number>): MeanVar {
  const n = x.length;
  if (n === 0) return { mean: NaN, variance: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    ss += d * d;
  }
  return { mean, variance: ss / n };
}

export function max(x: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}

/** Median of a copy (numpy.median: mean of the two middle values for an even count). */
export function median(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(x).sort();
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}
