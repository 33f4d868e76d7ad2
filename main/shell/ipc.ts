/**
 * The shell's IPC entry: one `ipcMain.handle` per call kind (`CHANNELS.query`,
 * `CHANNELS.dispatch`), each checking the sender before anything else and the call's
 * name against the contract before the engine sees it, plus `CHANNELS.stage` (a file the
 * user picked, copied into the engine's file store) behind the same sender check.
 * Electron-free: it takes anything shaped like `ipcMain`, so tests drive it with the real engine.
 */
import { CHANNELS, fail, type Result } from '../../shared/contract';
import type { Engine, Logger } from '../engine/types';
import { callEngine } from '../host/bridge';
import type { FrameLike } from './sender';
import { stageFromPath } from './stage';

/** The part of Electron's `IpcMainInvokeEvent` the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

const UNTRUSTED = 'This frame may not call the engine.';

/**
 * Registers the handlers for `CHANNELS.query` (`(name, params)`), `CHANNELS.dispatch`
 * (`(name, params, mode)`) and `CHANNELS.stage` (`(path)`, see `stageFromPath`). Each
 * resolves to the result envelope: `forbidden` for a sender `isTrusted` refuses (logged
 * with its URL), `invalid` for a name outside the contract or a path that is not a
 * non-empty absolute path, else the engine's own envelope (`internal` if it throws).
 * Returns the function that removes the three handlers.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  engine: Engine,
  isTrusted: (frame: FrameLike | null) => boolean,
  log: Logger,
): () => void {
  const guard = (channel: string, event: InvokeEventLike): Result<never> | null => {
    if (isTrusted(event.senderFrame)) return null;
    log.warn('ipc: refused a call from an untrusted frame', {
      channel,
      url: event.senderFrame?.url ?? null,
      subframe: event.senderFrame ? event.senderFrame.parent !== null : null,
    });
    return fail('forbidden', UNTRUSTED);
  };
  ipcMain.handle(CHANNELS.query, (event, name, params) => guard(CHANNELS.query, event) ?? callEngine(engine, log, 'query', name, params));
  ipcMain.handle(
    CHANNELS.dispatch,
    (event, name, params, mode) => guard(CHANNELS.dispatch, event) ?? callEngine(engine, log, 'dispatch', name, params, mode),
  );
  ipcMain.handle(CHANNELS.stage, (event, path) => guard(CHANNELS.stage, event) ?? stageFromPath(engine, log, path));
  return () => {
    ipcMain.removeHandler(CHANNELS.query);
    ipcMain.removeHandler(CHANNELS.dispatch);
    ipcMain.removeHandler(CHANNELS.stage);
  };
}
