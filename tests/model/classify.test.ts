/**
 * src/model end to end on synthetic signals: probabilities are distributions, no tensor leaks,
 * short clips are padded and flagged, silence is "no music detected"; plus the windowing, the
 * named transpose, the ensemble arithmetic, metadata validation and backend fallback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { classifyTrack } from '../../src/model/classify.ts';
import { melPowerFromAudio } from '../../src/model/features.ts';
import { cnnWindows, toTimeMajorWindow, windowStarts } from '../../src/model/windowing.ts';
import { linearPool, meanRows } from '../../src/model/ensemble.ts';
import { tableInput } from '../../src/model/predict.ts';
import { selectBackend } from '../../src/model/backend.ts';
import { GENRES, MetadataError, parseCnnMetadata, parseEnsembleMetadata } from '../../src/model/metadata.ts';
import type { GenreModels, GenreProbabilities } from '../../src/model/types.ts';
import { song, whiteNoise } from '../support/signals.ts';

let models: GenreModels;
const sr = 22050;

beforeAll(async () => {
  models = (await loadModelsFromDisk()).models;
});

function sum(p: GenreProbabilities): number {
  return GENRES.reduce((s, g) => s + p[g], 0);
}

/** A generated song: chords plus clicks would be a steady tone and a metronome to the no-music detector. */
const music = (seconds: number) => song(seconds);

describe('windowing', () => {
  it('hops through the frames and adds one window ending at the last frame', () => {
    expect(windowStarts(1293, 128, 64).slice(0, 3)).toEqual([0, 64, 128]);
    const s = windowStarts(1293, 128, 64);
    expect(s[s.length - 1]).toBe(1293 - 128);
    expect(windowStarts(256, 128, 128)).toEqual([0, 128]);
    expect(windowStarts(300, 128, 128)).toEqual([0, 128, 172]);
    expect(windowStarts(50, 128, 64)).toEqual([0]);
  });

  it('transposes the lowest bands of bins x frames to frames x bands, normalised, wrapping past the end', () => {
    const rows = 3;
    const cols = 4;
    const bands = 2; // the top bin is left out, as the CNN leaves out the top mel bands
    const data = Float32Array.from({ length: rows * cols }, (_, i) => i); // value = bin * cols + frame
    const out = new Float32Array(6 * bands);
    const peak = toTimeMajorWindow({ rows, cols, data }, 1, 6, bands, 1, 2, out);
    for (let t = 0; t < 6; t++) {
      for (let m = 0; m < bands; m++) expect(out[t * bands + m]).toBe((m * cols + ((1 + t) % cols) - 1) / 2);
    }
    expect(peak).toBe(7);
  });
});

