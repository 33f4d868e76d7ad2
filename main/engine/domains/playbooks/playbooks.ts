/**
 * Playbook actions and queries (DOMAIN.md "Playbooks and sessions"): define a version,
 * start a run pinned to it, complete or skip its steps in order, abandon it; lists and
 * the run view.
 *
 * Refusals, each with its reason and nothing changed: an unknown step or missing
 * evidence → `invalid`; a linked receipt, decision, approval or staged file that does
 * not exist → `not_found`; a step out of order, done twice, a run that is not active, a
 * second active run → `conflict`; band below the step's minimum or red health (steps
 * whose `redBlocks` is set) → `blocked`; the execution step by a role that may not turn
 * execution on → `forbidden`.
 */
import {
  ACTION_PERMISSIONS,
  EngineError,
  EVIDENCE_FIELDS,
  GO_LIVE_PLAYBOOK,
  type ActionParams,
  type FieldIssue,
  type PlaybookDefinition,
  type PlaybookRun,
  type PlaybookStep,
  type StepEvidence,
} from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { getApproval, useApproval, type Spend } from '../../governance/spending';
import { computeHealth } from '../../governance/health';
import { readGovernance, updateGovernance } from '../../governance/state';
import type { ActionContext, ActionHandlers, QueryContext, QueryHandlers } from '../../handlers';
import { activeSessionId } from '../sessions/store';
import { lastVerifiedBackup } from '../../backup/actions';
import { readSettings } from '../../governance/settings';
import { reportBySha256 } from '../../reports/reports';
import { DEFAULT_JOBS } from '../../scheduler/scheduler';
import {
  activeRunOf,
  conditionReasons,
  definitionVersions,
  getDefinition,
  isBuiltinKey,
  lastCompletedAt,
  latestDefinition,
  latestDefinitions,
  runRow,
  runSummary,
  runView,
  stepRows,
  type RunRow,
  type StepConditions,
  type StepRow,
} from './store';

const actionConditions = (ctx: ActionContext): StepConditions => ({ band: ctx.governance.band, health: ctx.health() });
const queryConditions = (ctx: QueryContext): StepConditions => {
  const governance = readGovernance(ctx.db);
  return { band: governance.band, health: computeHealth(ctx.db, governance, ctx.runtime) };
};

/** The approval a step with `approval: true` needs is bound to this target. */
export const stepApprovalTarget = (runId: string, stepKey: string): string => `${runId}/${stepKey}`;

function stepRowAudit(row: StepRow | undefined) {
  if (!row) return null;
  return { status: row.status, by: row.by, at: row.at, evidence: row.evidence_json ? (JSON.parse(row.evidence_json) as unknown) : null, skipReason: row.skip_reason, decisionId: row.decision_id };
}

/**
 * The checks completing and skipping share: the run is active, the step exists, is
 * todo, is the current one, and band and health allow it. Returns the run, the step's
 * definition and its row.
 */
function currentStep(ctx: ActionContext, runId: string, stepKey: string, verb: 'completed' | 'skipped'): { run: RunRow; def: PlaybookDefinition; step: PlaybookStep; row: StepRow } {
  const run = runRow(ctx.db, runId);
  const def = getDefinition(ctx.db, run.key, run.version);
  if (run.status !== 'active') throw new EngineError('conflict', `run ${runId} of "${def.title}" is ${run.status}: no step can be ${verb}`);
  const step = def.steps.find((s) => s.key === stepKey);
  if (!step) {
    throw new EngineError('invalid', `playbook "${def.title}" v${run.version} has no step "${stepKey}"`, { issues: [{ path: ['stepKey'], message: 'no such step in this run' }] });
  }
  const rows = stepRows(ctx.db, runId);
  const row = rows.find((r) => r.step_key === stepKey);
  if (!row) throw new EngineError('internal', `run ${runId} has no row for step "${stepKey}"`);
  if (row.status !== 'todo') {
    throw new EngineError('conflict', `step ${row.position} "${step.title}" is already ${row.status} (by ${row.by ?? '?'} at ${row.at ?? '?'})`);
  }
  const first = rows.find((r) => r.status === 'todo');
  if (first && first.position < row.position) {
    const firstTitle = def.steps[first.position - 1]?.title ?? first.step_key;
    throw new EngineError('conflict', `steps run in order: step ${row.position} "${step.title}" cannot be ${verb} before step ${first.position} "${firstTitle}", which is still todo`);
  }
  const blocked = conditionReasons(step, actionConditions(ctx));
  if (blocked.length > 0) throw new EngineError('blocked', `step ${row.position} "${step.title}" is blocked: ${blocked.join('; ')}`);
  return { run, def, step, row };
}

