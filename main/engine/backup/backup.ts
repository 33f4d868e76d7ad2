/**
 * Backups (DOMAIN.md "Alerts, notifications, ops board, reports": "online backup to a chosen
 * folder on a schedule, rotated, restorable, and verified after writing").
 *
 * A backup is one zip: `valhalla.sqlite` (better-sqlite3's online backup: pages copied while
 * the engine keeps working), `anchors.jsonl` (the anchors file), the file store under
 * `files/`, and `manifest.json` (kind `valhalla-backup`, schema version, chain head, counts,
 * every file's SHA-256 and size, signed with the installation's Ed25519 key). It is written
 * under a temporary name, then verified by reading it back (every file against the
 * manifest, `PRAGMA integrity_check` and the audit chain of the database inside it) before
 * the action renames it into place.
 *
 * Restore reads the same file back: it refuses a file that is not a Valhalla backup, one cut
 * short, one whose files differ from its manifest, one written by a newer schema, or one
 * whose own chain fails verification, and changes nothing then.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EngineError, type BackupCounts, type BackupPreview } from '../../../shared/contract';
import { dayNumber } from '../../../shared/domain/time';
import { openRaw, type Db } from '../db/connection';
import { migrate } from '../db/migrate';
import { LATEST_VERSION } from '../db/migrations';
import type { FileStore } from '../files/store';
import { createZipWriter, digestStream, openZip, type ZipReader } from '../files/zip';
import type { AnchorLog } from '../governance/anchors';
import { verifyChain } from '../governance/audit';
import { BACKUP_STALE_DAYS } from '../governance/health';
import { canonicalJson } from '../governance/canonical';
import { fingerprintOf, verifySignature, type SigningKey } from '../governance/installation-key';
import type { ProgressReport } from '../handlers';
import { signManifest } from '../reports/bundle';

export const BACKUP_KIND = 'valhalla-backup';
export const BACKUP_DB_NAME = 'valhalla.sqlite';
const MANIFEST = 'manifest.json';
/** Rotation keeps the newest backup of each of the last 7 days, 4 weeks and 12 months. */
export const RETENTION = { daily: 7, weekly: 4, monthly: 12 } as const;
/** Health turns yellow when the last verified backup is older than this (with a folder set). */
export const STALE_AFTER_DAYS = BACKUP_STALE_DAYS;

export interface BackupManifest {
  kind: string;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  createdBy: string;
  schemaVersion: number;
  chainHead: { seq: number; hash: string } | null;
  counts: BackupCounts;
  files: { name: string; sha256: string; size: number }[];
  signature?: { algorithm: string; publicKeyPem: string; fingerprint: string; value: string };
}

/** Row counts of the main tables of a database. */
export function countRows(db: Db, files: number): BackupCounts {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { decisions: n('decisions'), auditEvents: n('audit_events'), items: n('items'), receipts: n('receipts'), ledgerEntries: n('ledger_entries'), files };
}

/** The file name of a backup made at `at`: sortable, no characters a file system refuses. */
export function backupFileName(at: string): string {
  return `valhalla-backup-${at.replace(/[:.]/g, '-')}.zip`;
}

/**
 * Checks that `folder` exists (creating it) and can be written. Throws EngineError `invalid`
 * naming the folder and the reason.
 */
export function ensureWritableFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new EngineError('invalid', `cannot write to the folder ${folder}: ${fsReason(error)}`, { issues: [{ path: ['folder'], message: 'not a writable folder' }] });
  }
}

/** A file system error in words (EACCES, ENOSPC …). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the disk is read-only';
  if (code === 'ENOENT') return 'no such folder';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  return error instanceof Error ? error.message : String(error);
}

export interface WrittenBackup {
  tempPath: string;
  /** Where the handler renames it. */
  finalPath: string;
  sha256: string;
  size: number;
  chainHead: { seq: number; hash: string } | null;
  schemaVersion: number;
  counts: BackupCounts;
  verified: boolean;
}

export interface BackupDeps {
  db: Db;
  files: FileStore;
  key: SigningKey;
  anchors: AnchorLog;
  appVersion: string;
}

