import { describe, expect, it } from 'vitest';
import type { SocketLike } from '../../renderer/api/ws-bridge';
import { createWsBridge } from '../../renderer/api/ws-bridge';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onclose?.({});
  }
  reply(id: unknown, result: unknown) {
    this.onmessage?.({ data: JSON.stringify({ id, result }) });
  }
  push(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const bridge = createWsBridge({
    url: 'ws://127.0.0.1:1/ws?token=t',
    files: { url: 'http://127.0.0.1:1/files', token: 't' },
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    initialDelayMs: 100,
    maxDelayMs: 400,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  const statuses: string[] = [];
  bridge.onStatus((s) => statuses.push(s));
  const last = () => sockets[sockets.length - 1]!;
  return { bridge, sockets, timers, statuses, last };
}

describe('WebSocket bridge', () => {
  it('queues requests made while connecting and sends them, in order, once open', async () => {
    const { bridge, last } = setup();
    expect(bridge.status()).toBe('connecting');
    const a = bridge.call('query', 'setup.status', {});
    const b = bridge.call('dispatch', 'governance.setBand', { band: 'C', reason: 'why not' }, 'execute');
    expect(last().sent).toEqual([]);
    last().open();
    expect(bridge.status()).toBe('open');
    expect(last().sent).toEqual([
      { id: 1, kind: 'query', name: 'setup.status', params: {} },
      { id: 2, kind: 'dispatch', name: 'governance.setBand', params: { band: 'C', reason: 'why not' }, mode: 'execute' },
    ]);
    last().reply(2, { ok: false, error: { code: 'blocked', message: 'execution is off' } });
    last().reply(1, { ok: true, value: { initialized: true, schemaVersion: 1 } });
    await expect(a).resolves.toEqual({ ok: true, value: { initialized: true, schemaVersion: 1 } });
    await expect(b).resolves.toEqual({ ok: false, error: { code: 'blocked', message: 'execution is off' } });
  });

  it('delivers pushed events to subscribers of that event only, and stops after unsubscribe', () => {
    const { bridge, last } = setup();
    last().open();
    const changed: unknown[] = [];
    const recorded: unknown[] = [];
    const off = bridge.on('db.changed', (p) => changed.push(p));
    bridge.on('decision.recorded', (p) => recorded.push(p));
    last().push('db.changed', { tables: ['decisions'] });
    last().push('unknown.event', { x: 1 });
    off();
    last().push('db.changed', { tables: ['audit'] });
    expect(changed).toEqual([{ tables: ['decisions'] }]);
    expect(recorded).toEqual([]);
  });

  it('reconnects with doubling, capped backoff and reports closed until open again', () => {
    const { bridge, sockets, timers, statuses, last } = setup();
    last().open();
    last().drop();
    expect(bridge.status()).toBe('closed');
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers[0]!.fn();
    last().drop();
    timers[1]!.fn();
    last().drop();
    timers[2]!.fn();
    last().drop();
    expect(timers.map((t) => t.ms)).toEqual([100, 200, 400, 400]);
    expect(bridge.status()).toBe('closed');
    timers[3]!.fn();
    last().open();
    expect(sockets).toHaveLength(5);
    expect(statuses).toEqual(['open', 'closed', 'open']);
    // A successful open resets the backoff.
    last().drop();
    expect(timers[4]!.ms).toBe(100);
  });

  it('resends an in-flight query after a reconnect but fails an in-flight dispatch (it may have run)', async () => {
    const { bridge, timers, last } = setup();
    last().open();
    const q = bridge.call('query', 'audit.verify', {});
    const d = bridge.call('dispatch', 'governance.engageKillSwitch', { reason: 'drill' }, 'execute');
    last().drop();
    const dispatched = await d;
    expect(dispatched.ok).toBe(false);
    if (!dispatched.ok) {
      expect(dispatched.error.code).toBe('internal');
      expect(dispatched.error.message).toMatch(/may or may not have run/);
    }
    timers[0]!.fn();
    last().open();
    expect(last().sent).toEqual([{ id: 1, kind: 'query', name: 'audit.verify', params: {} }]);
    last().reply(1, { ok: true, value: { ok: true } });
    await expect(q).resolves.toEqual({ ok: true, value: { ok: true } });
  });

  it('ignores malformed messages and answers a malformed result with internal', async () => {
    const { bridge, last } = setup();
    last().open();
    const q = bridge.call('query', 'setup.status', {});
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({ data: JSON.stringify({ id: 99, result: { ok: true, value: 1 } }) });
    last().reply(1, { nonsense: true });
    const result = await q;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('stops reconnecting after close()', () => {
    const { bridge, timers, last } = setup();
    last().open();
    bridge.close();
    expect(last().closed).toBe(true);
    last().drop();
    expect(timers).toEqual([]);
  });
});
