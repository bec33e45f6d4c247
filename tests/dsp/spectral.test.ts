import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  spectralBandwidth,
  spectralCentroid,
  spectralDescriptors,
  spectralFlatness,
  spectralRolloff,
} from '../../src/dsp/feature/spectral.ts';
import { spectralContrast } from '../../src/dsp/feature/spectralContrast.ts';
import { spectralFlux } from '../../src/dsp/feature/spectralFlux.ts';
import { zeroCrossingRate } from '../../src/dsp/feature/zeroCrossingRate.ts';
import { rms } from '../../src/dsp/feature/rms.ts';
import { spectrogram } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { column, type Matrix } from '../../src/dsp/matrix.ts';
import { meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { chord, sine, sum, whiteNoise } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';
import { audioPath, dataDir, describeWithData, readLibrosaRef, readManifest, REF_STEMS } from '../support/sharedData.ts';

const SR = 22050;
const BIN_HZ = SR / 2048;

/** A bins x frames matrix from its columns (frames), for hand-built spectrograms. */
function fromColumns(columns: number[][]): Matrix {
  const rows = columns[0].length;
  const cols = columns.length;
  const data = new Float32Array(rows * cols);
  columns.forEach((c, t) => c.forEach((v, k) => (data[k * cols + t] = v)));
  return { rows, cols, data };
}

/** Frames away from the signal's edges, where padding does not matter. */
const interior = (x: ArrayLike<number>) => Array.from(x).slice(5, -5);

describe('spectral descriptors on a hand-built spectrogram (values worked out by hand)', () => {
  // nFft 8 at sr 8: bins 0..4 Hz. Frame 0: energy at 1 and 3 Hz; frame 1: all at 4 Hz; frame 2: silent.
  const S = fromColumns([
    [0, 1, 0, 1, 0],
    [0, 0, 0, 0, 2],
    [0, 0, 0, 0, 0],
  ]);
  it('centroid is the magnitude-weighted mean frequency; a silent frame gives 0', () => {
    expect(Array.from(spectralCentroid({ S, sr: 8 }))).toEqual([2, 4, 0]);
  });
  it('bandwidth is the weighted deviation around it, for p = 2, p = 1 and without normalisation', () => {
    expect(Array.from(spectralBandwidth({ S, sr: 8 }))).toEqual([1, 0, 0]);
    expect(Array.from(spectralBandwidth({ S, sr: 8, p: 1 }))).toEqual([1, 0, 0]);
    // unnormalised: sum S |f - c|^2 = 1 + 1 = 2, square root of it
    expect(spectralBandwidth({ S, sr: 8, norm: false })[0]).toBeCloseTo(Math.SQRT2, 12);
    // a given centroid is used as is: deviations from 0 Hz are 1 and 3, weighted 1/2 each
    expect(spectralBandwidth({ S, sr: 8, centroid: Float64Array.of(0, 4, 0) })[0]).toBeCloseTo(Math.sqrt(5), 12);
  });
  it('rolloff is the first bin whose cumulative magnitude reaches rollPercent of the total', () => {
    // frame 0: cumulative 0, 1, 1, 2, 2; 0.85 x 2 = 1.7 is reached at 3 Hz; 0.4 x 2 = 0.8 at 1 Hz
    expect(Array.from(spectralRolloff({ S, sr: 8 }))).toEqual([3, 4, 0]);
    expect(spectralRolloff({ S, sr: 8, rollPercent: 0.4 })[0]).toBe(1);
  });
  it('flatness is the geometric over the arithmetic mean of the floored power', () => {
    const flat = fromColumns([[2, 2, 2, 2, 2]]);
    expect(spectralFlatness({ S: flat })[0]).toBeCloseTo(1, 6);
    // power 1 on [1, 4]: sqrt(4) / 2.5
    expect(spectralFlatness({ S: fromColumns([[1, 4]]), power: 1 })[0]).toBeCloseTo(0.8, 6);
    // a silent frame is all amin: flat, 1, as librosa gives
    expect(spectralFlatness({ S })[2]).toBeCloseTo(1, 6);
  });
  it('flux is the norm of the rectified increase, 0 in the first frame', () => {
    const F = fromColumns([
      [1, 2],
      [4, 6],
      [2, 5],
    ]);
    // frame 1: increases 3 and 4 -> L2 5, L1 7; frame 2: -2 and -1 -> nothing rises
    expect(Array.from(spectralFlux({ S: F }))).toEqual([0, 5, 0]);
    expect(Array.from(spectralFlux({ S: F, norm: 1 }))).toEqual([0, 7, 0]);
  });
});

describe('spectral descriptors of synthetic signals', () => {
  const tone = sine(1000, 1);
  const noise = whiteNoise(1);
  it('puts a sine\'s centroid on its frequency (within one bin) with a narrow bandwidth', () => {
    for (const f of [440, 1000, 3000]) {
      for (const c of interior(spectralCentroid({ y: sine(f, 1) }))) expect(Math.abs(c - f)).toBeLessThan(BIN_HZ);
    }
    for (const b of interior(spectralBandwidth({ y: tone }))) expect(b).toBeLessThan(3 * BIN_HZ);
    for (const r of interior(spectralRolloff({ y: tone }))) expect(Math.abs(r - 1000)).toBeLessThanOrEqual(2 * BIN_HZ);
  });

  it('gives white noise a centroid near sr/4, bandwidth near (sr/2)/sqrt(12), rolloff near 0.85 sr/2', () => {
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    // a flat magnitude spectrum over [0, sr/2] is a uniform distribution: mean sr/4, std (sr/2)/sqrt(12)
    expect(mean(interior(spectralCentroid({ y: noise })))).toBeCloseTo(SR / 4, -2);
    expect(Math.abs(mean(interior(spectralBandwidth({ y: noise }))) / (SR / 2 / Math.sqrt(12)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(interior(spectralRolloff({ y: noise }))) / (0.85 * SR / 2) - 1)).toBeLessThan(0.02);
  });

  it('gives a sine flatness near 0 and white noise the periodogram\'s e^-gamma (about 0.56)', () => {
    for (const v of interior(spectralFlatness({ y: tone }))) expect(v).toBeLessThan(1e-6);
    // |X|^2 of white noise is exponentially distributed: E[log X] = log E[X] - gamma, so the ratio is e^-gamma
    const flat = interior(spectralFlatness({ y: noise }));
    const mean = flat.reduce((a, b) => a + b, 0) / flat.length;
    expect(Math.abs(mean - Math.exp(-0.5772156649))).toBeLessThan(0.03);
  });

  it('puts the rolloff of a band-limited signal (tones 100..2000 Hz) just below its top', () => {
    const tones = sum(...Array.from({ length: 39 }, (_, i) => sine(100 + 50 * i, 1, { amplitude: 0.05, phase: 1.7 * i })));
    // equal magnitudes from 100 to 2000 Hz: 85% of them lies below about 100 + 0.85 x 1900 = 1715 Hz
    for (const r of interior(spectralRolloff({ y: tones }))) {
      expect(r).toBeGreaterThan(1650);
      expect(r).toBeLessThan(1800);
    }
    for (const r of interior(spectralRolloff({ y: tones, rollPercent: 0.99 }))) expect(r).toBeLessThan(2100);
  });

  it('gives silence finite values: centroid, bandwidth, rolloff, flux and contrast 0, flatness 1', () => {
    const y = new Float32Array(SR);
    const d = spectralDescriptors({ y, flux: true });
    for (const x of [d.centroid, d.bandwidth, d.rolloff, d.flux ?? []]) expect(Array.from(x).every((v) => v === 0)).toBe(true);
    expect(Array.from(d.flatness).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(Array.from(spectralContrast({ y }).data).every((v) => v === 0)).toBe(true);
    // one sample: one centred frame, still finite
    expect(Number.isFinite(spectralCentroid({ y: Float32Array.of(0.5) })[0])).toBe(true);
  });

  it('computes the same from y as from its magnitude spectrogram, and the same in one pass as separately', () => {
    const y = sum(chord([57, 61, 64], 2), whiteNoise(2, { amplitude: 0.02 }));
    y.fill(0, 10000, 16000); // silent frames in the middle
    const { S } = spectrogram({ y, padMode: 'reflect' });
    const c = spectralCentroid({ S });
    expect(Array.from(spectralCentroid({ y, padMode: 'reflect' }))).toEqual(Array.from(c));
    const d = spectralDescriptors({ S, flux: true });
    // the one-pass bandwidth expands the square: equal to float64 rounding
    expectAllClose(d.centroid, c, { rtol: 1e-12, label: 'centroid' });
    expectAllClose(d.bandwidth, spectralBandwidth({ S }), { rtol: 1e-9, atol: 1e-9, label: 'bandwidth' });
    expect(Array.from(d.rolloff)).toEqual(Array.from(spectralRolloff({ S })));
    expectAllClose(d.flatness, spectralFlatness({ S }), { rtol: 1e-6, label: 'flatness' });
    expectAllClose(d.flux ?? [], spectralFlux({ S }), { rtol: 1e-12, label: 'flux' });
  });

  it('raises the flux at a note onset and keeps it near 0 on a steady tone', () => {
    const y = new Float32Array(SR);
    y.set(sine(1000, 0.5), SR / 2);
    const flux = spectralFlux({ y, padMode: 'reflect' });
    const onset = Math.round(SR / 2 / 512);
    const peak = Math.max(...flux.slice(onset - 2, onset + 3));
    expect(peak).toBeGreaterThan(50);
    for (let t = 1; t < onset - 4; t++) expect(flux[t]).toBe(0);
    for (let t = onset + 5; t < flux.length - 5; t++) expect(flux[t]).toBeLessThan(peak / 100);
  });

  it('validates its inputs', () => {
    const bad = fromColumns([[1, -1, 0]]);
    expect(() => spectralCentroid({ S: bad })).toThrow(ParameterError);
    expect(() => spectralCentroid({ S: fromColumns([[1, NaN, 0]]) })).toThrow(ParameterError);
    expect(() => spectralCentroid({})).toThrow(ParameterError);
    expect(() => spectralRolloff({ y: tone, rollPercent: 1 })).toThrow(ParameterError);
    expect(() => spectralBandwidth({ y: tone, p: 0 })).toThrow(ParameterError);
    expect(() => spectralFlatness({ y: tone, amin: 0 })).toThrow(ParameterError);
    expect(() => spectralCentroid({ S: fromColumns([[1, 1, 1]]), freq: Float64Array.of(1, 2) })).toThrow(ParameterError);
    expect(() => spectralBandwidth({ S: fromColumns([[1, 1, 1]]), centroid: Float64Array.of(1, 2) })).toThrow(ParameterError);
  });
});

describe('spectralContrast', () => {
  it('uses librosa\'s octave bands: bin below each band, top bin dropped, the last band to Nyquist', () => {
    // S[k] = k: the valley and peak of a band are its lowest and highest bin indices (q = 1), or
    // the means of the q lowest / highest. Worked out for nFft 2048, sr 22050 (10.77 Hz bins):
    //   band 0 [0, 200] Hz: bins 0..18, top dropped -> 0..17, q = max(1, rint(0.02 x 19)) = 1 -> 17 - 0
    //   band 1 [200, 400]: bins 19..37 plus 18 below, top dropped -> 18..36, q = 1 -> 36 - 18
    //   band 6 [6400, 12800]: bins 595.. plus 594 up to 1024 (431 bins), q = rint(8.62) = 9
    //          -> mean(1016..1024) - mean(594..602) = 1020 - 598
    const S = fromColumns([Array.from({ length: 1025 }, (_, k) => k)]);
    const C = spectralContrast({ S, linear: true });
    expect(C.rows).toBe(7);
    expect(C.data[0]).toBe(17);
    expect(C.data[1]).toBe(18);
    expect(C.data[6]).toBeCloseTo(1020 - 598, 10);
  });

  it('is high in a tone\'s band and low for noise; linear contrast is peak - valley >= 0', () => {
    const tone = spectralContrast({ y: sine(1000, 1) });
    const noise = spectralContrast({ y: whiteNoise(1) });
    // 1 kHz lies in band 3 (800..1600 Hz): a peak of a sine's main lobe against leakage floor
    for (let t = 5; t < tone.cols - 5; t++) {
      expect(tone.data[3 * tone.cols + t]).toBeGreaterThan(40);
      expect(noise.data[3 * noise.cols + t]).toBeLessThan(30);
    }
    const lin = spectralContrast({ y: whiteNoise(1), linear: true });
    expect(Array.from(lin.data).every((v) => v >= 0)).toBe(true);
    expect(Array.from(column(noise, 10)).every(Number.isFinite)).toBe(true);
  });

  it('validates its parameters', () => {
    const y = sine(440, 0.5);
    expect(() => spectralContrast({ y, nBands: 0 })).toThrow(ParameterError);
    expect(() => spectralContrast({ y, quantile: 0 })).toThrow(ParameterError);
    expect(() => spectralContrast({ y, fmin: 0 })).toThrow(ParameterError);
    // 200 x 2^6 = 12.8 kHz is a band's lower edge past Nyquist with nBands 7
    expect(() => spectralContrast({ y, nBands: 7 })).toThrow(ParameterError);
  });
});

describeWithData('spectral centroid, bandwidth and rolloff match librosa-ref (0.10.2, reflect padding)', () => {
  for (const stem of REF_STEMS) {
    describe(stem, () => {
      let d: ReturnType<typeof spectralDescriptors>;
      let separate: { centroid: Float64Array; bandwidth: Float64Array; rolloff: Float64Array };
      const ref = () => readLibrosaRef(stem).features;
      beforeAll(async () => {
        const { y } = await loadAudioFile(audioPath(stem));
        const { S } = spectrogram({ y, padMode: 'reflect' });
        d = spectralDescriptors({ S });
        separate = { centroid: spectralCentroid({ S }), bandwidth: spectralBandwidth({ S }), rolloff: spectralRolloff({ S }) };
      });
      for (const [name, key] of [
        ['spectral_centroid', 'centroid'],
        ['spectral_bandwidth', 'bandwidth'],
      ] as const) {
        it(`${name}: 200 frames within 1e-6 relative, whole-clip mean and variance within 1e-7 (measured: 1.4e-7, 2e-8)`, () => {
          const r = ref()[name];
          for (const x of [d[key], separate[key]]) {
            expect(x.length).toBe(r.shape_full[1]);
            expectAllClose(x.subarray(0, 200), (r.frames as number[][])[0], { rtol: 1e-6, label: name });
            const mv = meanVar(x);
            expectAllClose([mv.mean, mv.variance], [r.mean_all, r.var_all], { rtol: 1e-7, label: `${name} mean/var` });
          }
        });
      }
      it('spectral_rolloff: equal in all 200 frames (a float difference would move a frame by one 10.8 Hz bin), mean/var within 1e-5', () => {
        const r = ref().spectral_rolloff;
        for (const x of [d.rolloff, separate.rolloff]) {
          expect(Array.from(x.subarray(0, 200))).toEqual((r.frames as number[][])[0]);
          const mv = meanVar(x);
          expectAllClose([mv.mean, mv.variance], [r.mean_all, r.var_all], { rtol: 1e-5, label: 'rolloff mean/var' });
        }
      });
    });
  }
});

describeWithData('whole-clip means and variances match the GTZAN feature table on the 30 parity clips', () => {
  const columns = [
    'spectral_centroid',
    'spectral_bandwidth',
    'rolloff',
    'zero_crossing_rate',
    'rms',
  ] as const;
  const ours = new Map<string, Record<(typeof columns)[number], { mean: number; variance: number }>>();
  const table = new Map<string, Record<string, number>>();
  beforeAll(async () => {
    const lines = readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      table.set(cells[0], Object.fromEntries(head.map((h, i) => [h, Number(cells[i])])));
    }
    for (const row of readManifest().filter((r) => r.parity)) {
      const { y } = await loadAudioFile(row.file);
      const { S } = spectrogram({ y, padMode: 'reflect' });
      const d = spectralDescriptors({ S });
      ours.set(row.stem, {
        spectral_centroid: meanVar(d.centroid),
        spectral_bandwidth: meanVar(d.bandwidth),
        rolloff: meanVar(d.rolloff),
        zero_crossing_rate: meanVar(zeroCrossingRate({ y })),
        rms: meanVar(rms({ y, padMode: 'reflect' })),
      });
    }
  }, 120_000);

  it('has the 30 parity clips', () => {
    expect(ours.size).toBe(30);
  });
  for (const col of columns) {
    // Worst measured: centroid/bandwidth < 5e-8, zcr exact; rolloff_var 6.3e-5 (one or two frames a bin
    // apart on a few clips); rms 3.1e-5 / 6.1e-5 because the FLAC decoder scales int16 by 1/32767,
    // librosa by 1/32768 (see rms.test.ts).
    it(`${col}_mean and ${col}_var within 1e-4 relative on every clip`, () => {
      for (const [stem, feats] of ours) {
        const row = table.get(`${stem}.au`);
        expect(row, `${stem} in table`).toBeDefined();
        if (!row) continue;
        expectAllClose([feats[col].mean, feats[col].variance], [row[`${col}_mean`], row[`${col}_var`]], { rtol: 1e-4, label: `${stem} ${col}` });
      }
    });
  }
});
