/**
 * Every screen of the navigation (and an item's detail, and onboarding), at 1280×800 and
 * 390×844, in the light and the dark theme (the system's `prefers-color-scheme`, which the
 * console follows by default): no horizontal scrolling at 390 px, 0 serious or critical axe
 * violations, and a screenshot of each kept under docs/screenshots/screens/
 * (`<screen>-<width>-<theme>.png`, the viewport only, so the files stay small).
 *
 * axe is injected by Playwright's own evaluation, which the page's strict CSP does not
 * govern; the product's CSP is unchanged. It is injected once per page load and run on each
 * screen (`axeViolations`): re-injecting it for every check took three quarters of the sweep.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Engine } from '../../main/engine/types';
import { ROUTES } from '../../renderer/features/navigation/slice';
import { axeViolations, expect, must, seedOwner, test } from './fixtures';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots', 'screens');
const DAY_MS = 86_400_000;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;

/** A household with something on every screen: stock with history, money, receipts, bills, a pending approval, a session. */
function seedEveryScreen(engine: Engine): void {
  seedOwner(engine);
  const now = Date.now();
  const day = (offset: number) => new Date(now + offset * DAY_MS).toISOString().slice(0, 10);
  const location = must(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute')).result;
  const names = ['Organic whole-grain rolled oats 1 kg', 'Coffee beans', 'Dish soap', 'Olive oil extra virgin 750 ml', 'Paper towels'];
  names.forEach((name, i) => {
    const item = must(
      engine.dispatch('inventory.createItem', { name, unit: 'pcs', category: i % 2 ? 'Household' : 'Groceries', minQty: 3, targetQty: 12, leadTimeDays: 5, unitCostMinor: 250 + i * 125, locationId: location.id }, 'execute'),
    ).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 40, unitCostMinor: 250 + i * 125, occurredAt: new Date(now - 30 * DAY_MS).toISOString() }, 'execute'));
    for (let d = 29; d > 0; d -= 1 + (i % 3)) {
      must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'sale', qty: 1, occurredAt: new Date(now - d * DAY_MS).toISOString() }, 'execute'));
    }
  });
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Household checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 250_000 }, 'execute')).result;
  must(engine.dispatch('ledger.record', { accountId: account.id, date: day(-3), amountMinor: -4_250, payee: 'Corner Grocery', category: 'Groceries' }, 'execute'));
  must(engine.dispatch('ledger.record', { accountId: account.id, date: day(-2), amountMinor: 180_000, payee: 'Employer payroll', category: 'Income' }, 'execute'));
  must(engine.dispatch('receipts.create', { vendor: 'Corner Grocery', date: day(-3), totalMinor: 4_250, currency: 'EUR', category: 'Groceries', paymentMethod: 'card' }, 'execute'));
  must(engine.dispatch('bills.create', { payee: 'City Power', amountMinor: 5_990, dueDate: day(2), rrule: 'FREQ=MONTHLY', category: 'utilities', accountId: account.id, remindDaysBefore: 3 }, 'execute'));
  must(engine.dispatch('schedule.create', { kind: 'chore', title: 'Clean the gutters', dueDate: day(0) }, 'execute'));
  must(engine.dispatch('shopping.quickAdd', { name: 'Milk', estTotalMinor: 350 }, 'execute'));
  const purchase = must(engine.dispatch('purchases.create', { title: 'Espresso machine', amountMinor: 26_000, category: 'Kitchen', notes: 'Quote: 260.00 incl. delivery' }, 'execute')).result;
  must(engine.dispatch('purchases.advance', { id: purchase.id, to: 'READY' }, 'execute'));
  must(engine.dispatch('purchases.advance', { id: purchase.id, to: 'ASSESSED' }, 'execute'));
  must(engine.dispatch('sessions.start', { notes: 'Weekly review' }, 'execute'));
}