describe('classifyTrack', () => {
  it('gives distributions that sum to 1 (ensemble, each model, every timeline window) and leaks no tensors', async () => {
    const melPower = melPowerFromAudio(music(8), models.cnnMeta.features);
    const features = Float64Array.from(models.tableMeta.mean, (m, i) => (models.tableMeta.transforms[i] === 'log' ? Math.exp(m) : m));
    const before = tf.memory().numTensors;
    const r = await classifyTrack(models, { melPower, tableFeatures: features });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.noMusic).toBe(false);
    expect(r.short).toBe(false);
    expect(r.genre).not.toBeNull();
    expect(sum(r.probabilities)).toBeCloseTo(1, 6);
    expect(sum(r.models.cnn)).toBeCloseTo(1, 5);
    expect(r.models.table).not.toBeNull();
    expect(sum(r.models.table as GenreProbabilities)).toBeCloseTo(1, 5);
    expect(r.confidence).toBe(r.probabilities[r.genre as (typeof GENRES)[number]]);
    expect(r.weights).toEqual({ head: 0, cnn: models.ensemble.quick.cnnWeight, table: 1 - models.ensemble.quick.cnnWeight });
    expect(r.stage).toBe('quick');
    // 8 s = 345 frames: windows at 0, 128 and one ending at the last frame
    expect(r.timeline.map((w) => w.startSec)).toEqual(windowStarts(345, 128, models.cnnMeta.windowing.hopFrames).map((s) => (s * 512) / sr));
    for (const w of r.timeline) expect(sum(w.probabilities)).toBeCloseTo(1, 5);
  });

  it('pads a clip shorter than one window, flags it short, and still answers', async () => {
    const melPower = melPowerFromAudio(music(1.2), models.cnnMeta.features);
    expect(melPower.cols).toBeLessThan(models.cnnMeta.windowing.frames);
    const before = tf.memory().numTensors;
    const r = await classifyTrack(models, { melPower });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.short).toBe(true);
    expect(r.noMusic).toBe(false);
    expect(r.timeline).toHaveLength(1);
    expect(r.timeline[0].endSec).toBeCloseTo((melPower.cols * 512) / sr, 9);
    expect(r.models.table).toBeNull();
    expect(r.weights).toEqual({ head: 0, cnn: 1, table: 0 });
    expect(sum(r.probabilities)).toBeCloseTo(1, 6);
  });

  it('says "no music detected" for digital silence and for a very quiet hiss, claiming no genre', async () => {
    for (const y of [new Float32Array(5 * sr), whiteNoise(5, { amplitude: 1e-6 })]) {
      const melPower = melPowerFromAudio(y, models.cnnMeta.features);
      const r = await classifyTrack(models, { melPower, tableFeatures: new Float64Array(57) });
      expect(r.noMusic).toBe(true);
      expect(r.genre).toBeNull();
      expect(r.confidence).toBe(0);
      for (const g of GENRES) expect(r.probabilities[g]).toBeCloseTo(0.1, 12);
      expect(r.timeline.every((w) => w.silent)).toBe(true);
    }
  });

  it('ignores silent windows when averaging: music after 6 s of silence is classified on the music only', async () => {
    const y = new Float32Array(14 * sr);
    y.set(music(8), 6 * sr);
    const r = await classifyTrack(models, { melPower: melPowerFromAudio(y, models.cnnMeta.features) });
    expect(r.noMusic).toBe(false);
    expect(r.timeline[0].silent).toBe(true);
    expect(r.timeline[r.timeline.length - 1].silent).toBe(false);
    const onlyMusic = await classifyTrack(models, { melPower: melPowerFromAudio(music(8), models.cnnMeta.features) });
    expect(r.genre).toBe(onlyMusic.genre);
  });

  it('rejects a spectrogram with the wrong number of mel bins', async () => {
    const logMel = { rows: 64, cols: 200, data: new Float32Array(64 * 200) };
    await expect(classifyTrack(models, { logMel })).rejects.toThrow(/128/);
  });
});

describe('ensemble and inputs', () => {
  it('linear pool: weight 1 is the CNN, 0 the table model, in between the weighted mean', () => {
    const a = [0.7, 0.3];
    const b = [0.1, 0.9];
    expect(Array.from(linearPool(a, b, 1))).toEqual(a);
    expect(Array.from(linearPool(a, b, 0))).toEqual(b);
    const m = linearPool(a, b, 0.25);
    expect(m[0]).toBeCloseTo(0.25 * 0.7 + 0.75 * 0.1, 12);
  });

  it('averages only the windows asked for', () => {
    const rows = Float32Array.from([1, 0, 0, 1, 0.5, 0.5]);
    expect(Array.from(meanRows(rows, 2, [true, false, true]))).toEqual([0.75, 0.25]);
  });

  it('refuses a table vector of the wrong length or with a non-finite value', () => {
    expect(tableInput(new Float64Array(10), models.tableMeta)).toBeNull();
    const v = new Float64Array(57).fill(1);
    v[3] = Number.NaN;
    expect(tableInput(v, models.tableMeta)).toBeNull();
  });
});

describe('metadata and backend', () => {
  it('rejects metadata whose input shape disagrees with its windowing', () => {
    const bad = structuredClone(models.cnnMeta) as unknown as { input: { shape: unknown[] } };
    bad.input.shape = [null, 64, models.cnnMeta.inputMels, 1];
    expect(() => parseCnnMetadata(bad)).toThrow(MetadataError);
    expect(() => parseEnsembleMetadata({ ...structuredClone(models.ensemble), quick: { cnnWeight: 1.5 } })).toThrow(/cnnWeight/);
  });

  it('falls back from WebGL to the CPU backend in Node and says why', async () => {
    const choice = await selectBackend(['webgl', 'cpu']);
    expect(choice.backend).toBe('cpu');
    expect(choice.skipped[0].backend).toBe('webgl');
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('window batches', () => {
  it('cuts a 30 s spectrogram into windows covering every frame', () => {
    const logMel = { rows: 128, cols: 1293, data: new Float32Array(128 * 1293).fill(-20) };
    const w = cnnWindows(logMel, models.cnnMeta);
    const last = w.starts[w.starts.length - 1];
    expect(last + w.frames).toBe(1293);
    expect(w.short).toBe(false);
    expect(w.nMels).toBe(models.cnnMeta.inputMels);
    expect(w.data.length).toBe(w.starts.length * w.frames * w.nMels);
  });
});
