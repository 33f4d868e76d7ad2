/**
 * Browser mode's `POST /files`: a file the user picked in the browser, streamed into the
 * engine's content-addressed store (`engine.files.putStream`) before a governed action
 * references it by SHA-256. Staging changes no governed state, so it is a transport call,
 * not an action; it still gets every guard of the WebSocket and more:
 *
 * - `Origin` required and equal to this server (a cross-site form post carries another one);
 * - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin`;
 * - `Authorization: Bearer <per-start token>`, compared in constant time;
 * - `Content-Type: application/octet-stream` only, so no "simple" CORS request (a form or a
 *   `no-cors` fetch from another page) can reach the store;
 * - the size limit, checked on `Content-Length` before reading and again while streaming
 *   (nothing is kept past it).
 *
 * The body is never buffered whole. Answers are JSON envelopes, `{ ok: true, value:
 * StagedFile }` or `{ ok: false, error }`, with statuses 200 / 400 / 401 / 403 / 413 / 415 /
 * 500; no CORS headers are ever sent. Every refusal is logged (never the token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { EngineError, fail, ok, type ErrorCode, type Result, type StagedFile } from '../../shared/contract';
import { sizeText } from '../../shared/domain/bytes';
import type { Engine, Logger } from '../engine/types';
import { SECURITY_HEADERS } from './static';

/** The path files are posted to. */
export const FILES_PATH = '/files';
/** The header carrying the file's name, URI-encoded (`encodeURIComponent`). */
export const FILE_NAME_HEADER = 'x-valhalla-file-name';
/** The only request body type accepted. */
export const UPLOAD_CONTENT_TYPE = 'application/octet-stream';

/**
 * How much of a refused request's body is still read (and thrown away) after answering, so
 * that the client reads the answer instead of a connection reset. An authenticated client
 * (our own page) is read to the end, bounded by Node's `requestTimeout` (5 minutes); anyone
 * else gets this much, then the connection is dropped.
 */
export const UNTRUSTED_DRAIN_BYTES = 64 * 1024;

export interface UploadOptions {
  engine: Engine;
  log: Logger;
  /** True for an `Origin` that is this server (`http://127.0.0.1:PORT` or `http://localhost:PORT`). */
  originAllowed: (origin: string) => boolean;
  /** Constant-time check of the bearer token. */
  tokenMatches: (sent: string | null) => boolean;
  /** The largest body accepted, in bytes. */
  maxBytes: number;
}

type Status = 200 | 400 | 401 | 403 | 413 | 415 | 500;

class Refusal extends Error {
  constructor(
    readonly status: Exclude<Status, 200>,
    readonly code: ErrorCode,
    message: string,
    /** What the log says; the client gets `message`. */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (Array.isArray(value)) return value.join(', ');
  return value ?? null;
}

function bearer(req: IncomingMessage): string | null {
  const match = /^Bearer ([^\s]+)$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1] ?? null;
}

/** The refusal of a body over `maxBytes`, worded as the file store's own. */
function sizeLimitMessage(maxBytes: number): string {
  return `file is larger than the limit of ${sizeText(maxBytes)}`;
}

/** The checks that come before any byte of the body is read; throws a {@link Refusal}. */
function checkRequest(req: IncomingMessage, options: UploadOptions): string {
  const origin = header(req, 'origin');
  if (origin === null || !options.originAllowed(origin)) {
    throw new Refusal(403, 'forbidden', 'This page may not upload files.', origin === null ? 'no Origin' : 'Origin is not this server');
  }
  const site = header(req, 'sec-fetch-site');
  if (site !== null && site !== 'same-origin') throw new Refusal(403, 'forbidden', 'This page may not upload files.', `Sec-Fetch-Site is ${site.slice(0, 40)}`);
  if (!options.tokenMatches(bearer(req))) throw new Refusal(401, 'forbidden', 'Missing or wrong access token.', 'missing or wrong token');
  const type = (header(req, 'content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type !== UPLOAD_CONTENT_TYPE) {
    throw new Refusal(415, 'invalid', `Content-Type must be ${UPLOAD_CONTENT_TYPE}.`, `Content-Type ${type.slice(0, 80) || 'missing'}`);
  }
  const declared = header(req, 'content-length');
  if (declared !== null && Number(declared) > options.maxBytes) throw new Refusal(413, 'invalid', sizeLimitMessage(options.maxBytes));
  const encoded = header(req, FILE_NAME_HEADER) ?? '';
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new Refusal(400, 'invalid', `${FILE_NAME_HEADER} must be URI-encoded.`);
  }
}

