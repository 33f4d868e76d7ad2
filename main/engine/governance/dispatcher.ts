/**
 * The dispatcher: the one place decisions are made (DESIGN.md "The dispatcher").
 *
 * For each action: validate params → permission → gates (in order) → handler inside one
 * IMMEDIATE SQLite transaction (in `plan` mode inside a savepoint that is rolled back, so
 * the preview is the real computation) → decision record and audit events, committed
 * together with the effect or not at all. A refused or failed action still commits its
 * decision and an audit event. Nothing the caller sends as a verdict, risk or amount is
 * trusted: params are re-validated by the action's schema and everything else is computed
 * here. What a decision stores from bad input is bounded (see limits.ts): params nested
 * deeper than MAX_PARAMS_DEPTH are refused before anything walks them, and every reason
 * is cut at MAX_STORED_TEXT_CHARS, saying how much more there was.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ZodError } from 'zod';
import {
  ACTION_PERMISSIONS,
  actionSpec,
  EngineError,
  fail,
  ok,
  safeParseParams,
  type ActionName,
  type ApiError,
  type Decision,
  type Dispatched,
  type DispatchMode,
  type ErrorCode,
  type FieldIssue,
  type Result,
} from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { OperatorRecord } from '../domains/operators/store';
import { countOperators } from '../domains/operators/store';
import type { FileStore } from '../files/store';
import type { ActionContext, ActionHandlers, EngineServices } from '../handlers';
import type { Clock, Logger } from '../types';
import { appendAudit, type AuditChange } from './audit';
import { hashValue, sha256Hex } from './canonical';
import { insertDecision } from './decisions';
import { capList, capText, MAX_PARAMS_DEPTH, MAX_STORED_TEXT_CHARS, nestedDeeperThan, pruneDepth, recordableJson } from './limits';
import { GATES, runGates, type Gate, type GateContext, type GateOutcome } from './gates';
import { activeSessionId } from '../domains/sessions/store';
import { computeHealth, type HealthRuntime } from './health';
import type { Settings } from './settings';
import { readGovernance, type GovernanceRow } from './state';
import { actionMinBand, type SpendResolvers } from './spending';

/** Tables of items: a change to one that names no items makes `db.changed` name none. */
const ITEM_TABLES = new Set(['items', 'stock_journal', 'item_stats']);
/** Above this many changed items, `db.changed` names none: refetching the whole list is as cheap. */
const MAX_CHANGED_ITEMS = 200;

export interface DispatcherDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  handlers: ActionHandlers;
  runtime: HealthRuntime;
  gates?: readonly Gate[];
  files: FileStore;
  services: EngineServices;
  /** How spending actions spend (amount, category, target), by action. */
  spendResolvers?: SpendResolvers;
  /** Called after each commit with the decision, the tables changed and, when known, the items whose stock changed (see `ActionContext.touchItems`). */
  onCommitted(decision: Decision, tables: string[], items?: string[]): void;
}

export interface Actor {
  operator: OperatorRecord | null;
  kind: 'operator' | 'system';
  /** Settings as read when the actor was resolved (one read per dispatch). */
  settings: Settings;
}

/** Param keys whose values are never stored in a decision or audit event. */
const SECRET_KEYS = new Set(['pin']);
/** Raw (invalid) params above this size are stored as a digest and a preview only. */
const MAX_STORED_RAW = 4096;
/** The most field issues an `invalid` refusal returns in `details.issues`; the message counts the rest. */
const MAX_RETURNED_ISSUES = 100;

function redact(value: unknown): unknown {
  // Array.from, not map: a sparse array (structured clone carries them) must not keep holes canonical JSON skips
  if (Array.isArray(value)) return Array.from(value, redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

/** Invalid input is recorded as sent, but bounded: huge strings must not bloat the log. */
function storableRaw(raw: unknown): { stored: unknown; sha256: string } {
  const text = recordableJson(redact(raw));
  const sha256 = sha256Hex(text);
  if (text.length <= MAX_STORED_RAW) return { stored: JSON.parse(text), sha256 };
  return { stored: { truncated: true, bytes: text.length, preview: text.slice(0, 256) }, sha256 };
}

/**
 * Params nested deeper than MAX_PARAMS_DEPTH, as stored in their decision: a preview of
 * their first levels, and as `sha256` the digest of that stored value (the params
 * themselves cannot be canonicalised: RFC 8785 canonicalisation recurses once per level).
 */
function storableTooDeep(raw: unknown): { stored: unknown; sha256: string } {
  const stored = { truncated: true, deeperThan: MAX_PARAMS_DEPTH, preview: capText(recordableJson(redact(pruneDepth(raw))), 256) };
  return { stored, sha256: hashValue(stored) };
}

/**
 * Field issues of a failed parse: path and message. An unrecognized-keys issue names at
 * most what fits in a stored reason, then "… and N more" (ten thousand unknown keys must
 * not make a megabyte of refusal).
 */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.code === 'unrecognized_keys' ? `Unrecognized key${i.keys.length === 1 ? '' : 's'}: ${capList(i.keys.map((k) => JSON.stringify(k)), { max: MAX_STORED_TEXT_CHARS / 2 })}` : capText(i.message, MAX_STORED_TEXT_CHARS / 2),
  }));
}

