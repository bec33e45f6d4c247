/**
 * musicnn in tfjs against the PyTorch reference forward pass (../shared/models/musicnn/reference):
 *   - the network alone on the stored log-mel patches: taggram and embedding within 1e-4 absolute
 *     (float32 on both sides, sums in another order; measured 1.9e-6 and 1.2e-5);
 *   - the front end on the stored clips (decode, kaiser_best resampling to 16 kHz, mel, float16
 *     cast, log10): within one float16 step of the mel power, log10(1 + 2^-10) = 4.24e-4, which is
 *     what a value on the other side of a float16 rounding boundary moves by (measured 4.2e-4 at
 *     most, 2.6e-7 on average), and the taggram it gives within 1e-3 of the reference's.
 * Both run on the WebAssembly backend the CLI uses, a few patches per clip to keep CI short.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/dsp/matrix.ts';
import { musicnnLogMelFromPcm, musicnnPatches } from '../../src/model/musicnn/input.ts';
import { loadMusicnn } from '../../src/model/musicnn/load.ts';
import { parseMusicnnMetadata } from '../../src/model/musicnn/metadata.ts';
import type { MusicnnNetwork } from '../../src/model/musicnn/network.ts';
import { runMusicnn } from '../../src/model/musicnn/predict.ts';
import { MetadataError } from '../../src/model/jsonChecks.ts';
import { loadAudioFile } from '../../src/node/decodeAudio.ts';
import { selectNodeBackend } from '../../src/node/backend.ts';
import { fileModelFiles } from '../../src/node/modelFiles.ts';
import { defaultModelsDir } from '../../src/node/packageRoot.ts';
import { expectAllClose } from '../support/compare.ts';
import { dataDir, describeWithMusicnnRef, hasSharedData, musicnnRefDir, readMusicnnRef } from '../support/sharedData.ts';
import { sine } from '../support/signals.ts';

interface RefManifest {
  clips: { clip: string; logmel: { file: string; shape: [number, number] }; patches: number }[];
}

const PATCHES_PER_CLIP = 2;
const ONE_FLOAT16_STEP = Math.log10(1 + 2 ** -10);

let net: MusicnnNetwork;

beforeAll(async () => {
  const choice = await selectNodeBackend();
  expect(choice.backend).toBe('wasm');
  net = await loadMusicnn(fileModelFiles());
});

/** Stored frames x mels log-mel -> the engine's bins x frames layout. */
function toBinsByFrames(tm: Float32Array, nMels: number): Matrix {
  const frames = tm.length / nMels;
  const data = new Float32Array(tm.length);
  for (let t = 0; t < frames; t++) for (let m = 0; m < nMels; m++) data[m * frames + t] = tm[t * nMels + m];
  return { rows: nMels, cols: frames, data };
}

/** The first n patches of a log-mel, as runMusicnn takes them. */
function firstPatches(logMel: Matrix, n: number) {
  const p = musicnnPatches(logMel, net.meta);
  const size = p.frames * p.nMels;
  return { ...p, data: p.data.slice(0, n * size), starts: p.starts.slice(0, n) };
}

function rows(a: Float32Array, width: number, n: number): Float32Array {
  return a.slice(0, n * width);
}

