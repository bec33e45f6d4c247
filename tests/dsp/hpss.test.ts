import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpss, hpssMasks, softmask, softmaskValue } from '../../src/dsp/decompose/hpss.ts';
import { GTZAN_HPSS_OPTIONS, hpssWaveforms, hpssWaveformStats } from '../../src/dsp/decompose/hpssWaveforms.ts';
import { istft, stft, stftFrameCount } from '../../src/dsp/core/spectrum.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import type { Matrix } from '../../src/dsp/matrix.ts';
import { meanVar } from '../../src/dsp/util/stats.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { clickTrack, sine, sum, whiteNoise } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';
import { dataDir, describeWithData, readManifest } from '../support/sharedData.ts';

const f32 = Math.fround;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function expectIdentical(a: Float32Array, b: Float32Array, label: string): void {
  expect(a.length, label).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) expect.fail(`${label}: sample ${i} ${a[i]} != ${b[i]}`);
}

describe('softmask (librosa.util.softmask)', () => {
  it('gives X^p / (X^p + ref^p) in float32, rescaled by the larger value', () => {
    expect(softmaskValue(3, 4, 2, false)).toBe(f32(f32(f32(0.75) ** 2) / f32(f32(f32(0.75) ** 2) + 1)));
    expect(softmaskValue(3, 4, 2, false)).toBeCloseTo(9 / 25, 7);
    expect(softmaskValue(3, 4, 1, false)).toBeCloseTo(3 / 7, 7);
    // no overflow where X^2 would exceed float32
    expect(softmaskValue(3e38, 1e38, 2, false)).toBeCloseTo(0.9, 6);
  });

  it('splits equal inputs evenly and handles zeros as librosa', () => {
    expect(Array.from(softmask(Float32Array.of(2, 0, 0, 5), Float32Array.of(2, 0, 1, 0), { power: 2 }))).toEqual([0.5, 0, 0, 1]);
    expect(Array.from(softmask(Float32Array.of(0, 1e-39), Float32Array.of(0, 0), { power: 2, splitZeros: true }))).toEqual([0.5, 0.5]);
  });

  it('is the hard mask X > ref for power Infinity, ties going to ref', () => {
    expect(Array.from(softmask(Float32Array.of(2, 2, 1), Float32Array.of(1, 2, 2), { power: Infinity }))).toEqual([1, 0, 0]);
  });

  it('rejects bad input', () => {
    expect(() => softmask(Float32Array.of(1), Float32Array.of(1, 2))).toThrow(ParameterError);
    expect(() => softmask(Float32Array.of(-1), Float32Array.of(1))).toThrow(ParameterError);
    expect(() => softmask(Float32Array.of(1), Float32Array.of(1), { power: 0 })).toThrow(ParameterError);
  });
});

