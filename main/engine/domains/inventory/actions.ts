/**
 * Inventory actions: locations, items and stock movements. Every movement is a journal
 * entry written by `writeEntries`, which refreshes the item's statistics, records the
 * before/after on-hand in the audit log and checks the thresholds — the one place, so no
 * stock-decreasing path can skip them.
 */
import { EngineError } from '../../../../shared/contract';
import type { Item, JournalEntry } from '../../../../shared/contract/inventory';
import { dayToDate } from '../../../../shared/domain/time';
import { sql } from '../../db/connection';
import type { ActionContext, ActionHandlers } from '../../handlers';
import { raiseAlert } from '../alerts/store';
import { forecastOf } from '../forecast/method';
import {
  dayOf,
  getActiveItem,
  getActiveLocation,
  getEntry,
  getItem,
  getLocation,
  insertEntry,
  onHandOf,
  readStats,
  refreshItemStats,
  type NewEntry,
} from './store';
import { gtinKey } from './barcode';
import { movingAverageCost } from './cost';
import { entryDate } from './dates';
import { applyLots, lotCost, noteLotCost, reconcileLots } from './lots';

const timeZoneOf = (ctx: ActionContext) => ctx.settings.timeZone ?? 'UTC';
const todayOf = (ctx: ActionContext) => dayOf(ctx.now, timeZoneOf(ctx));
const fmt = (q: number) => String(Math.round(q * 1000) / 1000);

/**
 * Writes entries, refreshes the statistics of every item they touch, audits each entry and
 * each item's on-hand before → after, and checks thresholds after any decrease.
 * Keeps the stock lots (best-before, FEFO: see lots.ts) and the unit cost (weighted average
 * of purchases: see cost.ts) in step; a backdated entry (`backdatedTo`) is audited as such.
 * Returns the written entries and the on-hand of the (last) item.
 */
export function writeEntries(ctx: ActionContext, entries: NewEntry[]): { entries: JournalEntry[]; onHand: number } {
  const today = todayOf(ctx);
  const itemIds = [...new Set(entries.map((e) => e.itemId))];
  const before = new Map(itemIds.map((id) => [id, readStats(ctx.db, id, today).onHand]));
  // stock an import wrote without lots becomes an undated lot before anything is drawn
  for (const id of itemIds) reconcileLots(ctx.db, id, onHandOf(ctx.db, id), dayToDate(today), ctx.now);
  const written = entries.map((e) => {
    const held = onHandOf(ctx.db, e.itemId);
    const seq = insertEntry(ctx.db, e, dayOf(e.occurredAt, timeZoneOf(ctx)), ctx.decisionId);
    applyLots(ctx.db, getEntry(ctx.db, seq), e.bestBefore ?? null);
    if (e.kind === 'purchase' && e.qty > 0 && e.reversesSeq === null && e.unitCostMinor !== null) followCost(ctx, e.itemId, seq, held, e.qty, e.unitCostMinor);
    if (e.kind === 'purchase' && e.qty < 0 && e.reversesSeq !== null) restoreCost(ctx, e.itemId, e.reversesSeq);
    const entry = getEntry(ctx.db, seq);
    ctx.record({ entity: 'stock_entry', entityId: String(seq), before: null, after: e.backdatedTo ? { ...entry, backdated: `backdated to ${e.backdatedTo}` } : entry });
    return entry;
  });
  for (const id of itemIds) reconcileLots(ctx.db, id, onHandOf(ctx.db, id), dayToDate(today), ctx.now);
  let onHand = 0;
  for (const itemId of itemIds) {
    const stats = refreshItemStats(ctx.db, itemId, today);
    onHand = stats.onHand;
    const was = before.get(itemId) ?? 0;
    ctx.record({ entity: 'item_stock', entityId: itemId, before: { onHand: was }, after: { onHand: stats.onHand } });
    if (stats.onHand < was) checkThresholds(ctx, getItem(ctx.db, itemId), today);
  }
  ctx.touchItems(itemIds);
  return { entries: written, onHand };
}

