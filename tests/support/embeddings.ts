/** Synthetic musicnn-like embeddings for the custom-class tests: clusters whose right answers are known. */
import type { Example } from '../../src/model/custom/head.ts';

/** musicnn's embedding size. */
export const SIZE = 200;

/** A seeded generator of values in [-0.5, 0.5) (Park-Miller). */
export function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
}

/** `perClass` examples around each of `classes` random centres, with noise of `spread` (centres have norm ~4, like musicnn's). */
export function clusters(classes: number, perClass: number, { seed = 3, spread = 0.5 } = {}): { centres: Float64Array[]; examples: Example[] } {
  const r = rng(seed);
  // a shared offset: every music embedding points roughly the same way, as musicnn's do
  const common = Float64Array.from({ length: SIZE }, () => 1 + r());
  const centres = Array.from({ length: classes }, () => Float64Array.from({ length: SIZE }, (_, j) => common[j] + r()));
  const examples = centres.flatMap((c, label) => Array.from({ length: perClass }, () => ({ label, embedding: c.map((v) => v + spread * r()) })));
  return { centres, examples };
}
