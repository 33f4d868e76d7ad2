/**
 * Reports and backups benchmarks:
 * - `reports.exportAudit` of a month holding 100,000 executed decisions with their audit
 *   events (two each: the state change and the decision's own), in a child process so its
 *   peak RSS is its own (targets ≤ 10 s, ≤ 300 MB), against a bare `SELECT *` of the same
 *   rows streamed to CSV by `csv-stringify` in a child of its own; the same export of the
 *   month's first week beside it, to show whether time and memory grow with the range;
 * - `verifyBundle` of that bundle, from the bundle alone and against the database, each in
 *   a child, as a ratio to the export's time;
 * - `backup.run` of the real shop (the UCI Online Retail file imported), against a plain
 *   copy of the database file (time) and the database file's size (size).
 *
 * The decisions are written straight through `insertDecision` and `appendAudit` in large
 * transactions (100,000 dispatches would take minutes), with the dispatcher's shapes: gate
 * results, params and result hashes, the decision event after the state change.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Decision } from '../../shared/contract';
import { applyPragmas } from '../../main/engine/db/connection';
import { createEngine } from '../../main/engine/engine';
import { appendAudit, type AuditChange } from '../../main/engine/governance/audit';
import { hashValue } from '../../main/engine/governance/canonical';
import { insertDecision } from '../../main/engine/governance/decisions';
import type { Engine } from '../../main/engine/types';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import { goLive } from '../helpers/golive';
import { seededRandom } from '../helpers/random';
import type { BenchSuite } from './suites';

const quiet = { info() {}, warn() {}, error() {} };
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const log = (message: string) => process.stderr.write(`${message}\n`);

/** The month the decisions fill (UTC household), and the week exported beside it. */
const MONTH = { from: '2026-11-01', to: '2026-11-30', fromInstant: '2026-11-01T00:00:00.000Z', toInstant: '2026-12-01T00:00:00.000Z' };
const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const SETUP_AT = '2026-11-01T05:00:00.000Z';

/**
 * When each progress phase of a long action was first and last reported, in seconds from
 * `start` (a phase's last report is when it finished, or the last before the next began).
 */
export function phaseTimes(engine: Engine, start: number): Record<string, { from: number; to: number }> {
  const phases: Record<string, { from: number; to: number }> = {};
  engine.on('job.progress', (p) => {
    const at = Number(((performance.now() - start) / 1000).toFixed(2));
    phases[p.phase] ??= { from: at, to: at };
    phases[p.phase]!.to = at;
  });
  return phases;
}

type ChildResult = Record<string, unknown> & { seconds: number; peakRssMb: number; startRssMb: number };

function child(mode: 'export' | 'bare' | 'verify' | 'verify-db', args: Record<string, unknown>): ChildResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'export-child.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, mode, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as ChildResult;
}

const ITEMS = Array.from({ length: 400 }, (_, i) => ({ id: uuidv7({ msecs: Date.parse(SETUP_AT) + i }), name: `Item ${i} ${['tea lights', 'lantern', 'mug', 'napkins', 'candle'][i % 5]}` }));
const VENDORS = ['Corner Shop', 'Wholesale & Co', 'Market Hall, stall 4', 'Online "Direct"', 'Bakery Müller'];
const CATEGORIES = ['groceries', 'stock', 'supplies', 'repairs', 'utilities'];
const BANDS = ['A', 'B', 'C', 'D'] as const;

