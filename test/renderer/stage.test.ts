/**
 * `api.stageFile` through the renderer's real transports, against real parts:
 * - browser mode: `createWsBridge` (its socket is the `ws` package's WebSocket, its
 *   `fetch` is Node's) against a real `startHost` on the real engine. Node's fetch sends no
 *   `Origin` (a browser does, on a same-origin POST), so the tests add the one a browser
 *   would send, and one test shows what happens without it.
 * - Electron: `preloadTransport` over the real `createPreloadApi`, wired to the shell's real
 *   IPC handlers through the `ipcMain` stand-in (Electron cannot run here).
 * Only the mapping of answers that carry no envelope (a proxy's HTML page) uses a stub fetch.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type Host } from '../../main/host/server';
import { createPreloadApi } from '../../main/preload/api';
import { registerIpc } from '../../main/shell/ipc';
import { isTrustedSender } from '../../main/shell/sender';
import { apiFromTransport } from '../../renderer/api/client';
import { preloadTransport, type PreloadBridge } from '../../renderer/api/preload';
import { stageOverHttp, type FetchLike } from '../../renderer/api/stage-http';
import { createWsBridge, type SocketLike } from '../../renderer/api/ws-bridge';
import { memoryLogger, openEngine, tempDir } from '../helpers/engine';
import { rendererFixture } from '../host/renderer-fixture';
import { frameAt, IpcMainStandIn } from '../shell/stand-ins';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const closers: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function host(maxUploadBytes?: number) {
  const { engine } = openEngine();
  const log = memoryLogger();
  const started: Host = await startHost({ engine, rendererDir: rendererFixture().dir, log, ...(maxUploadBytes === undefined ? {} : { maxUploadBytes }) });
  closers.push(() => started.close());
  return { host: started, engine, log };
}

/** Node's fetch plus the `Origin` a browser adds to a same-origin POST. */
function browserFetch(origin: string): FetchLike {
  return (url, init) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } });
}

/** The console's browser-mode client, as `createApiClient` builds it, against `h`. */
function browserClient(h: Host, options: { token?: string; fetch?: FetchLike } = {}) {
  const origin = `http://127.0.0.1:${h.port}`;
  const token = options.token ?? h.token;
  const bridge = createWsBridge({
    url: `ws://127.0.0.1:${h.port}/ws?token=${encodeURIComponent(token)}`,
    createSocket: (url) => new WebSocket(url, { origin }) as unknown as SocketLike,
    files: { url: `${origin}/files`, token, fetch: options.fetch ?? browserFetch(origin) },
  });
  closers.push(() => bridge.close());
  return { api: apiFromTransport(bridge), bridge };
}

