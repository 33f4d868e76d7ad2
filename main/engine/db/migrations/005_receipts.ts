/**
 * 005 — receipts: the vault (with line items and attachments) and its full-text index
 * (FTS5 over vendor, notes, tags and OCR text).
 */
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'receipts',
  up(db) {
    db.exec(`
      CREATE TABLE receipts (
        rowid_key          INTEGER PRIMARY KEY,
        id                 TEXT NOT NULL UNIQUE,
        status             TEXT NOT NULL CHECK (status IN ('needs_attention','complete','void')),
        vendor             TEXT,
        vendor_key         TEXT,
        date               TEXT,
        total_minor        INTEGER CHECK (total_minor >= 0),
        currency           TEXT NOT NULL,
        tax_minor          INTEGER CHECK (tax_minor >= 0),
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
      CREATE INDEX receipts_date ON receipts (date, id);
      CREATE INDEX receipts_status ON receipts (status, id);
      CREATE INDEX receipts_dupes ON receipts (vendor_key, total_minor, date);
      CREATE UNIQUE INDEX receipts_source ON receipts (source, source_ref) WHERE source_ref IS NOT NULL;

      CREATE TABLE receipt_lines (
        receipt_id    TEXT NOT NULL REFERENCES receipts (id),
        idx           INTEGER NOT NULL,
        description   TEXT NOT NULL,
        qty           REAL NOT NULL,
        amount_minor  INTEGER NOT NULL,
        PRIMARY KEY (receipt_id, idx)
      ) STRICT;

      CREATE TABLE receipt_attachments (
        receipt_id  TEXT NOT NULL REFERENCES receipts (id),
        sha256      TEXT NOT NULL,
        name        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        PRIMARY KEY (receipt_id, sha256)
      ) STRICT;

      -- Contentless index keyed by receipts.rowid_key, kept in step by the receipts store;
      -- prefix indexes make search-as-you-type on one to three letters fast.
      CREATE VIRTUAL TABLE receipts_fts USING fts5 (vendor, notes, tags, ocr_text, content = '', contentless_delete = 1, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2');
    `);
  },
};
