import { describe, expect, it } from 'vitest';

import { liveEngine, manualClock, must, refusal } from '../helpers/engine';

function stocked(options: Parameters<typeof liveEngine>[0] = {}) {
  const opened = liveEngine(options);
  const { engine } = opened;
  const pantry = must(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute')).result;
  const cellar = must(engine.dispatch('inventory.createLocation', { name: 'Cellar' }, 'execute')).result;
  const rice = must(
    engine.dispatch('inventory.createItem', { name: 'Rice', unit: 'kg', category: 'Dry goods', locationId: pantry.id, minQty: 2, targetQty: 10, leadTimeDays: 3 }, 'execute'),
  ).result;
  must(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'purchase', qty: 8, unitCostMinor: 249 }, 'execute'));
  return { ...opened, pantry, cellar, rice };
}

const onHand = (engine: ReturnType<typeof liveEngine>['engine'], id: string) => must(engine.query('inventory.item', { id })).forecast.onHand;

describe('items and locations', () => {
  it('creates an item with its fields and an empty forecast; SKU and barcode are unique when present', () => {
    const { engine } = liveEngine();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Oat milk', sku: 'OAT-1', barcode: '4001234567890', unit: 'l', shelfLifeDays: 10 }, 'execute')).result;
    expect(item).toMatchObject({ name: 'Oat milk', sku: 'OAT-1', unit: 'l', minQty: 0, leadTimeDays: 7, shelfLifeDays: 10, archivedAt: null });
    expect(must(engine.query('inventory.item', { id: item.id })).forecast).toMatchObject({ onHand: 0, burnRatePerDay: 0, daysLeft: null, confidence: 'none' });
    expect(refusal(engine.dispatch('inventory.createItem', { name: 'Other', sku: 'OAT-1' }, 'execute')).message).toMatch(/SKU OAT-1 is already used by "Oat milk"/);
    expect(refusal(engine.dispatch('inventory.createItem', { name: 'Other', barcode: '4001234567890' }, 'execute')).code).toBe('conflict');
    // two items without SKU are fine
    must(engine.dispatch('inventory.createItem', { name: 'Loose tea' }, 'execute'));
    must(engine.dispatch('inventory.createItem', { name: 'Loose coffee' }, 'execute'));
  });

  it('rejects bad item input with field paths and changes nothing', () => {
    const { engine } = liveEngine();
    const bad = refusal(engine.dispatch('inventory.createItem', { name: '', minQty: -1, leadTimeDays: 2.5, unitCostMinor: 1.99, shelfLifeDays: 0 }, 'execute'));
    expect(bad.code).toBe('invalid');
    expect(bad.details?.issues?.map((i) => i.path[0]).sort()).toEqual(['leadTimeDays', 'minQty', 'name', 'shelfLifeDays', 'unitCostMinor']);
    expect(refusal(engine.dispatch('inventory.createItem', { name: 'X', locationId: '01a1fd67-0ff4-737c-b220-a6f01922403b' }, 'execute')).code).toBe('not_found');
    expect(must(engine.query('inventory.items', {})).total).toBe(0);
  });

  it('updates only the fields given, audited with before and after; archiving hides the item from lists', () => {
    const { engine, rice } = stocked();
    const updated = must(engine.dispatch('inventory.updateItem', { id: rice.id, minQty: 3, category: null }, 'execute'));
    expect(updated.result).toMatchObject({ minQty: 3, category: null, name: 'Rice' });
    const event = must(engine.query('audit.list', { decisionId: updated.decision.id, limit: 10 })).items.find((e) => e.entity === 'item');
    expect(event?.before).toMatchObject({ minQty: 2, category: 'Dry goods' });
    expect(event?.after).toMatchObject({ minQty: 3, category: null });
    expect(refusal(engine.dispatch('inventory.updateItem', { id: rice.id, minQty: 3 }, 'execute')).message).toMatch(/nothing to change/);
    must(engine.dispatch('inventory.archiveItem', { id: rice.id, reason: 'no longer bought' }, 'execute'));
    expect(must(engine.query('inventory.items', {})).total).toBe(0);
    expect(must(engine.query('inventory.items', { status: 'archived' })).total).toBe(1);
    expect(refusal(engine.dispatch('inventory.consume', { itemId: rice.id }, 'execute')).message).toMatch(/archived/);
  });

  it('a location holding stock cannot be archived until it is moved out', () => {
    const { engine, pantry, cellar, rice } = stocked();
    expect(refusal(engine.dispatch('inventory.archiveLocation', { id: pantry.id }, 'execute')).message).toMatch(/still holds stock of 1 item/);
    must(engine.dispatch('inventory.transfer', { itemId: rice.id, qty: 8, fromLocationId: pantry.id, toLocationId: cellar.id }, 'execute'));
    must(engine.dispatch('inventory.archiveLocation', { id: pantry.id }, 'execute'));
    expect(must(engine.query('inventory.locations', {})).map((l) => l.name)).toEqual(['Cellar']);
    expect(refusal(engine.dispatch('inventory.createLocation', { name: 'cellar' }, 'execute')).code).toBe('conflict');
  });
});

