/**
 * Recommendations (DOMAIN.md "Automations, charter and tripwire"): every automation
 * proposal is one — kind, proposed action and params, confidence, the decision (and job run)
 * that made it, and an outcome. One open recommendation per kind and subject (a unique index).
 *
 * - The daily tick proposes (`propose`); for a kind in `auto` the scheduler then dispatches
 *   each open proposal as `system`, and the charter gate decides whether it executes.
 * - An operator accepts (`recommendations.accept`): the proposed action is dispatched as that
 *   operator, edits merged, as its own decision; the action's handler settles the outcome
 *   (`settleRecommendation`), so an accepted recommendation and its effect commit together.
 * - A recommendation not decided within RECOMMENDATION_TTL_DAYS expires; an expired or
 *   decided one cannot be accepted.
 */
import type { ActionName, AutomationKind, Recommendation } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../handlers';
import { REVIEW_PERIOD_DAYS } from '../forecast/method';
import { readCharter } from './charter';
import { recordKpi } from './kpi';

/** A proposal holds for one review period (the forecast's, 7 days), then expires. */
export const RECOMMENDATION_TTL_DAYS = REVIEW_PERIOD_DAYS;

/** What a generator proposes. `basis` keeps what the proposal predicted or came from (source, run-out date, need occurrence). */
export interface Proposal {
  subject: string;
  title: string;
  reason: string | null;
  action: ActionName;
  params: Record<string, unknown>;
  confidence: number;
  basis: Record<string, unknown>;
}

type Row = {
  id: string;
  kind: AutomationKind;
  subject: string;
  title: string;
  reason: string | null;
  action: string;
  params_json: string;
  confidence: number;
  basis_json: string | null;
  created_at: string;
  created_by: string;
  decision_id: string;
  expires_at: string;
  outcome: Recommendation['outcome'];
  outcome_at: string | null;
  outcome_by: string | null;
  outcome_reason: string | null;
  outcome_params_json: string | null;
  outcome_decision_id: string | null;
  job: string | null;
  scheduled_for: string | null;
};

const SELECT = 'SELECT r.*, j.job, j.scheduled_for FROM recommendations r LEFT JOIN job_runs j ON j.decision_id = r.decision_id';

const toRecommendation = (r: Row): Recommendation => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  title: r.title,
  reason: r.reason,
  action: r.action,
  params: JSON.parse(r.params_json) as Record<string, unknown>,
  confidence: r.confidence,
  createdAt: r.created_at,
  createdBy: r.created_by,
  decisionId: r.decision_id,
  jobRun: r.job && r.scheduled_for ? { job: r.job, scheduledFor: r.scheduled_for } : null,
  expiresAt: r.expires_at,
  outcome: r.outcome,
  outcomeAt: r.outcome_at,
  outcomeBy: r.outcome_by,
  outcomeReason: r.outcome_reason,
  outcomeParams: r.outcome_params_json ? (JSON.parse(r.outcome_params_json) as Record<string, unknown>) : null,
  outcomeDecisionId: r.outcome_decision_id,
});

