/**
 * 003 — spending governance: band policy, spend-cap policies and daily usage (with
 * reservations and owner overrides), approvals, purchase requests.
 *
 * Seeded defaults (DOMAIN.md): approval thresholds A 500.00, B 200.00, C 50.00, D every
 * spend; GLOBAL caps of 1,000.00 spend, 50 spends and 250.00 loss per day (the seeds'
 * 250.00 daily loss cap).
 */
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'spending',
  up(db) {
    db.exec(`
      CREATE TABLE band_policy (
        band                      TEXT PRIMARY KEY CHECK (band IN ('A','B','C','D')),
        approval_threshold_minor  INTEGER CHECK (approval_threshold_minor >= 0),
        allowed_categories_json   TEXT,
        updated_at                TEXT,
        updated_by                TEXT
      ) STRICT;
      INSERT INTO band_policy (band, approval_threshold_minor) VALUES ('A', 50000), ('B', 20000), ('C', 5000), ('D', NULL);

      -- The least permissive band in which an action may run, set by an owner; overrides
      -- the contract's default minBand for that action.
      CREATE TABLE action_min_band (
        action      TEXT PRIMARY KEY,
        band        TEXT NOT NULL CHECK (band IN ('A','B','C','D')),
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE cap_policy (
        scope                   TEXT PRIMARY KEY,
        daily_spend_cap_minor   INTEGER CHECK (daily_spend_cap_minor >= 0),
        daily_count_cap         INTEGER CHECK (daily_count_cap >= 0),
        daily_loss_cap_minor    INTEGER CHECK (daily_loss_cap_minor >= 0),
        updated_at              TEXT,
        updated_by              TEXT
      ) STRICT;
      INSERT INTO cap_policy (scope, daily_spend_cap_minor, daily_count_cap, daily_loss_cap_minor) VALUES ('GLOBAL', 100000, 50, 25000);

      -- One row per (household day, scope). reserved_minor is held by spends in flight;
      -- override_minor is what an owner added to today's spend cap.
      CREATE TABLE cap_usage (
        day             TEXT NOT NULL,
        scope           TEXT NOT NULL,
        spent_minor     INTEGER NOT NULL DEFAULT 0,
        count           INTEGER NOT NULL DEFAULT 0,
        loss_minor      INTEGER NOT NULL DEFAULT 0,
        reserved_minor  INTEGER NOT NULL DEFAULT 0 CHECK (reserved_minor >= 0),
        override_minor  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, scope)
      ) STRICT;

      CREATE TABLE approvals (
        id                    TEXT PRIMARY KEY,
        status                TEXT NOT NULL CHECK (status IN ('pending','approved','denied','expired','cancelled','used')),
        action                TEXT NOT NULL,
        target                TEXT NOT NULL,
        title                 TEXT NOT NULL,
        reason                TEXT,
        amount_ceiling_minor  INTEGER NOT NULL CHECK (amount_ceiling_minor >= 0),
        category              TEXT,
        band                  TEXT NOT NULL,
        risk_bucket           TEXT NOT NULL,
        params_json           TEXT NOT NULL,
        params_sha256         TEXT NOT NULL,
        requested_by          TEXT NOT NULL,
        requested_by_id       TEXT,
        requested_at          TEXT NOT NULL,
        expires_at            TEXT NOT NULL,
        decided_by            TEXT,
        decided_by_id         TEXT,
        decided_at            TEXT,
        decision_note         TEXT,
        self_approved         INTEGER NOT NULL DEFAULT 0,
        used_at               TEXT,
        used_by_decision_id   TEXT
      ) STRICT;
      CREATE INDEX approvals_binding ON approvals (action, target, params_sha256, status);
      CREATE INDEX approvals_status ON approvals (status, requested_at);

      CREATE TABLE purchases (
        id            TEXT PRIMARY KEY,
        status        TEXT NOT NULL CHECK (status IN ('DRAFT','READY','ASSESSED','APPROVED','REJECTED','REVISION_REQUIRED','EXECUTED','ARCHIVED')),
        title         TEXT NOT NULL,
        item_id       TEXT REFERENCES items (id),
        qty           REAL,
        amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
        category      TEXT NOT NULL,
        vendor        TEXT,
        quote         TEXT,
        notes         TEXT,
        risk_bucket   TEXT,
        approval_id   TEXT REFERENCES approvals (id),
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      CREATE TABLE purchase_history (
        purchase_id  TEXT NOT NULL REFERENCES purchases (id),
        at           TEXT NOT NULL,
        by           TEXT NOT NULL,
        from_status  TEXT,
        to_status    TEXT NOT NULL,
        note         TEXT
      ) STRICT;
      CREATE INDEX purchase_history_purchase ON purchase_history (purchase_id, at);
    `);
  },
};