describe('hpss on a spectrogram', () => {
  it('computes the masks from a harmonic (time) and a percussive (frequency) median', () => {
    // one bin: the percussive median over a single bin is the value itself
    const row = Float32Array.of(1, 9, 2, 2, 7);
    const S: Matrix = { rows: 1, cols: 5, data: row };
    const { harmonic: mH, percussive: mP } = hpssMasks({ S, kernelSize: [3, 3] });
    const harm = [1, 2, 2, 2, 7]; // scipy reflect: 1 | 1 9 2 2 7 | 7
    for (let t = 0; t < 5; t++) {
      const z = Math.max(harm[t], row[t]);
      const a2 = f32(f32(harm[t] / z) ** 2);
      const b2 = f32(f32(row[t] / z) ** 2);
      expect(mH.data[t]).toBe(f32(a2 / f32(a2 + b2)));
      expect(mP.data[t]).toBe(f32(b2 / f32(a2 + b2)));
    }
  });

  it('splits S between the parts: masks sum to 1 with margins 1, less with larger margins', () => {
    const X = stft({ y: sum(sine(440, 1), whiteNoise(1)) });
    const { harmonic: mH, percussive: mP } = hpssMasks({ D: X });
    for (let i = 0; i < mH.data.length; i += 97) expect(mH.data[i] + mP.data[i]).toBeCloseTo(1, 6);
    const wide = hpssMasks({ D: X, margin: [2, 3] });
    for (let i = 0; i < mH.data.length; i += 97) expect(wide.harmonic.data[i] + wide.percussive.data[i]).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('gives D * mask for a complex STFT and S * mask for a magnitude', () => {
    const X = stft({ y: sum(sine(440, 1), clickTrack(120, 1).y) });
    const mag: Matrix = { rows: X.rows, cols: X.cols, data: X.re.map((re, i) => Math.sqrt(re * re + X.im[i] * X.im[i])) };
    const c = hpss({ D: X });
    const m = hpss({ S: mag });
    const masks = hpssMasks({ S: mag });
    for (let i = 0; i < mag.data.length; i += 31) {
      expect(m.harmonic.data[i]).toBe(f32(mag.data[i] * masks.harmonic.data[i]));
      expect(c.percussive.re[i]).toBe(f32(X.re[i] * masks.percussive.data[i]));
      expect(c.harmonic.im[i]).toBe(f32(X.im[i] * masks.harmonic.data[i]));
    }
  });

  it('returns zeros (no NaN) for silence and rejects bad parameters', () => {
    const S: Matrix = { rows: 40, cols: 20, data: new Float32Array(800) };
    const { harmonic, percussive } = hpss({ S });
    expect(harmonic.data.every((v) => v === 0) && percussive.data.every((v) => v === 0)).toBe(true);
    expect(() => hpss({ S, margin: 0.5 })).toThrow(ParameterError);
    expect(() => hpss({ S, kernelSize: 0 })).toThrow(ParameterError);
    expect(() => hpss({ S, power: -1 })).toThrow(ParameterError);
    expect(() => hpss({ S: { rows: 1, cols: 2, data: Float32Array.of(1, -1) } })).toThrow(ParameterError);
  });
});

describe('hpssWaveforms (librosa.effects.hpss)', () => {
  const steady = sine(1000, 4, { amplitude: 0.3 });
  const clicks = clickTrack(120, 4).y;
  const mix = sum(steady, clicks);

  it('separates a steady sine (harmonic) from clicks (percussive)', () => {
    const { harmonic, percussive } = hpssWaveforms({ y: mix, padMode: 'reflect' });
    // share of each source's energy that lands in each part
    expect(dot(harmonic, steady) / dot(steady, steady)).toBeGreaterThan(0.95);
    expect(dot(percussive, steady) / dot(steady, steady)).toBeLessThan(0.05);
    expect(dot(percussive, clicks) / dot(clicks, clicks)).toBeGreaterThan(0.95);
    expect(dot(harmonic, clicks) / dot(clicks, clicks)).toBeLessThan(0.05);
  });

  it('adds back up to the signal; the librosa-0.7 length pads hop x (frames - 1) samples with zeros', () => {
    const n = mix.length;
    const frames = stftFrameCount(n);
    const old = hpssWaveforms({ y: mix, ...GTZAN_HPSS_OPTIONS });
    const exact = hpssWaveforms({ y: mix, padMode: 'reflect', lengthConvention: 'exact' });
    const kept = 512 * (frames - 1);
    expect(kept).toBeLessThan(n);
    let worst = 0;
    for (let i = 0; i < kept; i++) worst = Math.max(worst, Math.abs(old.harmonic[i] + old.percussive[i] - mix[i]));
    expect(worst).toBeLessThan(1e-6);
    for (let i = kept; i < n; i++) expect(old.harmonic[i] === 0 && old.percussive[i] === 0).toBe(true);
    // the conventions agree up to the old length; the exact one goes on to the end
    expectIdentical(exact.harmonic.subarray(0, kept), old.harmonic.subarray(0, kept), 'harmonic head');
    for (let i = kept; i < n; i++) expect(Math.abs(exact.harmonic[i] + exact.percussive[i] - mix[i])).toBeLessThan(1e-6);
  });

  it('gives the same samples for any block size and from a given STFT', () => {
    const y = sum(mix, whiteNoise(4, { amplitude: 0.05 })).subarray(0, 50000);
    for (const options of [GTZAN_HPSS_OPTIONS, { padMode: 'constant', lengthConvention: 'exact' } as const]) {
      const whole = hpssWaveforms({ y, ...options, blockFrames: 10_000 });
      for (const blockFrames of [1, 7, 16, 40]) {
        const blocked = hpssWaveforms({ y, ...options, blockFrames });
        expectIdentical(blocked.harmonic, whole.harmonic, `harmonic, blocks of ${blockFrames}`);
        expectIdentical(blocked.percussive, whole.percussive, `percussive, blocks of ${blockFrames}`);
      }
      const reused = hpssWaveforms({ y, ...options, blockFrames: 33, stftMatrix: stft({ y, padMode: options.padMode }) });
      expectIdentical(reused.harmonic, whole.harmonic, 'harmonic from a given STFT');
      expectIdentical(reused.percussive, whole.percussive, 'percussive from a given STFT');
    }
  });

  it('gives the waveforms\' mean and variance without keeping them (hpssWaveformStats)', () => {
    const y = sum(mix, whiteNoise(4, { amplitude: 0.05 })).subarray(0, 60000);
    const { harmonic, percussive } = hpssWaveforms({ y, ...GTZAN_HPSS_OPTIONS });
    const h = meanVar(harmonic);
    const p = meanVar(percussive);
    for (const blockFrames of [3, 512]) {
      const stats = hpssWaveformStats({ y, ...GTZAN_HPSS_OPTIONS, blockFrames });
      // chunk statistics merged in float64: equal up to float64 rounding
      expect(stats.harmonic.mean).toBeCloseTo(h.mean, 15);
      expect(stats.percussive.mean).toBeCloseTo(p.mean, 15);
      expect(Math.abs(stats.harmonic.variance / h.variance - 1)).toBeLessThan(1e-12);
      expect(Math.abs(stats.percussive.variance / p.variance - 1)).toBeLessThan(1e-12);
    }
  });

  it('hands out |STFT| on request, as numpy.abs of the complex64 STFT', () => {
    const y = mix.subarray(0, 30000);
    const X = stft({ y, padMode: 'reflect' });
    const { magnitude } = hpssWaveforms({ y, padMode: 'reflect', keepMagnitude: true, blockFrames: 9 });
    expect(magnitude && [magnitude.rows, magnitude.cols]).toEqual([X.rows, X.cols]);
    const expected = X.re.map((re, i) => Math.hypot(re, X.im[i]));
    expectIdentical(magnitude?.data ?? new Float32Array(0), expected, 'magnitude');
  });

  it('equals stft -> hpss -> istft composed from the spectrogram-level parts', () => {
    const y = mix.subarray(0, 40000);
    const X = stft({ y, padMode: 'reflect' });
    const parts = hpss({ D: X });
    const { harmonic, percussive } = hpssWaveforms({ y, padMode: 'reflect', lengthConvention: 'exact' });
    // istft accumulates in float64, the streaming one in float32 as librosa: a few float32 ulps
    expectAllClose(harmonic, istft({ stftMatrix: parts.harmonic, length: y.length }), { atol: 1e-6, label: 'harmonic' });
    expectAllClose(percussive, istft({ stftMatrix: parts.percussive, length: y.length }), { atol: 1e-6, label: 'percussive' });
  });

  it('returns zeros for silence and finite samples for a one-sample signal', () => {
    const silent = hpssWaveforms({ y: new Float32Array(30000), ...GTZAN_HPSS_OPTIONS });
    expect(silent.harmonic.every((v) => v === 0) && silent.percussive.every((v) => v === 0)).toBe(true);
    const one = hpssWaveforms({ y: Float32Array.of(0.5) });
    expect(one.harmonic.length).toBe(1);
    expect(Number.isFinite(one.harmonic[0]) && Number.isFinite(one.percussive[0])).toBe(true);
    expect(() => hpssWaveforms({ y: new Float32Array(0) })).toThrow(ParameterError);
    expect(() => hpssWaveforms({ y: Float32Array.of(0, NaN) })).toThrow(ParameterError);
    expect(() => hpssWaveforms({ y: mix, stftMatrix: stft({ y: mix.subarray(0, 1000) }) })).toThrow(ParameterError);
  });
});

/** harmony_mean/var and perceptr_mean/var of the GTZAN feature table, by stem. */
function readTableHpss(): Map<string, number[]> {
  const lines = readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const cols = ['harmony_mean', 'harmony_var', 'perceptr_mean', 'perceptr_var'].map((c) => head.indexOf(c));
  const out = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    out.set(cells[0].replace(/\.au$/, ''), cols.map((c) => Number(cells[c])));
  }
  return out;
}

describeWithData('hpss waveforms match the GTZAN table on the lossless parity clips', () => {
  const table = readTableHpss();
  const clips = readManifest().filter((r) => r.parity);
  it('has the 30 parity clips in the table', () => {
    expect(clips.length).toBe(30);
    for (const c of clips) expect(table.has(c.stem), c.stem).toBe(true);
  });
  for (const clip of clips) {
    it(`${clip.stem}: variances within 1e-4 relative, means within 1e-7 absolute`, async () => {
      const { y } = await loadAudioFile(clip.file);
      const { harmonic, percussive } = hpssWaveforms({ y, ...GTZAN_HPSS_OPTIONS });
      const [hMean, hVar, pMean, pVar] = table.get(clip.stem) ?? [];
      const h = meanVar(harmonic);
      const p = meanVar(percussive);
      expect(Math.abs(h.mean - hMean), 'harmony_mean').toBeLessThan(1e-7);
      expect(Math.abs(p.mean - pMean), 'perceptr_mean').toBeLessThan(1e-7);
      expect(Math.abs(h.variance / hVar - 1), 'harmony_var').toBeLessThan(1e-4);
      expect(Math.abs(p.variance / pVar - 1), 'perceptr_var').toBeLessThan(1e-4);
    });
  }
});
