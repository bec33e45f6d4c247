import { describe, expect, it } from 'vitest';
import { istft, spectrogram, stft, stftFrameCount } from '../../src/dsp/core/spectrum.ts';
import { pad } from '../../src/dsp/core/pad.ts';
import { getWindow } from '../../src/dsp/core/window.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { argmax } from '../../src/dsp/util/stats.ts';
import { column } from '../../src/dsp/matrix.ts';
import { sine, whiteNoise } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';

describe('pad', () => {
  it('reflects without repeating the edge, as numpy.pad(mode="reflect")', () => {
    expect(Array.from(pad(Float32Array.of(1, 2, 3, 4), 2, 2, 'reflect'))).toEqual([3, 2, 1, 2, 3, 4, 3, 2]);
    // longer than the signal: numpy keeps reflecting
    expect(Array.from(pad(Float32Array.of(1, 2, 3), 5, 0, 'reflect'))).toEqual([2, 1, 2, 3, 2, 1, 2, 3]);
    expect(Array.from(pad(Float32Array.of(1, 2), 2, 1, 'edge'))).toEqual([1, 1, 1, 2, 2]);
    expect(Array.from(pad(Float32Array.of(1, 2), 1, 1, 'constant'))).toEqual([0, 1, 2, 0]);
  });
});

describe('stft', () => {
  it('has 1 + n / hop frames when centred and puts a bin-centred sine in its bin', () => {
    const sr = 22050;
    const bin = 93;
    const y = sine((bin * sr) / 2048, 1, { sr });
    const X = stft({ y, nFft: 2048, hopLength: 512 });
    expect(X.rows).toBe(1025);
    expect(X.cols).toBe(1 + Math.floor(y.length / 512));
    const mag = spectrogram({ y, nFft: 2048, hopLength: 512 }).S;
    expect(argmax(column(mag, 20))).toBe(bin);
    // a unit-amplitude sine under a Hann window of N samples peaks at A * N / 4
    expect(column(mag, 20)[bin]).toBeCloseTo((0.5 * 2048) / 4, 0);
  });

  it('equals a direct DFT of the windowed, reflect-padded frame (independent re-derivation)', () => {
    const y = whiteNoise(0.3);
    const nFft = 256;
    const hop = 64;
    const X = stft({ y, nFft, hopLength: hop, padMode: 'reflect' });
    const padded = pad(y, nFft / 2, nFft / 2, 'reflect');
    const w = getWindow('hann', nFft);
    for (const t of [0, 7, X.cols - 1]) {
      const re: number[] = [];
      const im: number[] = [];
      for (let k = 0; k <= nFft / 2; k++) {
        let sr = 0;
        let si = 0;
        for (let n = 0; n < nFft; n++) {
          const v = w[n] * padded[t * hop + n];
          sr += v * Math.cos((2 * Math.PI * k * n) / nFft);
          si -= v * Math.sin((2 * Math.PI * k * n) / nFft);
        }
        re.push(sr);
        im.push(si);
      }
      const gotRe = Array.from({ length: nFft / 2 + 1 }, (_, k) => X.re[k * X.cols + t]);
      const gotIm = Array.from({ length: nFft / 2 + 1 }, (_, k) => X.im[k * X.cols + t]);
      // float32 storage of float64 transforms: 1e-5 of the frame's scale
      expectAllClose(gotRe, re, { atol: 1e-5, rtol: 1e-5, label: `re frame ${t}` });
      expectAllClose(gotIm, im, { atol: 1e-5, rtol: 1e-5, label: `im frame ${t}` });
    }
  });

  it('is inverted by istft (perfect reconstruction of Hann at 75 % overlap)', () => {
    const y = whiteNoise(0.5, { amplitude: 0.3 });
    const X = stft({ y, nFft: 1024, hopLength: 256 });
    const back = istft({ stftMatrix: X, hopLength: 256, length: y.length });
    expectAllClose(back, y, { atol: 1e-5, label: 'reconstruction' });
    // without a length, a centred istft gives hop * (frames - 1) samples
    expect(istft({ stftMatrix: X, hopLength: 256 }).length).toBe(256 * (X.cols - 1));
  });

  it('handles a 1-sample input and rejects empty or non-finite audio', () => {
    const X = stft({ y: Float32Array.of(0.5) });
    expect(X.cols).toBe(1);
    expect(X.re.every(Number.isFinite)).toBe(true);
    expect(stftFrameCount(1)).toBe(1);
    expect(() => stft({ y: new Float32Array(0) })).toThrow(ParameterError);
    expect(() => stft({ y: Float32Array.of(0, NaN, 0) })).toThrow(ParameterError);
    expect(() => stft({ y: new Float32Array(100), nFft: 1000 })).toThrow(ParameterError);
  });
});
