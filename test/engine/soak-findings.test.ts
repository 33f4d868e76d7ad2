/**
 * Failures the soak (`npm run soak`) found, kept as regression tests (issue 18).
 */
import { describe, expect, it } from 'vitest';
import { forecastOf, MAX_RUN_OUT_DAYS } from '../../main/engine/domains/forecast/method';
import { dayNumber } from '../../shared/domain/time';
import { liveEngine, manualClock, must } from '../helpers/engine';

describe('found by the soak (its year and its long fuzz run)', () => {
  it('an item whose use stopped long ago has no run-out date instead of one past what a Date holds', () => {
    const asOf = dayNumber('2011-04-27');
    const lastUse = asOf - 2_000;
    const state = { num: 5, den: 1, day: lastUse, demandDays: 3, firstDemandDay: lastUse - 20, lastDemandDay: lastUse, weeklyMean: 1, weeklySd: 1, historyWeeks: 3 };
    const forecast = forecastOf({ ...state, onHand: 1_000 }, { minQty: 0, targetQty: 0, leadTimeDays: 7, shelfLifeDays: null }, asOf);
    expect(forecast.burnRatePerDay).toBeGreaterThanOrEqual(0);
    expect(forecast.daysLeft).toBeGreaterThan(MAX_RUN_OUT_DAYS);
    expect(forecast.runOutDate).toBeNull();
    // within a century the date is still given
    const recent = forecastOf({ ...state, day: asOf, lastDemandDay: asOf, onHand: 10 }, { minQty: 0, targetQty: 0, leadTimeDays: 7, shelfLifeDays: null }, asOf);
    expect(recent.runOutDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('inventory.items answers for an item used once, years before today', () => {
    const clock = manualClock('2011-01-05T10:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const item = must(engine.dispatch('inventory.createItem', { name: 'Lantern' }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 100_000 }, 'execute'));
    must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    clock.set('2016-06-01T10:00:00.000Z');
    const listed = must(engine.query('inventory.items', {}));
    const row = listed.items.find((i) => i.id === item.id);
    expect(row?.forecast.runOutDate ?? null).toBeNull();
  });

  it('shopping.generateFromInventory lists an item whose order would cost more than a safe integer of minor units, capped, needing approval (it failed on the INTEGER column)', () => {
    const { engine } = liveEngine();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Gold bars', minQty: 1, targetQty: 1e9, unitCostMinor: 1e12 }, 'execute')).result;
    const planned = engine.dispatch('shopping.generateFromInventory', {}, 'plan');
    expect(planned.ok).toBe(true);
    must(engine.dispatch('shopping.generateFromInventory', {}, 'execute'));
    const list = must(engine.query('shopping.list', {}));
    const listed = list.groups.flatMap((g) => g.items).find((i) => i.itemId === item.id);
    expect(listed?.estTotalMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(listed?.bigTicket).toBe(true);
    expect(Number.isSafeInteger(list.estTotalMinor)).toBe(true);
  });

  it('sessions.start snapshots stock worth more than 2^63 minor units, capped (SQLite sum() raised "integer overflow")', () => {
    const { engine } = liveEngine();
    for (const name of ['Gold bars', 'Platinum bars']) {
      const item = must(engine.dispatch('inventory.createItem', { name, unitCostMinor: Number.MAX_SAFE_INTEGER }, 'execute')).result;
      must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 1e6 }, 'execute'));
    }
    const planned = engine.dispatch('sessions.start', {}, 'plan');
    expect(planned.ok).toBe(true);
    const session = must(engine.dispatch('sessions.start', {}, 'execute')).result;
    expect(session.snapshot.stockValueMinor).toBe(Number.MAX_SAFE_INTEGER);
  });
});

