/**
 * createEngine({ dbPath, clock, log }) → { query, dispatch, call, on, close }.
 * Electron-free: the same engine runs in the Electron main process, the browser-mode
 * host, the CLI and the tests.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  ACTION_NAMES,
  ASYNC_QUERIES,
  actions,
  EngineError,
  fail,
  ok,
  QUERY_NAMES,
  QUERY_PERMISSIONS,
  queries,
  safeParseParams,
  type ActionName,
  type AuditCheck,
  type EventName,
  type EventPayload,
  type QueryName,
  type Result,
} from '../../shared/contract';
import { applyPragmas, openRaw } from './db/connection';
import { checkVersion, migrate } from './db/migrate';
import { alertActions } from './domains/alerts/actions';
import { alertQueries } from './domains/alerts/queries';
import { operatorActions } from './domains/operators/actions';
import { operatorQueries } from './domains/operators/queries';
import { countOperators, firstOwner, getOperator, type OperatorRecord } from './domains/operators/store';
import { opsboardQueries } from './domains/opsboard/queries';
import { inventoryActions } from './domains/inventory/actions';
import { inventoryImportActions, inventoryPreparers } from './domains/inventory/import-actions';
import { inventoryQueries } from './domains/inventory/queries';
import { receiptActions, receiptPreparers, receiptQueries } from './domains/receipts/receipts';
import { LEDGER_SPEND_RESOLVERS, ledgerActions, ledgerPreparers, ledgerQueries } from './domains/ledger/ledger';
import { reconcileActions, reconcileQueries } from './domains/ledger/reconcile';
import { cashBufferQueries, runwayBandSource } from './domains/ledger/cash-buffer';
import { setupActions } from './domains/setup/actions';
import { settingsActions, settingsQueries } from './domains/settings/settings';
import { seedBuiltinPlaybooks } from './domains/playbooks/builtins';
import { playbookActions, playbookQueries, stepApprovalBinding } from './domains/playbooks/playbooks';
import { sessionActions, sessionQueries } from './domains/sessions/sessions';
import { governanceActions } from './governance/actions';
import { backupActions, backupPreparers, backupQueries } from './backup/actions';
import { chainHolds, checkAnchors, openAnchorLog } from './governance/anchors';
import { chainHead, GENESIS_HASH, verifyChain } from './governance/audit';
import { fileKeyVault, loadOrCreateKey, type SigningKey } from './governance/installation-key';
import { reportActions, reportPreparers, reportQueries } from './reports/reports';
import { APP_VERSION } from './version';
import { createDispatcher, evaluateGates, permissionGate, zodIssues, type Actor, type Preparation } from './governance/dispatcher';
import { GATES } from './governance/gates';
import { matchingApproval, type SpendResolvers, type SuggestedBandSource } from './governance/spending';
import { spendingActionHandlers, spendingQueryHandlers } from './governance/spending-actions';
import { followApproval, PURCHASE_SPEND_RESOLVERS, purchaseActions, purchaseQueries } from './domains/purchases/purchases';
import type { HealthRuntime } from './governance/health';
import { governanceQueries } from './governance/queries';
import { readSettings, type Settings } from './governance/settings';
import { mergeHandlers, type ActionHandlers, type ActionPreparers, type EngineServices, type PrepareContext, type QueryContext, type QueryHandlers } from './handlers';
import { createFileStore } from './files/store';
import { createScheduler, type Scheduler } from './scheduler/scheduler';
import { schedulerActions, schedulerPreparers, schedulerQueries } from './scheduler/jobs';
import { alertGroupActions, alertGroupQueries } from './domains/alerts/groups';
import { notificationActions, notificationQueries } from './domains/notifications/notifications';
import { SHOPPING_SPEND_RESOLVERS, shoppingActions, shoppingQueries } from './domains/shopping/shopping';
import { charterActions, charterQueries } from './domains/automations/charter';
import { kpiActions, kpiQueries } from './domains/automations/kpi';
import { recommendationActions, recommendationPreparers, recommendationQueries } from './domains/automations/recommendations';
import { BILL_SPEND_RESOLVERS, scheduleActions, scheduleQueries } from './domains/schedule/schedule';
import { captureActions, capturePreparers, captureQueries } from './domains/receipts/capture/capture';
import { createDocumentReader, type DocumentReader } from './domains/receipts/capture/reader';
import type { CallContext, Clock, Engine, EngineOptions, Logger } from './types';

export const systemClock: Clock = { now: () => new Date() };

/** Logs to stderr as one JSON line per message (stdout stays clean for the CLI's JSON). */
export const stderrLogger: Logger = {
  info: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
  warn: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};

