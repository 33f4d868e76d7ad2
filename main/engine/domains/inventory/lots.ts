/**
 * Stock lots (issue 15): the stock of each purchase with its remaining quantity and
 * best-before date. The journal stays the truth for on-hand; lots say WHICH stock is on
 * hand. Every journal write goes through `applyLots` (called by `writeEntries`), so the sum
 * of an item's lots equals its on-hand (never below zero) after every write:
 *
 * - an inflow (purchase, return, a count up) opens a lot; the undo of an outflow puts the
 *   quantity back into the lots it was drawn from (`stock_lot_draws`);
 * - an outflow (consume, sale, spoil, a count down) draws FEFO — "first expired, first
 *   out": the earliest best-before first, lots without a date last, ties by purchase time;
 *   the undo of a purchase takes its own lot first;
 * - transfers move stock between locations, not between lots: they leave lots alone;
 * - stock no lot accounts for (written by an import, which bypasses `writeEntries`) is
 *   reconciled before the next write as one undated lot, and shown as such by `lotsOf`.
 */
import type { JournalEntry, Lot } from '../../../../shared/contract/inventory';
import { sql, type Db } from '../../db/connection';

const EPS = 0.0005;
const round3 = (q: number) => Math.round(q * 1000) / 1000;

type LotRow = {
  id: number;
  item_id: string;
  entry_seq: number | null;
  qty: number;
  remaining: number;
  best_before: string | null;
  purchased_on: string;
  purchased_at: string;
  unit_cost_minor: number | null;
  cost_before_minor: number | null;
  cost_after_minor: number | null;
};

/** The FEFO order of an item's open lots: earliest best-before first, undated last, then by purchase. */
const FEFO = 'ORDER BY best_before IS NULL, best_before, purchased_at, id';

/** The sum of an item's open lots. */
export function lotTotal(db: Db, itemId: string): number {
  return round3((sql(db, 'SELECT coalesce(sum(remaining), 0) AS q FROM stock_lots WHERE item_id = ? AND remaining > 0').get(itemId) as { q: number }).q);
}

/** The lot a journal entry opened, if any. */
export function lotOfEntry(db: Db, seq: number): LotRow | undefined {
  return sql(db, 'SELECT * FROM stock_lots WHERE entry_seq = ?').get(seq) as LotRow | undefined;
}

/** Opens a lot; returns its id. */
function openLot(
  db: Db,
  lot: { itemId: string; entrySeq: number | null; qty: number; bestBefore: string | null; purchasedOn: string; purchasedAt: string; unitCostMinor: number | null },
): number {
  const info = sql(
    db,
    `INSERT INTO stock_lots (item_id, entry_seq, qty, remaining, best_before, purchased_on, purchased_at, unit_cost_minor)
     VALUES (@itemId, @entrySeq, @qty, @qty, @bestBefore, @purchasedOn, @purchasedAt, @unitCostMinor)`,
  ).run({ ...lot, qty: round3(lot.qty) });
  return Number(info.lastInsertRowid);
}

/** Takes `qty` from lots in FEFO order (after `first`, if given); records the draws of entry `seq` (if given). Returns what could not be taken. */
function draw(db: Db, itemId: string, qty: number, seq: number | null, first?: number): number {
  let need = round3(qty);
  const lots = sql(db, `SELECT id, remaining FROM stock_lots WHERE item_id = ? AND remaining > 0 ${FEFO}`).all(itemId) as { id: number; remaining: number }[];
  if (first !== undefined) lots.sort((a, b) => Number(b.id === first) - Number(a.id === first));
  const take = sql(db, 'UPDATE stock_lots SET remaining = round(remaining - ?, 3) WHERE id = ?');
  const record = sql(db, 'INSERT INTO stock_lot_draws (entry_seq, lot_id, qty) VALUES (?, ?, ?) ON CONFLICT (entry_seq, lot_id) DO UPDATE SET qty = round(qty + excluded.qty, 3)');
  for (const lot of lots) {
    if (need <= EPS) break;
    const n = round3(Math.min(need, lot.remaining));
    take.run(n, lot.id);
    if (seq !== null) record.run(seq, lot.id, n);
    need = round3(need - n);
  }
  return Math.max(0, need);
}

