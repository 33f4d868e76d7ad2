import { describe, expect, it } from 'vitest';
import type { ActionInput, PlaybookRun, Result } from '../../shared/contract';
import type { Engine } from '../../main/engine/types';
import { closeEngine, goLive, liveEngine, must, openEngine } from '../helpers/engine';
import { BACKUP_STEPS } from '../helpers/golive';

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** A fresh database with its owner, execution still off. */
function newDatabase() {
  const opened = openEngine();
  const { owner } = must(opened.engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' }, 'execute')).result;
  return { ...opened, owner };
}

const run = (engine: Engine, id: string): PlaybookRun => must(engine.query('playbooks.run', { id }));
const state = (engine: Engine) => must(engine.query('governance.state', {}));
const decisionStatus = (error: { details?: { decision?: unknown } }) => (error.details?.decision as { status: string }).status;

const CHECKLIST: ActionInput<'playbooks.define'> = {
  key: 'stock-take',
  title: 'Stock take',
  steps: [
    { key: 'count', title: 'Count the shelves', evidence: ['number'] },
    { key: 'receipt', title: 'File the receipt', evidence: ['receipt', 'note'] },
    { key: 'sign-off', title: 'Sign off', evidence: ['note'] },
  ],
};

describe('go-live through the playbook', () => {
  it('on a fresh database, setGoLive on is refused; the Go-live run’s last step turns execution on, audited in the same decision', () => {
    const { engine, owner } = newDatabase();
    expect(must(engine.query('playbooks.list', {})).find((p) => p.key === 'go-live')).toMatchObject({ builtin: true, latestRun: null, lastCompletedAt: null });
    const refused = errorOf(engine.dispatch('governance.setGoLive', { enabled: true, reason: 'skip the checklist' }, 'execute'));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toBe('execution is turned on by the last step of the Go-live playbook: complete a Go-live run first');
    expect(decisionStatus(refused)).toBe('ERROR');
    expect(state(engine).goLive.enabled).toBe(false);

    const started = must(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute')).result;
    expect(started.steps.map((s) => s.key)).toEqual([
      'preflight',
      'owner-profile',
      'currency-time-zone',
      'spend-caps',
      'approval-thresholds',
      'locations-items',
      'backup-folder',
      'scheduler-review',
      'turn-on',
    ]);
    expect(started).toMatchObject({ status: 'active', version: 1, builtin: true, currentStepKey: 'preflight', startedById: owner.id, progress: { done: 0, skipped: 0, total: 9 } });
    expect(started.steps[0]).toMatchObject({ current: true, redBlocks: false, blockedBy: [], status: 'todo', evidence: null });
    // each step says what evidence completing it needs, as its definition does
    const definition = must(engine.query('playbooks.get', { key: 'go-live' }));
    expect(started.steps.map((s) => s.requiredEvidence)).toEqual(definition.steps.map((s) => s.evidence));
    expect(started.steps[1]?.blockedBy).toEqual(['step 1 "Preflight health check" is not done yet']);

    // a skippable step may be skipped with a reason; the execution step may not
    for (const step of started.steps.slice(0, 5)) {
      must(engine.dispatch('playbooks.completeStep', { runId: started.id, stepKey: step.key, evidence: { note: 'seen' } }, 'execute'));
    }
    must(engine.dispatch('playbooks.skipStep', { runId: started.id, stepKey: 'locations-items', reason: 'no stock kept yet' }, 'execute'));
    // the backup step completes once a backup folder is set and a backup verified (backup.test.ts)
    for (const key of ['backup-folder', 'scheduler-review']) must(engine.dispatch('playbooks.skipStep', { runId: started.id, stepKey: key, reason: 'no second disk yet' }, 'execute'));
    const skipLast = errorOf(engine.dispatch('playbooks.skipStep', { runId: started.id, stepKey: 'turn-on', reason: 'just skip it' }, 'execute'));
    expect(skipLast).toMatchObject({ code: 'conflict', message: 'step "Turn execution on" has the enableExecution effect: it cannot be skipped' });
    expect(state(engine).goLive.enabled).toBe(false);

    const done = must(engine.dispatch('playbooks.completeStep', { runId: started.id, stepKey: 'turn-on', evidence: { note: 'all checked' } }, 'execute'));
    expect(done.result).toMatchObject({ status: 'completed', endedBy: 'Olga Owner', progress: { done: 6, skipped: 3, total: 9 }, currentStepKey: null });
    expect(done.result.steps[5]).toMatchObject({ status: 'skipped', skipReason: 'no stock kept yet' });
    expect(state(engine).goLive).toMatchObject({ enabled: true, changedBy: 'Olga Owner' });
    const events = must(engine.query('audit.list', { decisionId: done.decision.id, limit: 20 })).items;
    expect(events.map((e) => e.entity).sort()).toEqual(['decision', 'governance', 'playbook_run', 'playbook_run_step']);
    expect(events.find((e) => e.entity === 'governance')).toMatchObject({ before: { goLive: false }, after: { goLive: true } });

    // after a completed Go-live, owner or admin may pause and resume directly
    must(engine.dispatch('governance.setGoLive', { enabled: false, reason: 'maintenance' }, 'execute'));
    must(engine.dispatch('governance.setGoLive', { enabled: true, reason: 'maintenance done' }, 'execute'));
    expect(must(engine.query('playbooks.list', {})).find((p) => p.key === 'go-live')).toMatchObject({ latestRun: { status: 'completed' }, lastCompletedAt: done.decision.at, activeRunId: null });
  });

  it('while the Go-live run is in progress, its setup actions run (operators, locations, first items); nothing else does, and not without the run', () => {
    const { engine } = newDatabase();
    const item = { name: 'Oat milk', minQty: 2 };
    // no run yet: a setup action is blocked, and says how to set up
    const early = errorOf(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute'));
    expect(early.code).toBe('blocked');
    expect(early.message).toMatch(/execution is off: start the Go-live playbook to set up/);
    const started = must(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute')).result;
    const pantry = must(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute'));
    expect(pantry.decision.gates.find((g) => g.gate === 'go-live')).toMatchObject({ verdict: 'pass', reason: 'execution is off; a setup action of the Go-live run in progress' });
    const oat = must(engine.dispatch('inventory.createItem', item, 'execute')).result;
    must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute'));
    // stock moves, spending and the rest stay blocked until execution is on
    expect(errorOf(engine.dispatch('inventory.record', { itemId: oat.id, kind: 'purchase', qty: 1 }, 'execute')).message).toMatch(/execution is off: turn go-live on/);
    expect(errorOf(engine.dispatch('receipts.create', { vendor: 'Shop', date: '2026-11-20', totalMinor: 100, currency: 'EUR' }, 'execute')).code).toBe('blocked');
    // the kill switch still stops setup
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'checking the setup' }, 'execute'));
    expect(errorOf(engine.dispatch('inventory.createLocation', { name: 'Garage' }, 'execute')).message).toMatch(/kill switch engaged/);
    must(engine.dispatch('governance.releaseKillSwitch', { reason: 'checked' }, 'execute'));
    // once the run is abandoned, setup is blocked again
    must(engine.dispatch('playbooks.abandon', { runId: started.id, reason: 'later' }, 'execute'));
    expect(errorOf(engine.dispatch('inventory.createLocation', { name: 'Garage' }, 'execute')).code).toBe('blocked');
    expect(must(engine.query('inventory.locations', {})).map((l) => l.name)).toEqual(['Pantry']);
    expect(state(engine).goLive.enabled).toBe(false);
  });

  it('only an owner or admin completes the step that turns execution on', () => {
    const { engine } = newDatabase();
    goLive(engine);
    const staff = must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute')).result;
    must(engine.dispatch('governance.setGoLive', { enabled: false, reason: 'rehearse the go-live' }, 'execute'));
    const r = must(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute', { operatorId: staff.id })).result;
    for (const step of r.steps.slice(0, 8)) {
      const settle = BACKUP_STEPS.has(step.key) ? ('playbooks.skipStep' as const) : ('playbooks.completeStep' as const);
      const params = settle === 'playbooks.skipStep' ? { runId: r.id, stepKey: step.key, reason: 'no backups here' } : { runId: r.id, stepKey: step.key, evidence: { note: 'ok' } };
      must(engine.dispatch(settle, params, 'execute', { operatorId: staff.id }));
    }
    const refused = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'turn-on', evidence: { note: 'ok' } }, 'execute', { operatorId: staff.id }));
    expect(refused).toMatchObject({ code: 'forbidden', message: 'step "Turn execution on" turns execution on: only owner or admin may complete it' });
    expect(run(engine, r.id).steps[8]?.status).toBe('todo');
    expect(state(engine).goLive.enabled).toBe(false);
  });

  it('red health blocks every step but preflight, and says why', () => {
    const { engine } = newDatabase();
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'card stolen' }, 'execute'));
    const r = must(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute')).result;
    must(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'preflight', evidence: { note: 'red: kill switch engaged' } }, 'execute'));
    const view = run(engine, r.id);
    expect(view.steps[1]).toMatchObject({ current: true, status: 'blocked', blockedBy: ['health is red: Kill switch engaged: card stolen'] });
    const refused = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'owner-profile', evidence: { note: 'ok' } }, 'execute'));
    expect(refused).toMatchObject({ code: 'blocked', message: 'step 2 "Owner profile" is blocked: health is red: Kill switch engaged: card stolen' });
    expect(decisionStatus(refused)).toBe('BLOCKED');
    expect(errorOf(engine.dispatch('playbooks.skipStep', { runId: r.id, stepKey: 'owner-profile', reason: 'get past red' }, 'execute')).code).toBe('blocked');
    expect(run(engine, r.id)).toEqual(view);
  });
});

