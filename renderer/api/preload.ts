/**
 * The Electron transport: `window.valhalla`, exposed by the sandboxed preload with one
 * function per call kind. IPC is always connected while the window exists.
 */
import type { DispatchMode, EventName, Result, StagedFile } from '../../shared/contract';
import { transportFailure, type Transport } from './transport';

/** What the preload exposes on `window.valhalla` (allow-listed from the contract in main). */
export interface PreloadBridge {
  query(name: string, params: unknown): Promise<Result<unknown>>;
  dispatch(name: string, params: unknown, mode: DispatchMode): Promise<Result<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /** Main copies the file (by its path on disk, which the page never sees) into the engine's store. */
  stageFile(file: File): Promise<Result<StagedFile>>;
}

declare global {
  interface Window {
    valhalla?: PreloadBridge;
  }
}

/** Wraps the preload bridge as a `Transport`; a rejected IPC call (or staging) becomes an `internal` envelope. */
export function preloadTransport(bridge: PreloadBridge): Transport {
  return {
    async call(kind, name, params, mode) {
      try {
        return kind === 'query' ? await bridge.query(name, params) : await bridge.dispatch(name, params, mode ?? 'execute');
      } catch (err) {
        return transportFailure(`IPC call ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    async stageFile(file) {
      try {
        return await bridge.stageFile(file);
      } catch (err) {
        return transportFailure(`Staging the file failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    on: (event, listener) => bridge.on(event, listener),
    status: () => 'open',
    onStatus: () => () => undefined,
  };
}
