/**
 * 015 — automations that earn trust (issue 16; the seeds' confidence charter and regression
 * tripwire): recommendations, a charter per automation kind, KPI events, tripwire policies
 * and their evaluations.
 *
 * Seeds, as the seeds' "graceful degradation" has them: forecast reorders start in `suggest`
 * with prod use off (they must earn `auto`); needs → shopping start in `auto` with every gate
 * at zero (needs are the operator's own entries, and this build added them alone before);
 * tripwire policies start disabled.
 */
import type { Migration } from './types';

export const migration015: Migration = {
  version: 15,
  name: 'automations',
  up(db) {
    db.exec(`
      CREATE TABLE recommendations (
        id                   TEXT PRIMARY KEY,
        kind                 TEXT NOT NULL,
        subject              TEXT NOT NULL,
        title                TEXT NOT NULL,
        reason               TEXT,
        action               TEXT NOT NULL,
        params_json          TEXT NOT NULL,
        confidence           REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        -- what the proposal predicted (a forecast's run-out date and on-hand), for its KPI
        basis_json           TEXT,
        created_at           TEXT NOT NULL,
        created_by           TEXT NOT NULL,
        decision_id          TEXT NOT NULL,
        expires_at           TEXT NOT NULL,
        outcome              TEXT CHECK (outcome IN ('accepted','edited','rejected','expired','auto')),
        outcome_at           TEXT,
        outcome_by           TEXT,
        outcome_reason       TEXT,
        outcome_params_json  TEXT,
        outcome_decision_id  TEXT,
        -- when the forecast hit KPI of this proposal was recorded
        kpi_recorded_at      TEXT
      ) STRICT;
      CREATE UNIQUE INDEX recommendations_open ON recommendations (kind, subject) WHERE outcome IS NULL;
      CREATE INDEX recommendations_kind ON recommendations (kind, outcome, outcome_at);
      CREATE INDEX recommendations_pending_kpi ON recommendations (kind, created_at) WHERE kpi_recorded_at IS NULL;

      CREATE TABLE automation_charters (
        kind                 TEXT PRIMARY KEY,
        mode                 TEXT NOT NULL CHECK (mode IN ('off','suggest','auto')),
        min_confidence       REAL NOT NULL CHECK (min_confidence >= 0 AND min_confidence <= 1),
        min_trials           INTEGER NOT NULL CHECK (min_trials >= 0),
        min_acceptance_rate  REAL NOT NULL CHECK (min_acceptance_rate >= 0 AND min_acceptance_rate <= 1),
        prod_enabled         INTEGER NOT NULL CHECK (prod_enabled IN (0, 1)),
        updated_at           TEXT NOT NULL,
        updated_by           TEXT NOT NULL
      ) STRICT;
      INSERT INTO automation_charters VALUES
        ('forecast_reorder', 'suggest', 0.7, 10, 0.8, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration'),
        ('needs_shopping',   'auto',    0,   0,  0,   1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration');

      CREATE TABLE kpi_events (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        domain       TEXT NOT NULL,
        metric       TEXT NOT NULL,
        value        REAL NOT NULL,
        source       TEXT NOT NULL CHECK (source IN ('engine','operator')),
        subject      TEXT,
        recorded_by  TEXT NOT NULL,
        decision_id  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kpi_events_metric ON kpi_events (domain, metric, at);

      CREATE TABLE tripwire_policies (
        domain             TEXT NOT NULL,
        metric             TEXT NOT NULL,
        baseline_days      INTEGER NOT NULL CHECK (baseline_days >= 1),
        recent_days        INTEGER NOT NULL CHECK (recent_days >= 1),
        max_drop_pct       REAL NOT NULL CHECK (max_drop_pct > 0 AND max_drop_pct <= 100),
        action             TEXT NOT NULL CHECK (action IN ('ALERT','THROTTLE','KILL')),
        kind               TEXT,
        enabled            INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        baseline_reset_at  TEXT,
        updated_at         TEXT NOT NULL,
        updated_by         TEXT NOT NULL,
        PRIMARY KEY (domain, metric)
      ) STRICT;
      INSERT INTO tripwire_policies VALUES
        ('forecast', 'hit_rate', 28, 7, 25, 'THROTTLE', 'forecast_reorder', 0, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration'),
        ('forecast_reorder', 'acceptance', 28, 7, 25, 'THROTTLE', 'forecast_reorder', 0, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration');

      CREATE TABLE tripwire_evaluations (
        id              INTEGER PRIMARY KEY,
        at              TEXT NOT NULL,
        domain          TEXT NOT NULL,
        metric          TEXT NOT NULL,
        baseline_from   TEXT NOT NULL,
        recent_from     TEXT NOT NULL,
        baseline_count  INTEGER NOT NULL,
        baseline_mean   REAL,
        recent_count    INTEGER NOT NULL,
        recent_mean     REAL,
        drop_pct        REAL,
        max_drop_pct    REAL NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('ok','tripped','insufficient_data')),
        action_taken    TEXT NOT NULL,
        decision_id     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tripwire_evaluations_metric ON tripwire_evaluations (domain, metric, id);
    `);
  },
};
