/**
 * 010 — what leaves the machine: audit report bundles exported, backups written (with their
 * chain head, counts and whether they were verified after writing; rotation marks removed
 * ones), and an index to find the audit events of a range of days by time.
 *
 * The anchors file beside the database starts with this version: a database migrated here
 * gets a `begin` anchor at its head on first open (governance/anchors.ts).
 */
import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'reports and backups',
  up(db) {
    db.exec(`
      CREATE TABLE reports (
        id               TEXT PRIMARY KEY,
        at               TEXT NOT NULL,
        by               TEXT NOT NULL,
        from_day         TEXT NOT NULL,
        to_day           TEXT NOT NULL,
        session_id       TEXT,
        path             TEXT NOT NULL,
        sha256           TEXT NOT NULL,
        size             INTEGER NOT NULL CHECK (size >= 0),
        manifest_sha256  TEXT NOT NULL,
        head_seq         INTEGER,
        head_hash        TEXT,
        counts_json      TEXT NOT NULL,
        decision_id      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reports_sha256 ON reports (sha256);

      CREATE TABLE backups (
        id              TEXT PRIMARY KEY,
        at              TEXT NOT NULL,
        by              TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('manual','scheduled','pre-restore')),
        path            TEXT NOT NULL,
        size            INTEGER NOT NULL CHECK (size >= 0),
        sha256          TEXT NOT NULL,
        head_seq        INTEGER,
        head_hash       TEXT,
        schema_version  INTEGER NOT NULL,
        counts_json     TEXT NOT NULL,
        verified        INTEGER NOT NULL CHECK (verified IN (0,1)),
        removed_at      TEXT,
        decision_id     TEXT
      ) STRICT;
      CREATE INDEX backups_at ON backups (at);

      CREATE INDEX audit_events_at ON audit_events (at);
    `);
  },
};
