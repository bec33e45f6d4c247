/**
 * A track's embedding, the one vector that custom classes (head.ts) and similar tracks
 * (similarity.ts) compare: musicnn's 200-unit penultimate layer, averaged over the track's
 * non-silent 3 s patches (all of a short track, an even sample of a long one: musicnnPatchesFromPcm).
 * Pure: the page's worker, the CLI and the measurement tool compute it the same way.
 */
import { meanRows } from '../ensemble.ts';
import { musicnnPatchesFromPcm } from '../musicnn/input.ts';
import type { MusicnnNetwork } from '../musicnn/network.ts';
import { musicnnTrack, type MusicnnTrack } from '../musicnn/track.ts';

/** The mean penultimate row over the patches a track-level mean reads; null when every patch is silence (nothing to compare). */
export function trackEmbedding(track: MusicnnTrack, size: number): Float32Array | null {
  if (track.allSilent) return null;
  return Float32Array.from(meanRows(track.outputs.penultimate, size, track.use, { normalise: false }));
}

/** musicnn over mono PCM at `sr`, then trackEmbedding. */
export async function embedPcm(net: MusicnnNetwork, pcm: Float32Array, sr: number): Promise<Float32Array | null> {
  const track = await musicnnTrack(net, musicnnPatchesFromPcm(pcm, sr, net.meta));
  return trackEmbedding(track, net.meta.embeddingSize);
}
