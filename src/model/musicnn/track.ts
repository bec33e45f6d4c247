/**
 * musicnn over one whole track: its patches, the network's outputs per patch, which patches are
 * silence, and the tags (mean over the non-silent patches, and the taggram with patch times).
 * Shared by the genre refinement (src/model/classify.ts) and `genrescope tags`.
 */
import { meanRows } from '../ensemble.ts';
import type { TagPrediction } from '../types.ts';
import { patchSilent, type MusicnnPatches } from './input.ts';
import type { MusicnnNetwork } from './network.ts';
import { runMusicnn, type PatchOutputs, type PatchProgress, type PatchRunner } from './predict.ts';

export interface MusicnnTrack {
  patches: MusicnnPatches;
  outputs: PatchOutputs;
  silent: boolean[];
  /** The patches a track-level mean reads: the non-silent ones, or all where every one is silent. */
  use: boolean[];
  /** Every patch is silence: there is nothing to tag. */
  allSilent: boolean;
  tags: TagPrediction;
}

/** The patches a track-level mean reads: the non-silent ones, or all where every one is silent. */
export function patchesInUse(silent: boolean[]): boolean[] {
  return silent.every(Boolean) ? silent.map(() => true) : silent.map((s) => !s);
}

/**
 * musicnn over a track's patches (musicnnPatchesFromPcm: all of a short track, an even sample of
 * a long one), on `net` in this thread unless `run` runs them elsewhere too.
 */
export async function musicnnTrack(net: MusicnnNetwork, patches: MusicnnPatches, onPatches?: PatchProgress, run?: PatchRunner): Promise<MusicnnTrack> {
  const meta = net.meta;
  const outputs = await (run ?? ((p, cb) => runMusicnn(net, p, cb)))(patches, onPatches);
  const silent = patches.starts.map((_, i) => patchSilent(patches, i));
  const use = patchesInUse(silent);
  const frameSec = meta.features.hopLength / meta.features.sampleRateHz;
  const tags: TagPrediction = {
    tagSet: meta.tagSet,
    names: [...meta.tags],
    mean: Array.from(meanRows(outputs.taggram, meta.tags.length, use, { normalise: false })),
    startSec: patches.starts.map((s) => s * frameSec),
    endSec: patches.starts.map((s) => Math.min(s + patches.frames, patches.trackFrames) * frameSec),
    taggram: outputs.taggram,
  };
  return { patches, outputs, silent, use, allSilent: silent.every(Boolean), tags };
}

/** The `n` most probable tags, best first. */
export function topTags(t: TagPrediction, n: number): { tag: string; p: number }[] {
  return t.names.map((tag, i) => ({ tag, p: t.mean[i] })).sort((a, b) => b.p - a.p).slice(0, n);
}
