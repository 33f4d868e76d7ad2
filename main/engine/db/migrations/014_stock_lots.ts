/**
 * 014 — stock lots (issue 15, Grocy's basics): the stock of each purchase kept as a lot with
 * its remaining quantity and best-before date, so consumption takes the earliest best-before
 * first (FEFO) and "expiring within N days" can be listed; `stock_lot_draws` records which
 * lots each outflow took, so undoing it puts the stock back where it came from.
 *
 * Stock on hand before this migration has no lots: each item with stock gets ONE undated
 * lot holding its on-hand, so on-hand totals stay equal (the journal is untouched).
 *
 * Barcodes become unique among ACTIVE items only (an archived item's barcode may be reused).
 */
import type { Migration } from './types';

export const migration014: Migration = {
  version: 14,
  name: 'stock lots',
  up(db) {
    db.exec(`
      CREATE TABLE stock_lots (
        id                 INTEGER PRIMARY KEY,
        item_id            TEXT NOT NULL REFERENCES items (id),
        -- the inflow entry that opened the lot; NULL for stock carried over (this migration, imports)
        entry_seq          INTEGER REFERENCES stock_journal (seq),
        qty                REAL NOT NULL CHECK (qty >= 0),
        remaining          REAL NOT NULL CHECK (remaining >= 0),
        best_before        TEXT CHECK (best_before IS NULL OR best_before GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        purchased_on       TEXT NOT NULL,
        purchased_at       TEXT NOT NULL,
        unit_cost_minor    INTEGER,
        -- the item's unit cost before and after this purchase (moving average), to undo it
        cost_before_minor  INTEGER,
        cost_after_minor   INTEGER
      ) STRICT;
      CREATE INDEX stock_lots_open ON stock_lots (item_id, best_before) WHERE remaining > 0;
      CREATE INDEX stock_lots_expiring ON stock_lots (best_before) WHERE remaining > 0 AND best_before IS NOT NULL;
      CREATE UNIQUE INDEX stock_lots_entry ON stock_lots (entry_seq) WHERE entry_seq IS NOT NULL;

      CREATE TABLE stock_lot_draws (
        entry_seq  INTEGER NOT NULL REFERENCES stock_journal (seq),
        lot_id     INTEGER NOT NULL REFERENCES stock_lots (id),
        qty        REAL NOT NULL CHECK (qty > 0),
        PRIMARY KEY (entry_seq, lot_id)
      ) STRICT;

      INSERT INTO stock_lots (item_id, entry_seq, qty, remaining, best_before, purchased_on, purchased_at)
        SELECT item_id, NULL, round(sum(qty), 3), round(sum(qty), 3), NULL,
               date(max(occurred_day) * 86400, 'unixepoch'), max(occurred_at)
        FROM stock_journal GROUP BY item_id HAVING round(sum(qty), 3) > 0;

      DROP INDEX items_barcode;
      CREATE UNIQUE INDEX items_barcode ON items (barcode) WHERE barcode IS NOT NULL AND archived_at IS NULL;
    `);
  },
};
