import { EngineError } from '../../../../shared/contract';
import type { ActionHandlers } from '../../handlers';
import { acknowledgeAlert, getAlert } from './store';

export const alertActions: Pick<ActionHandlers, 'alerts.acknowledge'> = {
  'alerts.acknowledge'(params, ctx) {
    const before = getAlert(ctx.db, params.alertId);
    if (!before) throw new EngineError('not_found', `no alert ${params.alertId}`);
    if (before.acknowledgedAt) throw new EngineError('conflict', `alert already acknowledged by ${before.acknowledgedBy} at ${before.acknowledgedAt}`);
    acknowledgeAlert(ctx.db, params.alertId, ctx.actorName, ctx.now, params.note ?? null);
    ctx.record({ entity: 'alert', entityId: params.alertId, before, after: getAlert(ctx.db, params.alertId) });
    ctx.touch('alerts');
    return { alertId: params.alertId };
  },
};
