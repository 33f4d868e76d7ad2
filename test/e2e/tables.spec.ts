/**
 * The sortable data tables (issue 15, item 2) in a real browser: the inventory gives item
 * names the room at 1280 px (a long name shows at least 20 characters), sorts from its
 * headers with the keyboard (aria-sort), and keeps quick actions in a row menu that works
 * from the keyboard; the receipts and ledger tables sort too (newest first by default);
 * at 390 px every one of these screens fits without sideways page scroll; axe finds no
 * serious or critical violation on them at either width. Screenshots of each.
 */
import type { Page } from '@playwright/test';
import { axeViolations, expect, expectOpsBoard, must, scrollToTop, seedItems, seedOwner, test } from './fixtures';

const LONG_NAME = 'Organic whole-grain rolled oats 1 kg';

async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}

/** No serious or critical axe violation on the page as it is. */
async function axe(page: Page, screen: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** At 390×844 the page does not scroll sideways; photographed and checked with axe there. */
async function atPhoneWidth(page: Page, shot: (name: string, options?: { fullPage?: boolean }) => Promise<string>, name: string, table: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('table', { name: table })).toBeVisible();
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${name} at 390 px: page ${widths.scroll} px wide`).toBeLessThanOrEqual(widths.inner);
  // the sort buttons are touch targets of at least 40 px
  const heights = await page.getByRole('table', { name: table }).locator('thead button').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(0);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(40);
  await scrollToTop(page);
  await shot(`tables-${name}-390`);
  await axe(page, `${name} at 390 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('inventory: names get the room, headers sort from the keyboard, quick actions in a row menu; fits 390 px', async ({ page, app }) => {
  seedOwner(app.engine);
  seedItems(app.engine, [
    { name: 'Milk', unit: 'l', bought: 4 },
    { name: 'Dish soap', unit: 'bottle', bought: 1 },
  ]);
  for (const [name, category] of [
    [LONG_NAME, 'Breakfast cereals'],
    ['Coffee beans', 'Pantry'],
  ] as const) {
    const item = must(app.engine.dispatch('inventory.createItem', { name, unit: 'pack', category, unitCostMinor: 449 }, 'execute')).result;
    must(app.engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3 }, 'execute'));
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await expectOpsBoard(page);
  await nav(page, 'Inventory');
  const table = page.getByRole('table', { name: 'Items' });

  await test.step('a long name shows at full width, or at least 20 characters of it', async () => {
    const name = table.getByRole('button', { name: LONG_NAME, exact: true });
    await expect(name).toBeVisible();
    await expect(name).toHaveAttribute('title', LONG_NAME);
    const box = await name.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth, length: (el.textContent ?? '').length }));
    const visibleChars = box.scroll <= box.client ? box.length : Math.floor((box.length * box.client) / box.scroll);
    expect(visibleChars, `name box ${box.client} of ${box.scroll} px`).toBeGreaterThanOrEqual(20);
    await app.screenshot('tables-inventory-1280', { fullPage: false });
  });

  await test.step('a header sorts on Enter; aria-sort says how', async () => {
    await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await table.getByRole('button', { name: 'On hand' }).focus();
    await page.keyboard.press('Enter');
    await expect(table.getByRole('columnheader', { name: 'On hand' })).toHaveAttribute('aria-sort', 'descending');
    await expect(table.getByRole('columnheader', { name: 'Name' })).not.toHaveAttribute('aria-sort');
    await expect(table.locator('tbody tr[data-id]').first()).toContainText('Milk');
    await expect(table.locator('tbody tr[data-id]').last()).toContainText('Dish soap');
    await page.keyboard.press('Enter');
    await expect(table.getByRole('columnheader', { name: 'On hand' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.locator('tbody tr[data-id]').first()).toContainText('Dish soap');
  });

  await test.step('the row menu: Enter opens it, arrows move, Escape closes it and focus returns', async () => {
    const button = table.getByRole('button', { name: 'Actions for Milk' });
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for Milk' });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Consume 1' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Out of' })).toBeFocused();
    await app.screenshot('tables-inventory-menu-1280', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
    // and runs an action: Enter on "Consume 1"
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(table.locator('tbody tr[data-id]').filter({ hasText: 'Milk' })).toContainText('3 l');
  });

  await axe(page, 'Inventory at 1280 px');

  await test.step('at 390 px each row is a card whose "⋯" button is a 40 px target, on top, and opens its menu', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const button = table.getByRole('button', { name: 'Actions for Coffee beans' });
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(40);
    expect(box!.height).toBeGreaterThanOrEqual(40);
    // nothing covers it: the element at its centre is the button (or inside it)
    expect(await button.evaluate((el) => { const r = el.getBoundingClientRect(); return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); })).toBe(true);
    await button.click();
    await expect(page.getByRole('menu', { name: 'Actions for Coffee beans' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await atPhoneWidth(page, app.screenshot, 'inventory', 'Items');
});

test('receipts and ledger entries: newest first, sortable by any header; fit 390 px', async ({ page, app }) => {
  seedOwner(app.engine);
  for (const [vendor, date, totalMinor] of [
    ['Corner Bakery', '2026-02-01', 999],
    ['Hardware Hut and Garden Centre of the Northern Quarter', '2026-11-20', 25_000],
    ['Book Nook', '2026-10-05', 1_200],
  ] as const) {
    must(app.engine.dispatch('receipts.create', { vendor, date, totalMinor, currency: 'EUR', category: 'Household' }, 'execute'));
  }
  const account = must(app.engine.dispatch('ledger.createAccount', { name: 'Everyday checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 0 }, 'execute')).result;
  for (const [payee, date, amountMinor] of [
    ['Salary from Northern Quarter Trading Company', '2026-11-25', 310_000],
    ['Interest', '2026-09-30', 45],
    ['Refund from Book Nook', '2026-11-02', 1_200],
  ] as const) {
    must(app.engine.dispatch('ledger.record', { accountId: account.id, date, amountMinor, payee, memo: 'seeded for the tables test' }, 'execute'));
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await expectOpsBoard(page);

  await test.step('receipts: newest date first; Total sorts numerically', async () => {
    await nav(page, 'Receipts');
    const table = page.getByRole('table', { name: 'Receipts' });
    await expect(table.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'descending');
    const rows = table.locator('tbody tr[data-id]');
    await expect(rows.first()).toContainText('Hardware Hut');
    await expect(rows.last()).toContainText('Corner Bakery');
    await table.getByRole('button', { name: 'Total' }).click();
    await expect(table.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'descending');
    // 250.00 > 12.00 > 9.99 (as text "9.99" would lead)
    await expect(rows.nth(0)).toContainText('Hardware Hut');
    await expect(rows.nth(1)).toContainText('Book Nook');
    await expect(rows.nth(2)).toContainText('Corner Bakery');
    await scrollToTop(page);
    await app.screenshot('tables-receipts-1280');
    await axe(page, 'Receipts at 1280 px');
    await atPhoneWidth(page, app.screenshot, 'receipts', 'Receipts');
  });

  await test.step('ledger entries: newest date first; Amount sorts numerically', async () => {
    await nav(page, 'Ledger');
    const accounts = page.getByRole('table', { name: 'Accounts' });
    await accounts.getByText('Everyday checking').click();
    const table = page.getByRole('table', { name: 'Entries' });
    await expect(table.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'descending');
    const rows = table.locator('tbody tr[data-id]');
    await expect(rows.first()).toContainText('Salary');
    await table.getByRole('button', { name: 'Amount' }).click();
    await table.getByRole('button', { name: 'Amount' }).click();
    await expect(table.getByRole('columnheader', { name: 'Amount' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(rows.nth(0)).toContainText('Interest');
    await expect(rows.nth(1)).toContainText('Refund from Book Nook');
    await expect(rows.nth(2)).toContainText('Salary');
    await scrollToTop(page);
    await app.screenshot('tables-ledger-1280');
    await axe(page, 'Ledger at 1280 px');
    await atPhoneWidth(page, app.screenshot, 'ledger', 'Entries');
  });
});
