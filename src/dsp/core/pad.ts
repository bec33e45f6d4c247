/**
 * Signal padding with numpy.pad's modes: 'constant' (zeros), 'reflect' (mirror without
 * repeating the edge sample: d c b | a b c d | c b a) and 'edge' (repeat the edge sample).
 */
export type PadMode = 'constant' | 'reflect' | 'edge';

/** Source index numpy.pad(mode='reflect') reads for a position outside [0, n). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

export function pad(y: Float32Array, before: number, after: number, mode: PadMode): Float32Array {
  const n = y.length;
  const out = new Float32Array(before + n + after);
  out.set(y, before);
  if (mode === 'constant' || n === 0) return out;
  for (let i = 0; i < before; i++) {
    const src = i - before;
    out[i] = mode === 'edge' ? y[0] : y[reflectIndex(src, n)];
  }
  for (let i = 0; i < after; i++) {
    const src = n + i;
    out[before + n + i] = mode === 'edge' ? y[n - 1] : y[reflectIndex(src, n)];
  }
  return out;
}

/**
 * Sample i of pad(y, before, ·, mode), read in place: a long signal's frame-wise features need
 * no padded copy of it (pad values as pad() gives them).
 */
export function paddedSampleReader(y: Float32Array, before: number, mode: PadMode): (i: number) => number {
  const n = y.length;
  return (i) => {
    const j = i - before;
    if (j >= 0 && j < n) return y[j];
    if (mode === 'constant' || n === 0) return 0;
    return mode === 'edge' ? y[j < 0 ? 0 : n - 1] : y[reflectIndex(j, n)];
  };
}

/** Number of frames util.frame yields: 1 + floor((n - frameLength) / hop), 0 if too short. */
export function frameCount(n: number, frameLength: number, hopLength: number): number {
  return n < frameLength ? 0 : 1 + Math.floor((n - frameLength) / hopLength);
}
