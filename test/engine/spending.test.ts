import { describe, expect, it } from 'vitest';

import type { Engine } from '../../main/engine/types';
import { liveEngine, manualClock, must, refusal } from '../helpers/engine';

/** A live household with an owner (Olga), an approver (Ann) and a buyer (Bob). */
function household(options: Parameters<typeof liveEngine>[0] = {}) {
  const opened = liveEngine(options);
  const { engine } = opened;
  const ann = must(engine.dispatch('operators.create', { name: 'Ann', role: 'approver' }, 'execute')).result;
  const bob = must(engine.dispatch('operators.create', { name: 'Bob', role: 'buyer' }, 'execute')).result;
  return { ...opened, ann, bob, as: { ann: { operatorId: ann.id }, bob: { operatorId: bob.id } } };
}

/** Drafts a purchase request as `who` and brings it to ASSESSED. */
function assessed(engine: Engine, who: { operatorId: string }, amountMinor: number, category = 'Kitchen') {
  const p = must(engine.dispatch('purchases.create', { title: `Purchase of ${amountMinor}`, amountMinor, category, notes: 'quote attached' }, 'execute', who)).result;
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', who));
  return must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', who)).result;
}

describe('a 260.00 purchase in band B', () => {
  it('is held for approval, approved by another operator, executed once, and the caps show it', () => {
    const { engine, as, ann } = household();
    const request = assessed(engine, as.bob, 26000);
    expect(request).toMatchObject({ status: 'ASSESSED', riskBucket: 'YELLOW' });
    expect(request.approvalId).not.toBeNull();

    // executing before approval is held, and retrying does not make a second request
    const held = refusal(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob));
    expect(held.code).toBe('pending_approval');
    expect(held.message).toMatch(/needs approval: €260.00 is at or above band B's approval threshold of €200.00/);
    expect((held.details?.decision as { status: string; riskBucket: string }).status).toBe('PENDING_APPROVAL');
    refusal(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob));
    expect(must(engine.query('approvals.list', { status: 'pending' }))).toHaveLength(1);
    expect(must(engine.query('opsboard.summary', {})).pendingApprovals).toBe(1);

    // the requester may not approve its own request
    expect(refusal(engine.dispatch('approvals.decide', { approvalId: request.approvalId ?? '', decision: 'approve' }, 'execute', as.bob)).code).toBe('forbidden');
    const approved = must(engine.dispatch('approvals.decide', { approvalId: request.approvalId ?? '', decision: 'approve', note: 'worth it' }, 'execute', as.ann)).result;
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'Ann', selfApproved: false });
    expect(must(engine.query('purchases.get', { id: request.id })).status).toBe('APPROVED');
    expect(refusal(engine.dispatch('approvals.decide', { approvalId: request.approvalId ?? '', decision: 'deny' }, 'execute', as.ann)).message).toMatch(/decided already/);

    const executed = must(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob));
    expect(executed.result.status).toBe('EXECUTED');
    expect(executed.decision).toMatchObject({ status: 'OK', riskBucket: 'YELLOW' });
    expect(executed.decision.gates.find((g) => g.gate === 'approval')?.reason).toMatch(/approved by Ann/);
    // KPIs: the approval's turnaround (hours), and a spend settled within its caps
    expect(must(engine.query('kpi.series', { domain: 'approvals', metric: 'turnaround_hours' })).recent).toEqual([expect.objectContaining({ subject: request.approvalId, source: 'engine' })]);
    expect(must(engine.query('kpi.series', { domain: 'caps', metric: 'adherence' })).recent.map((e) => e.value)).toEqual([1]);
    expect(must(engine.query('approvals.get', { id: request.approvalId ?? '' }))).toMatchObject({ status: 'used', usedByDecisionId: executed.decision.id });
    // its history holds the refused attempts too: Bob deciding his own request, Ann deciding twice
    const history = must(engine.query('approvals.get', { id: request.approvalId ?? '' })).decisions.map((d) => [d.action, d.status, d.operatorName]);
    expect(history).toEqual(
      expect.arrayContaining([
        ['approvals.decide', 'BLOCKED', 'Bob'],
        ['approvals.decide', 'OK', 'Ann'],
        ['approvals.decide', 'ERROR', 'Ann'],
      ]),
    );
    expect(history.filter(([action]) => action === 'approvals.decide')).toHaveLength(3);

    // executed once: a second execution is refused, the approval is not used twice
    expect(refusal(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob)).code).not.toBe('ok');
    const global = must(engine.query('caps.usage', {})).scopes.find((s) => s.scope === 'GLOBAL');
    expect(global).toMatchObject({ spentMinor: 26000, count: 1 });
    const audit = must(engine.query('audit.list', { decisionId: executed.decision.id, limit: 20 })).items.map((e) => e.entity);
    expect(audit).toEqual(expect.arrayContaining(['cap_usage', 'approval', 'purchase', 'decision']));
    expect(ann.role).toBe('approver');
  });

  it('is blocked in band D when the band allows no such category, and beyond a cap, with the reason', () => {
    const { engine, as } = household();
    must(engine.dispatch('governance.setBandPolicy', { band: 'D', approvalThresholdMinor: null, allowedCategories: ['Groceries'], reason: 'freeze: food only' }, 'execute'));
    must(engine.dispatch('governance.setBand', { band: 'D', reason: 'cash crisis' }, 'execute'));
    const frozen = assessed(engine, as.bob, 26000);
    expect(frozen.riskBucket).toBe('RED');
    expect(frozen.history.at(-1)?.note).toMatch(/band D \(freeze\) does not allow spending on "Kitchen"/);
    expect(refusal(engine.dispatch('purchases.advance', { id: frozen.id, to: 'APPROVED' }, 'execute', as.ann)).message).toMatch(/only an owner can approve it, with an override reason/);

    must(engine.dispatch('governance.setBand', { band: 'B', reason: 'crisis over' }, 'execute'));
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 20000, dailyCountCap: 10, dailyLossCapMinor: 25000, reason: 'tight week' }, 'execute'));
    const big = assessed(engine, as.bob, 26000);
    expect(big.riskBucket).toBe('RED');
    const blocked = refusal(engine.dispatch('purchases.execute', { id: big.id }, 'execute', as.bob));
    expect(blocked.code).toBe('blocked');
    expect(blocked.message).toMatch(/would break the GLOBAL daily spend cap: €0.00 used \+ €260.00 > €200.00/);
    expect(must(engine.query('caps.usage', {})).scopes[0]).toMatchObject({ spentMinor: 0, count: 0 });
    // the refusal is a cap-adherence miss, a KPI a tripwire may watch
    expect(must(engine.query('kpi.series', { domain: 'caps', metric: 'adherence' })).recent).toEqual([expect.objectContaining({ value: 0, source: 'engine' })]);
  });
});

