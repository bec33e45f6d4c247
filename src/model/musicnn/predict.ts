/**
 * Running musicnn on prepared patches in batches: every tensor is made and freed here, so
 * tf.memory().numTensors is the same before and after a call.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MusicnnPatches } from './input.ts';
import { musicnnForward, type MusicnnNetwork } from './network.ts';

/**
 * Patches per forward pass. On the CPU backends one at a time: the same speed as batches of 8
 * once warm (1.67 against 1.74 s for 11 patches in Node), a faster first pass (2.1 against 2.5 s)
 * and 280 instead of 460 MB at the peak, since the front end holds about 20 MB of activations per
 * patch. A GPU keeps its cores busy with more at once.
 */
const batchSize = () => (tf.getBackend() === 'webgl' ? 8 : 1);

export interface PatchOutputs {
  /** nPatches x tags, row-major */
  taggram: Float32Array;
  /** nPatches x embeddingSize, row-major */
  penultimate: Float32Array;
  nPatches: number;
}

/** Called after each pass with the patches done so far: progress for the page, and a point where a caller may stop by throwing. */
export type PatchProgress = (done: number, total: number) => void | Promise<void>;

/** Something that runs musicnn on patches: runMusicnn on one network, or several threads sharing them (src/worker/patchSharing.ts). */
export type PatchRunner = (p: MusicnnPatches, onPatches?: PatchProgress) => Promise<PatchOutputs>;

/**
 * musicnn's work on a track shared with another thread (src/worker/patchSharing.ts): the patches,
 * when made there (`compute` makes them here where they cannot be), and the runner.
 */
export interface MusicnnSharing {
  patches?(compute: () => MusicnnPatches): Promise<MusicnnPatches>;
  runner: PatchRunner;
}

export async function runMusicnn(net: MusicnnNetwork, p: MusicnnPatches, onPatches?: PatchProgress): Promise<PatchOutputs> {
  const n = p.starts.length;
  const size = p.frames * p.nMels;
  const nTags = net.meta.tags.length;
  const nEmb = net.meta.embeddingSize;
  const taggram = new Float32Array(n * nTags);
  const penultimate = new Float32Array(n * nEmb);
  const batch = batchSize();
  for (let b = 0; b < n; b += batch) {
    const m = Math.min(batch, n - b);
    const out = tf.tidy(() => {
      const x = tf.tensor4d(p.data.subarray(b * size, (b + m) * size), [m, p.frames, p.nMels, 1]);
      const { taggram: t, penultimate: e } = musicnnForward(net, x);
      return [t, e];
    });
    try {
      const [t, e] = await Promise.all(out.map((o) => o.data() as Promise<Float32Array>));
      taggram.set(t, b * nTags);
      penultimate.set(e, b * nEmb);
    } finally {
      tf.dispose(out);
    }
    await onPatches?.(b + m, n);
  }
  return { taggram, penultimate, nPatches: n };
}

/**
 * One throw-away patch of silence: the backend's first pass over the network is several times
 * slower (kernel set-up, weight packing), which a page does while idle rather than with a track.
 */
export async function warmMusicnn(net: MusicnnNetwork): Promise<void> {
  const { frames } = net.meta.patch;
  const nMels = net.meta.features.nMels;
  await runMusicnn(net, { data: new Float32Array(frames * nMels), starts: [0], frames, nMels, short: false, trackFrames: frames });
}