/**
 * Checks the evidence a step requires (by its definition) and that every linked id exists.
 * Returns the evidence to store (only fields given). Throws `invalid` naming the missing
 * evidence, `not_found` for a dangling link, `conflict` for an approval that is not an
 * approved one bound to this step.
 */
function checkEvidence(ctx: ActionContext, run: RunRow, step: PlaybookStep, evidence: ActionParams<'playbooks.completeStep'>['evidence']): Partial<StepEvidence> {
  const issues: FieldIssue[] = [];
  for (const type of step.evidence) {
    const field = EVIDENCE_FIELDS[type];
    if (evidence[field] === undefined) issues.push({ path: ['evidence', field], message: `step "${step.title}" requires ${type} evidence` });
  }
  if (step.approval && evidence.approvalId === undefined && !step.evidence.includes('approval')) {
    issues.push({ path: ['evidence', 'approvalId'], message: `step "${step.title}" needs an approved approval` });
  }
  if (issues.length > 0) {
    const missing = issues.map((i) => String(i.path[1]));
    throw new EngineError('invalid', `step "${step.title}" needs evidence: ${missing.join(', ')}`, { issues });
  }
  const exists = (table: string, id: string) => sql(ctx.db, `SELECT 1 AS found FROM ${table} WHERE id = ?`).get(id) !== undefined;
  if (evidence.receiptId !== undefined && !exists('receipts', evidence.receiptId)) throw new EngineError('not_found', `evidence links receipt ${evidence.receiptId}, which does not exist`);
  if (evidence.decisionId !== undefined && !exists('decisions', evidence.decisionId)) throw new EngineError('not_found', `evidence links decision ${evidence.decisionId}, which does not exist`);
  if (evidence.approvalId !== undefined && !exists('approvals', evidence.approvalId)) throw new EngineError('not_found', `evidence links approval ${evidence.approvalId}, which does not exist`);
  if (evidence.bundleSha256 !== undefined && !reportBySha256(ctx.db, evidence.bundleSha256)) {
    throw new EngineError('not_found', `evidence names bundle ${evidence.bundleSha256.slice(0, 12)}…, which this installation did not export: export it in Reports and give its SHA-256`);
  }
  if (evidence.attachmentSha256 !== undefined && !ctx.files.has(evidence.attachmentSha256)) {
    throw new EngineError('not_found', `evidence links file ${evidence.attachmentSha256.slice(0, 12)}…, which is not staged: stage the attachment first`);
  }
  if (step.approval && evidence.approvalId !== undefined) {
    const approval = getApproval(ctx.db, evidence.approvalId);
    const target = stepApprovalTarget(run.id, step.key);
    if (approval.action !== 'playbooks.completeStep' || approval.target !== target) {
      throw new EngineError('conflict', `approval ${approval.id} is for ${approval.action} ${approval.target}, not for this step: request one for step "${step.title}"`);
    }
    if (approval.status !== 'approved') throw new EngineError('conflict', `approval ${approval.id} is ${approval.status}: the step needs it approved`);
    if (approval.expiresAt <= ctx.now) throw new EngineError('conflict', `approval ${approval.id} expired at ${approval.expiresAt}`);
  }
  return Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== undefined));
}

/**
 * What a built-in step needs done before it can be completed (playbook key / step key →
 * the reason it cannot be yet, or null): Go-live's backup step needs a backup folder and a
 * verified backup; its scheduler step needs the daily backup job to be due (a folder set).
 */
