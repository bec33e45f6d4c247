/**
 * The final stage on synthetic signals: musicnn's head pooled with the quick models
 * (src/model/classify.ts refineWithMusicnn, classifyTrackWithMusicnn): distributions, the weights
 * applied, tags and taggram over the patches, the head's per-patch timeline, silence staying
 * "no music", the tempered pool's arithmetic, and no tensor left behind after 20 analyses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyTrackWithMusicnn, headInput } from '../../src/model/classify.ts';
import { logPool } from '../../src/model/ensemble.ts';
import { melPowerFromAudio } from '../../src/model/features.ts';
import { GENRES } from '../../src/model/metadata.ts';
import type { GenreModels, GenreProbabilities, MusicnnModels } from '../../src/model/types.ts';
import { loadModelsFromDisk } from '../../src/node/loadModels.ts';
import { song } from '../support/signals.ts';

let models: GenreModels;
let musicnn: MusicnnModels;
const sr = 22050;

beforeAll(async () => {
  const loaded = await loadModelsFromDisk(undefined, { musicnn: true });
  models = loaded.models;
  musicnn = loaded.musicnn!;
});

const sum = (p: GenreProbabilities) => GENRES.reduce((s, g) => s + p[g], 0);

/** A generated song: chords plus clicks would be a steady tone and a metronome to the no-music detector. */
const music = (seconds: number) => song(seconds);

function input(y: Float32Array) {
  return { melPower: melPowerFromAudio(y, models.cnnMeta.features), pcm: y, sr };
}

describe('classifyTrackWithMusicnn', () => {
  it('hands over the quick answer first, then a final one with the head, tags and a per-patch timeline', async () => {
    const y = music(7);
    const quicks: string[] = [];
    const r = await classifyTrackWithMusicnn(models, musicnn, input(y), (q) => quicks.push(q.stage));
    expect(quicks).toEqual(['quick']);
    expect(r.stage).toBe('final');
    expect(r.models.head).not.toBeNull();
    expect(sum(r.probabilities)).toBeCloseTo(1, 6);
    expect(sum(r.models.head!)).toBeCloseTo(1, 5);
    // no table features given: the final pool renormalises over the head and the CNN
    const w = models.ensemble.final.weights;
    expect(r.weights.table).toBe(0);
    expect(r.weights.head).toBeCloseTo(w.head / (w.head + w.cnn), 12);
    // 7 s at 16 kHz = 438 frames: patches at 0, 187 and one ending at the last frame
    expect(r.tags).not.toBeNull();
    const t = r.tags!;
    expect(t.names).toHaveLength(50);
    expect(t.startSec.map((s) => Math.round(s * 1000))).toEqual([0, 2992, 4016]);
    expect(t.taggram).toHaveLength(3 * 50);
    for (const p of t.mean) expect(p >= 0 && p <= 1).toBe(true);
    expect(r.timeline).toHaveLength(3);
    for (const win of r.timeline) expect(sum(win.probabilities)).toBeCloseTo(1, 5);
    expect(r.confidence).toBe(r.probabilities[r.genre!]);
  });

  it('keeps a silent track as "no music" without running musicnn', async () => {
    const y = new Float32Array(4 * sr);
    const r = await classifyTrackWithMusicnn(models, musicnn, input(y));
    expect(r).toMatchObject({ stage: 'final', noMusic: true, genre: null, tags: null });
  });

  it('leaves no tensor behind across 20 analyses', async () => {
    const y = music(3.5);
    await classifyTrackWithMusicnn(models, musicnn, input(y)); // first call may create backend-owned state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await classifyTrackWithMusicnn(models, musicnn, input(y));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pools the models that answered as training/train_head.py does: softmax(log(w . p) / T)', () => {
    const a = [0.6, 0.4, 0, 0, 0, 0, 0, 0, 0, 0];
    const b = [0.2, 0.8, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = Array.from(logPool([a, b, null], [0.75, 0.25, 0.5], 0.5));
    const mix = [0.75 * 0.6 + 0.25 * 0.2, 0.75 * 0.4 + 0.25 * 0.8];
    const e = mix.map((v) => v ** 2); // 1 / T = 2
    // logPool works over the ten genres: the other eight have probability 0, floored at 1e-12
    expect(p[0]).toBeCloseTo(e[0] / (e[0] + e[1]), 9);
    expect(p[1]).toBeCloseTo(e[1] / (e[0] + e[1]), 9);
  });

  it('feeds the head each patch embedding followed by its tag logits, clipped', () => {
    const meta = musicnn.headMeta;
    const penultimate = Float32Array.from({ length: 2 * meta.embeddingSize }, (_, i) => i);
    const taggram = new Float32Array(2 * meta.tagCount).fill(0.5);
    taggram[0] = 0;
    taggram[1] = 1;
    const x = headInput({ nPatches: 2, penultimate, taggram }, meta);
    const width = meta.embeddingSize + meta.tagCount;
    expect(x).toHaveLength(2 * width);
    expect(x[width + 3]).toBe(meta.embeddingSize + 3);
    expect(x[meta.embeddingSize]).toBeCloseTo(Math.log(meta.logitClip / (1 - meta.logitClip)), 4);
    expect(x[meta.embeddingSize + 1]).toBeCloseTo(-Math.log(meta.logitClip / (1 - meta.logitClip)), 4);
    expect(x[meta.embeddingSize + 2]).toBe(0);
  });
});
