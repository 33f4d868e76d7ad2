/**
 * The `app://` protocol the renderer is served from (Electron's checklist: prefer a custom
 * protocol to `file://`). Electron-free: the shell registers {@link appResponse} with
 * `protocol.handle`, and tests call it directly.
 */
import { loadStatic, resolveStaticPath, SECURITY_HEADERS } from '../host/static';

export const APP_SCHEME = 'app';
export const APP_HOST = 'valhalla';
/** The one origin the shell trusts: the window's page, its navigation and its IPC senders. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is on our own origin, `app://valhalla` (parsed, never a prefix test:
 * `app://valhalla.evil/` is another host). Node's URL gives custom schemes an opaque
 * origin, so scheme and host are compared instead.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * Maps an `app://valhalla/…` URL to a file inside `rootDir` (the built renderer);
 * `app://valhalla/` maps to `index.html`. Returns `null` for another scheme or host, a
 * malformed URL, or a path that would leave `rootDir` (`..`, encoded or not, backslashes,
 * NUL bytes). Never throws.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  const parsed = parse(url);
  if (parsed === null || !isAppUrl(url)) return null;
  return resolveStaticPath(rootDir, parsed.pathname);
}

/**
 * The `protocol.handle` handler: answers a request for `url` from `rootDir` with the
 * renderer's file and the strict CSP (see `loadStatic`); another host gets 404, a path
 * escaping `rootDir` 403, a method other than GET/HEAD 405.
 */
export async function appResponse(rootDir: string, url: string, method = 'GET'): Promise<Response> {
  const parsed = parse(url);
  if (parsed === null || !isAppUrl(url)) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers: SECURITY_HEADERS });
  const response = await loadStatic(rootDir, parsed.pathname);
  return new Response(method === 'HEAD' ? null : new Uint8Array(response.body), {
    status: response.status,
    headers: response.headers,
  });
}
