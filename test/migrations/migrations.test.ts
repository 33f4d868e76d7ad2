import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas } from '../../main/engine/db/connection';
import { migrate, NewerDatabaseError } from '../../main/engine/db/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../main/engine/db/migrations';
import { migration001 } from '../../main/engine/db/migrations/001_initial';
import { migration002 } from '../../main/engine/db/migrations/002_inventory';
import { migration003 } from '../../main/engine/db/migrations/003_spending';
import { migration004 } from '../../main/engine/db/migrations/004_scheduler';
import { migration005 } from '../../main/engine/db/migrations/005_receipts';
import { migration006 } from '../../main/engine/db/migrations/006_ledger';
import { migration007 } from '../../main/engine/db/migrations/007_playbooks_sessions';
import { migration008 } from '../../main/engine/db/migrations/008_receipt_links';
import { appendAudit, verifyChain } from '../../main/engine/governance/audit';
import { createEngine, defaultAnchorsPath } from '../../main/engine/engine';
import { closeEngine, goLive, memoryLogger, must, openEngine, tempDir } from '../helpers/engine';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('migration registry', () => {
  it('numbers migrations 1..N without gaps, one file each', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const files = readdirSync(join(__dirname, '../../main/engine/db/migrations')).filter((f) => /^\d{3}_.*\.ts$/.test(f));
    expect(files.length).toBe(MIGRATIONS.length);
    for (const m of MIGRATIONS) expect(files.some((f) => f.startsWith(String(m.version).padStart(3, '0')))).toBe(true);
  });
});

describe('migration 001 (initial)', () => {
  it('creates the governance tables, the append-only triggers and the single governance row', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'a.sqlite'));
    applyPragmas(db);
    const report = migrate(db, join(dir, 'a.sqlite'), '2026-11-21T09:00:00.000Z', [migration001]);
    expect(report).toEqual({ from: 0, to: 1, backupPath: null });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['alerts', 'audit_events', 'decisions', 'governance_state', 'operators', 'settings']));
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((r) => r.name);
    expect(triggers.sort()).toEqual(['audit_events_no_delete', 'audit_events_no_update']);
    expect(db.prepare('SELECT go_live, kill_engaged, band FROM governance_state').all()).toEqual([{ go_live: 0, kill_engaged: 0, band: 'B' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });
});