describe('approvals', () => {
  it('are bound to action, target, params and ceiling: another target or a larger amount does not match', () => {
    const { engine, as } = household();
    const a = must(engine.dispatch('purchases.create', { title: 'Chair', amountMinor: 30000, category: 'Home', notes: 'n' }, 'execute', as.bob)).result;
    const b = must(engine.dispatch('purchases.create', { title: 'Desk', amountMinor: 30000, category: 'Home', notes: 'n' }, 'execute', as.bob)).result;
    const approval = must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: a.id }, title: 'Chair' }, 'execute', as.bob)).result;
    must(engine.dispatch('approvals.decide', { approvalId: approval.id, decision: 'approve' }, 'execute', as.ann));
    const other = must(engine.query('governance.assess', { action: 'purchases.execute', params: { id: b.id } }));
    expect(other).toMatchObject({ wouldBe: 'PENDING_APPROVAL', matchingApprovalId: null, riskBucket: 'YELLOW' });
    const larger = must(engine.query('governance.assess', { action: 'purchases.execute', params: { id: a.id, actualAmountMinor: 30001 } }));
    expect(larger.matchingApprovalId).toBeNull();
    const same = must(engine.query('governance.assess', { action: 'purchases.execute', params: { id: a.id, actualAmountMinor: 29000 } }));
    expect(same.matchingApprovalId).toBe(approval.id);
  });

  it('expire after seven days and can no longer be decided or used', () => {
    const clock = manualClock('2026-11-21T09:00:00.000Z');
    const { engine, as } = household({ clock });
    const request = assessed(engine, as.bob, 26000);
    clock.advance(8 * 86_400_000);
    expect(must(engine.query('governance.state', {})).health.reasons.map((r) => r.code)).toContain('approvals_overdue');
    expect(refusal(engine.dispatch('approvals.decide', { approvalId: request.approvalId ?? '', decision: 'approve' }, 'execute', as.ann)).message).toMatch(/expired/);
    const swept = must(engine.dispatch('approvals.expire', {}, 'execute')).result;
    expect(swept.expired).toEqual([request.approvalId]);
    expect(must(engine.query('approvals.get', { id: request.approvalId ?? '' })).status).toBe('expired');
    expect(must(engine.query('governance.state', {})).health.reasons.map((r) => r.code)).not.toContain('approvals_overdue');
    expect(refusal(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob)).code).toBe('pending_approval');
  });

  it('an owner in single-operator mode may approve its own request, recorded as self-approved', () => {
    const { engine } = liveEngine();
    const p = must(engine.dispatch('purchases.create', { title: 'Bike', amountMinor: 40000, category: 'Transport', notes: 'n' }, 'execute')).result;
    const approval = must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: p.id }, title: 'Bike' }, 'execute')).result;
    expect(refusal(engine.dispatch('approvals.decide', { approvalId: approval.id, decision: 'approve' }, 'execute')).message).toMatch(/separation of duties/);
  });

  it('refuses a request for something that is not a spend, or with bad params', () => {
    const { engine } = household();
    expect(refusal(engine.dispatch('approvals.request', { action: 'governance.setBand', params: { band: 'A', reason: 'xxx' }, title: 't' }, 'execute')).message).toMatch(/not a spending action/);
    const bad = refusal(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: 'nope' }, title: 't' }, 'execute'));
    expect(bad.code).toBe('invalid');
    expect(bad.details?.issues?.[0]?.path).toEqual(['params', 'id']);
  });
});

