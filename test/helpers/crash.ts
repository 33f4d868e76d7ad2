/**
 * Crash durability (issue 18, item 1), free of vitest so `npm test` (20 kills) and
 * `npm run soak` (≥ 200) share it. A child process (test/fixtures/crash-worker.ts, bundled
 * once with esbuild so each start costs Node's, not tsx's) does governed spends, stock moves,
 * approvals, imports, exports and backups; the parent SIGKILLs it at a random point, then
 * checks the files it left:
 * - `PRAGMA integrity_check` is ok;
 * - the engine opens, and `audit.verify` (the whole chain, then its latest anchor) is ok;
 * - every decision the child announced as committed is stored, with its decision event;
 * - per cap scope and day, the spend counted equals the executed purchases of that day and
 *   scope, and nothing is left reserved;
 * - every item's stock on hand equals the sum of its journal, and the lots' remainders;
 * - every export or backup the child announced as finished verifies intact.
 * Then the next child goes on from there, so damage would compound and be found.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { createEngine } from '../../main/engine/engine';
import type { Engine } from '../../main/engine/types';
import type { CrashSetup } from '../fixtures/crash-worker';
import { goLive } from './golive';
import { unwrap } from './unwrap';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const quiet = { info() {}, warn() {}, error() {} };
const CATEGORY = 'Home';

/** What one kill left and what the checks found. */
export interface CrashRound {
  round: number;
  /** The operation the child had announced last when it was killed. */
  killedDuring: string;
  committedSoFar: number;
  problems: string[];
  /** Wall time of the child (start to kill) and of the checks after it, in ms. */
  childMs: number;
  checkMs: number;
}

/** Totals of a run of kills. */
export interface CrashReport {
  kills: number;
  committedDecisions: number;
  missingDecisions: number;
  killedDuring: Record<string, number>;
  filesChecked: number;
  problems: string[];
  seconds: number;
}

/**
 * Bundles the crash worker to `node_modules/.cache/valhalla-crash/crash-worker.cjs`, where
 * its external packages (native and lazily loaded ones, as in the shell bundle) resolve from
 * the project's node_modules. Returns the bundle's path.
 */
