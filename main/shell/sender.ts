/**
 * Who may call the engine over IPC (Electron's checklist: validate the sender of all IPC
 * messages): only our own page, `app://valhalla`, in the window's main frame, never a
 * subframe. Electron-free so tests can hand it plain objects.
 */
import { isAppUrl } from './protocol';

/** The part of Electron's `WebFrameMain` the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/**
 * True when `frame` is a main frame (no parent) showing a page of `app://valhalla`.
 * `null` (a frame that navigated away or was destroyed) is untrusted.
 */
export function isTrustedSender(frame: FrameLike | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}
