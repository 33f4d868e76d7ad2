#!/usr/bin/env node
// `npm run build`: the renderer with Vite (vite.config.ts → dist/renderer), then the
// Electron main process and the sandboxed preload with esbuild (→ dist/main).
//   node scripts/build.mjs [--renderer-only | --main-only]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mainBundles } from './bundles.mjs';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');

/** Builds the renderer with the project's vite.config.ts into dist/renderer. */
export async function buildRenderer() {
  const configFile = join(ROOT, 'vite.config.ts');
  if (!existsSync(configFile)) throw new Error(`no ${configFile}: the renderer cannot be built`);
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`vite did not write ${join(RENDERER_DIR, 'index.html')}`);
}

/** Bundles dist/main/shell.cjs and dist/main/preload.cjs. */
export async function buildMain() {
  const { build } = await import('esbuild');
  for (const options of mainBundles(ROOT)) await build(options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv[2];
  if (only !== undefined && only !== '--renderer-only' && only !== '--main-only') {
    console.error('usage: node scripts/build.mjs [--renderer-only | --main-only]');
    process.exit(2);
  }
  try {
    if (only !== '--main-only') await buildRenderer();
    if (only !== '--renderer-only') await buildMain();
    console.log(`built ${only === '--main-only' ? '' : 'dist/renderer '}${only === '--renderer-only' ? '' : 'dist/main'}`.trim());
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