/** Checks a database file: integrity, chain, head, counts, version. */
function examine(path: string, files: number): { integrity: string; chain: ReturnType<typeof verifyChain>; counts: BackupCounts; schemaVersion: number } {
  const copy = openRaw(path);
  try {
    const integrity = copy.pragma('integrity_check', { simple: true }) as string;
    return { integrity, chain: verifyChain(copy), counts: countRows(copy, files), schemaVersion: copy.pragma('user_version', { simple: true }) as number };
  } finally {
    copy.close();
  }
}

/**
 * Writes a backup of the live database into `folder` under a temporary name, then reads it
 * back and verifies it. Resolves with where it is and what it holds; rejects with
 * EngineError `invalid` (folder not writable, disk full) after removing what it wrote.
 */
export async function writeBackup(deps: BackupDeps, folder: string, meta: { createdAt: string; createdBy: string }, progress: (p: ProgressReport) => void): Promise<WrittenBackup> {
  ensureWritableFolder(folder);
  const finalPath = join(folder, backupFileName(meta.createdAt));
  if (existsSync(finalPath)) throw new EngineError('conflict', `a backup named ${basename(finalPath)} exists already`);
  const rand = randomBytes(6).toString('hex');
  const tempDb = join(folder, `.valhalla-backup-${rand}.sqlite.partial`);
  const tempPath = join(folder, `.${basename(finalPath)}.partial-${rand}`);
  try {
    await deps.db.backup(tempDb, {
      progress: ({ totalPages, remainingPages }) => {
        progress({ phase: 'database', done: totalPages - remainingPages, total: totalPages, unit: 'items' });
        return 512;
      },
    });
    const stored = deps.files.list();
    const exam = examine(tempDb, stored.length);
    if (exam.integrity !== 'ok') throw new EngineError('internal', `the backup's integrity check failed: ${exam.integrity}`);
    if (!exam.chain.ok) throw new EngineError('conflict', `the audit chain fails verification at event ${exam.chain.firstBadSeq}: a backup of it would not restore; see Audit`);

    const zip = createZipWriter(tempPath, new Date(meta.createdAt));
    try {
      zip.addLazy(BACKUP_DB_NAME, () => createReadStream(tempDb));
      if (deps.anchors.exists()) zip.addLazy('anchors.jsonl', () => createReadStream(deps.anchors.path));
      let done = 0;
      for (const f of stored) {
        zip.addLazy(
          `files/${f.sha256.slice(0, 2)}/${f.sha256}`,
          () => {
            done += 1;
            progress({ phase: 'files', done, total: stored.length, unit: 'items' });
            return deps.files.openRead(f.sha256);
          },
          { compress: false },
        );
      }
      const digests = await zip.digests();
      const body: Omit<BackupManifest, 'signature'> = {
        kind: BACKUP_KIND,
        formatVersion: 1,
        appVersion: deps.appVersion,
        createdAt: meta.createdAt,
        createdBy: meta.createdBy,
        schemaVersion: exam.schemaVersion,
        chainHead: exam.chain.head,
        counts: exam.counts,
        files: digests,
      };
      zip.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(signManifest(body, deps.key), null, 2)}\n`, 'utf8'));
      const { sha256, size } = await zip.finish();
      progress({ phase: 'verify', done: 0, total: 1, unit: 'items' });
      const check = await readBackup(tempPath, deps.key.fingerprint, { extractDbTo: null });
      const verified = check.preview.chainHead?.hash === exam.chain.head?.hash;
      progress({ phase: 'verify', done: 1, total: 1, unit: 'items' });
      return { tempPath, finalPath, sha256, size, chainHead: exam.chain.head, schemaVersion: exam.schemaVersion, counts: exam.counts, verified };
    } catch (error) {
      await zip.abort();
      throw error;
    }
  } catch (error) {
    rmSync(tempPath, { force: true });
    if (error instanceof EngineError) throw error;
    throw new EngineError('invalid', `the backup could not be written to ${folder}: ${fsReason(error)}; nothing was kept`);
  } finally {
    rmSync(tempDb, { force: true });
    rmSync(`${tempDb}-wal`, { force: true });
    rmSync(`${tempDb}-shm`, { force: true });
  }
}

/** A refusal to read `path` as a backup, saying why; nothing was changed. */
function notOurs(path: string, why: string): EngineError {
  return new EngineError('invalid', `${path} is not a usable Valhalla backup: ${why}. Nothing was changed.`, { issues: [{ path: ['path'], message: why }] });
}

export interface ReadBackup {
  preview: BackupPreview;
  manifest: BackupManifest;
  /** Where the database was extracted (and checked), when asked. */
  dbPath: string | null;
}

/**
 * Opens a backup file and checks it whole: a zip with a signed `valhalla-backup` manifest,
 * every file matching it (unless `checkFiles: false`, for a quick preview), a schema this build knows; with `extractDbTo`, the database is
 * written there and its integrity and audit chain are checked. Throws EngineError `invalid`
 * for a file that is not ours, cut short, changed, or from a newer schema.
 */
export async function readBackup(path: string, fingerprint: string, options: { extractDbTo: string | null; checkFiles?: boolean }): Promise<ReadBackup> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw notOurs(path, 'it is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('not_found', `no backup file at ${path}`);
  }
  let zip: ZipReader;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw notOurs(path, `it is not a complete zip file (${error instanceof Error ? error.message : String(error)}): cut short, or not a backup`);
  }
  try {
    if (!zip.names.includes(MANIFEST)) throw notOurs(path, 'it has no manifest');
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse((await zip.readAll(MANIFEST, 64 * 1024 * 1024)).toString('utf8')) as BackupManifest;
    } catch {
      throw notOurs(path, 'its manifest is not valid JSON');
    }
    if (manifest?.kind !== BACKUP_KIND || !Array.isArray(manifest.files)) throw notOurs(path, `its manifest is of kind "${String(manifest?.kind)}", not a backup`);
    const { signature, ...body } = manifest;
    if (!signature || !verifySignature(signature.publicKeyPem, canonicalJson(body), signature.value)) throw notOurs(path, 'its manifest’s signature does not verify (it was changed)');
    if (manifest.schemaVersion > LATEST_VERSION) {
      throw notOurs(path, `it was written by a newer version (schema ${manifest.schemaVersion}; this build knows up to ${LATEST_VERSION}): update the app first`);
    }
    if (!manifest.files.some((f) => f.name === BACKUP_DB_NAME)) throw notOurs(path, 'it holds no database');
    for (const f of manifest.files) {
      if (!zip.names.includes(f.name)) throw notOurs(path, `${f.name} is missing`);
      if (options.checkFiles === false) continue;
      let digest;
      try {
        digest = await digestStream(await zip.open(f.name));
      } catch (error) {
        throw notOurs(path, `${f.name} cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
      if (digest.sha256 !== f.sha256 || digest.size !== f.size) throw notOurs(path, `${f.name} differs from its manifest`);
    }
    let dbPath: string | null = null;
    if (options.extractDbTo) {
      dbPath = options.extractDbTo;
      await pipeline(await zip.open(BACKUP_DB_NAME), createWriteStream(dbPath));
      const exam = examine(dbPath, manifest.counts.files);
      if (exam.integrity !== 'ok') throw notOurs(path, `its database fails the integrity check (${exam.integrity})`);
      if (exam.schemaVersion > LATEST_VERSION) throw notOurs(path, `its database is of a newer schema (${exam.schemaVersion})`);
      if (!exam.chain.ok) throw notOurs(path, `its audit chain fails verification at event ${exam.chain.firstBadSeq}`);
      if (exam.chain.head?.hash !== manifest.chainHead?.hash) throw notOurs(path, 'its database’s chain head is not the manifest’s');
    }
    const fp = fingerprintOf(signature.publicKeyPem);
    return {
      manifest,
      dbPath,
      preview: {
        path,
        createdAt: manifest.createdAt,
        appVersion: manifest.appVersion,
        schemaVersion: manifest.schemaVersion,
        chainHead: manifest.chainHead,
        counts: manifest.counts,
        size,
        signature: { valid: true, fingerprint: fp, sameInstallation: fp === fingerprint },
      },
    };
  } finally {
    zip.close();
  }
}

