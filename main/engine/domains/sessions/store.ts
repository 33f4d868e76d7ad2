/**
 * Work sessions in SQLite: the one active session (read by the dispatcher on every
 * dispatch, so stamping survives restarts), the snapshot taken at start, and the summary
 * of what happened, counted by session id.
 */
import type { Health, Session, SessionSnapshot, SessionSummary } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { chainHead } from '../../governance/audit';
import type { Settings } from '../../governance/settings';
import { capPolicies, capUsage, householdDay } from '../../governance/spending';
import type { GovernanceRow } from '../../governance/state';

export type SessionRow = {
  id: string;
  status: 'active' | 'ended';
  started_at: string;
  started_by: string;
  started_by_id: string | null;
  start_notes: string | null;
  snapshot_json: string;
  ended_at: string | null;
  ended_by: string | null;
  ended_by_id: string | null;
  end_notes: string | null;
  summary_json: string | null;
};

/** The id of the active session, or null. One indexed read (partial unique index on status). */
export function activeSessionId(db: Db): string | null {
  const row = sql(db, "SELECT id FROM sessions WHERE status = 'active'").get() as { id: string } | undefined;
  return row?.id ?? null;
}

/** The active session's row, or null. */
export function activeSessionRow(db: Db): SessionRow | null {
  return (sql(db, "SELECT * FROM sessions WHERE status = 'active'").get() as SessionRow | undefined) ?? null;
}

/** Throws EngineError `not_found` for an unknown id. */
export function sessionRow(db: Db, id: string): SessionRow {
  const row = sql(db, 'SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  if (!row) throw new EngineError('not_found', `no session ${id}`);
  return row;
}

/**
 * The state at an instant (DOMAIN.md: band, health, cap usage, open approvals, stock value,
 * chain head). Stock value = Σ over active items with an estimated unit cost of
 * max(on-hand, 0) × unit cost, each rounded to whole minor units, the sum capped at
 * Number.MAX_SAFE_INTEGER (a value past it is not a count of money anyone holds).
 */
export function captureSnapshot(db: Db, input: { now: string; settings: Settings; governance: GovernanceRow; health: Health }): SessionSnapshot {
  const day = householdDay(input.now, input.settings.timeZone);
  const stock = sql(
    db,
    // total(), in floating point: sum() of integers raises "integer overflow" past 2^63, which
    // huge stock at a huge unit cost reaches (found by the soak's fuzzing); capped below
    `SELECT total(CASE WHEN i.unit_cost_minor IS NULL THEN 0 ELSE round(max(coalesce(s.on_hand, 0), 0) * i.unit_cost_minor) END) AS value,
            coalesce(sum(i.unit_cost_minor IS NULL), 0) AS missing
     FROM items i LEFT JOIN item_stats s ON s.item_id = i.id WHERE i.archived_at IS NULL`,
  ).get() as { value: number; missing: number };
  const openApprovals = (sql(db, "SELECT count(*) AS n FROM approvals WHERE status = 'pending'").get() as { n: number }).n;
  return {
    at: input.now,
    band: input.governance.band,
    health: input.health,
    goLive: input.governance.goLive,
    killSwitchEngaged: input.governance.killEngaged,
    capUsage: { day, scopes: capPolicies(db).map((p) => capUsage(db, day, p.scope)) },
    openApprovals,
    stockValueMinor: Math.min(Number.MAX_SAFE_INTEGER, Math.round(stock.value)),
    itemsWithoutCost: stock.missing,
    currency: input.settings.currency,
    chainHead: chainHead(db),
  };
}

/**
 * What happened during a session, from the rows stamped with its id: executed decisions
 * by status; spends as the GLOBAL cap scope's settled spend (every spend settles there, so
 * each counts once); stock journal entries written by its decisions; approvals decided;
 * playbook steps completed and skipped, runs completed; audit events.
 */
export function sessionSummary(db: Db, sessionId: string): SessionSummary {
  const byStatus = { OK: 0, BLOCKED: 0, PENDING_APPROVAL: 0, INVALID: 0, ERROR: 0 };
  const statusRows = sql(db, "SELECT status, count(*) AS n FROM decisions WHERE session_id = ? AND mode = 'execute' GROUP BY status").all(sessionId) as {
    status: keyof typeof byStatus;
    n: number;
  }[];
  for (const r of statusRows) byStatus[r.status] = r.n;
  const spends = sql(
    db,
    `SELECT count(DISTINCT decision_id) AS n, coalesce(sum(json_extract(after_json, '$.spentMinor') - json_extract(before_json, '$.spentMinor')), 0) AS total
     FROM audit_events
     WHERE session_id = ? AND entity = 'cap_usage' AND entity_id LIKE '%/GLOBAL'
       AND json_extract(after_json, '$.spentMinor') > json_extract(before_json, '$.spentMinor')`,
  ).get(sessionId) as { n: number; total: number };
  const stockMoves = (
    sql(db, 'SELECT count(*) AS n FROM stock_journal WHERE decision_id IN (SELECT id FROM decisions WHERE session_id = ?)').get(sessionId) as { n: number }
  ).n;
  const okActions = sql(
    db,
    `SELECT action, json_extract(result_json, '$.status') AS result_status, count(*) AS n FROM decisions
     WHERE session_id = ? AND mode = 'execute' AND status = 'OK' AND action IN ('approvals.decide', 'playbooks.completeStep', 'playbooks.skipStep')
     GROUP BY action, result_status`,
  ).all(sessionId) as { action: string; result_status: string | null; n: number }[];
  const count = (action: string, resultStatus?: string) =>
    okActions.filter((r) => r.action === action && (resultStatus === undefined || r.result_status === resultStatus)).reduce((sum, r) => sum + r.n, 0);
  const auditEvents = (sql(db, 'SELECT count(*) AS n FROM audit_events WHERE session_id = ?').get(sessionId) as { n: number }).n;
  return {
    decisionsByStatus: byStatus,
    decisions: Object.values(byStatus).reduce((a, b) => a + b, 0),
    spends: { count: spends.n, totalMinor: spends.total },
    stockMoves,
    approvalsDecided: { approved: count('approvals.decide', 'approved'), denied: count('approvals.decide', 'denied') },
    stepsCompleted: count('playbooks.completeStep'),
    stepsSkipped: count('playbooks.skipStep'),
    runsCompleted: count('playbooks.completeStep', 'completed') + count('playbooks.skipStep', 'completed'),
    auditEvents,
  };
}

/** Maps a row to the contract's Session; the active session's summary is computed now. */
export function toSession(db: Db, r: SessionRow): Session {
  const live = r.status === 'active';
  return {
    id: r.id,
    status: r.status,
    startedAt: r.started_at,
    startedBy: r.started_by,
    startedById: r.started_by_id,
    startNotes: r.start_notes,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    endedById: r.ended_by_id,
    endNotes: r.end_notes,
    snapshot: JSON.parse(r.snapshot_json) as SessionSnapshot,
    summary: live || r.summary_json === null ? sessionSummary(db, r.id) : (JSON.parse(r.summary_json) as SessionSummary),
    summaryLive: live,
  };
}
