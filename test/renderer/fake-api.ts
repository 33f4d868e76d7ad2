/**
 * A scripted `ValhallaApi` for renderer tests: answers each call from a handler per name
 * (default: `not_found`), records every call, and lets the test push events. It stands in
 * for the transport only; the engine's own behaviour is covered by the engine and e2e tests.
 */
import type { ActionName, EventName, QueryName, Result, ValhallaApi } from '../../shared/contract';

export interface Call {
  kind: 'query' | 'dispatch';
  name: string;
  params: unknown;
  mode?: string;
}

/** An answer: at once, or later (a long action still running, to push its progress meanwhile). */
type Handler = (params: unknown) => Result<unknown> | Promise<Result<unknown>>;

export interface FakeApi extends ValhallaApi {
  calls: Call[];
  /** Sets the answer for a call name. */
  answer(name: QueryName | ActionName, handler: Handler): void;
  /** Pushes an event to subscribers. */
  emit(event: EventName, payload: unknown): void;
  /** Calls of one name. */
  callsOf(name: string): Call[];
}

/** A fresh fake API with the given handlers. */
export function fakeApi(handlers: Partial<Record<QueryName | ActionName, Handler>> = {}): FakeApi {
  const table = new Map<string, Handler>(Object.entries(handlers) as [string, Handler][]);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: Call[] = [];
  const run = (name: string, params: unknown): Result<unknown> | Promise<Result<unknown>> =>
    table.get(name)?.(params) ?? { ok: false, error: { code: 'not_found', message: `no fake answer for ${name}` } };
  const api = {
    calls,
    async query(name: string, params: unknown) {
      calls.push({ kind: 'query', name, params });
      return run(name, params);
    },
    async dispatch(name: string, params: unknown, mode: string) {
      calls.push({ kind: 'dispatch', name, params, mode });
      return run(name, params);
    },
    on(event: string, listener: (payload: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    answer(name: string, handler: Handler) {
      table.set(name, handler);
    },
    emit(event: string, payload: unknown) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    callsOf: (name: string) => calls.filter((c) => c.name === name),
  };
  return api as unknown as FakeApi;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let n = 0;
/** A valid UUID (v7-shaped) for fixtures, distinct per call. */
export function uuid(): string {
  n += 1;
  return `01a1fd6c-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A governance state as `governance.state` returns it. */
export function governanceState(overrides: Record<string, unknown> = {}) {
  return {
    initialized: true,
    currency: 'EUR',
    timeZone: 'UTC',
    goLive: { enabled: false, changedAt: null, changedBy: null },
    killSwitch: { engaged: false, reason: null, engagedAt: null, engagedBy: null },
    band: { current: 'B', reason: null, setAt: null, setBy: null },
    health: { level: 'green', reasons: [] },
    currentOperator: { id: uuid(), name: 'Astrid', role: 'owner', hasPin: false, createdAt: '2026-11-21T09:00:00.000Z' },
    chainHead: { seq: 3, hash: 'a'.repeat(64) },
    ...overrides,
  };
}

/** A decision summary as `decisions.list` returns it. */
export function decisionSummary(overrides: Record<string, unknown> = {}) {
  return {
    id: uuid(),
    at: '2026-11-21T09:00:00.000Z',
    operatorId: null,
    operatorName: 'Astrid',
    sessionId: null,
    action: 'governance.setBand',
    mode: 'execute',
    status: 'OK',
    reason: null,
    errorCode: null,
    riskBucket: null,
    paramsSha256: 'b'.repeat(64),
    resultSha256: 'c'.repeat(64),
    ...overrides,
  };
}