/** The gate results a decision of `status` carries, as the dispatcher records them. */
function gatesFor(status: Decision['status'], spend: boolean, utilisation: number): Decision['gates'] {
  if (status === 'INVALID') return [];
  const approval =
    status === 'PENDING_APPROVAL'
      ? { gate: 'approval', verdict: 'block' as const, reason: 'needs approval: €180.00 is over band B’s approval threshold of €150.00' }
      : spend
        ? { gate: 'approval', verdict: 'pass' as const, reason: '€42.50 is under band B’s approval threshold of €150.00' }
        : { gate: 'approval', verdict: 'pass' as const, reason: 'not a spend: no approval required' };
  const caps =
    status === 'BLOCKED' && spend
      ? { gate: 'caps', verdict: 'block' as const, reason: 'the daily spend cap on "stock" (€500.00) would be exceeded: €480.00 spent today, €42.50 more' }
      : spend
        ? { gate: 'caps', verdict: utilisation > 0.8 ? ('warn' as const) : ('pass' as const), reason: `within caps (${Math.round(utilisation * 100)} % of the tightest daily cap after this spend)` }
        : { gate: 'caps', verdict: 'pass' as const, reason: 'not a spend: no spend cap applies' };
  return [
    { gate: 'permission', verdict: 'pass', reason: 'owner may run this action' },
    { gate: 'go-live', verdict: 'pass', reason: 'execution is on' },
    { gate: 'exec-class', verdict: 'pass', reason: 'prod' },
    { gate: 'band', verdict: status === 'BLOCKED' && !spend ? 'block' : 'pass', reason: status === 'BLOCKED' && !spend ? 'band D (Freeze) is below this action’s minimum band C' : 'band B meets minimum band C' },
    { gate: 'health', verdict: 'pass', reason: 'health is green' },
    { gate: 'charter', verdict: 'pass', reason: 'operator action: no automation charter applies' },
    approval,
    caps,
  ];
}