/**
 * A purchase with a unit cost moves the item's unit cost to the weighted average of the stock
 * held (`held`, before the purchase) and the stock bought (cost.ts); audited, and noted on the
 * purchase's lot so that undoing the purchase can put the old cost back.
 */
function followCost(ctx: ActionContext, itemId: string, seq: number, held: number, qty: number, priceMinor: number): void {
  const old = getItem(ctx.db, itemId).unitCostMinor;
  const next = movingAverageCost(held, old, qty, priceMinor);
  noteLotCost(ctx.db, seq, old, next);
  if (next === old) return;
  sql(ctx.db, 'UPDATE items SET unit_cost_minor = ?, updated_at = ? WHERE id = ?').run(next, ctx.now, itemId);
  ctx.record({
    entity: 'item',
    entityId: itemId,
    before: { unitCostMinor: old },
    after: { unitCostMinor: next, rule: `weighted average cost: (${fmt(Math.max(0, held))} × ${old ?? '—'} + ${fmt(qty)} × ${priceMinor}) / ${fmt(Math.max(0, held) + qty)}` },
  });
}

/** Undoing a purchase puts back the unit cost it replaced, unless the cost has changed since. */
function restoreCost(ctx: ActionContext, itemId: string, purchaseSeq: number): void {
  const cost = lotCost(ctx.db, purchaseSeq);
  const now = getItem(ctx.db, itemId).unitCostMinor;
  if (!cost || now !== cost.after || cost.before === cost.after) return;
  sql(ctx.db, 'UPDATE items SET unit_cost_minor = ?, updated_at = ? WHERE id = ?').run(cost.before, ctx.now, itemId);
  ctx.record({ entity: 'item', entityId: itemId, before: { unitCostMinor: now }, after: { unitCostMinor: cost.before, rule: `undo of purchase entry ${purchaseSeq}: its unit cost before` } });
}

/**
 * The central threshold check, run after every stock decrease: an item at or below its
 * minimum, or that will run out within its lead time, raises an alert (once while open).
 */
export function checkThresholds(ctx: ActionContext, item: Item, today: number): void {
  const stats = readStats(ctx.db, item.id, today);
  const forecast = forecastOf(stats, item, today);
  if (forecast.belowMin) {
    raiseAlert(ctx, {
      severity: 'warning',
      kind: 'low_stock',
      message: `${item.name} is at or below its minimum: ${fmt(forecast.onHand)} ${item.unit} on hand, minimum ${fmt(item.minQty)}`,
      entity: 'item',
      entityId: item.id,
    });
  }
  if (forecast.daysLeft !== null && forecast.daysLeft <= item.leadTimeDays && forecast.confidence !== 'none') {
    raiseAlert(ctx, {
      severity: 'warning',
      kind: 'reorder',
      message: `${item.name} runs out in about ${Math.floor(forecast.daysLeft)} days (${forecast.runOutDate}), within its ${item.leadTimeDays}-day lead time${forecast.suggestedOrderQty > 0 ? `: reorder ${forecast.suggestedOrderQty} ${item.unit}` : ''}`,
      entity: 'item',
      entityId: item.id,
    });
  }
}

/**
 * SKUs are unique among all items; barcodes among ACTIVE items, compared as GTINs when they
 * are 8–14 digits (an EAN-13 with a leading zero is the same product as its UPC-A).
 */
