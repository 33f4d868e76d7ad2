/**
 * Serving the built renderer: one policy for both transports, the browser-mode HTTP host
 * and the Electron shell's `app://` protocol. Paths are confined to the renderer folder
 * (lexically and after resolving symlinks), every response carries the strict CSP of
 * DESIGN.md ("Electron shell and security"), and extensionless paths fall back to
 * `index.html` so client-side routes survive a reload.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

/** The Content-Security-Policy every renderer response carries. */
export const CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Headers on every response of the renderer's origin, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The `Content-Type` for a file name by its extension; `application/octet-stream` when unknown. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `target` is `root` itself or lies inside it (both absolute, normalised). */
function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Maps a URL pathname (still percent-encoded, e.g. `/assets/app.js`) to a file path
 * inside `rootDir`; `/` maps to `index.html`. Returns `null` — never throws — for
 * anything that could leave the folder or is malformed: bad percent-encoding, NUL bytes,
 * backslashes, `..` segments (encoded or not) or a result outside `rootDir`.
 */
export function resolveStaticPath(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').includes('..')) return null;
  const root = resolve(rootDir);
  const target = resolve(join(root, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  return isInside(root, target) && target !== root ? target : null;
}

/** A response to a static request, independent of the transport that sends it. */
export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function textResponse(status: number, text: string): StaticResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: Buffer.from(text, 'utf8'),
  };
}

/** The file's real path when it is a regular file whose real path stays inside `realRoot`. */
async function realFileInside(realRoot: string, filePath: string): Promise<string | null> {
  try {
    const real = await realpath(filePath);
    if (!isInside(realRoot, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Answers a GET for `pathname` from `rootDir`: 200 with the file and its content type,
 * `index.html` for extensionless paths that name no file (client-side routes), 403 for a
 * path that tries to leave the folder, 404 otherwise (a symlink leading out of the folder
 * counts as missing).
 * Every response carries {@link SECURITY_HEADERS}. Never throws for a bad request; an
 * unreadable `rootDir` gives 404.
 */
export async function loadStatic(rootDir: string, pathname: string): Promise<StaticResponse> {
  const filePath = resolveStaticPath(rootDir, pathname);
  if (filePath === null) return textResponse(403, 'Forbidden');
  let realRoot: string;
  try {
    realRoot = await realpath(rootDir);
  } catch {
    return textResponse(404, 'Not found: the renderer is not built (run npm run build).');
  }
  let file = await realFileInside(realRoot, filePath);
  if (file === null && extname(filePath) === '') file = await realFileInside(realRoot, join(realRoot, 'index.html'));
  if (file === null) return textResponse(404, 'Not found');
  return {
    status: 200,
    // Served from this machine: revalidating costs nothing and never shows a stale build.
    headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' },
    body: await readFile(file),
  };
}
