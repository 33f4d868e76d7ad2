/**
 * Playbook definitions (versioned) and runs in SQLite, and the run view the contract
 * returns: the pinned definition merged with each step's progress, and for todo steps
 * why they are blocked now.
 */
import {
  BUILTIN_PLAYBOOK_KEYS,
  EngineError,
  GO_LIVE_PLAYBOOK,
  type Health,
  type PlaybookDefinition,
  type PlaybookRun,
  type PlaybookRunSummary,
  type PlaybookStep,
  type RunStep,
  type StepEvidence,
} from '../../../../shared/contract';
import { BAND_NAMES, bandAllows, type Band } from '../../../../shared/domain/bands';
import { sql, type Db } from '../../db/connection';

type DefinitionRow = { key: string; version: number; title: string; definition_json: string; builtin: number; created_by: string; created_at: string };

export type RunRow = {
  id: string;
  key: string;
  version: number;
  status: PlaybookRun['status'];
  started_at: string;
  started_by: string;
  started_by_id: string | null;
  session_id: string | null;
  ended_at: string | null;
  ended_by: string | null;
  ended_by_id: string | null;
  abandon_reason: string | null;
};

export type StepRow = {
  run_id: string;
  position: number;
  step_key: string;
  status: 'todo' | 'done' | 'skipped';
  by: string | null;
  by_id: string | null;
  at: string | null;
  evidence_json: string | null;
  skip_reason: string | null;
  decision_id: string | null;
};

/** What decides whether a step may run now: the current band and health. */
export interface StepConditions {
  band: Band;
  health: Health;
}

export const isBuiltinKey = (key: string): boolean => (BUILTIN_PLAYBOOK_KEYS as readonly string[]).includes(key);

function toDefinition(r: DefinitionRow): PlaybookDefinition {
  const body = JSON.parse(r.definition_json) as { description: string; steps: PlaybookStep[] };
  return { key: r.key, version: r.version, title: r.title, description: body.description, builtin: isBuiltinKey(r.key), steps: body.steps, createdAt: r.created_at, createdBy: r.created_by };
}

/** The latest version of `key`, or null when the key was never defined. */
export function latestDefinition(db: Db, key: string): PlaybookDefinition | null {
  const row = sql(db, 'SELECT * FROM playbook_definitions WHERE key = ? ORDER BY version DESC LIMIT 1').get(key) as DefinitionRow | undefined;
  return row ? toDefinition(row) : null;
}

/** One version (the latest when `version` is undefined). Throws EngineError `not_found`. */
export function getDefinition(db: Db, key: string, version?: number): PlaybookDefinition {
  const def =
    version === undefined
      ? latestDefinition(db, key)
      : (() => {
          const row = sql(db, 'SELECT * FROM playbook_definitions WHERE key = ? AND version = ?').get(key, version) as DefinitionRow | undefined;
          return row ? toDefinition(row) : null;
        })();
  if (!def) throw new EngineError('not_found', version === undefined ? `no playbook "${key}"` : `no version ${version} of playbook "${key}"`);
  return def;
}