/** How each spending action spends. */
export const SPEND_RESOLVERS: SpendResolvers = { ...PURCHASE_SPEND_RESOLVERS, ...LEDGER_SPEND_RESOLVERS, ...SHOPPING_SPEND_RESOLVERS, ...BILL_SPEND_RESOLVERS };

const ASSESS_DEPS_WITHOUT_RUNTIME = { gates: GATES, spendResolvers: SPEND_RESOLVERS };

/** Every action handler, once: a missing one does not compile, a duplicate throws on load. */
export function actionHandlers(runtime: HealthRuntime): ActionHandlers {
  return mergeHandlers(
    setupActions,
    operatorActions,
    governanceActions,
    alertActions,
    inventoryActions,
    inventoryImportActions,
    spendingActionHandlers(SPEND_RESOLVERS, [followApproval], { 'playbooks.completeStep': stepApprovalBinding }),
    purchaseActions({ ...ASSESS_DEPS_WITHOUT_RUNTIME, runtime }),
    receiptActions,
    captureActions,
    ledgerActions,
    reconcileActions,
    playbookActions,
    sessionActions,
    reportActions,
    backupActions,
    shoppingActions,
    scheduleActions,
    schedulerActions,
    alertGroupActions,
    notificationActions,
    settingsActions,
    recommendationActions,
    charterActions,
    kpiActions,
  );
}

/** Every query handler, once. */
export function queryHandlers(suggested: SuggestedBandSource): QueryHandlers {
  return mergeHandlers(
    governanceQueries,
    operatorQueries,
    alertQueries,
    opsboardQueries,
    inventoryQueries,
    spendingQueryHandlers(suggested),
    purchaseQueries,
    assessQuery,
    receiptQueries,
    captureQueries,
    ledgerQueries,
    reconcileQueries,
    cashBufferQueries,
    playbookQueries,
    sessionQueries,
    reportQueries,
    backupQueries,
    shoppingQueries,
    scheduleQueries,
    schedulerQueries,
    alertGroupQueries,
    notificationQueries,
    settingsQueries,
    recommendationQueries,
    charterQueries,
    kpiQueries,
  );
}

/** `governance.assess`: the gates' verdict on an action and params, without running it. */
const assessQuery: Pick<QueryHandlers, 'governance.assess'> = {
  'governance.assess': (p, ctx) => {
    const name = p.action as ActionName;
    if (!isActionName(p.action)) throw new EngineError('invalid', `unknown action '${p.action.slice(0, 100)}'`, { issues: [{ path: ['action'], message: 'unknown action' }] });
    const parsed = safeParseParams(actions[name].input, p.params);
    const base = { action: name, spend: null, riskBucket: null, gates: [], approvalNeeded: false, matchingApprovalId: null };
    if (!parsed.success) return { ...base, valid: false, issues: zodIssues(parsed.error), wouldBe: 'INVALID' as const };
    const actor: Actor = { kind: 'operator', operator: ctx.operator, settings: ctx.settings };
    const permission = permissionGate(ctx.db, name, actor);
    const now = ctx.clock.now().toISOString();
    const { results, blocking, ctx: gate } = evaluateGates({ db: ctx.db, runtime: ctx.runtime, ...ASSESS_DEPS_WITHOUT_RUNTIME }, name, parsed.data, 'plan', actor, now);
    const verdicts = [permission, ...(permission.verdict === 'block' ? [] : results)].map(({ gate: g, verdict, reason }) => ({ gate: g, verdict, reason }));
    const spend = gate.spend;
    const match = spend ? matchingApproval(ctx.db, name, spend, now) : null;
    return {
      ...base,
      valid: true,
      issues: [],
      spend: spend ? { amountMinor: spend.amountMinor, category: spend.category, kind: spend.kind, target: spend.target } : null,
      riskBucket: gate.assessment.riskBucket,
      gates: verdicts,
      wouldBe: permission.verdict === 'block' ? ('BLOCKED' as const) : blocking ? (blocking.pendingApproval ? ('PENDING_APPROVAL' as const) : ('BLOCKED' as const)) : ('OK' as const),
      approvalNeeded: blocking?.pendingApproval === true || match !== null,
      matchingApprovalId: match?.id ?? null,
    };
  },
};

