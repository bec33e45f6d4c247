/**
 * "Sounds like": a library's tracks ranked by the cosine similarity of their embeddings
 * (embedding.ts) to a query's, best first. Cosine on the raw mean embedding was chosen by
 * measurement (training/evaluateCustom.ts: precision@5 of same-genre neighbours on GTZAN's valid
 * clips); standardising by GTZAN's train statistics gained under 2 points, within the noise,
 * and would tie every score to one data set.
 */
import { cosine } from './vectors.ts';

export interface Neighbour<K> {
  key: K;
  similarity: number;
}

/** The `top` entries most similar to `query` (all of them when top is undefined), best first; ties keep library order. */
export function rankSimilar<K>(query: ArrayLike<number>, library: { key: K; embedding: ArrayLike<number> }[], top?: number): Neighbour<K>[] {
  const ranked = library.map(({ key, embedding }, i) => ({ key, similarity: cosine(query, embedding), i }));
  ranked.sort((a, b) => b.similarity - a.similarity || a.i - b.i);
  return ranked.slice(0, top ?? ranked.length).map(({ key, similarity }) => ({ key, similarity }));
}
