import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempo, tempoPerFrame } from '../../src/dsp/beat/tempo.ts';
import { forEachTempogramFrame, linearRampPad, meanTempogram, tempoFrequencies, tempogram } from '../../src/dsp/beat/tempogram.ts';
import { getWindow } from '../../src/dsp/core/window.ts';
import { ParameterError } from '../../src/dsp/errors.ts';
import { melSpectrogram } from '../../src/dsp/feature/melSpectrogram.ts';
import { onsetStrength } from '../../src/dsp/onset/onsetStrength.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { clickTrack } from '../support/signals.ts';
import { expectAllClose } from '../support/compare.ts';
import { audioPath, dataDir, describeWithData, readLibrosaRef, readManifest, REF_STEMS } from '../support/sharedData.ts';

/** BPM of autocorrelation lag k at 22050 Hz, hop 512: the only values tempo can return. */
const lagBpm = (k: number) => (60 * 22050) / (512 * k);

function impulses(n: number, period: number, start = 5, from = 0, to = n): Float32Array {
  const e = new Float32Array(n);
  for (let t = start; t < n; t += period) if (t >= from && t < to) e[t] = 1;
  return e;
}

function pseudoRandom(n: number, seed = 3): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

describe('tempogram', () => {
  it("pads with numpy's linear_ramp to 0: np.pad([1, 2, 3], 2, 'linear_ramp') = [0, 0.5, 1, 2, 3, 1.5, 0]", () => {
    expect(Array.from(linearRampPad(Float32Array.of(1, 2, 3), 2))).toEqual([0, 0.5, 1, 2, 3, 1.5, 0]);
  });

  it('equals a direct windowed autocorrelation of each frame, normalised by its peak (centred and not)', () => {
    const env = pseudoRandom(40);
    const W = 16;
    const w = getWindow('hann', W);
    for (const center of [true, false]) {
      const x = center ? linearRampPad(env, W / 2) : Float64Array.from(env);
      const tg = tempogram({ onsetEnvelope: env, winLength: W, center });
      expect(tg.cols).toBe(center ? 40 : 40 - W + 1);
      const expected = new Float64Array(W * tg.cols);
      for (let t = 0; t < tg.cols; t++) {
        const ac = new Float64Array(W);
        for (let k = 0; k < W; k++) for (let j = 0; j + k < W; j++) ac[k] += w[j] * x[t + j] * w[j + k] * x[t + j + k];
        for (let k = 0; k < W; k++) expected[k * tg.cols + t] = ac[k] / ac[0];
      }
      expectAllClose(tg.data, expected, { atol: 1e-6, label: `tempogram center=${center}` });
    }
  });

  it('averages to meanTempogram (one inverse FFT of the summed normalised power spectra)', () => {
    const env = pseudoRandom(301);
    env.fill(0, 100, 160); // all-zero frames count as zeros
    const W = 64;
    const sum = new Float64Array(W);
    const n = forEachTempogramFrame(env, { winLength: W }, (_t, ac) => {
      for (let k = 0; k < W; k++) sum[k] += ac[k];
    });
    expectAllClose(meanTempogram(env, { winLength: W }), sum.map((s) => s / n), { atol: 1e-12, label: 'mean tempogram' });
  });

  it('lists BPM per lag as librosa.tempo_frequencies', () => {
    const f = tempoFrequencies(4);
    expect(f[0]).toBe(Infinity);
    expect(Array.from(f.subarray(1))).toEqual([lagBpm(1), lagBpm(2), lagBpm(3)]);
  });
});

