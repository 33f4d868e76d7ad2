/**
 * Alerts a person can read: open alerts grouped by kind, each group with one line, where to
 * act on it, and the newest few (the ops board shows groups, not one row per item). A whole
 * group is acknowledged with one action.
 */
import type { Alert, AlertGroup } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionHandlers, QueryHandlers } from '../../handlers';
import { acknowledgeAlert, getAlert, listAlerts } from './store';

const SAMPLE = 3;
const SEVERITY: Record<Alert['severity'], number> = { info: 0, warning: 1, critical: 2 };

type Wording = { one: string; many: (n: number) => string; route: string | null; action: string | null };

/** How each kind of alert reads as a group, and where it is dealt with. */
const WORDING: Record<string, Wording> = {
  reorder: { one: '1 item runs out within its lead time', many: (n) => `${n} items run out within their lead time`, route: 'shopping', action: 'open the shopping list' },
  low_stock: { one: '1 item is at or below its minimum', many: (n) => `${n} items are at or below their minimum`, route: 'shopping', action: 'open the shopping list' },
  cap_80: { one: 'A spend cap passed 80 %', many: (n) => `${n} spend caps passed 80 %`, route: 'caps', action: 'review the caps' },
  cap_90: { one: 'A spend cap passed 90 %', many: (n) => `${n} spend caps passed 90 %`, route: 'caps', action: 'review the caps' },
  cap_100: { one: 'A spend cap is used up', many: (n) => `${n} spend caps are used up`, route: 'caps', action: 'review the caps' },
  bill_overdue: { one: '1 bill is overdue', many: (n) => `${n} bills are overdue`, route: 'bills', action: 'pay or skip them' },
  job_failed: { one: 'A scheduled job failed', many: (n) => `${n} scheduled job runs failed`, route: 'scheduler', action: 'see the runs' },
  health: { one: 'Health got worse', many: (n) => `Health got worse ${n} times`, route: 'ops', action: null },
  audit_chain: { one: 'The audit chain needs attention', many: (n) => `${n} audit chain problems`, route: 'audit', action: 'verify the chain' },
  kill_switch: { one: 'The kill switch was engaged', many: (n) => `The kill switch was engaged ${n} times`, route: 'ops', action: null },
  backup: { one: 'A backup needs attention', many: (n) => `${n} backup problems`, route: 'backups', action: 'open backups' },
};

/** The groups of open alerts, worst severity first, then largest. */
export function alertGroups(db: Db): AlertGroup[] {
  const counts = sql(db, 'SELECT kind, count(*) AS n, max(at) AS latest FROM alerts WHERE acknowledged_at IS NULL GROUP BY kind').all() as { kind: string; n: number; latest: string }[];
  const sampleOf = sql(db, 'SELECT id FROM alerts WHERE acknowledged_at IS NULL AND kind = ? ORDER BY at DESC, id DESC LIMIT ?');
  const worst = sql(db, "SELECT max(CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS s FROM alerts WHERE acknowledged_at IS NULL AND kind = ?");
  const groups = counts.map(({ kind, n, latest }): AlertGroup => {
    const wording = WORDING[kind];
    const sample = (sampleOf.all(kind, SAMPLE) as { id: string }[]).map((r) => getAlert(db, r.id) as Alert);
    const level = (worst.get(kind) as { s: number }).s;
    const severity = (Object.keys(SEVERITY) as Alert['severity'][]).find((k) => SEVERITY[k] === level) ?? 'info';
    return {
      kind,
      severity,
      count: n,
      title: wording ? (n === 1 ? wording.one : wording.many(n)) : n === 1 ? (sample[0]?.message ?? kind) : `${n} ${kind.replace(/_/g, ' ')} alerts`,
      route: wording?.route ?? null,
      action: wording?.action ?? null,
      latestAt: latest,
      sample,
    };
  });
  return groups.sort((a, b) => SEVERITY[b.severity] - SEVERITY[a.severity] || b.count - a.count || a.kind.localeCompare(b.kind));
}

export const alertGroupActions: Pick<ActionHandlers, 'alerts.acknowledgeGroup'> = {
  'alerts.acknowledgeGroup'(p, ctx) {
    const open = listAlerts(ctx.db, 'open', Number.MAX_SAFE_INTEGER).filter((a) => a.kind === p.kind);
    if (open.length === 0) throw new EngineError('not_found', `no open alerts of kind "${p.kind}"`);
    for (const alert of open) {
      acknowledgeAlert(ctx.db, alert.id, ctx.actorName, ctx.now, p.note ?? null);
      ctx.record({ entity: 'alert', entityId: alert.id, before: alert, after: getAlert(ctx.db, alert.id) });
    }
    ctx.touch('alerts');
    return { acknowledged: open.length };
  },
};

export const alertGroupQueries: Pick<QueryHandlers, 'alerts.groups'> = {
  'alerts.groups': (_p, ctx) => alertGroups(ctx.db),
};
