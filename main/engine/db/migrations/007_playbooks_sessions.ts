/**
 * 007 — playbooks and sessions: versioned playbook definitions, runs and their steps,
 * work sessions (one active at a time, enforced by a partial unique index), and the
 * indexes that count what happened during a session.
 *
 * `decisions.session_id` and `audit_events.session_id` exist since 001 (always null until
 * now). The audit hash has always covered `sessionId` (audit.ts), so rows written before
 * and after this migration verify with the same rule: old rows hash their null.
 * Built-in playbook definitions are seeded on engine start (domains/playbooks/builtins.ts).
 */
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'playbooks_sessions',
  up(db) {
    db.exec(`
      CREATE TABLE playbook_definitions (
        key              TEXT NOT NULL,
        version          INTEGER NOT NULL CHECK (version >= 1),
        title            TEXT NOT NULL,
        definition_json  TEXT NOT NULL,
        builtin          INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0,1)),
        created_by       TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        PRIMARY KEY (key, version)
      ) STRICT;

      -- A run pins the definition version it started with.
      CREATE TABLE playbook_runs (
        id              TEXT PRIMARY KEY,
        key             TEXT NOT NULL,
        version         INTEGER NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('active','completed','abandoned')),
        started_at      TEXT NOT NULL,
        started_by      TEXT NOT NULL,
        started_by_id   TEXT,
        session_id      TEXT,
        ended_at        TEXT,
        ended_by        TEXT,
        ended_by_id     TEXT,
        abandon_reason  TEXT,
        FOREIGN KEY (key, version) REFERENCES playbook_definitions (key, version)
      ) STRICT;
      CREATE UNIQUE INDEX playbook_runs_one_active ON playbook_runs (key) WHERE status = 'active';
      CREATE INDEX playbook_runs_key ON playbook_runs (key, id);
      CREATE INDEX playbook_runs_status ON playbook_runs (status, id);

      -- Stored status is todo, done or skipped; "blocked" is computed when read.
      CREATE TABLE playbook_run_steps (
        run_id         TEXT NOT NULL REFERENCES playbook_runs (id),
        position       INTEGER NOT NULL CHECK (position >= 1),
        step_key       TEXT NOT NULL,
        status         TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo','done','skipped')),
        by             TEXT,
        by_id          TEXT,
        at             TEXT,
        evidence_json  TEXT,
        skip_reason    TEXT,
        decision_id    TEXT,
        PRIMARY KEY (run_id, position),
        UNIQUE (run_id, step_key)
      ) STRICT;

      CREATE TABLE sessions (
        id             TEXT PRIMARY KEY,
        status         TEXT NOT NULL CHECK (status IN ('active','ended')),
        started_at     TEXT NOT NULL,
        started_by     TEXT NOT NULL,
        started_by_id  TEXT,
        start_notes    TEXT,
        snapshot_json  TEXT NOT NULL,
        ended_at       TEXT,
        ended_by       TEXT,
        ended_by_id    TEXT,
        end_notes      TEXT,
        summary_json   TEXT
      ) STRICT;
      CREATE UNIQUE INDEX sessions_one_active ON sessions (status) WHERE status = 'active';
      CREATE INDEX sessions_started ON sessions (started_at);

      CREATE INDEX decisions_session ON decisions (session_id, id) WHERE session_id IS NOT NULL;
      CREATE INDEX audit_events_session ON audit_events (session_id, seq) WHERE session_id IS NOT NULL;
      CREATE INDEX stock_journal_decision ON stock_journal (decision_id) WHERE decision_id IS NOT NULL;
    `);
  },
};