describe('tempo', () => {
  it('finds the period of an impulse train exactly, on the lag grid', () => {
    expect(tempo({ onsetEnvelope: impulses(1300, 20) })).toBe(lagBpm(20));
    expect(tempo({ onsetEnvelope: impulses(1300, 28) })).toBe(lagBpm(28));
  });

  it('weights lags by the prior: a prior near 60 BPM picks twice the period, maxTempo removes fast lags', () => {
    const env = impulses(1300, 20);
    const near60 = (bpm: number) => -0.5 * ((Math.log2(bpm) - Math.log2(62)) / 0.2) ** 2;
    expect(tempo({ onsetEnvelope: env, prior: near60 })).toBe(lagBpm(40));
    // a 7-frame period (369 BPM) is above the default 320 BPM ceiling: its double (lag 14) wins
    const fast = impulses(1300, 7);
    expect(tempo({ onsetEnvelope: fast, startBpm: 369 })).toBe(lagBpm(14));
    expect(tempo({ onsetEnvelope: fast, startBpm: 369, maxTempo: null })).toBe(lagBpm(7));
  });

  it('follows a tempo change frame by frame (aggregate null)', () => {
    const n = 2000;
    const env = impulses(n, 20, 5, 0, 1000);
    const slower = impulses(n, 30, 1005, 1000, n);
    for (let t = 0; t < n; t++) env[t] += slower[t];
    const perFrame = tempoPerFrame({ onsetEnvelope: env });
    expect(perFrame.length).toBe(n);
    expect(perFrame[500]).toBe(lagBpm(20));
    expect(perFrame[1500]).toBe(lagBpm(30));
  });

  it('puts a 120 BPM click track on a lag next to 120 (117.45 or 123.05: the grid steps ~4.7 % there) and 90 BPM on 89.10 or 92.29', () => {
    const t120 = tempo({ y: clickTrack(120, 20).y });
    expect([lagBpm(22), lagBpm(21)]).toContain(t120);
    const t90 = tempo({ y: clickTrack(90, 20).y });
    expect([lagBpm(29), lagBpm(28)]).toContain(t90);
    // clicks exactly 22 frames apart are found exactly
    expect(tempo({ y: clickTrack(lagBpm(22), 20, { offsetSec: (20 * 512) / 22050 }).y })).toBe(lagBpm(22));
  });

  it("returns the prior's mode (117.45 BPM, lag 22) for silence, with no NaN, also for a 2 s or 1-frame envelope", () => {
    expect(tempo({ y: new Float32Array(3 * 22050) })).toBe(lagBpm(22));
    expect(Array.from(tempoPerFrame({ onsetEnvelope: new Float32Array(10) }))).toEqual(new Array(10).fill(lagBpm(22)));
    expect(tempo({ onsetEnvelope: new Float32Array(1) })).toBe(lagBpm(22));
    expect([lagBpm(22), lagBpm(21)]).toContain(tempo({ y: clickTrack(120, 2).y }));
  });

  it('rejects bad parameters', () => {
    expect(() => tempo({})).toThrow(ParameterError);
    expect(() => tempo({ onsetEnvelope: new Float32Array(10), startBpm: 0 })).toThrow(ParameterError);
    expect(() => tempo({ onsetEnvelope: new Float32Array(0) })).toThrow(ParameterError);
    expect(() => tempo({ onsetEnvelope: Float32Array.of(1, NaN) })).toThrow(ParameterError);
  });
});

async function medianEnvelope(file: string): Promise<Float32Array> {
  const { y } = await loadAudioFile(file);
  return onsetStrength({ melPower: melSpectrogram({ y, padMode: 'reflect' }), aggregate: 'median' });
}

describeWithData('tempo equals librosa exactly (median onset envelope of the reflect-padded mel)', () => {
  for (const stem of REF_STEMS) {
    it(`${stem}: equals librosa-ref tempo_bpm (0.10.2)`, async () => {
      expect(tempo({ onsetEnvelope: await medianEnvelope(audioPath(stem)) })).toBe(readLibrosaRef(stem).tempo_bpm);
    });
  }

  it("equals the GTZAN table's tempo column on all 30 lossless parity clips (librosa 0.7/0.8)", async () => {
    const lines = readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').trim().split('\n');
    const col = lines[0].split(',').indexOf('tempo');
    const table = new Map(lines.slice(1).map((l) => [l.split(',')[0].replace(/\.au$/, ''), Number(l.split(',')[col])]));
    const clips = readManifest().filter((r) => r.parity);
    expect(clips.length).toBe(30);
    const mismatches: string[] = [];
    for (const clip of clips) {
      const t = tempo({ onsetEnvelope: await medianEnvelope(clip.file) });
      if (t !== table.get(clip.stem)) mismatches.push(`${clip.stem}: ${t} vs ${table.get(clip.stem)}`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