/** Long actions' preparation steps (parsing an import before its transaction). */
export const ACTION_PREPARERS: ActionPreparers = { ...inventoryPreparers, ...receiptPreparers, ...capturePreparers, ...ledgerPreparers, ...reportPreparers, ...backupPreparers, ...schedulerPreparers, ...recommendationPreparers };

const PROGRESS_INTERVAL_MS = 200;

/** Queries answered before onboarding, when no operator exists yet. */
const PRE_SETUP_QUERIES = new Set<QueryName>(['setup.status', 'governance.state', 'opsboard.summary']);

const isQueryName = (name: string): name is QueryName => (QUERY_NAMES as readonly string[]).includes(name);
const isActionName = (name: string): name is ActionName => (ACTION_NAMES as readonly string[]).includes(name);
const isAsyncQuery = (name: QueryName): boolean => (ASYNC_QUERIES as readonly string[]).includes(name);

/** The anchors file of a database: `<name>.anchors.jsonl` beside it. */
export function defaultAnchorsPath(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath).replace(/\.sqlite$/i, '')}.anchors.jsonl`);
}

/** The installation key file of a data folder (used where Electron's safeStorage is not). */
export function defaultKeyPath(dbPath: string): string {
  return join(dirname(dbPath), 'keys', 'installation-ed25519.pem');
}

/** A preparer's result may hold temporary files; `dispose` removes what the handler did not take. */
function disposeOf(value: unknown): void {
  const dispose = (value as { dispose?: unknown } | null)?.dispose;
  if (typeof dispose === 'function') (dispose as () => void).call(value);
}

/**
 * Opens (creating if needed) and migrates the database, runs the startup checks, and
 * returns the engine. Throws NewerDatabaseError (file untouched) for a database written
 * by a newer version, or the migration's error (nothing changed).
 */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? stderrLogger;
  if (options.dbPath !== ':memory:') mkdirSync(dirname(options.dbPath), { recursive: true });
  checkVersion(options.dbPath, undefined, options.nativeBinding);
  const db = openRaw(options.dbPath, { nativeBinding: options.nativeBinding });
  let migration;
  try {
    applyPragmas(db);
    migration = migrate(db, options.dbPath, clock.now().toISOString());
    if (migration.from !== migration.to) log.info('database migrated', { ...migration });
    seedBuiltinPlaybooks(db, clock.now().toISOString());
  } catch (error) {
    db.close();
    throw error;
  }

  // an in-memory database (tests) keeps its key and anchors in a temporary folder
  const besideDb = options.dbPath === ':memory:' ? join(tmpdir(), `valhalla-memory-${process.pid}`, `memory-${Date.now()}.sqlite`) : options.dbPath;
  let key: SigningKey;
  try {
    key = loadOrCreateKey(options.keyVault ?? fileKeyVault(defaultKeyPath(besideDb)));
  } catch (error) {
    db.close();
    throw error;
  }
  const anchors = openAnchorLog(options.anchorsPath ?? defaultAnchorsPath(besideDb), key);

  const runtime: HealthRuntime = {
    chain: null,
    anchor: null,
    anchorWriteError: null,
    integrity: null,
    suggested: options.suggestedBand ?? runwayBandSource(readSettings),
    clock,
  };
  const handlers = actionHandlers(runtime);
  const queryTable = queryHandlers(runtime.suggested);

  // The anchors file starts with the database (or with the migration that brought anchoring);
  // found missing while the chain has events, it is reported, then started again with a gap line.
  let anchorsMissingAtOpen = false;
  if (!anchors.exists()) {
    const head = chainHead(db);
    const at = clock.now().toISOString();
    const migratedIn = migration.from > 0 && migration.from < 10 && migration.to >= 10;
    try {
      if (!head) anchors.append({ kind: 'begin', seq: 0, hash: GENESIS_HASH, at, note: 'a new database' });
      else if (migratedIn) anchors.append({ kind: 'begin', seq: head.seq, hash: head.hash, at, note: `anchoring began with schema 10 (migrated from ${migration.from})` });
      else {
        anchorsMissingAtOpen = true;
        log.error('the anchors file is missing', { path: anchors.path, headSeq: head.seq });
        anchors.append({ kind: 'gap', seq: head.seq, hash: head.hash, at, note: `the anchors file was missing when the database was opened (chain at event ${head.seq})` });
      }
    } catch (error) {
      runtime.anchorWriteError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Recomputes the chain and compares it with its latest anchor; updates health. */
  function checkAudit(): AuditCheck {
    runtime.chain = verifyChain(db);
    runtime.anchor = checkAnchors(db, anchors, anchorsMissingAtOpen);
    if (!runtime.chain.ok) log.error('audit chain fails verification', { firstBadSeq: runtime.chain.firstBadSeq });
    if (runtime.anchor.status === 'tampered') log.error('audit chain disagrees with its anchor', { message: runtime.anchor.message });
    return { ...runtime.chain, anchor: runtime.anchor };
  }

  function startupChecks(): void {
    checkAudit();
    const check = db.pragma('quick_check', { simple: true }) as string;
    runtime.integrity = { ok: check === 'ok', message: check };
    if (!runtime.integrity.ok) log.error('database integrity check failed', { message: check });
  }
  if (options.startupChecks !== false) startupChecks();

  let inFlight = 0;
  // started on the first capture: its OCR workers cost memory only once used
  let reader: DocumentReader | null = null;
  // the scheduler is made with the engine below; its jobs are reached through these
  let scheduler: Scheduler | null = null;
  const services: EngineServices = {
    key,
    anchors,
    dbPath: options.dbPath,
    appVersion: APP_VERSION,
    actionsInFlight: () => inFlight,
    checkAudit,
    jobNames: () => (scheduler?.jobs ?? []).map((j) => j.name),
    runJob: (name) => {
      if (!scheduler) throw new EngineError('internal', 'the scheduler is not ready');
      return scheduler.runJob(name);
    },
    dispatchAs: (action, params, operatorId) => engine.dispatch(action, params, 'execute', operatorId ? { operatorId } : {}),
    documentReader: () => (reader ??= createDocumentReader()),
  };

  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  // A listener's failure must not turn a committed action into an error for its caller.
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    for (const listener of emitter.listeners(name)) {
      try {
        (listener as (p: EventPayload<K>) => void)(payload);
      } catch (error) {
        log.error('event listener failed', { event: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  const files = createFileStore(options.filesDir ?? (options.dbPath === ':memory:' ? join(tmpdir(), `valhalla-memory-files-${process.pid}`) : join(dirname(options.dbPath), 'files')));

  const dispatcher = createDispatcher({
    db,
    files,
    clock,
    log,
    handlers,
    spendResolvers: SPEND_RESOLVERS,
    runtime,
    services,
    onCommitted(decision, tables, items) {
      if (decision.mode === 'execute') anchorHead(decision);
      if (decision.action === 'backup.restore' && decision.status === 'OK' && decision.mode === 'execute') startupChecks();
      emit('decision.recorded', { decisionId: decision.id, action: decision.action, status: decision.status });
      emit('db.changed', items ? { tables, items } : { tables });
    },
  });

  /** Anchors the chain head after a commit that appended audit events (every executed decision). */
  function anchorHead(decision: { action: string; status: string; at: string; result?: unknown }): void {
    const head = chainHead(db);
    if (!head) return;
    const restored = decision.action === 'backup.restore' && decision.status === 'OK';
    // a chain that no longer holds its last anchor (cut, re-hashed) or under a forged one is
    // not anchored again: that would launder the tampering. Only a restore rewinds it.
    const previous = anchors.last();
    if (!restored && previous && (!previous.valid || !chainHolds(db, previous.anchor))) {
      runtime.anchor = checkAnchors(db, anchors, anchorsMissingAtOpen);
      log.error('the chain disagrees with its last anchor: not anchored', { path: anchors.path, anchorSeq: previous.anchor.seq, headSeq: head.seq });
      return;
    }
    const backup = decision.action === 'backup.run' && decision.status === 'OK' ? (decision.result as { path?: string; chainHead?: { seq: number; hash: string } | null } | undefined) : undefined;
    try {
      // a verified backup's own head is an anchor too (DOMAIN.md: "every backup"), before the head that recorded it
      if (backup?.chainHead && backup.path) anchors.append({ kind: 'backup', seq: backup.chainHead.seq, hash: backup.chainHead.hash, at: decision.at, note: backup.path });
      anchors.append({
        kind: restored ? 'restore' : 'head',
        seq: head.seq,
        hash: head.hash,
        at: decision.at,
        note: restored ? `restored from ${(decision.result as { restoredFrom?: string } | undefined)?.restoredFrom ?? 'a backup'}` : null,
      });
      runtime.anchorWriteError = null;
    } catch (error) {
      runtime.anchorWriteError = error instanceof Error ? error.message : String(error);
      log.error('the chain head could not be anchored', { path: anchors.path, error: runtime.anchorWriteError });
    }
  }

  /** Who a dispatch acts as: the scheduler (`system`) or the resolved operator. */
  function actorFor(ctx: CallContext): Actor {
    const settings = readSettings(db);
    return ctx.actor === 'system' ? { kind: 'system', operator: null, settings } : { kind: 'operator', operator: resolveOperator(ctx, settings), settings };
  }

  /** The operator a call acts as: `ctx.operatorId`, else the stored current operator. */
  function resolveOperator(ctx: CallContext, settings: Settings): OperatorRecord | null {
    if (ctx.operatorId) {
      const op = getOperator(db, ctx.operatorId);
      if (!op) throw new EngineError('invalid', `no operator ${ctx.operatorId}`);
      return op;
    }
    const current = settings.currentOperatorId;
    return (current ? getOperator(db, current) : null) ?? (countOperators(db) > 0 ? firstOwner(db) : null);
  }

  /** Progress events, at most one per PROGRESS_INTERVAL_MS per phase, with a rate since the phase began. */
  function progressReporter(action: string): PrepareContext['progress'] {
    let phase = '';
    let phaseStart = Date.now();
    let lastSent = 0;
    return (p) => {
      const now = Date.now();
      if (p.phase !== phase) {
        if (phase !== '') phaseStart = now;
        phase = p.phase;
        lastSent = 0;
      }
      const finished = p.total !== null && p.done >= p.total;
      if (!finished && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      const seconds = Math.max(0.001, (now - phaseStart) / 1000);
      emit('job.progress', { action, ...p, ratePerSecond: Math.round(p.done / seconds) });
    };
  }

  let closed = false;

  /**
   * A query's checks, shared by `query` and `queryAsync`: the params validated, the operator
   * resolved and allowed to read it (before onboarding, only PRE_SETUP_QUERIES). Returns the
   * refusal envelope for invalid params, else the handler with what it is called with;
   * throws EngineError `forbidden` / `internal` (closed).
   */
  function queryCall(name: QueryName, params: unknown, ctx: CallContext): Result<never> | { handler: (p: unknown, c: QueryContext) => unknown; params: unknown; qctx: QueryContext } {
    if (closed) throw new EngineError('internal', 'the engine is closed');
    const parsed = safeParseParams(queries[name].input, params ?? {});
    if (!parsed.success) return fail('invalid', `invalid params for ${name}`, { issues: zodIssues(parsed.error) });
    const settings = readSettings(db);
    const operator = ctx.actor === 'system' ? null : resolveOperator(ctx, settings);
    if (ctx.actor !== 'system') {
      if (!operator && !PRE_SETUP_QUERIES.has(name)) throw new EngineError('forbidden', 'no operator yet: finish onboarding first');
      if (operator && !QUERY_PERMISSIONS[name].includes(operator.role)) throw new EngineError('forbidden', `role ${operator.role} may not read ${name}`);
    }
    return { handler: queryTable[name] as (p: unknown, c: QueryContext) => unknown, params: parsed.data, qctx: { db, clock, runtime, operator, settings, files, services } };
  }

  const engine: Engine = {
    dbPath: options.dbPath,
    files,
    scheduler: (scheduler = createScheduler({
      db,
      clock,
      log,
      timeZone: () => readSettings(db).timeZone ?? 'UTC',
      dispatch: (action, params) => engine.dispatchAsync(action, params, 'execute', { actor: 'system' }),
      // a failed run is alerted at once by the health check (which raises its job_failed alert)
      onFailure: async () => {
        await engine.dispatchAsync('health.check', {}, 'execute', { actor: 'system' });
      },
      ...(options.jobs ? { jobs: options.jobs } : {}),
    })),

    query(name, params, ctx = {}) {
      try {
        if (isAsyncQuery(name)) throw new EngineError('internal', `${name} reads a file as a stream: call it through queryAsync`);
        const call = queryCall(name, params, ctx);
        return 'ok' in call ? call : (ok(call.handler(call.params, call.qctx)) as Result<never>);
      } catch (error) {
        return toEnvelope(error, log, name);
      }
    },

    dispatch(name, params, mode, ctx = {}) {
      try {
        if (closed) throw new EngineError('internal', 'the engine is closed');
        if (mode !== 'plan' && mode !== 'execute') throw new EngineError('invalid', `mode must be 'plan' or 'execute'`);
        return dispatcher(name, params, mode, actorFor(ctx));
      } catch (error) {
        return toEnvelope(error, log, name);
      }
    },

    async dispatchAsync(name, params, mode, ctx = {}) {
      const preparer = ACTION_PREPARERS[name] as ((p: unknown, c: PrepareContext) => Promise<unknown>) | undefined;
      const parsed = safeParseParams(actions[name].input, params);
      // Without a preparer, or with params the dispatcher will refuse anyway, decide at once.
      if (!preparer || !parsed.success || closed || (mode !== 'plan' && mode !== 'execute')) return engine.dispatch(name, params, mode, ctx);
      let actor: Actor;
      try {
        actor = actorFor(ctx);
        // A refusal is decided before any work: an import is not parsed, a bundle not
        // written, for an action the gates would refuse. The dispatcher decides again after.
        if (permissionGate(db, name, actor).verdict === 'block') return engine.dispatch(name, params, mode, ctx);
        const { blocking } = evaluateGates({ db, runtime, ...ASSESS_DEPS_WITHOUT_RUNTIME }, name, parsed.data, mode, actor, clock.now().toISOString());
        if (blocking) return engine.dispatch(name, params, mode, ctx);
      } catch {
        return engine.dispatch(name, params, mode, ctx);
      }
      const progress = progressReporter(name);
      let preparation: Preparation;
      const others = inFlight;
      inFlight += 1;
      try {
        const prepareContext: PrepareContext = {
          db,
          files,
          clock,
          progress,
          mode,
          actorName: actor.kind === 'system' ? 'system' : (actor.operator?.name ?? 'unknown'),
          operatorId: actor.operator?.id ?? null,
          services: { ...services, actionsInFlight: () => others },
        };
        preparation = { value: await preparer(parsed.data, prepareContext), progress };
      } catch (error) {
        preparation = { error, progress };
      } finally {
        // the dispatcher runs synchronously from here: nothing interleaves with it
        inFlight -= 1;
      }
      try {
        if (closed) throw new EngineError('internal', 'the engine is closed');
        return dispatcher(name, params, mode, actorFor(ctx), preparation);
      } catch (error) {
        return toEnvelope(error, log, name);
      } finally {
        if ('value' in preparation) disposeOf(preparation.value);
      }
    },

    async queryAsync(name, params, ctx = {}) {
      try {
        const call = queryCall(name, params, ctx);
        return 'ok' in call ? call : (ok(await call.handler(call.params, call.qctx)) as Result<never>);
      } catch (error) {
        return toEnvelope(error, log, name);
      }
    },

    async call(kind, name, params, mode, ctx) {
      if (kind === 'query' && typeof name === 'string' && isQueryName(name)) return engine.queryAsync(name, params, ctx);
      if (kind === 'dispatch' && typeof name === 'string' && isActionName(name)) {
        return engine.dispatchAsync(name, params, mode as 'plan' | 'execute', ctx);
      }
      log.warn('refused unknown call', { kind, name: String(name).slice(0, 100) });
      return fail('invalid', `unknown ${kind === 'query' ? 'query' : kind === 'dispatch' ? 'action' : 'call kind'} '${String(name).slice(0, 100)}'`);
    },

    on(name, listener) {
      emitter.on(name, listener as (payload: unknown) => void);
      return () => emitter.off(name, listener as (payload: unknown) => void);
    },

    close() {
      if (closed) return;
      closed = true;
      engine.scheduler.stop();
      if (reader) void reader.close().catch((error: unknown) => log.warn('closing the OCR workers failed', { error: error instanceof Error ? error.message : String(error) }));
      emitter.removeAllListeners();
      anchors.close();
      db.close();
    },
  };
  return engine;
}

function toEnvelope(error: unknown, log: Logger, name: string): Result<never> {
  if (error instanceof EngineError) return fail(error.code, error.message, error.details);
  const message = error instanceof Error ? error.message : String(error);
  log.error('call failed', { name, error: message });
  return fail('internal', message);
}

/** The contract's declarations, re-exported for transports that list them (CLI `actions`/`queries`). */
export const CONTRACT = { actions, queries };