describe('the stock journal', () => {
  it('derives on-hand from entries and audits each with the on-hand before and after', () => {
    const { engine, rice } = stocked();
    const consumed = must(engine.dispatch('inventory.consume', { itemId: rice.id, qty: 1.5 }, 'execute'));
    expect(consumed.result.onHand).toBe(6.5);
    expect(consumed.result.entries[0]).toMatchObject({ kind: 'consume', qty: -1.5, source: 'manual' });
    const events = must(engine.query('audit.list', { decisionId: consumed.decision.id, limit: 10 })).items;
    expect(events.find((e) => e.entity === 'item_stock')).toMatchObject({ before: { onHand: 8 }, after: { onHand: 6.5 } });
    expect(events.find((e) => e.entity === 'stock_entry')?.after).toMatchObject({ kind: 'consume', qty: -1.5 });
    expect(onHand(engine, rice.id)).toBe(6.5);
  });

  it('consume defaults to one; consuming more than on hand is refused and changes nothing', () => {
    const { engine, rice } = stocked();
    expect(must(engine.dispatch('inventory.consume', { itemId: rice.id }, 'execute')).result.onHand).toBe(7);
    const refused = refusal(engine.dispatch('inventory.consume', { itemId: rice.id, qty: 7.5 }, 'execute'));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/only 7 on hand — count it with an adjustment/);
    expect(onHand(engine, rice.id)).toBe(7);
  });

  it('rejects negative, zero, non-numeric and over-precise quantities, and unknown items', () => {
    const { engine, rice } = stocked();
    for (const qty of [-1, 0, 'two', 1.23456, Number.POSITIVE_INFINITY]) {
      expect(refusal(engine.dispatch('inventory.consume', { itemId: rice.id, qty }, 'execute')).code).toBe('invalid');
    }
    expect(refusal(engine.dispatch('inventory.consume', { itemId: '01a1fd67-0ff4-737c-b220-a6f01922403b' }, 'execute')).code).toBe('not_found');
    expect(refusal(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'steal', qty: 1 }, 'execute')).code).toBe('invalid');
    expect(onHand(engine, rice.id)).toBe(8);
  });

  it('"out of" sets on-hand to zero and logs the rest as consumed', () => {
    const { engine, rice } = stocked();
    const out = must(engine.dispatch('inventory.outOf', { itemId: rice.id }, 'execute')).result;
    expect(out.onHand).toBe(0);
    expect(out.entries[0]).toMatchObject({ kind: 'consume', qty: -8 });
    expect(refusal(engine.dispatch('inventory.outOf', { itemId: rice.id }, 'execute')).message).toMatch(/already out/);
  });

  it('a stock count sets on-hand to what was counted, with the reason in the entry', () => {
    const { engine, rice } = stocked();
    const counted = must(engine.dispatch('inventory.adjust', { itemId: rice.id, countedQty: 5, reason: 'monthly count' }, 'execute')).result;
    expect(counted.onHand).toBe(5);
    expect(counted.entries[0]).toMatchObject({ kind: 'adjust', qty: -3 });
    expect(counted.entries[0]?.note).toMatch(/stock count 5 \(was 8\): monthly count/);
    expect(refusal(engine.dispatch('inventory.adjust', { itemId: rice.id, countedQty: 5, reason: '' }, 'execute')).code).toBe('invalid');
  });

  it('transfer moves stock between locations without changing the total', () => {
    const { engine, pantry, cellar, rice } = stocked();
    must(engine.dispatch('inventory.transfer', { itemId: rice.id, qty: 3, fromLocationId: pantry.id, toLocationId: cellar.id }, 'execute'));
    const item = must(engine.query('inventory.item', { id: rice.id }));
    expect(item.forecast.onHand).toBe(8);
    expect(item.byLocation.map((l) => [l.locationName, l.onHand])).toEqual([
      ['Cellar', 3],
      ['Pantry', 5],
    ]);
    expect(refusal(engine.dispatch('inventory.transfer', { itemId: rice.id, qty: 4, fromLocationId: cellar.id, toLocationId: pantry.id }, 'execute')).message).toMatch(/only 3 on hand/);
    expect(refusal(engine.dispatch('inventory.transfer', { itemId: rice.id, qty: 1, fromLocationId: cellar.id, toLocationId: cellar.id }, 'execute')).code).toBe('invalid');
  });

  it('undo writes a compensating entry, once; the original stays', () => {
    const { engine, rice } = stocked();
    const consumed = must(engine.dispatch('inventory.consume', { itemId: rice.id, qty: 2 }, 'execute')).result.entries[0];
    const undone = must(engine.dispatch('inventory.undoEntry', { seq: consumed?.seq ?? 0, reason: 'logged by mistake' }, 'execute')).result;
    expect(undone.onHand).toBe(8);
    expect(undone.entries[0]).toMatchObject({ kind: 'consume', qty: 2, reversesSeq: consumed?.seq });
    const journal = must(engine.query('inventory.journal', { itemId: rice.id })).items;
    expect(journal.find((e) => e.seq === consumed?.seq)?.reversedBySeq).toBe(undone.entries[0]?.seq);
    expect(refusal(engine.dispatch('inventory.undoEntry', { seq: consumed?.seq ?? 0, reason: 'again' }, 'execute')).message).toMatch(/already undone/);
    expect(refusal(engine.dispatch('inventory.undoEntry', { seq: undone.entries[0]?.seq ?? 0, reason: 'undo the undo' }, 'execute')).message).toMatch(/itself an undo/);
    expect(refusal(engine.dispatch('inventory.undoEntry', { seq: 999999, reason: 'nothing' }, 'execute')).code).toBe('not_found');
  });

  it('stock moves are prod actions: blocked while execution is off', () => {
    const { engine, rice } = stocked();
    must(engine.dispatch('governance.setGoLive', { enabled: false, reason: 'maintenance' }, 'execute'));
    expect(refusal(engine.dispatch('inventory.consume', { itemId: rice.id }, 'execute')).code).toBe('blocked');
    expect(onHand(engine, rice.id)).toBe(8);
  });

  it('checks thresholds centrally after every decrease: one low-stock alert while it is open', () => {
    const { engine, rice } = stocked();
    must(engine.dispatch('inventory.consume', { itemId: rice.id, qty: 6 }, 'execute'));
    must(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'spoil', qty: 1 }, 'execute'));
    const alerts = must(engine.query('alerts.list', { status: 'open' })).filter((a) => a.kind === 'low_stock');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ entity: 'item', entityId: rice.id, severity: 'warning' });
    expect(alerts[0]?.message).toMatch(/Rice is at or below its minimum: 2 kg on hand, minimum 2/);
  });

  it('refuses a movement dated in the future', () => {
    const { engine, rice } = stocked();
    expect(refusal(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'sale', qty: 1, occurredAt: '2030-01-01T00:00:00.000Z' }, 'execute')).code).toBe('invalid');
  });
});

