/**
 * The whole contract fuzzed (issue 18, item 2): every action and query, with params shaped
 * by its schema, mutated, or junk (wrong types, 1–2 MiB strings, thousands of levels, own
 * `__proto__` keys, NaN, ±Infinity, -0, unsafe integers, dates out of range), in `plan` and
 * `execute`, never crashes, always answers with an envelope of a known code, changes
 * nothing when it refuses params as `invalid` (or plans, or only reads), and records a
 * bounded decision for every action. This is the fast run; `npm run soak` runs the long one.
 * Then: the harness itself fails on a broken engine, and the bugs it found stay fixed.
 */
import { describe, expect, it } from 'vitest';
import { actions, MAX_APPROVAL_PARAMS_CHARS, queries, type Decision, type Result } from '../../shared/contract';
import { MAX_PARAMS_DEPTH, MAX_STORED_TEXT_CHARS } from '../../main/engine/governance/limits';
import type { Engine } from '../../main/engine/types';
import { fuzzContract, MAX_INVALID_DECISION_CHARS, steadyGovernance, type FuzzedEngine } from '../helpers/fuzz';
import { liveEngine, must, refusal, rowCount, tempDir } from '../helpers/engine';
import { nestedValue } from '../helpers/fuzz-inputs';

/** Fixed, so a failure here replays: the report names each failing name's own seed too. */
const SEED = 20_261_121;
/** Params per action and per query: ~12 × 161 names ≈ 2,000 calls. */
const NUM_RUNS = 12;

