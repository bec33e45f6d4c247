/**
 * bench/browser.ts's bare-worker page: starts worker.ts and exposes its timings, so the engine's
 * speed in a module worker of a production build can be set beside its speed in the app's worker.
 */
declare global {
  interface Window {
    /** ms of each analysis of a 30 s synthetic song in the worker, in order. */
    workerEngineMs?: Promise<number[]>;
  }
}

window.workerEngineMs = new Promise((resolve, reject) => {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<number[]>) => resolve(e.data);
  worker.onerror = (e) => reject(new Error(e.message));
});

export {};
