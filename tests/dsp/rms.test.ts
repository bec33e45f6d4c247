import { describe, expect, it } from 'vitest';
import { rms } from '../../src/dsp/feature/rms.ts';
import { spectrogram } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { sine, whiteNoise } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

const f32 = (...v: number[]) => Float32Array.from(v);

describe('rms', () => {
  it('is sqrt(mean(x^2)) of each frame (values worked out by hand)', () => {
    expectAllClose(rms({ y: f32(1, 2, 3, 4), frameLength: 2, hopLength: 2, center: false }), [Math.sqrt(2.5), Math.sqrt(12.5)], { rtol: 1e-7 });
    // frame length not a multiple of the hop (the direct path): frames [1 2 3], [3 4 5]
    expectAllClose(rms({ y: f32(1, 2, 3, 4, 5), frameLength: 3, hopLength: 2, center: false }), [Math.sqrt(14 / 3), Math.sqrt(50 / 3)], { rtol: 1e-7 });
  });

  it('pads with padMode when centring: zeros by default, mirrored samples with reflect', () => {
    const y = f32(1, 2, 3, 4);
    // constant: [0 0 | 1 2 3 4 | 0 0], frames of 4 every 2: [0 0 1 2], [1 2 3 4], [3 4 0 0]
    expectAllClose(rms({ y, frameLength: 4, hopLength: 2 }), [Math.sqrt(5 / 4), Math.sqrt(30 / 4), Math.sqrt(25 / 4)], { rtol: 1e-7 });
    // reflect: [3 2 | 1 2 3 4 | 3 2] -> [3 2 1 2], [1 2 3 4], [3 4 3 2]
    expectAllClose(rms({ y, frameLength: 4, hopLength: 2, padMode: 'reflect' }), [Math.sqrt(18 / 4), Math.sqrt(30 / 4), Math.sqrt(38 / 4)], { rtol: 1e-7 });
  });

  it('gives a constant-amplitude sine A / sqrt(2)', () => {
    // a whole number k of periods per 2048-sample frame makes mean(sin^2) exactly 1/2; float32 samples leave ~1e-7
    for (const [k, a] of [[41, 0.5], [279, 0.1]]) {
      const y = sine((k * 22050) / 2048, 1, { amplitude: a, phase: 0.4 });
      for (const v of rms({ y }).slice(4, -4)) expect(Math.abs(v / (a / Math.SQRT2) - 1)).toBeLessThan(1e-6);
    }
    // any other frequency: within 1 / (2 N sin(2 pi f / sr)) of 1/2 in mean power, half that in rms
    const f = 440;
    const bound = 1 / (2 * 2048 * Math.sin((2 * Math.PI * f) / 22050));
    for (const v of rms({ y: sine(f, 1, { amplitude: 0.5 }) }).slice(4, -4)) expect(Math.abs(v / (0.5 / Math.SQRT2) - 1)).toBeLessThan(bound);
  });

  it('from S equals the time-domain rms of the windowed frame (Parseval, DC and Nyquist counted once)', () => {
    const y = whiteNoise(0.5);
    // with a rectangular window and no centring the frames are the same samples as rms({ y, center: false })
    const { S } = spectrogram({ y, window: 'rectangular', center: false });
    expectAllClose(rms({ S }), rms({ y, center: false }), { rtol: 1e-5, label: 'rms(S) vs rms(y)' });
    // a Hann-windowed frame of a sine has rms A / sqrt(2) x rms(window) = A / sqrt(2) x sqrt(3/8)
    const { S: hann } = spectrogram({ y: sine(1000, 1, { amplitude: 0.5 }) });
    for (const v of rms({ S: hann }).slice(4, -4)) expect(Math.abs(v / ((0.5 / Math.SQRT2) * Math.sqrt(3 / 8)) - 1)).toBeLessThan(1e-3);
  });

  it('gives silence zeros and a one-sample signal a finite value', () => {
    expect(Array.from(rms({ y: new Float32Array(22050) })).every((v) => v === 0)).toBe(true);
    expect(Array.from(rms({ y: f32(0.5) }))).toEqual([Math.fround(Math.sqrt(0.25 / 2048))]);
  });

  it('rejects missing, non-finite or too short input and a spectrogram of the wrong size', () => {
    expect(() => rms({})).toThrow(ParameterError);
    expect(() => rms({ y: f32(1, NaN) })).toThrow(ParameterError);
    expect(() => rms({ y: f32(1, 2), center: false })).toThrow(ParameterError);
    const { S } = spectrogram({ y: sine(440, 0.2), nFft: 1024 });
    expect(() => rms({ S })).toThrow(ParameterError);
    expect(rms({ S, frameLength: 1024 }).length).toBe(S.cols);
  });
});

describeWithData('rms matches librosa-ref (time series, reflect padding)', () => {
  for (const stem of REF_STEMS) {
    it(`${stem}: 200 frames within 5e-7 relative (float32 output), whole-clip mean/var within 1e-6`, async () => {
      const { y } = await loadAudioFile(audioPath(stem));
      const r = rms({ y, padMode: 'reflect' });
      const ref = readLibrosaRef(stem).features.rms;
      expect(r.length).toBe(ref.shape_full[1]);
      expectAllClose(r.subarray(0, 200), (ref.frames as number[][])[0], { rtol: 5e-7, label: 'rms' });
      const mv = meanVar(r);
      expectAllClose([mv.mean, mv.variance], [ref.mean_all, ref.var_all], { rtol: 1e-6, label: 'rms mean/var' });
    });
  }
});
