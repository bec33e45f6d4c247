/**
 * The custom classes' database (src/app/services/customModels.ts) on fake-indexeddb: empty at
 * first, the classes and their model round-trip, a second save replaces the first, and the
 * database is its own, at its schema version, beside the history's.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CUSTOM_DB_NAME, CUSTOM_DB_VERSION, CUSTOM_STORE, IndexedDbCustomClasses } from '../../../src/app/services/customModels.ts';
import { POOLING } from '../../../src/model/custom/embeddingId.ts';
import { buildCustomModel } from '../../../src/model/custom/modelFile.ts';
import { classesOfFile } from '../../../src/app/state/customClasses.ts';
import { clusters } from '../../support/embeddings.ts';

describe('custom classes database', () => {
  it('starts empty, keeps the classes with their model, and replaces them on the next save', async () => {
    const db = new IndexedDbCustomClasses();
    expect(await db.load()).toBeNull();
    const examples = clusters(2, 2).examples.map((e, i) => ({ class: e.label ? 'B' : 'A', name: `t${i}.wav`, embedding: Array.from(e.embedding) }));
    const file = buildCustomModel({ model: 'MSD_musicnn', size: 200, pooling: POOLING }, ['A', 'B'], examples).file;
    const classes = classesOfFile(file).map((c) => ({ ...c, examples: c.examples.map((e, i) => ({ ...e, trackId: `track-${c.name}-${i}` })) }));
    await db.save({ classes, model: file });
    expect(await new IndexedDbCustomClasses().load()).toEqual({ classes, model: file });
    await db.save({ classes: [], model: null });
    expect(await new IndexedDbCustomClasses().load()).toEqual({ classes: [], model: null });

    const raw = await openDB(CUSTOM_DB_NAME);
    expect(raw.version).toBe(CUSTOM_DB_VERSION);
    expect([...raw.objectStoreNames]).toEqual([CUSTOM_STORE]);
    raw.close();
  });
});
