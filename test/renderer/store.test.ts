import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/store/index';
import { decisionsSelectors, emptyDecisionFilters } from '../../renderer/features/decisions/slice';
import { decisionSummary, fakeApi, flush, governanceState, ok, uuid } from './fake-api';

function storeWith(api = fakeApi()) {
  return { api, store: createAppStore({ api }) };
}

describe('decisions slice', () => {
  it('loads the first page with the filters set and leaves empty ones out', async () => {
    const api = fakeApi({ 'decisions.list': () => ok({ items: [decisionSummary()], nextCursor: null }) });
    const { store } = storeWith(api);
    await store.getState().setDecisionFilters({ ...emptyDecisionFilters, status: 'BLOCKED', from: '2026-11-01' });
    expect(api.callsOf('decisions.list')[0]!.params).toEqual({ limit: 25, status: 'BLOCKED', from: '2026-11-01' });
    expect(store.getState().decisionList.status).toBe('ready');
    expect(store.getState().decisionList.items).toHaveLength(1);
  });

  it('pages with the keyset cursor and appends, until there is no next cursor', async () => {
    const first = [decisionSummary(), decisionSummary()];
    const second = [decisionSummary()];
    const cursor = first[1]!.id;
    const api = fakeApi({
      'decisions.list': (p) => ((p as { cursor?: string }).cursor === cursor ? ok({ items: second, nextCursor: null }) : ok({ items: first, nextCursor: cursor })),
    });
    const { store } = storeWith(api);
    await store.getState().loadDecisions();
    expect(decisionsSelectors.canLoadMore(store.getState())).toBe(true);
    await store.getState().loadMoreDecisions();
    expect(api.callsOf('decisions.list')[1]!.params).toEqual({ limit: 25, cursor });
    expect(store.getState().decisionList.items.map((d) => d.id)).toEqual([...first, ...second].map((d) => d.id));
    expect(decisionsSelectors.canLoadMore(store.getState())).toBe(false);
    await store.getState().loadMoreDecisions();
    expect(api.callsOf('decisions.list')).toHaveLength(2);
  });

  it('drops the answer of an older request when the filters changed meanwhile', async () => {
    const slow = decisionSummary({ action: 'old' });
    const fast = decisionSummary({ action: 'new' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const api = fakeApi();
    const base = api.query.bind(api);
    api.query = (async (name: string, params: unknown) => {
      if (name === 'decisions.list' && !(params as { status?: string }).status) {
        await gate;
        return ok({ items: [slow], nextCursor: null });
      }
      if (name === 'decisions.list') return ok({ items: [fast], nextCursor: null });
      return base(name as never, params as never);
    }) as typeof api.query;
    const { store } = storeWith(api);
    const older = store.getState().loadDecisions();
    await store.getState().setDecisionFilters({ ...emptyDecisionFilters, status: 'OK' });
    release();
    await older;
    expect(store.getState().decisionList.items.map((d) => d.action)).toEqual(['new']);
  });

  it('keeps at most two decisions ticked for comparison, dropping the oldest tick', () => {
    const { store } = storeWith();
    const [a, b, c] = [uuid(), uuid(), uuid()];
    store.getState().toggleCompare(a);
    expect(decisionsSelectors.canCompare(store.getState())).toBe(false);
    store.getState().toggleCompare(b);
    expect(decisionsSelectors.canCompare(store.getState())).toBe(true);
    store.getState().toggleCompare(c);
    expect(store.getState().compareIds).toEqual([b, c]);
    store.getState().toggleCompare(b);
    expect(store.getState().compareIds).toEqual([c]);
  });

  it('diffs the two ticked decisions in tick order', async () => {
    const api = fakeApi({ 'decisions.diff': (p) => ok({ a: decisionSummary(), b: decisionSummary(), fields: [], params: p }) });
    const { store } = storeWith(api);
    const [a, b] = [uuid(), uuid()];
    store.getState().toggleCompare(a);
    store.getState().toggleCompare(b);
    await store.getState().loadDiff();
    expect(api.callsOf('decisions.diff')[0]!.params).toEqual({ a, b });
    expect(store.getState().diff.status).toBe('ready');
    store.getState().closeDiff();
    expect(store.getState().diff.status).toBe('idle');
  });

  it('openDecision goes to the explorer with the decision open', async () => {
    const id = uuid();
    const api = fakeApi({ 'decisions.get': () => ok({ ...decisionSummary({ id }), gates: [], params: {}, result: null }) });
    const { store } = storeWith(api);
    await store.getState().openDecision(id);
    expect(store.getState().route).toBe('decisions');
    expect(store.getState().decisionDetail.data?.id).toBe(id);
  });
});

describe('commands slice and refresh', () => {
  it('execute dispatches in execute mode, sets a notice and refreshes', async () => {
    const api = fakeApi({
      'setup.status': () => ok({ initialized: true, schemaVersion: 1 }),
      'governance.state': () => ok(governanceState()),
      'governance.setBand': () => ok({ decision: decisionSummary(), result: { changed: true } }),
    });
    const { store } = storeWith(api);
    const result = await store.getState().execute('governance.setBand', { band: 'C', reason: 'runway' });
    expect(result.ok).toBe(true);
    expect(api.callsOf('governance.setBand')).toEqual([{ kind: 'dispatch', name: 'governance.setBand', params: { band: 'C', reason: 'runway' }, mode: 'execute' }]);
    expect(store.getState().notice).toEqual({ kind: 'ok', text: 'Band changed' });
    expect(api.callsOf('governance.state')).toHaveLength(1);
  });

  it('a refused action leaves its message as an error notice', async () => {
    const api = fakeApi({ 'governance.releaseKillSwitch': () => ({ ok: false, error: { code: 'forbidden', message: 'role staff may not release' } }) });
    const { store } = storeWith(api);
    const result = await store.getState().execute('governance.releaseKillSwitch', { reason: 'try' });
    expect(result.ok).toBe(false);
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'role staff may not release' });
  });

  it('a refusal shown by the form itself is not repeated in the notice bar', async () => {
    const api = fakeApi({ 'governance.setBand': () => ({ ok: false, error: { code: 'blocked', message: 'execution is off' } }) });
    const { store } = storeWith(api);
    store.setState({ notice: { kind: 'ok', text: 'Band changed' } });
    await store.getState().execute('governance.setBand', { band: 'C', reason: 'runway' }, { announceFailure: false });
    expect(store.getState().notice).toBeNull();
  });

  it('db.changed refetches what was loaded, and only that', async () => {
    const api = fakeApi({
      'setup.status': () => ok({ initialized: true, schemaVersion: 1 }),
      'governance.state': () => ok(governanceState()),
      'audit.list': () => ok({ items: [], nextCursor: null }),
    });
    const { store } = storeWith(api);
    await store.getState().loadAudit();
    api.calls.length = 0;
    api.emit('db.changed', { tables: ['audit_events'] });
    await flush();
    const names = api.calls.map((c) => c.name).sort();
    expect(names).toEqual(['audit.list', 'governance.state', 'setup.status']);
  });

  it('the audit action filter reloads from the newest event and pages with the same filter', async () => {
    const event = (seq: number, action: string) => ({ seq, id: `e${seq}`, at: '2026-11-21T09:00:00.000Z', operatorId: null, sessionId: null, decisionId: null, action, entity: 'receipt', entityId: null, before: null, after: {}, prevHash: '0', hash: '1' });
    const api = fakeApi({
      'audit.list': (p) => {
        const { action, cursor } = p as { action?: string; cursor?: number };
        return ok(cursor ? { items: [event(1, action ?? 'x.y')], nextCursor: null } : { items: [event(5, action ?? 'x.y')], nextCursor: 5 });
      },
    });
    const { store } = storeWith(api);
    await store.getState().loadAudit();
    await store.getState().setAuditAction('receipts');
    await store.getState().loadMoreAudit();
    expect(api.callsOf('audit.list').map((c) => c.params)).toEqual([{ limit: 50 }, { limit: 50, action: 'receipts' }, { limit: 50, cursor: 5, action: 'receipts' }]);
    expect(store.getState().auditList.items.map((e) => e.action)).toEqual(['receipts', 'receipts']);
    await store.getState().setAuditAction(null);
    expect(api.callsOf('audit.list').at(-1)?.params).toEqual({ limit: 50 });
  });

  it('coalesces refreshes: calls during a refresh cause one more, not one each', async () => {
    const api = fakeApi({ 'setup.status': () => ok({ initialized: true, schemaVersion: 1 }), 'governance.state': () => ok(governanceState()) });
    const { store } = storeWith(api);
    await Promise.all([store.getState().refresh(), store.getState().refresh(), store.getState().refresh()]);
    expect(api.callsOf('setup.status')).toHaveLength(2);
  });

  it('dispose unsubscribes from db.changed', async () => {
    const api = fakeApi();
    const { store } = storeWith(api);
    store.dispose();
    api.emit('db.changed', { tables: [] });
    await flush();
    expect(api.calls).toEqual([]);
  });
});

describe('connection', () => {
  it('follows the transport and refreshes after a reconnect', async () => {
    let status: 'connecting' | 'open' | 'closed' = 'connecting';
    const listeners = new Set<(s: typeof status) => void>();
    const connection = { status: () => status, onStatus: (l: (s: typeof status) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const set = (s: typeof status) => {
      status = s;
      for (const l of listeners) l(s);
    };
    const api = fakeApi({ 'setup.status': () => ok({ initialized: true, schemaVersion: 1 }), 'governance.state': () => ok(governanceState()) });
    const store = createAppStore({ api, connection });
    expect(store.getState().connection).toBe('connecting');
    set('open');
    expect(api.calls).toEqual([]);
    set('closed');
    expect(store.getState().everConnected).toBe(true);
    set('open');
    await flush();
    expect(api.callsOf('setup.status')).toHaveLength(1);
  });
});
