/**
 * The backup calls: `backup.configure`, `backup.run`, `backup.restore` (governed, audited),
 * `backup.status`, `backup.inspect`, and the scheduler's `scheduler.jobs`.
 *
 * `backup.run` and `backup.restore` are long actions: their preparers write and verify the
 * backup (and, for a restore, read and check the file, extract its database, copy its files
 * into the store and back up the current state first) once the gates have passed; the
 * handler then commits inside the decision's transaction: the rename into place and the
 * rotation, or the replacement of every table's rows.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import { EngineError, type Backup, type BackupCounts, type Job } from '../../../shared/contract';
import { calendarDateIn } from '../../../shared/domain/time';
import { sql, type Db } from '../db/connection';
import { LATEST_VERSION } from '../db/migrations';
import { chainHead } from '../governance/audit';
import { reindexAllReceipts } from '../domains/receipts/store';
import { readSettings, writeSetting } from '../governance/settings';
import type { ActionContext, ActionHandlers, ActionPreparers, PrepareContext, QueryHandlers } from '../handlers';
import { DEFAULT_JOBS } from '../scheduler/scheduler';
import {
  defaultBackupFolder,
  ensureWritableFolder,
  fsReason,
  liveCounts,
  migrateCopy,
  readBackup,
  replaceContents,
  restoreFiles,
  RETENTION,
  rotationRemovals,
  STALE_AFTER_DAYS,
  writeBackup,
  type ReadBackup,
  type WrittenBackup,
} from './backup';

type BackupRow = {
  id: string;
  at: string;
  by: string;
  kind: Backup['kind'];
  path: string;
  size: number;
  sha256: string;
  head_seq: number | null;
  head_hash: string | null;
  schema_version: number;
  counts_json: string;
  verified: number;
  removed_at: string | null;
};

const toBackup = (r: BackupRow): Backup => ({
  id: r.id,
  at: r.at,
  by: r.by,
  kind: r.kind,
  path: r.path,
  size: r.size,
  sha256: r.sha256,
  chainHead: r.head_seq === null || r.head_hash === null ? null : { seq: r.head_seq, hash: r.head_hash },
  schemaVersion: r.schema_version,
  counts: JSON.parse(r.counts_json) as BackupCounts,
  verified: r.verified === 1,
  removedAt: r.removed_at,
});

function insertBackup(db: Db, b: Backup, decisionId: string): void {
  sql(
    db,
    `INSERT INTO backups (id, at, by, kind, path, size, sha256, head_seq, head_hash, schema_version, counts_json, verified, removed_at, decision_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  ).run(b.id, b.at, b.by, b.kind, b.path, b.size, b.sha256, b.chainHead?.seq ?? null, b.chainHead?.hash ?? null, b.schemaVersion, JSON.stringify(b.counts), b.verified ? 1 : 0, decisionId);
}

/** The instant of the newest verified backup, or null. */
export function lastVerifiedBackup(db: Db): Backup | null {
  const row = sql(db, 'SELECT * FROM backups WHERE verified = 1 ORDER BY at DESC LIMIT 1').get() as BackupRow | undefined;
  return row ? toBackup(row) : null;
}

/** The folder a backup goes to: the given one, else the configured one; throws `conflict` when neither. */
function folderFor(db: Db, given: string | undefined): string {
  const folder = given ?? readSettings(db).backupFolder;
  if (!folder) throw new EngineError('conflict', 'no backup folder is set: choose one in Backups first');
  return resolve(folder);
}

type RunPrepared = { kind: 'plan'; folder: string; dispose(): void } | { kind: 'written'; folder: string; written: WrittenBackup; dispose(): void };
type RestorePrepared =
  | { kind: 'plan'; read: ReadBackup; dispose(): void }
  | { kind: 'ready'; read: ReadBackup; extracted: string; preRestore: WrittenBackup; dispose(): void };

/** Refuses a restore while another long action runs or another operator's session is active. */
function assertQuiet(ctx: Pick<PrepareContext, 'db' | 'services'>, operatorId: string | null): void {
  if (ctx.services.actionsInFlight() > 0) {
    throw new EngineError('conflict', 'another long action (an import, export or backup) is in progress: restore when it has finished');
  }
  const session = sql(ctx.db, "SELECT started_by, started_by_id FROM sessions WHERE status = 'active'").get() as { started_by: string; started_by_id: string | null } | undefined;
  if (session && session.started_by_id !== operatorId) {
    throw new EngineError('conflict', `${session.started_by}'s work session is active: restore replaces the data under it; ask them to end it first`);
  }
}

function backupDeps(ctx: Pick<PrepareContext, 'db' | 'files' | 'services'>) {
  return { db: ctx.db, files: ctx.files, key: ctx.services.key, anchors: ctx.services.anchors, appVersion: ctx.services.appVersion };
}

