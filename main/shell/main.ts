/**
 * The Electron main process: app lifecycle, the `app://` protocol, one secure window, the
 * IPC entry and the engine on the shared default database (`VALHALLA_DB`, else the OS data folder). Bundled by
 * `scripts/build.mjs` to `dist/main/shell.cjs`; the logic lives in Electron-free modules
 * beside it (protocol, sender, ipc, web-preferences, menu, native) that tests run in Node.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, powerMonitor, protocol, safeStorage, session } from 'electron';
import { CHANNELS } from '../../shared/contract';
import { createEngine, defaultKeyPath, stderrLogger } from '../engine/engine';
import { defaultDbPath } from '../engine/paths';
import type { Engine } from '../engine/types';
import { forwardEvents } from '../host/bridge';
import { forwardDesktopNotifications } from './desktop-notifications';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { desktopKeyVault } from './key-vault';
import { electronNativeBinding } from './native';
import { APP_SCHEME, appResponse } from './protocol';
import { isTrustedSender } from './sender';
import { createMainWindow, hardenContents, hardenSession } from './window';

const log = stderrLogger;

// Before `ready`: a standard, secure scheme gets an origin, relative URLs and fetch.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));

let engine: Engine | null = null;
const stops: (() => void)[] = [];

function openWindow(): BrowserWindow {
  return createMainWindow(join(app.getAppPath(), 'dist', 'main', 'preload.cjs'), app.isPackaged, log);
}

function start(): void {
  const appPath = app.getAppPath();
  const rendererDir = join(appPath, 'dist', 'renderer');
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url, request.method));
  hardenSession(session.defaultSession, log);

  // One database for the desktop app, browser mode and the CLI, so that falling back to
  // browser mode (or scripting with the CLI) sees the same data.
  const dbPath = defaultDbPath();
  const nativeBinding = electronNativeBinding(appPath);
  engine = createEngine({ dbPath, log, nativeBinding, keyVault: desktopKeyVault(safeStorage, defaultKeyPath(dbPath)) });
  engine.scheduler.start();
  log.info('shell: engine open', { dbPath, nativeBinding: nativeBinding ?? 'default' });
  // the machine woke from sleep: runs missed meanwhile are caught up once
  const onResume = () => engine?.scheduler.resume();
  powerMonitor.on('resume', onResume);
  stops.push(() => powerMonitor.off('resume', onResume));
  if (Notification.isSupported()) {
    stops.push(forwardDesktopNotifications(engine, (n) => new Notification({ title: n.title, body: n.body }).show(), log));
  }

  stops.push(registerIpc(ipcMain, engine, isTrustedSender, log));
  stops.push(
    forwardEvents(engine, log, (message) => {
      for (const window of BrowserWindow.getAllWindows()) {
        if (isTrustedSender(window.webContents.mainFrame)) window.webContents.send(CHANNELS.event, message);
      }
    }),
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, app.isPackaged)));
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // One writer per database: a second launch hands over to the first and leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (engine !== null && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('will-quit', () => {
    for (const stop of stops.splice(0)) stop();
    engine?.close();
    engine = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error('shell: start-up failed', { error: error instanceof Error ? (error.stack ?? message) : message });
      dialog.showErrorBox('Valhalla Console could not start', message);
      app.exit(1);
    });
}
