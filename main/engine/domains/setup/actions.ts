/**
 * First-run onboarding: the owner profile, currency and time zone, in one decision.
 */
import type { ActionHandlers } from '../../handlers';
import { writeSetting } from '../../governance/settings';
import { insertOperator, toOperator } from '../operators/store';

export const setupActions: Pick<ActionHandlers, 'setup.initialize'> = {
  'setup.initialize'(params, ctx) {
    const owner = insertOperator(ctx.db, { id: ctx.newId(), name: params.ownerName, role: 'owner', pin: params.pin, createdAt: ctx.now, createdBy: null });
    ctx.record({ entity: 'operator', entityId: owner.id, before: null, after: toOperator(owner) });
    for (const [name, value] of [
      ['currency', params.currency],
      ['timeZone', params.timeZone],
      ['currentOperatorId', owner.id],
    ] as const) {
      const before = writeSetting(ctx.db, name, value);
      ctx.record({ entity: 'setting', entityId: name, before, after: value });
    }
    ctx.touch('operators', 'settings');
    return { owner: toOperator(owner) };
  },
};
