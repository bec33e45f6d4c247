/** Starts the content-hash worker (contentHash.worker.ts); the page's entry point hands it to createHasher. */
import type { HashWorker } from './contentHash.ts';

export function startHashWorker(): HashWorker {
  return new Worker(new URL('./contentHash.worker.ts', import.meta.url), { type: 'module', name: 'genrescope-hash' }) as unknown as HashWorker;
}
