/**
 * Browser mode's `POST /files` at the socket level: a real `startHost` on 127.0.0.1, the real
 * engine on a temp SQLite file and its real file store, raw HTTP requests with full control
 * of every header (package-free `node:http`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../main/host/server';
import { CSP } from '../../main/host/static';
import type { Engine } from '../../main/engine/types';
import { memoryLogger, openEngine } from '../helpers/engine';
import { rendererFixture } from './renderer-fixture';

const hosts: Host[] = [];

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

const SMALL_LIMIT = 64 * 1024;

async function start(maxUploadBytes?: number) {
  const { engine } = openEngine();
  const log = memoryLogger();
  const host = await startHost({ engine, rendererDir: rendererFixture().dir, log, ...(maxUploadBytes === undefined ? {} : { maxUploadBytes }) });
  hosts.push(host);
  return { host, engine, log };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { ok: boolean; value?: { sha256: string; size: number; name: string }; error?: { code: string; message: string } } | null;
}

interface PostOptions {
  /** Headers to send; `null` removes a default one. */
  headers?: Record<string, string | null>;
  /** Sent as one piece with Content-Length, or chunk by chunk (Transfer-Encoding: chunked) when an array. */
  body?: Buffer | Buffer[];
  method?: string;
  path?: string;
  /** With a chunked body: wait this long after the first chunk. */
  pauseAfterFirstMs?: number;
}

/** Every header a same-origin `fetch` of the console would send. */
function defaults(host: Host, name = 'sales.csv'): Record<string, string> {
  return {
    Host: `127.0.0.1:${host.port}`,
    Origin: `http://127.0.0.1:${host.port}`,
    Authorization: `Bearer ${host.token}`,
    'Content-Type': 'application/octet-stream',
    'X-Valhalla-File-Name': encodeURIComponent(name),
  };
}

function post(host: Host, options: PostOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...defaults(host), ...options.headers })) if (value !== null) headers[key] = value;
  const body = options.body ?? Buffer.alloc(0);
  if (!Array.isArray(body)) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: options.path ?? '/files', method: options.method ?? 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      // A connection the server drops while the body is still going out fails here.
      res.on('error', reject);
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: Answer['json'] = null;
        try {
          json = JSON.parse(text) as Answer['json'];
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    // When the server drops a connection after answering (a refused upload still sending), the
    // failing write can surface on the socket once the request has let go of it.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    if (Array.isArray(body)) {
      const write = (i: number): void => {
        const chunk = body[i];
        if (chunk === undefined) {
          req.end();
          return;
        }
        const next = () => (i === 0 && options.pauseAfterFirstMs ? setTimeout(() => write(1), options.pauseAfterFirstMs) : setImmediate(() => write(i + 1)));
        if (req.write(chunk)) next();
        else req.once('drain', next);
      };
      write(0);
    } else req.end(body);
  });
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Every file under the store folder (relative paths), including `.incoming-*` leftovers. */
function storeFiles(engine: Engine): string[] {
  const dir = engine.files.dir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1));
}

function refusals(log: ReturnType<typeof memoryLogger>) {
  return log.lines.filter((l) => l.message === 'http: upload refused');
}

