import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { closeEngine, liveEngine, manualClock, must, openEngine } from '../helpers/engine';

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('work sessions', () => {
  it('start captures the snapshot: band, health, cap usage, open approvals, stock value, chain head', () => {
    const { engine } = liveEngine();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Coffee beans', unit: 'kg', unitCostMinor: 1299 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3, unitCostMinor: 1299 }, 'execute'));
    must(engine.dispatch('inventory.createItem', { name: 'Napkins', unit: 'pcs' }, 'execute'));
    const purchase = must(engine.dispatch('purchases.create', { title: 'Espresso machine', amountMinor: 26000, category: 'Kitchen' }, 'execute')).result;
    must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: purchase.id }, title: 'Espresso machine' }, 'execute'));
    const head = must(engine.query('governance.state', {})).chainHead;

    const session = must(engine.dispatch('sessions.start', { notes: 'Saturday stock work' }, 'execute'));
    expect(session.result).toMatchObject({ status: 'active', startedBy: 'Olga Owner', startNotes: 'Saturday stock work', endedAt: null, summaryLive: true });
    expect(session.result.snapshot).toMatchObject({
      band: 'B',
      health: { level: 'green' },
      goLive: true,
      killSwitchEngaged: false,
      openApprovals: 1,
      stockValueMinor: 3 * 1299,
      itemsWithoutCost: 1,
      currency: 'EUR',
      chainHead: head,
    });
    expect(session.result.snapshot.capUsage.scopes.map((s) => s.scope)).toEqual(['GLOBAL']);
    expect(session.decision.sessionId).toBe(session.result.id);
    expect(must(engine.query('sessions.active', {}))?.id).toBe(session.result.id);
  });

  it('stamps every decision and audit event while active, survives reopening the database, and summarises a spend, a stock move and a step', () => {
    const { engine, dbPath } = liveEngine();
    const before = must(engine.dispatch('governance.setBand', { band: 'A', reason: 'before the session' }, 'execute')).decision;
    expect(before.sessionId).toBeNull();
    const { id } = must(engine.dispatch('sessions.start', {}, 'execute')).result;
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const spend = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-21', amountMinor: -1250, payee: 'Corner Shop', category: 'Food' }, 'execute')).decision;
    expect(spend.sessionId).toBe(id);
    const refused = errorOf(engine.dispatch('governance.setBand', { band: 'A', reason: 'already A' }, 'execute'));
    expect((refused.details?.decision as { sessionId: string }).sessionId).toBe(id);

    closeEngine(engine);
    const reopened = openEngine({ dbPath }).engine;
    expect(must(reopened.query('sessions.active', {}))?.id).toBe(id);
    const item = must(reopened.dispatch('inventory.createItem', { name: 'Milk', unit: 'l' }, 'execute')).result;
    const move = must(reopened.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 6 }, 'execute')).decision;
    expect(move.sessionId).toBe(id);
    const review = must(reopened.dispatch('playbooks.start', { key: 'weekly-review' }, 'execute')).result;
    expect(review.sessionId).toBe(id);
    must(reopened.dispatch('playbooks.completeStep', { runId: review.id, stepKey: 'go-live-state', evidence: { note: 'on, band A' } }, 'execute'));

    const events = must(reopened.query('audit.list', { limit: 200 })).items;
    const during = events.filter((e) => e.seq > events.find((x) => x.decisionId === before.id)!.seq);
    expect(during.length).toBeGreaterThan(5);
    expect(during.every((e) => e.sessionId === id)).toBe(true);
    expect(events.filter((e) => e.decisionId === before.id).every((e) => e.sessionId === null)).toBe(true);
    const stamped = must(reopened.query('decisions.list', { sessionId: id, limit: 50 })).items;
    expect(stamped.map((d) => d.action)).toContain('sessions.start');

    const ended = must(reopened.dispatch('sessions.end', { notes: 'done for today' }, 'execute'));
    expect(ended.decision.sessionId).toBe(id);
    expect(ended.result).toMatchObject({
      status: 'ended',
      endNotes: 'done for today',
      summaryLive: false,
      summary: {
        // start, account, spend, item, stock move, run start, step; the refused band change
        decisionsByStatus: { OK: 7, BLOCKED: 0, PENDING_APPROVAL: 0, INVALID: 0, ERROR: 1 },
        decisions: 8,
        spends: { count: 1, totalMinor: 1250 },
        stockMoves: 1,
        approvalsDecided: { approved: 0, denied: 0 },
        stepsCompleted: 1,
        stepsSkipped: 0,
        runsCompleted: 0,
      },
    });
    expect(must(reopened.query('sessions.active', {}))).toBeNull();
    expect(must(reopened.query('sessions.get', { id })).summary).toEqual(ended.result.summary);
    const after = must(reopened.dispatch('governance.setBand', { band: 'B', reason: 'after the session' }, 'execute')).decision;
    expect(after.sessionId).toBeNull();
    expect(must(reopened.query('audit.verify', {}))).toMatchObject({ ok: true });
  });

  it('refuses a second start and an end with none active, with the reason and nothing changed; ending stays possible with the kill switch engaged', () => {
    const { engine } = liveEngine();
    const noSession = errorOf(engine.dispatch('sessions.end', {}, 'execute'));
    expect(noSession).toMatchObject({ code: 'conflict', message: 'no session is active: there is nothing to end' });
    const first = must(engine.dispatch('sessions.start', { notes: 'first' }, 'execute')).result;
    const second = errorOf(engine.dispatch('sessions.start', { notes: 'second' }, 'execute'));
    expect(second.code).toBe('conflict');
    expect(second.message).toMatch(/^a session is already active \(started by Olga Owner at .*\): end it before starting another$/);
    expect(must(engine.query('sessions.list', {})).items.map((s) => s.id)).toEqual([first.id]);

    must(engine.dispatch('governance.engageKillSwitch', { reason: 'smoke in the storeroom' }, 'execute'));
    expect(must(engine.query('governance.state', {})).health.level).toBe('red');
    const ended = must(engine.dispatch('sessions.end', { notes: 'stopped: incident' }, 'execute'));
    expect(ended.decision.gates.find((g) => g.gate === 'go-live')).toMatchObject({ verdict: 'pass', reason: 'exempt control or recovery action' });
    expect(ended.result.summary.decisionsByStatus).toMatchObject({ OK: 2, ERROR: 1 });
  });

  it('lists history newest first, filtered by operator and household dates, with a cursor', () => {
    const clock = manualClock();
    const { engine } = liveEngine({ clock });
    const ada = must(engine.dispatch('operators.create', { name: 'Ada', role: 'admin' }, 'execute')).result;
    must(engine.dispatch('sessions.start', {}, 'execute'));
    must(engine.dispatch('sessions.end', {}, 'execute'));
    clock.advance(86_400_000);
    const adas = must(engine.dispatch('sessions.start', { notes: 'Ada’s' }, 'execute', { operatorId: ada.id })).result;
    must(engine.dispatch('sessions.end', {}, 'execute', { operatorId: ada.id }));
    const page1 = must(engine.query('sessions.list', { limit: 1 }));
    expect(page1.items.map((s) => s.id)).toEqual([adas.id]);
    const page2 = must(engine.query('sessions.list', { limit: 1, cursor: page1.nextCursor ?? undefined }));
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(must(engine.query('sessions.list', { operatorId: ada.id })).items.map((s) => s.id)).toEqual([adas.id]);
    expect(must(engine.query('sessions.list', { from: '2026-11-22', to: '2026-11-22' })).items.map((s) => s.id)).toEqual([adas.id]);
    expect(must(engine.query('opsboard.summary', {})).activeSession).toBeNull();
  });
});
