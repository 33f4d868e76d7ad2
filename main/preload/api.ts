/**
 * What the sandboxed preload exposes as `window.valhalla`: exactly `query`, `dispatch`, `on`
 * and `stageFile`, each refusing what is outside the contract before anything crosses IPC.
 * Built on narrow functions instead of `ipcRenderer` and `webUtils`, so the raw channel API
 * never reaches the page and tests can wire it to the shell's real IPC handlers. A staged
 * file's path on disk goes from the preload to main only: the page never sees it.
 */
import type { ValhallaApi } from '../../shared/contract';
import { ACTION_NAMES, CHANNELS, EVENT_NAMES, QUERY_NAMES } from '../../shared/contract/names';

/** `ipcRenderer.invoke`, narrowed. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
/** Registers the one listener for `CHANNELS.event` (`ipcRenderer.on`, minus the event object). */
export type Subscribe = (channel: string, listener: (message: unknown) => void) => void;
/**
 * `webUtils.getPathForFile`: the path on disk of a `File` the user picked or dropped, `''`
 * for a `File` made in script; throws for anything that is not a `File`.
 */
export type PathForFile = (file: File) => string;

/** The answer to a `File` made in script (no path on disk). */
export const NO_PATH = 'this file has no path on disk';

const QUERIES: ReadonlySet<string> = new Set(QUERY_NAMES);
const ACTIONS: ReadonlySet<string> = new Set(ACTION_NAMES);
const EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);

function refused(message: string): Promise<{ ok: false; error: { code: 'invalid'; message: string } }> {
  return Promise.resolve({ ok: false, error: { code: 'invalid', message } });
}

/**
 * Builds the API. `query(name, params)` and `dispatch(name, params, mode)` resolve to the
 * result envelope; an unknown name resolves to an `invalid` envelope without calling main.
 * `on(event, listener)` returns the unsubscribe function and throws a `TypeError` for an
 * event outside the contract; a listener that throws is reported and does not stop others.
 * `stageFile(file)` sends the file's path (from `pathForFile`) on `CHANNELS.stage` and
 * resolves to main's envelope; a value that is not a `File`, or a `File` with no path on
 * disk, resolves to `invalid` without calling main.
 */
export function createPreloadApi(invoke: Invoke, subscribe: Subscribe, pathForFile: PathForFile): ValhallaApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  subscribe(CHANNELS.event, (message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`valhalla: a listener of ${event} failed`, error);
      }
    }
  });

  const api = {
    query(name: string, params: unknown) {
      if (!QUERIES.has(name)) return refused(`unknown query: ${String(name).slice(0, 100)}`);
      return invoke(CHANNELS.query, name, params);
    },
    dispatch(name: string, params: unknown, mode: unknown) {
      if (!ACTIONS.has(name)) return refused(`unknown action: ${String(name).slice(0, 100)}`);
      return invoke(CHANNELS.dispatch, name, params, mode);
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (!EVENTS.has(event)) throw new TypeError(`unknown event: ${String(event).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const own = (payload: unknown) => listener(payload);
      set.add(own);
      return () => {
        set.delete(own);
      };
    },
    stageFile(file: File) {
      let path: string;
      try {
        path = pathForFile(file);
      } catch {
        return refused('not a file');
      }
      if (typeof path !== 'string' || path === '') return refused(NO_PATH);
      return invoke(CHANNELS.stage, path);
    },
  };
  return api as ValhallaApi;
}
