/**
 * Approvals, spend-cap policies and overrides, band policy: the actions and queries.
 */
import { recordKpi } from '../domains/automations/kpi';
import { actions, actionSpec, EngineError, safeParseParams, type ActionName } from '../../../shared/contract';
import type { Band } from '../../../shared/domain/bands';
import type { Approval } from '../../../shared/contract';
import { sql } from '../db/connection';
import { zodIssues } from './dispatcher';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../handlers';
import {
  actionMinBand,
  addUsage,
  approvalRow,
  bandPolicies,
  bandPolicy,
  capPolicies,
  capPolicy,
  capUsage,
  getApproval,
  householdDay,
  requestApproval,
  toApproval,
  type SpendResolvers,
  type SuggestedBandSource,
} from './spending';

/** Hooks other domains register to follow an approval's decision (a purchase request becomes APPROVED or REJECTED). */
export type ApprovalListener = (ctx: ActionContext, approval: Approval) => void;

function changeApproval(ctx: ActionContext, id: string, set: string, values: unknown[]): Approval {
  const before = getApproval(ctx.db, id);
  sql(ctx.db, `UPDATE approvals SET ${set} WHERE id = ?`).run(...values, id);
  const after = getApproval(ctx.db, id);
  ctx.record({ entity: 'approval', entityId: id, before, after });
  ctx.touch('approvals');
  return after;
}

/**
 * The approval and cap actions; `resolvers` say how each spending action spends, `listeners`
 * follow decisions, `bindings` let non-spending actions be approved too (a playbook step that
 * needs an approval): each returns the request's binding as a Spend, or throws EngineError.
 */