/** One executed decision of the month: action, params, outcome and its state change. */
function makeDecision(next: () => number, i: number, at: string, operator: { id: string; name: string }): { decision: Decision; change: AuditChange } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const item = pick(ITEMS);
  const amountMinor = 200 + Math.floor(next() * 40_000);
  const day = at.slice(0, 10);
  const r = next();
  let action: string;
  let params: Record<string, unknown>;
  let result: Record<string, unknown>;
  let entity: string;
  let entityId: string;
  let before: unknown;
  let spend = false;
  if (r < 0.3) {
    const qty = 1 + Math.floor(next() * 3);
    const onHand = 5 + Math.floor(next() * 60);
    action = 'inventory.consume';
    params = next() < 0.3 ? { itemId: item.id, qty, note: 'used at the counter' } : { itemId: item.id, qty };
    result = { entry: { seq: i + 1, itemId: item.id, kind: 'consume', delta: -qty, onHandAfter: onHand - qty, at }, item: { id: item.id, name: item.name, onHand: onHand - qty } };
    [entity, entityId, before] = ['item', item.id, { onHand }];
  } else if (r < 0.38) {
    const counted = Math.floor(next() * 80);
    action = 'inventory.adjust';
    params = { itemId: item.id, countedQty: counted, reason: 'weekly stock count' };
    result = { entry: { seq: i + 1, itemId: item.id, kind: 'adjust', delta: counted - 20, onHandAfter: counted, at }, item: { id: item.id, name: item.name, onHand: counted } };
    [entity, entityId, before] = ['item', item.id, { onHand: 20 }];
  } else if (r < 0.45) {
    action = 'inventory.transfer';
    params = { itemId: item.id, qty: 2, fromLocationId: null, toLocationId: ITEMS[0]!.id, note: 'to the back room' };
    result = { entry: { seq: i + 1, itemId: item.id, kind: 'transfer', delta: 0, at } };
    [entity, entityId, before] = ['item', item.id, { locations: { main: 12 } }];
  } else if (r < 0.6) {
    action = 'receipts.create';
    params = { vendor: pick(VENDORS), date: day, totalMinor: amountMinor, currency: 'EUR', category: pick(CATEGORIES) };
    entityId = uuidv7({ msecs: Date.parse(at) });
    result = { id: entityId, ...params, status: 'complete', createdAt: at, attachments: [] };
    [entity, before] = ['receipt', null];
  } else if (r < 0.72) {
    action = 'purchases.create';
    params = { title: `Restock ${item.name}`, amountMinor, category: pick(CATEGORIES), itemId: item.id, qty: 12, vendor: pick(VENDORS) };
    entityId = uuidv7({ msecs: Date.parse(at) });
    result = { id: entityId, ...params, status: 'DRAFT', createdAt: at, history: [{ at, to: 'DRAFT', by: operator.name }] };
    [entity, before] = ['purchase', null];
    spend = false;
  } else if (r < 0.84) {
    action = 'purchases.execute';
    entityId = uuidv7({ msecs: Date.parse(at) - 86_400_000 });
    params = { id: entityId, actualAmountMinor: amountMinor };
    result = { id: entityId, title: `Restock ${item.name}`, amountMinor, status: 'EXECUTED', executedAt: at, spendId: uuidv7({ msecs: Date.parse(at) }) };
    [entity, before] = ['purchase', { status: 'APPROVED' }];
    spend = true;
  } else if (r < 0.94) {
    action = 'ledger.record';
    params = { accountId: ITEMS[1]!.id, date: day, amountMinor: -amountMinor, payee: pick(VENDORS), category: pick(CATEGORIES), memo: `invoice ${1000 + i}` };
    entityId = uuidv7({ msecs: Date.parse(at) });
    result = { id: entityId, ...params, source: 'manual', createdAt: at };
    [entity, before] = ['ledger_entry', null];
    spend = true;
  } else if (r < 0.97) {
    const to = pick(BANDS);
    action = 'governance.setBand';
    params = { band: to, reason: `cash runway ${Math.floor(next() * 90)} days` };
    result = { band: to };
    [entity, entityId, before] = ['governance', 'band', { band: 'B' }];
  } else {
    action = 'purchases.advance';
    entityId = uuidv7({ msecs: Date.parse(at) - 3_600_000 });
    params = { id: entityId, to: 'APPROVED', note: 'quote checked' };
    result = { id: entityId, status: 'APPROVED', decidedAt: at, decidedBy: operator.name };
    [entity, before] = ['purchase', { status: 'ASSESSED' }];
  }
  // outcomes: mostly OK; spends are held for approval or blocked by a cap now and then
  const o = next();
  let status: Decision['status'] = 'OK';
  if (spend && o < 0.08) status = 'PENDING_APPROVAL';
  else if (spend && o < 0.13) status = 'BLOCKED';
  else if (o < 0.015) status = 'INVALID';
  else if (o < 0.025) status = 'ERROR';
  else if (o < 0.035) status = 'BLOCKED';
  const ok = status === 'OK';
  const reasons: Record<Decision['status'], string | null> = {
    OK: null,
    PENDING_APPROVAL: 'needs approval: €180.00 is over band B’s approval threshold of €150.00',
    BLOCKED: spend ? 'the daily spend cap on "stock" (€500.00) would be exceeded' : 'band D (Freeze) is below this action’s minimum band C',
    INVALID: 'invalid params: qty: Too small: expected number to be >0',
    ERROR: 'the item was archived while the action ran',
  };
  const codes: Record<Decision['status'], string | null> = { OK: null, PENDING_APPROVAL: 'pending_approval', BLOCKED: 'blocked', INVALID: 'invalid', ERROR: 'conflict' };
  const decision: Decision = {
    id: uuidv7({ msecs: Date.parse(at) }),
    at,
    operatorId: operator.id,
    operatorName: operator.name,
    sessionId: null,
    action,
    mode: 'execute',
    status,
    reason: reasons[status],
    errorCode: codes[status] as Decision['errorCode'],
    gates: gatesFor(status, spend, next()),
    riskBucket: spend ? (['GREEN', 'YELLOW', 'RED'] as const)[Math.floor(next() * 3)]! : null,
    params,
    paramsSha256: hashValue(params),
    resultSha256: ok ? hashValue(result) : null,
    result: ok ? result : null,
  };
  // the state change the outcome made: the effect when OK; the approval request or the alert otherwise
  const change: AuditChange = ok
    ? { entity, entityId, before, after: result }
    : status === 'PENDING_APPROVAL'
      ? { entity: 'approval', entityId: uuidv7({ msecs: Date.parse(at) }), before: null, after: { status: 'PENDING', title: action, amountMinor, requestedBy: operator.name, requestedAt: at } }
      : { entity: 'alert', entityId: uuidv7({ msecs: Date.parse(at) }), before: null, after: { severity: 'warning', kind: status === 'BLOCKED' ? 'action_blocked' : 'action_failed', message: `${action}: ${reasons[status]}`, at } };
  return { decision, change };
}

/**
 * A live database (setup and Go-live through the engine at `SETUP_AT`), then `n` executed
 * decisions over the month, each with its state change and its decision event, in
 * transactions of 10,000 decisions.
 */
