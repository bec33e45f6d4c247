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

/**
 * numpy.median of float32 data: the middle value, or the two middle values averaged in float32.
 * Works on buf[0..n) and reorders it (quickselect), so callers pass a scratch copy.
 */
export function medianFloat32InPlace(buf: Float32Array, n = buf.length): number {
  if (n === 0) return NaN;
  const h = n >> 1;
  const hi = selectInPlace(buf, n, h);
  if (n % 2 === 1) return hi;
  // after selecting h, buf[0..h) holds the smaller half: its maximum is the lower middle value
  let lo = -Infinity;
  for (let i = 0; i < h; i++) if (buf[i] > lo) lo = buf[i];
  return Math.fround(Math.fround(lo + hi) / 2);
}

/** Quickselect: the k-th smallest of buf[0..n), leaving smaller values before index k. */
function selectInPlace(buf: Float32Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // median of three as the pivot, against sorted or constant runs
    const x = buf[lo];
    const y = buf[(lo + hi) >> 1];
    const z = buf[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i] < pivot) i++;
      while (buf[j] > pivot) j--;
      if (i <= j) {
        const tmp = buf[i];
        buf[i] = buf[j];
        buf[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return buf[k];
}
