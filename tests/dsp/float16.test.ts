/** roundToFloat16 against IEEE 754 binary16 decoded from every bit pattern, and its rounding rules. */
import { describe, expect, it } from 'vitest';
import { roundToFloat16 } from '../../src/dsp/util/float16.ts';

/** The value of a binary16 bit pattern (the format's definition, independent of the code under test). */
function decodeHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

describe('roundToFloat16', () => {
  it('leaves every finite float16 value unchanged', () => {
    for (let b = 0; b < 0x7c00; b++) {
      const v = decodeHalf(b);
      expect(roundToFloat16(v)).toBe(v);
      expect(roundToFloat16(-v)).toBe(-v);
    }
  });

  it('rounds midpoints between neighbours to the one with an even mantissa, and others to the nearest', () => {
    for (let b = 0; b < 0x7bff; b++) {
      const lo = decodeHalf(b);
      const hi = decodeHalf(b + 1);
      const mid = (lo + hi) / 2;
      expect(roundToFloat16(mid)).toBe(b % 2 === 0 ? lo : hi);
      expect(roundToFloat16(lo + (hi - lo) * 0.49)).toBe(lo);
      expect(roundToFloat16(lo + (hi - lo) * 0.51)).toBe(hi);
    }
  });

  it('overflows to infinity from 65520 and underflows to zero below half the smallest subnormal', () => {
    expect(roundToFloat16(65519.99)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Infinity);
    expect(roundToFloat16(-1e6)).toBe(-Infinity);
    expect(roundToFloat16(2 ** -25)).toBe(0);
    expect(roundToFloat16(2 ** -25 * 1.01)).toBe(2 ** -24);
    expect(roundToFloat16(0.1)).toBe(0.0999755859375);
    expect(Number.isNaN(roundToFloat16(NaN))).toBe(true);
  });
});