export function fillMonth(dbPath: string, n: number): { events: number } {
  const engine = createEngine({ dbPath, log: quiet, clock: { now: () => new Date(SETUP_AT) } });
  engine.dispatch('setup.initialize', { ownerName: 'Bench Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute');
  goLive(engine);
  engine.close();
  const db = new Database(dbPath);
  applyPragmas(db);
  const operator = db.prepare("SELECT id, name FROM operators WHERE role = 'owner' LIMIT 1").get() as { id: string; name: string };
  const next = seededRandom(8);
  const start = Date.parse('2026-11-01T06:00:00.000Z');
  const step = Math.floor((Date.parse('2026-11-30T22:00:00.000Z') - start) / n);
  const batch = 10_000;
  let events = 0;
  for (let b = 0; b < n; b += batch) {
    db.transaction(() => {
      for (let i = b; i < Math.min(n, b + batch); i++) {
        const at = new Date(start + i * step + Math.floor(next() * step)).toISOString();
        const { decision: d, change } = makeDecision(next, i, at, operator);
        insertDecision(db, d);
        const decisionEvent: AuditChange = { entity: 'decision', entityId: d.id, before: null, after: { action: d.action, status: d.status, reason: d.reason, paramsSha256: d.paramsSha256, resultSha256: d.resultSha256 } };
        appendAudit(db, { at, operatorId: d.operatorId, sessionId: d.sessionId, decisionId: d.id, action: d.action }, [change, decisionEvent]);
        events += 2;
      }
    })();
  }
  db.close();
  return { events };
}

function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

async function exportAndVerify(dir: string, decisions: number): Promise<Record<string, unknown>> {
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'month.sqlite');
  log(`reports: ${decisions} decisions with their audit events over ${MONTH.from}…${MONTH.to} …`);
  const fillStart = performance.now();
  const filled = fillMonth(dbPath, decisions);
  const fillSeconds = (performance.now() - fillStart) / 1000;

  log('reports: export of the month (child), then the bare SELECT-to-CSV baseline (child) …');
  const monthZip = join(dir, 'month.zip');
  const exported = child('export', { dbPath, from: MONTH.from, to: MONTH.to, outPath: monthZip });
  const counts = exported.counts as { decisions: number; auditEvents: number; firstSeq: number; lastSeq: number };
  const bareDir = join(dir, 'bare-csv');
  mkdirSync(bareDir);
  const bare = child('bare', { dbPath, fromInstant: MONTH.fromInstant, toInstant: MONTH.toInstant, firstSeq: counts.firstSeq, lastSeq: counts.lastSeq, outDir: bareDir });
  rmSync(bareDir, { recursive: true, force: true });

  log('reports: export of the first week (child), for growth with the range …');
  const week = child('export', { dbPath, from: WEEK.from, to: WEEK.to, outPath: join(dir, 'week.zip') });
  const weekCounts = week.counts as { decisions: number; auditEvents: number };

  log('reports: verify of the month bundle, alone then against the database (children) …');
  const alone = child('verify', { outPath: monthZip });
  const withDb = child('verify-db', { outPath: monthZip, dbPath });
  if (alone.status !== 'intact' || withDb.status !== 'intact') throw new Error(`the bundle does not verify: ${String(alone.status)} / ${String(withDb.status)}`);

  return {
    reportsExport: {
      decisions: counts.decisions,
      auditEvents: counts.auditEvents,
      seconds: round(exported.seconds),
      peakRssMb: exported.peakRssMb,
      rssBeforeExportMb: exported.rssBeforeMb,
      bundleMb: mb(exported.bytes as number),
      phasesSeconds: exported.phases,
      bareCsvSeconds: round(bare.seconds),
      bareCsvPeakRssMb: bare.peakRssMb,
      bareCsvMb: mb(bare.bytes as number),
      ratioToBareCsv: round(exported.seconds / bare.seconds),
      note: 'the bundle writes each table twice (JSONL and CSV, deflated) plus the PDF; the baseline writes one plain CSV of each',
      targets: '≤ 10 s, peak RSS ≤ 300 MB',
    },
    reportsExportFirstWeek: {
      decisions: weekCounts.decisions,
      auditEvents: weekCounts.auditEvents,
      seconds: round(week.seconds),
      peakRssMb: week.peakRssMb,
      secondsPerThousandDecisions: round((week.seconds / weekCounts.decisions) * 1000, 3),
      monthSecondsPerThousandDecisions: round((exported.seconds / counts.decisions) * 1000, 3),
    },
    reportsVerify: {
      eventsChecked: alone.eventsChecked,
      bundleAloneSeconds: round(alone.seconds),
      bundleAlonePeakRssMb: alone.peakRssMb,
      againstDatabaseSeconds: round(withDb.seconds),
      againstDatabasePeakRssMb: withDb.peakRssMb,
      ratioToExport: round(alone.seconds / exported.seconds),
      againstDatabaseRatioToExport: round(withDb.seconds / exported.seconds),
    },
    reportsFill: { decisions, auditEvents: filled.events, seconds: round(fillSeconds), databaseMb: mb(statSync(dbPath).size) },
  };
}

