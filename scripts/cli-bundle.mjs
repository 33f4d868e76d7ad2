// The `valhalla` CLI's bundle in dist/cli: built here (scripts/build.mjs, scripts/prepare.mjs,
// the CLI tests); bin/valhalla.cjs checks and loads it through ./cli-run.cjs.
//
// Next to the bundle, manifest.json records what it was built from: every project source
// file esbuild read (not node_modules) and the build's own scripts, each with its size and
// mtime, plus npm's record of node_modules (node_modules/.package-lock.json, rewritten by
// every npm install that changes the tree). The bundle is fresh while all of them are as
// recorded: about 200 stat calls, a few milliseconds, and no stale code after an edit, a
// checkout, a pull or a change of dependencies.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
      for (const file of [...read, ...['bundles.mjs', 'cli-bundle.mjs', 'cli-run.cjs'].map((name) => relative(root, join(HERE, name))), join('node_modules', '.package-lock.json')]) {
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

export { freshCliBundle, loadCliBundle } from './cli-run.cjs';