describe('purchase requests', () => {
  it('move only along the state machine, each step audited', () => {
    const { engine, as } = household();
    const p = must(engine.dispatch('purchases.create', { title: 'Kettle', amountMinor: 4500, category: 'Kitchen' }, 'execute', as.bob)).result;
    expect(refusal(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', as.bob)).message).toMatch(/attach a quote or notes/);
    expect(refusal(engine.dispatch('purchases.advance', { id: p.id, to: 'EXECUTED' as never }, 'execute', as.bob)).code).toBe('invalid');
    expect(refusal(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', as.bob)).message).toMatch(/cannot go from DRAFT to ASSESSED/);
    must(engine.dispatch('purchases.update', { id: p.id, quote: 'Shop X: 45.00' }, 'execute', as.bob));
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', as.bob));
    const assessedRequest = must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', as.bob)).result;
    expect(assessedRequest).toMatchObject({ riskBucket: 'GREEN', approvalId: null });
    expect(refusal(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', as.bob)).message).toMatch(/may not approve its own/);
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', as.ann));
    const done = must(engine.dispatch('purchases.execute', { id: p.id }, 'execute', as.bob)).result;
    expect(done.history.map((h) => h.to)).toEqual(['DRAFT', 'READY', 'ASSESSED', 'APPROVED', 'EXECUTED']);
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'ARCHIVED' }, 'execute', as.bob));
  });

  it('a denied approval rejects the request; a revision goes back to the requester', () => {
    const { engine, as } = household();
    const r = assessed(engine, as.bob, 30000);
    must(engine.dispatch('approvals.decide', { approvalId: r.approvalId ?? '', decision: 'deny', note: 'too expensive' }, 'execute', as.ann));
    expect(must(engine.query('purchases.get', { id: r.id }))).toMatchObject({ status: 'REJECTED' });
  });

  it('executing stocks the linked item at the unit cost of the purchase', () => {
    const { engine, as } = household();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Coffee beans', unit: 'kg' }, 'execute')).result;
    const p = must(engine.dispatch('purchases.create', { title: 'Beans', amountMinor: 4800, category: 'Groceries', itemId: item.id, qty: 3, notes: 'n' }, 'execute', as.bob)).result;
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', as.bob));
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', as.bob));
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', as.ann));
    must(engine.dispatch('purchases.execute', { id: p.id }, 'execute', as.bob));
    const journal = must(engine.query('inventory.journal', { itemId: item.id })).items;
    expect(journal[0]).toMatchObject({ kind: 'purchase', qty: 3, unitCostMinor: 1600, sourceRef: `purchase:${p.id}` });
  });

  it('rejects bad input: zero or negative amounts, unknown items, a quantity without an item', () => {
    const { engine, as } = household();
    for (const amountMinor of [0, -500, 12.5]) {
      expect(refusal(engine.dispatch('purchases.create', { title: 't', amountMinor, category: 'x' }, 'execute', as.bob)).code).toBe('invalid');
    }
    expect(refusal(engine.dispatch('purchases.create', { title: 't', amountMinor: 100, category: 'x', qty: 2 }, 'execute', as.bob)).code).toBe('invalid');
    expect(refusal(engine.dispatch('purchases.create', { title: 't', amountMinor: 100, category: 'x', itemId: '01a1fd67-0ff4-737c-b220-a6f01922403b', qty: 1 }, 'execute', as.bob)).code).toBe('not_found');
    expect(refusal(engine.dispatch('purchases.execute', { id: '01a1fd67-0ff4-737c-b220-a6f01922403b' }, 'execute', as.bob)).code).toBe('not_found');
  });
});

describe('spend caps', () => {
  it('count GLOBAL and the category; warn at 80/90/100 %; an owner override raises today’s cap, audited', () => {
    const { engine, as } = household();
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 10000, dailyCountCap: null, dailyLossCapMinor: null, reason: 'test caps' }, 'execute'));
    must(engine.dispatch('caps.setPolicy', { scope: 'Kitchen', dailySpendCapMinor: 9000, dailyCountCap: 5, dailyLossCapMinor: null, reason: 'test caps' }, 'execute'));
    const spend = (amount: number) => {
      const r = assessed(engine, as.bob, amount);
      must(engine.dispatch('purchases.advance', { id: r.id, to: 'APPROVED' }, 'execute', as.ann));
      return engine.dispatch('purchases.execute', { id: r.id }, 'execute', as.bob);
    };
    must(spend(7000));
    const second = spend(1500);
    expect(must(second).decision.gates.find((g) => g.gate === 'caps')?.verdict).toBe('warn');
    expect(must(second).decision.riskBucket).toBe('YELLOW');
    const kinds = must(engine.query('alerts.list', { status: 'open' })).map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['cap_80', 'cap_90']));
    const third = assessed(engine, as.bob, 1000);
    expect(third.riskBucket).toBe('RED');
    expect(third.history.at(-1)?.note).toMatch(/would break the Kitchen daily spend cap/);
    expect(refusal(engine.dispatch('caps.override', { scope: 'Kitchen', extraMinor: 5000, reason: 'party' }, 'execute', as.ann)).code).toBe('forbidden');
    must(engine.dispatch('caps.override', { scope: 'Kitchen', extraMinor: 5000, reason: 'birthday party' }, 'execute'));
    expect(assessed(engine, as.bob, 1000).history.at(-1)?.note).toMatch(/^YELLOW/);
    expect(assessed(engine, as.bob, 2000).history.at(-1)?.note).toMatch(/would break the GLOBAL daily spend cap/);
    const usage = must(engine.query('caps.usage', {})).scopes;
    expect(usage.find((s) => s.scope === 'Kitchen')).toMatchObject({ spentMinor: 8500, overrideMinor: 5000, count: 2 });
  });

  it('a failed spend releases its reservation', () => {
    const { engine, as } = household();
    const r = assessed(engine, as.bob, 5000);
    must(engine.dispatch('purchases.advance', { id: r.id, to: 'APPROVED' }, 'execute', as.ann));
    must(engine.dispatch('purchases.execute', { id: r.id }, 'execute', as.bob));
    // executing again fails in the handler (not APPROVED): nothing stays reserved or spent twice
    refusal(engine.dispatch('purchases.execute', { id: r.id }, 'execute', as.bob));
    const global = must(engine.query('caps.usage', {})).scopes[0];
    expect(global).toMatchObject({ spentMinor: 5000, count: 1 });
  });

  it('plan mode computes the spend, reservation and settlement, then rolls everything back', () => {
    const { engine, as } = household();
    const r = assessed(engine, as.bob, 5000);
    must(engine.dispatch('purchases.advance', { id: r.id, to: 'APPROVED' }, 'execute', as.ann));
    const plan = must(engine.dispatch('purchases.execute', { id: r.id }, 'plan', as.bob));
    expect(plan.result.status).toBe('EXECUTED');
    expect(must(engine.query('purchases.get', { id: r.id })).status).toBe('APPROVED');
    expect(must(engine.query('caps.usage', {})).scopes[0]).toMatchObject({ spentMinor: 0, count: 0 });
  });
});

