/** What the page exposes to the browser tests and the benchmark (window.__genrescope). */
import type { AppStore } from './state/store.ts';

export interface GenrescopeHooks {
  /** The app's store: tests read state from it. */
  store: AppStore;
  /** Behaves as if the analysis worker had died (tests the crash path). */
  crashWorker(): void;
  /** Resolves once the idle warm-up is over: the models loaded, and they and the engine warmed up (the benchmark's starting line). */
  warmed(): Promise<void>;
}

declare global {
  interface Window {
    __genrescope?: GenrescopeHooks;
  }
}