describe('running a playbook', () => {
  function started() {
    const opened = liveEngine();
    must(opened.engine.dispatch('playbooks.define', CHECKLIST, 'execute'));
    const r = must(opened.engine.dispatch('playbooks.start', { key: 'stock-take' }, 'execute')).result;
    return { ...opened, r };
  }

  it('refuses a step out of order, missing evidence, a dangling link and a second completion, each with its reason and nothing changed', () => {
    const { engine, r } = started();
    const before = run(engine, r.id);

    const outOfOrder = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'sign-off', evidence: { note: 'done' } }, 'execute'));
    expect(outOfOrder).toMatchObject({ code: 'conflict', message: 'steps run in order: step 3 "Sign off" cannot be completed before step 1 "Count the shelves", which is still todo' });

    const missing = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'count', evidence: { note: 'forgot the number' } }, 'execute'));
    expect(missing).toMatchObject({ code: 'invalid', message: 'step "Count the shelves" needs evidence: number' });
    expect(missing.details?.issues).toEqual([{ path: ['evidence', 'number'], message: 'step "Count the shelves" requires number evidence' }]);
    expect(decisionStatus(missing)).toBe('INVALID');

    const unknownStep = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'nope', evidence: {} }, 'execute'));
    expect(unknownStep).toMatchObject({ code: 'invalid', message: 'playbook "Stock take" v1 has no step "nope"' });
    expect(run(engine, r.id)).toEqual(before);

    must(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'count', evidence: { number: 42 } }, 'execute'));
    const twice = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'count', evidence: { number: 43 } }, 'execute'));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toMatch(/^step 1 "Count the shelves" is already done \(by Olga Owner at /);
    expect(run(engine, r.id).steps[0]?.evidence).toMatchObject({ number: 42, note: null });

    const dangling = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'receipt', evidence: { note: 'filed', receiptId: '01900000-0000-7000-8000-000000000000' } }, 'execute'));
    expect(dangling).toMatchObject({ code: 'not_found', message: 'evidence links receipt 01900000-0000-7000-8000-000000000000, which does not exist' });
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Cash & Carry', date: '2026-11-20', totalMinor: 4200, currency: 'EUR' }, 'execute')).result;
    const filed = must(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'receipt', evidence: { note: 'filed', receiptId: receipt.id } }, 'execute')).result;
    expect(filed.steps[1]).toMatchObject({ status: 'done', evidence: { note: 'filed', receiptId: receipt.id, number: null } });
  });

  it('skipping needs a reason; abandoning needs a reason and an active run; one active run per playbook', () => {
    const { engine, r } = started();
    const noReason = errorOf(engine.dispatch('playbooks.skipStep', { runId: r.id, stepKey: 'count', reason: '' }, 'execute'));
    expect(noReason.code).toBe('invalid');
    expect(noReason.details?.issues?.[0]?.path).toEqual(['reason']);
    const skipped = must(engine.dispatch('playbooks.skipStep', { runId: r.id, stepKey: 'count', reason: 'counted yesterday' }, 'execute')).result;
    expect(skipped.steps[0]).toMatchObject({ status: 'skipped', skipReason: 'counted yesterday', by: 'Olga Owner' });

    const second = errorOf(engine.dispatch('playbooks.start', { key: 'stock-take' }, 'execute'));
    expect(second.code).toBe('conflict');
    expect(second.message).toMatch(/^a run of "Stock take" is already in progress/);

    expect(errorOf(engine.dispatch('playbooks.abandon', { runId: r.id }, 'execute')).code).toBe('invalid');
    const abandoned = must(engine.dispatch('playbooks.abandon', { runId: r.id, reason: 'shop closed today' }, 'execute')).result;
    expect(abandoned).toMatchObject({ status: 'abandoned', abandonReason: 'shop closed today', currentStepKey: null });
    expect(errorOf(engine.dispatch('playbooks.abandon', { runId: r.id, reason: 'again' }, 'execute'))).toMatchObject({ code: 'conflict', message: `run ${r.id} is abandoned: only an active run can be abandoned` });
    expect(errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'receipt', evidence: {} }, 'execute')).code).toBe('conflict');
    expect(must(engine.query('playbooks.runs', { status: 'abandoned' })).items.map((x) => x.id)).toEqual([r.id]);
  });

  it('a step below its minimum band is blocked with the reason (minimum band C: runs in A–C, not in D)', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('playbooks.define', { key: 'big-order', title: 'Big order', steps: [{ key: 'order', title: 'Place the order', minBand: 'C', evidence: ['note'] }] }, 'execute'));
    const r = must(engine.dispatch('playbooks.start', { key: 'big-order' }, 'execute')).result;
    must(engine.dispatch('governance.setBand', { band: 'D', reason: 'cash is short' }, 'execute'));
    expect(run(engine, r.id).steps[0]).toMatchObject({ status: 'blocked', blockedBy: ['band D (freeze) is below this step\'s minimum band C (conserve)'] });
    const refused = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'order', evidence: { note: 'ordered' } }, 'execute'));
    expect(refused).toMatchObject({ code: 'blocked', message: 'step 1 "Place the order" is blocked: band D (freeze) is below this step\'s minimum band C (conserve)' });
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'better now' }, 'execute'));
    expect(must(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'order', evidence: { note: 'ordered' } }, 'execute')).result.status).toBe('completed');
  });

  it('a step that needs an approval takes an approved approval bound to it, and uses it', () => {
    const { engine } = liveEngine();
    const buyer = must(engine.dispatch('operators.create', { name: 'Bea', role: 'buyer' }, 'execute')).result;
    must(engine.dispatch('playbooks.define', { key: 'write-off', title: 'Write-off', steps: [{ key: 'sign', title: 'Sign the write-off', approval: true, evidence: ['note'] }] }, 'execute'));
    const r = must(engine.dispatch('playbooks.start', { key: 'write-off' }, 'execute', { operatorId: buyer.id })).result;
    const as = { operatorId: buyer.id };
    const without = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'sign', evidence: { note: 'please' } }, 'execute', as));
    expect(without).toMatchObject({ code: 'invalid', message: 'step "Sign the write-off" needs evidence: approvalId' });
    expect(errorOf(engine.dispatch('playbooks.skipStep', { runId: r.id, stepKey: 'sign', reason: 'no time' }, 'execute', as)).message).toBe('step "Sign the write-off" needs an approval: it cannot be skipped');

    const approval = must(engine.dispatch('approvals.request', { action: 'playbooks.completeStep', params: { runId: r.id, stepKey: 'sign' }, title: 'Write off spoiled stock' }, 'execute', as)).result;
    expect(approval).toMatchObject({ status: 'pending', action: 'playbooks.completeStep', target: `${r.id}/sign` });
    const pending = errorOf(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'sign', evidence: { note: 'please', approvalId: approval.id } }, 'execute', as));
    expect(pending).toMatchObject({ code: 'conflict', message: `approval ${approval.id} is pending: the step needs it approved` });
    must(engine.dispatch('approvals.decide', { approvalId: approval.id, decision: 'approve' }, 'execute'));
    const done = must(engine.dispatch('playbooks.completeStep', { runId: r.id, stepKey: 'sign', evidence: { note: 'signed', approvalId: approval.id } }, 'execute', as)).result;
    expect(done.status).toBe('completed');
    expect(must(engine.query('approvals.get', { id: approval.id }))).toMatchObject({ status: 'used' });
  });
});

