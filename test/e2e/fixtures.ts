/**
 * The e2e fixture: per test, a fresh SQLite file in a temp folder, the real engine on it,
 * and the real browser-mode host serving dist/renderer; the page is opened at the host's
 * URL (with its token). `screenshot(name)` saves a full-page PNG under
 * test-results/screenshots/.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../main/engine/engine';
import type { Engine, Logger } from '../../main/engine/types';
import { startHost } from '../../main/host/server';
import { must } from '../helpers/engine';
import { goLive } from '../helpers/golive';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built renderer: dist/renderer, or E2E_RENDERER_DIR (a separate build, so parallel work does not overwrite it). */
export const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
/** The real shop's sales file (UCI Online Retail), in `shared/` beside the checkout. */
export const SALES_FILE = join(ROOT, '..', 'shared', 'datasets', 'online-retail', 'online_retail.csv.gz');

/** Engine log lines kept per test, printed when a test fails. */
function memoryLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export interface ConsoleFixture {
  engine: Engine;
  /** The SQLite file behind the console (for the CLI to open alongside). */
  dbPath: string;
  url: string;
  /** Opens the console at the host's URL (with its token). Seed the engine first if needed. */
  open(): Promise<void>;
  /** Stops the browser-mode host (the engine stays open): the console loses its connection. */
  stopHost(): Promise<void>;
  /**
   * Saves a screenshot as test-results/screenshots/<name>.png and returns its path: the
   * full page, or only the viewport with `{ fullPage: false }` (for open dialogs).
   */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
}

export const test = base.extend<{ app: ConsoleFixture }>({
  app: async ({ page }, use, testInfo) => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` (or `npx vite build`) first');
    const dir = mkdtempSync(join(tmpdir(), 'valhalla-e2e-'));
    const log = memoryLog();
    const dbPath = join(dir, 'valhalla.sqlite');
    const engine = createEngine({ dbPath, log });
    const host = await startHost({ engine, rendererDir: RENDERER_DIR, port: 0, log });
    const problems: string[] = [];
    let hostStopped = false;
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // Once a test stops the host on purpose, the bridge's reconnect attempts are refused.
      if (hostStopped && /WebSocket connection/.test(msg.text())) return;
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} @ ${JSON.stringify(msg.location())}`);
    });
    try {
      await use({
        engine,
        dbPath,
        url: host.url,
        async open() {
          await page.goto(host.url);
        },
        stopHost() {
          hostStopped = true;
          return host.close();
        },
        async screenshot(name, options) {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          const path = join(SCREENSHOT_DIR, `${name}.png`);
          await page.screenshot({ path, fullPage: options?.fullPage ?? true });
          return path;
        },
      });
      // A CSP violation or an uncaught error fails the test even if the screen looked right.
      expect(problems, 'browser errors').toEqual([]);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('engine-log', { body: log.lines.join('\n'), contentType: 'text/plain' });
      }
      await host.close();
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

// the unit tests' own: test/helpers/engine.ts no longer imports vitest, so Playwright can load it
export { must };

/** Seeds through the engine (not the UI): an owner "Astrid Owner", and execution on (the Go-live playbook) when `live`. */
export function seedOwner(engine: Engine, { live = true } = {}): void {
  must(engine.dispatch('setup.initialize', { ownerName: 'Astrid Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
  if (live) goLive(engine);
}

/** Waits until the ops board is shown. */
export async function expectOpsBoard(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Ops board', level: 1 })).toBeVisible();
}

/** Goes to a screen through the left navigation. */
export async function goTo(page: Page, screen: 'Ops board' | 'Inventory' | 'Import' | 'Decisions' | 'Audit log' | 'Operators'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** An item to seed: its fields, and how much was bought (recorded as a purchase) if any. */
export interface SeedItem {
  name: string;
  unit?: string;
  minQty?: number;
  leadTimeDays?: number;
  unitCostMinor?: number;
  bought?: number;
}

/** Seeds items through the engine (execution must be on); returns their ids by name. */
export function seedItems(engine: Engine, items: readonly SeedItem[]): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const { bought, ...fields } of items) {
    const item = must(engine.dispatch('inventory.createItem', fields, 'execute')).result;
    ids[item.name] = item.id;
    if (bought) must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: bought }, 'execute'));
  }
  return ids;
}

/** On hand of an item, as the engine says. */
export function onHandOf(engine: Engine, itemId: string): number {
  return must(engine.query('inventory.item', { id: itemId })).forecast.onHand;
}

/** Scrolls the window to the top (before a full-page screenshot, so sticky bars stay on top). */
export async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** What axe reports of one violated rule. */
export interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page as it stands, every rule (as `AxeBuilder().analyze()`
 * runs them on a page without frames). axe is injected through Playwright's evaluation (the
 * page's CSP does not govern it) once per page load, not once per check: the console is one
 * page, and re-injecting axe's 550 kB for each screen cost more than the checks themselves.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations;
}
