#!/usr/bin/env node
// better-sqlite3 built for Electron, kept apart from the Node build in node_modules
// (DESIGN.md "Native module and Electron binary"): a copy of the package is built in a
// temporary folder (prebuilt binary via prebuild-install, else node-gyp against Electron's
// headers) and its .node file lands in dist/native/electron/, which the shell passes to the
// engine as `nativeBinding`. node_modules is never touched, so tests keep the Node build.
// Both ways need the network (prebuilt binaries or Electron's headers).
//   node scripts/native-electron.mjs [--platform P] [--arch A]
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Must match main/shell/native.ts (ELECTRON_NATIVE_BINDING). */
export const NATIVE_DIR = join(ROOT, 'dist', 'native', 'electron');
const BINDING = join(NATIVE_DIR, 'better_sqlite3.node');
const STAMP = join(NATIVE_DIR, 'better_sqlite3.json');

function versionOf(name) {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * The build wanted for this Electron, platform and arch.
 * @returns {{ electron: string, betterSqlite3: string, platform: string, arch: string }}
 */
export function wantedBuild(platform = process.platform, arch = process.arch) {
  return { electron: versionOf('electron'), betterSqlite3: versionOf('better-sqlite3'), platform, arch };
}

/** True when dist/native/electron holds the build `wantedBuild(platform, arch)` describes. */
export function hasElectronNative(platform = process.platform, arch = process.arch) {
  if (!existsSync(BINDING) || !existsSync(STAMP)) return false;
  return JSON.stringify(JSON.parse(readFileSync(STAMP, 'utf8'))) === JSON.stringify(wantedBuild(platform, arch));
}

function run(command, args, cwd) {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, stdio: 'pipe', encoding: 'utf8', timeout: 600_000 });
  return result.status === 0 ? null : (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').slice(-3).join(' | ');
}

/**
 * Builds better-sqlite3 for Electron into dist/native/electron/better_sqlite3.node (with a
 * stamp naming the Electron version, platform and arch). Resolves to the file's path.
 * @throws Error naming why both the prebuilt download and the source build failed.
 */
export function buildElectronNative(platform = process.platform, arch = process.arch) {
  const wanted = wantedBuild(platform, arch);
  const work = mkdtempSync(join(tmpdir(), 'valhalla-native-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    const nodeBuild = join(ROOT, 'node_modules', 'better-sqlite3', 'build');
    cpSync(dirname(nodeBuild), pkg, { recursive: true, filter: (source) => source !== nodeBuild && !source.startsWith(nodeBuild + sep) });
    const prebuilt = run(
      join(ROOT, 'node_modules', 'prebuild-install', 'bin.js'),
      ['--runtime', 'electron', '--target', wanted.electron, '--platform', platform, '--arch', arch],
      pkg,
    );
    let fromSource = null;
    if (prebuilt !== null) {
      if (platform !== process.platform) throw new Error(`no prebuilt better-sqlite3 for Electron ${wanted.electron} ${platform}-${arch}: ${prebuilt}`);
      fromSource = run(
        join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
        ['rebuild', '--release', '--runtime=electron', `--target=${wanted.electron}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'],
        pkg,
      );
      if (fromSource !== null) throw new Error(`prebuilt: ${prebuilt}; from source: ${fromSource}`);
    }
    mkdirSync(NATIVE_DIR, { recursive: true });
    copyFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), BINDING);
    writeFileSync(STAMP, `${JSON.stringify(wanted)}\n`);
    return BINDING;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { platform: { type: 'string' }, arch: { type: 'string' } } });
  try {
    console.log(buildElectronNative(values.platform, values.arch));
  } catch (error) {
    console.error(`better-sqlite3 could not be built for Electron: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
