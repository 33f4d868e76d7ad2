/**
 * Automations that earn trust (issue 16): recommendations from the daily tick, the charter
 * gate on what the automation does alone, KPI events, tripwires and their actions — through
 * the real engine on a real SQLite file.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../main/engine/types';
import { liveEngine, manualClock, must } from '../helpers/engine';

const DAY = 86_400_000;

/** Items at or below their minimum: each a forecast reorder proposal with confidence 1 (a rule). */
function lowItems(engine: Engine, names: string[]): string[] {
  return names.map((name) => {
    const item = must(engine.dispatch('inventory.createItem', { name, unit: 'pcs', minQty: 2, targetQty: 6, leadTimeDays: 2, unitCostMinor: 150 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 1, unitCostMinor: 150 }, 'execute'));
    return item.id;
  });
}

const trusted = { mode: 'auto', minConfidence: 0.5, minTrials: 3, minAcceptanceRate: 0.6, prodEnabled: true, reason: 'earned' } as const;

describe('automations: recommendations, charter, KPIs, tripwires', () => {
  it('the daily tick proposes forecast reorders as recommendations; accepting, editing and rejecting them are scored trials', async () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine, dbPath } = liveEngine({ clock });
    lowItems(engine, ['Rice', 'Flour', 'Salt', 'Sugar']);
    const tick = must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' }));
    expect(tick.result.recommended).toEqual({ forecast_reorder: 4, needs_shopping: 0 });
    // suggest mode: nothing is listed alone
    expect(tick.result.auto).toEqual([]);
    expect(must(engine.query('shopping.list', {})).count).toBe(0);
    const open = must(engine.query('recommendations.list', {}));
    expect(open.total).toBe(4);
    expect(open.openByKind).toEqual({ forecast_reorder: 4 });
    const [rice, flour, salt, sugar] = ['Rice', 'Flour', 'Salt', 'Sugar'].map((n) => open.items.find((r) => r.title.includes(n)));
    expect(rice).toMatchObject({ kind: 'forecast_reorder', action: 'shopping.add', confidence: 1, createdBy: 'system', decisionId: tick.decision.id, outcome: null });
    expect(rice?.params).toMatchObject({ name: 'Rice', qty: 5, estTotalMinor: 750 });

    // accepted as proposed: the proposed action is its own decision, made as the operator
    const accepted = must(await engine.dispatchAsync('recommendations.accept', { id: rice?.id ?? '' }, 'execute')).result;
    expect(accepted.recommendation.outcome).toBe('accepted');
    const added = must(engine.query('decisions.get', { id: accepted.actionDecisionId ?? '' }));
    expect(added).toMatchObject({ action: 'shopping.add', operatorName: 'Olga Owner', status: 'OK' });
    expect(added.gates.find((g) => g.gate === 'charter')?.reason).toMatch(/Olga Owner accepts a forecast_reorder recommendation/);
    const listed = must(engine.query('shopping.list', {})).groups.flatMap((g) => g.items);
    expect(listed).toEqual([expect.objectContaining({ name: 'Rice', source: 'low_stock', qty: 5, reason: expect.stringMatching(/at or below its minimum/) })]);
    // edited: more than proposed
    const edited = must(await engine.dispatchAsync('recommendations.accept', { id: flour?.id ?? '', params: { qty: 8 } }, 'execute')).result;
    expect(edited.recommendation).toMatchObject({ outcome: 'edited', outcomeParams: expect.objectContaining({ qty: 8 }) });
    // rejected with a reason
    const rejected = must(engine.dispatch('recommendations.reject', { id: salt?.id ?? '', reason: 'we have salt in the cellar' }, 'execute')).result;
    expect(rejected).toMatchObject({ outcome: 'rejected', outcomeReason: 'we have salt in the cellar' });

    // decided ones cannot be decided again; bad input changes nothing
    const again = await engine.dispatchAsync('recommendations.accept', { id: rice?.id ?? '' }, 'execute');
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/was accepted already/) });
    const noReason = engine.dispatch('recommendations.reject', { id: sugar?.id ?? '', reason: '' }, 'execute');
    expect(noReason.ok ? null : noReason.error.code).toBe('invalid');
    const badEdit = await engine.dispatchAsync('recommendations.accept', { id: sugar?.id ?? '', params: { qty: -3 } }, 'execute');
    expect(badEdit.ok ? null : badEdit.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/shopping.add for "Add Sugar.*" was refused: invalid params: qty/) });
    expect(must(engine.query('recommendations.list', {})).items.map((r) => r.id)).toEqual([sugar?.id]);

    const [charter] = must(engine.query('charter.list', {}));
    expect(charter).toMatchObject({ kind: 'forecast_reorder', mode: 'suggest', openRecommendations: 1 });
    expect(charter?.scorecard).toMatchObject({ trials: 3, accepted: 1, edited: 1, rejected: 1 });
    expect(charter?.scorecard.acceptanceRate).toBeCloseTo(1 / 3, 5);
    // each verdict is an acceptance KPI event of the kind
    const acceptance = must(engine.query('kpi.series', { domain: 'forecast_reorder', metric: 'acceptance' }));
    expect(acceptance.recent.map((e) => e.value).sort()).toEqual([0, 0, 1]);

    // a week later the last one expired: accepting it is refused, and the tick proposes Sugar afresh
    clock.advance(7 * DAY + 1000);
    const late = await engine.dispatchAsync('recommendations.accept', { id: sugar?.id ?? '' }, 'execute');
    expect(late.ok ? null : late.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/expired/) });
    const next = must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' })).result;
    expect(next.expired).toBe(1);
    // Salt (rejected a week ago) and Sugar (expired) are proposed again; Rice and Flour are listed
    expect(next.recommended.forecast_reorder).toBe(2);
    const db = new Database(dbPath, { readonly: true });
    // proposed 4; accepted and edited (the outcome, and the acceptance) 2 × 2; rejected 1; expired 1; proposed again 2
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE entity = 'recommendation'").get()).toEqual({ n: 4 + 4 + 1 + 1 + 2 });
    db.close();
  });

  it('auto executes only through every charter gate: a failing gate leaves a blocked decision naming it and its figures, and the recommendation', async () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine } = liveEngine({ clock });
    lowItems(engine, ['Tea', 'Coffee']);
    const bad = engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder', minAcceptanceRate: 1.2 }, 'execute');
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/minAcceptanceRate is a fraction: at most 1 \(100 %\)/) });
    const negative = engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder', minTrials: -1 }, 'execute');
    expect(negative.ok ? null : negative.error.message).toMatch(/minTrials cannot be negative/);
    expect(must(engine.query('charter.list', {}))[0]?.mode).toBe('suggest');

    // auto, but no trials yet: the tick's proposals fall back to recommendations
    must(engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder' }, 'execute'));
    const runs = await engine.scheduler.tick();
    const run = runs.find((r) => r.job === 'daily-tick');
    expect(run?.message).toMatch(/2 × shopping.add: charter forecast_reorder holds this as a recommendation: .*✗ 0 trials < 3 required/);
    const blocked = must(engine.query('decisions.list', { action: 'shopping.add', limit: 10 })).items;
    expect(blocked).toHaveLength(2);
    expect(blocked.every((d) => d.status === 'BLOCKED' && d.operatorName === 'system')).toBe(true);
    const one = must(engine.query('decisions.get', { id: blocked[0]?.id ?? '' }));
    expect(one.gates.find((g) => g.gate === 'charter')).toMatchObject({ verdict: 'block', reason: expect.stringMatching(/✓ mode is auto; ✓ prod use enabled; ✗ 0 trials < 3 required; .*✓ confidence 1.00 ≥ 0.50/) });
    expect(must(engine.query('recommendations.list', {})).total).toBe(2);
    expect(must(engine.query('shopping.list', {})).count).toBe(0);

    // three trials, two accepted as is (67 % ≥ 60 %): the next tick lists the rest alone
    lowItems(engine, ['Milk', 'Eggs', 'Butter']);
    must(engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder', mode: 'suggest' }, 'execute'));
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' }));
    const recs = must(engine.query('recommendations.list', {})).items;
    const byName = (n: string) => recs.find((r) => r.title.includes(n))?.id ?? '';
    must(await engine.dispatchAsync('recommendations.acceptMany', { ids: [byName('Milk'), byName('Eggs')] }, 'execute'));
    must(engine.dispatch('recommendations.reject', { id: byName('Butter'), reason: 'not needed' }, 'execute'));
    must(engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder' }, 'execute'));

    // with the kill switch engaged, auto is blocked with the reason, and nothing is listed
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'drill' }, 'execute'));
    const killed = await engine.scheduler.runJob('daily-tick');
    expect(killed.status).toBe('refused');
    expect(killed.message).toMatch(/kill switch engaged: drill/);
    must(engine.dispatch('governance.releaseKillSwitch', { reason: 'drill over' }, 'execute'));

    clock.advance(DAY);
    const ok = (await engine.scheduler.tick()).find((r) => r.job === 'daily-tick');
    expect(ok?.message).toMatch(/2 × shopping.add done/);
    const list = must(engine.query('shopping.list', {})).groups.flatMap((g) => g.items);
    expect(list.map((i) => i.name).sort()).toEqual(['Coffee', 'Eggs', 'Milk', 'Tea']);
    const alone = must(engine.query('decisions.list', { action: 'shopping.add', status: 'OK', limit: 10 })).items.filter((d) => d.operatorName === 'system');
    expect(alone).toHaveLength(2);
    const passed = must(engine.query('decisions.get', { id: alone[0]?.id ?? '' })).gates.find((g) => g.gate === 'charter');
    expect(passed).toMatchObject({ verdict: 'pass', reason: expect.stringMatching(/charter forecast_reorder passed: .*✓ 3 trials ≥ 3 required; ✓ acceptance 66.7 % ≥ 60 %/) });
    const decided = must(engine.query('recommendations.list', { status: 'decided', limit: 20 })).items;
    expect(decided.filter((r) => r.outcome === 'auto')).toHaveLength(2);
    // auto outcomes are not trials
    expect(must(engine.query('charter.list', {}))[0]?.scorecard).toMatchObject({ trials: 3, auto: 2 });
  });

  it('a tripwire with an empty baseline records insufficient data; a drop beyond its limit throttles auto back to suggest, alerted and audited; KILL engages the kill switch', async () => {
    const clock = manualClock('2026-12-01T06:00:00.000Z');
    const { engine, dbPath } = liveEngine({ clock });
    const policy = { domain: 'forecast', metric: 'hit_rate', baselineDays: 28, recentDays: 7, maxDropPct: 25, action: 'THROTTLE', kind: 'forecast_reorder', enabled: true } as const;
    const noKind = engine.dispatch('tripwire.setPolicy', { ...policy, kind: undefined }, 'execute');
    expect(noKind.ok ? null : noKind.error.message).toMatch(/kind: THROTTLE needs the automation kind/);
    const over = engine.dispatch('tripwire.setPolicy', { ...policy, maxDropPct: 140 }, 'execute');
    expect(over.ok ? null : over.error.code).toBe('invalid');
    // the seeded policy starts off
    expect(must(engine.query('tripwire.list', {})).find((p) => p.domain === 'forecast')).toMatchObject({ enabled: false, last: null });
    must(engine.dispatch('tripwire.setPolicy', policy, 'execute'));
    must(engine.dispatch('charter.set', { ...trusted, kind: 'forecast_reorder', minTrials: 0, minAcceptanceRate: 0 }, 'execute'));

    // nothing recorded yet: insufficient data, no action, no division by zero
    const empty = must(engine.dispatch('tripwire.evaluate', {}, 'execute')).result.evaluations[0];
    expect(empty).toMatchObject({ status: 'insufficient_data', dropPct: null, actionTaken: 'none', baselineCount: 0, recentCount: 0 });
    const future = engine.dispatch('kpi.record', { domain: 'forecast', metric: 'hit_rate', value: 1, at: '2027-01-01T00:00:00.000Z' }, 'execute');
    expect(future.ok ? null : future.error.message).toMatch(/in the future/);

    // a baseline of hits (90 %), then a recent week of misses (25 %): a 72 % drop
    const at = (daysAgo: number) => new Date(Date.parse('2026-12-01T06:00:00.000Z') - daysAgo * DAY).toISOString();
    for (let d = 10; d < 30; d++) must(engine.dispatch('kpi.record', { domain: 'forecast', metric: 'hit_rate', value: d % 10 === 0 ? 0 : 1, at: at(d) }, 'execute'));
    for (let d = 0; d < 4; d++) must(engine.dispatch('kpi.record', { domain: 'forecast', metric: 'hit_rate', value: d === 0 ? 1 : 0, at: at(d) }, 'execute'));
    const tripped = must(engine.dispatch('tripwire.evaluate', { domain: 'forecast', metric: 'hit_rate' }, 'execute')).result.evaluations[0];
    expect(tripped).toMatchObject({ status: 'tripped', baselineCount: 20, recentCount: 4, actionTaken: 'Forecast reorders throttled from auto to suggest' });
    expect(tripped?.dropPct).toBeCloseTo(72.2, 1);
    expect(must(engine.query('charter.list', {}))[0]?.mode).toBe('suggest');
    expect(must(engine.query('alerts.list', {})).find((a) => a.kind === 'tripwire')?.message).toMatch(/forecast\/hit_rate fell 72.2 %/);
    const board = must(engine.query('opsboard.summary', {}));
    expect(board.automations.tripped).toEqual([expect.objectContaining({ domain: 'forecast', metric: 'hit_rate' })]);
    expect(board.automations.auto).toEqual(['needs_shopping']);

    // resetting the baseline is audited; right after it the baseline is empty again
    must(engine.dispatch('tripwire.resetBaseline', { domain: 'forecast', metric: 'hit_rate', reason: 'new supplier' }, 'execute'));
    const fresh = must(engine.dispatch('tripwire.evaluate', {}, 'execute')).result.evaluations[0];
    expect(fresh).toMatchObject({ status: 'insufficient_data', actionTaken: 'none' });

    // KILL on acceptance: the kill switch is engaged with the figures as its reason
    for (let d = 10; d < 14; d++) must(engine.dispatch('kpi.record', { domain: 'needs_shopping', metric: 'acceptance', value: 1, at: at(d) }, 'execute'));
    must(engine.dispatch('kpi.record', { domain: 'needs_shopping', metric: 'acceptance', value: 0 }, 'execute'));
    must(engine.dispatch('tripwire.setPolicy', { domain: 'needs_shopping', metric: 'acceptance', baselineDays: 28, recentDays: 7, maxDropPct: 50, action: 'KILL', enabled: true }, 'execute'));
    const kill = must(engine.dispatch('tripwire.evaluate', { domain: 'needs_shopping', metric: 'acceptance' }, 'execute')).result.evaluations[0];
    expect(kill).toMatchObject({ status: 'tripped', dropPct: 100, actionTaken: 'kill switch engaged' });
    expect(must(engine.query('governance.state', {})).killSwitch.reason).toMatch(/^tripwire: needs_shopping\/acceptance fell 100 %/);
    expect(must(engine.query('tripwire.evaluations', { limit: 10 }))).toHaveLength(4);

    const db = new Database(dbPath, { readonly: true });
    const audited = db.prepare("SELECT entity, count(*) AS n FROM audit_events WHERE entity IN ('automation_charter', 'tripwire_policy', 'tripwire_evaluation') GROUP BY entity ORDER BY entity").all();
    expect(audited).toEqual([
      // set to auto, throttled
      { entity: 'automation_charter', n: 2 },
      { entity: 'tripwire_evaluation', n: 4 },
      // two set, one reset
      { entity: 'tripwire_policy', n: 3 },
    ]);
    db.close();
  });

  it('scores a forecast reorder as a hit when the real run-out comes within 3 days of the predicted one', async () => {
    const clock = manualClock('2026-11-01T10:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const milk = must(engine.dispatch('inventory.createItem', { name: 'Milk', unit: 'l', minQty: 0, targetQty: 30, leadTimeDays: 3, unitCostMinor: 99 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 40, unitCostMinor: 99 }, 'execute'));
    for (let d = 0; d < 12; d++) {
      clock.advance(DAY);
      must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 2 }, 'execute'));
    }
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' }));
    const [rec] = must(engine.query('recommendations.list', {})).items;
    expect(rec?.reason).toMatch(/runs out in about 8 days/);
    // consumption goes on as forecast: 2 a day until the 16 left are gone
    for (let d = 0; d < 8; d++) {
      clock.advance(DAY);
      must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 2 }, 'execute'));
    }
    const scored = must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' })).result;
    expect(scored.forecastHits).toEqual({ hits: 1, misses: 0 });
    expect(must(engine.query('kpi.series', { domain: 'forecast', metric: 'hit_rate' })).recent).toEqual([expect.objectContaining({ value: 1, source: 'engine', subject: rec?.id })]);
    // scored once
    expect(must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' })).result.forecastHits).toEqual({ hits: 0, misses: 0 });
  });

  it('refuses bad input to every automations action with a reason, and changes nothing', async () => {
    const { engine, dbPath } = liveEngine();
    const missing = '01900000-0000-7000-8000-000000000000';
    const cases: [string, Promise<{ ok: boolean; error?: { code: string; message: string } }> | { ok: boolean; error?: { code: string; message: string } }, string, RegExp][] = [
      ['accept unknown', engine.dispatchAsync('recommendations.accept', { id: missing }, 'execute'), 'not_found', /no recommendation/],
      ['accept with too many edits', engine.dispatchAsync('recommendations.accept', { id: missing, params: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, i])) }, 'execute'), 'invalid', /at most 20 fields/],
      ['acceptMany none', engine.dispatchAsync('recommendations.acceptMany', { ids: [] }, 'execute'), 'invalid', /choose at least one/],
      ['acceptMany unknown', engine.dispatchAsync('recommendations.acceptMany', { ids: [missing] }, 'execute'), 'conflict', /none was accepted: no recommendation/],
      ['rejectMany unknown', engine.dispatch('recommendations.rejectMany', { ids: [missing], reason: 'no thanks' }, 'execute'), 'conflict', /none was rejected: no recommendation/],
      ['charter unknown kind', engine.dispatch('charter.set', { ...trusted, kind: 'bill_autopay' as 'forecast_reorder' }, 'execute'), 'invalid', /kind/],
      ['charter same', engine.dispatch('charter.set', { kind: 'needs_shopping', mode: 'auto', minConfidence: 0, minTrials: 0, minAcceptanceRate: 0, prodEnabled: true, reason: 'again' }, 'execute'), 'conflict', /already set so/],
      ['kpi bad name', engine.dispatch('kpi.record', { domain: 'Forecast Hits', metric: 'hit_rate', value: 1 }, 'execute'), 'invalid', /lower-case letters/],
      ['kpi not finite', engine.dispatch('kpi.record', { domain: 'forecast', metric: 'hit_rate', value: Number.POSITIVE_INFINITY }, 'execute'), 'invalid', /value/],
      ['evaluate half', engine.dispatch('tripwire.evaluate', { domain: 'forecast' }, 'execute'), 'invalid', /give both domain and metric/],
      ['evaluate off', engine.dispatch('tripwire.evaluate', { domain: 'forecast', metric: 'hit_rate' }, 'execute'), 'conflict', /is off: enable it first/],
      ['reset unknown', engine.dispatch('tripwire.resetBaseline', { domain: 'nothing', metric: 'here', reason: 'test' }, 'execute'), 'not_found', /no tripwire for nothing\/here/],
      ['window of 0 days', engine.dispatch('tripwire.setPolicy', { domain: 'caps', metric: 'adherence', baselineDays: 0, recentDays: 7, maxDropPct: 10, action: 'ALERT', enabled: true }, 'execute'), 'invalid', /baselineDays must be at least 1/],
    ];
    for (const [name, pending, code, message] of cases) {
      const result = await pending;
      expect(result.ok, name).toBe(false);
      expect(result.error?.code, name).toBe(code);
      expect(result.error?.message, name).toMatch(message);
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT (SELECT count(*) FROM recommendations) + (SELECT count(*) FROM kpi_events) + (SELECT count(*) FROM tripwire_evaluations) AS n').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM tripwire_policies WHERE enabled = 1 OR updated_by != 'migration'").get()).toEqual({ n: 0 });
    db.close();
  });
});
