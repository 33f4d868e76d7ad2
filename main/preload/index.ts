/**
 * The sandboxed preload (bundled to `dist/main/preload.cjs`: a sandboxed preload cannot
 * require our modules). Exposes `window.valhalla` through the context bridge; the page
 * never sees `ipcRenderer`, only the three allow-listed functions of `createPreloadApi`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './api';

contextBridge.exposeInMainWorld(
  'valhalla',
  createPreloadApi(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      ipcRenderer.on(channel, (_event, message: unknown) => listener(message));
    },
  ),
);
