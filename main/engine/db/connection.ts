/**
 * Opens the one writer connection with the pragmas of DESIGN.md ("Storage"):
 * WAL, synchronous=FULL (approvals, caps and audit must survive power loss),
 * foreign keys on, a busy timeout.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for another runtime (Electron); default: the package's own build. */
  nativeBinding?: string;
  readonly?: boolean;
}

/** Opens `path` without touching the file's contents (no pragma that writes). */
export function openRaw(path: string, options: OpenOptions = {}): Db {
  return new Database(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
  });
}

/** Applies the engine's pragmas to an open connection. Writes the WAL mode into the file. */
export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection and SQL text. better-sqlite3 does not
 * cache: compiling on every call costs more than running most of the engine's statements.
 */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}
