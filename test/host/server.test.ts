/**
 * Browser mode end to end at the socket level: a real `startHost` on 127.0.0.1, the real
 * engine on a temp SQLite file, real HTTP requests and real WebSocket clients (package `ws`).
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_CONNECTIONS, MAX_MESSAGE_BYTES, startHost, TOO_MANY_CONNECTIONS, type Host } from '../../main/host/server';
import { CSP } from '../../main/host/static';
import { closeEngine, memoryLogger, openEngine } from '../helpers/engine';
import { rendererFixture, SECRET } from './renderer-fixture';

const hosts: Host[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  for (const host of hosts.splice(0)) await host.close();
});


async function start() {
  const { engine } = openEngine();
  const log = memoryLogger();
  const host = await startHost({ engine, rendererDir: rendererFixture().dir, log });
  hosts.push(host);
  return { host, engine, log };
}

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET with full control of the path and the Host header. */
function get(port: number, path: string, hostHeader = `127.0.0.1:${port}`, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: hostHeader } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface ConnectOptions {
  token?: string | null;
  origin?: string | null;
  hostHeader?: string;
  path?: string;
}

/** Opens a WebSocket; resolves with the open socket, or with the HTTP status it was refused with. */
function connect(host: Host, options: ConnectOptions = {}): Promise<WebSocket | { refused: number }> {
  const token = options.token === undefined ? host.token : options.token;
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const origin = options.origin === undefined ? `http://127.0.0.1:${host.port}` : options.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${options.path ?? '/ws'}${query}`, {
    headers: { Host: options.hostHeader ?? `127.0.0.1:${host.port}` },
    ...(origin === null ? {} : { origin }),
  });
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

async function open(host: Host, options: ConnectOptions = {}): Promise<WebSocket> {
  const ws = await connect(host, options);
  if (!(ws instanceof WebSocket)) throw new Error(`connection refused with ${ws.refused}`);
  return ws;
}

type Reply = { id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };

/** The next message on `ws` that satisfies `match`. */
function next<T>(ws: WebSocket, match: (message: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!match(message)) return;
      ws.off('message', onMessage);
      resolve(message as T);
    };
    ws.on('message', onMessage);
  });
}

/** Sends raw text and resolves with the reply that carries `id` (or `null` for refusals without one). */
function exchange(ws: WebSocket, text: string, id: number | null): Promise<Reply> {
  const reply = next<Reply>(ws, (m) => 'result' in m && m.id === id);
  ws.send(text);
  return reply;
}

function call(ws: WebSocket, id: number, message: Record<string, unknown>): Promise<Reply> {
  return exchange(ws, JSON.stringify({ id, ...message }), id);
}

const OWNER = { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' };

describe('host: startHost', () => {
  it('listens on 127.0.0.1 on a free port and puts a 32-byte base64url token in the URL hash', async () => {
    const { host } = await start();
    expect(host.port).toBeGreaterThan(0);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('uses a new token on every start', async () => {
    const a = await start();
    const b = await start();
    expect(a.host.token).not.toBe(b.host.token);
  });

  it('closes its sockets and stops listening on close()', async () => {
    const { host } = await start();
    const ws = await open(host);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await host.close();
    await closed;
    await expect(get(host.port, '/')).rejects.toThrow();
  });
});

describe('host: static files', () => {
  it('serves index.html for / with the strict CSP, nosniff and an HTML content type', async () => {
    const { host } = await start();
    const answer = await get(host.port, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>Valhalla</title>');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their content types and the CSP', async () => {
    const { host } = await start();
    const js = await get(host.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(CSP);
    expect((await get(host.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 with the CSP for a missing asset, and index.html for an extensionless client route', async () => {
    const { host } = await start();
    const missing = await get(host.port, '/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(CSP);
    const route = await get(host.port, '/decisions');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Valhalla</title>');
  });

  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/index.html%00.js']) {
    it(`refuses the path traversal ${path} with 403 and logs it`, async () => {
      const { host, log } = await start();
      const answer = await get(host.port, path);
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(SECRET);
      expect(log.lines.some((l) => l.message === 'http: refused a path outside the renderer')).toBe(true);
    });
  }

  it('refuses a request whose Host header is not this server (DNS rebinding) with 403', async () => {
    const { host, log } = await start();
    const answer = await get(host.port, '/', `evil.example:${host.port}`);
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('Valhalla');
    expect(log.lines.some((l) => l.message === 'http: refused a request for another host')).toBe(true);
  });

  it('accepts localhost:PORT as Host', async () => {
    const { host } = await start();
    expect((await get(host.port, '/', `localhost:${host.port}`)).status).toBe(200);
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const { host } = await start();
    expect((await get(host.port, '/', undefined, 'POST')).status).toBe(405);
    const head = await get(host.port, '/', undefined, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('host: who may open the WebSocket', () => {
  const refusals: [string, (host: Host) => ConnectOptions, number][] = [
    ['no token', () => ({ token: null }), 401],
    ['a wrong token', () => ({ token: 'A'.repeat(43) }), 401],
    ['a token of another length', (host) => ({ token: `${host.token}x` }), 401],
    ['a Host header naming another server', (host) => ({ hostHeader: `evil.example:${host.port}` }), 403],
    ['a Host header with another port', (host) => ({ hostHeader: `127.0.0.1:${host.port + 1}` }), 403],
    ['another Origin', () => ({ origin: 'http://evil.example' }), 403],
    ['an Origin with another port', (host) => ({ origin: `http://127.0.0.1:${host.port + 1}` }), 403],
    ['no Origin', () => ({ origin: null }), 403],
    ['another path', () => ({ path: '/socket' }), 404],
  ];
  for (const [label, options, status] of refusals) {
    it(`refuses ${label} with ${status}, logs it and never logs the token`, async () => {
      const { host, log } = await start();
      expect(await connect(host, options(host))).toEqual({ refused: status });
      const refused = log.lines.filter((l) => l.message === 'websocket: connection refused');
      expect(refused).toHaveLength(1);
      expect(JSON.stringify(log.lines)).not.toContain(host.token);
    });
  }

  it('accepts the token with Host and Origin on localhost:PORT', async () => {
    const { host } = await start();
    const ws = await open(host, { hostHeader: `localhost:${host.port}`, origin: `http://localhost:${host.port}` });
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it(`closes the connection past ${MAX_CONNECTIONS} open ones with 1013 and a reason, keeps the others, and takes one again once a tab closes`, async () => {
    const { host, log } = await start();
    const first = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open(host)));
    const extra = await open(host);
    const [code, reason] = await new Promise<[number, string]>((resolve) => extra.once('close', (c, r) => resolve([c, r.toString()])));
    expect(code).toBe(1013);
    expect(reason).toBe(TOO_MANY_CONNECTIONS.reason);
    expect(reason).toMatch(/^too many connections: at most 8 tabs/);
    expect(log.lines.filter((l) => l.message === 'websocket: connection refused')).toHaveLength(1);
    for (const [i, ws] of first.entries()) expect((await call(ws, i + 1, { kind: 'query', name: 'setup.status', params: {} })).result.ok).toBe(true);
    const gone = first[0] as WebSocket;
    await new Promise<void>((resolve) => {
      gone.once('close', () => resolve());
      gone.close();
    });
    // the server counts the tab as gone once its own side has closed, a moment after the client's
    const answered = async () => {
      const ws = await open(host);
      const refused = new Promise<false>((resolve) => ws.once('close', () => resolve(false)));
      return Promise.race([refused, call(ws, 99, { kind: 'query', name: 'setup.status', params: {} }).then((r) => r.result.ok)]);
    };
    let ok = false;
    for (let attempt = 0; attempt < 20 && !ok; attempt++) ok = await answered();
    expect(ok).toBe(true);
  });
});

