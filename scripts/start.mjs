#!/usr/bin/env node
// `npm start`: builds, then runs the desktop app in Electron. Where the Electron binary
// cannot be had (Electron ≥ 45 fetches it on first launch; offline that fails) or
// better-sqlite3 cannot be built for it, says so in one line and serves browser mode.
//   npm start -- [--db PATH] [--port N]      (--port applies to browser mode only)
import { parseArgs } from 'node:util';
import { buildMain, buildRenderer, ROOT } from './build.mjs';
import { serveBrowserMode } from './console.mjs';
import { fetchElectronBinary } from './electron-binary.mjs';
import { buildElectronNative, hasElectronNative } from './native-electron.mjs';
import { runForeground } from './run.mjs';

const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } } });

/** Why the desktop app cannot run here, or `null` when it can; builds the native module when needed. */
function electronProblem(binary) {
  if (binary === null) return 'The Electron binary could not be had (it is downloaded on first launch, and that failed: no network?)';
  if (hasElectronNative()) return null;
  try {
    buildElectronNative();
    return null;
  } catch (error) {
    return `better-sqlite3 could not be built for Electron (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

try {
  await buildRenderer();
  await buildMain();
  const binary = fetchElectronBinary();
  const problem = electronProblem(binary);
  if (problem === null) {
    const env = { ...process.env, ...(values.db ? { VALHALLA_DB: values.db } : {}) };
    process.exitCode = await runForeground(binary, ['.'], { cwd: ROOT, env });
  } else {
    console.log(`${problem}; serving browser mode instead.`);
    process.exitCode = await serveBrowserMode([...(values.db ? ['--db', values.db] : []), ...(values.port ? ['--port', values.port] : [])]);
  }
} catch (error) {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
