import { describe, expect, it } from 'vitest';
import { medianFilter, medianFilter1d, scipyReflectIndex } from '../../src/dsp/util/medianFilter.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import type { Matrix } from '../../src/dsp/matrix.ts';

/** A small deterministic generator (the tests make their own data). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * scipy.ndimage.median_filter(x, size, mode='reflect') by its definition: the line is extended
 * by mirror images that repeat the edge sample (x ++ reversed x, periodically), each window is
 * sorted and its (size >> 1)-th value taken; scipy's origin 0 puts size >> 1 samples before.
 */
function bruteMedian(x: ArrayLike<number>, size: number): Float64Array {
  const n = x.length;
  const mirror = [...Array.from(x), ...Array.from(x).reverse()];
  const at = (i: number) => mirror[((i % (2 * n)) + 2 * n) % (2 * n)];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const win: number[] = [];
    for (let k = 0; k < size; k++) win.push(at(i - (size >> 1) + k));
    win.sort((a, b) => a - b);
    out[i] = win[size >> 1];
  }
  return out;
}

function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) expect.fail(`${label}: index ${i} got ${actual[i]}, expected ${expected[i]}`);
  }
}

describe('scipyReflectIndex', () => {
  it("mirrors with the edge sample repeated (scipy 'reflect': d c b a | a b c d | d c b a)", () => {
    const idx = Array.from({ length: 16 }, (_, k) => scipyReflectIndex(k - 6, 4));
    // positions -6..9 of [a b c d] = 0 1 2 3
    expect(idx).toEqual([2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1]);
    expect([scipyReflectIndex(-1, 1), scipyReflectIndex(5, 1)]).toEqual([0, 0]);
  });
});

describe('medianFilter1d', () => {
  it('matches a hand-worked case, edges included', () => {
    // extended: 1 | 1 5 2 8 3 | 3
    expect(Array.from(medianFilter1d(Float32Array.of(1, 5, 2, 8, 3), 3))).toEqual([1, 2, 5, 3, 3]);
    // size 1 is the identity; a window longer than the line keeps folding
    expect(Array.from(medianFilter1d(Float32Array.of(4, 1, 3), 1))).toEqual([4, 1, 3]);
    expect(Array.from(medianFilter1d(Float32Array.of(4, 1, 3), 7))).toEqual(Array.from(bruteMedian([4, 1, 3], 7)));
  });

  it('equals the brute-force definition exactly on random lines with ties, any length and size', () => {
    const rand = lcg(11);
    for (let trial = 0; trial < 600; trial++) {
      const n = 1 + Math.floor(rand() * 90);
      const size = 1 + Math.floor(rand() * 45);
      const ties = trial % 3 === 0;
      const signed = trial % 4 === 1;
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = ties ? Math.floor(rand() * 4) : rand() * 10 ** (rand() * 8 - 4);
        x[i] = signed && rand() < 0.5 ? -v : v;
      }
      expectSame(medianFilter1d(x, size), bruteMedian(x, size), `n=${n} size=${size}${signed ? ' signed' : ''}`);
    }
  });

  it('handles the values float32 can hold: zeros, denormals, infinities', () => {
    const x = Float32Array.of(0, 1e-45, Infinity, 3, 0, 1e-40, 7, Infinity, 2, 0);
    for (const size of [3, 5, 31]) expectSame(medianFilter1d(x, size), bruteMedian(x, size), `size ${size}`);
    const signed = Float32Array.of(-Infinity, 2, -1e-45, 5, -3, 0, Infinity);
    for (const size of [3, 4, 9]) expectSame(medianFilter1d(signed, size), bruteMedian(signed, size), `signed size ${size}`);
  });

  it('rejects NaN and bad sizes', () => {
    expect(() => medianFilter1d(Float32Array.of(1, NaN, 2), 3)).toThrow(ParameterError);
    expect(() => medianFilter1d(Float32Array.of(1, 2), 0)).toThrow(ParameterError);
    expect(() => medianFilter1d(Float32Array.of(1, 2), 2.5)).toThrow(ParameterError);
  });
});

describe('medianFilter on a bins x frames matrix', () => {
  const rand = lcg(5);
  const rows = 37;
  const cols = 53;
  const m: Matrix = { rows, cols, data: Float32Array.from({ length: rows * cols }, () => Math.floor(rand() * 50) / 7) };

  it('axis 1 filters each row along the frames', () => {
    const out = medianFilter(m, { size: 31, axis: 1 });
    for (let r = 0; r < rows; r++) {
      expectSame(out.data.subarray(r * cols, (r + 1) * cols), bruteMedian(m.data.subarray(r * cols, (r + 1) * cols), 31), `row ${r}`);
    }
  });

  it('axis 0 filters each column along the bins', () => {
    for (const size of [31, 6]) {
      const out = medianFilter(m, { size, axis: 0 });
      for (let c = 0; c < cols; c++) {
        const col = Array.from({ length: rows }, (_, r) => m.data[r * cols + c]);
        const got = Array.from({ length: rows }, (_, r) => out.data[r * cols + c]);
        expectSame(got, bruteMedian(col, size), `size ${size} column ${c}`);
      }
    }
  });

  it('takes signed data through the float path with the same result', () => {
    const signed: Matrix = { rows, cols, data: m.data.map((v, i) => (i % 3 === 0 ? -v : v)) };
    const out = medianFilter(signed, { size: 5, axis: 1 });
    for (let r = 0; r < rows; r += 9) {
      expectSame(out.data.subarray(r * cols, (r + 1) * cols), bruteMedian(signed.data.subarray(r * cols, (r + 1) * cols), 5), `row ${r}`);
    }
  });

  it('writes into a given output and refuses to filter in place', () => {
    const out: Matrix = { rows, cols, data: new Float32Array(rows * cols) };
    expect(medianFilter(m, { size: 3, axis: 1, out })).toBe(out);
    expect(() => medianFilter(m, { size: 3, axis: 1, out: m })).toThrow(ParameterError);
    expect(() => medianFilter(m, { size: 3, axis: 1, out: { rows: 1, cols, data: new Float32Array(cols) } })).toThrow(ParameterError);
  });
});