describe('host: the protocol against the real engine', () => {
  it('answers a query with the engine envelope and the same id', async () => {
    const { host } = await start();
    const ws = await open(host);
    const reply = await call(ws, 7, { kind: 'query', name: 'setup.status', params: {} });
    expect(reply).toEqual({ id: 7, result: { ok: true, value: { initialized: false, schemaVersion: expect.any(Number) } } });
  });

  it('runs a dispatch through the dispatcher, and its effect is visible to a later query', async () => {
    const { host } = await start();
    const ws = await open(host);
    const planned = await call(ws, 1, { kind: 'dispatch', name: 'setup.initialize', params: OWNER, mode: 'plan' });
    expect(planned.result.ok).toBe(true);
    expect((await call(ws, 2, { kind: 'query', name: 'setup.status', params: {} })).result.value).toMatchObject({ initialized: false });
    const executed = await call(ws, 3, { kind: 'dispatch', name: 'setup.initialize', params: OWNER, mode: 'execute' });
    expect(executed.result.ok).toBe(true);
    expect(executed.result.value).toMatchObject({ decision: { action: 'setup.initialize', mode: 'execute', status: 'OK' } });
    expect((await call(ws, 4, { kind: 'query', name: 'setup.status', params: {} })).result.value).toMatchObject({ initialized: true });
  });

  it('passes the engine’s own refusal of bad params through (invalid with field paths)', async () => {
    const { host } = await start();
    const ws = await open(host);
    const reply = await call(ws, 5, { kind: 'dispatch', name: 'setup.initialize', params: { ...OWNER, currency: 'XXX1' }, mode: 'execute' });
    expect(reply.result.ok).toBe(false);
    expect(reply.result.error?.code).toBe('invalid');
  });

  const malformed: [string, Record<string, unknown>, string][] = [
    ['an unknown query name', { kind: 'query', name: 'secrets.dump', params: {} }, 'unknown query'],
    ['an action name sent as a query', { kind: 'query', name: 'setup.initialize', params: OWNER }, 'unknown query'],
    ['an unknown action name', { kind: 'dispatch', name: 'engine.shutdown', params: {}, mode: 'execute' }, 'unknown action'],
    ['an unknown kind', { kind: 'exec', name: 'setup.status', params: {} }, 'kind'],
    ['a dispatch without a mode', { kind: 'dispatch', name: 'setup.initialize', params: OWNER }, 'mode'],
    ['a dispatch with a made-up mode', { kind: 'dispatch', name: 'setup.initialize', params: OWNER, mode: 'force' }, 'mode'],
    ['a name that is not a string', { kind: 'query', name: 42, params: {} }, 'name'],
  ];
  for (const [label, message, mentions] of malformed) {
    it(`answers ${label} with invalid and the message id, without running it`, async () => {
      const { host } = await start();
      const ws = await open(host);
      const reply = await call(ws, 11, message);
      expect(reply.id).toBe(11);
      expect(reply.result.ok).toBe(false);
      expect(reply.result.error?.code).toBe('invalid');
      expect(reply.result.error?.message).toContain(mentions);
      expect((await call(ws, 12, { kind: 'query', name: 'setup.status', params: {} })).result.value).toMatchObject({ initialized: false });
    });
  }

  const unreadable: [string, string][] = [
    ['malformed JSON', '{"id": 1, "kind": '],
    ['a JSON array', '[1, 2, 3]'],
    ['a JSON string', '"setup.status"'],
    ['a message without an id', JSON.stringify({ kind: 'query', name: 'setup.status', params: {} })],
    ['a message with a fractional id', JSON.stringify({ id: 1.5, kind: 'query', name: 'setup.status', params: {} })],
  ];
  for (const [label, text] of unreadable) {
    it(`answers ${label} with invalid and id null, and keeps the connection`, async () => {
      const { host } = await start();
      const ws = await open(host);
      const reply = await exchange(ws, text, null);
      expect(reply).toEqual({ id: null, result: { ok: false, error: { code: 'invalid', message: expect.any(String) } } });
      expect((await call(ws, 2, { kind: 'query', name: 'setup.status', params: {} })).result.ok).toBe(true);
    });
  }

  it('closes a connection whose message exceeds the size limit (1009), and keeps serving others', async () => {
    const { host } = await start();
    const big = await open(host);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ id: 1, kind: 'query', name: 'setup.status', params: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect(await closed).toBe(1009);
    const ws = await open(host);
    expect((await call(ws, 2, { kind: 'query', name: 'setup.status', params: {} })).result.ok).toBe(true);
  });

  it('pushes engine events to every connected client', async () => {
    const { host } = await start();
    const a = await open(host);
    const b = await open(host);
    const changedA = next<{ event: string; payload: { tables: string[] } }>(a, (m) => m.event === 'db.changed');
    const changedB = next<{ event: string; payload: { tables: string[] } }>(b, (m) => m.event === 'db.changed');
    const recordedB = next<{ event: string; payload: { action: string; status: string } }>(b, (m) => m.event === 'decision.recorded');
    await call(a, 1, { kind: 'dispatch', name: 'setup.initialize', params: OWNER, mode: 'execute' });
    expect((await changedA).payload.tables).toContain('operators');
    expect((await changedB).payload.tables).toContain('operators');
    expect((await recordedB).payload).toMatchObject({ action: 'setup.initialize', status: 'OK' });
  });

  it('answers internal when the engine fails (here: closed under it), and keeps serving', async () => {
    const { host, engine } = await start();
    const ws = await open(host);
    closeEngine(engine);
    const reply = await call(ws, 3, { kind: 'query', name: 'setup.status', params: {} });
    expect(reply.id).toBe(3);
    expect(reply.result.ok).toBe(false);
    expect(reply.result.error?.code).toBe('internal');
    expect((await get(host.port, '/')).status).toBe(200);
    expect((await call(ws, 4, { kind: 'query', name: 'nope', params: {} })).result.error?.code).toBe('invalid');
  });
});
