/**
 * Governance controls: go-live, cone band, kill switch. Each change records the whole
 * governance row before and after, and a reason.
 *
 * Go-live rule (DOMAIN.md: "A new database starts with execution off; the Go-live playbook
 * turns it on"): until a Go-live run has completed once, execution is turned on only by
 * that run's last step; `setGoLive` on is refused. Turning it off is always allowed, and
 * once a Go-live run has completed, an owner or admin may turn it back on directly (a
 * pause for maintenance need not repeat the nine steps).
 */
import { EngineError } from '../../../shared/contract';
import type { ActionContext, ActionHandlers } from '../handlers';
import { raiseAlert } from '../domains/alerts/store';
import { goLiveCompleted } from '../domains/playbooks/store';
import { updateGovernance, type GovernanceRow } from './state';

function change(ctx: ActionContext, patch: Partial<GovernanceRow>): { changed: boolean } {
  const { before, after } = updateGovernance(ctx.db, patch);
  ctx.record({ entity: 'governance', entityId: 'state', before, after });
  ctx.touch('governance_state');
  return { changed: true };
}

export const governanceActions: Pick<
  ActionHandlers,
  'governance.setGoLive' | 'governance.setBand' | 'governance.engageKillSwitch' | 'governance.releaseKillSwitch'
> = {
  'governance.setGoLive'(params, ctx) {
    const { goLive, killEngaged } = ctx.governance;
    if (params.enabled && killEngaged) throw new EngineError('conflict', 'the kill switch is engaged: an owner must release it before execution can be turned on');
    if (goLive === params.enabled) throw new EngineError('conflict', `execution is already ${params.enabled ? 'on' : 'off'}`);
    if (params.enabled && !goLiveCompleted(ctx.db)) {
      throw new EngineError('conflict', 'execution is turned on by the last step of the Go-live playbook: complete a Go-live run first');
    }
    return change(ctx, { goLive: params.enabled, goLiveChangedAt: ctx.now, goLiveChangedBy: ctx.actorName });
  },

  'governance.setBand'(params, ctx) {
    const { band } = ctx.governance;
    if (band === params.band) throw new EngineError('conflict', `the band is already ${band}`);
    return change(ctx, { band: params.band, bandReason: params.reason, bandSetAt: ctx.now, bandSetBy: ctx.actorName });
  },

  'governance.engageKillSwitch'(params, ctx) {
    if (ctx.governance.killEngaged) throw new EngineError('conflict', 'the kill switch is already engaged');
    const result = change(ctx, { killEngaged: true, killReason: params.reason, killEngagedAt: ctx.now, killEngagedBy: ctx.actorName });
    raiseAlert(ctx, { severity: 'critical', kind: 'kill_switch', message: `Kill switch engaged by ${ctx.actorName}: ${params.reason}` });
    return result;
  },

  'governance.releaseKillSwitch'(params, ctx) {
    if (!ctx.governance.killEngaged) throw new EngineError('conflict', 'the kill switch is not engaged');
    const result = change(ctx, { killEngaged: false, killReason: null, killEngagedAt: null, killEngagedBy: null });
    raiseAlert(ctx, { severity: 'info', kind: 'kill_switch_released', message: `Kill switch released by ${ctx.actorName}: ${params.reason}` });
    return result;
  },
};
