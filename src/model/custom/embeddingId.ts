/**
 * What a track embedding (embedding.ts) was computed with: embeddings of different networks or
 * poolings cannot be compared, so model files and the CLI's cache carry this. Apart from
 * embedding.ts because that one loads tfjs, and reading a cache or a model file should not.
 */
import type { MusicnnMetadata } from '../musicnn/metadata.ts';

/** The pooling named in model files, so that a later change of recipe is detected there. */
export const POOLING = 'mean-penultimate-nonsilent-patches';

export interface EmbeddingId {
  /** The musicnn network's name, e.g. "MSD_musicnn". */
  model: string;
  size: number;
  pooling: typeof POOLING;
}

export function embeddingId(meta: MusicnnMetadata): EmbeddingId {
  return { model: meta.name, size: meta.embeddingSize, pooling: POOLING };
}
