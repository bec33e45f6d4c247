/**
 * The content hash of a dropped file (SHA-256 of its bytes, sha256.ts), by which the same audio
 * dropped again is recognised and an interrupted analysis matched with the file chosen to run it
 * again. In the page every file is read and hashed in a small worker of its own, so the page's
 * thread never holds its bytes (measured in Chromium here: a 300 MB file hashed on the page's
 * thread held it up to 535 ms at a time, in the worker 57 ms at most; 10 MB: 47 ms against
 * 10 ms); where there are no workers (Node) files are hashed in place, still asynchronously.
 * Files over MAX_HASH_BYTES are not hashed and get no duplicate check.
 */
import type { ContentHasher } from '../state/ports.ts';
import { sha256Hex, type HashReply, type HashRequest } from './sha256.ts';

export const MAX_HASH_BYTES = 1024 * 1024 * 1024;

/** What the hasher uses of the worker (a DOM Worker: hashWorker.ts starts it). */
export interface HashWorker {
  onmessage: ((e: { data: HashReply }) => void) | null;
  onerror: ((e: { preventDefault(): void }) => void) | null;
  postMessage(request: HashRequest): void;
}

/** `startWorker` null: files are hashed in place. */
export function createHasher(startWorker: (() => HashWorker) | null): ContentHasher {
  let worker: HashWorker | null = null;
  let nextId = 0;
  const waiting = new Map<number, (hex: string | null) => void>();

  function inWorker(start: () => HashWorker, file: Blob): Promise<string | null> {
    if (!worker) {
      const w = start();
      w.onmessage = ({ data }) => {
        waiting.get(data.id)?.(data.hex);
        waiting.delete(data.id);
      };
      // a worker that dies hashes nothing more: its files go without a duplicate check
      w.onerror = (e) => {
        e.preventDefault();
        for (const done of waiting.values()) done(null);
        waiting.clear();
        if (worker === w) worker = null;
      };
      worker = w;
    }
    const request: HashRequest = { id: ++nextId, file };
    return new Promise((resolve) => {
      waiting.set(request.id, resolve);
      worker!.postMessage(request);
    });
  }

  return {
    hash(file) {
      if (file.size > MAX_HASH_BYTES) return Promise.resolve(null);
      return startWorker ? inWorker(startWorker, file) : sha256Hex(file);
    },
  };
}