/** Fails (softly: the sweep goes on, to report every screen) with the rules, impacts and first targets of every serious or critical axe violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(described, `axe on ${where}`).toEqual([]);
}

/** Fails (softly) when the page scrolls sideways (the document is wider than the window). */
async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // the outermost elements reaching past the window's right edge, to name in the failure
    const past = [...document.querySelectorAll<HTMLElement>('main *')].filter(
      (el) => el.getBoundingClientRect().right > client + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > client + 1),
    );
    const name = (el: HTMLElement) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (${Math.round(el.getBoundingClientRect().right)} px)`;
    return { scroll: document.documentElement.scrollWidth, client, past: past.slice(0, 4).map(name).join(', ') };
  });
  expect.soft(widths.scroll, `${where}: the page is ${widths.scroll} px wide in a ${widths.client} px window; past its edge: ${widths.past}`).toBeLessThanOrEqual(widths.client);
}

/** Opens `label` through the navigation (behind the Menu button in a narrow window). */
async function openScreen(page: Page, label: string, narrow: boolean): Promise<void> {
  if (narrow) {
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: /^(Loading|Opening)/ })).toHaveCount(0);
  if (narrow) await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
}

async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

// one test per theme and width, run in parallel: the two workers share the sweep (the longest file)
test.describe.configure({ mode: 'parallel' });

for (const theme of THEMES) {
  for (const viewport of VIEWPORTS) {
    test(`every screen in the ${theme} theme at ${viewport.width} px: fits, passes axe, screenshotted`, async ({ page, app }) => {
      test.setTimeout(300_000);
      seedEveryScreen(app.engine);
      await page.emulateMedia({ colorScheme: theme });
      const narrow = viewport.width < 900;
      await page.setViewportSize(viewport);
      await app.open();
      await openScreen(page, 'Ops board', narrow);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      for (const route of ROUTES) {
        await test.step(`${route.label} at ${viewport.width} px`, async () => {
          await openScreen(page, route.label, narrow);
          if (narrow) await expectNoHorizontalScroll(page, `${route.label} at ${viewport.width} px`);
          await expectAccessible(page, `${route.label} at ${viewport.width} px, ${theme}`);
          await capture(page, `${route.id}-${viewport.width}-${theme}`);
        });
      }
      await test.step(`an item's detail at ${viewport.width} px`, async () => {
        await openScreen(page, 'Inventory', narrow);
        await page.getByRole('main').getByRole('button', { name: /Coffee beans/ }).first().click();
        await expect(page.getByRole('heading', { name: 'Coffee beans', level: 1 })).toBeVisible();
        if (narrow) await expectNoHorizontalScroll(page, `item detail at ${viewport.width} px`);
        await expectAccessible(page, `item detail at ${viewport.width} px, ${theme}`);
        await capture(page, `item-detail-${viewport.width}-${theme}`);
      });
      if (narrow) {
        await test.step('the navigation drawer at 390 px', async () => {
          const menu = page.getByRole('button', { name: 'Menu', exact: true });
          await menu.click();
          const nav = page.getByRole('navigation', { name: 'Main' });
          await expect(nav).toBeVisible();
          await expectAccessible(page, `navigation drawer, ${theme}`);
          await capture(page, `navigation-390-${theme}`);
          await page.keyboard.press('Escape');
          await expect(nav).toBeHidden();
          await expect(menu).toBeFocused();
        });
      }
    });
  }

  test(`onboarding in the ${theme} theme at 1280 and 390 px`, async ({ page, app }) => {
    await page.emulateMedia({ colorScheme: theme });
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await app.open();
      await expect(page.getByRole('heading', { name: 'Welcome to Valhalla Console' })).toBeVisible();
      if (viewport.width < 900) await expectNoHorizontalScroll(page, `onboarding at ${viewport.width} px`);
      await expectAccessible(page, `onboarding at ${viewport.width} px, ${theme}`);
      await capture(page, `onboarding-${viewport.width}-${theme}`);
    }
  });
}
