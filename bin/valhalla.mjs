#!/usr/bin/env node
// The `valhalla` command: the same engine from a terminal (main/cli/main.ts).
//
// It runs the esbuild bundle in dist/cli (built by `npm run build` and at install, by
// `prepare`) when that bundle is fresh: its manifest's record of every source it was built
// from (size and mtime of each project file, npm's record of node_modules, the build
// scripts) still matches the files, a few milliseconds of stat calls
// (scripts/cli-bundle.mjs). Otherwise, with no bundle or with a source changed since it was
// built, it says so in one line on stderr and runs the TypeScript sources through tsx: the
// same command, about 2 s slower, never stale code.
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshCliBundle } from '../scripts/cli-bundle.mjs';

// Node 22.1 and later keep V8's compiled code between runs; Node 20 has no such call.
module.enableCompileCache?.();

const bundle = freshCliBundle(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (bundle.entry) {
  ({ main } = await import(pathToFileURL(bundle.entry).href));
} else {
  process.stderr.write(`valhalla: ${bundle.reason}; running the TypeScript sources through tsx (slower; \`npm run build:cli\` builds it)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
