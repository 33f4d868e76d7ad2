/**
 * The engine's public face: what the Electron shell, browser-mode host, CLI and tests use.
 * Everything is synchronous (better-sqlite3); transports wrap results in promises.
 */
import type { JobSpec } from './scheduler/scheduler';
import type {
  ActionName,
  Dispatched,
  DispatchMode,
  EventName,
  EventPayload,
  QueryName,
  QueryOutput,
  Result,
} from '../../shared/contract';
import type { FileStore } from './files/store';
import type { KeyVault } from './governance/installation-key';
import type { Scheduler } from './scheduler/scheduler';
import type { SuggestedBandSource } from './governance/spending';

/** A clock injected into the engine, so tests control time. */
export interface Clock {
  now(): Date;
}

/** Where log lines go (stderr in the CLI, the console in Electron, an array in tests). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Who is calling. `operatorId` overrides the stored current operator (the CLI's `--as`);
 * `actor: 'system'` is the scheduler and automations.
 */
export interface CallContext {
  operatorId?: string;
  actor?: 'operator' | 'system';
}

export interface EngineOptions {
  /** Path of the SQLite file; created when missing. */
  dbPath: string;
  clock?: Clock;
  log?: Logger;
  /** Folder for content-addressed files: imports, attachments (default: `files/` beside the database). */
  filesDir?: string;
  /** Run `audit.verify` and `PRAGMA quick_check` on open to seed health (default true). */
  startupChecks?: boolean;
  /** Where the suggested band comes from (cash runway, once the ledger exists); default: none. */
  suggestedBand?: SuggestedBandSource;
  /** Path of a better_sqlite3.node built for Electron (kept apart from the Node build, DESIGN.md). */
  nativeBinding?: string;
  /** Where the installation's private key is kept (Electron: safeStorage); default a 0600 file in `keys/` beside the database. */
  keyVault?: KeyVault;
  /** The anchors file (default `<db name>.anchors.jsonl` beside the database). */
  anchorsPath?: string;
  /** The scheduler's jobs (default DEFAULT_JOBS); tests give a job that throws. */
  jobs?: readonly JobSpec[];
}

export interface Engine {
  readonly dbPath: string;
  /** A typed, read-only call. Never writes. */
  query<K extends QueryName>(name: K, params: unknown, ctx?: CallContext): Result<QueryOutput<K>>;
  /**
   * Any query, including those that read a file as a stream (`ASYNC_QUERIES`: a bundle's
   * verification, a backup's preview); `query` refuses those with `internal`.
   */
  queryAsync<K extends QueryName>(name: K, params: unknown, ctx?: CallContext): Promise<Result<QueryOutput<K>>>;
  /** A typed, governed call through the dispatcher. */
  dispatch<K extends ActionName>(name: K, params: unknown, mode: DispatchMode, ctx?: CallContext): Result<Dispatched<K>>;
  /**
   * A governed call for any action, including long ones with a preparation step (imports):
   * params are validated, the preparer runs (awaiting, reporting `job.progress`), then the
   * same dispatcher as `dispatch` decides and commits.
   */
  dispatchAsync<K extends ActionName>(name: K, params: unknown, mode: DispatchMode, ctx?: CallContext): Promise<Result<Dispatched<K>>>;
  /**
   * The untyped entry for transports (IPC, WebSocket, CLI): an unknown name is refused
   * with `invalid` and logged.
   */
  call(kind: 'query' | 'dispatch', name: string, params: unknown, mode?: unknown, ctx?: CallContext): Promise<Result<unknown>>;
  /** The content-addressed file store (imports, attachments). */
  readonly files: FileStore;
  /** The job scheduler; the long-running hosts (Electron, browser mode) start it. */
  readonly scheduler: Scheduler;
  /** Subscribe to a main → renderer event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  close(): void;
}
