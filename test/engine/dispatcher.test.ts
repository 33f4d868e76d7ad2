import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { bandGate, execClassGate, goLiveGate, healthGate, runGates, type GateContext } from '../../main/engine/governance/gates';
import { mergeHandlers } from '../../main/engine/handlers';
import { closeEngine, goLive, liveEngine, must, openEngine } from '../helpers/engine';

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** Everything that can change, as one comparable snapshot. */
function snapshot(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      operators: db.prepare('SELECT * FROM operators ORDER BY id').all(),
      settings: db.prepare('SELECT * FROM settings ORDER BY key').all(),
      governance: db.prepare('SELECT * FROM governance_state').all(),
      alerts: db.prepare('SELECT * FROM alerts ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

describe('dispatcher: validation', () => {
  const bad: [string, unknown][] = [
    ['wrong type', { band: 3, reason: 'because' }],
    ['unknown band', { band: 'Z', reason: 'because' }],
    ['extra field', { band: 'C', reason: 'because', verdict: 'pass' }],
    ['huge string', { band: 'C', reason: 'x'.repeat(1_000_000) }],
    ['missing field', { band: 'C' }],
    ['not an object', 'C'],
    ['null', null],
  ];
  for (const [label, params] of bad) {
    it(`rejects ${label} with invalid + field paths, records an INVALID decision, changes nothing`, () => {
      const { engine, dbPath } = liveEngine();
      const before = snapshot(dbPath);
      const error = errorOf(engine.dispatch('governance.setBand', params, 'execute'));
      expect(error.code).toBe('invalid');
      expect(error.details?.issues?.length).toBeGreaterThan(0);
      const decision = error.details?.decision as { id: string; status: string; paramsSha256: string };
      expect(decision.status).toBe('INVALID');
      expect(snapshot(dbPath)).toEqual(before);
      const stored = must(engine.query('decisions.get', { id: decision.id }));
      expect(stored.status).toBe('INVALID');
      expect(JSON.stringify(stored.params).length).toBeLessThan(5000);
      expect(must(engine.query('audit.verify', {})).ok).toBe(true);
    });
  }

  it('names the field paths of each problem', () => {
    const { engine } = liveEngine();
    const error = errorOf(engine.dispatch('operators.create', { name: '', role: 'king', pin: '12' }, 'execute'));
    expect(error.details?.issues?.map((i) => i.path.join('.')).sort()).toEqual(['name', 'pin', 'role']);
  });

  it('rejects a bad currency and time zone at onboarding, and creates no owner', () => {
    const { engine } = openEngine();
    const error = errorOf(engine.dispatch('setup.initialize', { ownerName: 'Olga', currency: 'XXQ', timeZone: 'Mars/Olympus' }, 'execute'));
    expect(error.code).toBe('invalid');
    expect(error.details?.issues?.map((i) => i.path[0]).sort()).toEqual(['currency', 'timeZone']);
    expect(must(engine.query('setup.status', {})).initialized).toBe(false);
  });

  it('never stores a PIN in a decision or the audit log', () => {
    const { engine, dbPath } = liveEngine();
    must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff', pin: '482913' }, 'execute'));
    closeEngine(engine);
    const db = new Database(dbPath, { readonly: true });
    const dump = JSON.stringify([db.prepare('SELECT * FROM decisions').all(), db.prepare('SELECT * FROM audit_events').all(), db.prepare('SELECT * FROM operators').all()]);
    db.close();
    expect(dump).not.toContain('482913');
    expect(dump).toContain('[redacted]');
  });
});

describe('dispatcher: permission and gates', () => {
  it('refuses an action the role may not take, as forbidden with a BLOCKED decision', () => {
    const { engine } = liveEngine();
    const sam = must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute')).result;
    const error = errorOf(engine.dispatch('governance.setBand', { band: 'C', reason: 'staff tries' }, 'execute', { operatorId: sam.id }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/role staff may not governance.setBand/);
    expect(error.details?.decision).toMatchObject({ status: 'BLOCKED', operatorName: 'Sam' });
  });

  it('blocks prod actions while execution is off, and lets exempt ones through', () => {
    const { engine } = openEngine();
    must(engine.dispatch('setup.initialize', { ownerName: 'Olga', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
    const blocked = errorOf(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute'));
    expect(blocked.code).toBe('blocked');
    const gates = (blocked.details?.decision as { gates: { gate: string; verdict: string }[] }).gates;
    expect(gates.map((g) => [g.gate, g.verdict])).toEqual([
      ['permission', 'pass'],
      ['go-live', 'block'],
    ]);
    const refused = errorOf(engine.dispatch('governance.setGoLive', { enabled: true, reason: 'checklist done' }, 'execute'));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/execution is turned on by the last step of the Go-live playbook/);
    const run = goLive(engine);
    expect(run.status).toBe('completed');
    const on = must(engine.query('decisions.get', { id: run.steps.at(-1)?.decisionId ?? '' }));
    expect(on.gates.map((g) => g.gate)).toEqual(['permission', 'go-live', 'exec-class', 'band', 'health', 'charter', 'approval', 'caps']);
    expect(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute').ok).toBe(true);
  });

  it('kill switch: blocks prod actions, raises a critical alert, turns health red, and only an owner releases it', () => {
    const { engine } = liveEngine();
    const admin = must(engine.dispatch('operators.create', { name: 'Ada', role: 'admin' }, 'execute')).result;
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'card stolen' }, 'execute', { operatorId: admin.id }));
    const state = must(engine.query('governance.state', {}));
    expect(state.killSwitch).toMatchObject({ engaged: true, reason: 'card stolen', engagedBy: 'Ada' });
    expect(state.health.level).toBe('red');
    expect(must(engine.query('alerts.list', { status: 'open' }))[0]).toMatchObject({ severity: 'critical', kind: 'kill_switch' });
    expect(errorOf(engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze all' }, 'execute')).message).toMatch(/kill switch engaged: card stolen/);
    expect(errorOf(engine.dispatch('governance.releaseKillSwitch', { reason: 'card blocked' }, 'execute', { operatorId: admin.id })).code).toBe('forbidden');
    expect(errorOf(engine.dispatch('governance.setGoLive', { enabled: true, reason: 'try again' }, 'execute')).code).toBe('conflict');
    must(engine.dispatch('governance.releaseKillSwitch', { reason: 'card blocked at the bank' }, 'execute'));
    expect(must(engine.query('governance.state', {})).health.level).toBe('green');
    expect(engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze all' }, 'execute').ok).toBe(true);
  });

  it('plan mode runs the real handler but rolls it back, and still records a plan decision', () => {
    const { engine, dbPath } = liveEngine();
    const before = snapshot(dbPath);
    const headBefore = must(engine.query('governance.state', {})).chainHead;
    const planned = must(engine.dispatch('governance.setBand', { band: 'A', reason: 'preview only' }, 'plan'));
    expect(planned.decision).toMatchObject({ mode: 'plan', status: 'OK', reason: 'plan: rolled back' });
    expect(planned.result).toEqual({ changed: true });
    expect(snapshot(dbPath)).toEqual(before);
    expect(must(engine.query('governance.state', {})).chainHead).toEqual(headBefore);
    expect(must(engine.query('decisions.list', { mode: 'plan', limit: 50 })).items.map((d) => d.id)).toEqual([planned.decision.id]);
    // a plan of something that would fail reports the failure without changing anything
    const conflict = errorOf(engine.dispatch('governance.setBand', { band: 'B', reason: 'already B' }, 'plan'));
    expect(conflict.code).toBe('conflict');
  });

  it('a failing handler leaves no partial state but commits its ERROR decision and audit event', () => {
    const { engine, dbPath } = liveEngine();
    must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute'));
    const before = snapshot(dbPath);
    const error = errorOf(engine.dispatch('operators.create', { name: 'sam', role: 'buyer' }, 'execute'));
    expect(error.code).toBe('conflict');
    const decision = error.details?.decision as { id: string; status: string };
    expect(decision.status).toBe('ERROR');
    expect(snapshot(dbPath)).toEqual(before);
    const events = must(engine.query('audit.list', { decisionId: decision.id, limit: 10 })).items;
    expect(events.map((e) => e.entity)).toEqual(['decision']);
    expect(events[0]?.after).toMatchObject({ status: 'ERROR' });
  });

  it('switching operator checks the PIN', () => {
    const { engine } = liveEngine();
    const sam = must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff', pin: '2468' }, 'execute')).result;
    expect(errorOf(engine.dispatch('operators.switch', { operatorId: sam.id }, 'execute')).message).toMatch(/has a PIN/);
    expect(errorOf(engine.dispatch('operators.switch', { operatorId: sam.id, pin: '1111' }, 'execute')).message).toMatch(/wrong PIN/);
    must(engine.dispatch('operators.switch', { operatorId: sam.id, pin: '2468' }, 'execute'));
    expect(must(engine.query('governance.state', {})).currentOperator?.name).toBe('Sam');
  });

  it('onboarding runs once', () => {
    const { engine } = liveEngine();
    const error = errorOf(engine.dispatch('setup.initialize', { ownerName: 'Eve', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/already initialized/);
  });

  it('refuses unknown calls by name and logs them', async () => {
    const { engine, log } = liveEngine();
    expect(errorOf(await engine.call('dispatch', 'shopping.steal', {})).message).toMatch(/unknown action 'shopping.steal'/);
    expect(errorOf(await engine.call('query', 'audit.erase', {})).code).toBe('invalid');
    expect(errorOf(await engine.call('dispatch', 'governance.setBand', { band: 'C', reason: 'ok then' }, 'yolo')).code).toBe('invalid');
    expect(log.lines.filter((l) => l.message === 'refused unknown call')).toHaveLength(2);
  });

  it('ignores client-sent verdicts: a gate verdict in params is invalid, never trusted', () => {
    const { engine } = openEngine();
    must(engine.dispatch('setup.initialize', { ownerName: 'Olga', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
    const error = errorOf(engine.dispatch('operators.create', { name: 'Sam', role: 'staff', status: 'OK', gates: [] }, 'execute'));
    expect(error.code).toBe('invalid');
  });
});

describe('gates as units', () => {
  const ctx = (over: Partial<GateContext>): GateContext => ({
    db: undefined as never,
    now: '2026-11-21T09:00:00.000Z',
    settings: { currency: 'EUR', timeZone: 'UTC', currentOperatorId: null, singleOperator: false, backupFolder: null, householdName: null, locale: null, theme: 'system' },
    spend: null,
    action: 'governance.setBand',
    spec: { execClass: 'prod', exempt: false },
    params: {},
    mode: 'execute',
    operator: null,
    actor: 'operator',
    governance: { goLive: true, goLiveChangedAt: null, goLiveChangedBy: null, killEngaged: false, killReason: null, killEngagedAt: null, killEngagedBy: null, band: 'B', bandReason: null, bandSetAt: null, bandSetBy: null },
    health: { level: 'green', reasons: [] },
    assessment: { riskBucket: null },
    ...over,
  });

  it('band gate refuses an action whose minimum band is more permissive than the current band', () => {
    const base = ctx({});
    expect(bandGate.evaluate(ctx({ spec: { execClass: 'prod', exempt: false, minBand: 'C' }, governance: { ...base.governance, band: 'D' } })).verdict).toBe('block');
    expect(bandGate.evaluate(ctx({ spec: { execClass: 'prod', exempt: false, minBand: 'C' }, governance: { ...base.governance, band: 'C' } })).verdict).toBe('pass');
    expect(bandGate.evaluate(ctx({ spec: { execClass: 'prod', exempt: false, minBand: 'B' }, governance: { ...base.governance, band: 'A' } })).verdict).toBe('pass');
  });

  it('exec-class gate lets sandbox actions run only in plan mode', () => {
    expect(execClassGate.evaluate(ctx({ spec: { execClass: 'sandbox', exempt: false } })).verdict).toBe('block');
    expect(execClassGate.evaluate(ctx({ spec: { execClass: 'sandbox', exempt: false }, mode: 'plan' })).verdict).toBe('pass');
  });

  it('health gate: red blocks prod, yellow warns, exempt passes red', () => {
    const red = { level: 'red' as const, reasons: [{ code: 'x', level: 'red' as const, message: 'broken' }] };
    expect(healthGate.evaluate(ctx({ health: red })).verdict).toBe('block');
    expect(healthGate.evaluate(ctx({ health: red, spec: { execClass: 'prod', exempt: true } })).verdict).toBe('warn');
    expect(healthGate.evaluate(ctx({ health: { level: 'yellow', reasons: [] } })).verdict).toBe('warn');
  });

  it('stops at the first block', () => {
    const base = ctx({});
    const { results, blocking } = runGates(ctx({ governance: { ...base.governance, goLive: false } }), [goLiveGate, execClassGate]);
    expect(results).toHaveLength(1);
    expect(blocking?.gate).toBe('go-live');
  });
});

describe('handler registry', () => {
  it('refuses a handler registered twice', () => {
    expect(() => mergeHandlers({ 'a.b': () => {} }, { 'a.b': () => {} })).toThrow(/'a.b' registered twice/);
  });
});

describe('engine transport entry and events', () => {
  it('refuses a dispatch without a mode rather than guessing execute', async () => {
    const { engine, dbPath } = liveEngine();
    const before = snapshot(dbPath);
    const r = await engine.call('dispatch', 'governance.setBand', { band: 'C', reason: 'no mode given' });
    expect(r.ok ? null : r.error.code).toBe('invalid');
    expect(snapshot(dbPath)).toEqual(before);
  });

  it('db.changed names the items a stock move changed, and none when items themselves changed', () => {
    const { engine } = liveEngine();
    const events: { tables: string[]; items?: string[] }[] = [];
    engine.on('db.changed', (p) => events.push(p));
    const oat = must(engine.dispatch('inventory.createItem', { name: 'Oat milk' }, 'execute')).result;
    expect(events.at(-1)?.tables).toContain('items');
    expect(events.at(-1)?.items).toBeUndefined();
    must(engine.dispatch('inventory.record', { itemId: oat.id, kind: 'purchase', qty: 3 }, 'execute'));
    expect(events.at(-1)).toMatchObject({ items: [oat.id] });
    expect(events.at(-1)?.tables).toEqual(expect.arrayContaining(['stock_journal', 'item_stats']));
    // and the list query refetches just those rows
    must(engine.dispatch('inventory.createItem', { name: 'Rice' }, 'execute'));
    expect(must(engine.query('inventory.items', { ids: [oat.id] })).items.map((r) => [r.name, r.forecast.onHand])).toEqual([['Oat milk', 3]]);
    expect(must(engine.query('inventory.items', {})).items).toHaveLength(2);
    // a refused stock move changed nothing: no items named
    expect(engine.dispatch('inventory.record', { itemId: oat.id, kind: 'consume', qty: 99 }, 'execute').ok).toBe(false);
    expect(events.at(-1)?.items).toBeUndefined();
    // plan mode rolls back: nothing changed
    must(engine.dispatch('inventory.record', { itemId: oat.id, kind: 'purchase', qty: 1 }, 'plan'));
    expect(events.at(-1)).toEqual({ tables: ['decisions'] });
  });

  it('a failing event listener neither fails the committed action nor stops other listeners', () => {
    const { engine, log } = liveEngine();
    const seen: string[] = [];
    engine.on('db.changed', () => {
      throw new Error('listener broke');
    });
    engine.on('db.changed', (p) => seen.push(...p.tables));
    const r = engine.dispatch('governance.setBand', { band: 'C', reason: 'listener test' }, 'execute');
    expect(r.ok).toBe(true);
    expect(seen).toContain('governance_state');
    expect(log.lines.some((l) => l.message === 'event listener failed')).toBe(true);
  });
});
