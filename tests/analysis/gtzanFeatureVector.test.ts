import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gtzanFeatureVector, GTZAN_FEATURE_NAMES } from '../../src/analysis/gtzanFeatureVector.ts';
import { analyzeTrack } from '../../src/analysis/analyzeTrack.ts';
import { ANALYSIS_STAGES, type AnalysisStage } from '../../src/analysis/types.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { chord, clickTrack, progression, sum } from '../support/signals.ts';
import { dataDir, describeWithData, readManifest } from '../support/sharedData.ts';

describe('gtzanFeatureVector on synthetic signals', () => {
  it('gives 57 finite values whose tempo and chroma follow the signal', () => {
    const { y } = clickTrack(120, 12);
    const music = sum(y, chord([60, 64, 67], 12));
    const v = gtzanFeatureVector(music);
    expect(v.length).toBe(57);
    expect(v.every(Number.isFinite)).toBe(true);
    const tempo = v[GTZAN_FEATURE_NAMES.indexOf('tempo')];
    // the tempo grid near 120 BPM is 117.45 / 123.05
    expect(Math.abs(tempo - 120)).toBeLessThan(4);
  });

  it('gives finite values for silence and for a 2-second clip, and a clear error for no audio', () => {
    expect(gtzanFeatureVector(new Float32Array(22050 * 3)).every(Number.isFinite)).toBe(true);
    expect(gtzanFeatureVector(chord([57, 60, 64], 2)).every(Number.isFinite)).toBe(true);
    expect(gtzanFeatureVector(Float32Array.of(0.25)).every(Number.isFinite)).toBe(true);
    expect(() => gtzanFeatureVector(new Float32Array(0))).toThrow(/empty/);
  });

  it('analyzeTrack reports every stage in order, and its vector is gtzanFeatureVector', async () => {
    // I-IV-V-I in D major, one second each
    const y = progression([[62, 66, 69], [67, 71, 74], [69, 73, 76], [62, 66, 69]], 1);
    const seen: AnalysisStage[] = [];
    const fractions: number[] = [];
    const a = await analyzeTrack(y, { checkpoint: (stage, fraction) => void (seen.push(stage), fractions.push(fraction)) });
    expect(seen).toEqual([...ANALYSIS_STAGES]);
    expect(fractions).toEqual([...fractions].sort((p, q) => p - q));
    expect(Array.from(a.gtzanFeatures)).toEqual(Array.from(gtzanFeatureVector(y)));
    expect(a.melPower.rows).toBe(128);
    expect(a.chroma.rows).toBe(12);
    expect(a.mfcc.rows).toBe(20);
    expect(a.descriptors.spectralCentroid.length).toBe(a.melPower.cols);
    expect(a.key.tonic).toBe('D');
    expect(a.key.mode).toBe('major');
  });
});

describeWithData('gtzanFeatureVector reproduces the GTZAN feature table on the 30 lossless parity clips', () => {
  const table = new Map<string, number[]>();
  const clips = readManifest().filter((r) => r.parity);
  const computed = new Map<string, { length: number; v: Float64Array }>();
  beforeAll(async () => {
    const lines = readFileSync(join(dataDir, 'gtzan', 'features_30_sec.trainval.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      table.set(cells[0].replace(/\.au$/, ''), [Number(cells[1]), ...GTZAN_FEATURE_NAMES.map((n) => Number(cells[head.indexOf(n)]))]);
    }
    for (const clip of clips) {
      const { y } = await loadAudioFile(clip.file);
      computed.set(clip.stem, { length: y.length, v: gtzanFeatureVector(y) });
    }
  }, 300_000);

  it('has all 30 parity clips', () => expect(clips.length).toBe(30));

  it('matches every value within 1e-4 relative (harmony_mean, perceptr_mean within 1e-7 absolute) and the tempo exactly', () => {
    const failures: string[] = [];
    for (const clip of clips) {
      const ref = table.get(clip.stem);
      const got = computed.get(clip.stem);
      if (!ref || !got) throw new Error(`missing ${clip.stem}`);
      if (got.length !== ref[0]) failures.push(`${clip.stem} length ${got.length} != ${ref[0]}`);
      GTZAN_FEATURE_NAMES.forEach((name, i) => {
        const want = ref[i + 1];
        const have = got.v[i];
        const ok =
          name === 'tempo'
            ? have === want
            : name === 'harmony_mean' || name === 'perceptr_mean'
              ? Math.abs(have - want) <= 1e-7
              : Math.abs(have - want) <= 1e-4 * Math.abs(want);
        if (!ok) failures.push(`${clip.stem} ${name}: ${have} vs table ${want}`);
      });
    }
    expect(failures).toEqual([]);
  });
});
