/**
 * Health `green | yellow | red`, computed, never set by hand (DOMAIN.md "Governance state").
 *
 * Red: the audit chain fails verification, the kill switch is engaged, or the database
 * integrity check fails. Yellow: the conditions of later domains (failed jobs, overdue
 * approvals, caps ≥ 90 %, overdue bills, stale backup) — each adds a check to
 * HEALTH_CHECKS. The level is the worst reason's level; no reason is green.
 */
import type { AuditVerification, Health } from '../../../shared/contract';
import { sql, type Db } from '../db/connection';
import type { GovernanceRow } from './state';

export type HealthReason = Health['reasons'][number];

/** What the engine knows at run time beyond the tables: results of the last checks. */
export interface HealthRuntime {
  /** Last full verification of the audit chain (startup, `audit.verify`), null if never run. */
  chain: AuditVerification | null;
  /** Last `PRAGMA quick_check`, null if never run. */
  integrity: { ok: boolean; message: string } | null;
}

export type HealthCheck = (db: Db, governance: GovernanceRow, runtime: HealthRuntime) => HealthReason[];

const killSwitch: HealthCheck = (_db, g) =>
  g.killEngaged ? [{ code: 'kill_switch', level: 'red', message: `Kill switch engaged: ${g.killReason ?? 'no reason given'}` }] : [];

const auditChain: HealthCheck = (_db, _g, rt) =>
  rt.chain && !rt.chain.ok
    ? [{ code: 'audit_chain', level: 'red', message: `Audit chain fails verification at event ${rt.chain.firstBadSeq}` }]
    : [];

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

/** The checks, in display order. Later domains append theirs. */
export const HEALTH_CHECKS: HealthCheck[] = [killSwitch, auditChain, integrity, criticalAlerts];

/** Runs every check; the level is the worst of the reasons. */
export function computeHealth(db: Db, governance: GovernanceRow, runtime: HealthRuntime): Health {
  const reasons = HEALTH_CHECKS.flatMap((check) => check(db, governance, runtime));
  const level = reasons.some((r) => r.level === 'red') ? 'red' : reasons.some((r) => r.level === 'yellow') ? 'yellow' : 'green';
  return { level, reasons };
}
