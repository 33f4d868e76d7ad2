/**
 * Schema migrations on `PRAGMA user_version` (DESIGN.md "Storage"): all pending ones in
 * one transaction, a backup of an existing database before migrating, and a refusal —
 * database untouched — to open a file written by a newer version.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from './connection';
import { openRaw } from './connection';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

/** Thrown when the file's schema version is newer than this build knows. */
export class NewerDatabaseError extends Error {
  constructor(
    readonly dbPath: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${dbPath} was written by a newer Valhalla Console (schema ${fileVersion}; this build knows up to ${knownVersion}). ` +
        'It was not opened and nothing in it was changed: update the app to open it.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Reads the schema version of an existing file through a read-only connection, so that a
 * refusal leaves the file byte-for-byte as it was. Returns 0 for a missing file.
 * Throws NewerDatabaseError when the version is beyond `known`.
 */
export function checkVersion(dbPath: string, known = LATEST_VERSION, nativeBinding?: string): number {
  if (!existsSync(dbPath)) return 0;
  const probe = openRaw(dbPath, { readonly: true, nativeBinding });
  try {
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > known) throw new NewerDatabaseError(dbPath, version, known);
    return version;
  } finally {
    probe.close();
  }
}

export interface MigrationReport {
  from: number;
  to: number;
  /** Path of the backup written before migrating, or null (new database, nothing pending). */
  backupPath: string | null;
}

/**
 * Brings `db` to the latest version. `stamp` names the backup file (an instant).
 * Throws NewerDatabaseError (nothing changed) or rethrows a migration's error after the
 * transaction rolled back (nothing changed, backup kept).
 */
export function migrate(db: Db, dbPath: string, stamp: string, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  const known = migrations.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > known) throw new NewerDatabaseError(dbPath, from, known);
  if (from === known) return { from, to: from, backupPath: null };

  let backupPath: string | null = null;
  if (from > 0 && dbPath !== ':memory:') {
    const dir = join(dirname(dbPath), 'backups');
    mkdirSync(dir, { recursive: true });
    backupPath = join(dir, `pre-migrate-v${from}-to-v${known}-${stamp.replace(/[:.]/g, '-')}.sqlite`);
    db.prepare('VACUUM INTO ?').run(backupPath);
  }

  db.transaction(() => {
    for (const m of migrations.slice(from)) m.up(db);
    db.pragma(`user_version = ${known}`);
  }).immediate();
  return { from, to: known, backupPath };
}
