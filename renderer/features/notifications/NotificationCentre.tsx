/**
 * The notification centre: a bell in the top bar with the unread count, and the panel it
 * opens below the top bar — each notification's title, body, time and a link to the
 * screen that deals with it (opening one marks it read), "Mark read" per unread one and
 * "Mark all read". The panel takes focus when it opens; Escape, the bell, its close button
 * or a click outside closes it, and Escape returns focus to the bell.
 */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, mayQuery, type Notification } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { isRouteId, navigationSelectors } from '../navigation/slice';
import { notificationsSelectors } from './slice';

const BELL_ID = 'notification-bell';
const PANEL_ID = 'notification-panel';

/** The top bar's bell with the unread count; hidden from roles that may not read notifications. */
export function NotificationBell() {
  const { unread, open, setOpen, load, status, role } = useAppStore(
    useShallow((s) => ({
      unread: notificationsSelectors.unread(s),
      open: s.notificationsOpen,
      setOpen: s.setNotificationsOpen,
      load: s.loadNotifications,
      status: s.notifications.status,
      role: governanceSelectors.currentOperator(s)?.role,
    })),
  );
  const allowed = !role || mayQuery(role, 'notifications.list');
  useEffect(() => {
    if (allowed && status === 'idle') void load();
  }, [allowed, status, load]);
  if (!allowed) return null;
  const name = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <button
      type="button"
      id={BELL_ID}
      className={unread > 0 ? 'bell bell-unread' : 'bell'}
      aria-label={name}
      title={name}
      aria-expanded={open}
      aria-controls={open ? PANEL_ID : undefined}
      onClick={() => setOpen(!open)}
    >
      <svg className="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M12 2a6 6 0 0 0-6 6v3.6L4.3 15A1 1 0 0 0 5.2 16.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 2.8-2h-5.6A3 3 0 0 0 12 22Z" fill="currentColor" />
      </svg>
      {unread > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </button>
  );
}

/** The panel, rendered under the top bar while open. */
export function NotificationPanel() {
  const { open, setOpen, list, timeZone, role } = useAppStore(
    useShallow((s) => ({ open: s.notificationsOpen, setOpen: s.setNotificationsOpen, list: s.notifications, timeZone: governanceSelectors.timeZone(s), role: governanceSelectors.currentOperator(s)?.role })),
  );
  const panel = useRef<HTMLElement>(null);
  // the button goes once nothing is unread: focus stays in the panel
  const markAll = useActionForm('notifications.markRead', () => panel.current?.focus());
  const mayMark = !role || mayDispatch(role, 'notifications.markRead');

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (!target || panel.current?.contains(target) || document.getElementById(BELL_ID)?.contains(target)) return;
      // a click in a dialog opened meanwhile belongs to it
      if (document.querySelector('dialog[open]')?.contains(target)) return;
      setOpen(false);
    };
    // Escape closes from anywhere (focus may have left the panel with a button that went), not over a dialog
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen(false);
      document.getElementById(BELL_ID)?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, setOpen]);

  if (!open) return null;
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) document.getElementById(BELL_ID)?.focus();
  };
  const data = list.data;
  return (
    <section
      id={PANEL_ID}
      ref={panel}
      className="notif-panel"
      aria-labelledby={`${PANEL_ID}-title`}
      tabIndex={-1}
    >
      <header className="notif-header">
        <h2 id={`${PANEL_ID}-title`}>Notifications</h2>
        <span className="muted">{data ? `${data.unread} unread` : ''}</span>
        {mayMark && data && data.unread > 0 ? (
          <Button small busy={markAll.busy} onClick={() => void markAll.submit({ all: true })}>
            Mark all read
          </Button>
        ) : null}
        <button type="button" className="dialog-close" aria-label="Close notifications" onClick={() => close(true)}>
          ×
        </button>
      </header>
      <FailureNotice failure={markAll.failure} />
      {list.status === 'error' ? (
        <ErrorMessage title="The notifications could not be loaded">{list.error}</ErrorMessage>
      ) : !data ? (
        <Loading label="Loading the notifications…" />
      ) : data.items.length === 0 ? (
        <EmptyState title="No notifications">Reminders, bills due, approvals waiting and failed jobs show here.</EmptyState>
      ) : (
        <ul className="notif-list" aria-label="Notifications, newest first">
          {data.items.map((n) => (
            <NotificationRow key={n.id} notification={n} timeZone={timeZone} mayMark={mayMark} onLeave={() => close(false)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NotificationRow({ notification: n, timeZone, mayMark, onLeave }: { notification: Notification; timeZone: string | undefined; mayMark: boolean; onLeave: () => void }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const mark = useActionForm('notifications.markRead');
  const unread = n.readAt === null;
  const route = isRouteId(n.route) ? navigationSelectors.routesFor(role).find((r) => r.id === n.route) : undefined;
  return (
    <li className={unread ? 'notif notif-unread' : 'notif'}>
      <div className="notif-head">
        <strong className="notif-title">
          {unread ? <span className="visually-hidden">Unread: </span> : null}
          {n.title}
        </strong>
        <time className="muted nowrap" dateTime={n.at} title={formatInstant(n.at, timeZone)}>
          {formatInstantShort(n.at, timeZone)}
        </time>
      </div>
      {n.body ? <p className="notif-body">{n.body}</p> : null}
      <div className="row">
        {route ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              if (unread && mayMark) void mark.submit({ ids: [n.id] });
              navigate(route.id);
              onLeave();
            }}
            aria-label={`${n.title}: open ${route.label}`}
          >
            Open {route.label}
          </button>
        ) : null}
        {unread && mayMark ? (
          <Button small variant="ghost" busy={mark.busy} onClick={() => void mark.submit({ ids: [n.id] })} aria-label={`Mark read: ${n.title}`}>
            Mark read
          </Button>
        ) : null}
      </div>
      <FailureNotice failure={mark.failure} />
    </li>
  );
}
