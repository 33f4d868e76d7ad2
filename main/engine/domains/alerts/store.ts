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
  entity: string | null;
  entity_id: string | null;
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
  entity: r.entity ?? null,
  entityId: r.entity_id ?? null,
});

/**
 * Raises an alert inside an action's transaction, audited. An alert about an entity
 * (`entity`, `entityId`) is raised once: while one of the same kind is open, none is added
 * and null is returned.
 */
export function raiseAlert(ctx: ActionContext, alert: Pick<Alert, 'severity' | 'kind' | 'message'> & { entity?: string; entityId?: string }): Alert | null {
  if (alert.entity && alert.entityId) {
    const open = sql(ctx.db, 'SELECT 1 FROM alerts WHERE entity = ? AND entity_id = ? AND kind = ? AND acknowledged_at IS NULL').get(alert.entity, alert.entityId, alert.kind);
    if (open) return null;
  }
  const id = ctx.newId();
  sql(ctx.db, 'INSERT INTO alerts (id, at, severity, kind, message, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    ctx.now,
    alert.severity,
    alert.kind,
    alert.message,
    alert.entity ?? null,
    alert.entityId ?? null,
  );
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
