/**
 * Desktop notifications (DOMAIN.md "Notifications: an in-app queue, shown as desktop
 * notifications in Electron"): when a decision adds notifications, the new unread ones of the
 * kinds a person should see at once (reminders, bills, approvals waiting, failed jobs) are
 * shown through `show`. Electron-free: the shell passes Electron's `Notification`; tests pass
 * a recorder. Notifications already there when the app starts are in the notification centre,
 * not popped up again.
 */
import type { Notification } from '../../shared/contract';
import type { Engine, Logger } from '../engine/types';

/** The kinds shown on the desktop; the others stay in the notification centre. */
export const DESKTOP_KINDS: ReadonlySet<Notification['kind']> = new Set(['reminder', 'bill_due', 'bill_overdue', 'approval_waiting', 'job_failed']);

/**
 * Starts forwarding; returns the function that stops it. `show` gets each new notification
 * once. A failing `show` is logged, never thrown into the engine's event loop.
 */
export function forwardDesktopNotifications(engine: Pick<Engine, 'on' | 'query'>, show: (n: Notification) => void, log: Logger): () => void {
  const unread = () => {
    const listed = engine.query('notifications.list', { unreadOnly: true, limit: 200 }, { actor: 'system' });
    return listed.ok ? listed.value.items : [];
  };
  const seen = new Set(unread().map((n) => n.id));
  return engine.on('db.changed', ({ tables }) => {
    if (!tables.includes('notifications')) return;
    for (const n of unread().reverse()) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      if (!DESKTOP_KINDS.has(n.kind)) continue;
      try {
        show(n);
      } catch (error) {
        log.warn('desktop notification failed', { id: n.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  });
}