describe('band policy and the suggested band', () => {
  it('thresholds are editable by an owner only, audited with the reason', () => {
    const { engine, as } = household();
    expect(refusal(engine.dispatch('governance.setBandPolicy', { band: 'B', approvalThresholdMinor: 10000, allowedCategories: null, reason: 'stricter' }, 'execute', as.ann)).code).toBe('forbidden');
    const changed = must(engine.dispatch('governance.setBandPolicy', { band: 'B', approvalThresholdMinor: 10000, allowedCategories: null, reason: 'stricter' }, 'execute'));
    expect(changed.result).toMatchObject({ band: 'B', approvalThresholdMinor: 10000 });
    const event = must(engine.query('audit.list', { decisionId: changed.decision.id, limit: 5 })).items.find((e) => e.entity === 'band_policy');
    expect(event?.before).toMatchObject({ approvalThresholdMinor: 20000 });
    expect(event?.after).toMatchObject({ approvalThresholdMinor: 10000, reason: 'stricter' });
    expect(must(engine.query('governance.bandPolicies', {})).bands.map((b) => b.approvalThresholdMinor)).toEqual([50000, 10000, 5000, null]);
  });

  it('an owner sets the minimum band of an action; the band gate then refuses it in a stricter band', () => {
    const { engine, as } = household();
    const request = assessed(engine, as.bob, 4000);
    must(engine.dispatch('purchases.advance', { id: request.id, to: 'APPROVED' }, 'execute', as.ann));
    expect(refusal(engine.dispatch('governance.setActionMinBand', { action: 'purchases.execute', band: 'C', reason: 'no purchases in a freeze' }, 'execute', as.ann)).code).toBe('forbidden');
    expect(refusal(engine.dispatch('governance.setActionMinBand', { action: 'nope.nothing', band: 'C', reason: 'typo' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('governance.setActionMinBand', { action: 'governance.engageKillSwitch', band: 'A', reason: 'never' }, 'execute')).message).toMatch(/runs in every band/);
    must(engine.dispatch('governance.setActionMinBand', { action: 'purchases.execute', band: 'C', reason: 'no purchases in a freeze' }, 'execute'));
    expect(must(engine.query('governance.bandPolicies', {})).actionMinBands).toEqual([{ action: 'purchases.execute', band: 'C', source: 'owner' }]);
    must(engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze' }, 'execute'));
    const blocked = refusal(engine.dispatch('purchases.execute', { id: request.id }, 'execute', as.bob));
    expect(blocked.message).toMatch(/band D \(freeze\) is below this action's minimum band C/);
    must(engine.dispatch('governance.setActionMinBand', { action: 'purchases.execute', band: null, reason: 'lifted' }, 'execute'));
    expect(must(engine.query('governance.bandPolicies', {})).actionMinBands).toEqual([]);
  });

  it('health turns yellow when the suggested band differs from the band (suggestion from a test double: the ledger does not exist yet)', () => {
    const { engine } = liveEngine({ suggestedBand: { suggest: () => ({ band: 'C', reason: 'runway 40 days' }) } });
    const state = must(engine.query('governance.state', {}));
    expect(state.health.reasons.find((r) => r.code === 'suggested_band')?.message).toMatch(/suggested band C differs from band B: runway 40 days/);
    expect(must(engine.query('governance.bandPolicies', {}))).toMatchObject({ suggestedBand: 'C' });
  });
});
