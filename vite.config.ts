/**
 * Builds the renderer (React, TSX through Vite's oxc transform with tsconfig's
 * `jsx: react-jsx`) into dist/renderer. `base: './'` because two hosts serve the same
 * files: Electron's app:// protocol and the browser-mode host on 127.0.0.1.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small app: no module-preload polyfill (it would inject an inline script).
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Screens are loaded on demand (app/routes.tsx), so modules are spread over shared
      // chunks; module bodies must still run in source order: `app/zod-config` turns zod's
      // eval probe off before any schema is built (the CSP refuses eval, and Chromium
      // reports even the probe). Rolldown documents this option for order-sensitive code.
      output: { strictExecutionOrder: true },
    },
  },
});
