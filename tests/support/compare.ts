/** Tolerance checks for reference comparisons, reporting the worst element on failure. */
import { expect } from 'vitest';

/** Assert |a - b| <= atol + rtol * |b| elementwise (numpy.allclose), naming the worst index. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 1e-5, atol = 0, label = '' } = {}): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worstExcess) || Number.isNaN(actual[i])) {
      worst = i;
      worstExcess = Number.isNaN(actual[i]) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`${label} differs at ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

/** Frames [0, n) of rows x cols data in bins x frames layout, flattened row by row. */
export function firstFrames(data: Float32Array | Float64Array, rows: number, cols: number, n: number): Float64Array {
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) for (let t = 0; t < n; t++) out[r * n + t] = data[r * cols + t];
  return out;
}
