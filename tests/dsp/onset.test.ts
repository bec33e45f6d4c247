import { beforeAll, describe, expect, it } from 'vitest';
import { onsetStrength } from '../../src/dsp/onset/onsetStrength.ts';
import { melSpectrogram } from '../../src/dsp/feature/melSpectrogram.ts';
import { powerToDb } from '../../src/dsp/core/db.ts';
import { stftFrameCount } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import type { Matrix } from '../../src/dsp/matrix.ts';
import { argmax, meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { expectAllClose } from '../support/compare.ts';
import { audioPath, describeWithData, readLibrosaRef, REF_STEMS } from '../support/sharedData.ts';

/** A dB "spectrogram" whose rows are given frame by frame (rows x frames). */
function dbMatrix(rows: number[][]): Matrix {
  const cols = rows[0].length;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, b) => data.set(r, b * cols));
  return { rows: rows.length, cols, data };
}

describe('onsetStrength on hand-made dB spectrograms', () => {
  const S = dbMatrix([
    [0, 1, 3, 2, 5],
    [0, 1, 3, 2, 5],
  ]);

  it('is the rectified frame difference, front-padded by lag + nFft // (2 hop) and trimmed when centred', () => {
    // differences 1, 2, -1, 3 -> 1, 2, 0, 3; centred: 1 + 2048 // 1024 = 3 leading zeros, cut to 5 frames
    expect(Array.from(onsetStrength({ S }))).toEqual([0, 0, 0, 1, 2]);
    // not centred: only the lag is padded, nothing is cut
    expect(Array.from(onsetStrength({ S, center: false }))).toEqual([0, 1, 2, 0, 3]);
    // lag 2: differences 3, 1, 2
    expect(Array.from(onsetStrength({ S, lag: 2, center: false }))).toEqual([0, 0, 3, 1, 2]);
    expect(Array.from(onsetStrength({ S, lag: 2 }))).toEqual([0, 0, 0, 0, 3]);
  });

  it('aggregates bands by mean or by median (midpoint of the two middle bands for an even count)', () => {
    const M = dbMatrix([
      [0, 1],
      [0, 5],
      [0, -2],
      [0, 10],
    ]);
    // rectified band differences 1, 5, 0, 10
    expect(onsetStrength({ S: M, center: false })[1]).toBe(4);
    expect(onsetStrength({ S: M, center: false, aggregate: 'median' })[1]).toBe(3);
    const odd = dbMatrix([[0, 1], [0, 5], [0, 0]]);
    expect(onsetStrength({ S: odd, center: false, aggregate: 'median' })[1]).toBe(1);
  });

  it('compares with the maximum over neighbouring bands of the previous frame when maxSize > 1', () => {
    // a partial moving from band 1 to band 2 is no onset with a 3-band maximum filter
    const M = dbMatrix([
      [0, 0],
      [5, 0],
      [0, 5],
    ]);
    expect(onsetStrength({ S: M, center: false })[1]).toBeCloseTo(5 / 3, 6);
    expect(onsetStrength({ S: M, center: false, maxSize: 3 })[1]).toBe(0);
    const N = dbMatrix([
      [0, 4],
      [3, 3],
      [1, 2],
    ]);
    // scipy centres an even window as bands b-1..b, band -1 reflecting to band 0:
    // references 0, 3, 3 -> differences 4, 0, -1
    expect(onsetStrength({ S: N, center: false, maxSize: 2 })[1]).toBeCloseTo(4 / 3, 6);
  });

  it('detrends with (1 - z^-1) / (1 - 0.99 z^-1): a single step gives d, then -0.01 d decaying by 0.99', () => {
    const M = dbMatrix([[0, 0, 0, 2, 2, 2]]);
    const e = onsetStrength({ S: M, center: false, detrend: true });
    expect(e[3]).toBeCloseTo(2, 6);
    expect(e[4]).toBeCloseTo(-0.02, 6); // x4 - x3 + 0.99 y3 = 0 - 2 + 1.98
    expect(e[5]).toBeCloseTo(0.99 * e[4], 6);
  });

  it('rejects bad parameters and missing input', () => {
    expect(() => onsetStrength({ S, lag: 0 })).toThrow(ParameterError);
    expect(() => onsetStrength({ S, maxSize: 1.5 })).toThrow(ParameterError);
    expect(() => onsetStrength({})).toThrow(ParameterError);
  });
});

