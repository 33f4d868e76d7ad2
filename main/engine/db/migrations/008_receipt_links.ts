/**
 * 008 — receipts, second step: the media type of each attachment (sniffed from its bytes
 * when attached), likely-duplicate pairs an operator dismissed (not suggested again), and
 * an index to find the stock entries a receipt bought (receipt → stock).
 */
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'receipt links',
  up(db) {
    db.exec(`
      -- Attachments stored before this version were never checked: their type is unknown.
      ALTER TABLE receipt_attachments ADD COLUMN media_type TEXT NOT NULL DEFAULT 'application/octet-stream';

      -- A pair the operator said is not a duplicate; a_id < b_id so a pair is stored once.
      CREATE TABLE receipt_duplicate_dismissals (
        a_id    TEXT NOT NULL REFERENCES receipts (id),
        b_id    TEXT NOT NULL REFERENCES receipts (id),
        reason  TEXT,
        at      TEXT NOT NULL,
        by      TEXT NOT NULL,
        PRIMARY KEY (a_id, b_id),
        CHECK (a_id < b_id)
      ) STRICT;

      CREATE INDEX stock_journal_source_ref ON stock_journal (source, source_ref) WHERE source_ref IS NOT NULL;
    `);
  },
};