function uniqueCodes(ctx: ActionContext, fields: { sku?: string | null; barcode?: string | null }, exceptId?: string): void {
  if (fields.sku !== undefined && fields.sku !== null) {
    const other = sql(ctx.db, 'SELECT name FROM items WHERE sku = ? AND id IS NOT ?').get(fields.sku, exceptId ?? null) as { name: string } | undefined;
    if (other) throw new EngineError('conflict', `SKU ${fields.sku} is already used by "${other.name}"`, { issues: [{ path: ['sku'], message: `already used by "${other.name}"` }] });
  }
  if (fields.barcode !== undefined && fields.barcode !== null) {
    const key = gtinKey(fields.barcode);
    const other = sql(
      ctx.db,
      `SELECT name FROM items WHERE archived_at IS NULL AND id IS NOT @except AND (barcode = @code OR (@key IS NOT NULL AND barcode NOT GLOB '*[^0-9]*' AND ltrim(barcode, '0') = @key))`,
    ).get({ except: exceptId ?? null, code: fields.barcode, key }) as { name: string } | undefined;
    if (other) throw new EngineError('conflict', `barcode ${fields.barcode} is already used by "${other.name}"`, { issues: [{ path: ['barcode'], message: `already used by "${other.name}"` }] });
  }
}

function entry(ctx: ActionContext, item: Item, fields: Partial<NewEntry> & Pick<NewEntry, 'kind' | 'qty'>): NewEntry {
  return {
    itemId: item.id,
    locationId: item.locationId,
    occurredAt: ctx.now,
    unitCostMinor: null,
    source: ctx.actorName === 'system' ? 'scheduler' : 'manual',
    sourceRef: null,
    note: null,
    reversesSeq: null,
    ...fields,
  };
}

function requireOnHand(ctx: ActionContext, item: Item, qty: number, what: string, locationId?: string | null): void {
  const available = onHandOf(ctx.db, item.id, locationId);
  if (qty > available + 1e-9) {
    throw new EngineError('conflict', `cannot ${what} ${fmt(qty)} ${item.unit} of "${item.name}": only ${fmt(available)} on hand — count it with an adjustment (with a reason) instead`);
  }
}

export const inventoryActions: Pick<
  ActionHandlers,
  | 'inventory.createLocation'
  | 'inventory.archiveLocation'
  | 'inventory.createItem'
  | 'inventory.updateItem'
  | 'inventory.archiveItem'
  | 'inventory.record'
  | 'inventory.consume'
  | 'inventory.outOf'
  | 'inventory.adjust'
  | 'inventory.transfer'
  | 'inventory.undoEntry'
