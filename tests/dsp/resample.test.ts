/**
 * resample (librosa.resample, res_type 'kaiser_best'): output length as librosa fixes it, pass
 * band and stop band on analytic sines. Its agreement with librosa itself is checked through
 * musicnn's reference log-mels (tests/model/musicnn.test.ts), made with librosa.load(sr=16000).
 */
import { describe, expect, it } from 'vitest';
import { resample } from '../../src/dsp/core/resample.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { sine } from '../support/signals.ts';

/** Largest |a - b| over [from, to). */
function maxDiff(a: Float32Array, b: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function peak(y: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(y[i]));
  return m;
}

describe('resample', () => {
  it('has ceil(n * target / orig) samples, the last one zero when librosa pads it', () => {
    const y = sine(440, 2, { sr: 22050 }).subarray(0, 22051);
    const r = resample({ y, origSr: 22050, targetSr: 16000 });
    expect(r.length).toBe(Math.ceil((22051 * 16000) / 22050));
    expect(r[r.length - 1]).toBe(0);
    expect(resample({ y, origSr: 22050, targetSr: 22050 })).toEqual(y);
  });

  it('keeps a sine in the pass band: 1 kHz and 6 kHz from 22.05 to 16 kHz equal the sine sampled at 16 kHz', () => {
    for (const f of [1000, 6000]) {
      const r = resample({ y: sine(f, 2, { sr: 22050 }), origSr: 22050, targetSr: 16000 });
      const ideal = sine(f, 2, { sr: 16000 });
      // away from the ends, where the filter runs off the signal
      expect(maxDiff(r, ideal, 1000, 31000), `${f} Hz`).toBeLessThan(2e-3);
    }
  });

  it('removes what lies above the new Nyquist frequency: a 10 kHz sine is gone at 16 kHz', () => {
    const r = resample({ y: sine(10000, 2, { sr: 22050 }), origSr: 22050, targetSr: 16000 });
    expect(peak(r, 1000, 31000)).toBeLessThan(0.5 * 1e-4); // more than 80 dB down
  });

  it('upsamples too: a 3 kHz sine from 16 to 22.05 kHz', () => {
    const r = resample({ y: sine(3000, 2, { sr: 16000 }), origSr: 16000, targetSr: 22050 });
    expect(maxDiff(r, sine(3000, 2, { sr: 22050 }), 2000, 42000)).toBeLessThan(2e-3);
  });

  it('refuses rates that are not positive integers', () => {
    expect(() => resample({ y: new Float32Array(10), origSr: 0, targetSr: 16000 })).toThrow(ParameterError);
    expect(() => resample({ y: new Float32Array(10), origSr: 22050.5, targetSr: 16000 })).toThrow(ParameterError);
  });
});
