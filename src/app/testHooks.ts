/** What the page exposes to the browser tests and the benchmark (window.__genrescope). */
import type { AppStore } from './state/store.ts';

export interface GenrescopeHooks {
  /** The app's store: tests read state from it. */
  store: AppStore;
  /** Behaves as if the analysis worker had died (tests the crash path). */
  crashWorker(): void;
}

declare global {
  interface Window {
    __genrescope?: GenrescopeHooks;
  }
}
