/**
 * The notification centre (DOMAIN.md "Alerts, notifications"): the newest notifications
 * with the unread count (`notifications.list`), and whether the panel is open. Loaded when
 * the console's frame is shown (the bell's count is on every screen) and refetched on
 * `db.changed` naming `notifications`.
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type NotificationList = QueryOutput<'notifications.list'>;

export interface NotificationsState {
  notifications: Loadable<NotificationList>;
  notificationsOpen: boolean;
}

export interface NotificationsActions {
  loadNotifications(): Promise<void>;
  setNotificationsOpen(open: boolean): void;
  /** Refetches the list when loaded and `tables` (from `db.changed`) name `notifications` (always with none). */
  refreshNotifications(tables?: readonly string[]): Promise<void>;
}

export type NotificationsSlice = NotificationsState & NotificationsActions;

/** How many notifications the panel lists. */
export const NOTIFICATIONS_SHOWN = 50;

export const notificationsInitialState: NotificationsState = { notifications: idle(), notificationsOpen: false };

/** The notifications slice over `api`. */
export function createNotificationsSlice(api: ValhallaApi): SliceCreator<NotificationsSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      if (get().notifications.status !== 'idle' && (tables === null || tables.has('notifications'))) await get().loadNotifications();
    });
    return {
      ...notificationsInitialState,

      async loadNotifications() {
        set({ notifications: loading(get().notifications) });
        set({ notifications: settled(await api.query('notifications.list', { limit: NOTIFICATIONS_SHOWN })) });
      },

      setNotificationsOpen(open) {
        set({ notificationsOpen: open });
        if (open) void get().loadNotifications();
      },

      refreshNotifications(tables) {
        return refresh(tables);
      },
    };
  };
}

export const notificationsSelectors = {
  /** The unread count: the list's, else the ops board's, else 0. */
  unread: (s: AppState): number => s.notifications.data?.unread ?? s.summary.data?.unreadNotifications ?? 0,
};