const STEP_PRECONDITIONS: Record<string, (ctx: ActionContext) => string | null> = {
  'go-live/backup-folder': (ctx) => {
    if (!readSettings(ctx.db).backupFolder) return 'choose a backup folder in Backups first';
    return lastVerifiedBackup(ctx.db) ? null : 'make a first backup in Backups: the step completes once a backup is verified';
  },
  'go-live/scheduler-review': (ctx) => {
    const job = DEFAULT_JOBS.find((j) => j.action === 'backup.run');
    if (!job) return 'the scheduler has no daily backup job';
    return readSettings(ctx.db).backupFolder ? null : `the ${job.name} job is not due until a backup folder is set`;
  },
};

/** Marks a step done or skipped, completes the run when no step is left, and records both. */
function settleStep(ctx: ActionContext, run: RunRow, row: StepRow, set: { status: 'done' | 'skipped'; evidence: Partial<StepEvidence> | null; skipReason: string | null }): boolean {
  sql(ctx.db, 'UPDATE playbook_run_steps SET status = ?, by = ?, by_id = ?, at = ?, evidence_json = ?, skip_reason = ?, decision_id = ? WHERE run_id = ? AND position = ?').run(
    set.status,
    ctx.actorName,
    ctx.operator?.id ?? null,
    ctx.now,
    set.evidence ? JSON.stringify(set.evidence) : null,
    set.skipReason,
    ctx.decisionId,
    run.id,
    row.position,
  );
  const after = stepRows(ctx.db, run.id).find((r) => r.position === row.position);
  ctx.record({ entity: 'playbook_run_step', entityId: stepApprovalTarget(run.id, row.step_key), before: stepRowAudit(row), after: stepRowAudit(after) });
  const left = (sql(ctx.db, "SELECT count(*) AS n FROM playbook_run_steps WHERE run_id = ? AND status = 'todo'").get(run.id) as { n: number }).n;
  if (left === 0) {
    sql(ctx.db, "UPDATE playbook_runs SET status = 'completed', ended_at = ?, ended_by = ?, ended_by_id = ? WHERE id = ?").run(ctx.now, ctx.actorName, ctx.operator?.id ?? null, run.id);
    ctx.record({ entity: 'playbook_run', entityId: run.id, before: { status: run.status }, after: { status: 'completed', endedAt: ctx.now, endedBy: ctx.actorName } });
  }
  ctx.touch('playbook_run_steps', 'playbook_runs');
  return left === 0;
}

/**
 * The `enableExecution` effect: turns execution on in the completing transaction, audited
 * like `governance.setGoLive`. Already on: nothing changes. Kill switch engaged: conflict
 * (red health normally blocks the step before this is reached).
 */
function enableExecution(ctx: ActionContext): void {
  const governance = readGovernance(ctx.db);
  if (governance.killEngaged) throw new EngineError('conflict', 'the kill switch is engaged: an owner must release it before execution can be turned on');
  if (governance.goLive) return;
  const { before, after } = updateGovernance(ctx.db, { goLive: true, goLiveChangedAt: ctx.now, goLiveChangedBy: ctx.actorName });
  ctx.record({ entity: 'governance', entityId: 'state', before, after });
  ctx.touch('governance_state');
}

const view = (ctx: ActionContext, runId: string): PlaybookRun => runView(ctx.db, runId, actionConditions(ctx));

