/**
 * 001 — the governance core: settings, operators, governance state, decisions,
 * the append-only hash-chained audit log, alerts.
 */
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE operators (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('owner','admin','approver','bookkeeper','buyer','staff','auditor','guest')),
        pin_hash    TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT
      ) STRICT;
      CREATE UNIQUE INDEX operators_name ON operators (name COLLATE NOCASE);

      CREATE TABLE governance_state (
        id                  INTEGER PRIMARY KEY CHECK (id = 1),
        go_live             INTEGER NOT NULL DEFAULT 0 CHECK (go_live IN (0,1)),
        go_live_changed_at  TEXT,
        go_live_changed_by  TEXT,
        kill_engaged        INTEGER NOT NULL DEFAULT 0 CHECK (kill_engaged IN (0,1)),
        kill_reason         TEXT,
        kill_engaged_at     TEXT,
        kill_engaged_by     TEXT,
        band                TEXT NOT NULL DEFAULT 'B' CHECK (band IN ('A','B','C','D')),
        band_reason         TEXT,
        band_set_at         TEXT,
        band_set_by         TEXT
      ) STRICT;
      INSERT INTO governance_state (id) VALUES (1);

      CREATE TABLE decisions (
        id             TEXT PRIMARY KEY,
        at             TEXT NOT NULL,
        operator_id    TEXT,
        operator_name  TEXT,
        session_id     TEXT,
        action         TEXT NOT NULL,
        mode           TEXT NOT NULL CHECK (mode IN ('plan','execute')),
        status         TEXT NOT NULL CHECK (status IN ('OK','BLOCKED','PENDING_APPROVAL','INVALID','ERROR')),
        reason         TEXT,
        error_code     TEXT,
        gates_json     TEXT NOT NULL,
        risk_bucket    TEXT CHECK (risk_bucket IN ('GREEN','YELLOW','RED','UNKNOWN')),
        params_json    TEXT NOT NULL,
        params_sha256  TEXT NOT NULL,
        result_json    TEXT,
        result_sha256  TEXT
      ) STRICT;
      CREATE INDEX decisions_at ON decisions (at);
      CREATE INDEX decisions_status ON decisions (status, id);
      CREATE INDEX decisions_action ON decisions (action, id);
      CREATE INDEX decisions_operator ON decisions (operator_id, id);

      CREATE TABLE audit_events (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL,
        at           TEXT NOT NULL,
        operator_id  TEXT,
        session_id   TEXT,
        decision_id  TEXT,
        action       TEXT NOT NULL,
        entity       TEXT NOT NULL,
        entity_id    TEXT,
        before_json  TEXT NOT NULL,
        after_json   TEXT NOT NULL,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_decision ON audit_events (decision_id);
      CREATE INDEX audit_events_entity ON audit_events (entity, seq);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END;

      CREATE TABLE alerts (
        id               TEXT PRIMARY KEY,
        at               TEXT NOT NULL,
        severity         TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
        kind             TEXT NOT NULL,
        message          TEXT NOT NULL,
        acknowledged_at  TEXT,
        acknowledged_by  TEXT,
        note             TEXT
      ) STRICT;
      CREATE INDEX alerts_open ON alerts (acknowledged_at, at);
    `);
  },
};
