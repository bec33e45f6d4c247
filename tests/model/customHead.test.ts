/**
 * Custom classes and similar tracks (src/model/custom) on synthetic embeddings: clusters around
 * a few random directions, so the right answers are known. The head learns them, leave-one-out
 * reports them, a model file survives JSON and a damaged one is refused with the field named;
 * similarity ranks by direction; a track's embedding skips its silent patches.
 */
import { describe, expect, it } from 'vitest';
import { trackEmbedding } from '../../src/model/custom/embedding.ts';
import { POOLING, type EmbeddingId } from '../../src/model/custom/embeddingId.ts';
import { argmax, leaveOneOut, predictHead, trainHead } from '../../src/model/custom/head.ts';
import { buildCustomModel, checkEmbedding, parseCustomModel, predictCustom } from '../../src/model/custom/modelFile.ts';
import { rankSimilar } from '../../src/model/custom/similarity.ts';
import { cosine, unit } from '../../src/model/custom/vectors.ts';
import type { MusicnnTrack } from '../../src/model/musicnn/track.ts';
import { clusters, SIZE } from '../support/embeddings.ts';

const ID: EmbeddingId = { model: 'MSD_musicnn', size: SIZE, pooling: POOLING };

describe('the logistic head', () => {
  it('learns separable classes from a few examples and puts new ones in them', () => {
    const { examples } = clusters(4, 5);
    const head = trainHead(examples, 4);
    const fresh = clusters(4, 10, { seed: 3 }).examples; // same centres (same seed), new draws of the noise below
    const other = clusters(4, 10, { seed: 3, spread: 0.8 }).examples;
    for (const e of [...fresh, ...other]) expect(argmax(predictHead(head, e.embedding))).toBe(e.label);
    const p = predictHead(head, examples[0].embedding);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic and ignores the length of an embedding', () => {
    const { examples } = clusters(3, 4);
    const a = trainHead(examples, 3);
    expect(trainHead(examples, 3).weights).toEqual(a.weights);
    const x = examples[5].embedding;
    const p = predictHead(a, x);
    const q = predictHead(a, Array.from(x, (v) => 3 * v));
    p.forEach((v, k) => expect(q[k]).toBeCloseTo(v, 12));
  });

  it('refuses one class, a class without examples, and mixed embedding sizes', () => {
    const { examples } = clusters(2, 3);
    expect(() => trainHead(examples, 1)).toThrow(/at least two classes/);
    expect(() => trainHead(examples, 3)).toThrow(/class 2 has no example/);
    expect(() => trainHead([...examples, { label: 0, embedding: [1, 2] }], 2)).toThrow(/cannot be mixed/);
  });

  it('leave-one-out: 1 for well separated classes, lower where they overlap, null for a single example', () => {
    expect(leaveOneOut(clusters(3, 4).examples, 3)).toEqual([1, 1, 1]);
    const overlapping = clusters(3, 6, { spread: 6 }).examples;
    const loo = leaveOneOut(overlapping, 3);
    expect(loo.some((v) => v !== null && v < 1)).toBe(true);
    const { examples } = clusters(2, 3);
    expect(leaveOneOut([...examples.filter((e) => e.label === 0), examples.find((e) => e.label === 1)!], 2)).toEqual([1, null]);
  });
});

