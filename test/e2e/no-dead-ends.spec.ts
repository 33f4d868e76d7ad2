/**
 * No dead ends (issue 15, part 9), in the browser on a fresh household after Go-live: the
 * Ledger's empty state → "Import a statement" opens the wizard with "Create the account this
 * file needs"; a real OFX statement (CAD) sets the account's currency; a missing name is
 * refused next to its field; the account created in place takes the import, and the
 * entries appear in the Accounts view. A form with two bad fields shows both at once with a
 * summary at the top. axe finds nothing serious or critical at 1280 or 390 px; screenshots
 * at both widths.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATASETS } from '../helpers/datasets';
import { axeViolations, expect, expectOpsBoard, must, scrollToTop, seedOwner, test } from './fixtures';

const OFX = join(DATASETS, 'bank-statements', 'ofxparse-fixtures', 'bank_medium.ofx');

/** axe's serious and critical violations on the page, one line each (none expected). */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const result = { violations: await axeViolations(page) };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('Ledger → Import a statement with no account: create the account in place, import, entries appear', async ({ page, app }) => {
  test.setTimeout(90_000);
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Ledger', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Ledger', level: 1 })).toBeVisible();

  const wizard = page.getByRole('region', { name: 'Import a bank statement' });
  const create = wizard.getByRole('region', { name: 'Create the account this file needs' });

  await test.step('the empty state’s "Import a statement" opens the wizard with the account to create', async () => {
    await expect(page.getByText('No accounts yet — add one or import a statement')).toBeVisible();
    await page.getByRole('button', { name: 'Import a statement' }).click();
    await expect(create).toBeVisible();
    await expect(create.getByLabel('Currency')).toHaveValue('EUR');
  });

  await test.step('the file says its currency: the account to create follows it', async () => {
    await wizard.getByLabel('Statement file').setInputFiles(OFX);
    await expect(create.getByLabel('Currency')).toHaveValue('CAD');
    await expect(create).toContainText('The file is in CAD');
    await expect(wizard.getByRole('button', { name: 'Import 3 transactions' })).toBeDisabled();
    await expect(wizard).toContainText('Create the account this file needs first');
    await scrollToTop(page);
    await app.screenshot('ledger-import-no-account-1280');
    expect(await seriousViolations(page, 'wizard, no account, 1280')).toEqual([]);
  });

  await test.step('a missing name is refused next to the field; nothing is created', async () => {
    await create.getByRole('button', { name: 'Create account' }).click();
    await expect(create.getByLabel('Account name')).toHaveAttribute('aria-invalid', 'true');
    await expect(create).toContainText('This field is required');
    expect(must(app.engine.query('ledger.accounts', {}))).toEqual([]);
  });

  await test.step('at 390 px the wizard fits and stays accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await scrollToTop(page);
    await app.screenshot('ledger-import-no-account-390');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page, 'wizard, no account, 390')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step('the account created in place takes the import', async () => {
    await create.getByLabel('Account name').fill('CIBC chequing');
    await create.getByLabel('Account name').press('Enter');
    await expect(wizard.getByLabel('Account', { exact: true })).toHaveValue(/.+/);
    await expect(wizard.getByLabel('Account', { exact: true }).locator('option:checked')).toHaveText('CIBC chequing (CAD)');
    const importButton = wizard.getByRole('button', { name: 'Import 3 transactions' });
    await expect(importButton).toBeEnabled();
    await importButton.click();
    const summary = page.getByRole('region', { name: 'Statement import summary' });
    await expect(summary.getByRole('listitem').filter({ hasText: 'Added' })).toContainText('3');
    await scrollToTop(page);
    await app.screenshot('ledger-import-no-account-done-1280');
    expect(await seriousViolations(page, 'import done, 1280')).toEqual([]);
  });

  await test.step('the entries appear in the account', async () => {
    await page.getByRole('group', { name: 'Ledger views' }).getByRole('button', { name: 'Accounts' }).click();
    await expect(page.getByRole('table', { name: 'Accounts' })).toContainText('CIBC chequing');
    const entries = page.getByRole('table', { name: 'Entries' });
    await expect(entries).toContainText("MCDONALD'S #112");
    await expect(entries).toContainText('−CA$6.60');
    const account = must(app.engine.query('ledger.accounts', {}))[0];
    expect(account).toMatchObject({ name: 'CIBC chequing', currency: 'CAD', entries: 3 });
  });

  await test.step('a form with two bad fields: both messages at once and a summary whose links focus the fields', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByLabel('Opening balance (EUR)').fill('12,3,4x');
    await dialog.getByLabel('Opening balance (EUR)').press('Enter');
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Opening balance (EUR)')).toHaveAttribute('aria-invalid', 'true');
    const summary = dialog.getByRole('group', { name: '2 fields need correcting' });
    await expect(summary.getByRole('link')).toHaveText(['Name', 'Opening balance (EUR)']);
    await summary.getByRole('link', { name: 'Name' }).click();
    await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
    await app.screenshot('form-errors-summary-1280', { fullPage: false });
    expect(await seriousViolations(page, 'add account, two errors')).toEqual([]);
    expect(must(app.engine.query('ledger.accounts', {}))).toHaveLength(1);
  });
});
