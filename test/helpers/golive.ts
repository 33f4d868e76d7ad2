/**
 * Turning execution on the only way a new database can: a Go-live run with each step
 * completed. Free of vitest, so the e2e fixtures and the benchmarks use it too.
 */
import type { Engine } from '../../main/engine/types';
import { unwrap, type Envelope } from './unwrap';

/** The value of a go-live step's envelope; throws `go-live: <what> failed: <code>: <message>`. */
const unwrapStep = <T>(result: Envelope<T>, what: string): T => unwrap(result, `go-live: ${what} failed`);

/** Steps that need a backup made first (async): skipped here, with the reason recorded; see `goLiveWithBackup`. */
export const BACKUP_STEPS = new Set(['backup-folder', 'scheduler-review']);

/**
 * Starts a Go-live run and completes each step with a short note (the built-in's
 * evidence); the backup folder and scheduler steps, which complete only once a backup is
 * verified, are skipped with a reason (tests that exercise them make a backup first).
 * Runs as `operatorId`, else the current operator, who must be an owner or admin (the
 * last step turns execution on). Returns the completed run; throws on any refusal.
 */
export function goLive(engine: Engine, operatorId?: string) {
  const ctx = operatorId ? { operatorId } : {};
  const run = unwrapStep(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute', ctx), 'playbooks.start').result;
  let last = run;
  for (const step of run.steps) {
    if (BACKUP_STEPS.has(step.key)) {
      last = unwrapStep(engine.dispatch('playbooks.skipStep', { runId: run.id, stepKey: step.key, reason: 'no backups in this test database' }, 'execute', ctx), `skip ${step.key}`).result;
      continue;
    }
    const evidence = { note: `${step.title}: checked` };
    last = unwrapStep(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: step.key, evidence }, 'execute', ctx), `step ${step.key}`).result;
  }
  return last;
}
