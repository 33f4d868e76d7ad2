/**
 * 013 — refunds: a receipt's total and tax may be negative (a refund or credit note, money
 * back). SQLite cannot drop a CHECK constraint in place, so the receipts table is rebuilt
 * with the same columns, rows and rowid keys (the contentless full-text index is keyed by
 * them) and its indexes; the engine keeps tax and total consistent (`receiptTaxProblem`).
 *
 * The tables whose foreign keys name `receipts` keep naming it. Inside the migration's
 * transaction foreign keys cannot be turned off, so they are deferred: dropping the old
 * table leaves their rows without a parent for a moment, and inserting the same ids into
 * the new table gives each its parent back before the commit checks (a row truly left
 * without one still fails the commit).
 */
import type { Migration } from './types';

export const migration013: Migration = {
  version: 13,
  name: 'receipt refunds',
  up(db) {
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE receipts_before_013 AS SELECT * FROM receipts;
      DROP TABLE receipts;
      CREATE TABLE receipts (
        rowid_key          INTEGER PRIMARY KEY,
        id                 TEXT NOT NULL UNIQUE,
        status             TEXT NOT NULL CHECK (status IN ('needs_attention','complete','void')),
        vendor             TEXT,
        vendor_key         TEXT,
        date               TEXT,
        total_minor        INTEGER,
        currency           TEXT NOT NULL,
        tax_minor          INTEGER,
        category           TEXT,
        payment_method     TEXT,
        tags_json          TEXT NOT NULL DEFAULT '[]',
        notes              TEXT,
        address            TEXT,
        ocr_text           TEXT,
        source             TEXT NOT NULL,
        source_ref         TEXT,
        void_reason        TEXT,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL
      ) STRICT;
      INSERT INTO receipts (rowid_key, id, status, vendor, vendor_key, date, total_minor, currency, tax_minor, category, payment_method, tags_json, notes, address, ocr_text, source, source_ref, void_reason, created_at, updated_at)
        SELECT rowid_key, id, status, vendor, vendor_key, date, total_minor, currency, tax_minor, category, payment_method, tags_json, notes, address, ocr_text, source, source_ref, void_reason, created_at, updated_at
        FROM receipts_before_013;
      DROP TABLE receipts_before_013;
      CREATE INDEX receipts_date ON receipts (date, id);
      CREATE INDEX receipts_status ON receipts (status, id);
      CREATE INDEX receipts_dupes ON receipts (vendor_key, total_minor, date);
      CREATE UNIQUE INDEX receipts_source ON receipts (source, source_ref) WHERE source_ref IS NOT NULL;
    `);
  },
};
