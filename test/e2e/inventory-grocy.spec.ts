/**
 * Issue 15, Grocy's basics and undo from the notice, through the console on the real engine:
 * the ops board's "Expiring soon" leads to the inventory's expiring list; a purchase with a
 * best-before date opens a lot shown on the item; the purchase dialog shows all its date
 * problems at once; a backdated consumption lands on its day and is audited as backdated;
 * "Undo" on the notice undoes an entry at once with "undone from the toast"; a scanned
 * barcode in quick entry finds its item, and an unknown one is created in place. Each
 * screen touched is checked with axe (no serious or critical violations).
 */
import type { Page } from '@playwright/test';
import { axeViolations, expect, goTo, must, seedOwner, test } from './fixtures';

const DAY_MS = 86_400_000;
/** A calendar day (UTC, the seeded household's time zone) `offset` days from today. */
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

async function axe(page: Page, screen: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('best-before, expiring soon, backdating, undo from the notice and a scanned barcode', async ({ page, app }) => {
  const { engine } = app;
  seedOwner(engine);
  const milk = must(engine.dispatch('inventory.createItem', { name: 'Milk', unit: 'l' }, 'execute')).result;
  const eggs = must(engine.dispatch('inventory.createItem', { name: 'Eggs', barcode: '4006381333931' }, 'execute')).result;
  must(engine.dispatch('inventory.record', { itemId: milk.id, kind: 'purchase', qty: 2, bestBefore: day(2) }, 'execute'));
  must(engine.dispatch('inventory.record', { itemId: eggs.id, kind: 'purchase', qty: 6 }, 'execute'));
  await app.open();
  const status = page.getByRole('status').filter({ hasText: /./ }).first();
  const notice = page.locator('.notice');

  await test.step('the ops board lists what expires soon and leads to the expiring list', async () => {
    const card = page.getByRole('region', { name: 'Expiring soon' });
    await expect(card).toContainText('1 lot within 7 days');
    await expect(card.getByRole('table', { name: 'Expiring soon' })).toContainText('Milk');
    await axe(page, 'ops board');
    await card.getByRole('button', { name: 'Open the expiring list' }).click();
    await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
    const list = page.getByRole('table', { name: 'Expiring within 7 days' });
    await expect(list).toContainText('Milk');
    await expect(list).toContainText('In 2 days');
    await axe(page, 'inventory, expiring');
    await list.getByRole('button', { name: 'Milk' }).click();
    await expect(page.getByRole('heading', { name: 'Milk', level: 1 })).toBeVisible();
  });

  await test.step('the purchase dialog shows every date problem at once and sends nothing', async () => {
    await page.getByRole('button', { name: 'Record purchase…' }).click();
    const form = page.getByRole('form', { name: 'Record purchase' });
    await form.getByLabel('Quantity (l)').fill('3');
    await form.getByLabel('Bought on').fill(day(3));
    await form.getByLabel('Best before').fill(day(1));
    await form.getByRole('button', { name: 'Record purchase' }).click();
    await expect(form.getByText('The date cannot be in the future')).toBeVisible();
    await expect(form.getByText('Best before cannot be before the day it was bought')).toBeVisible();
    await axe(page, 'purchase dialog with errors');
    expect(must(engine.query('inventory.journal', { itemId: milk.id })).items).toHaveLength(1);

    await form.getByLabel('Bought on').fill(day(0));
    await form.getByLabel('Best before').fill(day(20));
    await form.getByRole('button', { name: 'Record purchase' }).click();
    await expect(form).toBeHidden();
    await expect(notice).toContainText('Movement recorded');
    const lots = page.getByRole('table', { name: 'Stock by best-before' });
    await expect(lots.locator('tbody tr')).toHaveCount(2);
    await expect(lots.locator('tbody tr').first()).toContainText('Expires in 2 days');
    await axe(page, 'item detail');
  });

  await test.step('a backdated consumption lands on its day, audited as backdated; Undo on the notice undoes it at once', async () => {
    await page.getByRole('button', { name: 'Consume…' }).click();
    const form = page.getByRole('form', { name: 'Consume' });
    await form.getByLabel('Quantity (l)').fill('1');
    await form.getByLabel('Consumed on').fill(day(-2));
    await expect(form.getByText('Earlier than today: recorded as backdated')).toBeVisible();
    await axe(page, 'consume dialog');
    await form.getByRole('button', { name: 'Consume' }).click();
    await expect(form).toBeHidden();
    await expect(notice).toContainText('Consumption logged');
    const consumed = must(engine.query('inventory.journal', { itemId: milk.id })).items[0]!;
    expect(consumed).toMatchObject({ kind: 'consume', qty: -1, occurredOn: day(-2) });
    const audit = must(engine.query('audit.list', { entity: 'stock_entry', entityId: String(consumed.seq), limit: 5 })).items;
    expect(audit[0]?.after).toMatchObject({ backdated: `backdated to ${day(-2)}` });
    // FEFO: the milk expiring in 2 days was used
    expect(must(engine.query('inventory.item', { id: milk.id })).lots.map((l) => l.remaining)).toEqual([1, 3]);

    await notice.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await expect(notice).toContainText('Undone: Consumption logged');
    const journal = must(engine.query('inventory.journal', { itemId: milk.id })).items;
    expect(journal[0]).toMatchObject({ reversesSeq: consumed.seq, note: expect.stringContaining('undone from the toast') });
    expect(must(engine.query('inventory.item', { id: milk.id })).lots.map((l) => l.remaining)).toEqual([2, 3]);
    await expect(status).toBeAttached();
  });

  await test.step('a scanned barcode in quick entry finds its item; an unknown one is created in place', async () => {
    await page.getByRole('button', { name: '← Back to inventory' }).click();
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Quick entry' });
    const search = dialog.getByRole('combobox', { name: 'Item' });
    await search.pressSequentially('4006381333931');
    await search.press('Enter');
    const qty = dialog.getByLabel('Quantity (pcs)');
    await expect(qty).toBeFocused();
    await expect(dialog).toContainText('Eggs');
    await qty.press('Enter');
    await expect(dialog).toContainText('Consumed 1 pcs of Eggs · 5 on hand now');
    expect(must(engine.query('inventory.item', { id: eggs.id })).forecast.onHand).toBe(5);

    await search.pressSequentially('96385074');
    await search.press('Enter');
    const create = dialog.getByRole('form', { name: 'Create an item with this barcode' });
    await expect(create).toContainText('No item has barcode 96385074');
    await axe(page, 'quick entry, unknown barcode');
    await create.getByLabel('Name of the new item').fill('Rye bread');
    await create.getByRole('button', { name: 'Create item with barcode 96385074' }).click();
    await expect(dialog.getByLabel('Quantity (pcs)')).toBeFocused();
    await dialog.getByLabel('Quantity (pcs)').fill('2');
    await dialog.getByLabel('Quantity (pcs)').press('Shift+Enter');
    await expect(dialog).toContainText('Purchased 2 pcs of Rye bread');
    const bread = must(engine.query('inventory.byBarcode', { code: '96385074' })).item;
    expect(bread).toMatchObject({ name: 'Rye bread', barcode: '96385074' });
    expect(bread?.forecast.onHand).toBe(2);
    await page.keyboard.press('Escape');
  });

  await test.step('the inventory screen and its expiring view fit 390 px', async () => {
    await goTo(page, 'Inventory');
    await page.getByRole('button', { name: 'Expiring', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('table', { name: 'Expiring within 7 days' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await axe(page, 'inventory, expiring, 390 px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
