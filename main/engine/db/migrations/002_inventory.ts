/**
 * 002 — inventory: locations, items, the stock journal (the truth), per-item statistics
 * kept incrementally for forecasts, and the record of imports.
 */
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'inventory',
  up(db) {
    db.exec(`
      CREATE TABLE locations (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        archived_at  TEXT,
        created_at   TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX locations_name ON locations (name COLLATE NOCASE) WHERE archived_at IS NULL;

      CREATE TABLE items (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        sku              TEXT,
        barcode          TEXT,
        unit             TEXT NOT NULL DEFAULT 'pcs',
        category         TEXT,
        location_id      TEXT REFERENCES locations (id),
        min_qty          REAL NOT NULL DEFAULT 0 CHECK (min_qty >= 0),
        target_qty       REAL NOT NULL DEFAULT 0 CHECK (target_qty >= 0),
        lead_time_days   INTEGER NOT NULL DEFAULT 7 CHECK (lead_time_days >= 0),
        shelf_life_days  INTEGER CHECK (shelf_life_days > 0),
        unit_cost_minor  INTEGER CHECK (unit_cost_minor >= 0),
        source           TEXT NOT NULL DEFAULT 'manual',
        archived_at      TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX items_sku ON items (sku) WHERE sku IS NOT NULL;
      CREATE UNIQUE INDEX items_barcode ON items (barcode) WHERE barcode IS NOT NULL;
      CREATE INDEX items_category ON items (category);

      -- The truth: on-hand is derived. qty is the signed change of on-hand (+ in, - out).
      -- occurred_day is the calendar day in the household time zone, as days since 1970-01-01.
      CREATE TABLE stock_journal (
        seq              INTEGER PRIMARY KEY,
        item_id          TEXT NOT NULL REFERENCES items (id),
        kind             TEXT NOT NULL CHECK (kind IN ('purchase','consume','sale','spoil','adjust','transfer','return')),
        qty              REAL NOT NULL,
        location_id      TEXT REFERENCES locations (id),
        occurred_at      TEXT NOT NULL,
        occurred_day     INTEGER NOT NULL,
        unit_cost_minor  INTEGER,
        source           TEXT NOT NULL CHECK (source IN ('manual','receipt','import','scheduler')),
        source_ref       TEXT,
        note             TEXT,
        reverses_seq     INTEGER REFERENCES stock_journal (seq),
        decision_id      TEXT
      ) STRICT;
      CREATE INDEX stock_journal_item_day ON stock_journal (item_id, occurred_day);
      CREATE UNIQUE INDEX stock_journal_reverses ON stock_journal (reverses_seq) WHERE reverses_seq IS NOT NULL;

      -- Derived, kept current by every journal write, so lists and the rollup never rescan
      -- the journal. ew_* is the forecast's exponentially weighted demand state as of ew_day.
      CREATE TABLE item_stats (
        item_id             TEXT PRIMARY KEY REFERENCES items (id),
        on_hand             REAL NOT NULL DEFAULT 0,
        ew_num              REAL NOT NULL DEFAULT 0,
        ew_den              REAL NOT NULL DEFAULT 0,
        ew_day              INTEGER,
        demand_days         INTEGER NOT NULL DEFAULT 0,
        first_demand_day    INTEGER,
        last_demand_day     INTEGER,
        weekly_mean         REAL NOT NULL DEFAULT 0,
        weekly_sd           REAL NOT NULL DEFAULT 0,
        history_weeks       INTEGER NOT NULL DEFAULT 0,
        last_movement_at    TEXT
      ) STRICT;

      -- Alerts about one thing (an item running low) name it, so they are raised once.
      ALTER TABLE alerts ADD COLUMN entity TEXT;
      ALTER TABLE alerts ADD COLUMN entity_id TEXT;
      CREATE INDEX alerts_entity ON alerts (entity, entity_id, kind) WHERE acknowledged_at IS NULL;

      CREATE TABLE imports (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        file_sha256   TEXT NOT NULL,
        file_name     TEXT,
        at            TEXT NOT NULL,
        decision_id   TEXT NOT NULL,
        summary_json  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX imports_file ON imports (kind, file_sha256);
    `);
  },
};
