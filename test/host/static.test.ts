/**
 * The renderer-serving policy shared by browser mode and the `app://` protocol, on real
 * files in a temp folder.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, contentTypeFor, loadStatic, resolveStaticPath } from '../../main/host/static';
import { rendererFixture, SECRET } from './renderer-fixture';


describe('static: resolveStaticPath', () => {
  it('maps / to index.html and a nested path inside the folder', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe(join('/srv/r', 'index.html'));
    expect(resolveStaticPath('/srv/r', '/assets/app.js')).toBe(join('/srv/r', 'assets', 'app.js'));
    expect(resolveStaticPath('/srv/r', '/assets/my%20file.js')).toBe(join('/srv/r', 'assets', 'my file.js'));
  });

  for (const path of [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    'secret.txt',
    '//etc/passwd/..',
  ]) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      expect(resolveStaticPath('/srv/r', path)).toBeNull();
    });
  }
});

describe('static: loadStatic', () => {
  it('serves a file with its content type, the CSP and nosniff', async () => {
    const { dir } = rendererFixture();
    const response = await loadStatic(dir, '/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('export {};');
    expect(response.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['Content-Security-Policy']).toBe(CSP);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('treats a symlink leading out of the folder as missing', async () => {
    const { dir, secretPath } = rendererFixture();
    symlinkSync(secretPath, join(dir, 'assets', 'leak.txt'));
    const response = await loadStatic(dir, '/assets/leak.txt');
    expect(response.status).toBe(404);
    expect(response.body.toString()).not.toContain(SECRET);
  });

  it('answers 403 for a traversal and 404 when the renderer is not built, both with the CSP', async () => {
    const { dir } = rendererFixture();
    const traversal = await loadStatic(dir, '/%2e%2e/secret.txt');
    expect(traversal.status).toBe(403);
    expect(traversal.headers['Content-Security-Policy']).toBe(CSP);
    const unbuilt = await loadStatic(join(dir, 'missing'), '/');
    expect(unbuilt.status).toBe(404);
    expect(unbuilt.headers['Content-Security-Policy']).toBe(CSP);
  });

  it('the CSP allows only our own origin for scripts and connections, and nothing for objects, base or framing', () => {
    const directives = Object.fromEntries(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'connect-src': "'self'",
      'img-src': "'self' data: blob:",
      'style-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('knows the content types the renderer build emits', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
