// Checking and loading the `valhalla` CLI's bundle (built by ./cli-bundle.mjs): CommonJS, so
// that bin/valhalla.cjs starts without Node's ES module loader (about 10 ms of a cold call).
'use strict';
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join, relative } = require('node:path');
const { Script } = require('node:vm');

const MANIFEST = 'manifest.json';

/** `[size, mtimeMs]` of a file, `null` when it does not exist. */
function signature(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? [stat.size, stat.mtimeMs] : null;
}

/**
 * Whether the CLI bundle can run: `{ entry }` (its absolute path) when its manifest is there,
 * its files are there and every recorded source has the size and mtime it had at build;
 * otherwise `{ entry: null, reason }`, the reason in a few words for the user.
 * @param {string} root the project folder
 * @param {string} [outDir] default `<root>/dist/cli`
 * @returns {{ entry: string, reason?: undefined } | { entry: null, reason: string }}
 */
function freshCliBundle(root, outDir = join(root, 'dist', 'cli')) {
  const shown = relative(process.cwd(), outDir) || '.';
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8'));
  } catch {
    return { entry: null, reason: `no built CLI in ${shown}` };
  }
  for (const file of manifest.outputs) {
    if (!existsSync(join(outDir, file))) return { entry: null, reason: `${shown}/${file} is missing` };
  }
  for (const [file, recorded] of Object.entries(manifest.sources)) {
    const now = signature(join(root, file));
    if (now?.[0] !== recorded?.[0] || now?.[1] !== recorded?.[1]) return { entry: null, reason: `${file} changed after the CLI in ${shown} was built` };
  }
  return { entry: join(outDir, manifest.entry) };
}

/**
 * Loads the CLI bundle (CommonJS, see `cliBundle`) with V8's code cache: the bundle is
 * compiled through `vm.Script` with the cache kept beside it (`<entry>.v8cache`), so a cold
 * `valhalla` skips parsing and compiling most of it (Node 20 has no compile cache of its
 * own; Node 22's `module.enableCompileCache` does not cover code run this way). A missing or
 * rejected cache (V8 checks it against the source and its own version) is written anew when
 * the process exits, after the command ran, so it holds the functions that command compiled;
 * a cache that cannot be written (a read-only install) is simply not kept.
 * @param {string} entry the bundle's absolute path (`freshCliBundle(...).entry`)
 * @returns {Record<string, unknown>} the bundle's exports (`main`)
 */
function loadCliBundle(entry) {
  const cachePath = `${entry}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(entry, 'utf8')), { filename: entry, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        // written beside it and renamed, so a concurrent run reads the old cache or the new one
        writeFileSync(`${cachePath}.${process.pid}`, script.createCachedData());
        renameSync(`${cachePath}.${process.pid}`, cachePath);
      } catch {
        // a read-only install runs without the cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(entry), module, entry, dirname(entry));
  return module.exports;
}

module.exports = { freshCliBundle, loadCliBundle };
