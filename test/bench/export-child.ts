/**
 * One reports measurement in a process of its own, so its peak RSS is its own:
 *   export-child.ts export|bare|verify|verify-db '<json args>' → JSON on stdout.
 * `export`: `reports.exportAudit` through a live engine on the database (args: dbPath,
 * from, to, outPath), with when each of its progress phases was reported.
 * `bare`: the baseline: `SELECT *` of the same decisions and audit events (args: dbPath,
 * fromInstant, toInstant, firstSeq, lastSeq, outDir) streamed to two CSV files by
 * `csv-stringify` (the library the bundle uses), nothing else.
 * `verify` / `verify-db`: `verifyBundle(outPath)` from the bundle alone / with the database.
 * Peak RSS is `process.resourceUsage().maxRSS`, so it includes the process's start (the
 * TypeScript loader, the SQLite binding): `startRssMb` is the RSS once the modules are loaded,
 * `rssBeforeMb` (export) once the engine is open, just before the measured work.
 */
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import { createEngine } from '../../main/engine/engine';
import { verifyBundle } from '../../main/engine/reports/verify';
import { phaseTimes } from './reports';

const [mode, json] = process.argv.slice(2) as [string, string];
const args = JSON.parse(json) as Record<string, string | number>;
const quiet = { info() {}, warn() {}, error() {} };
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const startRssMb = mb(process.memoryUsage().rss);
const out = (value: Record<string, unknown>) => process.stdout.write(JSON.stringify({ startRssMb, ...value }));

if (mode === 'export') {
  const engine = createEngine({ dbPath: String(args.dbPath), log: quiet, startupChecks: false });
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const t = performance.now();
  const phases = phaseTimes(engine, t);
  const r = await engine.dispatchAsync('reports.exportAudit', { from: args.from, to: args.to, outPath: args.outPath }, 'execute');
  const seconds = (performance.now() - t) / 1000;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const peak = peakRssMb();
  engine.close();
  const report = r.value.result;
  out({ seconds, peakRssMb: peak, rssBeforeMb, bytes: report.size, counts: report.counts, phases });
} else if (mode === 'bare') {
  const db = new Database(String(args.dbPath), { readonly: true });
  const t = performance.now();
  const decisions = db.prepare("SELECT * FROM decisions WHERE mode = 'execute' AND at >= ? AND at < ? ORDER BY at").raw();
  const events = db.prepare('SELECT * FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq').raw();
  const write = async (rows: IterableIterator<unknown[]>, columns: string[], file: string) => {
    await pipeline(Readable.from(rows), stringify({ header: true, columns, record_delimiter: 'windows' }), createWriteStream(file));
    return statSync(file).size;
  };
  const decisionColumns = decisions.columns().map((c) => c.name);
  const eventColumns = events.columns().map((c) => c.name);
  const bytes =
    (await write(decisions.iterate(args.fromInstant, args.toInstant) as IterableIterator<unknown[]>, decisionColumns, join(String(args.outDir), 'decisions.csv'))) +
    (await write(events.iterate(args.firstSeq, args.lastSeq) as IterableIterator<unknown[]>, eventColumns, join(String(args.outDir), 'audit-events.csv')));
  const seconds = (performance.now() - t) / 1000;
  db.close();
  out({ seconds, peakRssMb: peakRssMb(), bytes });
} else if (mode === 'verify' || mode === 'verify-db') {
  const db = mode === 'verify-db' ? new Database(String(args.dbPath), { readonly: true }) : undefined;
  const t = performance.now();
  const v = await verifyBundle(String(args.outPath), db ? { db } : {});
  const seconds = (performance.now() - t) / 1000;
  db?.close();
  out({ seconds, peakRssMb: peakRssMb(), status: v.status, eventsChecked: v.eventsChecked, againstDatabase: v.againstDatabase, problems: v.problems.length });
} else {
  throw new Error(`unknown mode ${mode}`);
}
