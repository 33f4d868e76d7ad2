/**
 * Turning execution on the only way a new database can: a Go-live run with each step
 * completed. Free of vitest, so the e2e fixtures and the benchmarks use it too.
 */
import type { Engine } from '../../main/engine/types';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }, what: string): T {
  if (!result.ok) throw new Error(`go-live: ${what} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Starts a Go-live run and completes each step with a short note (the built-in's
 * evidence). Runs as `operatorId`, else the current operator, who must be an owner or
 * admin (the last step turns execution on). Returns the completed run; throws on any refusal.
 */
export function goLive(engine: Engine, operatorId?: string) {
  const ctx = operatorId ? { operatorId } : {};
  const run = unwrap(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute', ctx), 'playbooks.start').result;
  let last = run;
  for (const step of run.steps) {
    const evidence = { note: `${step.title}: checked` };
    last = unwrap(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: step.key, evidence }, 'execute', ctx), `step ${step.key}`).result;
  }
  return last;
}
