/**
 * Governance at the cost of its own writes (issue 18, item 4). For a governed non-spend
 * (`governance.setBand`) and a governed spend with an approval and two cap scopes
 * (`purchases.execute`), the physical baseline is the same rows written bare:
 *
 * 1. One prepared database (owner, Go-live, operators, caps, approved purchases) is copied
 *    three times, checkpointed, so each copy has the same pages, indexes and pragmas.
 * 2. Copy A: the governed actions, timed, through the engine.
 * 3. Copy C: the same actions, untimed, with temporary triggers on every table logging each
 *    row written (table, insert or update, rowid, every column): the rows a governed action
 *    writes (its effect, its decision, its audit events), whatever they are.
 * 4. Copy B: those rows replayed bare, one transaction per action, with prepared statements
 *    on a connection with the engine's pragmas (`applyPragmas`): timed.
 *
 * Reported: governed ms per action, baseline ms, their ratio (target ≤ 1.3×), rows and
 * bytes per action, and SQLite pages written per commit (WAL frames appended, measured over a
 * batch after a truncating checkpoint). The governed spend is also compared with the governed
 * non-spend (target ≤ 1.3×). The engine also appends a line to its anchors file per commit
 * (fsync'd off the main thread); the baseline has no such file.
 */
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../main/engine/db/connection';
import { createEngine } from '../../main/engine/engine';
import type { Engine } from '../../main/engine/types';
import { goLive } from '../helpers/golive';
import { unwrap } from '../helpers/unwrap';
import type { BenchSuite } from './suites';

const quiet = { info() {}, warn() {}, error() {} };
const round = (x: number, d: number) => Number(x.toFixed(d));

interface Prepared {
  buyer: { operatorId: string };
  purchaseIds: string[];
}

/** Owner, Go-live, a buyer and an approver, caps on two scopes, `n` approved purchases. */
function prepare(dbPath: string, n: number): Prepared {
  const engine = createEngine({ dbPath, log: quiet });
  try {
    unwrap(engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'EUR', timeZone: 'UTC' }, 'execute'), 'initialize');
    goLive(engine);
    const buyer = { operatorId: unwrap(engine.dispatch('operators.create', { name: 'Buyer', role: 'buyer' }, 'execute'), 'buyer').result.id };
    const approver = { operatorId: unwrap(engine.dispatch('operators.create', { name: 'Approver', role: 'approver' }, 'execute'), 'approver').result.id };
    for (const scope of ['GLOBAL', 'Home']) {
      unwrap(engine.dispatch('caps.setPolicy', { scope, dailySpendCapMinor: 1_000_000_000, dailyCountCap: 1_000_000, dailyLossCapMinor: null, reason: 'bench' }, 'execute'), 'caps');
    }
    const purchaseIds: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = unwrap(engine.dispatch('purchases.create', { title: `p${i}`, amountMinor: 25_000, category: 'Home', notes: 'n' }, 'execute', buyer), 'create').result;
      unwrap(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', buyer), 'ready');
      const a = unwrap(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', buyer), 'assess').result;
      unwrap(engine.dispatch('approvals.decide', { approvalId: a.approvalId ?? '', decision: 'approve' }, 'execute', approver), 'approve');
      purchaseIds.push(p.id);
    }
    return { buyer, purchaseIds };
  } finally {
    engine.close();
  }
}

/** One row write captured by the triggers. */
interface RowWrite {
  action: number;
  table: string;
  op: 'insert' | 'update';
  rowid: number;
  row: Record<string, unknown>;
}

/** Installs logging triggers on every table of `db` (into `bench_row_log`), once. */
function installCapture(db: Database.Database): void {
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'bench_row_log'").get()) return;
  db.exec('CREATE TABLE bench_row_log (seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, rid INTEGER, row TEXT)');
  // ordinary tables only: full-text indexes (virtual and shadow tables) take no triggers, and
  // neither action measured here writes them
  const tables = (db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'bench_row_log'").pluck().all() as string[]);
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
    const hasRowid = !/WITHOUT ROWID/i.test((db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(t) as string) ?? '');
    if (!hasRowid) continue;
    const obj = `json_object(${cols.map((c) => `'${c}', NEW."${c}"`).join(', ')})`;
    db.exec(`CREATE TRIGGER bench_ins_${t} AFTER INSERT ON "${t}" BEGIN INSERT INTO bench_row_log (tbl, op, rid, row) VALUES ('${t}', 'insert', NEW.rowid, ${obj}); END`);
    db.exec(`CREATE TRIGGER bench_upd_${t} AFTER UPDATE ON "${t}" BEGIN INSERT INTO bench_row_log (tbl, op, rid, row) VALUES ('${t}', 'update', NEW.rowid, ${obj}); END`);
  }
}

