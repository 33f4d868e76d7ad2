/**
 * Read-only governance queries: state, decisions, audit log, permission matrix.
 */
import { ACTION_PERMISSIONS, actions, actionSpec, QUERY_PERMISSIONS, queries, type ActionName, type GovernanceState, type QueryName } from '../../../shared/contract';
import { ROLES } from '../../../shared/domain/roles';
import { sql, type Db } from '../db/connection';
import { countOperators, getOperator, toOperator } from '../domains/operators/store';
import type { QueryContext, QueryHandlers } from '../handlers';
import { chainHead, toAuditEvent, type AuditRow } from './audit';
import { diffDecisions, getDecision, listDecisions } from './decisions';
import { computeHealth } from './health';
import { readGovernance } from './state';

/** Builds the `governance.state` view; used by the ops board too. */
export function governanceState(ctx: QueryContext): GovernanceState {
  const g = readGovernance(ctx.db);
  const current = ctx.operator ?? (ctx.settings.currentOperatorId ? getOperator(ctx.db, ctx.settings.currentOperatorId) : null);
  return {
    initialized: countOperators(ctx.db) > 0,
    currency: ctx.settings.currency,
    timeZone: ctx.settings.timeZone,
    goLive: { enabled: g.goLive, changedAt: g.goLiveChangedAt, changedBy: g.goLiveChangedBy },
    killSwitch: { engaged: g.killEngaged, reason: g.killReason, engagedAt: g.killEngagedAt, engagedBy: g.killEngagedBy },
    band: { current: g.band, reason: g.bandReason, setAt: g.bandSetAt, setBy: g.bandSetBy },
    health: computeHealth(ctx.db, g, ctx.runtime),
    currentOperator: current ? toOperator(current) : null,
    chainHead: chainHead(ctx.db),
  };
}

/**
 * `audit.list`: a page of audit events, newest first (`seq` descending), filtered by entity
 * (and entity id: one entity's history), decision, and action — a full name matches exactly, a bare domain (`receipts`) matches
 * every action of that domain. `nextCursor` is the last `seq` of the page, or null at the end.
 */
function listAudit(db: Db, p: { entity?: string; entityId?: string; action?: string; decisionId?: string; limit: number; cursor?: number }) {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: p.limit + 1 };
  if (p.entity !== undefined) {
    where.push('entity = @entity');
    args.entity = p.entity;
  }
  if (p.entityId !== undefined) {
    where.push('entity_id = @entityId');
    args.entityId = p.entityId;
  }
  if (p.action !== undefined) {
    // the contract allows only letters and one dot, so the LIKE pattern has no wildcard of its own
    where.push(p.action.includes('.') ? 'action = @action' : "action LIKE @action || '.%'");
    args.action = p.action;
  }
  if (p.decisionId !== undefined) {
    where.push('decision_id = @decisionId');
    args.decisionId = p.decisionId;
  }
  if (p.cursor !== undefined) {
    where.push('seq < @cursor');
    args.cursor = p.cursor;
  }
  const rows = sql(db, `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`).all(args) as AuditRow[];
  const page = rows.slice(0, p.limit);
  return { items: page.map(toAuditEvent), nextCursor: rows.length > p.limit ? (page.at(-1)?.seq ?? null) : null };
}

export const governanceQueries: Pick<
  QueryHandlers,
  'governance.state' | 'permissions.matrix' | 'decisions.list' | 'decisions.get' | 'decisions.diff' | 'audit.list' | 'audit.verify'
> = {
  'governance.state': (_p, ctx) => governanceState(ctx),
  'permissions.matrix': () => ({
    roles: [...ROLES],
    actions: (Object.keys(actions) as ActionName[]).map((name) => {
      const spec = actionSpec(name);
      return { name, summary: spec.summary, execClass: spec.execClass, exempt: spec.exempt, roles: [...ACTION_PERMISSIONS[name]] };
    }),
    queries: (Object.keys(queries) as QueryName[]).map((name) => ({ name, summary: queries[name].summary, roles: [...QUERY_PERMISSIONS[name]] })),
  }),
  'decisions.list': (p, ctx) => listDecisions(ctx.db, p, ctx.settings.timeZone ?? 'UTC'),
  'decisions.get': (p, ctx) => getDecision(ctx.db, p.id),
  'decisions.diff': (p, ctx) => diffDecisions(ctx.db, p.a, p.b),
  'audit.list': (p, ctx) => listAudit(ctx.db, p),
  'audit.verify': (_p, ctx) => ctx.services.checkAudit(),
};