async function backupShop(dir: string, salesFile: string): Promise<Record<string, unknown>> {
  if (!hasDataset(salesFile)) return { backupShop: { skipped: `no data set at ${salesFile}` } };
  mkdirSync(dir, { recursive: true });
  log('reports: import of the real shop for the backup …');
  const dbPath = join(dir, 'shop.sqlite');
  let engine: Engine = createEngine({ dbPath, log: quiet });
  engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'GBP', timeZone: 'Europe/London' }, 'execute');
  goLive(engine);
  const staged = await engine.files.putPath(salesFile);
  const imported = await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, opening: { mode: 'coverDays', days: 30 }, shiftToToday: true }, 'execute');
  if (!imported.ok) throw new Error(imported.error.message);
  engine.close(); // the last connection's close checkpoints the WAL into the file
  const databaseBytes = statSync(dbPath).size;
  const fileStoreBytes = folderBytes(join(dir, 'files'));

  log('reports: backup of the shop, and a plain copy of its database file …');
  const copyStart = performance.now();
  copyFileSync(dbPath, join(dir, 'copy.sqlite'));
  const copySeconds = (performance.now() - copyStart) / 1000;
  rmSync(join(dir, 'copy.sqlite'));

  engine = createEngine({ dbPath, log: quiet, startupChecks: false });
  const folder = join(dir, 'backups');
  const configured = engine.dispatch('backup.configure', { folder }, 'execute');
  if (!configured.ok) throw new Error(configured.error.message);
  const start = performance.now();
  const phases = phaseTimes(engine, start);
  const r = await engine.dispatchAsync('backup.run', {}, 'execute');
  const seconds = (performance.now() - start) / 1000;
  engine.close();
  if (!r.ok) throw new Error(r.error.message);
  const backup = r.value.result;
  return {
    backupShop: {
      salesRows: imported.value.result.rows,
      auditEvents: backup.counts.auditEvents,
      seconds: round(seconds),
      phasesSeconds: phases,
      backupMb: mb(backup.size),
      databaseMb: mb(databaseBytes),
      fileStoreMb: mb(fileStoreBytes),
      ratioSizeToDatabase: round(backup.size / databaseBytes),
      copyFileSeconds: round(copySeconds, 3),
      ratioToCopyFile: round(seconds / copySeconds),
      verified: backup.verified,
      note: 'backup.run = online backup + integrity_check + audit chain verify + deflate + read-back verify; the baseline is one file copy',
    },
  };
}

export interface ReportsBenchOptions {
  /** Executed decisions written over the month (each with two audit events). */
  decisions: number;
  /** The sales file imported as the shop to back up (UCI layout); missing: the backup is skipped. */
  salesFile: string;
}

/** The suite with its sizes (the smoke test runs it small). */
export function reportsSuiteWith(options: ReportsBenchOptions): BenchSuite {
  return {
    name: 'reports',
    async run(tmpDir) {
      const dir = join(tmpDir, 'reports');
      mkdirSync(dir, { recursive: true });
      try {
        const month = await exportAndVerify(join(dir, 'month'), options.decisions);
        rmSync(join(dir, 'month'), { recursive: true, force: true });
        const shop = await backupShop(join(dir, 'shop'), options.salesFile);
        return { ...month, ...shop };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const reportsSuite = reportsSuiteWith({ decisions: 100_000, salesFile: ONLINE_RETAIL });