/** One recommendation; throws EngineError `not_found`. */
export function getRecommendation(db: Db, id: string): Recommendation {
  const row = sql(db, `${SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  if (!row) throw new EngineError('not_found', `no recommendation ${id}`);
  return toRecommendation(row);
}

/** What the proposal was based on (source, run-out date, need occurrence), as stored. */
export function basisOf(db: Db, id: string): Record<string, unknown> {
  const row = sql(db, 'SELECT basis_json FROM recommendations WHERE id = ?').get(id) as { basis_json: string | null } | undefined;
  return row?.basis_json ? (JSON.parse(row.basis_json) as Record<string, unknown>) : {};
}

/** Throws EngineError `conflict` unless the recommendation is open and not past its expiry at `now`. */
export function assertOpen(rec: Recommendation, now: string): void {
  if (rec.outcome !== null) throw new EngineError('conflict', `recommendation "${rec.title}" was ${rec.outcome} already${rec.outcomeBy ? ` (by ${rec.outcomeBy})` : ''}`);
  if (rec.expiresAt <= now) throw new EngineError('conflict', `recommendation "${rec.title}" expired at ${rec.expiresAt}: it can no longer be accepted`);
}

/**
 * Proposes `proposals` of `kind` unless the charter's mode is `off`: each one not already
 * open for its subject, nor rejected within RECOMMENDATION_TTL_DAYS, becomes a recommendation (audited). Returns how many were new, and,
 * when the kind is in `auto`, every open unexpired proposal of the kind (new or older) for
 * the scheduler to dispatch as `system`.
 */
export function propose(ctx: ActionContext, kind: AutomationKind, proposals: readonly Proposal[]): { proposed: number; auto: { recommendationId: string; action: ActionName; params: Record<string, unknown> }[] } {
  const charter = readCharter(ctx.db, kind);
  if (charter.mode === 'off') return { proposed: 0, auto: [] };
  const expiresAt = new Date(Date.parse(ctx.now) + RECOMMENDATION_TTL_DAYS * 86_400_000).toISOString();
  const insert = sql(
    ctx.db,
    `INSERT OR IGNORE INTO recommendations (id, kind, subject, title, reason, action, params_json, confidence, basis_json, created_at, created_by, decision_id, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // a subject rejected lately stays off for one TTL: the operator said no
  const since = new Date(Date.parse(ctx.now) - RECOMMENDATION_TTL_DAYS * 86_400_000).toISOString();
  const rejected = new Set((sql(ctx.db, "SELECT subject FROM recommendations WHERE kind = ? AND outcome = 'rejected' AND outcome_at > ?").all(kind, since) as { subject: string }[]).map((r) => r.subject));
  let proposed = 0;
  for (const p of proposals) {
    if (rejected.has(p.subject)) continue;
    const id = ctx.newId();
    const confidence = Math.min(1, Math.max(0, p.confidence));
    const info = insert.run(id, kind, p.subject, p.title, p.reason, p.action, JSON.stringify(p.params), confidence, JSON.stringify(p.basis), ctx.now, ctx.actorName, ctx.decisionId, expiresAt);
    if (info.changes === 0) continue;
    proposed += 1;
    ctx.record({ entity: 'recommendation', entityId: id, before: null, after: { kind, subject: p.subject, title: p.title, action: p.action, params: p.params, confidence } });
  }
  if (proposed) ctx.touch('recommendations');
  if (charter.mode !== 'auto') return { proposed, auto: [] };
  const open = sql(ctx.db, 'SELECT id, action, params_json FROM recommendations WHERE kind = ? AND outcome IS NULL AND expires_at > ? ORDER BY created_at, id').all(kind, ctx.now) as {
    id: string;
    action: ActionName;
    params_json: string;
  }[];
  return { proposed, auto: open.map((r) => ({ recommendationId: r.id, action: r.action, params: JSON.parse(r.params_json) as Record<string, unknown> })) };
}

/** Whether the params run are the params proposed (ignoring the recommendation id). */
function sameParams(proposed: Record<string, unknown>, ran: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(proposed), ...Object.keys(ran)].filter((k) => k !== 'recommendationId'));
  return [...keys].every((k) => JSON.stringify(proposed[k] ?? null) === JSON.stringify(ran[k] ?? null));
}

/**
 * Settles a recommendation inside the decision of its proposed action: `accepted` (an
 * operator, params as proposed), `edited` (an operator, params changed) or `auto` (the
 * automation, as `system`, after the charter gate passed). An operator's outcome is a trial
 * and records the kind's `acceptance` KPI (1 accepted as is, 0 otherwise). Throws EngineError
 * `invalid` when the recommendation proposes another action, `conflict` when it is not open.
 */
