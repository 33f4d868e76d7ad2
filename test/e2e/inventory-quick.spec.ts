/**
 * Quick actions change on-hand and leave a trace: "Consume 1" and "Out of" in a row's menu, the
 * keyboard quick entry (`/` or Ctrl+K, type, arrows, Enter; Shift+Enter for a purchase),
 * a stock count and an undo from the item's detail — each shows in the stock journal and
 * in the audit log, and the engine agrees with what the console shows.
 */
import { goTo, must, onHandOf, scrollToTop, seedItems, seedOwner, test, expect } from './fixtures';

test('row actions and keyboard quick entry change on-hand, with journal and audit entries', async ({ page, app }) => {
  seedOwner(app.engine);
  const ids = seedItems(app.engine, [
    { name: 'Oat milk', unit: 'l', minQty: 2, bought: 10 },
    { name: 'Coffee beans', unit: 'kg', bought: 3 },
    { name: 'Dish soap', unit: 'bottle', bought: 1 },
    { name: 'Oatcakes', unit: 'pack', bought: 4 },
  ]);
  await app.open();
  await goTo(page, 'Inventory');
  const table = page.getByRole('table', { name: 'Items' });
  const row = (name: string) => table.locator('tbody tr[data-id]').filter({ has: page.getByRole('button', { name, exact: true }) });
  /** Opens a row's "⋯" menu and returns the menu. */
  const menuOf = async (name: string) => {
    await row(name).getByRole('button', { name: `Actions for ${name}` }).click();
    return page.getByRole('menu', { name: `Actions for ${name}` });
  };

  await test.step('Consume 1 and Out of from a row’s menu', async () => {
    await expect(row('Oat milk')).toContainText('10 l');
    await (await menuOf('Oat milk')).getByRole('menuitem', { name: 'Consume 1' }).click();
    await expect(row('Oat milk')).toContainText('9 l');
    await expect(page.getByRole('status').filter({ hasText: 'Consumption logged' })).toBeVisible();
    await (await menuOf('Dish soap')).getByRole('menuitem', { name: 'Out of' }).click();
    await expect(row('Dish soap')).toContainText('0 bottle');
    const menu = await menuOf('Dish soap');
    await expect(menu.getByRole('menuitem', { name: 'Consume 1' })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(row('Dish soap').getByRole('button', { name: 'Actions for Dish soap' })).toBeFocused();
    expect(onHandOf(app.engine, ids['Oat milk']!)).toBe(9);
    expect(onHandOf(app.engine, ids['Dish soap']!)).toBe(0);
  });

  const bar = page.getByRole('dialog', { name: 'Quick entry' });
  await test.step('quick entry with the keyboard: / then type, pick, quantity, Enter', async () => {
    await page.getByRole('heading', { name: 'Inventory', level: 1 }).click();
    await page.keyboard.press('/');
    await expect(bar).toBeVisible();
    const search = bar.getByRole('combobox', { name: 'Item' });
    await expect(search).toBeFocused();
    await page.keyboard.type('oat');
    const options = bar.getByRole('listbox', { name: 'Matching items' }).getByRole('option');
    await expect(options).toHaveCount(2);
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    // arrows move the choice: down to the second match and back up to Oat milk
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
    await expect(options.nth(0)).toContainText('Oat milk');
    await page.keyboard.press('Enter');
    const qty = bar.getByLabel('Quantity (l)');
    await expect(qty).toBeFocused();
    await page.keyboard.type('2');
    await app.screenshot('quick-entry', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect(bar.getByRole('status')).toHaveText('Consumed 2 l of Oat milk · 7 on hand now');
    await expect(search).toBeFocused();

    // a purchase with a unit cost: Shift+Enter
    await page.keyboard.type('coffee');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2 @ 12.50');
    await page.keyboard.press('Shift+Enter');
    await expect(bar.getByRole('status')).toHaveText('Purchased 2 kg of Coffee beans · 5 on hand now');

    // Esc closes; focus goes back to where it was
    await page.keyboard.press('Escape');
    await expect(bar).toBeHidden();
    expect(onHandOf(app.engine, ids['Oat milk']!)).toBe(7);
    expect(onHandOf(app.engine, ids['Coffee beans']!)).toBe(5);
    await expect(row('Oat milk')).toContainText('7 l');
    await expect(row('Coffee beans')).toContainText('5 kg');

    // Ctrl+K opens it too, even from a field
    await page.getByRole('search', { name: 'Item filters' }).getByLabel('Search').focus();
    await page.keyboard.press('Control+K');
    await expect(bar).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(bar).toBeHidden();
    await expect(page.getByRole('search', { name: 'Item filters' }).getByLabel('Search')).toBeFocused();
  });

  await test.step('the item’s journal shows each movement; a count and an undo with reasons', async () => {
    await row('Oat milk').getByRole('button', { name: 'Oat milk', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Oat milk', level: 1 })).toBeVisible();
    const journal = page.getByRole('table', { name: 'Stock journal' });
    await expect(journal.locator('tbody tr')).toHaveCount(3);
    await expect(journal.locator('tbody tr').nth(0)).toContainText('−2 l');
    await expect(journal.locator('tbody tr').nth(1)).toContainText('−1 l');
    await expect(journal.locator('tbody tr').nth(2)).toContainText('+10 l');

    await page.getByRole('toolbar', { name: 'Quick actions' }).getByRole('button', { name: 'Stock count…' }).click();
    const count = page.getByRole('dialog', { name: 'Stock count: Oat milk' });
    await expect(count.getByLabel('Counted quantity (l)')).toBeFocused();
    await count.getByLabel('Counted quantity (l)').fill('6');
    await count.getByLabel('Reason').fill('Counted the fridge');
    await count.getByRole('button', { name: 'Record count' }).click();
    await expect(count).toBeHidden();
    await expect(journal.locator('tbody tr').first()).toContainText('stock count 6 (was 7): Counted the fridge');

    await journal.getByRole('button', { name: 'Undo entry' }).first().click();
    const undo = page.getByRole('dialog', { name: /^Undo entry #\d+$/ });
    await undo.getByLabel('Reason').fill('Miscounted, it was 7');
    await undo.getByLabel('Reason').press('Enter');
    await expect(undo).toBeHidden();
    await expect(journal.locator('tbody tr').first()).toContainText('undo of entry');
    await expect(page.getByRole('region', { name: 'Forecast' })).toContainText('7 l');
    expect(onHandOf(app.engine, ids['Oat milk']!)).toBe(7);
    await scrollToTop(page);
    await app.screenshot('item-detail-journal');
  });

  await test.step('every change is in the audit log', async () => {
    await goTo(page, 'Audit log');
    const events = page.getByRole('table', { name: 'Audit events' });
    for (const action of ['inventory.consume', 'inventory.outOf', 'inventory.record', 'inventory.adjust', 'inventory.undoEntry']) {
      await expect(events.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
    }
    await expect(events.getByRole('row').filter({ hasText: 'inventory.consume' }).filter({ hasText: 'item_stock' }).first()).toContainText(/onHand/);
  });
});

test('locations: add two, move stock between them, archiving one that holds stock is refused', async ({ page, app }) => {
  seedOwner(app.engine);
  const ids = seedItems(app.engine, [{ name: 'Rice', unit: 'kg', bought: 5 }]);
  await app.open();
  await goTo(page, 'Inventory');

  await page.getByRole('button', { name: 'Locations…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Locations' });
  await expect(dialog.getByText('No locations yet')).toBeVisible();
  for (const name of ['Pantry', 'Cellar']) {
    await dialog.getByLabel('New location').fill(name);
    await dialog.getByLabel('New location').press('Enter');
    await expect(dialog.getByRole('list', { name: 'Locations' })).toContainText(name);
  }
  await dialog.getByLabel('New location').fill('pantry');
  await dialog.getByLabel('New location').press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('a location named "pantry" already exists');
  await dialog.press('Escape');

  const table = page.getByRole('table', { name: 'Items' });
  await table.getByRole('button', { name: 'Actions for Rice' }).click();
  await page.getByRole('menu', { name: 'Actions for Rice' }).getByRole('menuitem', { name: 'More stock actions…' }).click();
  const move = page.getByRole('dialog', { name: /: Rice$/ });
  await move.getByRole('radio', { name: 'Transfer' }).check();
  await expect(move.getByLabel('Quantity (kg)')).toBeFocused();
  await move.getByLabel('Quantity (kg)').fill('2');
  await move.getByLabel('To', { exact: true }).selectOption({ label: 'Pantry' });
  await move.getByRole('button', { name: 'Move stock' }).click();
  await expect(move).toBeHidden();

  await table.getByRole('button', { name: 'Rice', exact: true }).click();
  const perLocation = page.getByRole('table', { name: 'On hand per location' });
  await expect(perLocation.getByRole('row').filter({ hasText: 'Pantry' })).toContainText('2 kg');
  await expect(perLocation.getByRole('row').filter({ hasText: 'No location' })).toContainText('3 kg');
  expect(onHandOf(app.engine, ids.Rice!)).toBe(5);

  await goTo(page, 'Inventory');
  await page.getByRole('button', { name: 'Locations…' }).click();
  const again = page.getByRole('dialog', { name: 'Locations' });
  await again.getByRole('button', { name: 'Archive Pantry' }).click();
  await expect(again.getByRole('alert')).toContainText('"Pantry" still holds stock of 1 item(s): transfer it first');
  await again.getByRole('button', { name: 'Archive Cellar' }).click();
  await expect(again.getByRole('list', { name: 'Locations' })).not.toContainText('Cellar');
  await app.screenshot('locations', { fullPage: false });
});

test('editing an item changes only what changed; archiving takes it out of the list', async ({ page, app }) => {
  seedOwner(app.engine);
  const ids = seedItems(app.engine, [
    { name: 'Rice', unit: 'kg', bought: 5 },
    { name: 'Lentils', unit: 'kg', bought: 2 },
  ]);
  await app.open();
  await goTo(page, 'Inventory');
  await page.getByRole('table', { name: 'Items' }).getByRole('button', { name: 'Rice', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Rice', level: 1 })).toBeFocused();

  await page.getByRole('button', { name: 'Edit…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Rice' });
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('status')).toHaveText('Nothing changed: every field already has that value.');
  await edit.getByLabel('Minimum').fill('6');
  await edit.getByLabel('Category').fill('Pantry');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('region', { name: 'Forecast' })).toContainText('At or below the minimum of 6');
  const update = must(app.engine.query('decisions.list', { action: 'inventory.updateItem', limit: 5 })).items[0];
  expect(must(app.engine.query('decisions.get', { id: update!.id })).params).toEqual({ id: ids.Rice, minQty: 6, category: 'Pantry' });

  await goTo(page, 'Inventory');
  const filters = page.getByRole('search', { name: 'Item filters' });
  await filters.getByLabel('Below minimum').check();
  await expect(filters.getByRole('status')).toHaveText('1 of 2 items');
  await filters.getByLabel('Below minimum').uncheck();
  await filters.getByLabel('Category').selectOption('Pantry');
  await expect(filters.getByRole('status')).toHaveText('1 of 2 items');
  await filters.getByRole('button', { name: 'Clear' }).click();

  await page.getByRole('table', { name: 'Items' }).getByRole('button', { name: 'Lentils', exact: true }).click();
  await page.getByRole('button', { name: 'Archive…' }).click();
  const archive = page.getByRole('dialog', { name: 'Archive Lentils' });
  await archive.getByLabel('Reason').fill('No longer stocked');
  await archive.getByRole('button', { name: 'Archive item' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
  await expect(filters.getByRole('status')).toHaveText('1 item');
  expect(must(app.engine.query('inventory.item', { id: ids.Lentils! })).archivedAt).not.toBeNull();
});
