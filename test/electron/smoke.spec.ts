/**
 * Smoke tests of the real desktop app: the built shell (dist/main/shell.cjs) launched in
 * Electron with Playwright's `_electron`, on a temp database. They prove in Electron itself
 * what test/shell proves of the Electron-free parts: one sandboxed, isolated window on
 * app://valhalla with the strict CSP, a preload that exposes exactly three functions, the
 * engine reachable through them, navigation, new windows and permissions denied.
 * Skipped, with the reason printed, where no Electron binary can be had.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CSP } from '../../main/host/static';
import { APP_ENTRY_URL } from '../../main/shell/protocol';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { skipReason } from './skip';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const reason = skipReason();

test.describe('electron smoke', () => {
  test.skip(reason !== undefined, reason);

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'valhalla-electron-'));
    app = await electron.launch({
      executablePath: electronBinary() ?? undefined,
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, VALHALLA_DB: join(dataDir, 'valhalla.sqlite') },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('loads the console from app://valhalla with the strict CSP', async () => {
    expect(page.url()).toBe(APP_ENTRY_URL);
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toBe(CSP);
  });

  test('the page has no Node: no require, process or module (sandbox, isolation, no integration)', async () => {
    const globals = await page.evaluate(() => ['require', 'process', 'module', 'Buffer'].map((name) => typeof (window as unknown as Record<string, unknown>)[name]));
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  test('window.valhalla exposes exactly query, dispatch, on and stageFile, and reaches the engine', async () => {
    expect(await page.evaluate(() => Object.keys(window.valhalla ?? {}).sort())).toEqual(['dispatch', 'on', 'query', 'stageFile']);
    const status = await page.evaluate(() => window.valhalla?.query('setup.status', {}));
    expect(status).toMatchObject({ ok: true, value: { schemaVersion: expect.any(Number) } });
    const refused = await page.evaluate(() => window.valhalla?.query('secrets.dump', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  test('new windows are denied', async () => {
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('navigation away from app://valhalla is refused', async () => {
    await app.evaluate(({ BrowserWindow }) => {
      const seen: string[] = [];
      (globalThis as { seenNavigations?: string[] }).seenNavigations = seen;
      BrowserWindow.getAllWindows()[0]?.webContents.on('will-navigate', (_event, url) => seen.push(url));
    });
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'https://example.com/';
      document.body.append(link);
      link.click();
    });
    await expect.poll(() => app.evaluate(() => (globalThis as { seenNavigations?: string[] }).seenNavigations)).toEqual(['https://example.com/']);
    expect(await page.evaluate(() => location.href)).toBe(APP_ENTRY_URL);
    expect(await page.evaluate(() => typeof window.valhalla?.query)).toBe('function');
  });

  test('permission requests are denied', async () => {
    expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
  });
});
