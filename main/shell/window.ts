/**
 * The window and the hardening every web contents and session gets: navigation and new
 * windows denied, `<webview>` refused, permissions denied by default.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import type { Logger } from '../engine/types';
import { APP_ENTRY_URL, isAppUrl } from './protocol';
import { secureWebPreferences } from './web-preferences';

/**
 * Locks down any web contents: navigation (and redirects) only within `app://valhalla`,
 * no new windows, no `<webview>`. Attached to every contents through
 * `app.on('web-contents-created')`, so a contents we did not expect is covered too.
 */
export function hardenContents(contents: WebContents, log: Logger): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn('shell: navigation refused', { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('shell: <webview> refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('shell: new window refused', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

/** Denies every permission request and check (camera, notifications, geolocation, …) and device access. */
export function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('shell: permission request denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Opens the console window on `app://valhalla/index.html`, shown once its first paint is ready. */
export function createMainWindow(preloadPath: string, isPackaged: boolean, log: Logger): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Valhalla Console',
    show: false,
    webPreferences: secureWebPreferences(preloadPath, isPackaged),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) =>
    log.error('shell: the console page did not load', { error: error instanceof Error ? error.message : String(error) }),
  );
  return window;
}