> = {
  'inventory.createLocation'(p, ctx) {
    const taken = sql(ctx.db, 'SELECT 1 FROM locations WHERE name = ? COLLATE NOCASE AND archived_at IS NULL').get(p.name);
    if (taken) throw new EngineError('conflict', `a location named "${p.name}" already exists`);
    const id = ctx.newId();
    sql(ctx.db, 'INSERT INTO locations (id, name, created_at) VALUES (?, ?, ?)').run(id, p.name, ctx.now);
    const created = getLocation(ctx.db, id);
    ctx.record({ entity: 'location', entityId: id, before: null, after: created });
    ctx.touch('locations');
    return created;
  },

  'inventory.archiveLocation'(p, ctx) {
    const before = getActiveLocation(ctx.db, p.id);
    const stocked = sql(ctx.db, 'SELECT count(*) AS n FROM (SELECT item_id FROM stock_journal WHERE location_id = ? GROUP BY item_id HAVING abs(sum(qty)) > 0.0005)').get(p.id) as { n: number };
    if (stocked.n > 0) throw new EngineError('conflict', `"${before.name}" still holds stock of ${stocked.n} item(s): transfer it first`);
    sql(ctx.db, 'UPDATE locations SET archived_at = ? WHERE id = ?').run(ctx.now, p.id);
    const after = getLocation(ctx.db, p.id);
    ctx.record({ entity: 'location', entityId: p.id, before, after });
    ctx.touch('locations');
    return after;
  },

  'inventory.createItem'(p, ctx) {
    uniqueCodes(ctx, p);
    if (p.locationId) getActiveLocation(ctx.db, p.locationId);
    const id = ctx.newId();
    sql(
      ctx.db,
      `INSERT INTO items (id, name, sku, barcode, unit, category, location_id, min_qty, target_qty, lead_time_days, shelf_life_days, unit_cost_minor, source, created_at, updated_at)
       VALUES (@id, @name, @sku, @barcode, @unit, @category, @locationId, @minQty, @targetQty, @leadTimeDays, @shelfLifeDays, @unitCostMinor, 'manual', @now, @now)`,
    ).run({
      id,
      name: p.name,
      sku: p.sku ?? null,
      barcode: p.barcode ?? null,
      unit: p.unit,
      category: p.category ?? null,
      locationId: p.locationId ?? null,
      minQty: p.minQty,
      targetQty: p.targetQty,
      leadTimeDays: p.leadTimeDays,
      shelfLifeDays: p.shelfLifeDays ?? null,
      unitCostMinor: p.unitCostMinor ?? null,
      now: ctx.now,
    });
    refreshItemStats(ctx.db, id, todayOf(ctx));
    const created = getItem(ctx.db, id);
    ctx.record({ entity: 'item', entityId: id, before: null, after: created });
    ctx.touch('items', 'item_stats');
    return created;
  },

  'inventory.updateItem'(p, ctx) {
    const before = getActiveItem(ctx.db, p.id);
    uniqueCodes(ctx, p, p.id);
    if (p.locationId) getActiveLocation(ctx.db, p.locationId);
    const columns: Record<string, string> = {
      name: 'name',
      sku: 'sku',
      barcode: 'barcode',
      unit: 'unit',
      category: 'category',
      locationId: 'location_id',
      minQty: 'min_qty',
      targetQty: 'target_qty',
      leadTimeDays: 'lead_time_days',
      shelfLifeDays: 'shelf_life_days',
      unitCostMinor: 'unit_cost_minor',
    };
    const changes = Object.entries(p).filter(([k, v]) => k !== 'id' && v !== undefined && (before as Record<string, unknown>)[k] !== v);
    if (changes.length === 0) throw new EngineError('conflict', 'nothing to change: every field given already has that value');
    const sets = changes.map(([k]) => `${columns[k]} = @${k}`).join(', ');
    sql(ctx.db, `UPDATE items SET ${sets}, updated_at = @now WHERE id = @id`).run({ ...Object.fromEntries(changes), id: p.id, now: ctx.now });
    const after = getItem(ctx.db, p.id);
    ctx.record({ entity: 'item', entityId: p.id, before, after });
    ctx.touch('items');
    return after;
  },

  'inventory.archiveItem'(p, ctx) {
    const before = getActiveItem(ctx.db, p.id);
    sql(ctx.db, 'UPDATE items SET archived_at = ?, updated_at = ? WHERE id = ?').run(ctx.now, ctx.now, p.id);
    const after = getItem(ctx.db, p.id);
    ctx.record({ entity: 'item', entityId: p.id, before, after: { ...after, archiveReason: p.reason ?? null } });
    ctx.touch('items');
    return after;
  },

  'inventory.record'(p, ctx) {
    const item = getActiveItem(ctx.db, p.itemId);
    const locationId = p.locationId ?? item.locationId;
    const outflow = p.kind === 'sale' || p.kind === 'spoil';
    if (outflow && p.bestBefore !== undefined) throw new EngineError('invalid', 'a best-before date is for stock coming in (a purchase or a return)', { issues: [{ path: ['bestBefore'], message: 'only for a purchase or a return' }] });
    const when = entryDate(p, ctx.now, timeZoneOf(ctx));
    if (p.locationId) getActiveLocation(ctx.db, p.locationId);
    if (p.receiptId !== undefined) {
      if (outflow) throw new EngineError('invalid', 'only a purchase or a return is recorded against a receipt', { issues: [{ path: ['receiptId'], message: 'only for a purchase or a return' }] });
      const receipt = sql(ctx.db, 'SELECT status FROM receipts WHERE id = ?').get(p.receiptId) as { status: string } | undefined;
      if (!receipt) throw new EngineError('not_found', `no receipt ${p.receiptId}`);
      if (receipt.status === 'void') throw new EngineError('conflict', 'the receipt is void: stock cannot be recorded against it');
    }
    if (outflow) requireOnHand(ctx, item, p.qty, p.kind === 'sale' ? 'sell' : 'spoil');
    return writeEntries(ctx, [
      entry(ctx, item, {
        kind: p.kind,
        qty: outflow ? -p.qty : p.qty,
        locationId,
        occurredAt: when.occurredAt,
        unitCostMinor: p.unitCostMinor ?? null,
        note: p.note ?? null,
        bestBefore: p.bestBefore ?? null,
        backdatedTo: when.backdatedTo,
        ...(p.receiptId !== undefined ? { source: 'receipt' as const, sourceRef: p.receiptId } : {}),
      }),
    ]);
  },

  'inventory.consume'(p, ctx) {
    const when = entryDate(p, ctx.now, timeZoneOf(ctx));
    const item = getActiveItem(ctx.db, p.itemId);
    requireOnHand(ctx, item, p.qty, 'consume');
    return writeEntries(ctx, [entry(ctx, item, { kind: 'consume', qty: -p.qty, note: p.note ?? null, occurredAt: when.occurredAt, backdatedTo: when.backdatedTo })]);
  },

  'inventory.outOf'(p, ctx) {
    const item = getActiveItem(ctx.db, p.itemId);
    const onHand = onHandOf(ctx.db, item.id);
    if (onHand <= 0) throw new EngineError('conflict', `"${item.name}" is already out (on hand ${fmt(onHand)})`);
    return writeEntries(ctx, [entry(ctx, item, { kind: 'consume', qty: -onHand, note: p.note ?? 'out of: the rest logged as consumed' })]);
  },

  'inventory.adjust'(p, ctx) {
    const item = getActiveItem(ctx.db, p.itemId);
    const locationId = p.locationId ?? item.locationId;
    if (p.locationId) getActiveLocation(ctx.db, p.locationId);
    const current = p.locationId ? onHandOf(ctx.db, item.id, locationId) : onHandOf(ctx.db, item.id);
    return writeEntries(ctx, [entry(ctx, item, { kind: 'adjust', qty: p.countedQty - current, locationId, note: `stock count ${fmt(p.countedQty)} (was ${fmt(current)}): ${p.reason}` })]);
  },

  'inventory.transfer'(p, ctx) {
    const item = getActiveItem(ctx.db, p.itemId);
    if (p.fromLocationId === p.toLocationId) throw new EngineError('invalid', 'from and to are the same location', { issues: [{ path: ['toLocationId'], message: 'must differ from fromLocationId' }] });
    if (p.fromLocationId) getActiveLocation(ctx.db, p.fromLocationId);
    if (p.toLocationId) getActiveLocation(ctx.db, p.toLocationId);
    requireOnHand(ctx, item, p.qty, 'move', p.fromLocationId);
    const note = p.note ?? null;
    return writeEntries(ctx, [
      entry(ctx, item, { kind: 'transfer', qty: -p.qty, locationId: p.fromLocationId, note }),
      entry(ctx, item, { kind: 'transfer', qty: p.qty, locationId: p.toLocationId, note }),
    ]);
  },

  'inventory.undoEntry'(p, ctx) {
    const original = getEntry(ctx.db, p.seq);
    if (original.reversesSeq !== null) throw new EngineError('conflict', `entry ${p.seq} is itself an undo of entry ${original.reversesSeq}`);
    if (original.reversedBySeq !== null) throw new EngineError('conflict', `entry ${p.seq} was already undone by entry ${original.reversedBySeq}`);
    const item = getActiveItem(ctx.db, original.itemId);
    if (original.qty > 0) requireOnHand(ctx, item, original.qty, 'undo an inflow of', original.locationId);
    return writeEntries(ctx, [
      entry(ctx, item, {
        kind: original.kind,
        qty: -original.qty,
        locationId: original.locationId,
        occurredAt: original.occurredAt,
        unitCostMinor: original.unitCostMinor,
        note: `undo of entry ${original.seq}: ${p.reason}`,
        reversesSeq: original.seq,
      }),
    ]);
  },
};