/** A live engine with a little of everything for shaped params to name: a location, stocked items, an account, a receipt, a shopping item. */
function seededEngine() {
  const opened = liveEngine();
  const { engine } = opened;
  const location = must(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute')).result;
  for (const name of ['Rice', 'Coffee']) {
    const item = must(engine.dispatch('inventory.createItem', { name, locationId: location.id, minQty: 1, targetQty: 4 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3, unitCostMinor: 250 }, 'execute'));
  }
  must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute'));
  must(engine.dispatch('receipts.create', { vendor: 'Corner shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR' }, 'execute'));
  must(engine.dispatch('shopping.add', { name: 'Milk' }, 'execute'));
  return opened;
}

describe('every action and query under fuzzing', () => {
  it(`answers ${NUM_RUNS} fuzzed params per name, in plan and execute, with an envelope of a known code, a bounded decision per action, no change on invalid, and a chain that verifies`, async () => {
    const { engine, owner } = seededEngine();
    const report = await fuzzContract({ engine, numRuns: NUM_RUNS, seed: SEED, scratchDir: tempDir(), beforeEachName: () => steadyGovernance(engine, owner.id) });
    console.info(
      `fuzz: ${report.inputs} inputs over ${report.actions} actions and ${report.queries} queries in ${report.seconds.toFixed(1)} s (seed ${report.seed}): ${report.ok} ok, refused ${JSON.stringify(report.refusals)}`,
    );
    expect(report.failures, `seed ${SEED}:\n${JSON.stringify(report.failures, null, 2)}`).toEqual([]);
    expect(report.auditVerified).toBe(true);
    // every name of the contract, each with its runs
    expect(report.actions).toBe(Object.keys(actions).length);
    expect(report.queries).toBe(Object.keys(queries).length);
    const names = Object.entries(report.byName);
    expect(names.filter(([, s]) => s.inputs < NUM_RUNS).map(([n]) => n)).toEqual([]);
    expect(report.inputs).toBeGreaterThanOrEqual(NUM_RUNS * (report.actions + report.queries));
    // shaped params get past the schemas: most names see valid params, and many calls succeed
    expect(names.filter(([, s]) => s.schemaValid > 0).length).toBeGreaterThan(0.75 * names.length);
    expect(report.ok).toBeGreaterThan(0.1 * report.inputs);
    expect(report.refusals.invalid ?? 0).toBeGreaterThan(0.3 * report.inputs);
    // about 25 s alone; the bound is for a machine shared with other work
  }, 600_000);
});

describe('the fuzzer fails on a broken engine', () => {
  const names = ['governance.setBand', 'inventory.items'];

  /** `engine` with `call` replaced. */
  const wrapped = (engine: Engine, call: FuzzedEngine['call']): FuzzedEngine => ({ dbPath: engine.dbPath, query: engine.query.bind(engine), call });

  it('reports a call that throws, with a shrunk counterexample and its seed', async () => {
    const { engine } = liveEngine();
    const throwing = wrapped(engine, async (kind, name, params, mode) => {
      if (name === 'governance.setBand' && typeof params !== 'object') throw new TypeError('boom');
      return engine.call(kind, name, params, mode);
    });
    const report = await fuzzContract({ engine: throwing, numRuns: 40, seed: SEED, names, scratchDir: tempDir() });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ kind: 'action', name: 'governance.setBand', error: 'threw TypeError: boom' });
    expect(report.failures[0]?.counterexample).toMatch(/^params (null|undefined|-?\d|"|true|false)/);
    expect(report.failures[0]?.replay).toContain(`seed: ${report.failures[0]?.seed}`);
  });

  it('reports state changed by an invalid refusal, an unknown code, and a query that writes', async () => {
    const { engine } = liveEngine();
    let leaks = 0;
    const leaky = wrapped(engine, async (kind, name, params, mode) => {
      const result = await engine.call(kind, name, params, mode);
      const invalid = !result.ok && result.error.code === 'invalid';
      if (kind === 'dispatch' && invalid && mode === 'execute') engine.dispatch('inventory.createLocation', { name: `leak ${++leaks}` }, 'execute');
      if (kind === 'query' && result.ok) {
        engine.dispatch('inventory.createLocation', { name: `query leak ${++leaks}` }, 'execute');
        return { ok: false, error: { code: 'teapot', message: 'short and stout' } } as unknown as Result<unknown>;
      }
      return result;
    });
    const report = await fuzzContract({ engine: leaky, numRuns: 40, seed: SEED, names, scratchDir: tempDir() });
    const byName = Object.fromEntries(report.failures.map((f) => [f.name, f.error]));
    expect(byName['governance.setBand']).toMatch(/invalid changed locations/);
    expect(byName['inventory.items']).toMatch(/unknown error code "teapot".*a query changed .*locations/);
  });
});

describe('bugs the fuzzer found stay fixed', () => {
  /** The decision a refusal carries, as stored, and its size in characters of JSON. */
  const stored = (engine: Engine, result: Result<unknown>) => {
    const { decision } = refusal(result).details as { decision: Decision };
    const found = must(engine.query('decisions.get', { id: decision.id }));
    return { decision: found, size: JSON.stringify(found).length };
  };

  it('records a decision for params holding a sparse array (structured clone carries holes; canonical JSON skipped them and the decision could not be written)', () => {
    const { engine } = liveEngine();
    const holed = (last: unknown) => {
      const array: unknown[] = [];
      array[1] = last;
      return array;
    };
    for (const params of [holed(false), { note: holed({}) }]) {
      for (const mode of ['plan', 'execute'] as const) {
        const result = engine.dispatch('purchases.advance', params, mode);
        expect(refusal(result).code).toBe('invalid');
        expect(stored(engine, result).decision).toMatchObject({ status: 'INVALID', action: 'purchases.advance' });
      }
    }
    expect(must(engine.query('audit.verify', {})).ok).toBe(true);
  });

  it("records a decision for params with NaN beside an own `toString` that is not a function (String(params) threw, so no decision was written)", () => {
    const { engine } = liveEngine();
    const params = JSON.parse('{"__proto__":1,"toString":{"deeper":"bottom"}}') as Record<string, unknown>;
    params.nan = Number.NaN;
    const result = engine.dispatch('recommendations.reject', params, 'plan');
    expect(refusal(result).code).toBe('invalid');
    expect(stored(engine, result).decision.params).toMatchObject({ nan: null, toString: { deeper: 'bottom' } });
  });

  it('records a decision for params nested too deep that hold NaN or -Infinity elsewhere (the preview could not be canonicalised)', () => {
    const { engine } = liveEngine();
    const result = engine.dispatch('inventory.archiveLocation', { deep: nestedValue(100, 'object'), n: { x: Number.NEGATIVE_INFINITY, y: Number.NaN } }, 'plan');
    expect(refusal(result).message).toBe(`invalid params: nested more than ${MAX_PARAMS_DEPTH} levels deep`);
    expect(stored(engine, result).decision.params).toMatchObject({ truncated: true, deeperThan: MAX_PARAMS_DEPTH, preview: expect.stringContaining('"n":{"x":null,"y":null}') });
  });

  it('refuses a 1 MB column name in an items import mapping as invalid (it passed the schema and was stored whole in a BLOCKED decision)', () => {
    const { engine } = liveEngine();
    const mapping = { name: 'x'.repeat(1024 * 1024) };
    const result = engine.dispatch('inventory.importItems', { fileSha256: 'a'.repeat(64), mapping }, 'plan');
    expect(refusal(result).message).toBe('invalid params: mapping.name: at most 100 characters');
    expect(stored(engine, result).size).toBeLessThan(MAX_INVALID_DECISION_CHARS);
  });

  it('refuses approval params of more than 16 KiB of JSON, or that JSON cannot hold, as invalid, with a bounded decision and no approval (a 1 MB string was stored in the decision)', () => {
    const { engine, dbPath } = liveEngine();
    const huge = { id: 'x', note: 'z'.repeat(1024 * 1024) };
    const result = engine.dispatch('approvals.request', { action: 'purchases.execute', params: huge, title: 'big', reason: 'a reason given' }, 'execute');
    const error = refusal(result);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe(`invalid params: params: at most ${MAX_APPROVAL_PARAMS_CHARS} characters of JSON (${JSON.stringify(huge).length} given)`);
    const { decision, size } = stored(engine, result);
    expect(decision.status).toBe('INVALID');
    expect(size).toBeLessThan(MAX_INVALID_DECISION_CHARS);
    expect(size).toBeLessThan(4 * MAX_STORED_TEXT_CHARS);

    const nan = engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: Number.NaN }, title: 'nan' }, 'execute');
    expect(refusal(nan).message).toBe('invalid params: params: must be plain JSON (no NaN, Infinity, undefined, dates or holes)');
    expect(rowCount(dbPath, 'approvals')).toBe(0);
    expect(must(engine.query('audit.verify', {})).ok).toBe(true);
  });

  it("refuses an approval for an action named `constructor` or `__proto__` as an unknown action (the handler's lookup by name found Object's own members and crashed)", () => {
    const { engine } = liveEngine();
    for (const action of ['constructor', '__proto__', 'toString', 'inventory.nope']) {
      const error = refusal(engine.dispatch('approvals.request', { action, params: {}, title: 'proto' }, 'plan'));
      expect(error).toMatchObject({ code: 'invalid', message: 'invalid params: action: unknown action' });
    }
  });

  it('refuses params zod cannot read (a `length` that is no number) as invalid, with a decision, through every entry point (zod threw from safeParse)', async () => {
    const { engine, dbPath } = liveEngine();
    const unreadable = JSON.parse('{"length":{"toString":1,"valueOf":1}}') as unknown;
    const operators = rowCount(dbPath, 'operators');
    const direct = engine.dispatch('operators.create', { name: unreadable, role: 'owner' }, 'execute');
    expect(refusal(direct).code).toBe('invalid');
    expect(refusal(direct).message).toMatch(/cannot be read/);
    expect(stored(engine, direct).decision.status).toBe('INVALID');
    const viaCall = await engine.call('dispatch', 'operators.create', { name: unreadable, role: 'owner' }, 'execute');
    expect(refusal(viaCall).code).toBe('invalid');
    const viaAsync = await engine.dispatchAsync('operators.create', { name: unreadable, role: 'owner' }, 'plan');
    expect(refusal(viaAsync).code).toBe('invalid');
    const query = engine.query('decisions.list', { action: unreadable });
    expect(refusal(query).code).toBe('invalid');
    const approval = engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: unreadable }, title: 'unreadable' }, 'execute');
    expect(refusal(approval).code).toBe('invalid');
    expect(rowCount(dbPath, 'operators')).toBe(operators);
    expect(must(engine.query('audit.verify', {})).ok).toBe(true);
  });
});