export function spendingActionHandlers(
  resolvers: SpendResolvers,
  listeners: ApprovalListener[],
  bindings: SpendResolvers = {},
): Pick<ActionHandlers, 'approvals.request' | 'approvals.decide' | 'approvals.cancel' | 'approvals.expire' | 'caps.setPolicy' | 'caps.override' | 'governance.setBandPolicy' | 'governance.setActionMinBand'> {
  return {
    'approvals.request'(p, ctx) {
      const binding = bindings[p.action as ActionName];
      if (binding) {
        const parsed = safeParseParams(actions[p.action as ActionName].input, p.params);
        if (!parsed.success) throw new EngineError('invalid', `params for ${p.action} are invalid`, { issues: zodIssues(parsed.error).map((i) => ({ ...i, path: ['params', ...i.path] })) });
        const bound = binding(parsed.data, ctx.db);
        if (!bound) throw new EngineError('invalid', `${p.action} with these params needs no approval`);
        return requestApproval(ctx, { action: p.action, spend: bound, title: p.title, reason: p.reason ?? null, band: ctx.governance.band, riskBucket: 'YELLOW' }).approval;
      }
      const resolver = resolvers[p.action as ActionName];
      if (!resolver) throw new EngineError('invalid', `${p.action} is not a spending action: it needs no approval`, { issues: [{ path: ['action'], message: 'not a spending action' }] });
      const parsed = safeParseParams(actions[p.action as ActionName].input, p.params);
      if (!parsed.success) throw new EngineError('invalid', `params for ${p.action} are invalid`, { issues: zodIssues(parsed.error).map((i) => ({ ...i, path: ['params', ...i.path] })) });
      const spend = resolver(parsed.data, ctx.db);
      if (!spend) throw new EngineError('invalid', 'these params spend nothing (e.g. money coming in): no approval is needed');
      if (spend.amountMinor === null || spend.category === null) throw new EngineError('invalid', 'the spend has no amount or category: risk UNKNOWN cannot be approved');
      return requestApproval(ctx, { action: p.action, spend, title: p.title, reason: p.reason ?? null, band: ctx.governance.band, riskBucket: 'YELLOW' }).approval;
    },

    'approvals.decide'(p, ctx) {
      const row = approvalRow(ctx.db, p.approvalId);
      if (row.status !== 'pending') throw new EngineError('conflict', `approval ${p.approvalId} is ${row.status}, not pending: it was decided already`);
      if (row.expires_at <= ctx.now) throw new EngineError('conflict', `approval ${p.approvalId} expired at ${row.expires_at}`);
      const own = ctx.operator !== null && row.requested_by_id === ctx.operator.id;
      const selfApproved = own && ctx.operator?.role === 'owner' && ctx.settings.singleOperator;
      if (own && !selfApproved) {
        throw new EngineError('forbidden', 'separation of duties: a requester may not decide its own request (an owner may, with "single operator" on)');
      }
      const status = p.decision === 'approve' ? 'approved' : 'denied';
      const after = changeApproval(ctx, p.approvalId, 'status = ?, decided_by = ?, decided_by_id = ?, decided_at = ?, decision_note = ?, self_approved = ?', [
        status,
        ctx.actorName,
        ctx.operator?.id ?? null,
        ctx.now,
        p.note ?? null,
        selfApproved ? 1 : 0,
      ]);
      // approval turnaround, in hours from request to decision (a KPI a tripwire may watch)
      recordKpi(ctx, { domain: 'approvals', metric: 'turnaround_hours', value: Math.round(((Date.parse(ctx.now) - Date.parse(after.requestedAt)) / 3_600_000) * 100) / 100, subject: after.id, source: 'engine' });
      for (const listener of listeners) listener(ctx, after);
      return after;
    },

    'approvals.cancel'(p, ctx) {
      const row = approvalRow(ctx.db, p.approvalId);
      if (row.status !== 'pending' && row.status !== 'approved') throw new EngineError('conflict', `approval ${p.approvalId} is ${row.status}: only pending or unused approved ones can be cancelled`);
      const mine = ctx.operator !== null && row.requested_by_id === ctx.operator.id;
      if (!mine && !['owner', 'admin'].includes(ctx.operator?.role ?? '')) throw new EngineError('forbidden', 'only the requester, an owner or an admin may cancel an approval');
      const after = changeApproval(ctx, p.approvalId, "status = 'cancelled', decision_note = coalesce(?, decision_note)", [p.reason ?? null]);
      for (const listener of listeners) listener(ctx, after);
      return after;
    },

    'approvals.expire'(_p, ctx) {
      const due = sql(ctx.db, "SELECT id FROM approvals WHERE status IN ('pending', 'approved') AND expires_at <= ?").all(ctx.now) as { id: string }[];
      for (const { id } of due) {
        const after = changeApproval(ctx, id, "status = 'expired'", []);
        for (const listener of listeners) listener(ctx, after);
      }
      return { expired: due.map((d) => d.id) };
    },

    'caps.setPolicy'(p, ctx) {
      const before = capPolicy(ctx.db, p.scope);
      sql(
        ctx.db,
        `INSERT INTO cap_policy (scope, daily_spend_cap_minor, daily_count_cap, daily_loss_cap_minor, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET daily_spend_cap_minor = excluded.daily_spend_cap_minor, daily_count_cap = excluded.daily_count_cap,
           daily_loss_cap_minor = excluded.daily_loss_cap_minor, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(p.scope, p.dailySpendCapMinor, p.dailyCountCap, p.dailyLossCapMinor, ctx.now, ctx.actorName);
      const after = capPolicy(ctx.db, p.scope);
      ctx.record({ entity: 'cap_policy', entityId: p.scope, before, after: { ...after, reason: p.reason } });
      ctx.touch('cap_policy');
      return after as NonNullable<typeof after>;
    },

    'caps.override'(p, ctx) {
      if (!capPolicy(ctx.db, p.scope)) throw new EngineError('not_found', `no cap policy for scope "${p.scope}"`);
      const day = householdDay(ctx.now, ctx.settings.timeZone);
      const { before, after } = addUsage(ctx.db, day, p.scope, { override_minor: p.extraMinor });
      ctx.record({ entity: 'cap_usage', entityId: `${day}/${p.scope}`, before, after: { ...after, overrideReason: p.reason } });
      ctx.touch('cap_usage');
      return after;
    },

    'governance.setActionMinBand'(p, ctx) {
      if (!(p.action in actions)) throw new EngineError('invalid', `unknown action '${p.action.slice(0, 100)}'`, { issues: [{ path: ['action'], message: 'unknown action' }] });
      if (actionSpec(p.action as ActionName).exempt) throw new EngineError('invalid', `${p.action} is a control or recovery action: it runs in every band`, { issues: [{ path: ['action'], message: 'exempt actions run in every band' }] });
      const before = { action: p.action, band: actionMinBand(ctx.db, p.action) };
      if (p.band === null) sql(ctx.db, 'DELETE FROM action_min_band WHERE action = ?').run(p.action);
      else {
        sql(
          ctx.db,
          `INSERT INTO action_min_band (action, band, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (action) DO UPDATE SET band = excluded.band, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(p.action, p.band, ctx.now, ctx.actorName);
      }
      const after = { action: p.action, band: p.band };
      ctx.record({ entity: 'action_min_band', entityId: p.action, before, after: { ...after, reason: p.reason } });
      ctx.touch('action_min_band');
      return after;
    },

    'governance.setBandPolicy'(p, ctx) {
      const before = bandPolicy(ctx.db, p.band);
      sql(ctx.db, 'UPDATE band_policy SET approval_threshold_minor = ?, allowed_categories_json = ?, updated_at = ?, updated_by = ? WHERE band = ?').run(
        p.approvalThresholdMinor,
        p.allowedCategories ? JSON.stringify([...new Set(p.allowedCategories)]) : null,
        ctx.now,
        ctx.actorName,
        p.band,
      );
      const after = bandPolicy(ctx.db, p.band);
      ctx.record({ entity: 'band_policy', entityId: p.band, before, after: { ...after, reason: p.reason } });
      ctx.touch('band_policy');
      return after;
    },
  };
}

/** Approval, cap and band-policy queries. `governance.assess` is built by the engine (it needs the gates). */
export function spendingQueryHandlers(suggested: SuggestedBandSource): Pick<QueryHandlers, 'approvals.list' | 'approvals.get' | 'caps.usage' | 'governance.bandPolicies'> {
  return {
    'approvals.list': (p, ctx) => {
      const where = p.status ? 'WHERE status = @status' : '';
      return (
        sql(ctx.db, `SELECT * FROM approvals ${where} ORDER BY status != 'pending', requested_at DESC LIMIT @limit`).all({ status: p.status, limit: p.limit }) as Parameters<typeof toApproval>[0][]
      ).map(toApproval);
    },
    'approvals.get': (p, ctx) => {
      const approval = getApproval(ctx.db, p.id);
      const decisions = sql(
        ctx.db,
        // the decisions that changed it, and the attempts to decide or cancel it that were refused
        // (they changed nothing, so only their recorded params name the approval)
        `SELECT d.id, d.at, d.action, d.status, d.operator_name AS operatorName, d.reason FROM decisions d
         WHERE d.id IN (SELECT decision_id FROM audit_events WHERE entity = 'approval' AND entity_id = @id)
            OR (d.action IN ('approvals.decide', 'approvals.cancel') AND d.mode = 'execute' AND d.status != 'OK' AND json_extract(d.params_json, '$.approvalId') = @id)
         ORDER BY d.id`,
      ).all({ id: p.id }) as { id: string; at: string; action: string; status: string; operatorName: string | null; reason: string | null }[];
      return { ...approval, decisions };
    },
    'caps.usage': (p, ctx) => {
      const day = p.day ?? householdDay(ctx.clock.now(), ctx.settings.timeZone);
      return { day, scopes: capPolicies(ctx.db).map((policy) => capUsage(ctx.db, day, policy.scope)) };
    },
    'governance.bandPolicies': (_p, ctx) => {
      const suggestion = suggested.suggest(ctx.db, ctx.clock.now());
      const owner = new Map((sql(ctx.db, 'SELECT action, band FROM action_min_band').all() as { action: string; band: Band }[]).map((r) => [r.action, r.band]));
      const actionMinBands = (Object.keys(actions) as ActionName[]).flatMap((name) => {
        const band = owner.get(name) ?? actionSpec(name).minBand;
        return band ? [{ action: name, band, source: owner.has(name) ? ('owner' as const) : ('default' as const) }] : [];
      });
      return {
        bands: bandPolicies(ctx.db),
        actionMinBands,
        suggestedBand: suggestion?.band ?? null,
        suggestedReason: suggestion?.reason ?? 'no suggestion: the cash runway is unknown until the ledger records balances and outflows',
      };
    },
  };
}
