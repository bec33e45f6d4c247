/**
 * "Sounds like" for the page: the other tracks of the list (this session's and the history's)
 * ranked by how close their musicnn embeddings are to the viewed one's. The ranking itself is the
 * CLI's (src/model/custom/similarity.ts, cosine), so the page and `genrescope similar` agree.
 */
import { rankSimilar } from '../../model/custom/similarity.ts';
import type { Track } from './types.ts';

export interface SimilarTrack {
  id: string;
  name: string;
  /** Cosine similarity of the two embeddings, in [-1, 1]. */
  similarity: number;
}

/** The track's musicnn embedding where it is music: a track judged not music (speech, noise, a tone) is no answer to "what sounds like this song", nor an example of a class. */
export const musicEmbedding = (t: Track): number[] | undefined => (t.genre.status === 'ready' && t.genre.result.status === 'ok' ? t.genre.result.embedding : undefined);

/**
 * The `k` tracks most similar to track `id`, best first; tracks without an embedding (quick
 * answers, older results) or judged not music are left out, and so is the track itself. Empty when the
 * track has no embedding.
 */
export function soundsLike(tracks: readonly Track[], id: string, k: number): SimilarTrack[] {
  const self = tracks.find((t) => t.id === id);
  const query = self && musicEmbedding(self);
  if (!query) return [];
  const library = tracks.flatMap((t) => {
    const embedding = t.id === id ? undefined : musicEmbedding(t);
    return embedding ? [{ key: t, embedding }] : [];
  });
  return rankSimilar(query, library, k).map(({ key, similarity }) => ({ id: key.id, name: key.name, similarity }));
}
