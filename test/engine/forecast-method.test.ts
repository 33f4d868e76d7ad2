import { describe, expect, it } from 'vitest';
import { backtest } from '../../main/engine/domains/forecast/backtest';
import { demandState, forecastOf, HALF_LIFE_DAYS, rateAt, YOUNG_ITEM_DAYS } from '../../main/engine/domains/forecast/method';
import { liveEngine, manualClock, must } from '../helpers/engine';

const steady = (days: number, perDay: number) => new Map(Array.from({ length: days }, (_, d) => [d, perDay]));
const planning = { minQty: 0, targetQty: 0, leadTimeDays: 3, shelfLifeDays: null };

describe('the trimmed EWMA burn rate', () => {
  it('equals a steady daily demand', () => {
    const state = demandState(steady(60, 4), 0, 59);
    expect(rateAt(state, 59)).toBeCloseTo(4, 6);
  });

  it('ignores the two largest days in the trim window when there are more demand days', () => {
    const demand = steady(60, 2);
    demand.set(50, 500);
    demand.set(55, 300);
    expect(rateAt(demandState(demand, 0, 59), 59)).toBeCloseTo(2, 6);
    // with only two demand days, nothing is trimmed: rare use still has a rate
    const rare = new Map([
      [10, 3],
      [40, 3],
    ]);
    expect(rateAt(demandState(rare, 10, 59), 59)).toBeGreaterThan(0);
  });

  it('halves the weight of a day every half-life', () => {
    const single = new Map([[0, 10]]);
    const state = demandState(single, 0, 0);
    const later = rateAt(state, HALF_LIFE_DAYS);
    const muchLater = rateAt(state, 2 * HALF_LIFE_DAYS);
    expect(later / muchLater).toBeGreaterThan(1.9);
  });

  it('gives days left, run-out date and a reorder point with safety stock for variable demand', () => {
    const variable = new Map(Array.from({ length: 70 }, (_, d) => [d, d % 7 === 0 ? 7 : 0.5]));
    const f = forecastOf({ ...demandState(variable, 0, 69), onHand: 30 }, planning, 69);
    expect(f.burnRatePerDay).toBeGreaterThan(0.5);
    expect(f.daysLeft).toBeCloseTo(30 / f.burnRatePerDay, 0);
    expect(f.reorderPoint).toBeGreaterThanOrEqual(Math.round(f.burnRatePerDay * 10 * 1000) / 1000);
    expect(f.runOutDate).toBe(new Date((69 + Math.floor(f.daysLeft ?? 0)) * 86_400_000).toISOString().slice(0, 10));
  });
});

describe('young items (issue 13, item 7)', () => {
  const milk = { minQty: 0, targetQty: 8, leadTimeDays: 7, shelfLifeDays: null };
  const young = (onHand: number) => forecastOf({ ...demandState(new Map([[0, 2]]), 0, 0), onHand }, milk, 0);

  it('caps the order of an item with two consumes on its first day at its target, and says so', () => {
    const full = young(8);
    expect(full.burnRatePerDay).toBe(2);
    expect(full.suggestedOrderQty).toBe(0);
    const low = young(3);
    expect(low.suggestedOrderQty).toBe(5);
    expect(low.onHand + low.suggestedOrderQty).toBeLessThanOrEqual(milk.targetQty);
    expect(low.basis).toBe('1 day of history: low confidence; order capped at your target of 8');
  });

  it('keeps the cap through day 13 and lifts it on day 14, when the rate may order past the target', () => {
    const daily = (days: number) => forecastOf({ ...demandState(steady(days, 2), 0, days - 1), onHand: 8 }, milk, days - 1);
    const last = daily(YOUNG_ITEM_DAYS - 1);
    expect(last.suggestedOrderQty).toBe(0);
    expect(last.basis).toMatch(/^13 days of history: low confidence; .*target/);
    const grown = daily(YOUNG_ITEM_DAYS);
    expect(grown.suggestedOrderQty).toBeGreaterThan(milk.targetQty);
    expect(grown.basis).toBe('14 days of history, 14 demand days: trimmed EWMA');
  });

  it('without a target, orders a young item up to its minimum, and with neither not at all', () => {
    const state = { ...demandState(new Map([[0, 2]]), 0, 1), onHand: 1 };
    const toMin = forecastOf(state, { ...milk, targetQty: 0, minQty: 2.5 }, 1);
    expect(toMin.suggestedOrderQty).toBe(2);
    expect(toMin.basis).toBe('2 days of history: low confidence; order capped at your minimum of 2.5');
    const none = forecastOf(state, { ...milk, targetQty: 0 }, 1);
    expect(none.reorderPoint).toBeGreaterThan(1);
    expect(none.suggestedOrderQty).toBe(0);
    expect(none.basis).toMatch(/no order suggested before 14 days without a target or minimum/);
  });

  it('says when there is no demand history at all', () => {
    const empty = demandState(new Map(), null, 10);
    const f = forecastOf({ ...empty, onHand: 0 }, milk, 10);
    expect(f).toMatchObject({ confidence: 'none', suggestedOrderQty: 8, basis: 'no demand history yet' });
    expect(forecastOf({ ...empty, onHand: 3 }, planning, 10).basis).toBe('no demand history yet');
  });

  it('through the engine: two "Consume 1" clicks a second apart do not order past the target', () => {
    const clock = manualClock('2026-09-01T08:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const item = must(engine.dispatch('inventory.createItem', { name: 'Oat milk', unit: 'l', targetQty: 8 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 10 }, 'execute'));
    must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    clock.advance(1000);
    must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    const f = must(engine.query('forecast.item', { itemId: item.id }));
    expect(f).toMatchObject({ onHand: 8, burnRatePerDay: 2, suggestedOrderQty: 0 });
    expect(f.basis).toMatch(/^1 day of history: .*target of 8$/);
    must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 5 }, 'execute'));
    const low = must(engine.query('inventory.item', { id: item.id })).forecast;
    expect(low.onHand).toBe(3);
    expect(low.suggestedOrderQty).toBe(5);
  });
});

describe('rolling-origin backtest', () => {
  it('scores a perfect steady series at zero error for every method', () => {
    const r = backtest([{ firstDemandDay: 0, demand: new Float64Array(200).fill(3) }], 0, 199);
    expect(r.method.wape).toBeCloseTo(0, 6);
    expect(r.trailing90.wape).toBeCloseTo(0, 6);
    expect(r.trailing28.bias).toBeCloseTo(0, 6);
    expect(r.itemsScored).toBe(12);
  });

  it('favours the trimmed rate when rare bulk days would mislead the averages', () => {
    const demand = new Float64Array(200).fill(2);
    for (let d = 5; d < 200; d += 40) demand[d] = 400;
    const r = backtest([{ firstDemandDay: 0, demand }], 0, 199, { origins: 8 });
    expect(r.method.wape).toBeLessThan(r.trailing28.wape);
    expect(r.method.wape).toBeLessThan(r.trailing90.wape);
  });
});
