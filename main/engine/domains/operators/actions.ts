/**
 * Operator profiles: create, and switch the current operator (PIN checked when set).
 */
import { EngineError } from '../../../../shared/contract';
import type { ActionHandlers } from '../../handlers';
import { writeSetting } from '../../governance/settings';
import { findOperatorByName, getOperator, insertOperator, toOperator, verifyPin } from './store';

export const operatorActions: Pick<ActionHandlers, 'operators.create' | 'operators.switch'> = {
  'operators.create'(params, ctx) {
    if (findOperatorByName(ctx.db, params.name)) throw new EngineError('conflict', `an operator named "${params.name}" already exists`);
    const op = insertOperator(ctx.db, { id: ctx.newId(), name: params.name, role: params.role, pin: params.pin, createdAt: ctx.now, createdBy: ctx.operator?.id ?? null });
    ctx.record({ entity: 'operator', entityId: op.id, before: null, after: toOperator(op) });
    ctx.touch('operators');
    return toOperator(op);
  },

  'operators.switch'(params, ctx) {
    const target = getOperator(ctx.db, params.operatorId);
    if (!target) throw new EngineError('not_found', `no operator ${params.operatorId}`);
    if (target.pinHash && (!params.pin || !verifyPin(params.pin, target.pinHash))) {
      throw new EngineError('forbidden', params.pin ? `wrong PIN for ${target.name}` : `${target.name} has a PIN: enter it to switch`);
    }
    const before = writeSetting(ctx.db, 'currentOperatorId', target.id);
    ctx.record({ entity: 'setting', entityId: 'currentOperatorId', before, after: target.id });
    ctx.touch('settings');
    return toOperator(target);
  },
};
