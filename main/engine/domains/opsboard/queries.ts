/**
 * The ops board: the first screen: governance state, alerts grouped by kind, the shopping
 * list, bills due within 7 days or overdue, notifications unread, recent decisions.
 */
import { calendarDateIn, dayNumber, dayToDate } from '../../../../shared/domain/time';
import { alertGroups } from '../alerts/groups';
import { unreadCount } from '../notifications/notifications';
import { scheduleQueries } from '../schedule/schedule';
import { shoppingSummary } from '../shopping/shopping';
import { countByStatusSince, recentDecisions } from '../../governance/decisions';
import { governanceState } from '../../governance/queries';
import { zonedDayStart } from '../../governance/time';
import type { QueryHandlers } from '../../handlers';
import { listAlerts } from '../alerts/store';
import { sql } from '../../db/connection';
import { activeSessionRow, toSession } from '../sessions/store';
import { expiringLots } from '../inventory/queries';
import { automationsSummary } from '../automations/kpi';

/** The ops board's "Expiring soon": lots within this many days, and how many it lists. */
export const EXPIRING_SOON_DAYS = 7;
const EXPIRING_SOON_SHOWN = 5;

export const opsboardQueries: Pick<QueryHandlers, 'opsboard.summary'> = {
  'opsboard.summary': (_p, ctx) => {
    const timeZone = ctx.settings.timeZone ?? 'UTC';
    const today = calendarDateIn(ctx.clock.now(), timeZone);
    return {
      state: governanceState(ctx),
      recentDecisions: recentDecisions(ctx.db, 10),
      openAlerts: listAlerts(ctx.db, 'open', 20),
      decisionsToday: countByStatusSince(ctx.db, zonedDayStart(today, timeZone)),
      activeSession: (() => {
        const row = activeSessionRow(ctx.db);
        return row ? toSession(ctx.db, row) : null;
      })(),
      pendingApprovals: (sql(ctx.db, "SELECT count(*) AS n FROM approvals WHERE status = 'pending'").get() as { n: number }).n,
      alertGroups: alertGroups(ctx.db),
      shopping: shoppingSummary(ctx.db),
      billsDue: scheduleQueries['bills.list']({ includeArchived: false }, ctx).bills.filter(
        (b) => b.status === 'overdue' || b.status === 'due' || (b.nextDue !== null && b.nextDue <= dayToDate(dayNumber(today) + 7)),
      ),
      unreadNotifications: unreadCount(ctx.db),
      expiringSoon: expiringLots(ctx.db, dayNumber(today), EXPIRING_SOON_DAYS, EXPIRING_SOON_SHOWN),
      automations: automationsSummary(ctx.db),
    };
  },
};
