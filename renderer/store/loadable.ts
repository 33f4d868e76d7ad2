/**
 * One fetched resource in the store: its data, whether it is loading, and the error
 * message when the last fetch failed. Engine data lives here only as a cache of the
 * last answer; it is refetched on `db.changed` and never persisted.
 */
import type { Result } from '../../shared/contract';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable<T> {
  data: T | null;
  status: LoadStatus;
  error: string | null;
}

/** A resource never fetched. */
export function idle<T>(): Loadable<T> {
  return { data: null, status: 'idle', error: null };
}

/** Marks a fetch as started; keeps data already shown, so a refresh does not flicker. */
export function loading<T>(prev: Loadable<T>): Loadable<T> {
  return prev.data === null ? { data: null, status: 'loading', error: null } : prev;
}

/** The resource after an answer: the value, or the error message (data dropped). */
export function settled<T>(result: Result<T>): Loadable<T> {
  return result.ok ? { data: result.value, status: 'ready', error: null } : { data: null, status: 'error', error: result.error.message };
}

/** A keyset-paged list: rows shown so far and the cursor of the next page (`null`: no more). */
export interface PagedList<T, C> {
  items: T[];
  nextCursor: C | null;
  status: LoadStatus;
  loadingMore: boolean;
  error: string | null;
}
