#!/usr/bin/env node
// `npm install` / `npm ci` (the `prepare` script): builds only the `valhalla` CLI's bundle
// (dist/cli, a few seconds, no network) so the installed command answers at once. A failed
// build never fails the install, since bin/valhalla.cjs then runs the TypeScript sources
// through tsx, but it says so plainly, with the reason and the command that retries it.
import { buildCli } from './cli-bundle.mjs';
import { ROOT } from './build.mjs';

try {
  const built = await buildCli(ROOT);
  console.log(`valhalla: built the CLI into ${built.outDir} (${built.sources} sources)`);
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.warn(
    [
      '',
      '  valhalla: the CLI bundle could not be built at install time:',
      `    ${reason}`,
      '  `valhalla` still works: it runs the TypeScript sources through tsx, about 2 s a call.',
      '  To build the bundle: npm run build:cli   (esbuild is a devDependency: not there with --omit=dev)',
      '',
    ].join('\n'),
  );
}
