/**
 * The ops board: the first screen. Later domains add their panels (soonest run-outs,
 * cap usage, bills due) to this summary.
 */
import { calendarDateIn } from '../../../../shared/domain/time';
import { countByStatusSince, recentDecisions } from '../../governance/decisions';
import { governanceState } from '../../governance/queries';
import { zonedDayStart } from '../../governance/time';
import type { QueryHandlers } from '../../handlers';
import { listAlerts } from '../alerts/store';
import { sql } from '../../db/connection';
import { activeSessionRow, toSession } from '../sessions/store';

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
    };
  },
};
