/**
 * Browser mode (DESIGN.md "Browser mode"): the same engine in plain Node, the built
 * renderer served on 127.0.0.1 and the contract bridged over one WebSocket at `/ws`.
 *
 * Who may talk to it: a random per-start token is required on every WebSocket connection
 * (`/ws?token=…`, compared in constant time); the `Host` header must name this server by
 * loopback address or `localhost` (no DNS rebinding), for HTTP and WebSocket alike; and a
 * WebSocket's `Origin` must be this server, so no other local page can call the engine.
 *
 * Protocol, client → server: `{ id: number, kind: 'query' | 'dispatch', name, params, mode? }`;
 * server → client: `{ id, result }` with the engine's envelope, or `{ event, payload }`
 * pushed to every client. A malformed message is answered `{ id: id ?? null, result: invalid }`.
 *
 * Files the user picks are staged into the engine's file store over HTTP, `POST /files`
 * (see upload.ts): same token (as `Authorization: Bearer`), same `Host` check, `Origin`
 * required, `application/octet-stream` only, streamed, size-limited.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fail } from '../../shared/contract';
import { DEFAULT_MAX_FILE_BYTES } from '../engine/files/store';
import type { Engine, Logger } from '../engine/types';
import { callEngine, forwardEvents, silentLogger } from './bridge';
import { SECURITY_HEADERS, loadStatic } from './static';
import { FILES_PATH, handleUpload } from './upload';

/** The largest WebSocket message accepted, in bytes; a bigger one closes the connection (1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The most authorised WebSocket connections open at once: 8. One operator's console is
 * one connection per tab; a few tabs and an e2e run fit, while a page (or a leaked token)
 * opening sockets in a loop cannot make the host hold thousands of them, each pushed every
 * engine event. The next one is accepted and closed at once with {@link TOO_MANY_CONNECTIONS}.
 */
export const MAX_CONNECTIONS = 8;

/**
 * The close of a connection past MAX_CONNECTIONS: 1013 "try again later" (RFC 6455 §7.4.2
 * registry), with a reason a person can act on (at most 123 bytes, the protocol's limit).
 */
export const TOO_MANY_CONNECTIONS = { code: 1013, reason: `too many connections: at most ${MAX_CONNECTIONS} tabs; close one and reload` } as const;

const LOOPBACK = '127.0.0.1';

export interface HostOptions {
  engine: Engine;
  /** The built renderer (`dist/renderer`): `index.html` and its assets. */
  rendererDir: string;
  /** TCP port on 127.0.0.1; `0` or omitted picks a free one. */
  port?: number;
  /** Where refusals and engine failures are logged (default: dropped). */
  log?: Logger;
  /** The largest file `POST /files` accepts, in bytes (default `DEFAULT_MAX_FILE_BYTES`, 250 MiB). */
  maxUploadBytes?: number;
}

export interface Host {
  /** `http://127.0.0.1:PORT/#token=TOKEN`: the token rides in the hash, so it never reaches a server log. */
  url: string;
  port: number;
  token: string;
  /** Closes every WebSocket, stops listening and unsubscribes from the engine; leaves the engine open. Idempotent. */
  close(): Promise<void>;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison; hashing first gives equal lengths whatever was sent. */
function tokenMatches(sent: string | null, token: string): boolean {
  return sent !== null && timingSafeEqual(sha256(sent), sha256(token));
}

/** Answers an upgrade request that is refused, then drops the socket. */
function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/** One inbound message: parsed, checked and answered with the engine's envelope. */
async function answer(engine: Engine, log: Logger, data: RawData, isBinary: boolean): Promise<{ id: number | null; result: unknown }> {
  if (isBinary) return { id: null, result: fail('invalid', 'messages must be JSON text') };
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    log.warn('websocket: malformed JSON refused');
    return { id: null, result: fail('invalid', 'message is not valid JSON') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { id: null, result: fail('invalid', 'message must be a JSON object') };
  }
  const { id, kind, name, params, mode } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    log.warn('websocket: message without an integer id refused');
    return { id: null, result: fail('invalid', 'id must be an integer') };
  }
  return { id, result: await callEngine(engine, log, kind, name, params, mode) };
}

