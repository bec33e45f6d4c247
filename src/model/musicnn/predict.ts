/**
 * Running musicnn on prepared patches in batches: every tensor is made and freed here, so
 * tf.memory().numTensors is the same before and after a call.
 */
import * as tf from '@tensorflow/tfjs';
import type { MusicnnPatches } from './input.ts';
import { musicnnForward, type MusicnnNetwork } from './network.ts';

/** Patches per forward pass: the front end holds about 10 MB of activations per patch. */
const BATCH = 8;

export interface PatchOutputs {
  /** nPatches x tags, row-major */
  taggram: Float32Array;
  /** nPatches x embeddingSize, row-major */
  penultimate: Float32Array;
  nPatches: number;
}

export async function runMusicnn(net: MusicnnNetwork, p: MusicnnPatches): Promise<PatchOutputs> {
  const n = p.starts.length;
  const size = p.frames * p.nMels;
  const nTags = net.meta.tags.length;
  const nEmb = net.meta.embeddingSize;
  const taggram = new Float32Array(n * nTags);
  const penultimate = new Float32Array(n * nEmb);
  for (let b = 0; b < n; b += BATCH) {
    const m = Math.min(BATCH, n - b);
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
  }
  return { taggram, penultimate, nPatches: n };
}

/**
 * One throw-away patch of silence: the backend's first pass over the network is several times
 * slower (kernel set-up, weight packing), which a page does while idle rather than with a track.
 */
export async function warmMusicnn(net: MusicnnNetwork): Promise<void> {
  const { frames, hopFrames } = net.meta.patch;
  const nMels = net.meta.features.nMels;
  await runMusicnn(net, { data: new Float32Array(frames * nMels), starts: [0], frames, nMels, short: hopFrames > frames });
}
