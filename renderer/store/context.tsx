/**
 * React access to the store: a provider and `useAppStore(selector)`. Pass selectors
 * returning objects or arrays through `useShallow` at the call site.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './index';

const StoreContext = createContext<AppStore | null>(null);

/** Provides `store` to the tree below. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself (for `getState()` in event handlers). Throws outside a provider. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore used outside <StoreProvider>');
  return store;
}

/** Subscribes to a slice of the state. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