/** Copies the backup's `files/` into the store (content-addressed: present ones are skipped). */
export async function restoreFiles(path: string, manifest: BackupManifest, files: FileStore): Promise<number> {
  const zip = await openZip(path);
  let added = 0;
  try {
    for (const f of manifest.files) {
      if (!f.name.startsWith('files/') || files.has(f.sha256)) continue;
      await files.putStream(await zip.open(f.name), f.sha256, Number.MAX_SAFE_INTEGER);
      added += 1;
    }
  } finally {
    zip.close();
  }
  return added;
}

/** Tables a restore keeps as they are: the lists of files that live outside the database. */
const KEPT_ON_RESTORE = new Set(['backups', 'reports']);

/**
 * Replaces the contents of every table of `db` with those of the database at `sourcePath`
 * (same schema version), inside the caller's transaction: triggers are dropped and
 * re-created around the copy (the audit log's append-only triggers included), foreign keys
 * are checked at commit. The `backups` and `reports` lists are kept. Virtual tables and
 * their shadow tables (full-text indexes, which SQLite protects) are left to the caller to
 * rebuild from the restored rows.
 */
export function replaceContents(db: Db, sourcePath: string): void {
  const source = openRaw(sourcePath, { readonly: true });
  try {
    const sourceVersion = source.pragma('user_version', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (sourceVersion !== version) throw new EngineError('internal', `restore: schema ${sourceVersion} against ${version}`);
    const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    const virtual = (source.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[]).map((v) => `${v}_`);
    const tables = (source.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all() as string[]).filter(
      (t) => !KEPT_ON_RESTORE.has(t) && !virtual.some((prefix) => t.startsWith(prefix)),
    );
    db.pragma('defer_foreign_keys = ON');
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    for (const table of tables) {
      const columns = (source.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => `"${c.name}"`);
      db.exec(`DELETE FROM "${table}"`);
      const insert = db.prepare(`INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of source.prepare(`SELECT ${columns.join(', ')} FROM "${table}"`).raw().iterate()) insert.run(...(row as unknown[]));
    }
    for (const t of triggers) db.exec(t.sql);
  } finally {
    source.close();
  }
}

/** Brings an extracted older database to this build's schema (its own pre-migrate copy beside it). */
export function migrateCopy(path: string, stamp: string): void {
  const copy = openRaw(path);
  try {
    migrate(copy, path, stamp);
  } finally {
    copy.close();
  }
}

/**
 * Which backups rotation removes: of `backups` (any order, `at` instants), it keeps the
 * newest of each of the last `RETENTION.daily` household days, `weekly` ISO weeks (Monday
 * first) and `monthly` months, counted back from `today` (YYYY-MM-DD), and always the newest
 * one; every other one is removed. The classic grandfather-father-son scheme.
 */
export function rotationRemovals<T extends { at: string; day: string }>(backups: readonly T[], today: string): T[] {
  if (backups.length === 0) return [];
  const sorted = [...backups].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const todayN = dayNumber(today);
  const week = (day: number) => Math.floor((day + 3) / 7);
  const month = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  const keep = new Set<T>([sorted[0]!]);
  const seen = { day: new Set<number>(), week: new Set<number>(), month: new Set<number>() };
  for (const b of sorted) {
    const d = dayNumber(b.day);
    if (todayN - d < RETENTION.daily && !seen.day.has(d)) {
      seen.day.add(d);
      keep.add(b);
    }
    if (week(todayN) - week(d) < RETENTION.weekly && !seen.week.has(week(d))) {
      seen.week.add(week(d));
      keep.add(b);
    }
    if (month(today) - month(b.day) < RETENTION.monthly && !seen.month.has(month(b.day))) {
      seen.month.add(month(b.day));
      keep.add(b);
    }
  }
  return sorted.filter((b) => !keep.has(b));
}

/** The data folder's fallback for backups when none is chosen (the pre-restore copy needs one). */
export function defaultBackupFolder(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/** Row counts now, for a restore's before/after. */
export function liveCounts(db: Db, files: FileStore): BackupCounts {
  return countRows(db, files.list().length);
}
