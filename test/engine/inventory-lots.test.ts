/**
 * Issue 15, Grocy's basics: lots with best-before dates consumed oldest first (FEFO),
 * "expiring within N days", backdated purchases and consumption, barcodes, and the unit
 * cost as a weighted average of purchases. Real engine on SQLite.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { applyPragmas } from '../../main/engine/db/connection';
import { migrate } from '../../main/engine/db/migrate';
import { MIGRATIONS } from '../../main/engine/db/migrations';
import { migration014 } from '../../main/engine/db/migrations/014_stock_lots';
import { movingAverageCost } from '../../main/engine/domains/inventory/cost';
import { liveEngine, manualClock, must, refusal, tempDir } from '../helpers/engine';

type Engine = ReturnType<typeof liveEngine>['engine'];

function withMilk(options: Parameters<typeof liveEngine>[0] = {}) {
  const opened = liveEngine(options);
  const milk = must(opened.engine.dispatch('inventory.createItem', { name: 'Milk', unit: 'l' }, 'execute')).result;
  return { ...opened, milk };
}

const detail = (engine: Engine, id: string) => must(engine.query('inventory.item', { id }));
const buy = (engine: Engine, itemId: string, qty: number, extra: Record<string, unknown> = {}) =>
  must(engine.dispatch('inventory.record', { itemId, kind: 'purchase', qty, ...extra }, 'execute'));
const auditOf = (engine: Engine, decisionId: string) => must(engine.query('audit.list', { decisionId, limit: 20 })).items;
const journalCount = (engine: Engine, itemId: string) => must(engine.query('inventory.journal', { itemId, limit: 500 })).items.length;

describe('lots and best-before (FEFO)', () => {
  it('keeps one lot per purchase and consumes the earliest best-before first, undated last, ties by purchase time', () => {
    const { engine, milk } = withMilk();
    buy(engine, milk.id, 2); // undated
    buy(engine, milk.id, 3, { bestBefore: '2026-12-10' });
    buy(engine, milk.id, 1, { bestBefore: '2026-11-25' });
    buy(engine, milk.id, 2, { bestBefore: '2026-12-10' }); // same date, bought later
    expect(detail(engine, milk.id).lots.map((l) => [l.bestBefore, l.remaining])).toEqual([
      ['2026-11-25', 1],
      ['2026-12-10', 3],
      ['2026-12-10', 2],
      [null, 2],
    ]);
    must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 2.5 }, 'execute'));
    // 1 from the lot of 25 Nov, 1.5 from the first lot of 10 Dec
    expect(detail(engine, milk.id).lots.map((l) => [l.bestBefore, l.remaining])).toEqual([
      ['2026-12-10', 1.5],
      ['2026-12-10', 2],
      [null, 2],
    ]);
    const out = must(engine.dispatch('inventory.outOf', { itemId: milk.id }, 'execute'));
    expect(out.result.onHand).toBe(0);
    expect(detail(engine, milk.id).lots).toEqual([]);
  });

  it('undoing a consumption puts the stock back into the lots it came from; undoing a purchase takes its own lot', () => {
    const { engine, milk } = withMilk();
    buy(engine, milk.id, 2, { bestBefore: '2026-11-24' });
    const later = buy(engine, milk.id, 4, { bestBefore: '2026-12-01' });
    const used = must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 3 }, 'execute'));
    expect(detail(engine, milk.id).lots.map((l) => l.remaining)).toEqual([3]);
    must(engine.dispatch('inventory.undoEntry', { seq: used.result.entries[0]!.seq, reason: 'undone from the toast' }, 'execute'));
    expect(detail(engine, milk.id).lots.map((l) => [l.bestBefore, l.remaining])).toEqual([
      ['2026-11-24', 2],
      ['2026-12-01', 4],
    ]);
    must(engine.dispatch('inventory.undoEntry', { seq: later.result.entries[0]!.seq, reason: 'bought by mistake' }, 'execute'));
    expect(detail(engine, milk.id).lots.map((l) => [l.bestBefore, l.remaining])).toEqual([['2026-11-24', 2]]);
    expect(detail(engine, milk.id).forecast.onHand).toBe(2);
  });

  it('a count up opens an undated lot; a count down and transfers keep lots equal to on-hand', () => {
    const { engine, milk } = withMilk();
    const cellar = must(engine.dispatch('inventory.createLocation', { name: 'Cellar' }, 'execute')).result;
    buy(engine, milk.id, 2, { bestBefore: '2026-11-30' });
    must(engine.dispatch('inventory.adjust', { itemId: milk.id, countedQty: 5, reason: 'found more in the cellar' }, 'execute'));
    must(engine.dispatch('inventory.transfer', { itemId: milk.id, qty: 1, fromLocationId: null, toLocationId: cellar.id }, 'execute'));
    expect(detail(engine, milk.id).lots.map((l) => [l.bestBefore, l.remaining])).toEqual([
      ['2026-11-30', 2],
      [null, 3],
    ]);
    must(engine.dispatch('inventory.adjust', { itemId: milk.id, countedQty: 1, reason: 'recount' }, 'execute'));
    const lots = detail(engine, milk.id).lots;
    expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(1);
    expect(lots[0]).toMatchObject({ bestBefore: null, remaining: 1 });
  });

  it('the journal entry of a purchase carries its best-before date', () => {
    const { engine, milk } = withMilk();
    const bought = buy(engine, milk.id, 1, { bestBefore: '2026-11-28' });
    expect(bought.result.entries[0]).toMatchObject({ kind: 'purchase', bestBefore: '2026-11-28' });
    expect(must(engine.query('inventory.journal', { itemId: milk.id })).items[0]?.bestBefore).toBe('2026-11-28');
  });

  it('refuses a best-before before the purchase day and on an outflow, naming the field, and changes nothing', () => {
    const { engine, milk } = withMilk();
    buy(engine, milk.id, 1);
    const early = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, bestBefore: '2026-11-20' }, 'execute'));
    expect(early.code).toBe('invalid');
    expect(early.details?.issues).toEqual([{ path: ['bestBefore'], message: 'must not be before the day it was bought (2026-11-21)' }]);
    const backdated = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, occurredOn: '2026-11-10', bestBefore: '2026-11-09' }, 'execute'));
    expect(backdated.details?.issues?.[0]).toMatchObject({ path: ['bestBefore'], message: expect.stringContaining('2026-11-10') });
    const sale = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'sale', qty: 1, bestBefore: '2026-12-01' }, 'execute'));
    expect(sale.details?.issues?.[0]?.path).toEqual(['bestBefore']);
    const malformed = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, bestBefore: '2026-02-30' }, 'execute'));
    expect(malformed.code).toBe('invalid');
    expect(malformed.details?.issues?.[0]?.path).toEqual(['bestBefore']);
    expect(journalCount(engine, milk.id)).toBe(1);
    expect(detail(engine, milk.id).forecast.onHand).toBe(1);
  });
});

describe('expiring within N days', () => {
  it('lists lots expiring within the window or expired, soonest first, with days left in the household day', () => {
    // 23:30 UTC is already 22 November in Berlin
    const clock = manualClock('2026-11-21T23:30:00.000Z');
    const { engine, milk } = withMilk({ clock });
    const eggs = must(engine.dispatch('inventory.createItem', { name: 'Eggs' }, 'execute')).result;
    buy(engine, milk.id, 1, { bestBefore: '2026-11-22', occurredOn: '2026-11-20' });
    buy(engine, eggs.id, 6, { bestBefore: '2026-11-29' });
    buy(engine, eggs.id, 6, { bestBefore: '2026-12-01' });
    buy(engine, milk.id, 2); // undated: never expiring
    clock.set('2026-11-23T09:00:00.000Z');
    const week = must(engine.query('inventory.expiring', {}));
    expect(week).toMatchObject({ asOf: '2026-11-23', withinDays: 7, total: 2, expired: 1 });
    expect(week.lots.map((l) => [l.name, l.bestBefore, l.daysLeft, l.expired])).toEqual([
      ['Milk', '2026-11-22', -1, true],
      ['Eggs', '2026-11-29', 6, false],
    ]);
    expect(must(engine.query('inventory.expiring', { withinDays: 0 })).lots.map((l) => l.name)).toEqual(['Milk']);
    expect(must(engine.query('inventory.expiring', { withinDays: 30 })).total).toBe(3);
    // consumed stock leaves the list (FEFO took the expired milk first)
    must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 1 }, 'execute'));
    expect(must(engine.query('inventory.expiring', {})).lots.map((l) => l.name)).toEqual(['Eggs']);
    // the ops board has it too
    const board = must(engine.query('opsboard.summary', {}));
    expect(board.expiringSoon).toMatchObject({ withinDays: 7, total: 1, expired: 0 });
    expect(board.expiringSoon.lots[0]).toMatchObject({ name: 'Eggs', daysLeft: 6, remaining: 6 });
  });

  it('refuses a negative or fractional window', () => {
    const { engine } = withMilk();
    expect(refusal(engine.query('inventory.expiring', { withinDays: -1 })).details?.issues?.[0]?.path).toEqual(['withinDays']);
    expect(refusal(engine.query('inventory.expiring', { withinDays: 1.5 })).code).toBe('invalid');
  });
});

describe('backdating purchases and consumption', () => {
  it('records a backdated purchase and consumption on the given day, audited as backdated; the forecast uses the day', () => {
    const { engine, milk } = withMilk();
    const bought = buy(engine, milk.id, 10, { occurredOn: '2026-11-01' });
    expect(bought.result.entries[0]).toMatchObject({ occurredOn: '2026-11-01' });
    expect(auditOf(engine, bought.decision.id).find((e) => e.entity === 'stock_entry')?.after).toMatchObject({ backdated: 'backdated to 2026-11-01' });
    const used = must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 2, occurredOn: '2026-11-14' }, 'execute'));
    expect(used.result.entries[0]).toMatchObject({ occurredOn: '2026-11-14', qty: -2 });
    expect(auditOf(engine, used.decision.id).find((e) => e.entity === 'stock_entry')?.after).toMatchObject({ backdated: 'backdated to 2026-11-14' });
    expect(must(engine.query('forecast.item', { itemId: milk.id })).lastDemandOn).toBe('2026-11-14');
    const history = must(engine.query('forecast.history', { itemId: milk.id, days: 30 })).history;
    expect(history.find((d) => d.day === '2026-11-14')).toMatchObject({ demand: 2, onHand: 8 });
    expect(history.find((d) => d.day === '2026-10-31')).toMatchObject({ onHand: 0 });
    // today is not backdated
    const today = must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 1, occurredOn: '2026-11-21' }, 'execute'));
    expect(auditOf(engine, today.decision.id).find((e) => e.entity === 'stock_entry')?.after).not.toHaveProperty('backdated');
  });

  it('refuses a day in the future in the household time zone, more than 5 years back, or malformed, and changes nothing', () => {
    // 2026-11-21T22:30Z is 23:30 in Berlin: 22 November is still the future there
    const clock = manualClock('2026-11-21T22:30:00.000Z');
    const { engine, milk } = withMilk({ clock });
    buy(engine, milk.id, 3);
    const future = refusal(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 1, occurredOn: '2026-11-22' }, 'execute'));
    expect(future.code).toBe('invalid');
    expect(future.details?.issues).toEqual([{ path: ['occurredOn'], message: 'must not be in the future (today is 2026-11-21)' }]);
    const old = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, occurredOn: '2021-11-20' }, 'execute'));
    expect(old.details?.issues?.[0]).toMatchObject({ path: ['occurredOn'], message: expect.stringMatching(/at most 5 years back/) });
    must(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, occurredOn: '2021-11-21' }, 'execute'));
    const malformed = refusal(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 1, occurredOn: '21.11.2026' }, 'execute'));
    expect(malformed.details?.issues?.[0]?.path).toEqual(['occurredOn']);
    const both = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, occurredOn: '2026-11-20', occurredAt: '2026-11-20T10:00:00.000Z' }, 'execute'));
    expect(both.details?.issues?.[0]?.path).toEqual(['occurredOn']);
    // several problems at once: each field named
    const many = refusal(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 1, occurredOn: '2026-11-30', bestBefore: '2026-11-01' }, 'execute'));
    expect(many.details?.issues?.map((i) => i.path[0])).toEqual(['occurredOn', 'bestBefore']);
    expect(journalCount(engine, milk.id)).toBe(2);
    expect(detail(engine, milk.id).forecast.onHand).toBe(4);
  });
});

describe('barcodes', () => {
  it('finds the active item by barcode, comparing GTINs without leading zeros; none gives null', () => {
    const { engine } = withMilk();
    const oats = must(engine.dispatch('inventory.createItem', { name: 'Oats', barcode: '04001234567892' }, 'execute')).result;
    expect(must(engine.query('inventory.byBarcode', { code: '4001234567892' })).item?.id).toBe(oats.id);
    expect(must(engine.query('inventory.byBarcode', { code: '04001234567892' })).item?.name).toBe('Oats');
    expect(must(engine.query('inventory.byBarcode', { code: '12345670' })).item).toBeNull();
    expect(refusal(engine.query('inventory.byBarcode', { code: '' })).details?.issues?.[0]?.path).toEqual(['code']);
  });

  it('keeps barcodes unique among active items (as GTINs); an archived item’s barcode may be reused', () => {
    const { engine } = withMilk();
    const oats = must(engine.dispatch('inventory.createItem', { name: 'Oats', barcode: '0012345678905' }, 'execute')).result;
    const taken = refusal(engine.dispatch('inventory.createItem', { name: 'Other oats', barcode: '012345678905' }, 'execute'));
    expect(taken.code).toBe('conflict');
    expect(taken.message).toMatch(/barcode 012345678905 is already used by "Oats"/);
    expect(taken.details?.issues?.[0]?.path).toEqual(['barcode']);
    const rice = must(engine.dispatch('inventory.createItem', { name: 'Rice' }, 'execute')).result;
    expect(refusal(engine.dispatch('inventory.updateItem', { id: rice.id, barcode: '12345678905' }, 'execute')).code).toBe('conflict');
    must(engine.dispatch('inventory.archiveItem', { id: oats.id }, 'execute'));
    const again = must(engine.dispatch('inventory.updateItem', { id: rice.id, barcode: '0012345678905' }, 'execute')).result;
    expect(again.barcode).toBe('0012345678905');
    expect(must(engine.query('inventory.byBarcode', { code: '0012345678905' })).item?.name).toBe('Rice');
  });

  it('refuses a scan that matches two items (legacy data), naming both', () => {
    const { engine, dbPath } = withMilk();
    const a = must(engine.dispatch('inventory.createItem', { name: 'Beans (tin)', barcode: '012345678905' }, 'execute')).result;
    must(engine.dispatch('inventory.createItem', { name: 'Beans (glass)' }, 'execute'));
    // legacy data: written before barcodes compared as GTINs
    const raw = new Database(dbPath);
    raw.prepare("UPDATE items SET barcode = '0012345678905' WHERE name = 'Beans (glass)'").run();
    raw.close();
    const both = refusal(engine.query('inventory.byBarcode', { code: '12345678905' }));
    expect(both.code).toBe('conflict');
    expect(both.message).toMatch(/matches two items: "Beans \(glass\)" \(0012345678905\) and "Beans \(tin\)" \(012345678905\)/);
    expect(a.barcode).toBe('012345678905');
  });
});

describe('unit cost follows purchases (weighted average cost)', () => {
  it('computes (onHand × old + qty × price) / (onHand + qty), rounded half up to whole minor units', () => {
    expect(movingAverageCost(10, 200, 5, 260)).toBe(220); // (2000 + 1300) / 15
    expect(movingAverageCost(3, 100, 1, 101)).toBe(100); // 400.25 / 4 → 100.0625 → 100
    expect(movingAverageCost(1, 100, 1, 101)).toBe(101); // 100.5 → 101 (half up)
    expect(movingAverageCost(2.5, 333, 0.5, 100)).toBe(294); // (832.5 + 50) / 3 = 294.17
    expect(movingAverageCost(0, 500, 2, 120)).toBe(120); // nothing held: the price
    expect(movingAverageCost(-3, 500, 2, 120)).toBe(120); // below zero counts as zero
    expect(movingAverageCost(4, null, 2, 120)).toBe(120); // no cost known: the price
    expect(movingAverageCost(1_000_000_000, 9_000_000_000_000, 1_000_000_000, 9_000_000_000_001)).toBe(9_000_000_000_001); // exact beyond 2^53 products
    expect(() => movingAverageCost(1, 1, 0, 1)).toThrow(RangeError);
    expect(() => movingAverageCost(1, 1, 1, 1.5)).toThrow(RangeError);
  });

  it('moves the item’s unit cost with each purchase, audits it, and undoing the purchase puts it back', () => {
    const { engine, milk } = withMilk();
    buy(engine, milk.id, 10, { unitCostMinor: 200 });
    expect(detail(engine, milk.id).unitCostMinor).toBe(200);
    must(engine.dispatch('inventory.consume', { itemId: milk.id, qty: 4 }, 'execute'));
    const second = buy(engine, milk.id, 2, { unitCostMinor: 300 });
    // (6 × 200 + 2 × 300) / 8 = 225
    expect(detail(engine, milk.id).unitCostMinor).toBe(225);
    const event = auditOf(engine, second.decision.id).find((e) => e.entity === 'item');
    expect(event?.before).toEqual({ unitCostMinor: 200 });
    expect(event?.after).toMatchObject({ unitCostMinor: 225, rule: expect.stringContaining('weighted average cost') });
    // a purchase without a cost leaves it
    buy(engine, milk.id, 1);
    expect(detail(engine, milk.id).unitCostMinor).toBe(225);
    must(engine.dispatch('inventory.undoEntry', { seq: second.result.entries[0]!.seq, reason: 'undone from the toast' }, 'execute'));
    expect(detail(engine, milk.id).unitCostMinor).toBe(200);
  });
});

describe('migration 014 (stock lots)', () => {
  it('gives existing stock one undated lot per item with its on-hand, so totals stay equal', () => {
    const dir = tempDir();
    const path = join(dir, 'l.sqlite');
    const db = new Database(path);
    applyPragmas(db);
    const before = MIGRATIONS.filter((m) => m.version < 14);
    migrate(db, path, '2026-11-21T09:00:00.000Z', before);
    const t = '2026-11-01T10:00:00.000Z';
    const item = db.prepare("INSERT INTO items (id, name, barcode, created_at, updated_at) VALUES (?, ?, ?, 't', 't')");
    item.run('i1', 'Rice', '111');
    item.run('i2', 'Salt', null);
    item.run('i3', 'Gone', null);
    const entry = db.prepare("INSERT INTO stock_journal (item_id, kind, qty, occurred_at, occurred_day, source) VALUES (?, ?, ?, ?, ?, 'manual')");
    entry.run('i1', 'purchase', 5, t, 20758);
    entry.run('i1', 'consume', -1.25, '2026-11-02T10:00:00.000Z', 20759);
    entry.run('i2', 'purchase', 2, t, 20758);
    entry.run('i3', 'purchase', 1, t, 20758);
    entry.run('i3', 'consume', -1, t, 20758);
    migrate(db, path, '2026-11-21T10:00:00.000Z', [...before, migration014]);
    expect(db.prepare('SELECT item_id, remaining, best_before, purchased_on FROM stock_lots ORDER BY item_id').all()).toEqual([
      { item_id: 'i1', remaining: 3.75, best_before: null, purchased_on: '2026-11-02' },
      { item_id: 'i2', remaining: 2, best_before: null, purchased_on: '2026-11-01' },
    ]);
    // barcodes: unique among active items only
    db.prepare("UPDATE items SET archived_at = 't' WHERE id = 'i1'").run();
    db.prepare("UPDATE items SET barcode = '111' WHERE id = 'i2'").run();
    expect(() => db.prepare("UPDATE items SET archived_at = NULL WHERE id = 'i1'").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