describe('forecasts from the journal', () => {
  it('burn rate, days left, run-out date and reorder point follow daily use; the rollup lists the soonest first', () => {
    const clock = manualClock('2026-09-01T08:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const make = (name: string, perDay: number, stock: number) => {
      const item = must(engine.dispatch('inventory.createItem', { name, leadTimeDays: 2 }, 'execute')).result;
      must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: stock }, 'execute'));
      return { item, perDay };
    };
    const fast = make('Milk', 2, 1000);
    const slow = make('Salt', 0.25, 200);
    for (let day = 0; day < 70; day++) {
      clock.set(new Date(Date.parse('2026-09-01T08:00:00.000Z') + day * 86_400_000).toISOString());
      must(engine.dispatch('inventory.consume', { itemId: fast.item.id, qty: fast.perDay }, 'execute'));
      if (day % 4 === 0) must(engine.dispatch('inventory.consume', { itemId: slow.item.id, qty: 1 }, 'execute'));
    }
    const milk = must(engine.query('forecast.item', { itemId: fast.item.id }));
    expect(milk.burnRatePerDay).toBeCloseTo(2, 2);
    expect(milk.onHand).toBe(860);
    expect(milk.daysLeft).toBeCloseTo(430, 0);
    expect(milk.confidence).toBe('high');
    expect(milk.reorderPoint).toBeCloseTo(2 * (2 + 7), 1);
    const salt = must(engine.query('forecast.item', { itemId: slow.item.id }));
    expect(salt.burnRatePerDay).toBeGreaterThan(0.15);
    expect(salt.burnRatePerDay).toBeLessThan(0.35);
    const rollup = must(engine.query('forecast.rollup', { limit: 5, windowDays: 3650 })).items.map((i) => i.name);
    expect(rollup).toEqual(['Milk', 'Salt']);
    expect(must(engine.query('forecast.rollup', { limit: 5, windowDays: 100 })).items).toHaveLength(0);
  });

  it('the rate decays as days pass without use', () => {
    const clock = manualClock('2026-09-01T08:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const item = must(engine.dispatch('inventory.createItem', { name: 'Coffee' }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 100 }, 'execute'));
    for (let day = 0; day < 30; day++) {
      clock.set(new Date(Date.parse('2026-09-01T08:00:00.000Z') + day * 86_400_000).toISOString());
      must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    }
    const before = must(engine.query('forecast.item', { itemId: item.id })).burnRatePerDay;
    clock.advance(10 * 86_400_000);
    const after = must(engine.query('forecast.item', { itemId: item.id })).burnRatePerDay;
    expect(before).toBeCloseTo(1, 2);
    expect(after).toBeLessThan(before * 0.6);
    expect(after).toBeGreaterThan(before * 0.4);
  });

  it('warns of waste when stock will expire before the burn rate uses it', () => {
    const clock = manualClock('2026-09-01T08:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const item = must(engine.dispatch('inventory.createItem', { name: 'Yoghurt', shelfLifeDays: 5 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 30 }, 'execute'));
    for (let day = 0; day < 14; day++) {
      clock.set(new Date(Date.parse('2026-09-01T08:00:00.000Z') + day * 86_400_000).toISOString());
      must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    }
    const forecast = must(engine.query('forecast.item', { itemId: item.id }));
    expect(forecast.waste?.qty).toBeCloseTo(16 - 5 * forecast.burnRatePerDay, 0);
    expect(forecast.waste?.message).toMatch(/will expire before use/);
  });

  it('history gives daily on-hand and demand, and a projection down to zero', () => {
    const clock = manualClock('2026-09-01T08:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const item = must(engine.dispatch('inventory.createItem', { name: 'Bread' }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 20 }, 'execute'));
    for (let day = 0; day < 10; day++) {
      clock.set(new Date(Date.parse('2026-09-01T08:00:00.000Z') + day * 86_400_000).toISOString());
      must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 1 }, 'execute'));
    }
    const h = must(engine.query('forecast.history', { itemId: item.id, days: 14 }));
    expect(h.history).toHaveLength(14);
    expect(h.history.at(-1)).toMatchObject({ onHand: 10, demand: 1 });
    expect(h.history.map((d) => d.onHand).filter((q) => q > 0)[0]).toBe(19);
    expect(h.projection[0]?.onHand).toBe(10);
    expect(h.projection.at(-1)?.onHand).toBe(0);
  });
});