describeWithMusicnnRef('musicnn network (tfjs) against the PyTorch reference', () => {
  const manifest = (): RefManifest => JSON.parse(readFileSync(join(musicnnRefDir, 'manifest.json'), 'utf8')) as RefManifest;
  const stemOf = (clip: string) => clip.split('/').pop()!.replace(/\.flac$/, '');

  it('gives the reference taggram and embedding on the stored log-mel patches to 1e-4', async () => {
    for (const c of manifest().clips) {
      const stem = stemOf(c.clip);
      const logMel = toBinsByFrames(readMusicnnRef(c.logmel.file), c.logmel.shape[1]);
      const out = await runMusicnn(net, firstPatches(logMel, PATCHES_PER_CLIP));
      expectAllClose(out.taggram, rows(readMusicnnRef(`${stem}.MSD_musicnn.taggram.f32`), 50, PATCHES_PER_CLIP), { rtol: 0, atol: 1e-4, label: `${stem} taggram` });
      expectAllClose(out.penultimate, rows(readMusicnnRef(`${stem}.MSD_musicnn.penultimate.f32`), 200, PATCHES_PER_CLIP), { rtol: 0, atol: 1e-4, label: `${stem} embedding` });
    }
  });

  it('patches a track as the reference does: 187 frames, no overlap, plus one patch over the uncovered tail', () => {
    const c = manifest().clips[0];
    const p = musicnnPatches(toBinsByFrames(readMusicnnRef(c.logmel.file), 96), net.meta);
    const frames = c.logmel.shape[0];
    expect(p.starts.slice(0, c.patches)).toEqual(Array.from({ length: c.patches }, (_, k) => 187 * k));
    expect(p.starts.at(-1)).toBe(frames - 187);
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await runMusicnn(net, musicnnPatches(musicnnLogMelFromPcm(sine(440, 4), 22050, net.meta.features), net.meta));
    expect(tf.memory().numTensors).toBe(before);
  });
});

(hasSharedData ? describeWithMusicnnRef : describe.skip)('musicnn front end on the reference clips', () => {
  it('computes the stored log-mel from the audio within one float16 step, and the taggram within 1e-3', async () => {
    const manifest = JSON.parse(readFileSync(join(musicnnRefDir, 'manifest.json'), 'utf8')) as RefManifest;
    for (const c of manifest.clips) {
      const stem = c.clip.split('/').pop()!.replace(/\.flac$/, '');
      const { y } = await loadAudioFile(join(dataDir, '..', c.clip), { sr: 22050 });
      const ours = musicnnLogMelFromPcm(y, 22050, net.meta.features);
      const ref = toBinsByFrames(readMusicnnRef(c.logmel.file), 96);
      expect(ours.cols).toBe(ref.cols);
      let sum = 0;
      for (let i = 0; i < ref.data.length; i++) sum += Math.abs(ours.data[i] - ref.data[i]);
      expectAllClose(ours.data, ref.data, { rtol: 0, atol: ONE_FLOAT16_STEP * 1.001, label: `${stem} log-mel` });
      expect(sum / ref.data.length, `${stem} mean |difference|`).toBeLessThan(1e-5);
      const out = await runMusicnn(net, firstPatches(ours, PATCHES_PER_CLIP));
      expectAllClose(out.taggram, rows(readMusicnnRef(`${stem}.MSD_musicnn.taggram.f32`), 50, PATCHES_PER_CLIP), { rtol: 0, atol: 1e-3, label: `${stem} taggram from our front end` });
    }
  });
});

describe('musicnn metadata', () => {
  const shipped = () => JSON.parse(readFileSync(join(defaultModelsDir, 'musicnn', 'msd', 'metadata.json'), 'utf8')) as Record<string, unknown>;

  it('states the input recipe of the musicnn README', () => {
    const m = parseMusicnnMetadata(shipped());
    expect(m.features).toMatchObject({ sampleRateHz: 16000, nFft: 512, hopLength: 256, nMels: 96, padMode: 'reflect', center: true, melNorm: 'slaney', htk: false, fmax: 8000 });
    expect(m.features.log).toEqual({ castFloat16: true, scale: 10000, offset: 1 });
    expect(m.patch).toEqual({ frames: 187, hopFrames: 187 });
    expect(m.tags).toHaveLength(50);
  });

  it('refuses a file of another format or with a malformed recipe', () => {
    expect(() => parseMusicnnMetadata({ ...shipped(), format: 'genrescope-cnn' })).toThrow(MetadataError);
    expect(() => parseMusicnnMetadata({ ...shipped(), tags: 'rock' })).toThrow(MetadataError);
    expect(() => parseMusicnnMetadata({ ...shipped(), patch: { frames: 0, hopFrames: 187 } })).toThrow(MetadataError);
  });
});