export const playbookActions: Pick<ActionHandlers, 'playbooks.define' | 'playbooks.start' | 'playbooks.completeStep' | 'playbooks.skipStep' | 'playbooks.abandon'> = {
  'playbooks.define'(p, ctx) {
    p.steps.forEach((step, i) => {
      if (step.effect === 'enableExecution' && p.key !== GO_LIVE_PLAYBOOK) {
        throw new EngineError('invalid', `the ${step.effect} effect belongs to the "${GO_LIVE_PLAYBOOK}" playbook only`, { issues: [{ path: ['steps', i, 'effect'], message: `reserved to ${GO_LIVE_PLAYBOOK}` }] });
      }
      if (step.effect !== null && i !== p.steps.length - 1) {
        throw new EngineError('invalid', `a step with an effect must be the last step ("${step.key}" is step ${i + 1} of ${p.steps.length})`, { issues: [{ path: ['steps', i, 'effect'], message: 'only on the last step' }] });
      }
    });
    const previous = latestDefinition(ctx.db, p.key);
    const version = (previous?.version ?? 0) + 1;
    sql(ctx.db, 'INSERT INTO playbook_definitions (key, version, title, definition_json, builtin, created_by, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)').run(
      p.key,
      version,
      p.title,
      JSON.stringify({ description: p.description, steps: p.steps }),
      ctx.actorName,
      ctx.now,
    );
    const after = getDefinition(ctx.db, p.key, version);
    ctx.record({ entity: 'playbook_definition', entityId: `${p.key}@${version}`, before: previous, after });
    ctx.touch('playbook_definitions');
    return after;
  },

  'playbooks.start'(p, ctx) {
    const def = getDefinition(ctx.db, p.key);
    const active = activeRunOf(ctx.db, p.key);
    if (active) throw new EngineError('conflict', `a run of "${def.title}" is already in progress (started by ${active.started_by} at ${active.started_at}): finish or abandon it first`, { runId: active.id });
    const id = ctx.newId();
    sql(ctx.db, "INSERT INTO playbook_runs (id, key, version, status, started_at, started_by, started_by_id, session_id) VALUES (?, ?, ?, 'active', ?, ?, ?, ?)").run(
      id,
      def.key,
      def.version,
      ctx.now,
      ctx.actorName,
      ctx.operator?.id ?? null,
      activeSessionId(ctx.db),
    );
    const insertStep = sql(ctx.db, "INSERT INTO playbook_run_steps (run_id, position, step_key, status) VALUES (?, ?, ?, 'todo')");
    def.steps.forEach((step, i) => insertStep.run(id, i + 1, step.key));
    ctx.record({ entity: 'playbook_run', entityId: id, before: null, after: { key: def.key, version: def.version, status: 'active', steps: def.steps.map((s) => s.key) } });
    ctx.touch('playbook_runs', 'playbook_run_steps');
    return view(ctx, id);
  },

  'playbooks.completeStep'(p, ctx) {
    const { run, step, row } = currentStep(ctx, p.runId, p.stepKey, 'completed');
    if (step.effect === 'enableExecution') {
      const roles = ACTION_PERMISSIONS['governance.setGoLive'];
      if (!ctx.operator || !roles.includes(ctx.operator.role)) {
        throw new EngineError('forbidden', `step "${step.title}" turns execution on: only ${roles.join(' or ')} may complete it`);
      }
    }
    const unmet = STEP_PRECONDITIONS[`${run.key}/${step.key}`]?.(ctx);
    if (unmet) throw new EngineError('conflict', `step "${step.title}" cannot be completed yet: ${unmet}`);
    const evidence = checkEvidence(ctx, run, step, p.evidence);
    if (step.approval && evidence.approvalId) useApproval(ctx, evidence.approvalId);
    settleStep(ctx, run, row, { status: 'done', evidence, skipReason: null });
    if (step.effect === 'enableExecution') enableExecution(ctx);
    return view(ctx, run.id);
  },

  'playbooks.skipStep'(p, ctx) {
    const { run, step, row } = currentStep(ctx, p.runId, p.stepKey, 'skipped');
    if (step.effect !== null) throw new EngineError('conflict', `step "${step.title}" has the ${step.effect} effect: it cannot be skipped`);
    if (step.approval) throw new EngineError('conflict', `step "${step.title}" needs an approval: it cannot be skipped`);
    settleStep(ctx, run, row, { status: 'skipped', evidence: null, skipReason: p.reason });
    return view(ctx, run.id);
  },

  'playbooks.abandon'(p, ctx) {
    const run = runRow(ctx.db, p.runId);
    if (run.status !== 'active') throw new EngineError('conflict', `run ${run.id} is ${run.status}: only an active run can be abandoned`);
    sql(ctx.db, "UPDATE playbook_runs SET status = 'abandoned', ended_at = ?, ended_by = ?, ended_by_id = ?, abandon_reason = ? WHERE id = ?").run(
      ctx.now,
      ctx.actorName,
      ctx.operator?.id ?? null,
      p.reason,
      run.id,
    );
    ctx.record({ entity: 'playbook_run', entityId: run.id, before: { status: run.status }, after: { status: 'abandoned', endedAt: ctx.now, endedBy: ctx.actorName, abandonReason: p.reason } });
    ctx.touch('playbook_runs');
    return view(ctx, run.id);
  },
};

