/**
 * IEEE 754 half precision: the nearest float16 of a number (round half to even, overflow to
 * infinity, gradual underflow), as numpy's astype(np.float16). Node 20 has no Math.f16round.
 */
const MIN_NORMAL = 2 ** -14;
/** Halfway between the largest float16 (65504) and 2^16: values from here round to infinity. */
const OVERFLOW = 65520;

export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= OVERFLOW) return Math.sign(x) * Infinity;
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--; // log2 may round up just below a power of two
  else if (2 ** (exp + 1) <= a) exp++;
  const ulp = a < MIN_NORMAL ? 2 ** -24 : 2 ** (exp - 10);
  const q = a / ulp; // exact: ulp is a power of two
  let r = Math.floor(q);
  const frac = q - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) r++;
  return Math.sign(x) * r * ulp;
}
