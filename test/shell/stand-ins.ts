/**
 * Minimal stand-ins for Electron's `ipcMain` and `WebFrameMain`: Electron cannot run on
 * this machine (its binary is fetched on first launch, and there is no network), so the
 * shell's logic lives in Electron-free modules and these are the only test doubles its
 * tests use. Everything behind them — the IPC handlers, the bridge and the engine on a
 * SQLite file — is real. test/electron/smoke.spec.ts covers the real Electron where its
 * binary exists.
 */
import type { InvokeEventLike, IpcMainLike } from '../../main/shell/ipc';
import type { FrameLike } from '../../main/shell/sender';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** Behaves like `ipcMain` for `handle`/`removeHandler`, and lets a test `invoke` as a frame. */
export class IpcMainStandIn implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for one channel; so does this.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from `frame` reaches in main. */
  async invoke(frame: FrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return await listener({ senderFrame: frame }, ...args);
  }
}

/** A frame showing `url`; a subframe when `parent` is given. */
export function frameAt(url: string, parent: FrameLike | null = null): FrameLike {
  return { url, parent };
}
