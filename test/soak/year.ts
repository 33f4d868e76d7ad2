/**
 * The soak's simulated year (issue 18, item 3): the real shop's year of sales (UCI Online
 * Retail, 2010-12-01 to 2011-12-09) replayed day by day on an injected clock, with the rest
 * of a week's use around it:
 * - each morning two receipts are entered (vendors and totals of the SROIE receipts, in turn);
 * - every second day a purchase needing an approval goes through (create, ready, assess,
 *   approve as a second operator, execute: through both cap scopes);
 * - each evening that day's sales are imported (its own CSV file, as a till export would be);
 * - the console's main queries are read and timed;
 * - at 23:00 the scheduler's daily tick runs;
 * - on Sundays the week's audit report is exported, on the 1st of each month a backup is made.
 * Every week: the database's size (with its WAL) and the process's RSS and heap after a
 * garbage collection (`node --expose-gc`; without it, as found).
 */
import { createReadStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';
import { addDays, formatISO } from 'date-fns';
import { createEngine } from '../../main/engine/engine';
import type { Clock, Engine } from '../../main/engine/types';
import { percentile } from '../bench/stats';
import { DATASETS, ONLINE_RETAIL } from '../helpers/datasets';
import { goLive } from '../helpers/golive';

const quiet = { info() {}, warn() {}, error() {} };

/** The queries timed each simulated day, with their params. */
const TIMED_QUERIES = [
  ['opsboard.summary', {}],
  ['forecast.rollup', { limit: 50 }],
  ['inventory.items', {}],
  ['receipts.list', {}],
  ['decisions.list', {}],
  ['audit.list', { limit: 50 }],
  ['shopping.list', {}],
  ['caps.usage', {}],
] as const;

/** One weekly sample. */
export interface SoakSample {
  day: string;
  dayIndex: number;
  dbMiB: number;
  rssMiB: number;
  heapUsedMiB: number;
  decisions: number;
  auditEvents: number;
}

/** What the year measured. */
export interface YearReport {
  days: number;
  salesRows: number;
  actions: Record<string, number>;
  refusals: Record<string, number>;
  samples: SoakSample[];
  queries: Record<string, { n: number; p50Ms: number; p99Ms: number; maxMs: number }>;
  exports: { n: number; medianSeconds: number };
  backups: { n: number; medianSeconds: number; lastMiB: number };
  /** Heap after GC, the last quarter's median over the second month's. */
  heapGrowth: number;
  /** RSS likewise. */
  rssGrowth: number;
  auditVerified: boolean;
  seconds: number;
  gcExposed: boolean;
}

const MIB = 1024 * 1024;
const round = (x: number, d = 2) => Number(x.toFixed(d));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
};

/** The sales file's rows grouped by calendar day (`YYYY-MM-DD` → CSV lines), in order. */
async function salesByDay(): Promise<{ header: string; days: Map<string, string[]>; rows: number }> {
  const days = new Map<string, string[]>();
  let header = '';
  let rows = 0;
  const parser = createReadStream(ONLINE_RETAIL).pipe(createGunzip()).pipe(parse({ relax_quotes: true }));
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  for await (const record of parser as AsyncIterable<string[]>) {
    const line = record.map(quote).join(',');
    if (!header) {
      header = line;
      continue;
    }
    const day = (record[4] ?? '').slice(0, 10);
    let list = days.get(day);
    if (!list) days.set(day, (list = []));
    list.push(line);
    rows += 1;
  }
  return { header, days, rows };
}

/** Vendors and totals (minor units) of the SROIE receipts, for the daily receipts. */
function sroieReceipts(): { vendor: string; totalMinor: number }[] {
  const folder = join(DATASETS, 'sroie-receipts', 'key');
  const out: { vendor: string; totalMinor: number }[] = [];
  for (const name of readdirSync(folder).sort()) {
    const key = JSON.parse(readFileSync(join(folder, name), 'utf8')) as { company?: string; total?: string };
    const total = Math.round(Number(key.total) * 100);
    if (key.company && Number.isSafeInteger(total) && total > 0) out.push({ vendor: key.company.slice(0, 120), totalMinor: total });
  }
  return out;
}