/** Runs `act(i)` for i < n on an engine over `dbPath` with capture triggers; returns the writes per action. */
function capture(dbPath: string, n: number, act: (engine: Engine, i: number) => void): RowWrite[] {
  const raw = new Database(dbPath);
  installCapture(raw);
  raw.close();
  const engine = createEngine({ dbPath, log: quiet, startupChecks: false });
  const writes: RowWrite[] = [];
  const reader = new Database(dbPath, { readonly: true });
  const since = reader.prepare('SELECT tbl, op, rid, row FROM bench_row_log WHERE seq > ? ORDER BY seq');
  let last = reader.prepare('SELECT coalesce(max(seq), 0) FROM bench_row_log').pluck().get() as number;
  try {
    for (let i = 0; i < n; i++) {
      act(engine, i);
      const rows = since.all(last) as { tbl: string; op: 'insert' | 'update'; rid: number; row: string }[];
      last += rows.length;
      for (const r of rows) writes.push({ action: i, table: r.tbl, op: r.op, rowid: r.rid, row: JSON.parse(r.row) as Record<string, unknown> });
    }
  } finally {
    reader.close();
    engine.close();
  }
  return writes;
}

/**
 * Replays `writes` into `dbPath` bare: one transaction per action, prepared statements.
 * Returns ms per action and the WAL frames (pages) appended per commit over the first 50 (or `n`).
 */
function replay(dbPath: string, writes: RowWrite[], n: number, offset: number): { ms: number; pagesPerCommit: number } {
  const db = new Database(dbPath);
  applyPragmas(db);
  const statements = new Map<string, Database.Statement>();
  const statementFor = (w: RowWrite) => {
    const key = `${w.op} ${w.table} ${Object.keys(w.row).join(',')}`;
    let s = statements.get(key);
    if (!s) {
      const cols = Object.keys(w.row);
      s =
        w.op === 'insert'
          ? db.prepare(`INSERT OR REPLACE INTO "${w.table}" (rowid, ${cols.map((c) => `"${c}"`).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`)
          : db.prepare(`UPDATE "${w.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE rowid = ?`);
      statements.set(key, s);
    }
    return s;
  };
  const byAction: RowWrite[][] = Array.from({ length: n + offset }, () => []);
  for (const w of writes) byAction[w.action]?.push(w);
  // prepared before timing, as the engine's statement cache is warm after its own warm-up
  for (const w of writes) statementFor(w);
  db.pragma('foreign_keys = OFF'); // the rows are those the engine wrote, in its order; checked there
  const value = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  const apply = db.transaction((list: RowWrite[]) => {
    for (const w of list) {
      const values = Object.values(w.row).map(value);
      if (w.op === 'insert') statementFor(w).run(w.rowid, ...values);
      else statementFor(w).run(...values, w.rowid);
    }
  });
  for (let i = 0; i < offset; i++) apply(byAction[i] as RowWrite[]);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  let pagesPerCommit = 0;
  const start = performance.now();
  for (let i = offset; i < offset + n; i++) {
    apply(byAction[i] as RowWrite[]);
    const counted = Math.min(50, n);
    if (i === offset + counted - 1) pagesPerCommit = walPagesPerCommit(dbPath, pageSize, counted);
  }
  const ms = (performance.now() - start) / n;
  db.close();
  return { ms, pagesPerCommit };
}

/** WAL frames appended per commit by `act` over `n` commits after a truncating checkpoint. */
function pagesPerCommit(engine: Engine, dbPath: string, n: number, act: (i: number) => void): number {
  const other = new Database(dbPath);
  other.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = other.pragma('page_size', { simple: true }) as number;
  other.close();
  for (let i = 0; i < n; i++) act(i);
  return walPagesPerCommit(dbPath, pageSize, n);
}

/** Frames (pages) in the WAL of `dbPath`, per commit over `commits` since it was truncated: its 32-byte header aside, each frame is a 24-byte header and a page. */
function walPagesPerCommit(dbPath: string, pageSize: number, commits: number): number {
  const walBytes = statSync(`${dbPath}-wal`).size;
  return walBytes > 32 ? (walBytes - 32) / (pageSize + 24) / commits : 0;
}