describe('stageFile in browser mode (WebSocket transport, POST /files)', () => {
  it('stores the file in the engine’s store and answers { sha256, size, name }; queries keep working', async () => {
    const { host: h, engine } = await host();
    const { api } = browserClient(h);
    const content = 'date,sku,qty\n2026-11-01,A-1,3\n';
    const result = await api.stageFile(new File([content], 'Verkäufe Q1 (2026).csv', { type: 'text/csv' }));
    expect(result).toEqual({ ok: true, value: { sha256: sha(content), size: Buffer.byteLength(content), name: 'Verkäufe Q1 (2026).csv' } });
    expect(engine.files.has(sha(content))).toBe(true);
    const again = await api.stageFile(new File([content], 'again.csv'));
    expect(again.ok && again.value.sha256).toBe(sha(content));
    expect(await api.query('setup.status', {})).toMatchObject({ ok: true, value: { initialized: false } });
  });

  it('answers forbidden for a wrong token', async () => {
    const { host: h } = await host();
    const { api } = browserClient(h, { token: 'A'.repeat(43) });
    expect(await api.stageFile(new File(['x'], 'x.csv'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers forbidden for a request without Origin (not sent by a browser page of the console)', async () => {
    const { host: h, engine } = await host();
    const { api } = browserClient(h, { fetch: (url, init) => fetch(url, init) });
    expect(await api.stageFile(new File(['x'], 'x.csv'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(engine.files.has(sha('x'))).toBe(false);
  });

  it('answers invalid for a file over the host’s limit, and keeps nothing', async () => {
    const { host: h, engine } = await host(1024);
    const { api } = browserClient(h);
    const result = await api.stageFile(new File([Buffer.alloc(4096, 1)], 'big.csv'));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('larger than the limit') } });
    expect(engine.files.has(sha(Buffer.alloc(4096, 1)))).toBe(false);
  });

  it('answers invalid for something that is not a file, without a request', async () => {
    const { host: h } = await host();
    let requests = 0;
    const { api } = browserClient(h, {
      fetch: (url, init) => {
        requests += 1;
        return fetch(url, init);
      },
    });
    const result = await (api.stageFile as (f: unknown) => Promise<unknown>)('/etc/passwd');
    expect(result).toEqual({ ok: false, error: { code: 'invalid', message: 'not a file' } });
    expect(requests).toBe(0);
  });

  it('answers internal when the host is gone, and never rejects', async () => {
    const { host: h } = await host();
    const { api } = browserClient(h);
    await h.close();
    expect(await api.stageFile(new File(['x'], 'x.csv'))).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  const withoutEnvelope: [number, string][] = [
    [401, 'forbidden'],
    [403, 'forbidden'],
    [413, 'invalid'],
    [415, 'invalid'],
    [502, 'internal'],
  ];
  for (const [status, code] of withoutEnvelope) {
    it(`maps an HTTP ${status} without an envelope (e.g. a proxy's page) to ${code}`, async () => {
      const stub: FetchLike = async () => new Response('<html>nope</html>', { status, headers: { 'Content-Type': 'text/html' } });
      const result = await stageOverHttp(new File(['x'], 'x.csv'), { url: '/files', token: 't', fetch: stub });
      expect(result).toMatchObject({ ok: false, error: { code } });
    });
  }

  it('does not take a 200 whose body is not a staged file as success', async () => {
    const stub: FetchLike = async () => Response.json({ ok: true, value: { sha256: 'not-a-hash' } });
    expect(await stageOverHttp(new File(['x'], 'x.csv'), { url: '/files', token: 't', fetch: stub })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('sends exactly the request the host expects', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const stub: FetchLike = async (url, init) => {
      seen.push({ url, init });
      return Response.json({ ok: true, value: { sha256: sha('x'), size: 1, name: 'a b.csv' } }, { status: 200 });
    };
    const file = new File(['x'], 'a b.csv');
    await stageOverHttp(file, { url: '/files', token: 'tok', fetch: stub });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/files');
    expect(seen[0]?.init).toMatchObject({
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/octet-stream', 'X-Valhalla-File-Name': 'a%20b.csv' },
      credentials: 'omit',
      referrerPolicy: 'same-origin',
    });
    expect(seen[0]?.init.body).toBe(file);
  });
});

describe('stageFile in Electron (preload transport)', () => {
  function electronClient() {
    const { engine } = openEngine();
    const ipcMain = new IpcMainStandIn();
    registerIpc(ipcMain, engine, isTrustedSender, memoryLogger());
    const picked = new Map<File, string>();
    const bridge = createPreloadApi(
      (channel, ...args) => ipcMain.invoke(frameAt('app://valhalla/index.html'), channel, ...args),
      () => undefined,
      (file) => picked.get(file) ?? '',
    ) as unknown as PreloadBridge;
    return { api: apiFromTransport(preloadTransport(bridge)), engine, picked };
  }

  it('stores a picked file through the shell into the engine’s store', async () => {
    const { api, engine, picked } = electronClient();
    const path = join(tempDir(), 'receipt.pdf');
    writeFileSync(path, '%PDF-1.7 receipt');
    const file = new File(['%PDF-1.7 receipt'], 'receipt.pdf');
    picked.set(file, path);
    expect(await api.stageFile(file)).toEqual({ ok: true, value: { sha256: sha('%PDF-1.7 receipt'), size: 16, name: 'receipt.pdf' } });
    expect(engine.files.has(sha('%PDF-1.7 receipt'))).toBe(true);
  });

  it('answers invalid for a File made in script', async () => {
    const { api } = electronClient();
    expect(await api.stageFile(new File(['x'], 'x.csv'))).toEqual({ ok: false, error: { code: 'invalid', message: 'this file has no path on disk' } });
  });

  it('turns a failing bridge into internal instead of rejecting', async () => {
    const bridge = { stageFile: () => Promise.reject(new Error('IPC is gone')) } as unknown as PreloadBridge;
    const result = await apiFromTransport(preloadTransport(bridge)).stageFile(new File(['x'], 'x.csv'));
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('IPC is gone') } });
  });
});
