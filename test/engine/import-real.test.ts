/**
 * The UCI Online Retail year (541,909 invoice lines of a real UK shop), imported through
 * the real engine: the figures its SOURCE.txt gives must come out of the import.
 */
import { describe, expect, it } from 'vitest';
import { backtest } from '../../main/engine/domains/forecast/backtest';
import { demandSeries, readSalesFile } from '../../main/engine/domains/inventory/sales-file';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import { liveEngine, manualClock, must } from '../helpers/engine';

describe.skipIf(!hasDataset(ONLINE_RETAIL))('the real shop’s year of sales', () => {
  it('imports every row as an entry, a skip with a reason or a duplicate, and forecasts real run-outs', async () => {
    const clock = manualClock('2026-11-21T12:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const staged = await engine.files.putPath(ONLINE_RETAIL);
    const summary = must(
      await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, fileName: 'online_retail.csv.gz', opening: { mode: 'coverDays', days: 30 }, shiftToToday: true }, 'execute'),
    ).result;
    expect(summary.rows).toBe(541_909);
    expect(summary.duplicates.count).toBe(5_268);
    const skipped = Object.fromEntries(summary.skipped.map((s) => [s.reason, s.count]));
    expect(skipped['bad-debt adjustment (A… invoice)']).toBe(3);
    // every row is accounted for exactly once
    const entries = summary.sales + summary.returns + summary.adjustments + summary.spoilage;
    expect(entries + summary.duplicates.count + summary.skipped.reduce((a, s) => a + s.count, 0)).toBe(summary.rows);
    expect(summary.itemsCreated).toBe(4_037);
    expect(summary.lastDay).toBe('2026-11-21');

    const items = must(engine.query('inventory.items', {}));
    expect(items.total).toBe(4_037);
    const heart = items.items.find((i) => i.sku === '85123A');
    expect(heart?.name).toBe('CREAM HANGING HEART T-LIGHT HOLDER');
    expect(heart?.forecast.burnRatePerDay).toBeGreaterThan(10);
    const soon = must(engine.query('forecast.rollup', { limit: 10, windowDays: 30 })).items;
    expect(soon).toHaveLength(10);
    for (let i = 1; i < soon.length; i++) expect(soon[i]?.forecast.daysLeft ?? 0).toBeGreaterThanOrEqual(soon[i - 1]?.forecast.daysLeft ?? 0);
    // thresholds are checked after the import as after any decrease: items running out within their lead time raise a reorder alert
    const reorders = must(engine.query('alerts.list', { status: 'open' })).filter((a) => a.kind === 'reorder');
    expect(reorders.length).toBeGreaterThan(0);
    expect(reorders[0]?.message).toMatch(/runs out in about \d+ days .*within its 7-day lead time: reorder \d+ pcs/);
    expect(must(engine.query('audit.verify', {})).ok).toBe(true);

    // the household week on the real shop: the due jobs fill the shopping list from the forecasts, once
    const runs = await engine.scheduler.tick();
    const tick = runs.find((r) => r.job === 'daily-tick');
    expect(tick?.status).toBe('ok');
    const list = must(engine.query('shopping.list', { limit: 5000 }));
    const listed = list.groups.flatMap((g) => g.items);
    expect(listed.length).toBeGreaterThan(100);
    const itemIds = listed.map((i) => i.itemId);
    expect(new Set(itemIds).size).toBe(itemIds.length);
    // every item with an open reorder alert that suggests an order is on the list
    const onList = new Set(itemIds);
    expect(reorders.filter((a) => /: reorder \d/.test(a.message) && !onList.has(a.entityId)).map((a) => a.message)).toEqual([]);
    // big-ticket items (≥ band B's 200.00) wait for approval
    const big = listed.filter((i) => i.bigTicket);
    expect(big.length).toBeGreaterThan(0);
    expect(big.every((i) => i.approvalStatus === 'pending')).toBe(true);
    // a second tick right after adds nothing
    const again = must(engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' })).result;
    expect(again).toMatchObject({ inventoryAdded: 0, needsAdded: 0, approvalsRequested: 0 });
    expect(must(engine.query('shopping.list', { limit: 5000 })).count).toBe(listed.length);
    // the ops board shows the run-outs as one group, not one row per item
    const group = must(engine.query('opsboard.summary', {})).alertGroups.find((g) => g.kind === 'reorder');
    expect(group).toMatchObject({ count: reorders.length, route: 'shopping' });
  }, 180_000);

  it('the forecast beats both trailing averages by 8 % in a rolling-origin backtest, on the reported and on the earlier weeks', async () => {
    const plan = await readSalesFile(ONLINE_RETAIL);
    const { series, firstDay, lastDay } = demandSeries(plan);
    const r = backtest(series, firstDay, lastDay);
    expect(r.itemsScored).toBe(45_550);
    expect(r.method.wape).toBeLessThan(0.92 * Math.min(r.trailing28.wape, r.trailing90.wape));
    // the 24 weeks before: out of the sample the parameters were chosen on
    const earlier = backtest(series, firstDay, lastDay, { origins: 24, skipWeeks: 12 });
    expect(earlier.method.wape).toBeLessThan(0.92 * Math.min(earlier.trailing28.wape, earlier.trailing90.wape));
  }, 120_000);
});