describe('migration 002 (inventory)', () => {
  it('adds locations, items, the stock journal, item statistics, imports, and entity columns on alerts, keeping existing rows', () => {
    const dir = tempDir();
    const path = join(dir, 'i.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', [migration001]);
    db.prepare("INSERT INTO alerts (id, at, severity, kind, message) VALUES ('a1', '2026-11-21T09:00:00.000Z', 'info', 'x', 'kept')").run();
    const report = migrate(db, path, '2026-11-21T10:00:00.000Z', [migration001, migration002]);
    expect(report).toMatchObject({ from: 1, to: 2 });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['locations', 'items', 'stock_journal', 'item_stats', 'imports']));
    expect(db.prepare('SELECT message, entity, entity_id FROM alerts').all()).toEqual([{ message: 'kept', entity: null, entity_id: null }]);
    // the journal refuses unknown kinds and dangling items
    expect(() =>
      db.prepare("INSERT INTO stock_journal (item_id, kind, qty, occurred_at, occurred_day, source) VALUES ('nope', 'sale', -1, 'x', 1, 'manual')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('migrations 003–006 (spending, scheduler, receipts, ledger)', () => {
  it('seed the band thresholds and GLOBAL caps of DOMAIN.md, record job runs once, and index receipts for full-text search', () => {
    const dir = tempDir();
    const path = join(dir, 'm.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', [migration001, migration002, migration003, migration004, migration005, migration006]);
    expect(db.prepare('SELECT band, approval_threshold_minor AS t FROM band_policy ORDER BY band').all()).toEqual([
      { band: 'A', t: 50000 },
      { band: 'B', t: 20000 },
      { band: 'C', t: 5000 },
      { band: 'D', t: null },
    ]);
    expect(db.prepare("SELECT daily_spend_cap_minor AS s, daily_count_cap AS c, daily_loss_cap_minor AS l FROM cap_policy WHERE scope = 'GLOBAL'").get()).toEqual({ s: 100000, c: 50, l: 25000 });
    expect(() => db.prepare("INSERT INTO cap_usage (day, scope, reserved_minor) VALUES ('2026-11-21', 'GLOBAL', -1)").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO job_runs (job, scheduled_for, started_at, status) VALUES ('j', 't', 't', 'ok')").run();
    expect(db.prepare("INSERT OR IGNORE INTO job_runs (job, scheduled_for, started_at, status) VALUES ('j', 't', 't', 'ok')").run().changes).toBe(0);
    db.prepare("INSERT INTO receipts_fts (rowid, vendor, notes, tags, ocr_text) VALUES (1, 'Café Ünter', '', '', 'TOTAL 9.00')").run();
    expect(db.prepare("SELECT rowid FROM receipts_fts WHERE receipts_fts MATCH 'cafe'").all()).toEqual([{ rowid: 1 }]);
    db.prepare('DELETE FROM receipts_fts WHERE rowid = 1').run();
    expect(db.prepare("SELECT count(*) AS n FROM receipts_fts WHERE receipts_fts MATCH 'total'").get()).toEqual({ n: 0 });
    db.prepare("INSERT INTO ledger_accounts (id, name, kind, currency, created_at) VALUES ('a', 'Checking', 'checking', 'EUR', 't')").run();
    const entry = db.prepare("INSERT INTO ledger_entries (id, account_id, date, amount_minor, dedupe_key, source, created_at) VALUES (?, 'a', '2026-11-21', -100, 'fitid:1', 'import', 't')");
    entry.run('e1');
    expect(() => entry.run('e2')).toThrow(/UNIQUE/);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    db.close();
  });
});

describe('migration 007 (playbooks and sessions)', () => {
  const UP_TO_6 = [migration001, migration002, migration003, migration004, migration005, migration006];

  it('adds definitions, runs, steps and sessions; one active session and one active run per playbook are enforced by the schema', () => {
    const dir = tempDir();
    const path = join(dir, 'p.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', UP_TO_6);
    db.prepare("INSERT INTO decisions (id, at, action, mode, status, gates_json, params_json, params_sha256) VALUES ('d1', 't', 'x', 'execute', 'OK', '[]', '{}', 'h')").run();
    expect(migrate(db, path, '2026-11-21T10:00:00.000Z', [...UP_TO_6, migration007])).toMatchObject({ from: 6, to: 7 });
    expect(db.prepare('SELECT id, session_id FROM decisions').all()).toEqual([{ id: 'd1', session_id: null }]);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['decisions_session', 'audit_events_session', 'sessions_one_active', 'playbook_runs_one_active', 'stock_journal_decision']));

    const session = db.prepare("INSERT INTO sessions (id, status, started_at, started_by, snapshot_json) VALUES (?, ?, 't', 'Olga', '{}')");
    session.run('s1', 'active');
    expect(() => session.run('s2', 'active')).toThrow(/UNIQUE/);
    session.run('s3', 'ended');

    db.prepare("INSERT INTO playbook_definitions (key, version, title, definition_json, created_by, created_at) VALUES ('k', 1, 'K', '{}', 'system', 't')").run();
    expect(() => db.prepare("INSERT INTO playbook_definitions (key, version, title, definition_json, created_by, created_at) VALUES ('k', 1, 'K', '{}', 'system', 't')").run()).toThrow(/UNIQUE/);
    const runInsert = db.prepare("INSERT INTO playbook_runs (id, key, version, status, started_at, started_by) VALUES (?, 'k', ?, ?, 't', 'Olga')");
    runInsert.run('r1', 1, 'active');
    expect(() => runInsert.run('r2', 1, 'active')).toThrow(/UNIQUE/);
    expect(() => runInsert.run('r3', 9, 'completed')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO playbook_run_steps (run_id, position, step_key, status) VALUES ('r1', 1, 'a', 'blocked')").run()).toThrow(/CHECK/);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.close();
  });

  it('keeps the audit chain verifiable across the migration: old events (no session) and new session-stamped ones', () => {
    const dir = tempDir();
    const path = join(dir, 'chain.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', UP_TO_6);
    appendAudit(db, { at: '2026-11-21T09:00:00.000Z', operatorId: null, sessionId: null, decisionId: null, action: 'legacy' }, [
      { entity: 'settings', entityId: 'currency', before: null, after: 'EUR' },
      { entity: 'settings', entityId: 'time_zone', before: null, after: 'Europe/Berlin' },
    ]);
    const oldHead = verifyChain(db);
    expect(oldHead).toMatchObject({ ok: true, checked: 2 });
    db.close();

    const { engine, log } = openEngine({ dbPath: path });
    expect(log.lines.some((l) => l.level === 'error')).toBe(false);
    must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' }, 'execute'));
    goLive(engine);
    const session = must(engine.dispatch('sessions.start', { notes: 'after the upgrade' }, 'execute')).result;
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'stamped by the session' }, 'execute'));
    const verified = must(engine.query('audit.verify', {}));
    expect(verified.ok).toBe(true);
    const events = must(engine.query('audit.list', { limit: 200 })).items;
    expect(verified.checked).toBe(events.length);
    // newest first: the two legacy events are last, unchanged
    expect(events.filter((e) => e.seq <= 2).map((e) => [e.hash, e.sessionId])).toEqual([
      [oldHead.head?.hash, null],
      [expect.any(String), null],
    ]);
    expect(events.filter((e) => e.sessionId === session.id).length).toBeGreaterThanOrEqual(4);
    closeEngine(engine);
    const reopened = openEngine({ dbPath: path });
    expect(must(reopened.engine.query('governance.state', {})).health.level).not.toBe('red');
  });
});

