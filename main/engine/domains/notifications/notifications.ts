/**
 * Notifications (DOMAIN.md "Alerts, notifications"): the in-app queue the notification
 * centre shows, and the Electron shell turns into desktop notifications. Each has a dedupe
 * key, so the thing it says (a bill's occurrence due, a reminder's day) is said once.
 */
import type { Notification } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';

type Row = {
  id: string;
  at: string;
  kind: Notification['kind'];
  title: string;
  body: string;
  route: string | null;
  entity: string | null;
  entity_id: string | null;
  read_at: string | null;
};

const toNotification = (r: Row): Notification => ({
  id: r.id,
  at: r.at,
  kind: r.kind,
  title: r.title,
  body: r.body,
  route: r.route,
  entity: r.entity,
  entityId: r.entity_id,
  readAt: r.read_at,
});

export type NewNotification = Pick<Notification, 'kind' | 'title' | 'body' | 'route'> & { entity?: string; entityId?: string; dedupeKey: string };

/**
 * Queues a notification inside an action's transaction, audited. Returns null (and adds
 * nothing) when one with the same `dedupeKey` exists, read or not.
 */
export function notify(ctx: ActionContext, n: NewNotification): Notification | null {
  const id = ctx.newId();
  const info = sql(
    ctx.db,
    'INSERT OR IGNORE INTO notifications (id, at, kind, title, body, route, entity, entity_id, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, ctx.now, n.kind, n.title, n.body, n.route, n.entity ?? null, n.entityId ?? null, n.dedupeKey);
  if (info.changes === 0) return null;
  const created = toNotification(sql(ctx.db, 'SELECT * FROM notifications WHERE id = ?').get(id) as Row);
  ctx.record({ entity: 'notification', entityId: id, before: null, after: created });
  ctx.touch('notifications');
  return created;
}

/** Unread notifications. */
export function unreadCount(db: Db): number {
  return (sql(db, 'SELECT count(*) AS n FROM notifications WHERE read_at IS NULL').get() as { n: number }).n;
}

export const notificationActions: Pick<ActionHandlers, 'notifications.markRead'> = {
  'notifications.markRead'(p, ctx) {
    const ids =
      'all' in p
        ? (sql(ctx.db, 'SELECT id FROM notifications WHERE read_at IS NULL').all() as { id: string }[]).map((r) => r.id)
        : p.ids.filter((nid) => sql(ctx.db, 'SELECT 1 FROM notifications WHERE id = ? AND read_at IS NULL').get(nid));
    const mark = sql(ctx.db, 'UPDATE notifications SET read_at = ?, read_by = ? WHERE id = ?');
    for (const nid of ids) mark.run(ctx.now, ctx.actorName, nid);
    if (ids.length) {
      ctx.record({ entity: 'notifications', entityId: 'read', before: { unread: ids.length }, after: { read: ids, by: ctx.actorName } });
      ctx.touch('notifications');
    }
    return { marked: ids.length };
  },
};

export const notificationQueries: Pick<QueryHandlers, 'notifications.list'> = {
  'notifications.list'(p, ctx) {
    const where = p.unreadOnly ? 'WHERE read_at IS NULL' : '';
    const items = (sql(ctx.db, `SELECT * FROM notifications ${where} ORDER BY at DESC, id DESC LIMIT ?`).all(p.limit) as Row[]).map(toNotification);
    return { items, unread: unreadCount(ctx.db) };
  },
};
