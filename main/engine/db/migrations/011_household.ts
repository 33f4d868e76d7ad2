/**
 * 011 — the household's week: the shopping list, schedule entries (needs, chores,
 * reminders, bills) and their occurrences, notifications; ledger entries and purchases
 * learn where they came from; scheduler runs record how they were triggered.
 */
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'household',
  up(db) {
    db.exec(`
      CREATE TABLE schedule_entries (
        id                  TEXT PRIMARY KEY,
        kind                TEXT NOT NULL CHECK (kind IN ('need','bill','chore','reminder')),
        title               TEXT NOT NULL,
        notes               TEXT,
        due_date            TEXT NOT NULL,
        rrule               TEXT,
        item_id             TEXT REFERENCES items (id),
        qty                 REAL,
        est_total_minor     INTEGER,
        category            TEXT,
        remind_days_before  INTEGER NOT NULL DEFAULT 3,
        payee               TEXT,
        amount_minor        INTEGER,
        account_id          TEXT REFERENCES ledger_accounts (id),
        autopay             INTEGER NOT NULL DEFAULT 0,
        active              INTEGER NOT NULL DEFAULT 1,
        created_by          TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        CHECK (kind != 'bill' OR (payee IS NOT NULL AND amount_minor > 0))
      ) STRICT;
      CREATE INDEX schedule_entries_kind ON schedule_entries (kind, active);

      -- One row per handled occurrence: done, skipped or paid. Open ones are computed from the rule.
      CREATE TABLE schedule_occurrences (
        entry_id         TEXT NOT NULL REFERENCES schedule_entries (id),
        occurrence_date  TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('done','skipped','paid')),
        at               TEXT NOT NULL,
        by               TEXT NOT NULL,
        decision_id      TEXT NOT NULL,
        ledger_entry_id  TEXT REFERENCES ledger_entries (id),
        note             TEXT,
        PRIMARY KEY (entry_id, occurrence_date)
      ) STRICT;

      CREATE TABLE shopping_items (
        id                  TEXT PRIMARY KEY,
        name                TEXT NOT NULL,
        item_id             TEXT REFERENCES items (id),
        qty                 REAL,
        est_total_minor     INTEGER,
        category            TEXT NOT NULL,
        status              TEXT NOT NULL CHECK (status IN ('open','bought','cancelled')),
        source              TEXT NOT NULL CHECK (source IN ('manual','quick_add','low_stock','forecast','need')),
        reason              TEXT,
        schedule_entry_id   TEXT REFERENCES schedule_entries (id),
        occurrence_date     TEXT,
        approval_id         TEXT REFERENCES approvals (id),
        note                TEXT,
        actual_total_minor  INTEGER,
        account_id          TEXT REFERENCES ledger_accounts (id),
        payment_method      TEXT,
        receipt_id          TEXT REFERENCES receipts (id),
        ledger_entry_id     TEXT REFERENCES ledger_entries (id),
        bought_at           TEXT,
        created_by          TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL
      ) STRICT;
      -- generating never duplicates an open item for the same stock item, nor a need's occurrence
      CREATE UNIQUE INDEX shopping_open_item ON shopping_items (item_id) WHERE status = 'open' AND item_id IS NOT NULL;
      CREATE UNIQUE INDEX shopping_need_occurrence ON shopping_items (schedule_entry_id, occurrence_date) WHERE schedule_entry_id IS NOT NULL;
      CREATE INDEX shopping_status ON shopping_items (status, created_at);
      CREATE INDEX shopping_cancelled_item ON shopping_items (item_id, updated_at) WHERE status = 'cancelled';

      CREATE TABLE notifications (
        id          TEXT PRIMARY KEY,
        at          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        title       TEXT NOT NULL,
        body        TEXT NOT NULL,
        route       TEXT,
        entity      TEXT,
        entity_id   TEXT,
        -- one notification per thing to say (a bill's occurrence due, a reminder's day)
        dedupe_key  TEXT NOT NULL UNIQUE,
        read_at     TEXT,
        read_by     TEXT
      ) STRICT;
      CREATE INDEX notifications_unread ON notifications (read_at, at);

      ALTER TABLE ledger_entries ADD COLUMN source_ref TEXT;
      CREATE UNIQUE INDEX ledger_entries_source_ref ON ledger_entries (source_ref) WHERE source_ref IS NOT NULL;

      ALTER TABLE purchases ADD COLUMN account_id TEXT REFERENCES ledger_accounts (id);
      ALTER TABLE purchases ADD COLUMN payment_method TEXT;
      ALTER TABLE purchases ADD COLUMN ledger_entry_id TEXT REFERENCES ledger_entries (id);

      ALTER TABLE job_runs ADD COLUMN trigger TEXT NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule','catch-up','manual'));
      CREATE INDEX job_runs_started ON job_runs (started_at);
    `);
  },
};