describe('migration 008 (receipt links)', () => {
  it('gives attachments stored before it an unknown media type, and stores a dismissed duplicate pair once, in order', () => {
    const dir = tempDir();
    const path = join(dir, 'm8.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    const upTo7 = [migration001, migration002, migration003, migration004, migration005, migration006, migration007];
    migrate(db, path, '2026-11-21T09:00:00.000Z', upTo7);
    const receipt = db.prepare("INSERT INTO receipts (id, status, currency, source, created_at, updated_at) VALUES (?, 'needs_attention', 'EUR', 'manual', 't', 't')");
    receipt.run('r1');
    receipt.run('r2');
    db.prepare("INSERT INTO receipt_attachments (receipt_id, sha256, name, size) VALUES ('r1', 'abc', 'old.jpg', 10)").run();
    migrate(db, path, '2026-11-21T09:00:01.000Z', [...upTo7, migration008]);
    expect(db.prepare('SELECT media_type AS t FROM receipt_attachments').get()).toEqual({ t: 'application/octet-stream' });
    const dismiss = db.prepare("INSERT INTO receipt_duplicate_dismissals (a_id, b_id, at, by) VALUES (?, ?, 't', 'Ann')");
    dismiss.run('r1', 'r2');
    expect(() => dismiss.run('r2', 'r1')).toThrow(/CHECK/);
    expect(() => dismiss.run('r1', 'r2')).toThrow(/UNIQUE|PRIMARY/);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    db.close();
  });
});

describe('migration 009', () => {
  it('indexes audit events by entity id, so one receipt’s history is read through the index', () => {
    const { dbPath, engine } = openEngine();
    closeEngine(engine);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE entity = 'receipt' AND entity_id = 'r1' ORDER BY seq DESC LIMIT 20").all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/audit_events_entity_id/);
    db.close();
  });
});

describe('migration 010', () => {
  it('adds the reports and backups lists and an index on event time; a database migrated to it starts its anchors file with a begin line at its head', () => {
    const dir = tempDir();
    const path = join(dir, 'valhalla.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', MIGRATIONS.slice(0, 9));
    const head = appendAudit(db, { at: '2026-11-21T09:00:00.000Z', operatorId: null, sessionId: null, decisionId: null, action: 'setup.initialize' }, [{ entity: 'settings', entityId: 'currency', before: null, after: 'EUR' }]);
    db.close();
    const { engine } = openEngine({ dbPath: path });
    expect(must(engine.query('audit.verify', {}, { actor: 'system' })).anchor).toMatchObject({ status: 'ok', anchor: { kind: 'begin', seq: head!.seq, hash: head!.hash } });
    closeEngine(engine);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = (raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter((t) => t === 'reports' || t === 'backups');
    expect(tables.sort()).toEqual(['backups', 'reports']);
    const plan = raw.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM audit_events WHERE at >= ? AND at < ?').all('2026-11-01', '2026-12-01') as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/audit_events_at/);
    expect(() => raw.prepare("INSERT INTO backups (id, at, by, kind, path, size, sha256, schema_version, counts_json, verified) VALUES ('b', 't', 'x', 'weekly', 'p', 1, 's', 10, '{}', 1)").run()).toThrow();
    raw.close();
    const lines = readFileSync(defaultAnchorsPath(path), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; seq: number; note: string });
    expect(lines).toEqual([expect.objectContaining({ kind: 'begin', seq: head!.seq, note: expect.stringMatching(/migrated from 9/) })]);
  });
});

describe('opening databases', () => {
  it('applies WAL, synchronous=FULL and foreign keys', () => {
    const { dbPath, engine } = openEngine();
    closeEngine(engine);
    const db = new Database(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const e = createEngine({ dbPath, log: memoryLogger() });
    e.close();
  });

  it('refuses a database written by a newer version, leaving the file byte-for-byte untouched', () => {
    const { dbPath, engine } = openEngine();
    closeEngine(engine);
    const db = new Database(dbPath);
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    const before = sha(dbPath);
    expect(() => createEngine({ dbPath, log: memoryLogger() })).toThrow(NewerDatabaseError);
    expect(() => createEngine({ dbPath, log: memoryLogger() })).toThrow(/newer Valhalla Console .*nothing in it was changed/);
    expect(sha(dbPath)).toBe(before);
  });

  it('backs up an existing database before migrating it, and runs all pending migrations in one transaction', () => {
    const dir = tempDir();
    const path = join(dir, 'b.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z');
    db.prepare("INSERT INTO settings (key, value) VALUES ('currency', '\"EUR\"')").run();
    const n = MIGRATIONS.length;
    const next = [
      ...MIGRATIONS,
      { version: n + 1, name: 'add', up: (d: Database.Database) => d.exec('CREATE TABLE extra (x INTEGER) STRICT') },
      { version: n + 2, name: 'fill', up: (d: Database.Database) => d.exec('INSERT INTO extra VALUES (1)') },
    ];
    const report = migrate(db, path, '2026-11-21T10:00:00.000Z', next);
    expect(report.from).toBe(n);
    expect(report.to).toBe(n + 2);
    expect(report.backupPath && existsSync(report.backupPath)).toBe(true);
    const backup = new Database(report.backupPath as string, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(n);
    expect(backup.prepare("SELECT value FROM settings WHERE key = 'currency'").get()).toEqual({ value: '"EUR"' });
    backup.close();
    expect(db.prepare('SELECT x FROM extra').all()).toEqual([{ x: 1 }]);
    db.close();
  });

  it('rolls back every pending migration when one fails, leaving the version as it was', () => {
    const dir = tempDir();
    const path = join(dir, 'c.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z');
    const n = MIGRATIONS.length;
    const broken = [
      ...MIGRATIONS,
      { version: n + 1, name: 'ok', up: (d: Database.Database) => d.exec('CREATE TABLE extra (x INTEGER)') },
      { version: n + 2, name: 'bad', up: (d: Database.Database) => d.exec('THIS IS NOT SQL') },
    ];
    expect(() => migrate(db, path, '2026-11-21T10:00:00.000Z', broken)).toThrow(/syntax error/);
    expect(db.pragma('user_version', { simple: true })).toBe(n);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 013 (receipt refunds)', () => {
  it('lets a receipt’s total and tax be negative, keeping every receipt, its rowid key (the search index’s), its indexes and the foreign keys that name it', () => {
    const dir = tempDir();
    const path = join(dir, 'm13.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-11-21T09:00:00.000Z', MIGRATIONS.slice(0, 12));
    const receipt = db.prepare("INSERT INTO receipts (rowid_key, id, status, vendor, total_minor, tax_minor, currency, source, created_at, updated_at) VALUES (?, ?, 'complete', ?, ?, ?, 'EUR', 'manual', 't', 't')");
    receipt.run(7, 'r1', 'Corner Shop', 1250, 200);
    receipt.run(9, 'r2', 'Bakery', 450, null);
    expect(() => receipt.run(11, 'r3', 'Refund', -1250, null)).toThrow(/CHECK/);
    db.prepare("INSERT INTO receipts_fts (rowid, vendor, notes, tags, ocr_text) VALUES (7, 'Corner Shop', 'kettle', '', '')").run();
    db.prepare("INSERT INTO receipt_lines (receipt_id, idx, description, qty, amount_minor) VALUES ('r1', 0, 'Kettle', 1, 1250)").run();
    db.prepare("INSERT INTO receipt_attachments (receipt_id, sha256, name, size) VALUES ('r2', 'abc', 'slip.jpg', 10)").run();
    db.prepare("INSERT INTO receipt_duplicate_dismissals (a_id, b_id, at, by) VALUES ('r1', 'r2', 't', 'Ann')").run();

    migrate(db, path, '2026-11-21T09:00:01.000Z', MIGRATIONS.slice(0, 13));
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    expect(db.prepare('SELECT rowid_key, id, total_minor, tax_minor FROM receipts ORDER BY rowid_key').all()).toEqual([
      { rowid_key: 7, id: 'r1', total_minor: 1250, tax_minor: 200 },
      { rowid_key: 9, id: 'r2', total_minor: 450, tax_minor: null },
    ]);
    expect(db.prepare("SELECT r.id FROM receipts_fts JOIN receipts r ON r.rowid_key = receipts_fts.rowid WHERE receipts_fts MATCH 'kettle'").pluck().all()).toEqual(['r1']);
    receipt.run(11, 'r3', 'Refund', -1250, -200);
    expect(db.prepare("SELECT total_minor FROM receipts WHERE id = 'r3'").pluck().get()).toBe(-1250);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO receipt_lines (receipt_id, idx, description, qty, amount_minor) VALUES ('nope', 0, 'x', 1, 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM receipts WHERE id = 'r1'").run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'receipts' AND sql IS NOT NULL ORDER BY name").pluck().all()).toEqual(['receipts_date', 'receipts_dupes', 'receipts_source', 'receipts_status']);
    expect(db.prepare("SELECT count(*) FROM sqlite_temp_schema WHERE name = 'receipts_before_013'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 016 (receipt captures)', () => {
  it('leaves receipts filed before it out of review, and keeps a capture confirmed only with its instant', () => {
    const dir = tempDir();
    const path = join(dir, 'm16.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    migrate(db, path, '2026-12-05T09:00:00.000Z', MIGRATIONS.slice(0, 15));
    db.prepare("INSERT INTO receipts (rowid_key, id, status, vendor, total_minor, currency, source, created_at, updated_at) VALUES (1, 'r1', 'complete', 'Bakery', 450, 'EUR', 'manual', 't', 't')").run();
    migrate(db, path, '2026-12-05T09:00:01.000Z', MIGRATIONS.slice(0, 16));
    expect(db.pragma('user_version', { simple: true })).toBe(16);
    expect(db.prepare("SELECT needs_review FROM receipts WHERE id = 'r1'").pluck().get()).toBe(0);
    expect(() => db.prepare("UPDATE receipts SET needs_review = 2 WHERE id = 'r1'").run()).toThrow(/CHECK/);
    const capture = db.prepare(
      "INSERT INTO receipt_captures (receipt_id, file_sha256, file_name, media_type, pages_json, proposed_json, confidence, extractor, read_ms, status, confirmed_at, created_at) VALUES (?, 'abc', 'a.jpg', 'image/jpeg', '[]', '{}', 0.5, 'x', 10, ?, ?, 't')",
    );
    expect(() => capture.run('r1', 'confirmed', null)).toThrow(/CHECK/);
    expect(() => capture.run('r1', 'proposed', 't')).toThrow(/CHECK/);
    expect(() => capture.run('nope', 'proposed', null)).toThrow(/FOREIGN KEY/);
    capture.run('r1', 'proposed', null);
    expect(db.prepare('SELECT count(*) FROM receipt_captures').pluck().get()).toBe(1);
    db.close();
  });
});
