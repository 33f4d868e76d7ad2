// The esbuild bundles of the Electron main process and the sandboxed preload, declared once
// for scripts/build.mjs and for the tests that check what the bundles may require.
import { join } from 'node:path';

/** Electron 45 ships Node 22 and Chromium 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

/**
 * esbuild options for `dist/main/shell.cjs` (the main process: CJS for Node, with electron
 * and the native better-sqlite3 left to `require`) and `dist/main/preload.cjs` (one
 * self-contained CJS file: a sandboxed preload can require only `electron`).
 * @param {string} root the project folder
 * @param {string} outDir where the two files go (default `<root>/dist/main`)
 */
export function mainBundles(root, outDir = join(root, 'dist', 'main')) {
  const common = { bundle: true, format: 'cjs', sourcemap: 'linked', legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
  return [
    {
      ...common,
      entryPoints: [join(root, 'main', 'shell', 'main.ts')],
      outfile: join(outDir, 'shell.cjs'),
      platform: 'node',
      target: NODE_TARGET,
      external: ['electron', 'better-sqlite3', 'pdfkit'],
    },
    {
      ...common,
      entryPoints: [join(root, 'main', 'preload', 'index.ts')],
      outfile: join(outDir, 'preload.cjs'),
      platform: 'browser',
      target: CHROME_TARGET,
      external: ['electron'],
    },
  ];
}
