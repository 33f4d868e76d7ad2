/**
 * 004 — the scheduler's persisted runs: one row per (job, scheduled time), so a run
 * happens once, whichever process or restart gets there first.
 */
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'scheduler',
  up(db) {
    db.exec(`
      CREATE TABLE job_runs (
        job            TEXT NOT NULL,
        scheduled_for  TEXT NOT NULL,
        started_at     TEXT NOT NULL,
        finished_at    TEXT,
        status         TEXT NOT NULL CHECK (status IN ('running','ok','refused','failed')),
        decision_id    TEXT,
        message        TEXT,
        PRIMARY KEY (job, scheduled_for)
      ) STRICT;
    `);
  },
};
