/**
 * The ledger (issue 5, item 8): an owner adds an account and records entries from the
 * keyboard (a large outflow is held for approval, with the reason shown); imports a real
 * OFX statement through the wizard (preview, then import), and the same file again (all
 * duplicates, nothing to import); a CSV through the column mapping form; a broken file
 * shows the engine's message; a receipt matching an imported outflow is listed unmatched
 * on both sides, then accepted in the reconciliation view and shows as the entry's link,
 * which opens the receipt; an imported entry is filed under a category; the cash buffer
 * shows its figures and chart.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATASETS } from '../helpers/datasets';
import { expect, expectOpsBoard, must, scrollToTop, seedOwner, test } from './fixtures';

const OFX = join(DATASETS, 'bank-statements', 'ofxparse-fixtures', 'bank_medium.ofx');
const CSV = join(DATASETS, 'bank-statements', 'actual-import-fixtures', 'data-payee-memo.csv');

async function openLedger(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Ledger' }).click();
  await expect(page.getByRole('heading', { name: 'Ledger', level: 1 })).toBeVisible();
}

async function ledgerTab(page: Page, name: string | RegExp) {
  await page.getByRole('group', { name: 'Ledger views' }).getByRole('button', { name }).click();
}

test('accounts, statement import, reconciliation and the cash buffer', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);
  await openLedger(page);

  await test.step('no accounts yet: the empty state says what to do', async () => {
    await expect(page.getByText('No accounts yet — add one or import a statement')).toBeVisible();
    await ledgerTab(page, 'Cash buffer');
    await expect(page.getByText('No accounts yet — add one or import a statement')).toBeVisible();
    await ledgerTab(page, 'Accounts');
    await app.screenshot('ledger-empty');
  });

  await test.step('add an account from the keyboard: Enter saves', async () => {
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('Everyday checking');
    await dialog.getByLabel('Opening balance (EUR)').focus();
    await page.keyboard.type('1500.00');
    await app.screenshot('ledger-add-account', { fullPage: false });
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const accounts = page.getByRole('table', { name: 'Accounts' });
    await expect(accounts).toContainText('Everyday checking');
    await expect(accounts).toContainText('€1,500.00');
    await expect(page.getByText('No entries in this account yet')).toBeVisible();
  });

  await test.step('record entries: field errors, Esc closes, a large outflow waits for approval, a small one is recorded', async () => {
    const open = () => page.getByRole('button', { name: 'Record entry' }).click();
    const dialog = page.getByRole('dialog', { name: /Record entry/ });
    await open();
    await expect(dialog.getByLabel('Date')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await open();
    await dialog.getByLabel('Payee').focus();
    await page.keyboard.type('Corner Bakery');
    await page.keyboard.press('Enter');
    await expect(dialog.getByText('enter an amount above 0')).toBeVisible();

    await dialog.getByLabel('Amount (EUR)').fill('450.00');
    await dialog.getByLabel('Category').fill('Food');
    await dialog.getByLabel('Amount (EUR)').press('Enter');
    await expect(dialog.getByRole('alert')).toContainText(/Waiting for approval|Blocked/);
    await app.screenshot('ledger-record-held', { fullPage: false });

    await dialog.getByLabel('Amount (EUR)').fill('45.00');
    await dialog.getByLabel('Amount (EUR)').press('Enter');
    await expect(dialog).toBeHidden();
    const entries = page.getByRole('table', { name: 'Entries' });
    await expect(entries).toContainText('Corner Bakery');
    await expect(entries).toContainText('−€45.00');
    await expect(page.getByRole('table', { name: 'Accounts' })).toContainText('€1,455.00');
  });

  const wizard = page.getByRole('region', { name: 'Import a bank statement' });
  const preview = page.getByRole('region', { name: 'Statement preview' });
  const count = (label: string) => preview.getByRole('list', { name: 'Statement counts' }).getByRole('listitem').filter({ hasText: label });

  await test.step('a statement in another currency than the account: every row refused, nothing to import', async () => {
    await ledgerTab(page, 'Import statement');
    await expect(wizard.getByLabel('Account')).toHaveValue(/.+/);
    await wizard.getByLabel('Statement file').setInputFiles(OFX);
    await expect(count('Transactions')).toContainText('0');
    await expect(preview).toContainText(/CAD.*EUR|EUR.*CAD/);
    await expect(wizard.getByRole('button', { name: /^Import/ })).toBeDisabled();
  });

  await test.step('import a real OFX statement (CAD) into a CAD account: the preview counts its 3 transactions, the import adds them', async () => {
    // bank_medium.ofx is a Canadian chequing account's statement
    must(app.engine.dispatch('ledger.createAccount', { name: 'CIBC chequing', kind: 'checking', currency: 'CAD', openingBalanceMinor: 0 }, 'execute'));
    await wizard.getByLabel('Account').selectOption({ label: 'CIBC chequing (CAD)' });
    await wizard.getByLabel('Statement file').setInputFiles(OFX);
    await expect(count('Format')).toContainText('OFX');
    await expect(count('Transactions')).toContainText('3');
    await expect(count('New')).toContainText('3');
    await expect(count('Duplicates')).toContainText('0');
    const rows = preview.getByRole('table', { name: 'Statement rows' });
    await expect(rows.getByRole('row')).toHaveCount(4);
    await expect(rows).toContainText("MCDONALD'S #112");
    await expect(rows).toContainText('−CA$6.60');
    await scrollToTop(page);
    await app.screenshot('ledger-import-preview');
    await wizard.getByRole('button', { name: 'Import 3 transactions' }).click();
    const summary = page.getByRole('region', { name: 'Statement import summary' });
    await expect(summary).toBeVisible();
    const done = (label: string) => summary.getByRole('listitem').filter({ hasText: label });
    await expect(done('Added')).toContainText('3');
    await expect(done('Duplicates')).toContainText('0');
    await scrollToTop(page);
    await app.screenshot('ledger-import-done');
  });

  await test.step('the same file again: every row a duplicate, nothing to import', async () => {
    await page.getByRole('button', { name: 'Import another file' }).click();
    await wizard.getByLabel('Statement file').setInputFiles(OFX);
    await expect(count('New')).toContainText('0');
    await expect(count('Duplicates')).toContainText('3');
    await expect(preview.getByRole('table', { name: 'Statement rows' }).getByText('Duplicate')).toHaveCount(3);
    await expect(wizard.getByRole('button', { name: 'Import 0 transactions' })).toBeDisabled();
    await expect(wizard).toContainText('Every transaction is already in the account: nothing to import.');
    await scrollToTop(page);
    await app.screenshot('ledger-import-duplicates');
  });

  await test.step('a broken file: the engine’s message, nothing else', async () => {
    const dir = testInfo.outputPath('files');
    mkdirSync(dir, { recursive: true });
    const broken = join(dir, 'broken.ofx');
    writeFileSync(broken, 'OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT>12.00</STMTTRN>');
    await wizard.getByLabel('Statement file').setInputFiles(broken);
    const error = preview.getByRole('alert');
    await expect(error).toContainText('The statement could not be read');
    await expect(error).toContainText(/OFX|DTPOSTED/);
    await expect(wizard.getByRole('button', { name: /^Import/ })).toBeDisabled();
    await scrollToTop(page);
    await app.screenshot('ledger-import-broken');
  });

  await test.step('a CSV statement through the column mapping form', async () => {
    await wizard.getByLabel('Statement file').setInputFiles(CSV);
    await expect(count('Format')).toContainText('CSV');
    const mapping = wizard.getByRole('group', { name: 'CSV columns' });
    await mapping.getByLabel('Date', { exact: true }).selectOption('date');
    await mapping.getByLabel('Amount', { exact: true }).selectOption('amount');
    await mapping.getByLabel('Payee').selectOption('payee');
    await mapping.getByLabel('Memo').selectOption('notes');
    await expect(count('New')).toContainText('4');
    await expect(preview.getByRole('table', { name: 'Statement rows' })).toContainText('Payee Name Only');
    await scrollToTop(page);
    await app.screenshot('ledger-import-csv');
    await wizard.getByRole('button', { name: 'Import 4 transactions' }).click();
    await expect(page.getByRole('region', { name: 'Statement import summary' }).getByRole('listitem').filter({ hasText: 'Added' })).toContainText('4');
  });

  await test.step('a receipt matching an imported outflow is suggested and accepted from the keyboard', async () => {
    must(app.engine.dispatch('receipts.create', { vendor: "McDonald's", date: '2009-04-02', totalMinor: 660, currency: 'CAD', category: 'Food' }, 'execute'));
    await ledgerTab(page, /Reconcile/);
    const table = page.getByRole('table', { name: 'Suggested matches' });
    const row = table.getByRole('row').filter({ hasText: "McDonald's" });
    await expect(row).toContainText("MCDONALD'S #112");
    await expect(row).toContainText('CA$6.60');
    const counts = page.getByRole('list', { name: 'Reconciliation counts' });
    await expect(counts.getByRole('listitem').filter({ hasText: 'Unmatched receipts' })).toContainText('1');
    // what is unmatched is listed too: the receipt on one side, the imported outflow on the other
    const unmatchedReceipts = page.getByRole('table', { name: 'Unmatched receipts' });
    const unmatchedOutflows = page.getByRole('table', { name: 'Unmatched outflows' });
    await expect(unmatchedReceipts.getByRole('button', { name: "Open receipt: McDonald's" })).toBeVisible();
    const outflow = unmatchedOutflows.getByRole('row').filter({ hasText: "MCDONALD'S #112" });
    await expect(outflow).toContainText('CIBC chequing');
    await expect(outflow).toContainText('−CA$6.60');
    await scrollToTop(page);
    await app.screenshot('ledger-reconcile');
    await row.getByRole('button', { name: /^Accept/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('No matches to review')).toBeVisible();
    await expect(counts.getByRole('listitem').filter({ hasText: 'Unmatched receipts' })).toContainText('0');
    await expect(page.getByText('No unmatched receipts')).toBeVisible();
    await expect(outflow).toHaveCount(0);
    await expect(unmatchedOutflows.getByRole('row').filter({ hasText: 'Corner Bakery' })).toContainText('−€45.00');
  });

  await test.step('file an imported entry under a category from the keyboard', async () => {
    await ledgerTab(page, 'Accounts');
    await page.getByRole('table', { name: 'Accounts' }).getByText('CIBC chequing').click();
    const entries = page.getByRole('table', { name: 'Entries' });
    await entries.getByRole('button', { name: "Category of MCDONALD'S #112: none" }).click();
    const dialog = page.getByRole('dialog', { name: /^Category: MCDONALD'S #112/ });
    await expect(dialog.getByLabel('Category', { exact: true })).toBeFocused();
    await page.keyboard.type('Eating out');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(entries.getByRole('button', { name: "Category of MCDONALD'S #112: Eating out" })).toBeVisible();
  });

  await test.step('the entry shows its receipt, and the link opens it', async () => {
    await ledgerTab(page, 'Accounts');
    await page.getByRole('table', { name: 'Accounts' }).getByText('CIBC chequing').click();
    const link = page.getByRole('table', { name: 'Entries' }).getByRole('button', { name: "Open receipt: McDonald's" });
    await expect(link).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('ledger-entries-linked');
    await link.click();
    await expect(page.getByRole('heading', { name: 'Receipts', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: "McDonald's", level: 2 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Receipt detail' })).toContainText('CA$6.60');
  });

  await test.step('the cash buffer: figures and the 30-day projection chart', async () => {
    await openLedger(page);
    await ledgerTab(page, 'Cash buffer');
    const figures = page.getByRole('list', { name: 'Cash buffer figures' });
    await expect(figures.getByRole('listitem').filter({ hasText: /^Liquid balance/ })).toContainText('€');
    await expect(figures.getByRole('listitem').filter({ hasText: /^Average daily outflow/ })).toContainText('€0.50');
    await expect(figures.getByRole('listitem').filter({ hasText: /^Runway/ })).toContainText('days');
    // the CAD account is liquid but in another currency: named, not added to the euro figures
    await expect(page.getByText(/^Not counted: 1 account in CAD \(.*CA\$.*\) — the buffer is in EUR$/)).toBeVisible();
    await expect(page.locator('.day-chart canvas')).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('ledger-cash-buffer');
  });
});

test('a long entry list is virtualised and loads further pages as it scrolls', async ({ page, app }) => {
  seedOwner(app.engine);
  const account = must(app.engine.dispatch('ledger.createAccount', { name: 'Savings', kind: 'savings', currency: 'EUR', openingBalanceMinor: 0 }, 'execute')).result;
  // money in is not a spend: no approvals needed for the seed
  for (let i = 0; i < 250; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    must(app.engine.dispatch('ledger.record', { accountId: account.id, date: `2026-10-${day}`, amountMinor: 100 + i, payee: `Deposit ${i + 1}` }, 'execute'));
  }
  await app.open();
  await expectOpsBoard(page);
  await openLedger(page);
  const entries = page.getByRole('table', { name: 'Entries' });
  await expect(entries).toContainText('Deposit 250');
  await expect(page.getByText('100 of 250 shown · scroll for more')).toBeVisible();
  // only the rows in view are in the DOM
  expect(await entries.locator('tbody tr[data-id]').count()).toBeLessThan(60);
  const scroller = page.locator('.ledger-entries');
  for (let i = 0; i < 10; i += 1) {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    if (await page.getByText('250 of 250 shown · end of list').isVisible()) break;
    await page.waitForTimeout(200);
  }
  await expect(page.getByText('250 of 250 shown · end of list')).toBeVisible();
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  // the engine lists entries newest recorded first: the first deposit is the last row
  const last = entries.locator('tbody tr[data-id]').last();
  await expect(last.getByRole('cell').nth(1)).toHaveText('Deposit 1');
  await expect(last).toBeInViewport();
  expect(await entries.locator('tbody tr[data-id]').count()).toBeLessThan(60);
  await app.screenshot('ledger-entries-scrolled', { fullPage: false });
});
