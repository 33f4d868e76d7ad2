import type { QueryHandlers } from '../../handlers';
import { countOperators, listOperators, toOperator } from './store';

export const operatorQueries: Pick<QueryHandlers, 'operators.list' | 'setup.status'> = {
  'operators.list': (_p, ctx) => listOperators(ctx.db).map(toOperator),
  'setup.status': (_p, ctx) => ({
    initialized: countOperators(ctx.db) > 0,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
  }),
};
