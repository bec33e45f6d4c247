/**
 * The history database (src/app/services/history.ts) on fake-indexeddb: a version-2 database
 * written as the code before schema 3 wrote it (and a version-1 one, without the index) opens
 * migrated, every entry kept with outcome 'done' and no hash; entries round-trip with their typed
 * arrays; the oldest beyond MAX_ENTRIES are dropped.
 */
import 'fake-indexeddb/auto';
import { indexedDB } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, IndexedDbHistory, MAX_ENTRIES, STORE } from '../../../src/app/services/history.ts';
import { describePcm } from '../../../src/app/state/pcm.ts';
import { toTrackResult } from '../../../src/app/state/result.ts';
import type { HistoryEntry } from '../../../src/app/state/types.ts';
import { decoded, fakeAnalysis, genre } from '../fakes.ts';

let dbCount = 0;
const freshName = () => `genrescope-test-${++dbCount}`;

function result(seconds: number) {
  return toTrackResult(fakeAnalysis(seconds), describePcm(decoded(seconds).pcm, 22050).waveform);
}

/** An entry as versions 1 and 2 stored it (no outcome, hash, time taken or error). */
function oldEntry(id: string, addedAt: number) {
  return { id, name: `${id}.wav`, source: 'file', addedAt, sourceDurationSec: 4, warnings: [], result: result(4), genre: genre(2) };
}

/** Writes a database of `version` with the raw IndexedDB API, as the code before schema 3 did (version 1: no addedAt index). */
function writeOld(name: string, version: 1 | 2, entries: ReturnType<typeof oldEntry>[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, version);
    r.onupgradeneeded = () => {
      const store = r.result.createObjectStore(STORE, { keyPath: 'id' });
      if (version === 2) store.createIndex('addedAt', 'addedAt');
    };
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const db = r.result;
      const tx = db.transaction(STORE, 'readwrite');
      for (const e of entries) tx.objectStore(STORE).put(e);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

function entry(id: string, addedAt: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { ...oldEntry(id, addedAt), source: 'file', outcome: 'done', contentHash: null, analysisSec: 1.5, error: null, ...extra };
}

describe('history database', () => {
  it.each([1, 2] as const)('opens a version-%i database migrated to schema 3, keeping every entry', async (version) => {
    const name = freshName();
    await writeOld(name, version, [oldEntry('b', 2000), oldEntry('a', 1000), { ...oldEntry('odd', 3000), result: null as unknown as ReturnType<typeof result> }]);
    const history = new IndexedDbHistory(name);
    const loaded = await history.load();
    expect(loaded.map((e) => e.id)).toEqual(['a', 'b', 'odd']); // oldest first
    // an entry without a result (never written by versions 1 and 2) is not called done
    expect(loaded.pop()).toMatchObject({ id: 'odd', outcome: 'interrupted' });
    for (const e of loaded) {
      expect(e).toMatchObject({ outcome: 'done', contentHash: null, analysisSec: null, error: null, name: `${e.id}.wav`, genre: { probabilities: genre(2).probabilities } });
      expect(e.result!.waveform.min).toBeInstanceOf(Float32Array);
      expect(e.result!.melDb.data).toBeInstanceOf(Float32Array);
    }
    const db = await openDB(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.transaction(STORE).store.indexNames]).toEqual(['addedAt']);
    // the stored records themselves were rewritten, not only read so
    expect((await db.get(STORE, 'a')).outcome).toBe('done');
    db.close();
  });

  it('keeps entries of every outcome, with a null result for an analysis that did not finish', async () => {
    const history = new IndexedDbHistory(freshName());
    await history.put(entry('done', 1));
    await history.put(entry('stopped', 2, { outcome: 'interrupted', result: null, genre: null, contentHash: 'ab'.repeat(32), error: 'Analysis failed: out of memory' }));
    await history.put(entry('stopped', 2, { outcome: 'cancelled', result: null, genre: null, contentHash: 'ab'.repeat(32) }));
    const loaded = await history.load();
    expect(loaded.map((e) => [e.id, e.outcome, e.result === null])).toEqual([
      ['done', 'done', false],
      ['stopped', 'cancelled', true],
    ]);
    await history.remove('done');
    expect((await history.load()).map((e) => e.id)).toEqual(['stopped']);
  });

  it(`drops the oldest entries beyond ${MAX_ENTRIES}`, async () => {
    const history = new IndexedDbHistory(freshName());
    for (let i = 0; i < MAX_ENTRIES + 3; i++) await history.put({ ...entry(`t${i}`, 1000 + i), result: null });
    const ids = (await history.load()).map((e) => e.id);
    expect(ids).toHaveLength(MAX_ENTRIES);
    expect(ids[0]).toBe('t3');
    expect(ids.at(-1)).toBe(`t${MAX_ENTRIES + 2}`);
  });
});
