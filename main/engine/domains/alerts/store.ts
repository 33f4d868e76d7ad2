/**
 * Alerts: failures, tripwires, cap warnings, overdue items, governance events; open until
 * an operator acknowledges them.
 */
import type { Alert } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionContext } from '../../handlers';

type Row = {
  id: string;
  at: string;
  severity: Alert['severity'];
  kind: string;
  message: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
};

const toAlert = (r: Row): Alert => ({
  id: r.id,
  at: r.at,
  severity: r.severity,
  kind: r.kind,
  message: r.message,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  note: r.note,
});

/** Raises an alert inside an action's transaction, audited. */
export function raiseAlert(ctx: ActionContext, alert: Pick<Alert, 'severity' | 'kind' | 'message'>): Alert {
  const id = ctx.newId();
  sql(ctx.db, 'INSERT INTO alerts (id, at, severity, kind, message) VALUES (?, ?, ?, ?, ?)').run(id, ctx.now, alert.severity, alert.kind, alert.message);
  const created = getAlert(ctx.db, id) as Alert;
  ctx.record({ entity: 'alert', entityId: id, before: null, after: created });
  ctx.touch('alerts');
  return created;
}

export function getAlert(db: Db, id: string): Alert | null {
  const row = sql(db, 'SELECT * FROM alerts WHERE id = ?').get(id) as Row | undefined;
  return row ? toAlert(row) : null;
}

export function listAlerts(db: Db, status: 'open' | 'all', limit = 200): Alert[] {
  const where = status === 'open' ? 'WHERE acknowledged_at IS NULL' : '';
  return (sql(db, `SELECT * FROM alerts ${where} ORDER BY at DESC, id DESC LIMIT ?`).all(limit) as Row[]).map(toAlert);
}

export function acknowledgeAlert(db: Db, id: string, by: string, at: string, note: string | null): void {
  sql(db, 'UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ?').run(at, by, note, id);
}
