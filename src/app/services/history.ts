/**
 * The history of earlier results in IndexedDB (results only, never audio): one object store
 * keyed by track id, holding structured-cloned HistoryEntry records (typed arrays included).
 * The oldest entries beyond MAX_ENTRIES are dropped so storage stays bounded.
 */
import type { HistoryRepository } from '../state/ports.ts';
import type { HistoryEntry } from '../state/types.ts';

const DB_NAME = 'genrescope';
const STORE = 'history';
export const MAX_ENTRIES = 40;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbHistory implements HistoryRepository {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const r = this.factory.open(DB_NAME, 2);
      r.onupgradeneeded = () => {
        const db = r.result;
        const store = db.objectStoreNames.contains(STORE) ? r.transaction!.objectStore(STORE) : db.createObjectStore(STORE, { keyPath: 'id' });
        if (!store.indexNames.contains('addedAt')) store.createIndex('addedAt', 'addedAt');
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB unavailable'));
      r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return this.db;
  }

  async load(): Promise<HistoryEntry[]> {
    const db = await this.open();
    const all = await request(db.transaction(STORE, 'readonly').objectStore(STORE).getAll() as IDBRequest<HistoryEntry[]>);
    return all.sort((a, b) => a.addedAt - b.addedAt);
  }

  async put(entry: HistoryEntry): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.put(entry);
    // Drop the oldest beyond the limit, walking keys only (never reading the stored results).
    let excess = (await request(store.count())) - MAX_ENTRIES;
    if (excess > 0) {
      const cursor = store.index('addedAt').openKeyCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || excess-- <= 0) return;
        store.delete(c.primaryKey);
        c.continue();
      };
    }
    await done(tx);
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(id);
    await done(tx);
  }

  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
    await done(tx);
  }
}
