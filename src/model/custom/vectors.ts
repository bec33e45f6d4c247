/**
 * The vector arithmetic custom classes and similar tracks share: cosine similarity and unit
 * length. Embeddings are compared by direction, not size: a louder or denser track moves the
 * whole vector outward, and what it sounds like is where it points (measured: training/evaluateCustom.ts).
 */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function unit(x: ArrayLike<number>): Float64Array {
  const n = Math.sqrt(dot(x, x));
  return Float64Array.from(x as ArrayLike<number>, (v) => (n > 0 ? v / n : 0));
}

/** cos of the angle between a and b, in [-1, 1]; 0 where either is zero. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.sqrt(dot(a, a) * dot(b, b));
  return n > 0 ? dot(a, b) / n : 0;
}
