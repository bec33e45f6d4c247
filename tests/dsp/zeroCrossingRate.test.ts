import { describe, expect, it } from 'vitest';
import { zeroCrossingRate } from '../../src/dsp/feature/zeroCrossingRate.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { sine } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

const f32 = (...v: number[]) => Float32Array.from(v);

describe('zeroCrossingRate', () => {
  it('counts sign changes between consecutive samples of a frame, divided by frameLength', () => {
    // frames [1 -1 1 -1], [1 -1 1 -1]: 3 crossings each
    expect(Array.from(zeroCrossingRate({ y: f32(1, -1, 1, -1, 1, -1), frameLength: 4, hopLength: 2, center: false }))).toEqual([0.75, 0.75]);
  });

  it('never counts the first sample of a frame: a crossing between two frames is in neither', () => {
    expect(Array.from(zeroCrossingRate({ y: f32(1, 1, -1, -1), frameLength: 2, hopLength: 2, center: false }))).toEqual([0, 0]);
  });

  it('pads with the edge samples when centring (not reflect, not zeros)', () => {
    // edge: [-1 -1 | -1 1 1 1 1 1 | 1 1] -> frame 0 = [-1 -1 -1 1]: 1 crossing. Reflect padding would give
    // [1 -1 | -1 1 ...] -> [1 -1 -1 1]: 2 crossings.
    const z = zeroCrossingRate({ y: f32(-1, 1, 1, 1, 1, 1), frameLength: 4, hopLength: 2 });
    expect(z.length).toBe(4);
    expect(z[0]).toBe(0.25);
  });

  it('treats |x| <= threshold as zero, and zero as positive unless zeroPos is false', () => {
    const tiny = f32(1e-11, -1e-11, 1e-11, -1e-11);
    expect(zeroCrossingRate({ y: tiny, frameLength: 4, center: false })[0]).toBe(0);
    expect(zeroCrossingRate({ y: f32(1e-9, -1e-9, 1e-9, -1e-9), frameLength: 4, center: false })[0]).toBe(0.75);
    expect(zeroCrossingRate({ y: tiny, frameLength: 4, center: false, threshold: 0 })[0]).toBe(0.75);
    expect(zeroCrossingRate({ y: f32(0, 1, 0, -1), frameLength: 4, center: false })[0]).toBe(0.25);
    // three sign classes: 0 -> 1 -> 0 -> -1 changes every step
    expect(zeroCrossingRate({ y: f32(0, 1, 0, -1), frameLength: 4, center: false, zeroPos: false })[0]).toBe(0.75);
  });

  it('gives a sine 2 f / sr', () => {
    for (const f of [110, 1000, 5000]) {
      const z = zeroCrossingRate({ y: sine(f, 1, { phase: 0.3 }) });
      // 2047 sample pairs per frame: within one crossing of (2047 / 2048) x 2 f / sr
      for (const v of z.slice(4, -4)) expect(Math.abs(v - (2 * f) / 22050)).toBeLessThan(1.5 / 2048);
    }
  });

  it('gives silence and a one-sample signal finite zeros', () => {
    expect(Array.from(zeroCrossingRate({ y: new Float32Array(22050) })).every((v) => v === 0)).toBe(true);
    expect(Array.from(zeroCrossingRate({ y: f32(0.5) }))).toEqual([0]);
  });

  it('rejects empty, non-finite or too short input and bad parameters', () => {
    expect(() => zeroCrossingRate({ y: new Float32Array(0) })).toThrow(ParameterError);
    expect(() => zeroCrossingRate({ y: f32(0, NaN, 1) })).toThrow(ParameterError);
    expect(() => zeroCrossingRate({ y: f32(1, -1), center: false })).toThrow(ParameterError);
    expect(() => zeroCrossingRate({ y: f32(1, -1), hopLength: 0 })).toThrow(ParameterError);
    expect(() => zeroCrossingRate({ y: f32(1, -1), threshold: -1 })).toThrow(ParameterError);
  });
});

describeWithData('zero_crossing_rate matches librosa-ref (edge padding, threshold 1e-10) exactly', () => {
  for (const stem of REF_STEMS) {
    it(`${stem}: all 200 frames equal (multiples of 1/2048), whole-clip mean/var within 1e-12 relative`, async () => {
      const { y } = await loadAudioFile(audioPath(stem));
      const z = zeroCrossingRate({ y });
      const r = readLibrosaRef(stem).features.zero_crossing_rate;
      expect(z.length).toBe(r.shape_full[1]);
      expect(Array.from(z.subarray(0, 200))).toEqual((r.frames as number[][])[0]);
      const mv = meanVar(z);
      expectAllClose([mv.mean, mv.variance], [r.mean_all, r.var_all], { rtol: 1e-12, label: 'zcr mean/var' });
    });
  }
});