describe('the model file', () => {
  const names = ['workout', 'late night', 'demos'];
  const { examples } = clusters(3, 4);
  const model = buildCustomModel(ID, names, examples.map((e, i) => ({ class: names[e.label], name: `track${i}.wav`, embedding: Array.from(e.embedding) })));

  it('holds the format, the embedding, the classes, the head and leave-one-out accuracy, and survives JSON', () => {
    const json = JSON.parse(JSON.stringify(model.file)) as unknown;
    expect(json).toMatchObject({ format: 'genrescope-custom', version: 1, embedding: ID, classes: names, leaveOneOut: { workout: 1, 'late night': 1, demos: 1 } });
    const back = parseCustomModel(json);
    for (const e of examples) {
      const a = predictCustom(model, e.embedding);
      const b = predictCustom(back, e.embedding);
      expect(b.class).toBe(names[e.label]);
      expect(a.class).toBe(b.class);
      for (const n of names) expect(b.probabilities[n]).toBeCloseTo(a.probabilities[n], 4); // weights stored to 6 decimals
    }
  });

  it('a damaged file is refused with the field that is wrong', () => {
    const good = JSON.parse(JSON.stringify(model.file)) as Record<string, unknown>;
    const damaged = (change: (m: Record<string, unknown>) => void) => {
      const m = structuredClone(good);
      change(m);
      return () => parseCustomModel(m);
    };
    expect(() => parseCustomModel('not a model')).toThrow(/custom model must be an object/);
    expect(damaged((m) => (m.format = 'genrescope-musicnn'))).toThrow(/expected format "genrescope-custom"/);
    expect(damaged((m) => (m.version = 2))).toThrow(/unsupported version 2/);
    expect(damaged((m) => (m.classes = ['only one']))).toThrow(/classes must be a list of at least two class names/);
    expect(damaged((m) => ((m.head as { bias: number[] }).bias = [0, 1]))).toThrow(/head\.bias must be 3 finite numbers/);
    expect(damaged((m) => ((m.head as { weights: number[][] }).weights[1][7] = Number.NaN))).toThrow(/head\.weights\[1\] must be 200 finite numbers/);
    expect(damaged((m) => ((m.embedding as { pooling: string }).pooling = 'max'))).toThrow(/embedding\.pooling must be/);
    expect(damaged((m) => ((m.examples as { class: string }[])[0].class = 'jazz'))).toThrow(/examples\[0\]\.class must be one of the classes/);
  });

  it('is refused for another embedding', () => {
    expect(() => checkEmbedding(model, { ...ID, model: 'MTT_musicnn' })).toThrow(/built on MSD_musicnn \(200 values\); this is MTT_musicnn/);
    expect(() => checkEmbedding(model, ID)).not.toThrow();
  });
});

describe('similarity', () => {
  it('ranks by direction, best first, the top K, ties in library order', () => {
    const q = [1, 0, 0];
    const library = [
      { key: 'orthogonal', embedding: [0, 1, 0] },
      { key: 'same direction, longer', embedding: [5, 0, 0] },
      { key: 'close', embedding: [1, 0.2, 0] },
      { key: 'tie a', embedding: [1, 1, 0] },
      { key: 'tie b', embedding: [2, 2, 0] },
      { key: 'opposite', embedding: [-1, 0, 0] },
    ];
    const ranked = rankSimilar(q, library);
    expect(ranked.map((n) => n.key)).toEqual(['same direction, longer', 'close', 'tie a', 'tie b', 'orthogonal', 'opposite']);
    expect(ranked[0].similarity).toBeCloseTo(1, 12);
    expect(ranked[5].similarity).toBeCloseTo(-1, 12);
    expect(rankSimilar(q, library, 2).map((n) => n.key)).toEqual(['same direction, longer', 'close']);
  });

  it('cosine and unit agree, and a zero vector is nobody\'s neighbour', () => {
    const a = [3, 4];
    expect(Array.from(unit(a))).toEqual([0.6, 0.8]);
    expect(cosine(a, [6, 8])).toBeCloseTo(1, 12);
    expect(cosine(a, [0, 0])).toBe(0);
  });
});

describe('a track embedding', () => {
  const fakeTrack = (rows: number[][], silent: boolean[]): MusicnnTrack => {
    const use = silent.every(Boolean) ? silent.map(() => true) : silent.map((s) => !s);
    return { outputs: { penultimate: Float32Array.from(rows.flat()), taggram: new Float32Array(0), nPatches: rows.length }, silent, use, allSilent: silent.every(Boolean) } as unknown as MusicnnTrack;
  };

  it('is the mean of the non-silent patches; null when every patch is silence', () => {
    expect(Array.from(trackEmbedding(fakeTrack([[1, 2], [9, 9], [3, 6]], [false, true, false]), 2)!)).toEqual([2, 4]);
    expect(trackEmbedding(fakeTrack([[1, 2]], [true]), 2)).toBeNull();
  });
});
