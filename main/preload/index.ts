/**
 * The sandboxed preload (bundled to `dist/main/preload.cjs`: a sandboxed preload cannot
 * require our modules). Exposes `window.valhalla` through the context bridge; the page
 * never sees `ipcRenderer`, only the four allow-listed functions of `createPreloadApi`.
 * `webUtils.getPathForFile` (Electron ≥ 32) gives the path of a picked or dropped `File`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './api';

contextBridge.exposeInMainWorld(
  'valhalla',
  createPreloadApi(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      ipcRenderer.on(channel, (_event, message: unknown) => listener(message));
    },
    (file) => webUtils.getPathForFile(file),
  ),
);