/** JSON of a reply; a result that cannot be serialised is logged and answered with `internal`. */
function serialize(reply: { id: number | null; result: unknown }, log: Logger): string {
  try {
    return JSON.stringify(reply);
  } catch (error) {
    log.error('websocket: a result could not be serialised', { error: error instanceof Error ? error.message : String(error) });
    return JSON.stringify({ id: reply.id, result: fail('internal', 'The result could not be sent; the details are in the log.') });
  }
}

/**
 * Starts the browser-mode host on 127.0.0.1 and resolves once it listens.
 *
 * HTTP: GET/HEAD serve `rendererDir` (see `loadStatic`), `POST /files` stages a file (see
 * `handleUpload`; any other method on `/files` gets 405), other methods get 405, a wrong
 * `Host` gets 403. WebSocket `/ws`: refused with 403 for a wrong `Host` or `Origin`, 401 for a
 * missing or wrong token, 404 for any other path; past MAX_CONNECTIONS open ones, accepted and
 * closed with TOO_MANY_CONNECTIONS; every refusal is logged (never the token).
 * Engine exceptions become `internal` envelopes and are logged; the server keeps running.
 *
 * @throws when the port cannot be bound (e.g. `EADDRINUSE`).
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { engine, rendererDir } = options;
  const log = options.log ?? silentLogger;
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_FILE_BYTES;
  const token = randomBytes(32).toString('base64url');
  let allowedHosts: ReadonlySet<string> = new Set();
  let allowedOrigins: ReadonlySet<string> = new Set();

  const hostAllowed = (req: IncomingMessage): boolean => allowedHosts.has(req.headers.host ?? '');

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) {
      log.warn('http: refused a request for another host', { host: req.headers.host ?? null });
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    // The raw path, not a URL-normalised one: `/../x` must be refused, not quietly served as `/x`.
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (pathname === FILES_PATH) {
      if (req.method === 'POST') {
        await handleUpload(req, res, { engine, log, originAllowed: (origin) => allowedOrigins.has(origin), tokenMatches: (sent) => tokenMatches(sent, token), maxBytes });
      } else {
        log.warn('http: refused a method on /files', { method: req.method ?? null });
        res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'POST' }).end();
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    const response = await loadStatic(rendererDir, pathname);
    if (response.status === 403) log.warn('http: refused a path outside the renderer', { path: pathname.slice(0, 200) });
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(response.body.length) });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const server = createServer((req, res) => {
    serveHttp(req, res).catch((error: unknown) => {
      log.error('http: request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
    const origin = req.headers.origin ?? null;
    let refusal: { status: 401 | 403 | 404; reason: string } | null = null;
    if (url.pathname !== '/ws') refusal = { status: 404, reason: 'unknown path' };
    else if (!hostAllowed(req)) refusal = { status: 403, reason: 'Host header is not this server' };
    else if (origin === null || !allowedOrigins.has(origin)) refusal = { status: 403, reason: 'Origin is not this server' };
    else if (!tokenMatches(url.searchParams.get('token'), token)) refusal = { status: 401, reason: 'missing or wrong token' };
    if (refusal !== null) {
      log.warn('websocket: connection refused', {
        reason: refusal.reason,
        host: req.headers.host ?? null,
        origin,
        remote: req.socket.remoteAddress ?? null,
      });
      refuseUpgrade(socket, refusal.status);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  // counted here, not from wss.clients: a connection being refused is in that set until it has closed
  let connections = 0;
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (error) => log.warn('websocket: connection error', { error: error.message }));
    if (connections >= MAX_CONNECTIONS) {
      log.warn('websocket: connection refused', { reason: 'too many connections', open: connections });
      ws.close(TOO_MANY_CONNECTIONS.code, TOO_MANY_CONNECTIONS.reason);
      return;
    }
    connections += 1;
    ws.once('close', () => {
      connections -= 1;
    });
    ws.on('message', (data, isBinary) => {
      void answer(engine, log, data, isBinary).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(serialize(reply, log));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  const stopEvents = forwardEvents(engine, log, (message) => {
    const text = JSON.stringify(message);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  let closing: Promise<void> | null = null;
  async function shutdown(): Promise<void> {
    stopEvents();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    close: () => (closing ??= shutdown()),
  };
}