export const playbookQueries: Pick<QueryHandlers, 'playbooks.list' | 'playbooks.get' | 'playbooks.runs' | 'playbooks.run'> = {
  'playbooks.list': (_p, ctx) => {
    const conditions = queryConditions(ctx);
    return latestDefinitions(ctx.db).map((def) => {
      const latest = sql(ctx.db, 'SELECT id FROM playbook_runs WHERE key = ? ORDER BY id DESC LIMIT 1').get(def.key) as { id: string } | undefined;
      return {
        key: def.key,
        title: def.title,
        description: def.description,
        builtin: isBuiltinKey(def.key),
        latestVersion: def.version,
        stepCount: def.steps.length,
        updatedAt: def.createdAt,
        updatedBy: def.createdBy,
        latestRun: latest ? runSummary(ctx.db, latest.id, conditions) : null,
        activeRunId: activeRunOf(ctx.db, def.key)?.id ?? null,
        lastCompletedAt: lastCompletedAt(ctx.db, def.key),
      };
    });
  },
  'playbooks.get': (p, ctx) => ({ ...getDefinition(ctx.db, p.key, p.version), versions: definitionVersions(ctx.db, p.key) }),
  'playbooks.runs': (p, ctx) => {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: p.limit + 1 };
    if (p.status !== undefined) {
      where.push('status = @status');
      args.status = p.status;
    }
    if (p.key !== undefined) {
      where.push('key = @key');
      args.key = p.key;
    }
    if (p.cursor !== undefined) {
      where.push('id < @cursor');
      args.cursor = p.cursor;
    }
    const rows = sql(ctx.db, `SELECT id FROM playbook_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`).all(args) as { id: string }[];
    const page = rows.slice(0, p.limit);
    const conditions = queryConditions(ctx);
    return { items: page.map((r) => runSummary(ctx.db, r.id, conditions)), nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
  },
  'playbooks.run': (p, ctx) => runView(ctx.db, p.id, queryConditions(ctx)),
};

/**
 * How `approvals.request` binds an approval to a playbook step that needs one: params
 * `{ runId, stepKey }` of `playbooks.completeStep`; target `<runId>/<stepKey>`. Returned as
 * a Spend of 0 with no category, so the approvals domain stores and decides it as any
 * other request. Throws `not_found` for an unknown run, `invalid` for a step that needs
 * no approval, `conflict` for a run that is not active or a step that is not todo.
 */
export function stepApprovalBinding(params: unknown, db: Db): Spend {
  const { runId, stepKey } = params as ActionParams<'playbooks.completeStep'>;
  const run = runRow(db, runId);
  if (run.status !== 'active') throw new EngineError('conflict', `run ${runId} is ${run.status}: its steps need no approval any more`);
  const step = getDefinition(db, run.key, run.version).steps.find((s) => s.key === stepKey);
  if (!step?.approval) throw new EngineError('invalid', `step "${stepKey}" of run ${runId} does not need an approval`, { issues: [{ path: ['params', 'stepKey'], message: 'no approval needed' }] });
  const row = stepRows(db, runId).find((r) => r.step_key === stepKey);
  if (row?.status !== 'todo') throw new EngineError('conflict', `step "${step.title}" is already ${row?.status ?? 'gone'}`);
  return { kind: 'spend', amountMinor: 0, category: null, target: stepApprovalTarget(runId, stepKey), bindingParams: { runId, stepKey }, title: `Playbook step: ${step.title}` };
}
