/**
 * The CLI's cold start (issue 14, item 8, "A CLI that answers at once"): the installed
 * `valhalla` (bin/valhalla.cjs, running the bundle in dist/cli) spawned afresh for
 * `query governance.state` on an initialised database and for `--help`, against a bare
 * `node -e 0` spawned in the same rounds. Each round spawns all of them one after another,
 * starting with a different one each time, so a busy machine slows them alike; the figures
 * are medians in ms of wall time and the ratio to the bare node (target ≤ 3× for the query).
 * For comparison, a few runs of the same query from the TypeScript sources through tsx
 * (what bin/valhalla.cjs did before, and still does when no fresh bundle exists).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildCli, freshCliBundle } from '../../scripts/cli-bundle.mjs';
import type { BenchSuite } from './suites';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'valhalla.cjs');
const ROUNDS = 30;
const TSX_ROUNDS = 5;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** The old bin: registers tsx and runs main/cli/main.ts (argv after `--`). */
const FROM_SOURCES = "import { register } from 'tsx/esm/api'; register(); const { main } = await import('./main/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";

/**
 * Spawns `node args`; returns its wall time in ms, or NaN when the bin ran the sources
 * through tsx instead of the bundle (a source was edited meanwhile). Throws with the
 * child's stderr when it exits otherwise than `expectStatus`.
 */
function timeSpawn(args: string[], expectStatus = 0): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== expectStatus) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return args[0] === BIN && r.stderr.includes('through tsx') ? NaN : ms;
}

/** Builds the CLI bundle when it is missing or older than a source (others may be editing them). */
async function ensureFreshBundle(): Promise<void> {
  const fresh = freshCliBundle(ROOT);
  if (fresh.entry) return;
  process.stderr.write(`cli: ${fresh.reason}; building it …\n`);
  await buildCli(ROOT);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(dir) {
    await ensureFreshBundle();
    const db = join(dir, 'cli.sqlite');
    timeSpawn([BIN, '--db', db, 'init', '--owner', 'Bench', '--currency', 'EUR', '--timezone', 'UTC']);
    const runs = {
      bareNode: () => timeSpawn(['-e', '0']),
      query: () => timeSpawn([BIN, '--db', db, 'query', 'governance.state']),
      help: () => timeSpawn([BIN, '--help']),
    };
    const names = Object.keys(runs) as (keyof typeof runs)[];
    const times: Record<keyof typeof runs, number[]> = { bareNode: [], query: [], help: [] };
    process.stderr.write(`cli cold start: ${ROUNDS} rounds of ${names.join(', ')} …\n`);
    for (const name of names) runs[name](); // warm the file cache
    for (let i = 0; i < ROUNDS; i++) {
      await ensureFreshBundle();
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length] as keyof typeof runs;
        times[name].push(runs[name]());
      }
    }
    process.stderr.write(`cli: ${TSX_ROUNDS} runs of the same query from the sources through tsx …\n`);
    const fromSources: number[] = [];
    for (let i = 0; i < TSX_ROUNDS; i++) fromSources.push(timeSpawn(['--input-type=module', '-e', FROM_SOURCES, '--', '--db', db, 'query', 'governance.state']));

    // a round where the bin fell back to the sources is left out
    for (const name of names) times[name] = times[name].filter((ms) => !Number.isNaN(ms));
    const bare = median(times.bareNode);
    return {
      cliColdStart: {
        rounds: ROUNDS,
        queryRuns: times.query.length,
        bareNodeMedianMs: round(bare),
        queryMedianMs: round(median(times.query)),
        queryRatio: round(median(times.query) / bare, 2),
        helpMedianMs: round(median(times.help)),
        helpRatio: round(median(times.help) / bare, 2),
        fromSourcesThroughTsx: { runs: TSX_ROUNDS, queryMedianMs: round(median(fromSources)), ratio: round(median(fromSources) / bare, 2) },
        target: 'query ≤ 3× bare node',
      },
    };
  },
};