describe('host: POST /files stores the body in the engine’s file store', () => {
  it('answers { ok, value: { sha256, size, name } } and the content lands under the store', async () => {
    const { host, engine, log } = await start();
    const content = Buffer.from('date,sku,qty\n2026-11-01,A-1,3\n', 'utf8');
    const answer = await post(host, { body: content, headers: { 'X-Valhalla-File-Name': encodeURIComponent('Verkäufe 2026 — Q1.csv') } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true, value: { sha256: sha(content), size: content.length, name: 'Verkäufe 2026 — Q1.csv' } });
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(engine.files.has(sha(content))).toBe(true);
    const stored = engine.files.pathOf(sha(content));
    expect(stored.startsWith(engine.files.dir)).toBe(true);
    expect(readFileSync(stored)).toEqual(content);
    expect(storeFiles(engine)).toEqual([join(sha(content).slice(0, 2), sha(content))]);
    expect(log.lines.some((l) => l.message === 'http: file staged')).toBe(true);
    expect(JSON.stringify(log.lines)).not.toContain(host.token);
  });

  it('gives the same sha256 for the same file twice and keeps one copy', async () => {
    const { host, engine } = await start();
    const content = Buffer.from('receipt bytes');
    const first = await post(host, { body: content, headers: { 'X-Valhalla-File-Name': 'a.jpg' } });
    const second = await post(host, { body: content, headers: { 'X-Valhalla-File-Name': 'copy%20of%20a.jpg' } });
    expect(first.json?.value?.sha256).toBe(sha(content));
    expect(second.json?.value).toEqual({ sha256: sha(content), size: content.length, name: 'copy of a.jpg' });
    expect(storeFiles(engine)).toHaveLength(1);
  });

  it('streams a chunked body of several MiB (no Content-Length) and hashes it right', async () => {
    const { host, engine } = await start();
    const chunks = Array.from({ length: 48 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const answer = await post(host, { body: chunks });
    const whole = Buffer.concat(chunks);
    expect(answer.json).toEqual({ ok: true, value: { sha256: sha(whole), size: whole.length, name: 'sales.csv' } });
    expect(readFileSync(engine.files.pathOf(sha(whole))).equals(whole)).toBe(true);
  });

  it('stores an empty file, and names a file without a name header "file"', async () => {
    const { host } = await start();
    const answer = await post(host, { headers: { 'X-Valhalla-File-Name': null } });
    expect(answer.json).toEqual({ ok: true, value: { sha256: sha(''), size: 0, name: 'file' } });
  });

  it('accepts a file of exactly the limit, and Host/Origin on localhost:PORT', async () => {
    const { host } = await start(SMALL_LIMIT);
    const answer = await post(host, {
      body: Buffer.alloc(SMALL_LIMIT, 7),
      headers: { Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}`, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json?.value?.size).toBe(SMALL_LIMIT);
  });
});

describe('host: POST /files refusals', () => {
  const cases: [string, (host: Host) => PostOptions, number, string][] = [
    ['no token', () => ({ headers: { Authorization: null } }), 401, 'forbidden'],
    ['a wrong token', () => ({ headers: { Authorization: `Bearer ${'A'.repeat(43)}` } }), 401, 'forbidden'],
    ['a token of another length', (host) => ({ headers: { Authorization: `Bearer ${host.token}x` } }), 401, 'forbidden'],
    ['the token without the Bearer scheme', (host) => ({ headers: { Authorization: host.token } }), 401, 'forbidden'],
    ['the token in the query string instead of the header', (host) => ({ path: `/files?token=${host.token}`, headers: { Authorization: null } }), 401, 'forbidden'],
    ['no Origin', () => ({ headers: { Origin: null } }), 403, 'forbidden'],
    ['another Origin (a cross-site post)', () => ({ headers: { Origin: 'http://evil.example' } }), 403, 'forbidden'],
    ['an Origin with another port', (host) => ({ headers: { Origin: `http://127.0.0.1:${host.port + 1}` } }), 403, 'forbidden'],
    ['the opaque Origin "null"', () => ({ headers: { Origin: 'null' } }), 403, 'forbidden'],
    ['Sec-Fetch-Site cross-site', () => ({ headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'forbidden'],
    ['Content-Type text/plain (a simple request)', () => ({ headers: { 'Content-Type': 'text/plain' } }), 415, 'invalid'],
    ['Content-Type multipart/form-data (a form post)', () => ({ headers: { 'Content-Type': 'multipart/form-data; boundary=x' } }), 415, 'invalid'],
    ['Content-Type application/x-www-form-urlencoded', () => ({ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'invalid'],
    ['no Content-Type', () => ({ headers: { 'Content-Type': null } }), 415, 'invalid'],
    ['a file name that is not URI-encoded', () => ({ headers: { 'X-Valhalla-File-Name': '%E0%A4%A' } }), 400, 'invalid'],
  ];
  for (const [label, options, status, code] of cases) {
    it(`refuses ${label} with ${status} ${code}, logs it without the token, and stores nothing`, async () => {
      const { host, engine, log } = await start();
      const answer = await post(host, { body: Buffer.from('a,b\n1,2\n'), ...options(host) });
      expect(answer.status).toBe(status);
      expect(answer.json).toEqual({ ok: false, error: { code, message: expect.any(String) } });
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(refusals(log)).toHaveLength(1);
      expect(refusals(log)[0]?.fields).toMatchObject({ status });
      expect(JSON.stringify(log.lines)).not.toContain(host.token);
      expect(storeFiles(engine)).toEqual([]);
    });
  }

  it('refuses a Host header naming another server (DNS rebinding) with 403', async () => {
    const { host, engine, log } = await start();
    const answer = await post(host, { body: Buffer.from('x'), headers: { Host: `evil.example:${host.port}` } });
    expect(answer.status).toBe(403);
    expect(log.lines.some((l) => l.message === 'http: refused a request for another host')).toBe(true);
    expect(storeFiles(engine)).toEqual([]);
  });

  it('refuses a body over the limit by its Content-Length with 413 before reading it; nothing is kept', async () => {
    const { host, engine, log } = await start(SMALL_LIMIT);
    const answer = await post(host, { body: Buffer.alloc(SMALL_LIMIT + 1, 1) });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ ok: false, error: { code: 'invalid', message: expect.stringContaining('larger than the limit') } });
    expect(refusals(log)[0]?.fields).toMatchObject({ status: 413 });
    expect(storeFiles(engine)).toEqual([]);
  });

  it('lets our own page read the 413 of a much larger upload (the rest is read and thrown away, not reset)', async () => {
    const { host, engine } = await start(SMALL_LIMIT);
    // A browser's fetch of a File always declares its Content-Length.
    const answer = await post(host, { body: Buffer.alloc(8 * 1024 * 1024, 6) });
    expect(answer.status).toBe(413);
    expect(answer.json?.error?.code).toBe('invalid');
    expect((await post(host, { body: Buffer.from('next') })).status).toBe(200);
    expect(storeFiles(engine)).toHaveLength(1);
  });

  it('drops a refused request without the token once it has sent more than 64 KiB, and keeps serving', async () => {
    const { host, engine } = await start();
    const outcome = await post(host, { headers: { Authorization: null }, body: Buffer.alloc(8 * 1024 * 1024, 4) }).then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect([401, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect(storeFiles(engine)).toEqual([]);
    expect((await post(host, { body: Buffer.from('fine') })).status).toBe(200);
  });

  it('refuses a chunked body that grows past the limit with 413 while streaming; no .incoming-* is left', async () => {
    const { host, engine } = await start(SMALL_LIMIT);
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(16 * 1024, 2));
    // A pause after the first chunk, as a real client has: the store cannot yet clean up a
    // temp file whose opening is still under way when the limit is hit (reported upstream).
    const answer = await post(host, { body: chunks, pauseAfterFirstMs: 100 });
    expect(answer.status).toBe(413);
    expect(answer.json?.error?.code).toBe('invalid');
    expect(storeFiles(engine)).toEqual([]);
    // The server keeps serving, and the limit was about this upload only.
    expect((await post(host, { body: Buffer.from('after') })).status).toBe(200);
  });

  it('keeps nothing of an upload the client abandons half way, and keeps serving', async () => {
    const { host, engine } = await start();
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        path: '/files',
        method: 'POST',
        headers: { ...defaults(host), 'Content-Length': String(1024 * 1024) },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(128 * 1024, 3), () => setTimeout(() => req.destroy(), 50));
    });
    for (let i = 0; i < 100 && storeFiles(engine).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(storeFiles(engine)).toEqual([]);
    expect((await post(host, { body: Buffer.from('still here') })).status).toBe(200);
  });

  for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
    it(`answers ${method} /files with 405 (Allow: POST) and no CORS headers`, async () => {
      const { host } = await start();
      const answer = await post(host, { method, headers: { 'Access-Control-Request-Method': 'POST' } });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    });
  }

  it('does not serve index.html for /files (it is not a client route)', async () => {
    const { host } = await start();
    const answer = await post(host, { method: 'GET' });
    expect(answer.text).not.toContain('<title>Valhalla</title>');
  });
});
