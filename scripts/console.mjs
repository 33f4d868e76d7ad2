#!/usr/bin/env node
// `npm run console`: browser mode. Builds the renderer when dist/renderer is missing, then
// runs `valhalla serve` (main/host on 127.0.0.1, the engine on VALHALLA_DB, `--db PATH`, or
// the OS app-data folder's valhalla/valhalla.sqlite) and prints the URL to open.
//   npm run console -- [--db PATH] [--port N]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildRenderer, RENDERER_DIR, ROOT } from './build.mjs';
import { runForeground } from './run.mjs';

/**
 * Serves browser mode in the foreground until interrupted; resolves with the exit code.
 * @param {string[]} args passed to `valhalla serve` (`--db PATH`, `--port N`)
 */
export async function serveBrowserMode(args) {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.log('building the renderer (dist/renderer is missing)…');
    await buildRenderer();
  }
  return runForeground(process.execPath, [join(ROOT, 'bin', 'valhalla.cjs'), 'serve', ...args], { cwd: ROOT });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = await serveBrowserMode(process.argv.slice(2));
  } catch (error) {
    console.error(`browser mode failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