export function settleRecommendation(ctx: ActionContext, id: string, action: ActionName, ran: Record<string, unknown>): Recommendation {
  const before = getRecommendation(ctx.db, id);
  if (before.action !== action) throw new EngineError('invalid', `recommendation ${id} proposes ${before.action}, not ${action}`, { issues: [{ path: ['recommendationId'], message: `proposes ${before.action}` }] });
  assertOpen(before, ctx.now);
  const outcome = ctx.operator === null ? 'auto' : sameParams(before.params, ran) ? 'accepted' : 'edited';
  const { recommendationId: _omit, ...params } = ran;
  sql(ctx.db, 'UPDATE recommendations SET outcome = ?, outcome_at = ?, outcome_by = ?, outcome_params_json = ?, outcome_decision_id = ? WHERE id = ?').run(
    outcome,
    ctx.now,
    ctx.actorName,
    JSON.stringify(params),
    ctx.decisionId,
    id,
  );
  const after = getRecommendation(ctx.db, id);
  ctx.record({ entity: 'recommendation', entityId: id, before: { outcome: null }, after: { outcome, by: ctx.actorName, params } });
  ctx.touch('recommendations');
  if (outcome !== 'auto') recordKpi(ctx, { domain: before.kind, metric: 'acceptance', value: outcome === 'accepted' ? 1 : 0, subject: id, source: 'engine' });
  return after;
}

function reject(ctx: ActionContext, id: string, reason: string): Recommendation {
  const before = getRecommendation(ctx.db, id);
  if (before.outcome !== null) throw new EngineError('conflict', `recommendation "${before.title}" was ${before.outcome} already`);
  sql(ctx.db, "UPDATE recommendations SET outcome = 'rejected', outcome_at = ?, outcome_by = ?, outcome_reason = ?, outcome_decision_id = ? WHERE id = ?").run(ctx.now, ctx.actorName, reason, ctx.decisionId, id);
  ctx.record({ entity: 'recommendation', entityId: id, before: { outcome: null }, after: { outcome: 'rejected', by: ctx.actorName, reason } });
  ctx.touch('recommendations');
  recordKpi(ctx, { domain: before.kind, metric: 'acceptance', value: 0, subject: id, source: 'engine' });
  return getRecommendation(ctx.db, id);
}

/** Expires the open recommendations past their expiry; returns how many. */
export function expireRecommendations(ctx: ActionContext): number {
  const due = sql(ctx.db, 'SELECT id FROM recommendations WHERE outcome IS NULL AND expires_at <= ?').all(ctx.now) as { id: string }[];
  for (const { id } of due) {
    sql(ctx.db, "UPDATE recommendations SET outcome = 'expired', outcome_at = ?, outcome_by = ?, outcome_decision_id = ? WHERE id = ?").run(ctx.now, ctx.actorName, ctx.decisionId, id);
    ctx.record({ entity: 'recommendation', entityId: id, before: { outcome: null }, after: { outcome: 'expired' } });
  }
  if (due.length) ctx.touch('recommendations');
  return due.length;
}

type AcceptPrepared = { recommendationId: string; decisionId: string | null };
type ManyPrepared = { done: { id: string; decisionId: string }[]; refused: { id: string; reason: string }[] };

/** Dispatches a recommendation's proposed action as the operator; throws the action's refusal as an EngineError naming it. */
function dispatchProposal(db: Db, id: string, edits: Record<string, unknown> | undefined, operatorId: string | null, now: string, dispatchAs: (action: ActionName, params: unknown, operatorId: string | null) => ReturnType<ActionContext['services']['dispatchAs']>): { decisionId: string } {
  const rec = getRecommendation(db, id);
  assertOpen(rec, now);
  const params = { ...rec.params, ...(edits ?? {}), recommendationId: rec.id };
  const done = dispatchAs(rec.action as ActionName, params, operatorId);
  if (!done.ok) {
    const code = done.error.code === 'pending_approval' ? 'blocked' : done.error.code;
    throw new EngineError(code, `${rec.action} for "${rec.title}" was refused: ${done.error.message}`, done.error.details);
  }
  return { decisionId: done.value.decision.id };
}

