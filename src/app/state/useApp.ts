/**
 * The thin React binding of the app store: a context carries the store instance (so tests and
 * the entry point choose it), and useApp reads a narrow slice of it.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppActions, AppState, AppStore } from './store.ts';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreProvider>');
  return store;
}

/** One value from the store (compared by identity). */
export function useApp<T>(selector: (s: AppState & AppActions) => T): T {
  return useStore(useAppStore(), selector);
}

/** Several values from the store as an object or array (compared shallowly). */
export function useAppShallow<T extends object>(selector: (s: AppState & AppActions) => T): T {
  return useStore(useAppStore(), useShallow(selector));
}

/** The store's actions (stable functions). */
export function useActions(): AppActions {
  return useAppStore().getState();
}
