import { describe, expect, it } from 'vitest';
import { chromaStft, chromaStftWithTuning } from '../../src/dsp/feature/chroma.ts';
import { chromaFilterbank } from '../../src/dsp/filters/chroma.ts';
import { spectrogram } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { column, type Matrix } from '../../src/dsp/matrix.ts';
import { argmax, meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { chord, sine } from '../support/signals.ts';
import { expectAllClose, firstFrames } from '../support/compare.ts';
import { audioPath, dataDir, describeWithData, readLibrosaRef, readManifest, REF_STEMS } from '../support/sharedData.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Euclidean norm of filterbank column k. */
function columnNorm(w: Float32Array, nBins: number, k: number): number {
  let s = 0;
  for (let c = 0; c < 12; c++) s += w[c * nBins + k] ** 2;
  return Math.sqrt(s);
}

/** Rows sorted by value in one frame, largest first. */
function ranked(m: Matrix, t: number): number[] {
  const v = column(m, t);
  return Array.from(v.keys()).sort((a, b) => v[b] - v[a]);
}

describe('chroma filterbank', () => {
  const sr = 22050;
  const nFft = 2048;
  const binHz = sr / nFft;

  it('has unit-L2 columns without octave weighting, and the octave Gaussian (centre 5 octaves above A0, width 2) with it', () => {
    const flat = chromaFilterbank({ octwidth: null });
    expect([flat.nChroma, flat.nBins]).toEqual([12, 1025]);
    for (const k of [0, 1, 10, 100, 1024]) expect(columnNorm(flat.weights, flat.nBins, k)).toBeCloseTo(1, 6);
    const weighted = chromaFilterbank();
    for (const k of [20, 82, 300, 900]) {
      const octs = Math.log2((k * binHz) / 27.5);
      expect(columnNorm(weighted.weights, weighted.nBins, k)).toBeCloseTo(Math.exp(-0.5 * ((octs - 5) / 2) ** 2), 6);
    }
  });

  it('starts at C: the bin nearest each note weighs most on that note’s row', () => {
    const { weights, nBins } = chromaFilterbank();
    const notes = [
      [523.25, 0], // C5
      [659.26, 4], // E5
      [880, 9], // A5
      [987.77, 11], // B5
    ] as const;
    for (const [f, pc] of notes) {
      const k = Math.round(f / binHz);
      const col = Array.from({ length: 12 }, (_, c) => weights[c * nBins + k]);
      expect(argmax(col)).toBe(pc);
    }
    // base A instead: A is row 0
    const a = chromaFilterbank({ baseC: false });
    const k = Math.round(880 / binHz);
    expect(argmax(Array.from({ length: 12 }, (_, c) => a.weights[c * a.nBins + k]))).toBe(0);
  });

  it('moves the grid with the tuning: +0.5 bin makes a tone half a bin sharp sit on its note', () => {
    // 440 * 2^(0.5/12) is exactly between A and A#: tuning +0.5 centres it on A, -0.5 on A#
    const f = 440 * 2 ** (0.5 / 12);
    const k = f / binHz;
    const frac = k - Math.floor(k);
    const at = (tuning: number, c: number) => {
      const { weights, nBins } = chromaFilterbank({ tuning, octwidth: null });
      // linear interpolation between the two bins around f
      return (1 - frac) * weights[c * nBins + Math.floor(k)] + frac * weights[c * nBins + Math.ceil(k)];
    };
    expect(at(0.49, 9)).toBeGreaterThan(at(0.49, 10));
    expect(at(-0.49, 10)).toBeGreaterThan(at(-0.49, 9));
  });

  it('rejects bad sizes', () => {
    expect(() => chromaFilterbank({ nChroma: 0 })).toThrow(ParameterError);
    expect(() => chromaFilterbank({ tuning: NaN })).toThrow(ParameterError);
  });
});

describe('chromaStft', () => {
  it('peaks at C, E and G for a C major triad', () => {
    const C = chromaStft({ y: chord([60, 64, 67], 2) });
    for (const t of [10, 40, 70]) expect(ranked(C, t).slice(0, 3).sort((a, b) => a - b)).toEqual([0, 4, 7]);
  });

  it('peaks at A for an A4 sine, with each frame max-normalised to 1', () => {
    const C = chromaStft({ y: sine(440, 1) });
    expect(C.rows).toBe(12);
    for (const t of [5, 20, 40]) {
      expect(argmax(column(C, t))).toBe(9);
      expect(Math.max(...column(C, t))).toBe(1);
    }
  });

  it('uses the given tuning and otherwise estimates it from the power spectrogram', () => {
    const y = sine(440 * 2 ** (0.3 / 12), 2);
    const given = chromaStftWithTuning({ y, tuning: 0.3 });
    expect(given.tuning).toBe(0.3);
    const estimated = chromaStftWithTuning({ y });
    expect(Math.abs(estimated.tuning - 0.3)).toBeLessThanOrEqual(0.05 + 1e-9);
    // S in, same result as y in
    const { S } = spectrogram({ y, power: 2 });
    expectAllClose(chromaStft({ S, tuning: 0.3 }).data, given.chroma.data, { atol: 0, rtol: 0, label: 'S vs y' });
  });

  it('leaves silent frames at 0 (fill=None) and stays finite for silence and a 1-sample input', () => {
    const silent = chromaStft({ y: new Float32Array(22050) });
    expect(silent.data.every((v) => v === 0)).toBe(true);
    const one = chromaStft({ y: Float32Array.of(0.5) });
    expect(one.cols).toBe(1);
    expect(one.data.every(Number.isFinite)).toBe(true);
    // half tone, half silence: the tone frames are normalised, the silent ones untouched
    const y = new Float32Array(44100);
    y.set(sine(440, 1));
    const C = chromaStft({ y });
    expect(Math.max(...column(C, 10))).toBe(1);
    expect(column(C, C.cols - 2).every((v) => v === 0)).toBe(true);
  });

  it('supports other output norms and rejects bad ones', () => {
    const C = chromaStft({ y: sine(440, 1), norm: 2, tuning: 0 });
    const v = column(C, 20);
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    expect(() => chromaStft({ y: sine(440, 1), norm: 0 })).toThrow(ParameterError);
    expect(() => chromaStft({})).toThrow(ParameterError);
  });
});

describeWithData('chroma_stft matches librosa-ref frame by frame', () => {
  for (const stem of REF_STEMS) {
    it(`${stem}: tuning equal, 200 frames within 1e-5 relative + 2e-6 absolute`, async () => {
      const { y } = await loadAudioFile(audioPath(stem));
      const { chroma, tuning } = chromaStftWithTuning({ y, padMode: 'reflect' });
      const ref = readLibrosaRef(stem);
      const r = ref.features.chroma_stft;
      expect(Math.abs(tuning - ref.chroma_tuning)).toBeLessThan(1e-9);
      expect([chroma.rows, chroma.cols]).toEqual(r.shape_full);
      // values in [0, 1]; librosa sums the filterbank product in float32 (BLAS), we in float64
      expectAllClose(firstFrames(chroma.data, 12, chroma.cols, 200), (r.frames as number[][]).flat(), { rtol: 1e-5, atol: 2e-6, label: 'chroma' });
      const { mean, variance } = meanVar(chroma.data);
      expect(Math.abs(mean - r.mean_all) / r.mean_all).toBeLessThan(1e-6);
      expect(Math.abs(variance - r.var_all) / r.var_all).toBeLessThan(1e-6);
    });
  }
});

describeWithData('chroma_stft_mean/var match the GTZAN table on the parity clips', () => {
  const lines = () => readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').trim().split('\n');
  const parity = readManifest().filter((r) => r.parity);
  it('has 30 parity clips', () => expect(parity.length).toBe(30));
  for (const clip of parity) {
    it(`${clip.stem}: mean and variance over all 12 x frames values within 1e-5 relative`, async () => {
      const table = lines();
      const head = table[0].split(',');
      const cells = table.find((l) => l.startsWith(`${clip.stem}.au,`))?.split(',');
      expect(cells, `${clip.stem} in the table`).toBeDefined();
      const { y } = await loadAudioFile(clip.file);
      const { mean, variance } = meanVar(chromaStft({ y, padMode: 'reflect' }).data);
      // the table holds float32 numpy means and variances
      const expMean = Number(cells![head.indexOf('chroma_stft_mean')]);
      const expVar = Number(cells![head.indexOf('chroma_stft_var')]);
      expect(Math.abs(mean - expMean) / expMean).toBeLessThan(1e-5);
      expect(Math.abs(variance - expVar) / expVar).toBeLessThan(1e-5);
    });
  }
});
