/**
 * Health `green | yellow | red`, computed, never set by hand (DOMAIN.md "Governance state").
 *
 * Red: the audit chain fails verification or disagrees with its latest anchor (tail cut,
 * re-hashed), the kill switch is engaged, or the database integrity check fails. Yellow:
 * the anchors file was missing or cannot be written, the last verified backup is older
 * than two days (when a backup folder is set), a bill payment is overdue, and the conditions of other domains
 * (overdue approvals, caps ≥ 90 % …) — each adds a check to HEALTH_CHECKS. The level is
 * the worst reason's level; no reason is green.
 */
import type { AnchorCheck, AuditVerification, Health } from '../../../shared/contract';
import { calendarDateIn } from '../../../shared/domain/time';
import { sql, type Db } from '../db/connection';
import { dueOccurrences } from '../domains/schedule/schedule';
import { readSettings } from './settings';
import type { GovernanceRow } from './state';
import type { SuggestedBandSource } from './spending';
import type { Clock } from '../types';

export type HealthReason = Health['reasons'][number];

/** What the engine knows at run time beyond the tables: results of the last checks. */
export interface HealthRuntime {
  /** Last full verification of the audit chain (startup, `audit.verify`), null if never run. */
  chain: AuditVerification | null;
  /** Last comparison of the chain with its latest anchor (startup, `audit.verify`), null if never run. */
  anchor: AnchorCheck | null;
  /** Why the last anchor could not be written, null once one was. */
  anchorWriteError: string | null;
  /** Last `PRAGMA quick_check`, null if never run. */
  integrity: { ok: boolean; message: string } | null;
  /** Where the suggested band comes from. */
  suggested: SuggestedBandSource;
  /** The engine's clock (checks that compare with now). */
  clock: Clock;
}

export type HealthCheck = (db: Db, governance: GovernanceRow, runtime: HealthRuntime) => HealthReason[];

const killSwitch: HealthCheck = (_db, g) =>
  g.killEngaged ? [{ code: 'kill_switch', level: 'red', message: `Kill switch engaged: ${g.killReason ?? 'no reason given'}` }] : [];

const auditChain: HealthCheck = (_db, _g, rt) =>
  rt.chain && !rt.chain.ok
    ? [{ code: 'audit_chain', level: 'red', message: `Audit chain fails verification at event ${rt.chain.firstBadSeq}` }]
    : [];

const anchors: HealthCheck = (_db, _g, rt) => {
  const reasons: HealthReason[] = [];
  if (rt.anchor?.status === 'tampered') reasons.push({ code: 'audit_anchor', level: 'red', message: `Audit chain tampered: ${rt.anchor.message}` });
  if (rt.anchor?.status === 'missing') reasons.push({ code: 'audit_anchor_missing', level: 'yellow', message: rt.anchor.message });
  if (rt.anchorWriteError) reasons.push({ code: 'audit_anchor_write', level: 'yellow', message: `The chain head could not be anchored outside the database: ${rt.anchorWriteError}` });
  return reasons;
};

/** DOMAIN.md says 7 days; issue 12 asks for yellow past 2 days once backups are configured. */
export const BACKUP_STALE_DAYS = 2;

const backupAge: HealthCheck = (db, _g, rt) => {
  const folder = sql(db, "SELECT value FROM settings WHERE key = 'backup_folder'").get() as { value: string } | undefined;
  if (!folder || JSON.parse(folder.value) === null) return [];
  const last = (sql(db, 'SELECT max(at) AS at FROM backups WHERE verified = 1').get() as { at: string | null }).at;
  if (last === null) return [{ code: 'backup_none', level: 'yellow', message: 'A backup folder is set but no verified backup exists yet' }];
  const days = (rt.clock.now().getTime() - Date.parse(last)) / 86_400_000;
  return days > BACKUP_STALE_DAYS ? [{ code: 'backup_stale', level: 'yellow', message: `The last verified backup is ${Math.floor(days)} days old` }] : [];
};

const integrity: HealthCheck = (_db, _g, rt) =>
  rt.integrity && !rt.integrity.ok
    ? [{ code: 'integrity', level: 'red', message: `Database integrity check failed: ${rt.integrity.message}` }]
    : [];

const criticalAlerts: HealthCheck = (db) => {
  const row = sql(db, "SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL AND severity = 'critical' AND kind != 'kill_switch'").get() as {
    n: number;
  };
  return row.n > 0 ? [{ code: 'critical_alerts', level: 'yellow', message: `${row.n} unacknowledged critical alert(s)` }] : [];
};

const overdueApprovals: HealthCheck = (db, _g, rt) => {
  const row = sql(db, "SELECT count(*) AS n FROM approvals WHERE status = 'pending' AND expires_at <= ?").get(rt.clock.now().toISOString()) as { n: number };
  return row.n > 0 ? [{ code: 'approvals_overdue', level: 'yellow', message: `${row.n} approval request(s) overdue` }] : [];
};

const capsNearlyUsed: HealthCheck = (db) => {
  const rows = sql(
    db,
    `SELECT u.scope FROM cap_usage u JOIN cap_policy p ON p.scope = u.scope
     WHERE u.day = (SELECT max(day) FROM cap_usage)
       AND ((p.daily_spend_cap_minor > 0 AND (u.spent_minor + u.reserved_minor) >= 0.9 * (p.daily_spend_cap_minor + u.override_minor))
         OR (p.daily_count_cap > 0 AND u.count >= 0.9 * p.daily_count_cap)
         OR (p.daily_loss_cap_minor > 0 AND u.loss_minor >= 0.9 * p.daily_loss_cap_minor))`,
  ).all() as { scope: string }[];
  return rows.length ? [{ code: 'caps_90', level: 'yellow', message: `cap use at 90 % or more: ${rows.map((r) => r.scope).join(', ')}` }] : [];
};

const suggestedBand: HealthCheck = (db, g, rt) => {
  const suggestion = rt.suggested.suggest(db, rt.clock.now());
  return suggestion && suggestion.band !== g.band
    ? [{ code: 'suggested_band', level: 'yellow', message: `suggested band ${suggestion.band} differs from band ${g.band}: ${suggestion.reason}` }]
    : [];
};

/** DOMAIN.md / issue 13: an unpaid bill occurrence before today (household time zone) turns health yellow. */
const overdueBills: HealthCheck = (db, _g, rt) => {
  const today = calendarDateIn(rt.clock.now(), readSettings(db).timeZone ?? 'UTC');
  const overdue = dueOccurrences(db, today, 0, ['bill']).filter((o) => o.date < today);
  if (overdue.length === 0) return [];
  const payees = [...new Set(overdue.map((o) => o.entry.payee ?? o.entry.title))];
  return [{ code: 'bills_overdue', level: 'yellow', message: `${overdue.length} bill payment(s) overdue: ${payees.slice(0, 3).join(', ')}${payees.length > 3 ? ' …' : ''}` }];
};

/** The checks, in display order. Later domains append theirs. */
export const HEALTH_CHECKS: HealthCheck[] = [killSwitch, auditChain, anchors, integrity, criticalAlerts, overdueApprovals, capsNearlyUsed, suggestedBand, backupAge, overdueBills];

/** Runs every check; the level is the worst of the reasons. */
export function computeHealth(db: Db, governance: GovernanceRow, runtime: HealthRuntime): Health {
  const reasons = HEALTH_CHECKS.flatMap((check) => check(db, governance, runtime));
  const level = reasons.some((r) => r.level === 'red') ? 'red' : reasons.some((r) => r.level === 'yellow') ? 'yellow' : 'green';
  return { level, reasons };
}
