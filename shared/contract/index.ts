/**
 * THE typed contract between the renderer and main: queries, actions, events, the result
 * envelope and its closed error codes. Every call is declared once here.
 */
import type { z } from 'zod';
import type { ActionName, ActionInput, ActionOutput } from './actions';
import type { QueryName, QueryInput, QueryOutput } from './queries';
import type { EventName, EventPayload } from './events';
import type { Result } from './envelope';
import type { Decision, dispatchMode } from './schemas';

export * from './actions';
export * from './queries';
export * from './events';
export * from './envelope';
export * from './permissions';
export * from './names';
export * from './inventory';
export * from './spending';
export * from './receipts';
export * from './ledger';
export * from './playbooks';
export * from './sessions';
export * from './reports';
export * from './household';
export * from './automations';
export * from './capture';
export * from './schemas';

export type DispatchMode = z.output<typeof dispatchMode>;

/** What a dispatch returns on success: the decision record and the handler's result. */
export interface Dispatched<K extends ActionName> {
  decision: Decision;
  result: ActionOutput<K>;
}

/**
 * A file staged into the engine's content-addressed store (mirrors `StoredFile` of
 * main/engine/files/store.ts): `sha256` is what a governed action then references, `size`
 * in bytes, `name` as the user gave it (shown, never trusted for anything).
 */
export interface StagedFile {
  sha256: string;
  size: number;
  name: string;
}

/** The API the renderer sees, whatever the transport (Electron preload or WebSocket bridge). */
export interface ValhallaApi {
  query<K extends QueryName>(name: K, params: QueryInput<K>): Promise<Result<QueryOutput<K>>>;
  dispatch<K extends ActionName>(name: K, params: ActionInput<K>, mode: DispatchMode): Promise<Result<Dispatched<K>>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /**
   * Copies a user-picked or dropped file into the engine's file store, before an action
   * references it by `sha256`. Not an action: it changes no governed state (an unreferenced
   * stored file is only a cache entry). Errors: `invalid` (too big, not a file, no path on
   * disk), `forbidden` (the request was refused), `not_found` (the file vanished), `internal`.
   */
  stageFile(file: File): Promise<Result<StagedFile>>;
}
