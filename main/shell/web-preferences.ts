/**
 * The one window's `webPreferences` (DESIGN.md "Electron shell and security"), kept as data
 * so a test can hold each item of Electron's security checklist to it. Electron-free.
 */
import type { WebPreferences } from 'electron';

/**
 * Secure preferences for the console window: context isolation, the OS sandbox, no Node
 * in any renderer, frame or worker, web security on, no insecure content, no experimental
 * or Blink features, no `<webview>`, and developer tools only outside a packaged app.
 * `preloadPath` is the absolute path of the bundled sandboxed preload (`preload.cjs`).
 */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !isPackaged,
  };
}
