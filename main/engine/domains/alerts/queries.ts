import type { QueryHandlers } from '../../handlers';
import { listAlerts } from './store';

export const alertQueries: Pick<QueryHandlers, 'alerts.list'> = {
  'alerts.list': (p, ctx) => listAlerts(ctx.db, p.status),
};
