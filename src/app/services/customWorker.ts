/** Starts the custom-classes worker (src/worker/custom.worker.ts); the page's entry point hands it to CustomWorkerClient. */
import type { CustomWorkerLike } from '../../worker/customClient.ts';

export function startCustomWorker(): CustomWorkerLike {
  return new Worker(new URL('../../worker/custom.worker.ts', import.meta.url), { type: 'module', name: 'genrescope-custom' }) as unknown as CustomWorkerLike;
}
