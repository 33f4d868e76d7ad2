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
      external: ['electron', 'better-sqlite3', 'pdfkit', 'sharp', 'tesseract.js', '@tesseract.js-data/*', 'pdfjs-dist', '@napi-rs/canvas'],
      // the capture reader resolves its packages and trained data from the module's own URL
      define: { 'import.meta.url': '__valhallaModuleUrl' },
      banner: { js: "const __valhallaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
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

/** The CLI runs on the machine's Node (package.json engines: >= 20.19). */
const CLI_NODE_TARGET = 'node20';

/**
 * Packages the engine imports at its top but uses only inside one command's work, left out
 * of the CLI bundle and loaded by Node from node_modules on first use (see loadOnFirstUse):
 * pdfkit writes the audit report's PDF (with fontkit, which inflates its Unicode tables as
 * it loads: the largest single cost of a cold start); qif2json reads QIF statements (with
 * iconv-lite's and jschardet's tables, half of the engine's code once bundled). Both are used
 * only as `new Default(…)` or `Default.fn(…)`.
 */
const LOADED_ON_FIRST_USE = ['pdfkit', 'qif2json'];

/**
 * An esbuild plugin: each named package's default import becomes a stand-in that requires
 * the package the first time it is called, constructed or read from, so a command that never
 * uses it never loads it. Only for packages whose default export is a function or an object
 * of functions; a named import of one fails the build ("No matching export in first-use:…").
 * @param {string[]} names package names
 * @returns {import('esbuild').Plugin}
 */
function loadOnFirstUse(names) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'load-on-first-use',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === 'first-use' ? { path: args.path, external: true } : { path: args.path, namespace: 'first-use' }));
      build.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({
        resolveDir: build.initialOptions.absWorkingDir,
        loader: 'js',
        contents: `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
export default new Proxy(function firstUse() {}, {
  apply: (_target, self, params) => Reflect.apply(load(), self, params),
  construct: (_target, params) => Reflect.construct(load(), params),
  get: (_target, key) => Reflect.get(load(), key),
  has: (_target, key) => Reflect.has(load(), key),
});`,
      }));
    },
  };
}

/**
 * esbuild options for the `valhalla` CLI: one CommonJS file, `dist/cli/valhalla.cjs`, so
 * that bin/valhalla.cjs can compile it through `vm.Script` with V8's code cache (Node 20 has
 * no compile cache for ES modules; parsing and compiling the bundle was a fifth of a cold
 * query). Commands still load lazily: esbuild keeps each dynamic `import()`'s module behind
 * an init function, run only when the command needs it. better-sqlite3 (native) and pdfkit
 * (reads its font files from its own folder) stay outside; pdfkit and qif2json load on first
 * use. `import.meta.url` is this file's URL.
 * @param {string} root the project folder
 * @param {string} [outDir] where to write it (default `<root>/dist/cli`)
 * @returns {import('esbuild').BuildOptions}
 */
export function cliBundle(root, outDir = join(root, 'dist', 'cli')) {
  return {
    absWorkingDir: root,
    entryPoints: { valhalla: join(root, 'main', 'cli', 'main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: CLI_NODE_TARGET,
    external: ['better-sqlite3', 'pdfkit', 'sharp', 'tesseract.js', '@tesseract.js-data/*', 'pdfjs-dist', '@napi-rs/canvas'],
    plugins: [loadOnFirstUse(LOADED_ON_FIRST_USE)],
    define: { 'import.meta.url': '__valhallaModuleUrl' },
    banner: { js: "const __valhallaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    minify: true,
    keepNames: false,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}