export const backupPreparers: ActionPreparers = {
  async 'backup.run'(p, ctx) {
    const folder = folderFor(ctx.db, p.folder);
    ensureWritableFolder(folder);
    if (ctx.mode === 'plan') return { kind: 'plan', folder, dispose: () => undefined } satisfies RunPrepared;
    const written = await writeBackup(backupDeps(ctx), folder, { createdAt: ctx.clock.now().toISOString(), createdBy: ctx.actorName }, ctx.progress);
    return { kind: 'written', folder, written, dispose: () => rmSync(written.tempPath, { force: true }) } satisfies RunPrepared;
  },

  async 'backup.restore'(p, ctx) {
    const path = resolve(p.path);
    assertQuiet(ctx, ctx.operatorId);
    if (ctx.mode === 'plan') {
      const read = await readBackup(path, ctx.services.key.fingerprint, { extractDbTo: null, checkFiles: false });
      return { kind: 'plan', read, dispose: () => undefined } satisfies RestorePrepared;
    }
    const extracted = join(dirname(ctx.services.dbPath), `.restore-${randomBytes(6).toString('hex')}.sqlite`);
    const cleanup = () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${extracted}${suffix}`, { force: true });
    };
    try {
      const read = await readBackup(path, ctx.services.key.fingerprint, { extractDbTo: extracted });
      if (read.manifest.schemaVersion < LATEST_VERSION) migrateCopy(extracted, ctx.clock.now().toISOString());
      await restoreFiles(path, read.manifest, ctx.files);
      const folder = resolve(readSettings(ctx.db).backupFolder ?? defaultBackupFolder(ctx.services.dbPath));
      const preRestore = await writeBackup(backupDeps(ctx), folder, { createdAt: ctx.clock.now().toISOString(), createdBy: ctx.actorName }, ctx.progress);
      // the safety copy is kept whatever happens next: it is the way back
      renameSync(preRestore.tempPath, preRestore.finalPath);
      return { kind: 'ready', read, extracted, preRestore, dispose: cleanup } satisfies RestorePrepared;
    } catch (error) {
      cleanup();
      throw error;
    }
  },
};

export const backupActions: Pick<ActionHandlers, 'backup.configure' | 'backup.run' | 'backup.restore'> = {
  'backup.configure'(p, ctx) {
    const folder = resolve(p.folder);
    ensureWritableFolder(folder);
    const before = writeSetting(ctx.db, 'backupFolder', folder);
    ctx.record({ entity: 'settings', entityId: 'backup_folder', before, after: folder });
    ctx.touch('settings');
    return { folder };
  },

  'backup.run'(p, ctx) {
    const prep = ctx.prepared as RunPrepared | undefined;
    if (!prep) throw new EngineError('invalid', 'backup.run writes a file: dispatch it as a long action (the console, the CLI and the scheduler do)');
    const base = { id: ctx.decisionId, at: ctx.now, by: ctx.actorName, kind: p.scheduled ? ('scheduled' as const) : ('manual' as const), removedAt: null, rotatedOut: [] };
    if (prep.kind === 'plan') {
      const head = chainHead(ctx.db);
      return { ...base, path: prep.folder, size: 0, sha256: '0'.repeat(64), chainHead: head, schemaVersion: LATEST_VERSION, counts: liveCounts(ctx.db, ctx.files), verified: false };
    }
    const { written } = prep;
    if (!written.verified) throw new EngineError('internal', 'the backup did not verify after writing; it was not kept');
    try {
      renameSync(written.tempPath, written.finalPath);
    } catch (error) {
      throw new EngineError('invalid', `the backup could not be moved into place: ${fsReason(error)}`);
    }
    const backup: Backup = {
      ...base,
      id: ctx.newId(),
      path: written.finalPath,
      size: written.size,
      sha256: written.sha256,
      chainHead: written.chainHead,
      schemaVersion: written.schemaVersion,
      counts: written.counts,
      verified: true,
    };
    insertBackup(ctx.db, backup, ctx.decisionId);
    ctx.record({ entity: 'backup', entityId: backup.id, before: null, after: backup });
    const rotatedOut = rotate(ctx, prep.folder);
    ctx.touch('backups');
    return { ...backup, rotatedOut };
  },

  'backup.restore'(p, ctx) {
    const prep = ctx.prepared as RestorePrepared | undefined;
    if (!prep) throw new EngineError('invalid', 'backup.restore reads a file: dispatch it as a long action (the console and the CLI do)');
    const before = { chainHead: chainHead(ctx.db), counts: liveCounts(ctx.db, ctx.files) };
    if (prep.kind === 'plan') {
      return { restoredFrom: prep.read.preview.path, preRestoreBackup: '', before, after: { chainHead: prep.read.preview.chainHead, counts: prep.read.preview.counts } };
    }
    assertQuiet(ctx, ctx.operator?.id ?? null);
    const keptFolder = readSettings(ctx.db).backupFolder;
    replaceContents(ctx.db, prep.extracted);
    reindexAllReceipts(ctx.db);
    // the backup folder is where the backups are, whatever the restored data says
    writeSetting(ctx.db, 'backupFolder', keptFolder);
    const pre = prep.preRestore;
    insertBackup(
      ctx.db,
      { id: ctx.newId(), at: ctx.now, by: ctx.actorName, kind: 'pre-restore', path: pre.finalPath, size: pre.size, sha256: pre.sha256, chainHead: pre.chainHead, schemaVersion: pre.schemaVersion, counts: pre.counts, verified: pre.verified, removedAt: null },
      ctx.decisionId,
    );
    const after = { chainHead: chainHead(ctx.db), counts: liveCounts(ctx.db, ctx.files) };
    ctx.record({ entity: 'database', entityId: null, before, after: { ...after, restoredFrom: prep.read.preview.path, backupCreatedAt: prep.read.preview.createdAt, preRestoreBackup: pre.finalPath, reason: p.reason } });
    const tables = ctx.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    ctx.touch(...tables);
    return { restoredFrom: prep.read.preview.path, preRestoreBackup: pre.finalPath, before, after };
  },
};

/** Applies rotation to the folder's manual and scheduled backups; returns the paths removed. */
function rotate(ctx: ActionContext, folder: string): string[] {
  const rows = (sql(ctx.db, "SELECT * FROM backups WHERE removed_at IS NULL AND kind != 'pre-restore'").all() as BackupRow[]).filter((r) => dirname(r.path) === folder);
  const timeZone = ctx.settings.timeZone ?? 'UTC';
  const today = calendarDateIn(new Date(ctx.now), timeZone);
  const removals = rotationRemovals(
    rows.map((r) => ({ ...r, day: calendarDateIn(new Date(r.at), timeZone) })),
    today,
  );
  const removed: string[] = [];
  for (const r of removals) {
    rmSync(r.path, { force: true });
    sql(ctx.db, 'UPDATE backups SET removed_at = ? WHERE id = ?').run(ctx.now, r.id);
    ctx.record({ entity: 'backup', entityId: r.id, before: { path: r.path, removedAt: null }, after: { path: r.path, removedAt: ctx.now, reason: `rotation keeps ${RETENTION.daily} daily, ${RETENTION.weekly} weekly, ${RETENTION.monthly} monthly` } });
    removed.push(r.path);
  }
  return removed;
}

export const backupQueries: Pick<QueryHandlers, 'backup.status' | 'backup.inspect' | 'scheduler.jobs'> = {
  'backup.status'(_p, ctx) {
    const history = (sql(ctx.db, 'SELECT * FROM backups ORDER BY at DESC LIMIT 100').all() as BackupRow[]).map(toBackup);
    const last = lastVerifiedBackup(ctx.db);
    const ageDays = last ? (ctx.clock.now().getTime() - Date.parse(last.at)) / 86_400_000 : null;
    return { folder: ctx.settings.backupFolder, last, ageDays, staleAfterDays: STALE_AFTER_DAYS, history, retention: { ...RETENTION } };
  },
  'backup.inspect': async (p, ctx) => {
    const path = resolve(p.path);
    if (!existsSync(path)) throw new EngineError('not_found', `no backup file at ${path}`);
    return (await readBackup(path, ctx.services.key.fingerprint, { extractDbTo: null, checkFiles: false })).preview;
  },
  'scheduler.jobs'(_p, ctx) {
    const now = ctx.clock.now();
    const tz = ctx.settings.timeZone ?? 'UTC';
    const last = sql(ctx.db, 'SELECT scheduled_for, status, decision_id, message, finished_at FROM job_runs WHERE job = ? ORDER BY scheduled_for DESC LIMIT 1');
    return DEFAULT_JOBS.map((job): Job => {
      const run = last.get(job.name) as { scheduled_for: string; status: NonNullable<Job['lastRun']>['status']; decision_id: string | null; message: string | null; finished_at: string | null } | undefined;
      return {
        name: job.name,
        cron: job.cron,
        action: job.action,
        summary: job.summary,
        nextRunAt: CronExpressionParser.parse(job.cron, { currentDate: now, tz }).next().toISOString()!,
        lastRun: run ? { scheduledFor: run.scheduled_for, status: run.status, decisionId: run.decision_id, message: run.message, finishedAt: run.finished_at } : null,
      };
    });
  },
};