function checkpointed(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** The suite with `n` timed actions of each kind after `warm` untimed ones (the bench: 400 and 40). */
export function governanceSuiteWith({ n, warm }: { n: number; warm: number }): BenchSuite {
  return {
    name: 'governance',
    async run(dir) {
      process.stderr.write(`governance at the cost of its own writes: ${n} governed actions of each kind against the same rows written bare …\n`);
      const base = join(dir, 'gov-base.sqlite');
      const prepared = prepare(base, n + warm + 60);
      checkpointed(base);
      const paths = { A: join(dir, 'gov-a.sqlite'), B: join(dir, 'gov-b.sqlite'), C: join(dir, 'gov-c.sqlite') };
      const anchorsOf = (db: string) => db.replace(/\.sqlite$/, '.anchors.jsonl');
      for (const p of Object.values(paths)) {
        copyFileSync(base, p);
        // its anchors file too (the key in keys/ beside them is shared), so each copy opens alike
        copyFileSync(anchorsOf(base), anchorsOf(p));
      }

      const setBand = (engine: Engine, i: number) => unwrap(engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `bench ${i}` }, 'execute'), 'setBand');
      const spend = (engine: Engine, i: number) => unwrap(engine.dispatch('purchases.execute', { id: prepared.purchaseIds[i] as string }, 'execute', prepared.buyer), 'execute');

      // C: capture the rows (warm-up actions first, same as A)
      const nonSpendWrites = capture(paths.C, n + warm, setBand);
      const spendWrites = capture(paths.C, n + warm, (e, i) => spend(e, i));

      // A: governed, timed
      const engine = createEngine({ dbPath: paths.A, log: quiet, startupChecks: false });
      let governedNonSpend = 0;
      let governedSpend = 0;
      let pagesNonSpend = 0;
      let pagesSpend = 0;
      try {
        for (let i = 0; i < warm; i++) setBand(engine, i);
        let t = performance.now();
        for (let i = warm; i < warm + n; i++) setBand(engine, i);
        governedNonSpend = (performance.now() - t) / n;
        for (let i = 0; i < warm; i++) spend(engine, i);
        t = performance.now();
        for (let i = warm; i < warm + n; i++) spend(engine, i);
        governedSpend = (performance.now() - t) / n;
        pagesNonSpend = pagesPerCommit(engine, paths.A, Math.min(50, n), (i) => setBand(engine, warm + n + i));
        pagesSpend = pagesPerCommit(engine, paths.A, Math.min(50, n), (i) => spend(engine, warm + n + i));
      } finally {
        engine.close();
      }

      // B: the same rows, bare
      const bareNonSpend = replay(paths.B, nonSpendWrites, n, warm);
      const bareSpend = replay(paths.B, spendWrites, n, warm);
      const db = new Database(paths.B);
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();

      const perAction = (writes: RowWrite[]) => {
        const counted = writes.filter((w) => w.action >= warm);
        const tables: Record<string, number> = {};
        for (const w of counted) tables[`${w.table} ${w.op}`] = (tables[`${w.table} ${w.op}`] ?? 0) + 1 / n;
        return {
          rows: round(counted.length / n, 2),
          jsonBytes: Math.round(counted.reduce((a, w) => a + JSON.stringify(w.row).length, 0) / n),
          tables: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, round(v, 2)])),
        };
      };
      return {
        governedExecuteSameRows: {
          n,
          action: 'governance.setBand',
          governedMs: round(governedNonSpend, 4),
          sameRowsBareMs: round(bareNonSpend.ms, 4),
          ratio: round(governedNonSpend / bareNonSpend.ms, 2),
          pagesPerCommit: round(pagesNonSpend, 1),
          barePagesPerCommit: round(bareNonSpend.pagesPerCommit, 1),
          pageSize,
          ...perAction(nonSpendWrites),
          target: '≤ 1.3×',
        },
        governedSpendSameRows: {
          n,
          action: 'purchases.execute (approval, two cap scopes)',
          governedMs: round(governedSpend, 4),
          sameRowsBareMs: round(bareSpend.ms, 4),
          ratio: round(governedSpend / bareSpend.ms, 2),
          pagesPerCommit: round(pagesSpend, 1),
          barePagesPerCommit: round(bareSpend.pagesPerCommit, 1),
          ...perAction(spendWrites),
        },
        governedSpend: {
          n,
          spendWithApprovalAndCapsMs: round(governedSpend, 4),
          nonSpendMs: round(governedNonSpend, 4),
          ratio: round(governedSpend / governedNonSpend, 2),
          sameRowsBareRatio: round(bareSpend.ms / bareNonSpend.ms, 2),
          target: '≤ 1.3×',
        },
      };
    },
  };
}

export const governanceSuite = governanceSuiteWith({ n: 400, warm: 40 });
