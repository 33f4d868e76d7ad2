/**
 * `npm run bench`: benchmarks, printed as JSON. Never asserts on time; each figure is
 * reported with a baseline measured in the same run, as a ratio, so machines compare.
 *
 * Foundation figures (issue 2):
 * - governed `execute` action vs a bare single-row insert committed with the same pragmas (target ≤ 1.5×)
 * - `plan` mode actions per second
 * - `audit.verify` events per second on 100,000 events (target ≥ 300,000/s), vs a bare scan of the same rows
 * - browser-mode query round trip p50/p99 over the WebSocket (target p50 ≤ 1 ms), vs the in-process query
 *
 * Every run merges its figures into `bench/results.json` and rewrites the README's
 * performance table from it (test/bench/report.ts); `--no-readme` leaves the README alone.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../main/engine/db/connection';
import { createEngine } from '../../main/engine/engine';
import { appendAudit } from '../../main/engine/governance/audit';
import type { Engine } from '../../main/engine/types';
import { goLive } from '../helpers/golive';
import { mergeResults, updateReadme } from './report';
import { percentile } from './stats';

const quiet = { info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'valhalla-bench-'));
const results: Record<string, unknown> = {};
const log = (message: string) => process.stderr.write(`${message}\n`);

function timeEach(n: number, fn: (i: number) => void): { perOpMs: number; opsPerSec: number } {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const ms = performance.now() - start;
  return { perOpMs: ms / n, opsPerSec: (n / ms) * 1000 };
}

function liveEngine(name: string): Engine {
  const engine = createEngine({ dbPath: join(dir, name), log: quiet });
  engine.dispatch('setup.initialize', { ownerName: 'Bench Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute');
  goLive(engine);
  return engine;
}

function benchDispatch(n = 2000): void {
  log(`governed execute vs bare insert, ${n} each …`);
  const bare = new Database(join(dir, 'bare.sqlite'));
  applyPragmas(bare);
  bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, band TEXT, reason TEXT)');
  const insert = bare.prepare('INSERT INTO t (at, band, reason) VALUES (?, ?, ?)');
  const bareInsert = bare.transaction((i: number) => insert.run(new Date().toISOString(), i % 2 ? 'A' : 'C', `bench ${i}`));
  const engine = liveEngine('dispatch.sqlite');
  // warm-up
  for (let i = 0; i < 50; i++) {
    bareInsert(i);
    engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `warm ${i}` }, 'execute');
  }
  const baseline = timeEach(n, (i) => bareInsert(i));
  const governed = timeEach(n, (i) => {
    const r = engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `bench ${i}` }, 'execute');
    if (!r.ok) throw new Error(r.error.message);
  });
  const plan = timeEach(n, (i) => engine.dispatch('governance.setBand', { band: i % 2 ? 'D' : 'A', reason: `plan ${i}` }, 'plan'));
  results.governedExecute = {
    n,
    bareInsertMs: round(baseline.perOpMs, 4),
    governedMs: round(governed.perOpMs, 4),
    ratio: round(governed.perOpMs / baseline.perOpMs, 2),
    target: '≤ 1.5×',
  };
  results.planMode = { n, perSecond: Math.round(plan.opsPerSec), ratioToExecute: round(plan.perOpMs / governed.perOpMs, 2) };
  engine.close();
  bare.close();
}

function benchVerify(events = 100_000): void {
  log(`audit.verify on ${events} events …`);
  const path = join(dir, 'verify.sqlite');
  const engine = liveEngine('verify.sqlite');
  engine.close();
  const db = new Database(path);
  applyPragmas(db);
  db.transaction(() => {
    const batch = 1000;
    for (let i = 0; i < events; i += batch) {
      const changes = Array.from({ length: batch }, (_, j) => ({ entity: 'bench', entityId: String(i + j), before: { qty: i + j }, after: { qty: i + j + 1, note: 'bench row' } }));
      appendAudit(db, { at: new Date().toISOString(), operatorId: null, sessionId: null, decisionId: null, action: 'bench.fill' }, changes);
    }
  })();
  const scanStart = performance.now();
  let scanned = 0;
  for (const _row of db.prepare('SELECT * FROM audit_events ORDER BY seq').raw().iterate()) scanned += 1;
  const scanMs = performance.now() - scanStart;
  db.close();
  const reopened = createEngine({ dbPath: path, log: quiet, startupChecks: false });
  const start = performance.now();
  const r = reopened.query('audit.verify', {});
  const ms = performance.now() - start;
  if (!r.ok || !r.value.ok) throw new Error('verification failed');
  results.auditVerify = {
    events: r.value.checked,
    eventsPerSecond: Math.round((r.value.checked / ms) * 1000),
    bareScanPerSecond: Math.round((scanned / scanMs) * 1000),
    ratioToBareScan: round(ms / scanMs, 2),
    target: '≥ 300,000/s',
  };
  reopened.close();
}

async function benchRoundTrip(n = 2000): Promise<void> {
  log(`browser-mode query round trip, ${n} queries …`);
  const { startHost } = await import('../../main/host/server');
  const { WebSocket } = await import('ws');
  const engine = liveEngine('roundtrip.sqlite');
  const host = await startHost({ engine, rendererDir: join(dir, 'no-renderer'), port: 0, log: quiet });
  const origin = `http://127.0.0.1:${host.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`, { headers: { Origin: origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, () => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number };
    if (typeof msg.id === 'number') pending.get(msg.id)?.();
  });
  const ask = (id: number) =>
    new Promise<void>((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, kind: 'query', name: 'governance.state', params: {} }));
    });
  for (let i = 0; i < 200; i++) await ask(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await ask(1000 + i);
    times.push(performance.now() - t);
  }
  const direct: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    engine.query('governance.state', {});
    direct.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  direct.sort((a, b) => a - b);
  results.browserRoundTrip = {
    n,
    p50Ms: round(percentile(times, 50), 3),
    p99Ms: round(percentile(times, 99), 3),
    inProcessP50Ms: round(percentile(direct, 50), 3),
    ratioP50ToInProcess: round(percentile(times, 50) / percentile(direct, 50), 2),
    target: 'p50 ≤ 1 ms',
  };
  ws.close();
  await host.close();
  engine.close();
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

async function mainBench(): Promise<void> {
  const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
  try {
    if (!only || only === 'dispatch') benchDispatch();
    if (!only || only === 'verify') benchVerify();
    if (!only || only === 'roundtrip') await benchRoundTrip();
    const extra = await import('./suites');
    for (const suite of extra.SUITES) if (!only || only === suite.name) Object.assign(results, await suite.run(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const os = await import('node:os');
  const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU', platform: `${os.platform()} ${os.arch()}`, at: new Date().toISOString() };
  process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
  // bench/results.json keeps the latest figure of every suite; the README's table is made from it
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  mkdirSync(join(root, 'bench'), { recursive: true });
  const file = mergeResults(join(root, 'bench', 'results.json'), machine, results);
  if (!process.argv.includes('--no-readme')) updateReadme(join(root, 'README.md'), file);
  log('written bench/results.json and the README performance table');
}

await mainBench();