/** The message of an `invalid params` refusal: every issue as `path: message`, at most MAX_STORED_TEXT_CHARS in all. */
function invalidParamsMessage(issues: readonly FieldIssue[]): string {
  const prefix = 'invalid params: ';
  return `${prefix}${capList(issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`), { max: MAX_STORED_TEXT_CHARS - prefix.length, separator: '; ' })}`;
}

/** A decision's reason and gate reasons as stored: each at most MAX_STORED_TEXT_CHARS (see capText). */
function bounded(d: Decision): Decision {
  return { ...d, reason: d.reason === null ? null : capText(d.reason), gates: d.gates.map((g) => ({ ...g, reason: capText(g.reason) })) };
}

export function permissionGate(db: Db, action: ActionName, actor: Actor): GateOutcome {
  if (action === 'setup.initialize') {
    return countOperators(db) === 0
      ? { gate: 'permission', verdict: 'pass', reason: 'first run: no operator exists yet' }
      : { gate: 'permission', verdict: 'block', reason: 'already initialized: an owner exists' };
  }
  if (actor.kind === 'system') return { gate: 'permission', verdict: 'pass', reason: 'system actor (scheduler)' };
  if (!actor.operator) return { gate: 'permission', verdict: 'block', reason: 'no current operator: finish onboarding first' };
  const roles = ACTION_PERMISSIONS[action];
  return roles.includes(actor.operator.role)
    ? { gate: 'permission', verdict: 'pass', reason: `role ${actor.operator.role} may ${action}` }
    : { gate: 'permission', verdict: 'block', reason: `role ${actor.operator.role} may not ${action} (allowed: ${roles.join(', ') || 'none'})` };
}

export interface Evaluation {
  results: GateOutcome[];
  blocking: GateOutcome | null;
  ctx: GateContext;
}

/**
 * Runs the gates for validated params, reading only: the dispatcher's step 3, and the
 * whole of `governance.assess`. Resolves what a spending action spends first; throws the
 * resolver's EngineError (e.g. an unknown purchase).
 */
export function evaluateGates(
  deps: { db: Db; gates: readonly Gate[]; runtime: HealthRuntime; spendResolvers: SpendResolvers },
  name: ActionName,
  params: unknown,
  mode: DispatchMode,
  actor: Actor,
  now: string,
  governance: GovernanceRow = readGovernance(deps.db),
): Evaluation {
  const contractSpec = actionSpec(name);
  const spec = { ...contractSpec, minBand: actionMinBand(deps.db, name) ?? contractSpec.minBand };
  const ctx: GateContext = {
    db: deps.db,
    now,
    settings: actor.settings,
    spend: deps.spendResolvers[name]?.(params, deps.db) ?? null,
    action: name,
    spec,
    params,
    mode,
    operator: actor.operator,
    actor: actor.kind,
    governance,
    health: computeHealth(deps.db, governance, deps.runtime),
    assessment: { riskBucket: null },
  };
  const { results, blocking } = runGates(ctx, deps.gates);
  return { results, blocking, ctx };
}

/**
 * What an action's preparer produced, or the error it threw (recorded as the decision's
 * refusal), with the progress reporter it used, which the handler reports on too.
 */
export type Preparation = ({ value: unknown } | { error: unknown }) & { progress?: ActionContext['progress'] };

class PlanRollback extends Error {
  constructor(readonly result: unknown) {
    super('plan rollback');
  }
}

type Outcome =
  | { kind: 'ok'; decision: Decision }
  | { kind: 'fail'; code: ErrorCode; message: string; decision: Decision; details?: ApiError['details'] };

/**
 * Creates the `dispatch` function. It never throws for a refusal or a handler error: it
 * returns the envelope, with the decision in `value.decision` or `error.details.decision`.
 * It returns `internal` without a decision only if the decision itself cannot be written.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { db, clock, log, handlers, runtime } = deps;
  const gates = deps.gates ?? GATES;

  return function dispatch<K extends ActionName>(name: K, raw: unknown, mode: DispatchMode, actor: Actor, preparation?: Preparation): Result<Dispatched<K>> {
    const at = clock.now().toISOString();
    const decisionId = uuidv7();
    const spec = actionSpec(name);
    const base = {
      id: decisionId,
      at,
      operatorId: actor.operator?.id ?? null,
      operatorName: actor.kind === 'system' ? 'system' : (actor.operator?.name ?? (name === 'setup.initialize' ? 'first-run' : null)),
      // The session active when the decision is made (or, for sessions.start, the one it
      // opened): set inside the transaction, so every decision and audit event carries it.
      sessionId: null as string | null,
      action: name,
      mode,
    };
    const changes: AuditChange[] = [];
    const tables = new Set<string>(['decisions']);
    // the items named by touchItems; null once items' tables changed without naming them
    let itemIds: Set<string> | null = new Set();
    const onlyDecisions = () => {
      tables.clear();
      tables.add('decisions');
      itemIds = new Set();
    };

    /** Writes the decision (its texts bounded) and, in execute mode, its audit events; returns the decision as written. */
    const finish = (unbounded: Decision, handlerChanges: AuditChange[]): Decision => {
      const d = bounded(unbounded);
      insertDecision(db, d);
      if (mode === 'execute') {
        tables.add('audit_events');
        const decisionEvent: AuditChange = {
          entity: 'decision',
          entityId: d.id,
          before: null,
          after: { action: d.action, status: d.status, reason: d.reason, paramsSha256: d.paramsSha256, resultSha256: d.resultSha256 },
        };
        appendAudit(db, { at, operatorId: d.operatorId, sessionId: d.sessionId, decisionId: d.id, action: d.action }, [...handlerChanges, decisionEvent]);
      }
      return d;
    };

    const run = db.transaction((): Outcome => {
      base.sessionId = activeSessionId(db);
      // Before anything walks the params recursively (the schema, redaction, canonical JSON):
      // a few thousand levels would overflow the stack and leave no decision at all.
      if (nestedDeeperThan(raw, MAX_PARAMS_DEPTH)) {
        const { stored, sha256 } = storableTooDeep(raw);
        const message = `invalid params: nested more than ${MAX_PARAMS_DEPTH} levels deep`;
        const d = finish({ ...base, status: 'INVALID', reason: message, errorCode: 'invalid', gates: [], riskBucket: null, params: stored, paramsSha256: sha256, resultSha256: null, result: null }, []);
        return { kind: 'fail', code: 'invalid', message, decision: d, details: { issues: [{ path: [], message: `nested more than ${MAX_PARAMS_DEPTH} levels deep` }] } };
      }
      const parsed = safeParseParams(spec.input, raw);
      if (!parsed.success) {
        const all = zodIssues(parsed.error);
        const { stored, sha256 } = storableRaw(raw);
        const message = invalidParamsMessage(all);
        const d = finish({ ...base, status: 'INVALID', reason: message, errorCode: 'invalid', gates: [], riskBucket: null, params: stored, paramsSha256: sha256, resultSha256: null, result: null }, []);
        const issues = all.length > MAX_RETURNED_ISSUES ? [...all.slice(0, MAX_RETURNED_ISSUES), { path: [], message: `… and ${all.length - MAX_RETURNED_ISSUES} more issues` }] : all;
        return { kind: 'fail', code: 'invalid', message, decision: d, details: { issues } };
      }
      const params = parsed.data;
      const storedParams = redact(params);
      const paramsSha256 = hashValue(storedParams);
      const decisionOf = (rest: Pick<Decision, 'status' | 'reason' | 'errorCode' | 'gates' | 'riskBucket' | 'resultSha256' | 'result'>): Decision => ({
        ...base,
        params: storedParams,
        paramsSha256,
        ...rest,
      });

      const permission = permissionGate(db, name, actor);
      if (permission.verdict === 'block') {
        const d = finish(decisionOf({ status: 'BLOCKED', reason: permission.reason, errorCode: 'forbidden', gates: [permission], riskBucket: null, resultSha256: null, result: null }), []);
        return { kind: 'fail', code: 'forbidden', message: d.reason ?? permission.reason, decision: d };
      }

      const actionCtx: ActionContext = {
        db,
        now: at,
        decisionId,
        mode,
        operator: actor.operator,
        actorName: base.operatorName ?? 'unknown',
        settings: actor.settings,
        governance: readGovernance(db),
        health: () => computeHealth(db, readGovernance(db), runtime),
        record: (change) => changes.push(change),
        touch: (...names) =>
          names.forEach((t) => {
            tables.add(t);
            if (ITEM_TABLES.has(t)) itemIds = null;
          }),
        touchItems: (ids) => {
          tables.add('stock_journal');
          tables.add('item_stats');
          for (const id of ids) itemIds?.add(id);
        },
        newId: () => uuidv7(),
        prepared: preparation && 'value' in preparation ? preparation.value : undefined,
        progress: preparation?.progress ?? (() => undefined),
        files: deps.files,
        services: deps.services,
      };
      const refused = (error: unknown): Outcome => {
        const code: ErrorCode = error instanceof EngineError ? error.code : 'internal';
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof EngineError)) log.error('action failed', { action: name, decisionId, error: message });
        const status = code === 'forbidden' || code === 'blocked' ? 'BLOCKED' : code === 'invalid' ? 'INVALID' : 'ERROR';
        onlyDecisions();
        changes.length = 0;
        // the caller hears the reason as stored: a refusal listing a whole file is cut there too
        const d = finish(decisionOf({ status, reason: message, errorCode: code, gates: gateResults, riskBucket, resultSha256: null, result: null }), []);
        return { kind: 'fail', code, message: d.reason ?? message, decision: d, details: error instanceof EngineError ? error.details : undefined };
      };

      let gateResults: Decision['gates'] = [permission];
      let riskBucket: Decision['riskBucket'] = null;
      let evaluation: Evaluation;
      try {
        evaluation = evaluateGates({ db, gates, runtime, spendResolvers: deps.spendResolvers ?? {} }, name, params, mode, actor, at, actionCtx.governance);
      } catch (error) {
        return refused(error);
      }
      const { results, blocking, ctx } = evaluation;
      gateResults = [permission, ...results].map(({ gate, verdict, reason }) => ({ gate, verdict, reason }));
      riskBucket = ctx.assessment.riskBucket;
      if (blocking) {
        const pending = blocking.pendingApproval === true;
        if (mode === 'execute') blocking.effects?.onBlocked?.(actionCtx);
        const d = finish(
          decisionOf({
            status: pending ? 'PENDING_APPROVAL' : 'BLOCKED',
            reason: blocking.reason,
            errorCode: pending ? 'pending_approval' : 'blocked',
            gates: gateResults,
            riskBucket,
            resultSha256: null,
            result: null,
          }),
          changes,
        );
        return { kind: 'fail', code: pending ? 'pending_approval' : 'blocked', message: d.reason ?? blocking.reason, decision: d };
      }

      if (preparation && 'error' in preparation) return refused(preparation.error);

      const handler = handlers[name] as (p: unknown, c: ActionContext) => unknown;
      try {
        // Effects and handler share one savepoint: a failure (or plan mode) rolls back the
        // cap reservation together with the handler's work.
        const result = db.transaction(() => {
          for (const r of results) r.effects?.before?.(actionCtx);
          const value = handler(params, actionCtx);
          for (const r of results) r.effects?.after?.(actionCtx, value);
          if (mode === 'plan') throw new PlanRollback(value);
          return value;
        })();
        base.sessionId ??= activeSessionId(db);
        const d = finish(decisionOf({ status: 'OK', reason: null, errorCode: null, gates: gateResults, riskBucket, resultSha256: hashValue(result), result }), changes);
        return { kind: 'ok', decision: d };
      } catch (error) {
        if (error instanceof PlanRollback) {
          onlyDecisions();
          const d = finish(decisionOf({ status: 'OK', reason: 'plan: rolled back', errorCode: null, gates: gateResults, riskBucket, resultSha256: hashValue(error.result), result: error.result }), []);
          return { kind: 'ok', decision: d };
        }
        return refused(error);
      }
    });

    let outcome: Outcome;
    try {
      outcome = run.immediate();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error('dispatch could not commit its decision', { action: name, error: message });
      return fail('internal', `could not record the decision: ${message}`);
    }
    const items: Set<string> | null = itemIds;
    deps.onCommitted(outcome.decision, [...tables], items && items.size > 0 && items.size <= MAX_CHANGED_ITEMS ? [...items] : undefined);
    if (outcome.kind === 'ok') return ok({ decision: outcome.decision, result: outcome.decision.result }) as Result<Dispatched<K>>;
    return fail(outcome.code, outcome.message, { ...outcome.details, decision: outcome.decision });
  };
}
