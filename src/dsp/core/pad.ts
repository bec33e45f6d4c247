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

/** The value pad() puts at source position j of y, for j outside [0, n). */
export function padValueAt(y: Float32Array, j: number, mode: PadMode): number {
  const n = y.length;
  if (mode === 'constant' || n === 0) return 0;
  return mode === 'edge' ? y[j < 0 ? 0 : n - 1] : y[reflectIndex(j, n)];
}

/** Source positions start .. start + length - 1 of y as pad() sees them (y's own samples inside, pad values outside). */
export function padRun(y: Float32Array, start: number, length: number, mode: PadMode): Float32Array {
  const out = new Float32Array(Math.max(0, length));
  for (let i = 0; i < out.length; i++) {
    const j = start + i;
    out[i] = j >= 0 && j < y.length ? y[j] : padValueAt(y, j, mode);
  }
  return out;
}

export function pad(y: Float32Array, before: number, after: number, mode: PadMode): Float32Array {
  const n = y.length;
  const out = new Float32Array(before + n + after);
  out.set(padRun(y, -before, before, mode));
  out.set(y, before);
  out.set(padRun(y, n, after, mode), before + n);
  return out;
}

/**
 * Sample i of pad(y, before, ·, mode), read in place: a long signal's frame-wise features need
 * no padded copy of it.
 */
export function paddedSampleReader(y: Float32Array, before: number, mode: PadMode): (i: number) => number {
  const n = y.length;
  return (i) => {
    const j = i - before;
    return j >= 0 && j < n ? y[j] : padValueAt(y, j, mode);
  };
}

/** Number of frames util.frame yields: 1 + floor((n - frameLength) / hop), 0 if too short. */
export function frameCount(n: number, frameLength: number, hopLength: number): number {
  return n < frameLength ? 0 : 1 + Math.floor((n - frameLength) / hopLength);
}
