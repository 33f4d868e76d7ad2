/** The `app://` protocol handler on a real renderer folder (Electron's checklist item 18). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../main/host/static';
import { APP_ENTRY_URL, appResponse, resolveAppPath } from '../../main/shell/protocol';
import { rendererFixture, SECRET } from '../host/renderer-fixture';


describe('shell protocol: resolveAppPath', () => {
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppPath('/app/r', APP_ENTRY_URL)).toBe(join('/app/r', 'index.html'));
    expect(resolveAppPath('/app/r', 'app://valhalla/')).toBe(join('/app/r', 'index.html'));
    expect(resolveAppPath('/app/r', 'app://valhalla/assets/app.js?v=1#x')).toBe(join('/app/r', 'assets', 'app.js'));
  });

  for (const url of [
    'app://valhalla/assets/..%2f..%2fsecret.txt',
    'app://valhalla/..%5c..%5csecret.txt',
    'app://valhalla/index.html%00.png',
    'app://valhalla/%ZZ',
  ]) {
    it(`refuses the traversal ${url}`, () => {
      expect(resolveAppPath('/app/r', url)).toBeNull();
    });
  }

  for (const url of ['app://evil/index.html', 'https://valhalla/index.html', 'file:///etc/passwd', 'not a url']) {
    it(`refuses ${url}: not our origin`, () => {
      expect(resolveAppPath('/app/r', url)).toBeNull();
    });
  }

  it('keeps dot segments the URL parser resolves (plain or percent-encoded) inside the folder', () => {
    expect(resolveAppPath('/app/r', 'app://valhalla/../../etc/passwd')).toBe(join('/app/r', 'etc', 'passwd'));
    expect(resolveAppPath('/app/r', 'app://valhalla/%2e%2e/%2E%2E/etc/passwd')).toBe(join('/app/r', 'etc', 'passwd'));
  });
});

describe('shell protocol: appResponse', () => {
  it('serves index.html with the CSP, nosniff and an HTML content type', async () => {
    const response = await appResponse(rendererFixture().dir, APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Valhalla</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a traversal with 403, another host with 404, and a POST with 405', async () => {
    const dir = rendererFixture().dir;
    const traversal = await appResponse(dir, 'app://valhalla/assets/..%2f..%2fsecret.txt');
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain(SECRET);
    expect(traversal.headers.get('content-security-policy')).toBe(CSP);
    expect((await appResponse(dir, 'app://evil/index.html')).status).toBe(404);
    expect((await appResponse(dir, APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});