export async function bundleCrashWorker(): Promise<string> {
  const outfile = join(ROOT, 'node_modules/.cache/valhalla-crash/crash-worker.cjs');
  await build({
    entryPoints: [join(ROOT, 'test/fixtures/crash-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    absWorkingDir: ROOT,
    external: ['better-sqlite3', 'pdfkit', 'sharp', 'tesseract.js', '@tesseract.js-data/*', 'pdfjs-dist', '@napi-rs/canvas', 'esbuild'],
    define: { 'import.meta.url': '__valhallaModuleUrl' },
    banner: { js: "const __valhallaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  return outfile;
}

/**
 * Makes `<folder>/crash.sqlite`: an owner, execution on, a buyer and an approver, caps on
 * GLOBAL and the spend category high enough never to refuse, four items; writes their ids
 * to `<folder>/crash.json`.
 */
export function prepareCrashFolder(folder: string): void {
  mkdirSync(join(folder, 'exports'), { recursive: true });
  const engine = createEngine({ dbPath: join(folder, 'crash.sqlite'), log: quiet });
  try {
    unwrap(engine.dispatch('setup.initialize', { ownerName: 'Crash Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute'), 'initialize');
    goLive(engine);
    const buyerId = unwrap(engine.dispatch('operators.create', { name: 'Buyer', role: 'buyer' }, 'execute'), 'buyer').result.id;
    const approverId = unwrap(engine.dispatch('operators.create', { name: 'Approver', role: 'approver' }, 'execute'), 'approver').result.id;
    for (const scope of ['GLOBAL', CATEGORY]) {
      unwrap(engine.dispatch('caps.setPolicy', { scope, dailySpendCapMinor: 1_000_000_000, dailyCountCap: 1_000_000, dailyLossCapMinor: null, reason: 'crash run' }, 'execute'), 'caps');
    }
    const itemIds = ['Rice', 'Soap', 'Coffee', 'Batteries'].map((name) => unwrap(engine.dispatch('inventory.createItem', { name, unit: 'pcs' }, 'execute'), name).result.id);
    const setup: CrashSetup = { buyerId, approverId, itemIds, category: CATEGORY };
    writeFileSync(join(folder, 'crash.json'), JSON.stringify(setup));
  } finally {
    engine.close();
  }
}

interface ChildRun {
  committed: string[];
  files: string[];
  killedDuring: string;
  error?: string;
}

/**
 * Runs the worker until it has announced `beginsBeforeKill` operations, then SIGKILLs it
 * `delayMs` after the next line it prints (so kills land inside operations, not only
 * between them). Resolves with what it announced.
 */
function runChild(workerPath: string, folder: string, seed: number, beginsBeforeKill: number, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [workerPath, folder, String(seed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { committed: [], files: [], killedDuring: 'start' };
    let stderr = '';
    let buffered = '';
    let begins = 0;
    let armed = false;
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, rest] = [line.slice(0, line.indexOf(' ') < 0 ? line.length : line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
        if (kind === 'commit') run.committed.push(rest);
        else if (kind === 'file') run.files.push(rest);
        else if (kind === 'begin') {
          run.killedDuring = rest;
          begins += 1;
          if (begins > beginsBeforeKill) arm();
        } else if (kind === 'ready' && beginsBeforeKill === 0) arm();
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') run.error = `the child ended by itself (code ${code}): ${stderr.trim().slice(-2000)}`;
      resolve(run);
    });
  });
}

/** The checks after a kill; returns the problems found (empty when all hold). */
async function checkAfterKill(folder: string, committed: Set<string>, files: string[]): Promise<string[]> {
  const dbPath = join(folder, 'crash.sqlite');
  const problems: string[] = [];
  const raw = new Database(dbPath);
  try {
    const integrity = raw.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const stored = new Set((raw.prepare("SELECT id FROM decisions WHERE mode = 'execute'").pluck().all() as string[]));
    const audited = new Set((raw.prepare("SELECT entity_id FROM audit_events WHERE entity = 'decision'").pluck().all() as string[]));
    let missing = 0;
    for (const id of committed) if (!stored.has(id) || !audited.has(id)) missing += 1;
    if (missing > 0) problems.push(`${missing} decisions announced as committed are missing or unaudited`);
    const capDrift = raw
      .prepare(
        `WITH spent AS (
           SELECT substr(h.at, 1, 10) AS day, p.category AS category, sum(p.amount_minor) AS minor
           FROM purchases p JOIN purchase_history h ON h.purchase_id = p.id AND h.to_status = 'EXECUTED'
           WHERE p.status IN ('EXECUTED', 'ARCHIVED') GROUP BY day, p.category)
         SELECT u.day, u.scope, u.spent_minor, u.reserved_minor,
                coalesce((SELECT sum(minor) FROM spent s WHERE s.day = u.day AND (u.scope = 'GLOBAL' OR s.category = u.scope)), 0) AS settled
         FROM cap_usage u WHERE u.spent_minor <> settled OR u.reserved_minor <> 0`,
      )
      .all() as { day: string; scope: string; spent_minor: number; reserved_minor: number; settled: number }[];
    for (const r of capDrift) problems.push(`cap ${r.scope} on ${r.day}: counted ${r.spent_minor}, reserved ${r.reserved_minor}, executed purchases ${r.settled}`);
    const stockDrift = raw
      .prepare(
        `SELECT i.id, coalesce(s.on_hand, 0) AS on_hand,
                coalesce((SELECT sum(qty) FROM stock_journal j WHERE j.item_id = i.id), 0) AS journal,
                coalesce((SELECT sum(remaining) FROM stock_lots l WHERE l.item_id = i.id), 0) AS lots
         FROM items i LEFT JOIN item_stats s ON s.item_id = i.id`,
      )
      .all() as { id: string; on_hand: number; journal: number; lots: number }[];
    for (const r of stockDrift) {
      if (Math.abs(r.on_hand - r.journal) > 1e-9 || Math.abs(r.on_hand - r.lots) > 1e-9) problems.push(`item ${r.id}: on hand ${r.on_hand}, journal ${r.journal}, lots ${r.lots}`);
    }
  } finally {
    raw.close();
  }
  const engine: Engine = createEngine({ dbPath, log: quiet });
  try {
    const verified = unwrap(engine.query('audit.verify', {}), 'audit.verify');
    if (!verified.ok) problems.push(`audit.verify: first bad seq ${verified.firstBadSeq}, anchor ${JSON.stringify(verified.anchor)}`);
    for (const path of files) {
      if (!existsSync(path)) problems.push(`${path} was announced as written but is gone`);
      else if (path.includes(`${join(folder, 'exports')}`)) {
        const v = unwrap(await engine.queryAsync('reports.verify', { path, againstDatabase: true }), 'reports.verify');
        if (v.status !== 'intact') problems.push(`${path}: ${v.status}: ${v.message}`);
      } else {
        const preview = await engine.queryAsync('backup.inspect', { path });
        if (!preview.ok) problems.push(`${path}: ${preview.error.message}`);
      }
    }
  } finally {
    engine.close();
  }
  return problems;
}

/**
 * Runs `kills` rounds in `folder` (prepared by `prepareCrashFolder`): each starts the
 * worker with its own seed, kills it after 0–`maxBegins` operations plus 0–`maxDelayMs`
 * ms, and checks. Deterministic in `seed` apart from where the kill lands in time.
 * Exports and backups verified: only the newest of each kind per round (older ones were
 * verified in their own round; backups rotate).
 */
export async function runCrashRounds(options: {
  folder: string;
  workerPath: string;
  kills: number;
  seed: number;
  maxBegins?: number;
  maxDelayMs?: number;
  onRound?: (round: CrashRound) => void;
}): Promise<CrashReport> {
  const { folder, workerPath, kills, seed } = options;
  const started = Date.now();
  const committed = new Set<string>();
  const killedDuring: Record<string, number> = {};
  const problems: string[] = [];
  let filesChecked = 0;
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let round = 1; round <= kills; round++) {
    const t0 = Date.now();
    const run = await runChild(workerPath, folder, Math.floor(next() * 2 ** 31), Math.floor(next() * (options.maxBegins ?? 12)), Math.floor(next() * (options.maxDelayMs ?? 40)));
    for (const id of run.committed) committed.add(id);
    const newest = [run.files.filter((f) => f.includes(join(folder, 'exports'))).at(-1), run.files.filter((f) => !f.includes(join(folder, 'exports'))).at(-1)].filter((f): f is string => !!f);
    filesChecked += newest.length;
    const t1 = Date.now();
    const found = run.error ? [run.error] : await checkAfterKill(folder, committed, newest);
    killedDuring[run.killedDuring] = (killedDuring[run.killedDuring] ?? 0) + 1;
    for (const p of found) problems.push(`round ${round} (killed during ${run.killedDuring}): ${p}`);
    options.onRound?.({ round, killedDuring: run.killedDuring, committedSoFar: committed.size, problems: found, childMs: t1 - t0, checkMs: Date.now() - t1 });
    if (run.error) break;
  }
  const raw = new Database(join(folder, 'crash.sqlite'), { readonly: true });
  const stored = new Set(raw.prepare('SELECT id FROM decisions').pluck().all() as string[]);
  raw.close();
  const missingDecisions = [...committed].filter((id) => !stored.has(id)).length;
  return { kills, committedDecisions: committed.size, missingDecisions, killedDuring, filesChecked, problems, seconds: (Date.now() - started) / 1000 };
}

/** Reads back `crash.json` (for reports). */
export function crashSetup(folder: string): CrashSetup {
  return JSON.parse(readFileSync(join(folder, 'crash.json'), 'utf8')) as CrashSetup;
}
