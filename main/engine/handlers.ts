/**
 * Handler types, typed from the contract: a handler map must cover every action and query
 * exactly once (compile-time through `satisfies`, runtime through `mergeHandlers`).
 */
import type { ActionName, ActionOutput, ActionParams, ASYNC_QUERIES, Result, AuditCheck, Health, QueryName, QueryOutput, QueryParams } from '../../shared/contract';
import type { Db } from './db/connection';
import type { OperatorRecord } from './domains/operators/store';
import type { AuditChange } from './governance/audit';
import type { HealthRuntime } from './governance/health';
import type { Settings } from './governance/settings';
import type { DocumentReader } from './domains/receipts/capture/reader';
import type { GovernanceRow } from './governance/state';
import type { FileStore } from './files/store';
import type { AnchorLog } from './governance/anchors';
import type { SigningKey } from './governance/installation-key';
import type { JobRun } from './scheduler/scheduler';
import type { Clock } from './types';

type AsyncQueryName = (typeof ASYNC_QUERIES)[number];

/**
 * What leaves the database file: the installation's signing key, the anchors file, where the
 * database lives, and how many long (async) actions are in flight now.
 */
export interface EngineServices {
  key: SigningKey;
  anchors: AnchorLog;
  /** The database file's path (`:memory:` in some tests). */
  dbPath: string;
  appVersion: string;
  /** Long actions being prepared or run now, other than the caller's own. */
  actionsInFlight(): number;
  /** Recomputes the audit chain, compares it with its latest anchor, and updates health. */
  checkAudit(): AuditCheck;
  /** The scheduler's job names. */
  jobNames(): string[];
  /** Runs a scheduler job now (as `system`, trigger `manual`); throws EngineError `not_found` for an unknown job. */
  runJob(name: string): Promise<JobRun>;
  /**
   * Dispatches an action in execute mode as the operator `operatorId` (null: the current
   * operator), as its own decision; for preparers that carry out another action first
   * (accepting a recommendation). Never called inside a transaction.
   */
  dispatchAs(action: ActionName, params: unknown, operatorId: string | null): Result<{ decision: { id: string }; result?: unknown }>;
  /** The engine's reader of scans, photos and PDFs (OCR workers started on first use, stopped when the engine closes). */
  documentReader(): DocumentReader;
}

/** A progress report of a long action (an import), sent as `job.progress` with the action's name and a rate. */
export type ProgressReport = { phase: string; done: number; total: number | null; unit: 'rows' | 'bytes' | 'items' };

/** What an action handler may use. It runs inside the dispatcher's transaction. */
export interface ActionContext {
  db: Db;
  /** The decision's instant, ISO-8601 UTC. */
  now: string;
  decisionId: string;
  mode: 'plan' | 'execute';
  /** The operator acting, null for `system` (scheduler) or before the first operator exists. */
  operator: OperatorRecord | null;
  /** Name recorded as `…_by` on changed rows: operator name or `system`. */
  actorName: string;
  settings: Settings;
  /** The governance row as the gates saw it, read inside this transaction. */
  governance: GovernanceRow;
  /** Health computed now, inside this transaction (e.g. a playbook step that red health blocks). */
  health(): Health;
  /** Records a state change with before/after values; written to the audit chain on commit. */
  record(change: AuditChange): void;
  /** Names tables the handler changed, for the `db.changed` event. */
  touch(...tables: string[]): void;
  /**
   * Names the items whose stock and stats changed (touches `stock_journal` and `item_stats`):
   * `db.changed` then carries their ids, unless another change to items named none.
   */
  touchItems(ids: Iterable<string>): void;
  /** A new UUIDv7. */
  newId(): string;
  /** What the action's preparer produced before the transaction (undefined for most actions). */
  prepared: unknown;
  /**
   * Reports progress of the handler's own step (e.g. an import's inserts) on the same job
   * as its preparer's; a no-op for actions without a preparer or not run by dispatchAsync.
   */
  progress(p: ProgressReport): void;
  files: FileStore;
  services: EngineServices;
}

export type ActionHandler<K extends ActionName> = (params: ActionParams<K>, ctx: ActionContext) => ActionOutput<K>;
export type ActionHandlers = { [K in ActionName]: ActionHandler<K> };

/** What an action's preparer may use: it runs before the transaction, may await, and never writes the database. */
export interface PrepareContext {
  /** For reads only (e.g. "was this file imported already?"); the preparer runs outside any transaction. */
  db: Db;
  files: FileStore;
  clock: Clock;
  /** Reports progress as a `job.progress` event (rate-limited by the engine). */
  progress(p: ProgressReport): void;
  /** `plan` previews must not write files; `execute` may (to temporary names the handler renames). */
  mode: 'plan' | 'execute';
  /** Who the action runs as (operator name or `system`), for files that record it. */
  actorName: string;
  /** The operator's id, null for `system`. */
  operatorId: string | null;
  services: EngineServices;
}

/**
 * Long actions (imports) parse their input before the dispatcher's transaction, so no
 * transaction spans an `await` and progress can be reported. The result reaches the
 * handler as `ctx.prepared`; a thrown EngineError becomes the decision's refusal.
 */
export type ActionPreparer<K extends ActionName> = (params: ActionParams<K>, ctx: PrepareContext) => Promise<unknown>;
export type ActionPreparers = { [K in ActionName]?: ActionPreparer<K> };

/** What a query handler may use: read-only. */
export interface QueryContext {
  db: Db;
  clock: Clock;
  runtime: HealthRuntime;
  operator: OperatorRecord | null;
  settings: Settings;
  /** The content-addressed file store, for queries that read a staged file (previews). */
  files: FileStore;
  services: EngineServices;
}

export type QueryHandler<K extends QueryName> = (params: QueryParams<K>, ctx: QueryContext) => QueryOutput<K>;
/** Every query of the contract; those of `ASYNC_QUERIES` (reading a zip as a stream) answer with a promise. */
export type QueryHandlers = { [K in QueryName]: K extends AsyncQueryName ? (params: QueryParams<K>, ctx: QueryContext) => Promise<QueryOutput<K>> : QueryHandler<K> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Merges per-domain handler maps, typed as the intersection of the maps: assigned to the
 * full map type (`ActionHandlers`, `QueryHandlers`) it does not compile unless every call
 * of the contract has a handler. At run time it throws, naming it, for a name registered
 * twice.
 */
export function mergeHandlers<const Maps extends readonly object[]>(...maps: Maps): UnionToIntersection<Maps[number]> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in out) throw new Error(`handler for '${name}' registered twice`);
      out[name] = handler;
    }
  }
  return out as UnionToIntersection<Maps[number]>;
}
