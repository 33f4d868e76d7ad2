// The `valhalla` CLI's bundle in dist/cli: built here (scripts/build.mjs, scripts/prepare.mjs,
// the CLI tests), checked here by bin/valhalla.mjs before it runs it.
//
// Next to the bundle, manifest.json records what it was built from: every project source
// file esbuild read (not node_modules) and the build's own scripts, each with its size and
// mtime, plus npm's record of node_modules (node_modules/.package-lock.json, rewritten by
// every npm install that changes the tree). The bundle is fresh while all of them are as
// recorded: about 200 stat calls, a few milliseconds, and no stale code after an edit, a
// checkout, a pull or a change of dependencies.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const MANIFEST = 'manifest.json';
const HERE = dirname(fileURLToPath(import.meta.url));

/** `[size, mtimeMs]` of a file, `null` when it does not exist. */
function signature(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? [stat.size, stat.mtimeMs] : null;
}

/**
 * Builds the CLI bundle (scripts/bundles.mjs `cliBundle`) into `outDir` with its manifest.
 * It is written beside `outDir` and swapped in with two renames, so a `valhalla` started
 * meanwhile finds either the old bundle, the new one or none (and then runs the sources).
 * A source saved while esbuild was reading may or may not be in the bundle, so such a build
 * is done again (up to three times in all).
 * @param {string} root the project folder
 * @param {string} [outDir] default `<root>/dist/cli`
 * @returns {Promise<{ outDir: string, entry: string, files: number, sources: number }>}
 * @throws the esbuild error when the sources do not build, or when they kept changing
 *   during three builds (nothing is replaced)
 */
export async function buildCli(root, outDir = join(root, 'dist', 'cli')) {
  const [{ build }, { cliBundle }] = await Promise.all([import('esbuild'), import('./bundles.mjs')]);
  const staging = `${outDir}.${process.pid}.building`;
  const previous = `${outDir}.${process.pid}.previous`;
  mkdirSync(dirname(outDir), { recursive: true });
  try {
    for (let attempt = 1; ; attempt++) {
      rmSync(staging, { recursive: true, force: true });
      const started = Date.now();
      const { metafile } = await build(cliBundle(root, staging));
      const outputs = Object.keys(metafile.outputs).map((file) => relative(staging, join(root, file)).split(sep).join('/'));
      const read = Object.keys(metafile.inputs).filter((file) => !file.includes(':') && !file.split('/').includes('node_modules'));
      const sources = {};
      for (const file of [...read, ...['bundles.mjs', 'cli-bundle.mjs'].map((name) => relative(root, join(HERE, name))), join('node_modules', '.package-lock.json')]) {
        sources[file.split(sep).join('/')] = signature(join(root, file));
      }
      const changed = Object.entries(sources).find(([, sig]) => sig !== null && sig[1] >= started)?.[0];
      if (changed !== undefined) {
        if (attempt === 3) throw new Error(`${changed} kept changing while the CLI was built`);
        continue;
      }
      const manifest = { entry: 'valhalla.cjs', builtAt: new Date(started).toISOString(), outputs, sources };
      writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
      if (existsSync(outDir)) renameSync(outDir, previous);
      renameSync(staging, outDir);
      return { outDir, entry: join(outDir, manifest.entry), files: outputs.length, sources: read.length };
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

/**
 * Whether the CLI bundle can run: `{ entry }` (its absolute path) when its manifest is there,
 * its files are there and every recorded source has the size and mtime it had at build;
 * otherwise `{ entry: null, reason }`, the reason in a few words for the user.
 * @param {string} root the project folder
 * @param {string} [outDir] default `<root>/dist/cli`
 * @returns {{ entry: string, reason?: undefined } | { entry: null, reason: string }}
 */
export function freshCliBundle(root, outDir = join(root, 'dist', 'cli')) {
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
export function loadCliBundle(entry) {
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
  script.runInThisContext()(module.exports, createRequire(entry), module, entry, dirname(entry));
  return module.exports;
}
