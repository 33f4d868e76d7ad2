/**
 * 016 — receipt capture (issue 17): a receipt made from a scan, photo or PDF keeps what was
 * read from it and what was proposed, until the operator confirms or corrects the fields;
 * what they changed is kept as the measure of the extractor.
 *
 * - `receipts.needs_review`: 1 while a captured receipt's proposed fields await the
 *   operator's confirmation (it stays in the triage inbox even with every field filled).
 * - `receipt_captures`: one row per captured receipt: the file read, its pages (size, how
 *   they were read, rotation, and the stored page image the boxes refer to when it is not
 *   the file itself), the proposed fields with confidence and box, the extractor's version,
 *   how long the read took; at confirmation, the confirmed values and per field whether the
 *   proposal was accepted, corrected or added (no proposal).
 */
import type { Migration } from './types';

export const migration016: Migration = {
  version: 16,
  name: 'receipt captures',
  up(db) {
    db.exec(`
      ALTER TABLE receipts ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1));
      CREATE TABLE receipt_captures (
        receipt_id        TEXT PRIMARY KEY REFERENCES receipts(id),
        file_sha256       TEXT NOT NULL,
        file_name         TEXT NOT NULL,
        media_type        TEXT NOT NULL,
        pages_json        TEXT NOT NULL,
        proposed_json     TEXT NOT NULL,
        confidence        REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        extractor         TEXT NOT NULL,
        read_ms           INTEGER NOT NULL CHECK (read_ms >= 0),
        status            TEXT NOT NULL CHECK (status IN ('proposed','confirmed')),
        confirmed_json    TEXT,
        corrections_json  TEXT,
        confirmed_by      TEXT,
        confirmed_at      TEXT,
        created_at        TEXT NOT NULL,
        CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
      );
      CREATE INDEX receipt_captures_file ON receipt_captures(file_sha256);
      CREATE INDEX receipt_captures_status ON receipt_captures(status, confirmed_at);
    `);
  },
};
