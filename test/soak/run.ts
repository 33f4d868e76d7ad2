/**
 * `npm run soak`: the long runs of issue 18, each printed as it goes and written at the end
 * to `bench/soak.json`:
 * - `year`: the real shop's simulated year (test/soak/year.ts): database size, RSS and heap
 *   over time, p99 of the main queries; fails when the heap after GC grows by more than
 *   half from the second month to the last quarter (memory growing with time);
 * - `crash`: ≥ 200 SIGKILLs of a child doing governed work (test/helpers/crash.ts);
 * - `fuzz`: the contract fuzzer (test/helpers/fuzz.ts) at many times the `npm test` count.
 * `npm run soak -- year|crash|fuzz` runs one; `--kills N`, `--days N` and `--runs N` size them.
 * Exits non-zero when any check fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCrashWorker, prepareCrashFolder, runCrashRounds } from '../helpers/crash';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import { soakYear } from './year';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const only = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const log = (message: string) => process.stderr.write(`${message}\n`);
const resultsPath = join(ROOT, 'bench', 'soak.json');
/** The figures in `bench/soak.json` now (a run of one part keeps the others'). */
const previous = (): Record<string, unknown> => {
  try {
    return (JSON.parse(readFileSync(resultsPath, 'utf8')) as { results: Record<string, unknown> }).results;
  } catch {
    return {};
  }
};
const results: Record<string, unknown> = {};
const failures: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'valhalla-soak-'));

try {
  if (!only || only === 'year') {
    if (!hasDataset(ONLINE_RETAIL)) log(`year: skipped, no data set at ${ONLINE_RETAIL}`);
    else {
      log('year: the real shop, day by day …');
      const folder = join(dir, 'year');
      mkdirSync(folder);
      const days = flag('days', Infinity);
      const report = await soakYear(folder, {
        days: Number.isFinite(days) ? days : undefined,
        onWeek: (s) => log(`  ${s.day}: db ${s.dbMiB} MiB, rss ${s.rssMiB} MiB, heap ${s.heapUsedMiB} MiB, ${s.auditEvents} audit events`),
      });
      results.year = report;
      if (!report.auditVerified) failures.push('year: audit.verify failed at the end');
      if (report.heapGrowth > 1.5) failures.push(`year: the heap after GC grew ${report.heapGrowth}× from the second month to the last quarter`);
      log(`year: ${report.days} days in ${report.seconds} s; heap growth ${report.heapGrowth}×, rss growth ${report.rssGrowth}×; refusals ${JSON.stringify(report.refusals)}`);
    }
  }
  if (!only || only === 'crash') {
    const kills = flag('kills', 200);
    log(`crash: ${kills} kills …`);
    const folder = join(dir, 'crash');
    mkdirSync(folder);
    prepareCrashFolder(folder);
    const workerPath = await bundleCrashWorker();
    const report = await runCrashRounds({
      folder,
      workerPath,
      kills,
      seed: flag('seed', 18),
      maxBegins: 30,
      maxDelayMs: 60,
      onRound: (r) => {
        if (r.round % 10 === 0 || r.problems.length) log(`  kill ${r.round} during ${r.killedDuring}: ${r.committedSoFar} committed so far${r.problems.length ? `; PROBLEMS: ${r.problems.join('; ')}` : ''}`);
      },
    });
    results.crash = report;
    if (report.problems.length || report.missingDecisions) failures.push(`crash: ${report.problems.length} problems, ${report.missingDecisions} decisions lost`);
    log(`crash: ${report.kills} kills, ${report.committedDecisions} committed decisions, ${report.missingDecisions} lost, ${report.filesChecked} files verified, ${report.seconds} s`);
  }
  if (!only || only === 'fuzz') {
    const { runLongFuzz } = await import('./fuzz');
    const report = await runLongFuzz(join(dir, 'fuzz'), flag('runs', 0) || undefined, log, flag('seed', 18));
    results.fuzz = report;
    for (const f of report.failures) log(`  FAILURE ${f.kind} ${f.name}: ${f.error}\n    ${f.counterexample}\n    replay: ${f.replay}`);
    if (report.failures.length > 0 || !report.auditVerified) failures.push(`fuzz: ${report.failures.length} failures${report.auditVerified ? '' : ', audit.verify failed'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync(dirname(resultsPath), { recursive: true });
const os = await import('node:os');
const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU', at: new Date().toISOString() };
writeFileSync(resultsPath, `${JSON.stringify({ machine, results: { ...previous(), ...results } }, null, 2)}\n`);
log(`written ${resultsPath}`);
if (failures.length) {
  log(`SOAK FAILED:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
