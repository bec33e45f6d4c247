/**
 * The history of analyses in IndexedDB (results, never audio), through the `idb` wrapper: the
 * database `genrescope`, one object store `history` keyed by track id with an `addedAt` index,
 * holding structured-cloned HistoryEntry records (typed arrays included). The oldest entries
 * beyond MAX_ENTRIES are dropped so storage stays bounded.
 *
 * Schema versions (DB_VERSION), each upgrade running from the version found:
 *  1. the store, keyed by id;
 *  2. the `addedAt` index (for dropping the oldest);
 *  3. every entry gains `outcome` ('done' | 'cancelled' | 'interrupted'), `contentHash`,
 *     `analysisSec` and `error`, and `result` may be null (an analysis that did not finish).
 *     Entries of versions 1 and 2 were finished results: 'done', with no hash.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { HistoryRepository } from '../state/ports.ts';
import type { HistoryEntry } from '../state/types.ts';

export const DB_NAME = 'genrescope';
export const DB_VERSION = 3;
export const STORE = 'history';
export const MAX_ENTRIES = 40;

interface HistoryDb extends DBSchema {
  history: { key: string; value: HistoryEntry; indexes: { addedAt: number } };
}

/** An entry as versions 1 and 2 wrote it. */
type EntryV2 = Omit<HistoryEntry, 'outcome' | 'contentHash' | 'analysisSec' | 'error'>;

export function migrateV2Entry(e: EntryV2): HistoryEntry {
  // versions 1 and 2 kept finished results only; one without a result cannot be called done
  return { ...e, outcome: e.result ? 'done' : 'interrupted', contentHash: null, analysisSec: null, error: null };
}

async function upgrade(db: IDBPDatabase<HistoryDb>, oldVersion: number, tx: IDBPTransaction<HistoryDb, 'history'[], 'versionchange'>): Promise<void> {
  const store = oldVersion < 1 ? db.createObjectStore(STORE, { keyPath: 'id' }) : tx.objectStore(STORE);
  if (oldVersion < 2) store.createIndex('addedAt', 'addedAt');
  if (oldVersion >= 1 && oldVersion < 3) {
    for (let c = await store.openCursor(); c; c = await c.continue()) await c.update(migrateV2Entry(c.value as EntryV2));
  }
}

export class IndexedDbHistory implements HistoryRepository {
  private db: Promise<IDBPDatabase<HistoryDb>> | null = null;

  constructor(private readonly name = DB_NAME) {}

  private open(): Promise<IDBPDatabase<HistoryDb>> {
    if (this.db) return this.db;
    const db = new Promise<IDBPDatabase<HistoryDb>>((resolve, reject) => {
      openDB<HistoryDb>(this.name, DB_VERSION, {
        upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
        // another tab holds an older version open: say so rather than wait for it
        blocked: () => reject(new Error('IndexedDB is blocked by another tab')),
        // another tab wants a newer version: step aside, and open again when next needed
        blocking: () => {
          void db.then((d) => d.close());
          if (this.db === db) this.db = null;
        },
        terminated: () => {
          if (this.db === db) this.db = null;
        },
      }).then(resolve, reject);
    });
    db.catch(() => {
      if (this.db === db) this.db = null; // tried again next time
    });
    this.db = db;
    return db;
  }

  async load(): Promise<HistoryEntry[]> {
    return (await this.open()).getAllFromIndex(STORE, 'addedAt');
  }

  async put(entry: HistoryEntry): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    await tx.store.put(entry);
    // Drop the oldest beyond the limit, walking keys only (never reading the stored results).
    let excess = (await tx.store.count()) - MAX_ENTRIES;
    for (let c = excess > 0 ? await tx.store.index('addedAt').openKeyCursor() : null; c && excess-- > 0; c = await c.continue()) await tx.store.delete(c.primaryKey);
    await tx.done;
  }

  async remove(id: string): Promise<void> {
    await (await this.open()).delete(STORE, id);
  }
}