/**
 * Streams the body into the store. The request is piped into a pass-through rather than
 * handed over itself: when the store gives up (too big), it destroys what it reads from,
 * and destroying the request would drop the connection before the 413 is sent.
 */
async function store(req: IncomingMessage, name: string, options: UploadOptions): Promise<StagedFile> {
  const body = new PassThrough();
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  req.on('error', (error) => body.destroy(error));
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('the upload was aborted'));
  });
  req.pipe(body);
  try {
    return await options.engine.files.putStream(body, name, options.maxBytes);
  } catch (error) {
    req.unpipe(body);
    if (received > options.maxBytes) throw new Refusal(413, 'invalid', sizeLimitMessage(options.maxBytes));
    if (error instanceof EngineError) throw new Refusal(error.code === 'internal' ? 500 : 400, error.code, error.message);
    if (!req.complete) throw new Refusal(400, 'invalid', 'The upload did not complete.', 'upload aborted');
    throw error;
  }
}

/**
 * Sends the JSON answer. When the request's body is still arriving (a refusal before or
 * while reading it), the answer goes out at once, but the response is only ended once the
 * rest of the body has been read and thrown away (a "lingering close"): ending it earlier
 * would let Node close a `Connection: close` socket with unread data, which resets the
 * connection, and the client could lose the answer. At most `drainLimit` bytes are read
 * that way; past them the connection is dropped.
 */
function respond(req: IncomingMessage, res: ServerResponse, status: Status, result: Result<StagedFile>, drainLimit: number): void {
  const text = JSON.stringify(result);
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  res.writeHead(status, headers);
  if (req.complete) {
    res.end(text);
    return;
  }
  res.write(text);
  let discarded = 0;
  const finish = () => {
    if (!res.writableEnded && !res.destroyed) res.end();
  };
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > drainLimit) req.socket.destroy();
  });
  req.on('end', finish);
  req.on('close', finish);
  req.on('error', () => undefined);
  req.resume();
}

/**
 * Answers one `POST /files` (the caller has checked method, path and `Host`). Never
 * rejects: an unexpected failure is logged and answered 500 `internal`.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, options: UploadOptions): Promise<void> {
  const { log } = options;
  let trusted = false;
  try {
    const name = checkRequest(req, options);
    trusted = true;
    const stored = await store(req, name, options);
    log.info('http: file staged', { sha256: stored.sha256, size: stored.size });
    respond(req, res, 200, ok(stored), 0);
  } catch (error) {
    const refusal =
      error instanceof Refusal ? error : new Refusal(500, 'internal', 'The file could not be stored; the details are in the log.', 'store failed');
    const fields: Record<string, unknown> = {
      reason: refusal.reason,
      status: refusal.status,
      origin: header(req, 'origin'),
      remote: req.socket.remoteAddress ?? null,
    };
    if (refusal.status === 500) log.error('http: upload failed', { ...fields, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    else log.warn('http: upload refused', fields);
    if (res.headersSent || res.destroyed) return;
    respond(req, res, refusal.status, fail(refusal.code, refusal.message), trusted ? Number.POSITIVE_INFINITY : UNTRUSTED_DRAIN_BYTES);
  }
}