/** Every version of `key`, oldest first (empty for an unknown key). */
export function definitionVersions(db: Db, key: string): { version: number; createdAt: string; createdBy: string }[] {
  return (sql(db, 'SELECT version, created_at, created_by FROM playbook_definitions WHERE key = ? ORDER BY version').all(key) as { version: number; created_at: string; created_by: string }[]).map((r) => ({
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

/** Every key's latest definition, built-ins first, then by title. */
export function latestDefinitions(db: Db): PlaybookDefinition[] {
  const rows = sql(db, 'SELECT d.* FROM playbook_definitions d WHERE d.version = (SELECT max(version) FROM playbook_definitions WHERE key = d.key)').all() as DefinitionRow[];
  return rows.map(toDefinition).sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.title.localeCompare(b.title));
}

/** Throws EngineError `not_found` for an unknown run. */
export function runRow(db: Db, id: string): RunRow {
  const row = sql(db, 'SELECT * FROM playbook_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw new EngineError('not_found', `no playbook run ${id}`);
  return row;
}

/** A run's step rows in position order. */
export function stepRows(db: Db, runId: string): StepRow[] {
  return sql(db, 'SELECT * FROM playbook_run_steps WHERE run_id = ? ORDER BY position').all(runId) as StepRow[];
}

/** The active run of playbook `key`, or null (the schema allows one). */
export function activeRunOf(db: Db, key: string): RunRow | null {
  return (sql(db, "SELECT * FROM playbook_runs WHERE key = ? AND status = 'active'").get(key) as RunRow | undefined) ?? null;
}

/** When a run of `key` last completed (ISO instant), null if none ever did. */
export function lastCompletedAt(db: Db, key: string): string | null {
  const row = sql(db, "SELECT max(ended_at) AS at FROM playbook_runs WHERE key = ? AND status = 'completed'").get(key) as { at: string | null };
  return row.at;
}

/** Whether a Go-live run has ever completed (the gate on turning execution on directly). */
export function goLiveCompleted(db: Db): boolean {
  return sql(db, "SELECT 1 AS found FROM playbook_runs WHERE key = ? AND status = 'completed' LIMIT 1").get(GO_LIVE_PLAYBOOK) !== undefined;
}

/**
 * Why a step cannot run now because of band or health (not order): the band is below its
 * minimum band (`bandAllows`), or health is red and the step's `redBlocks` is set.
 */
export function conditionReasons(step: PlaybookStep, c: StepConditions): string[] {
  const reasons: string[] = [];
  if (step.minBand && !bandAllows(c.band, step.minBand)) {
    reasons.push(`band ${c.band} (${BAND_NAMES[c.band]}) is below this step's minimum band ${step.minBand} (${BAND_NAMES[step.minBand]})`);
  }
  if (step.redBlocks && c.health.level === 'red') {
    reasons.push(`health is red: ${c.health.reasons.filter((r) => r.level === 'red').map((r) => r.message).join('; ')}`);
  }
  return reasons;
}

const NO_EVIDENCE: StepEvidence = { note: null, number: null, attachmentSha256: null, receiptId: null, decisionId: null, approvalId: null, bundleSha256: null };

/**
 * The run as the contract shows it. `conditions` are now's band and health; for an active
 * run each todo step lists why it is blocked (band, health, an earlier step not done), and
 * a todo step blocked by band or health has status `blocked`.
 */
export function runView(db: Db, id: string, conditions: StepConditions): PlaybookRun {
  const run = runRow(db, id);
  const def = getDefinition(db, run.key, run.version);
  const rows = new Map(stepRows(db, id).map((r) => [r.step_key, r]));
  const active = run.status === 'active';
  let firstTodo: { position: number; title: string } | null = null;
  const steps: RunStep[] = def.steps.map((step, i) => {
    const row = rows.get(step.key);
    const stored = row?.status ?? 'todo';
    const position = i + 1;
    let blockedBy: string[] = [];
    let current = false;
    if (active && stored === 'todo') {
      const waiting = firstTodo ? [`step ${firstTodo.position} "${firstTodo.title}" is not done yet`] : [];
      current = firstTodo === null;
      firstTodo ??= { position, title: step.title };
      blockedBy = [...conditionReasons(step, conditions), ...waiting];
    }
    const conditionBlocked = active && stored === 'todo' && conditionReasons(step, conditions).length > 0;
    return {
      ...step,
      position,
      requiredEvidence: step.evidence,
      status: conditionBlocked ? 'blocked' : stored,
      current,
      blockedBy,
      by: row?.by ?? null,
      byId: row?.by_id ?? null,
      at: row?.at ?? null,
      evidence: row?.evidence_json ? { ...NO_EVIDENCE, ...(JSON.parse(row.evidence_json) as Partial<StepEvidence>) } : null,
      skipReason: row?.skip_reason ?? null,
      decisionId: row?.decision_id ?? null,
    };
  });
  const current = steps.find((s) => s.current) ?? null;
  return {
    id: run.id,
    key: run.key,
    version: run.version,
    title: def.title,
    description: def.description,
    builtin: def.builtin,
    status: run.status,
    startedAt: run.started_at,
    startedBy: run.started_by,
    startedById: run.started_by_id,
    sessionId: run.session_id,
    endedAt: run.ended_at,
    endedBy: run.ended_by,
    abandonReason: run.abandon_reason,
    progress: { done: steps.filter((s) => s.status === 'done').length, skipped: steps.filter((s) => s.status === 'skipped').length, total: steps.length },
    currentStepKey: current?.key ?? null,
    currentStepTitle: current?.title ?? null,
    steps,
  };
}

/** The run without its steps (lists). */
export function runSummary(db: Db, id: string, conditions: StepConditions): PlaybookRunSummary {
  const { steps: _steps, description: _description, ...summary } = runView(db, id, conditions);
  return summary;
}
