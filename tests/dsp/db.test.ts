import { describe, expect, it } from 'vitest';
import { powerToDb, powerToDbEach } from '../../src/dsp/core/db.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import type { Matrix } from '../../src/dsp/matrix.ts';

describe('powerToDbEach', () => {
  // powers spanning the floor (zeros, below amin) up to large values
  const rows = 7;
  const cols = 11;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = i % 9 === 0 ? 0 : 10 ** (((i * 37) % 23) - 12) * (1 + (i % 5) / 7);
  const S: Matrix = { rows, cols, data };

  it('equals separate powerToDb calls bit for bit', () => {
    const settings = [
      { ref: 'max' as const, topDb: 80 },
      { ref: 1, topDb: 80 },
      { ref: 3.5, topDb: null },
      { ref: 'max' as const, topDb: 20 },
    ];
    for (const amin of [1e-10, 1e-5]) {
      const each = powerToDbEach(S, amin, settings);
      settings.forEach((s, j) => {
        const one = powerToDb({ S, amin, ...s });
        expect(each[j].rows).toBe(rows);
        expect(each[j].cols).toBe(cols);
        expect(Array.from(each[j].data)).toEqual(Array.from(one.data));
      });
    }
  });

  it('uses the defaults of powerToDb (ref 1, topDb 80) and validates like it', () => {
    expect(Array.from(powerToDbEach(S, 1e-10, [{}])[0].data)).toEqual(Array.from(powerToDb({ S }).data));
    expect(() => powerToDbEach(S, 0, [{}])).toThrow(ParameterError);
    expect(() => powerToDbEach(S, 1e-10, [{ topDb: -1 }])).toThrow(ParameterError);
  });
});