describe('playbook definitions', () => {
  it('refuses duplicate step keys, an unknown evidence type and a reserved effect, with field paths; nothing is written', () => {
    const { engine } = liveEngine();
    const duplicate = errorOf(
      engine.dispatch('playbooks.define', { key: 'dup', title: 'Dup', steps: [{ key: 'a', title: 'A' }, { key: 'a', title: 'A again' }] }, 'execute'),
    );
    expect(duplicate.code).toBe('invalid');
    expect(duplicate.details?.issues).toEqual([{ path: ['steps', 1, 'key'], message: 'duplicate step key "a"' }]);
    const unknownEvidence = errorOf(engine.dispatch('playbooks.define', { key: 'odd', title: 'Odd', steps: [{ key: 'a', title: 'A', evidence: ['photo'] }] }, 'execute'));
    expect(unknownEvidence.code).toBe('invalid');
    expect(unknownEvidence.details?.issues?.[0]?.path).toEqual(['steps', 0, 'evidence', 0]);
    const effect = errorOf(engine.dispatch('playbooks.define', { key: 'sneaky', title: 'Sneaky', steps: [{ key: 'on', title: 'On', effect: 'enableExecution' }] }, 'execute'));
    expect(effect).toMatchObject({ code: 'invalid', message: 'the enableExecution effect belongs to the "go-live" playbook only' });
    expect(must(engine.query('playbooks.list', {})).map((p) => p.key).sort()).toEqual(['go-live', 'month-end', 'weekly-review']);
  });

  it('versions definitions: a run keeps the version it started with; only owner or admin redefine, built-ins included', () => {
    const { engine, dbPath } = liveEngine();
    const staff = must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute')).result;
    const old = must(engine.dispatch('playbooks.start', { key: 'month-end' }, 'execute')).result;
    const forbidden = errorOf(engine.dispatch('playbooks.define', { key: 'month-end', title: 'Mine', steps: [{ key: 'x', title: 'X' }] }, 'execute', { operatorId: staff.id }));
    expect(forbidden.code).toBe('forbidden');
    const v2 = must(engine.dispatch('playbooks.define', { key: 'month-end', title: 'Month-end close', steps: [{ key: 'reconcile', title: 'Reconcile', evidence: ['number'] }, { key: 'tax', title: 'Put tax aside', evidence: ['number'] }] }, 'execute')).result;
    expect(v2).toMatchObject({ version: 2, builtin: true, createdBy: 'Olga Owner' });
    expect(run(engine, old.id)).toMatchObject({ version: 1, progress: { total: 3 } });
    expect(must(engine.query('playbooks.get', { key: 'month-end', version: 1 })).steps).toHaveLength(3);
    expect(must(engine.query('playbooks.get', { key: 'month-end' })).versions.map((v) => v.version)).toEqual([1, 2]);
    must(engine.dispatch('playbooks.abandon', { runId: old.id, reason: 'new version' }, 'execute'));
    expect(must(engine.dispatch('playbooks.start', { key: 'month-end' }, 'execute')).result).toMatchObject({ version: 2, progress: { total: 2 } });

    // seeding on start is idempotent and never overwrites a redefinition
    closeEngine(engine);
    const again = openEngine({ dbPath }).engine;
    expect(must(again.query('playbooks.list', {})).map((p) => [p.key, p.latestVersion, p.builtin])).toEqual([
      ['go-live', 1, true],
      ['month-end', 2, true],
      ['weekly-review', 1, true],
    ]);
  });

  it('the weekly review links each step to the screen that answers it and records numbers and notes', () => {
    const { engine } = liveEngine();
    const review = must(engine.query('playbooks.get', { key: 'weekly-review' }));
    expect(review.steps.map((s) => [s.key, s.link, s.evidence])).toEqual([
      ['go-live-state', 'opsboard', ['note']],
      ['cap-denials', 'decisions', ['number']],
      ['tripwires', 'automations', ['number', 'note']],
      ['automation-scorecard', 'automations', ['note']],
      ['overdue-approvals', 'approvals', ['number']],
      ['backup-age', 'backup', ['number']],
      ['audit-verify', 'audit', ['note']],
    ]);
    expect(review.steps.filter((s) => !s.redBlocks).map((s) => s.key)).toEqual(['go-live-state']);
  });
});
