/**
 * The transport under the typed client: one untyped `call` per request and one event
 * stream. Two implementations: the Electron preload (`window.valhalla`) and the
 * browser-mode WebSocket bridge. Only `client.ts` turns a transport into `ValhallaApi`.
 */
import type { DispatchMode, EventName, Result, StagedFile } from '../../shared/contract';

/** Connection state shown in the console: `open` is the only state in which calls go out. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface Transport {
  /** Sends one request; resolves with the envelope, never rejects (transport failures become `internal`). */
  call(kind: 'query' | 'dispatch', name: string, params: unknown, mode?: DispatchMode): Promise<Result<unknown>>;
  /** Copies a user-picked file into the engine's file store; resolves with the envelope, never rejects. */
  stageFile(file: File): Promise<Result<StagedFile>>;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Current connection state. */
  status(): ConnectionStatus;
  /** Subscribes to connection state changes; returns the unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** An `internal` envelope for a failure of the transport itself (not of the engine). */
export function transportFailure(message: string): Result<never> {
  return { ok: false, error: { code: 'internal', message } };
}

/** True for a value shaped like the result envelope (`{ ok: true, … }` or `{ ok: false, error: {…} }`). */
export function isEnvelope(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}
