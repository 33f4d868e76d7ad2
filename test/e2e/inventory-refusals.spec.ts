/**
 * Bad input is refused with the reason and changes nothing: consuming more than is on
 * hand (the engine's conflict), a stock action while execution is off (the go-live gate),
 * an invalid add-item form (the contract's field errors, nothing sent), and malformed
 * sales files (the engine names the row and field; nothing is imported).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goTo, must, onHandOf, seedItems, seedOwner, test, expect } from './fixtures';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

test('consuming more than on hand is refused with the reason; execution off blocks a quick action', async ({ page, app }) => {
  seedOwner(app.engine);
  const ids = seedItems(app.engine, [{ name: 'Oat milk', unit: 'l', bought: 2 }]);
  await app.open();
  await goTo(page, 'Inventory');

  await page.getByRole('heading', { name: 'Inventory', level: 1 }).click();
  await page.keyboard.press('/');
  const bar = page.getByRole('dialog', { name: 'Quick entry' });
  await page.keyboard.type('oat milk');
  await page.keyboard.press('Enter');
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  const refusal = bar.getByRole('alert');
  await expect(refusal).toContainText('Conflict');
  await expect(refusal).toContainText('cannot consume 5 l of "Oat milk": only 2 on hand');
  await app.screenshot('quick-entry-refused', { fullPage: false });
  // still on the quantity: fix it and go on
  await expect(bar.getByLabel('Quantity (l)')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(bar.getByRole('combobox', { name: 'Item' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  expect(onHandOf(app.engine, ids['Oat milk']!)).toBe(2);

  must(app.engine.dispatch('governance.setGoLive', { enabled: false, reason: 'closing for the night' }, 'execute'));
  await expect(page.getByRole('banner')).toContainText('Execution off');
  const row = page.getByRole('table', { name: 'Items' }).locator('tbody tr[data-id]').first();
  await row.getByRole('button', { name: 'Actions for Oat milk' }).click();
  await page.getByRole('menu', { name: 'Actions for Oat milk' }).getByRole('menuitem', { name: 'Consume 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'execution is off' })).toBeVisible();
  await expect(row).toContainText('2 l');
  expect(onHandOf(app.engine, ids['Oat milk']!)).toBe(2);
  const blocked = must(app.engine.query('decisions.list', { action: 'inventory.consume', status: 'BLOCKED', limit: 10 }));
  expect(blocked.items).toHaveLength(1);
});

test('an invalid add-item form shows field errors and sends nothing', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await goTo(page, 'Inventory');
  await expect(page.getByText('No items yet')).toBeVisible();
  await page.getByRole('button', { name: 'Add item' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add item' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await dialog.getByLabel('Minimum').fill('-1');
  await dialog.getByLabel('Lead time (days)').fill('two');
  await dialog.getByLabel('Unit cost (EUR)').fill('1.234');
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await expect(dialog.getByLabel('Lead time (days)')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('must be a whole number of days');
  await expect(dialog).toContainText('at most 2 decimals');
  // once those parse, the contract's schema speaks: name required, minimum not negative
  await dialog.getByLabel('Lead time (days)').fill('3');
  await dialog.getByLabel('Unit cost (EUR)').fill('1.25');
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('required');
  await expect(dialog).toContainText('must not be negative');
  await app.screenshot('add-item-field-errors', { fullPage: false });
  expect(must(app.engine.query('decisions.list', { action: 'inventory.createItem', limit: 10 })).items).toHaveLength(0);

  await dialog.getByLabel('Name', { exact: true }).fill('Rye flour');
  await dialog.getByLabel('Unit', { exact: true }).fill('kg');
  await dialog.getByLabel('Minimum').fill('1');
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Rye flour', level: 1 })).toBeVisible();
  const item = must(app.engine.query('inventory.items', {})).items[0];
  expect(item).toMatchObject({ name: 'Rye flour', unit: 'kg', minQty: 1, leadTimeDays: 3, unitCostMinor: 125 });
});

test('malformed sales files show the row and field; nothing is imported', async ({ page, app }) => {
  seedOwner(app.engine);
  const dir = mkdtempSync(join(tmpdir(), 'valhalla-bad-csv-'));
  try {
    const files = {
      'wrong-header.csv': `Invoice,Code,Name,Qty,Date,Price,Customer,Country\n536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n`,
      'semicolons.csv': `${HEADER.replaceAll(',', ';')}\n536365;85123A;WHITE HANGING HEART;6;2010-12-01 08:26:00;2.55;17850;United Kingdom\n`,
      'bad-quantity.csv': `${HEADER}\n536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n536366,71053,WHITE METAL LANTERN,six,2010-12-01 08:28:00,3.39,17850,United Kingdom\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await app.open();
    await goTo(page, 'Import');
    const form = page.getByRole('form', { name: 'Import sales' });
    const status = page.getByRole('region', { name: 'Sales history (shop file)' }).getByRole('alert');

    await form.getByRole('button', { name: 'Import sales' }).click();
    await expect(form).toContainText('choose the sales file');

    await form.getByLabel('Sales file').setInputFiles(join(dir, 'wrong-header.csv'));
    await form.getByRole('button', { name: 'Import sales' }).click();
    await expect(status).toContainText('row 1: not a sales file (UCI Online Retail) header');
    await expect(page.getByText('Nothing was imported')).toBeVisible();

    await form.getByLabel('Sales file').setInputFiles(join(dir, 'semicolons.csv'));
    await form.getByRole('button', { name: 'Import sales' }).click();
    await expect(status).toContainText('uses ";" as delimiter');

    await form.getByLabel('Sales file').setInputFiles(join(dir, 'bad-quantity.csv'));
    await form.getByRole('button', { name: 'Import sales' }).click();
    await expect(status).toContainText('row 3, Quantity: "six" is not a whole number');
    await app.screenshot('import-malformed', { fullPage: false });

    await form.getByLabel('Days of demand to cover').fill('-3');
    await form.getByRole('button', { name: 'Import sales' }).click();
    await expect(form).toContainText(/Days: .*0/);

    expect(must(app.engine.query('inventory.items', {})).total).toBe(0);
    const failed = must(app.engine.query('decisions.list', { action: 'inventory.importSales', limit: 10 })).items;
    expect(failed.map((d) => d.status)).toEqual(['INVALID', 'INVALID', 'INVALID']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
