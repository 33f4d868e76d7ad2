#!/usr/bin/env node
// The `valhalla` command: the same engine from a terminal (main/cli/main.ts).
//
// It runs the esbuild bundle in dist/cli (built by `npm run build` and at install, by
// `prepare`) when that bundle is fresh: its manifest's record of every source it was built
// from (size and mtime of each project file, npm's record of node_modules, the build
// scripts) still matches the files, a few milliseconds of stat calls. The bundle is compiled
// with V8's code cache kept beside it (scripts/cli-run.cjs). Otherwise, with no bundle or
// with a source changed since it was built, it says so in one line on stderr and runs the
// TypeScript sources through tsx: the same command, about 2 s slower, never stale code.
// CommonJS, so a cold start does not wait for Node's ES module loader.
'use strict';
const { join } = require('node:path');
const { freshCliBundle, loadCliBundle } = require('../scripts/cli-run.cjs');

async function run() {
  const bundle = freshCliBundle(join(__dirname, '..'));
  let main;
  if (bundle.entry) {
    ({ main } = loadCliBundle(bundle.entry));
  } else {
    process.stderr.write(`valhalla: ${bundle.reason}; running the TypeScript sources through tsx (slower; \`npm run build:cli\` builds it)\n`);
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../main/cli/main.ts'));
  }
  process.exitCode = await main(process.argv.slice(2));
}

void run();