describe('onsetStrength from audio', () => {
  it('is all zeros, one value per STFT frame, for silence and for a single sample', () => {
    const silent = onsetStrength({ y: new Float32Array(22050) });
    expect(silent.length).toBe(stftFrameCount(22050));
    expect(silent.every((v) => v === 0)).toBe(true);
    const one = onsetStrength({ y: Float32Array.of(0.5) });
    expect(Array.from(one)).toEqual([0]);
  });

  it('peaks 1 to 2 frames after a click: the first 2048-sample window reaching it, shifted by 3 frames for a lag-1 rise', () => {
    const y = new Float32Array(22050);
    const click = 10000;
    y[click] = 1; // an impulse: flat spectrum, every band rises at once
    const e = onsetStrength({ y });
    const peak = argmax(e);
    const clickFrame = click / 512;
    expect(peak - clickFrame).toBeGreaterThan(0);
    expect(peak - clickFrame).toBeLessThanOrEqual(2);
  });

  it('gives the same bits from y, from a precomputed mel power and from its dB (one mel for MFCC and onsets)', () => {
    const y = new Float32Array(22050).map((_, i) => Math.sin(i * 0.05) * (i % 5000 < 200 ? 1 : 0.1));
    const mel = melSpectrogram({ y, padMode: 'reflect' });
    const fromY = onsetStrength({ y, padMode: 'reflect', aggregate: 'median' });
    expect(Array.from(onsetStrength({ melPower: mel, aggregate: 'median' }))).toEqual(Array.from(fromY));
    expect(Array.from(onsetStrength({ S: powerToDb({ S: mel, ref: 1, topDb: 80 }), aggregate: 'median' }))).toEqual(Array.from(fromY));
  });
});

describeWithData('onset strength matches librosa-ref (0.10.2, reflect-padded mel) frame by frame', () => {
  for (const stem of REF_STEMS) {
    describe(stem, () => {
      let mean: Float32Array;
      let median: Float32Array;
      beforeAll(async () => {
        const { y } = await loadAudioFile(audioPath(stem));
        const melPower = melSpectrogram({ y, padMode: 'reflect' });
        mean = onsetStrength({ melPower });
        median = onsetStrength({ melPower, aggregate: 'median' });
      });
      it('mean aggregation: 200 frames within 5e-6 absolute (values up to ~17 dB; worst seen 1.4e-6), whole-clip stats within 1e-6 relative', () => {
        const r = readLibrosaRef(stem);
        const ref = r.features.onset_strength;
        expect(mean.length).toBe(r.n_frames_total);
        expectAllClose(mean.subarray(0, 200), ref.frames as number[], { atol: 5e-6, label: 'onset mean' });
        const { mean: m, variance: v } = meanVar(mean);
        expect(Math.abs(m - ref.mean_all) / ref.mean_all).toBeLessThan(1e-6);
        expect(Math.abs(v - ref.var_all) / ref.var_all).toBeLessThan(1e-6);
        expect(Math.abs(Math.max(...mean) - ref.max_all)).toBeLessThan(5e-6);
      });
      it('median aggregation: 200 frames within 2e-5 absolute (one band, not an average of 128: worst seen 5.7e-6), stats within 1e-6 relative', () => {
        const ref = readLibrosaRef(stem).features.onset_strength_median;
        expectAllClose(median.subarray(0, 200), ref.frames as number[], { atol: 2e-5, label: 'onset median' });
        const { mean: m, variance: v } = meanVar(median);
        expect(Math.abs(m - ref.mean_all) / ref.mean_all).toBeLessThan(1e-6);
        expect(Math.abs(v - ref.var_all) / ref.var_all).toBeLessThan(1e-6);
        expect(Math.abs(Math.max(...median) - ref.max_all)).toBeLessThan(2e-5);
      });
    });
  }
});