function dbBytes(dbPath: string): number {
  let n = 0;
  for (const suffix of ['', '-wal']) {
    try {
      n += statSync(dbPath + suffix).size;
    } catch {
      // no WAL right after a checkpoint: nothing to add
    }
  }
  return n;
}

/**
 * Runs the year in `folder` (a fresh folder). `days` limits it (for a quick look); the whole
 * file is 305 days with sales over 374 calendar days. `onWeek` hears each sample.
 */
export async function soakYear(folder: string, options: { days?: number; onWeek?: (s: SoakSample) => void } = {}): Promise<YearReport> {
  const started = performance.now();
  const { header, days, rows } = await salesByDay();
  const receipts = sroieReceipts();
  let now = new Date('2010-11-30T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const dbPath = join(folder, 'soak.sqlite');
  const engine: Engine = createEngine({ dbPath, clock, log: quiet });
  const actions: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  const times = new Map<string, number[]>();
  const samples: SoakSample[] = [];
  const exportSeconds: number[] = [];
  const backupSeconds: number[] = [];
  let lastBackupBytes = 0;
  const gc = (globalThis as { gc?: () => void }).gc;

  const count = <T>(name: string, r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T | null => {
    actions[name] = (actions[name] ?? 0) + 1;
    if (r.ok) return r.value;
    const key = `${name}: ${r.error.code}`;
    refusals[key] = (refusals[key] ?? 0) + 1;
    return null;
  };
  const at = (day: Date, hhmm: string) => {
    now = new Date(`${formatISO(day, { representation: 'date' })}T${hhmm}:00Z`);
  };

  try {
    count('setup.initialize', engine.dispatch('setup.initialize', { ownerName: 'Shop Owner', currency: 'GBP', timeZone: 'UTC' }, 'execute'));
    goLive(engine);
    const buyer = { operatorId: count('operators.create', engine.dispatch('operators.create', { name: 'Buyer', role: 'buyer' }, 'execute'))?.result.id ?? '' };
    const approver = { operatorId: count('operators.create', engine.dispatch('operators.create', { name: 'Approver', role: 'approver' }, 'execute'))?.result.id ?? '' };
    for (const scope of ['GLOBAL', 'Stock']) {
      count('caps.setPolicy', engine.dispatch('caps.setPolicy', { scope, dailySpendCapMinor: 500_000, dailyCountCap: 50, dailyLossCapMinor: null, reason: 'soak' }, 'execute'));
    }
    const backups = join(folder, 'backups');
    const exportsDir = join(folder, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    const first = new Date('2010-12-01T00:00:00Z');
    const last = new Date('2011-12-09T00:00:00Z');
    const total = Math.min(options.days ?? Infinity, Math.round((last.getTime() - first.getTime()) / 86_400_000) + 1);
    for (let d = 0; d < total; d++) {
      const day = addDays(first, d);
      const iso = formatISO(day, { representation: 'date' });

      at(day, '08:00');
      for (let k = 0; k < 2; k++) {
        const r = receipts[(2 * d + k) % receipts.length] as { vendor: string; totalMinor: number };
        count('receipts.create', engine.dispatch('receipts.create', { vendor: r.vendor, date: iso, totalMinor: r.totalMinor, currency: 'GBP', category: 'Supplies' }, 'execute'));
      }

      if (d % 2 === 0) {
        at(day, '12:00');
        const p = count('purchases.create', engine.dispatch('purchases.create', { title: `Stock order ${iso}`, amountMinor: 30_000 + ((d * 137) % 20_000), category: 'Stock', notes: 'weekly stock' }, 'execute', buyer))?.result;
        if (p) {
          count('purchases.advance', engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', buyer));
          const assessed = count('purchases.advance', engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', buyer))?.result;
          if (assessed?.approvalId) count('approvals.decide', engine.dispatch('approvals.decide', { approvalId: assessed.approvalId, decision: 'approve' }, 'execute', approver));
          else count('purchases.advance', engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', buyer));
          count('purchases.execute', engine.dispatch('purchases.execute', { id: p.id }, 'execute', buyer));
        }
      }

      const sales = days.get(iso);
      if (sales) {
        at(day, '20:00');
        const staged = await engine.files.putStream(Readable.from([Buffer.from(`${header}\n${sales.join('\n')}\n`)]), `sales-${iso}.csv`);
        count('inventory.importSales', await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, fileName: `sales-${iso}.csv` }, 'execute'));
      }

      at(day, '20:30');
      for (const [name, params] of TIMED_QUERIES) {
        const t = performance.now();
        const r = engine.query(name, params);
        const ms = performance.now() - t;
        if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
        let list = times.get(name);
        if (!list) times.set(name, (list = []));
        list.push(ms);
      }

      at(day, '23:00');
      count('scheduler.dailyTick', engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' }));

      if (day.getUTCDay() === 0) {
        at(day, '23:30');
        const t = performance.now();
        const outPath = join(exportsDir, `week-${iso}.zip`);
        const r = count('reports.exportAudit', await engine.dispatchAsync('reports.exportAudit', { from: formatISO(addDays(day, -6), { representation: 'date' }), to: iso, outPath }, 'execute'));
        if (r) exportSeconds.push((performance.now() - t) / 1000);
        rmSync(outPath, { force: true });
      }
      if (day.getUTCDate() === 1) {
        at(day, '23:45');
        const t = performance.now();
        const r = count('backup.run', await engine.dispatchAsync('backup.run', { folder: backups }, 'execute'));
        if (r) {
          backupSeconds.push((performance.now() - t) / 1000);
          lastBackupBytes = r.result.size;
        }
      }

      if (d % 7 === 6 || d === total - 1) {
        gc?.();
        const mem = process.memoryUsage();
        const state = engine.query('governance.state', {});
        const head = state.ok ? (state.value.chainHead?.seq ?? 0) : 0;
        const raw = new Database(dbPath, { readonly: true });
        const decisions = raw.prepare('SELECT count(*) FROM decisions').pluck().get() as number;
        raw.close();
        const sample: SoakSample = {
          day: iso,
          dayIndex: d,
          dbMiB: round(dbBytes(dbPath) / MIB, 1),
          rssMiB: round(mem.rss / MIB, 1),
          heapUsedMiB: round(mem.heapUsed / MIB, 1),
          decisions,
          auditEvents: head,
        };
        samples.push(sample);
        options.onWeek?.(sample);
      }
    }
    const verified = engine.query('audit.verify', {});
    const queries: YearReport['queries'] = {};
    for (const [name, list] of times) {
      const s = [...list].sort((a, b) => a - b);
      queries[name] = { n: s.length, p50Ms: round(percentile(s, 50), 3), p99Ms: round(percentile(s, 99), 3), maxMs: round(s.at(-1) ?? NaN, 3) };
    }
    const early = samples.filter((s) => s.dayIndex >= 28 && s.dayIndex < 63);
    const late = samples.slice(-Math.max(1, Math.floor(samples.length / 4)));
    const growth = (key: 'heapUsedMiB' | 'rssMiB') => (early.length && late.length ? round(median(late.map((s) => s[key])) / median(early.map((s) => s[key])), 2) : NaN);
    return {
      days: total,
      salesRows: rows,
      actions,
      refusals,
      samples,
      queries,
      exports: { n: exportSeconds.length, medianSeconds: round(median(exportSeconds), 2) },
      backups: { n: backupSeconds.length, medianSeconds: round(median(backupSeconds), 2), lastMiB: round(lastBackupBytes / MIB, 1) },
      heapGrowth: growth('heapUsedMiB'),
      rssGrowth: growth('rssMiB'),
      auditVerified: verified.ok && verified.value.ok,
      seconds: round((performance.now() - started) / 1000, 1),
      gcExposed: !!gc,
    };
  } finally {
    engine.close();
  }
}
