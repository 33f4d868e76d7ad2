/**
 * Browser mode's `stageFile`: the file is posted to the host (`POST /files`, main/host/upload.ts)
 * as the raw body, which the browser streams from disk, with the name URI-encoded in
 * `X-Valhalla-File-Name` and the per-start token as a bearer token. Same origin, so the
 * browser adds `Origin` (the host requires it) and the CSP's `connect-src 'self'` allows it.
 */
import type { ErrorCode, Result, StagedFile } from '../../shared/contract';
import { isEnvelope, transportFailure } from './transport';

/** `fetch`, narrowed to what staging uses (a stand-in, or a wrapper, in tests). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpStageOptions {
  /** Where files are posted: `/files` on the console's own origin. */
  url: string;
  /** The browser-mode access token. */
  token: string;
  /** Default: the window's `fetch`. */
  fetch?: FetchLike;
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isStagedFile(value: unknown): value is StagedFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256) && typeof v.size === 'number' && typeof v.name === 'string';
}

/** The envelope for an answer without a readable envelope in its body, from its status. */
function fromStatus(status: number): Result<never> {
  if (status === 401 || status === 403) return failure('forbidden', `The console refused the upload (HTTP ${status}); reload the console from the address the host printed.`);
  if (status === 413) return failure('invalid', 'The file is larger than the console accepts.');
  if (status >= 400 && status < 500) return failure('invalid', `The console refused the upload (HTTP ${status}).`);
  return transportFailure(`The upload failed (HTTP ${status}).`);
}

/**
 * Posts `file` to `options.url` and resolves with the host's envelope. Never rejects: a
 * value that is not a `File`/`Blob` is `invalid` without a request, a network failure is
 * `internal`, an answer without a readable envelope is mapped from its status (401/403 →
 * `forbidden`, 413 and other 4xx → `invalid`, else `internal`).
 */
export async function stageOverHttp(file: File, options: HttpStageOptions): Promise<Result<StagedFile>> {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return failure('invalid', 'not a file');
  const name = typeof file.name === 'string' ? file.name : '';
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  let response: Response;
  try {
    response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${options.token}`,
        'Content-Type': 'application/octet-stream',
        'X-Valhalla-File-Name': encodeURIComponent(name),
      },
      body: file,
      // The page is served with `Referrer-Policy: no-referrer`, under which a browser may send
      // `Origin: null` on a POST; the host requires our real origin. `same-origin` keeps
      // every referrer and origin on this server and sends the real origin here.
      referrerPolicy: 'same-origin',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (err) {
    return transportFailure(`The upload of ${name || 'the file'} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (isEnvelope(body)) {
    if (body.ok === false && !response.ok) return body;
    if (body.ok === true && response.ok && isStagedFile(body.value)) return { ok: true, value: body.value };
  }
  return response.ok ? transportFailure('The console answered the upload with something unexpected.') : fromStatus(response.status);
}
