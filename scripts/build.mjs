#!/usr/bin/env node
// `npm run build`: the renderer with Vite (vite.config.ts → dist/renderer), then the
// Electron main process and the sandboxed preload with esbuild (→ dist/main), then the
// `valhalla` CLI with esbuild (→ dist/cli, scripts/cli-bundle.mjs).
//   node scripts/build.mjs [--renderer-only | --main-only | --cli-only]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mainBundles } from './bundles.mjs';
import { buildCli } from './cli-bundle.mjs';

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

const PARTS = {
  '--renderer-only': { renderer: true, main: false, cli: false },
  '--main-only': { renderer: false, main: true, cli: false },
  '--cli-only': { renderer: false, main: false, cli: true },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv[2];
  if (only !== undefined && !(only in PARTS)) {
    console.error('usage: node scripts/build.mjs [--renderer-only | --main-only | --cli-only]');
    process.exit(2);
  }
  const parts = only === undefined ? { renderer: true, main: true, cli: true } : PARTS[only];
  try {
    if (parts.renderer) await buildRenderer();
    if (parts.main) await buildMain();
    if (parts.cli) await buildCli(ROOT);
    console.log(`built ${['renderer', 'main', 'cli'].filter((part) => parts[part]).map((part) => `dist/${part}`).join(' ')}`);
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