/**
 * Makes an item's lots add up to `onHand` (clamped at zero): stock without a lot becomes an
 * undated lot bought on `day`; lots beyond the on-hand are drawn FEFO (without an entry).
 */
export function reconcileLots(db: Db, itemId: string, onHand: number, day: string, at: string): void {
  const gap = round3(Math.max(0, onHand) - lotTotal(db, itemId));
  if (gap > EPS) openLot(db, { itemId, entrySeq: null, qty: gap, bestBefore: null, purchasedOn: day, purchasedAt: at, unitCostMinor: null });
  else if (gap < -EPS) draw(db, itemId, -gap, null);
}

/**
 * Applies one written journal entry to its item's lots (see the module comment).
 * `bestBefore` is the best-before of the stock an inflow brings (null: undated).
 */
export function applyLots(db: Db, entry: JournalEntry, bestBefore: string | null): void {
  if (entry.kind === 'transfer' || Math.abs(entry.qty) <= EPS) return;
  if (entry.qty > 0) {
    if (entry.reversesSeq !== null) {
      // the undo of an outflow: back into the lots it was taken from
      const draws = sql(db, 'SELECT lot_id AS lotId, qty FROM stock_lot_draws WHERE entry_seq = ?').all(entry.reversesSeq) as { lotId: number; qty: number }[];
      const put = sql(db, 'UPDATE stock_lots SET remaining = round(remaining + ?, 3) WHERE id = ?');
      let left = entry.qty;
      for (const d of draws) {
        const n = round3(Math.min(left, d.qty));
        if (n <= EPS) break;
        put.run(n, d.lotId);
        left = round3(left - n);
      }
      if (left > EPS) openLot(db, { itemId: entry.itemId, entrySeq: entry.seq, qty: left, bestBefore: null, purchasedOn: entry.occurredOn, purchasedAt: entry.occurredAt, unitCostMinor: entry.unitCostMinor });
      return;
    }
    openLot(db, { itemId: entry.itemId, entrySeq: entry.seq, qty: entry.qty, bestBefore, purchasedOn: entry.occurredOn, purchasedAt: entry.occurredAt, unitCostMinor: entry.unitCostMinor });
    return;
  }
  // an outflow; the undo of an inflow takes from the inflow's own lot first
  const own = entry.reversesSeq !== null ? lotOfEntry(db, entry.reversesSeq) : undefined;
  draw(db, entry.itemId, -entry.qty, entry.seq, own?.id);
}

/**
 * An item's stock by lot in FEFO order (the order consumption takes it). Stock no lot
 * accounts for yet (an import's, until the next write reconciles it) is shown as one undated
 * lot with `lotId` null, so the lots always add up to `onHand`.
 */
export function lotsOf(db: Db, itemId: string, onHand: number, today: string): Lot[] {
  const rows = sql(db, `SELECT * FROM stock_lots WHERE item_id = ? AND remaining > 0 ${FEFO}`).all(itemId) as LotRow[];
  const lots: Lot[] = rows.map((r) => ({ lotId: r.id, entrySeq: r.entry_seq, remaining: r.remaining, bestBefore: r.best_before, purchasedOn: r.purchased_on, unitCostMinor: r.unit_cost_minor }));
  const gap = round3(Math.max(0, onHand) - lots.reduce((sum, l) => sum + l.remaining, 0));
  if (gap > EPS) lots.push({ lotId: null, entrySeq: null, remaining: gap, bestBefore: null, purchasedOn: today, unitCostMinor: null });
  return lots;
}

/** Stores the item's unit cost before and after the purchase that opened lot `seq` (for undoing it). */
export function noteLotCost(db: Db, seq: number, before: number | null, after: number | null): void {
  sql(db, 'UPDATE stock_lots SET cost_before_minor = ?, cost_after_minor = ? WHERE entry_seq = ?').run(before, after, seq);
}

/** The unit cost a purchase's lot recorded: before and after it (undefined when the purchase did not set the cost). */
export function lotCost(db: Db, seq: number): { before: number | null; after: number } | undefined {
  const lot = lotOfEntry(db, seq);
  if (!lot || lot.cost_after_minor === null) return undefined;
  return { before: lot.cost_before_minor, after: lot.cost_after_minor };
}