export const recommendationPreparers: ActionPreparers = {
  'recommendations.accept': async (p, ctx): Promise<AcceptPrepared | null> => {
    if (ctx.mode === 'plan') return null;
    const { decisionId } = dispatchProposal(ctx.db, p.id, p.params, ctx.operatorId, ctx.clock.now().toISOString(), ctx.services.dispatchAs);
    return { recommendationId: p.id, decisionId };
  },
  'recommendations.acceptMany': async (p, ctx): Promise<ManyPrepared | null> => {
    if (ctx.mode === 'plan') return null;
    const out: ManyPrepared = { done: [], refused: [] };
    for (const [n, id] of [...new Set(p.ids)].entries()) {
      try {
        out.done.push({ id, ...dispatchProposal(ctx.db, id, undefined, ctx.operatorId, ctx.clock.now().toISOString(), ctx.services.dispatchAs) });
      } catch (error) {
        out.refused.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
      ctx.progress({ phase: 'accepting', done: n + 1, total: p.ids.length, unit: 'items' });
    }
    return out;
  },
};

export const recommendationActions: Pick<ActionHandlers, 'recommendations.accept' | 'recommendations.reject' | 'recommendations.acceptMany' | 'recommendations.rejectMany'> = {
  'recommendations.accept'(p, ctx) {
    const rec = getRecommendation(ctx.db, p.id);
    if (ctx.mode === 'plan') {
      assertOpen(rec, ctx.now);
      return { recommendation: rec, actionDecisionId: null };
    }
    const prepared = ctx.prepared as AcceptPrepared | undefined;
    if (!prepared) throw new EngineError('internal', 'recommendations.accept runs through dispatchAsync (the proposed action is its own decision, made first)');
    ctx.record({ entity: 'recommendation', entityId: rec.id, before: null, after: { acceptedBy: ctx.actorName, actionDecisionId: prepared.decisionId } });
    return { recommendation: rec, actionDecisionId: prepared.decisionId };
  },

  'recommendations.reject'(p, ctx) {
    return reject(ctx, p.id, p.reason);
  },

  'recommendations.acceptMany'(p, ctx) {
    if (ctx.mode === 'plan') {
      const out: ManyPrepared = { done: [], refused: [] };
      for (const id of new Set(p.ids)) {
        try {
          assertOpen(getRecommendation(ctx.db, id), ctx.now);
          out.done.push({ id, decisionId: '' });
        } catch (error) {
          out.refused.push({ id, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      return out;
    }
    const prepared = ctx.prepared as ManyPrepared | undefined;
    if (!prepared) throw new EngineError('internal', 'recommendations.acceptMany runs through dispatchAsync (each proposed action is its own decision, made first)');
    if (prepared.done.length === 0) throw new EngineError('conflict', `none was accepted: ${prepared.refused.map((r) => r.reason).slice(0, 3).join('; ')}`);
    ctx.record({ entity: 'recommendation', entityId: 'many', before: null, after: { acceptedBy: ctx.actorName, accepted: prepared.done, refused: prepared.refused } });
    return prepared;
  },

  'recommendations.rejectMany'(p, ctx) {
    const out: ManyPrepared = { done: [], refused: [] };
    for (const id of new Set(p.ids)) {
      try {
        reject(ctx, id, p.reason);
        out.done.push({ id, decisionId: ctx.decisionId });
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        out.refused.push({ id, reason: error.message });
      }
    }
    if (out.done.length === 0) throw new EngineError('conflict', `none was rejected: ${out.refused.map((r) => r.reason).slice(0, 3).join('; ')}`);
    return out;
  },
};

export const recommendationQueries: Pick<QueryHandlers, 'recommendations.list'> = {
  'recommendations.list'(p, ctx) {
    const where = [p.status === 'open' ? 'r.outcome IS NULL' : p.status === 'decided' ? 'r.outcome IS NOT NULL' : '1', p.kind ? 'r.kind = @kind' : '1'].join(' AND ');
    const order = p.status === 'open' ? 'r.confidence DESC, r.created_at DESC, r.id' : 'coalesce(r.outcome_at, r.created_at) DESC, r.id';
    const args = { kind: p.kind ?? null };
    const total = (sql(ctx.db, `SELECT count(*) AS n FROM recommendations r WHERE ${where}`).get(args) as { n: number }).n;
    const rows = sql(ctx.db, `${SELECT} WHERE ${where} ORDER BY ${order} LIMIT @limit`).all({ ...args, limit: p.limit }) as Row[];
    const byKind = sql(ctx.db, 'SELECT kind, count(*) AS n FROM recommendations WHERE outcome IS NULL GROUP BY kind').all() as { kind: string; n: number }[];
    return { items: rows.map(toRecommendation), total, openByKind: Object.fromEntries(byKind.map((k) => [k.kind, k.n])) };
  },
};
