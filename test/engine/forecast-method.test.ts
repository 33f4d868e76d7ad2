import { describe, expect, it } from 'vitest';
import { backtest } from '../../main/engine/domains/forecast/backtest';
import { demandState, forecastOf, HALF_LIFE_DAYS, rateAt } from '../../main/engine/domains/forecast/method';

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
