/**
 * The user's own classes in IndexedDB, through `idb`: the database `genrescope-custom` (apart
 * from the history's, so neither's schema waits on the other), one object store `classes`
 * holding one record under the key 'current': the classes being taught, with their examples'
 * embeddings, and the model trained on them (src/app/state/customClasses.ts SavedCustomClasses).
 *
 * Schema versions (DB_VERSION), each upgrade running from the version found:
 *  1. the store, with out-of-line keys.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedCustomClasses } from '../state/customClasses.ts';
import type { CustomClassesRepository } from '../state/slices/custom.ts';

export const CUSTOM_DB_NAME = 'genrescope-custom';
export const CUSTOM_DB_VERSION = 1;
export const CUSTOM_STORE = 'classes';
const KEY = 'current';

interface CustomDb extends DBSchema {
  classes: { key: string; value: SavedCustomClasses };
}

export class IndexedDbCustomClasses implements CustomClassesRepository {
  private db: Promise<IDBPDatabase<CustomDb>> | null = null;

  constructor(private readonly name = CUSTOM_DB_NAME) {}

  private open(): Promise<IDBPDatabase<CustomDb>> {
    const db = (this.db ??= openDB<CustomDb>(this.name, CUSTOM_DB_VERSION, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore(CUSTOM_STORE);
      },
      // another tab wants a newer version: step aside, and open again when next needed
      blocking: () => {
        void db.then((d) => d.close());
        this.db = null;
      },
      terminated: () => {
        this.db = null;
      },
    }));
    db.catch(() => {
      if (this.db === db) this.db = null; // tried again next time
    });
    return db;
  }

  async load(): Promise<SavedCustomClasses | null> {
    return (await (await this.open()).get(CUSTOM_STORE, KEY)) ?? null;
  }

  async save(saved: SavedCustomClasses): Promise<void> {
    await (await this.open()).put(CUSTOM_STORE, saved, KEY);
  }
}
