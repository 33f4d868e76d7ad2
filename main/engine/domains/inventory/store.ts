/**
 * Inventory storage: locations, items, the stock journal and the derived per-item
 * statistics. The journal is the truth; `item_stats` is recomputed from it for every
 * item a write touches, so lists and the rollup never rescan the journal.
 */
import type { Item, JournalEntry, Location } from '../../../../shared/contract/inventory';
import { EngineError } from '../../../../shared/contract';
import { calendarDateIn, dayNumber } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import { demandState, LOOKBACK_DAYS, type DemandState } from '../forecast/method';

/** Journal kinds whose outflow is demand (what the burn rate learns from). */
export const DEMAND_KINDS = ['consume', 'sale', 'spoil'] as const;

type ItemRow = {
  id: string;
  name: string;
  sku: string | null;
  barcode: string | null;
  unit: string;
  category: string | null;
  location_id: string | null;
  min_qty: number;
  target_qty: number;
  lead_time_days: number;
  shelf_life_days: number | null;
  unit_cost_minor: number | null;
  source: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
};

export const toItem = (r: ItemRow): Item => ({
  id: r.id,
  name: r.name,
  sku: r.sku,
  barcode: r.barcode,
  unit: r.unit,
  category: r.category,
  locationId: r.location_id,
  minQty: r.min_qty,
  targetQty: r.target_qty,
  leadTimeDays: r.lead_time_days,
  shelfLifeDays: r.shelf_life_days,
  unitCostMinor: r.unit_cost_minor,
  source: r.source,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** An item by id, or throws EngineError `not_found`. */
export function getItem(db: Db, id: string): Item {
  const row = sql(db, 'SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
  if (!row) throw new EngineError('not_found', `no item ${id}`);
  return toItem(row);
}

/** An active (not archived) item, or throws `not_found` / `conflict`. */
export function getActiveItem(db: Db, id: string): Item {
  const item = getItem(db, id);
  if (item.archivedAt) throw new EngineError('conflict', `item "${item.name}" is archived`);
  return item;
}

type LocationRow = { id: string; name: string; archived_at: string | null; created_at: string };
export const toLocation = (r: LocationRow): Location => ({ id: r.id, name: r.name, archivedAt: r.archived_at, createdAt: r.created_at });

export function getLocation(db: Db, id: string): Location {
  const row = sql(db, 'SELECT * FROM locations WHERE id = ?').get(id) as LocationRow | undefined;
  if (!row) throw new EngineError('not_found', `no location ${id}`);
  return toLocation(row);
}

/** An active location, or throws `not_found` / `conflict`. */
export function getActiveLocation(db: Db, id: string): Location {
  const location = getLocation(db, id);
  if (location.archivedAt) throw new EngineError('conflict', `location "${location.name}" is archived`);
  return location;
}

export function listLocations(db: Db, includeArchived: boolean): Location[] {
  const where = includeArchived ? '' : 'WHERE archived_at IS NULL';
  return (sql(db, `SELECT * FROM locations ${where} ORDER BY archived_at IS NOT NULL, name COLLATE NOCASE`).all() as LocationRow[]).map(toLocation);
}

type JournalRow = {
  seq: number;
  item_id: string;
  kind: JournalEntry['kind'];
  qty: number;
  location_id: string | null;
  occurred_at: string;
  occurred_day: number;
  unit_cost_minor: number | null;
  source: JournalEntry['source'];
  source_ref: string | null;
  note: string | null;
  reverses_seq: number | null;
  reversed_by_seq?: number | null;
  decision_id: string | null;
  best_before?: string | null;
};

export const toEntry = (r: JournalRow): JournalEntry => ({
  seq: r.seq,
  itemId: r.item_id,
  kind: r.kind,
  qty: r.qty,
  locationId: r.location_id,
  occurredAt: r.occurred_at,
  occurredOn: new Date(r.occurred_day * 86_400_000).toISOString().slice(0, 10),
  unitCostMinor: r.unit_cost_minor,
  source: r.source,
  sourceRef: r.source_ref,
  note: r.note,
  reversesSeq: r.reverses_seq,
  reversedBySeq: r.reversed_by_seq ?? null,
  decisionId: r.decision_id,
  bestBefore: r.best_before ?? null,
});

const JOURNAL_SELECT = `SELECT j.*, (SELECT r.seq FROM stock_journal r WHERE r.reverses_seq = j.seq) AS reversed_by_seq,
  (SELECT l.best_before FROM stock_lots l WHERE l.entry_seq = j.seq) AS best_before FROM stock_journal j`;

export function getEntry(db: Db, seq: number): JournalEntry {
  const row = sql(db, `${JOURNAL_SELECT} WHERE j.seq = ?`).get(seq) as JournalRow | undefined;
  if (!row) throw new EngineError('not_found', `no journal entry ${seq}`);
  return toEntry(row);
}

/** An item's entries, newest first; `cursor` is the last seq seen. */
export function listEntries(db: Db, itemId: string, limit: number, cursor?: number): { items: JournalEntry[]; nextCursor: number | null } {
  const rows = sql(db, `${JOURNAL_SELECT} WHERE j.item_id = @itemId AND j.seq < @cursor ORDER BY j.seq DESC LIMIT @limit`).all({
    itemId,
    cursor: cursor ?? Number.MAX_SAFE_INTEGER,
    limit: limit + 1,
  }) as JournalRow[];
  const page = rows.slice(0, limit);
  return { items: page.map(toEntry), nextCursor: rows.length > limit ? (page.at(-1)?.seq ?? null) : null };
}

/** A journal entry to write; `qty` is the signed change of on-hand. */
export interface NewEntry {
  itemId: string;
  kind: JournalEntry['kind'];
  qty: number;
  locationId: string | null;
  occurredAt: string;
  unitCostMinor: number | null;
  source: JournalEntry['source'];
  sourceRef: string | null;
  note: string | null;
  reversesSeq: number | null;
  /** The best-before date of the stock an inflow brings (it opens a lot with it); not stored in the journal. */
  bestBefore?: string | null;
  /** The day a backdated entry was moved to (YYYY-MM-DD), for the audit; not stored in the journal. */
  backdatedTo?: string;
}

/** The calendar day (day number) of an instant in the household's time zone. */
export function dayOf(instant: string, timeZone: string): number {
  return dayNumber(calendarDateIn(new Date(instant), timeZone));
}

/** Inserts one entry; returns its seq. Statistics are refreshed by the caller (refreshItemStats). */
export function insertEntry(db: Db, e: NewEntry, day: number, decisionId: string | null): number {
  const info = sql(
    db,
    `INSERT INTO stock_journal (item_id, kind, qty, location_id, occurred_at, occurred_day, unit_cost_minor, source, source_ref, note, reverses_seq, decision_id)
     VALUES (@itemId, @kind, @qty, @locationId, @occurredAt, @day, @unitCostMinor, @source, @sourceRef, @note, @reversesSeq, @decisionId)`,
  ).run({
    itemId: e.itemId,
    kind: e.kind,
    qty: Math.round(e.qty * 1000) / 1000,
    locationId: e.locationId,
    occurredAt: e.occurredAt,
    day,
    unitCostMinor: e.unitCostMinor,
    source: e.source,
    sourceRef: e.sourceRef,
    note: e.note,
    reversesSeq: e.reversesSeq,
    decisionId,
  });
  return Number(info.lastInsertRowid);
}

/** On-hand of an item, in total or at one location (`null` = no location), from the journal. */
export function onHandOf(db: Db, itemId: string, locationId?: string | null): number {
  const row =
    locationId === undefined
      ? (sql(db, 'SELECT coalesce(sum(qty), 0) AS q FROM stock_journal WHERE item_id = ?').get(itemId) as { q: number })
      : (sql(db, 'SELECT coalesce(sum(qty), 0) AS q FROM stock_journal WHERE item_id = ? AND location_id IS ?').get(itemId, locationId) as { q: number });
  return Math.round(row.q * 1000) / 1000;
}

/** Stock per location of an item (locations with a non-zero balance). */
export function onHandByLocation(db: Db, itemId: string): { locationId: string | null; locationName: string | null; onHand: number }[] {
  const rows = sql(
    db,
    `SELECT j.location_id AS locationId, l.name AS locationName, round(sum(j.qty), 3) AS onHand
     FROM stock_journal j LEFT JOIN locations l ON l.id = j.location_id
     WHERE j.item_id = ? GROUP BY j.location_id HAVING abs(sum(j.qty)) > 0.0005 ORDER BY l.name`,
  ).all(itemId) as { locationId: string | null; locationName: string | null; onHand: number }[];
  return rows;
}

/** The stored statistics row of an item (zeros when it has none yet). */
export interface ItemStats extends DemandState {
  onHand: number;
  lastMovementAt: string | null;
}

type StatsRow = {
  item_id: string;
  on_hand: number;
  ew_num: number;
  ew_den: number;
  ew_day: number | null;
  demand_days: number;
  first_demand_day: number | null;
  last_demand_day: number | null;
  weekly_mean: number;
  weekly_sd: number;
  history_weeks: number;
  last_movement_at: string | null;
};

export const toStats = (r: StatsRow | undefined, today: number): ItemStats => ({
  onHand: r?.on_hand ?? 0,
  num: r?.ew_num ?? 0,
  den: r?.ew_den ?? 0,
  day: r?.ew_day ?? today,
  demandDays: r?.demand_days ?? 0,
  firstDemandDay: r?.first_demand_day ?? null,
  lastDemandDay: r?.last_demand_day ?? null,
  weeklyMean: r?.weekly_mean ?? 0,
  weeklySd: r?.weekly_sd ?? 0,
  historyWeeks: r?.history_weeks ?? 0,
  lastMovementAt: r?.last_movement_at ?? null,
});

export function readStats(db: Db, itemId: string, today: number): ItemStats {
  return toStats(sql(db, 'SELECT * FROM item_stats WHERE item_id = ?').get(itemId) as StatsRow | undefined, today);
}

/** Writes an item's statistics row (insert or replace). */
export function writeStats(db: Db, itemId: string, s: ItemStats): void {
  sql(
    db,
    `INSERT OR REPLACE INTO item_stats (item_id, on_hand, ew_num, ew_den, ew_day, demand_days, first_demand_day, last_demand_day, weekly_mean, weekly_sd, history_weeks, last_movement_at)
     VALUES (@itemId, @onHand, @num, @den, @day, @demandDays, @firstDemandDay, @lastDemandDay, @weeklyMean, @weeklySd, @historyWeeks, @lastMovementAt)`,
  ).run({ itemId, ...s, onHand: Math.round(s.onHand * 1000) / 1000 });
}

/**
 * Recomputes an item's statistics from its journal as of day `today` (the household's
 * today): on-hand, and the forecast's demand state over the lookback window.
 */
export function refreshItemStats(db: Db, itemId: string, today: number): ItemStats {
  const base = sql(
    db,
    `SELECT coalesce(sum(qty), 0) AS onHand, max(occurred_at) AS lastMovementAt,
       min(CASE WHEN kind IN ('consume','sale','spoil') AND qty < 0 THEN occurred_day END) AS firstDemandDay,
       max(occurred_day) AS lastDay
     FROM stock_journal WHERE item_id = ?`,
  ).get(itemId) as { onHand: number; lastMovementAt: string | null; firstDemandDay: number | null; lastDay: number | null };
  const asOf = Math.max(today, base.lastDay ?? today);
  const rows = sql(
    db,
    `SELECT occurred_day AS day, -sum(qty) AS demand FROM stock_journal
     WHERE item_id = ? AND kind IN ('consume','sale','spoil') AND occurred_day > ? AND occurred_day <= ?
     GROUP BY occurred_day`,
  ).all(itemId, asOf - LOOKBACK_DAYS, asOf) as { day: number; demand: number }[];
  const demand = new Map(rows.map((r) => [r.day, r.demand]));
  const stats: ItemStats = { ...demandState(demand, base.firstDemandDay, asOf), onHand: base.onHand, lastMovementAt: base.lastMovementAt };
  writeStats(db, itemId, stats);
  return stats;
}
