/**
 * Issue 5's "Done when", as one story on a new database: the owner imports all 626 real
 * SROIE receipts (key + OCR files) and every real bank statement fixture (OFX/QFX, QIF, CSV,
 * CAMT.053, MT940) into accounts of their currencies; finds a receipt by a word only in its
 * OCR text; attaches a photo to it; resolves a real likely duplicate of the set (two scans
 * of one receipt) in the triage inbox; types in a bakery receipt and matches it to the real
 * MT940 bank entry it paid; and the audit log, filtered by action, shows each of those steps
 * while the chain verifies intact. Everything goes through the console; the engine is only
 * read to check what the screens said.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATASETS } from '../helpers/datasets';
import { JPEG_16x12 } from '../helpers/files';
import { expect, expectOpsBoard, must, scrollToTop, seedOwner, test } from './fixtures';

const SROIE = join(DATASETS, 'sroie-receipts');
const BANK = join(DATASETS, 'bank-statements');

/** An account to add, and the statement files it receives, with the transactions each adds. */
interface AccountPlan {
  name: string;
  kind: 'Checking' | 'Card';
  currency: string;
  files: { path: string; added: number }[];
}

// The three "data-payee-memo" files hold the same four transactions in three formats, so each
// goes to an account of its own: imported into one account they would count those twice.
const ACCOUNTS: AccountPlan[] = [
  {
    name: 'CIBC chequing',
    kind: 'Checking',
    currency: 'CAD',
    files: [
      { path: 'ofxparse-fixtures/bank_medium.ofx', added: 3 },
      { path: 'gnucash-examples/cibc_checking.qfx', added: 7 },
      { path: 'actual-import-fixtures/utf-8.qfx', added: 1 },
    ],
  },
  { name: 'Chase card', kind: 'Card', currency: 'USD', files: [{ path: 'ofxparse-fixtures/chase_cc.qfx', added: 1 }] },
  {
    name: 'Sample checking OFX',
    kind: 'Checking',
    currency: 'USD',
    files: [
      { path: 'actual-import-fixtures/data-payee-memo.ofx', added: 4 },
      { path: 'actual-import-fixtures/data-with-categories.qif', added: 3 },
    ],
  },
  { name: 'Sample checking QIF', kind: 'Checking', currency: 'USD', files: [{ path: 'actual-import-fixtures/data-payee-memo.qif', added: 4 }] },
  { name: 'Sample checking CSV', kind: 'Checking', currency: 'USD', files: [{ path: 'actual-import-fixtures/data-payee-memo.csv', added: 4 }] },
  {
    name: 'Girokonto',
    kind: 'Checking',
    currency: 'EUR',
    files: [
      { path: 'actual-import-fixtures/camt/camt.053.xml', added: 6 },
      { path: 'actual-import-fixtures/data.sta', added: 6 },
      { path: 'gnucash-examples/downloaded.mt940', added: 1 },
    ],
  },
  { name: 'MS Money archive', kind: 'Checking', currency: 'USD', files: [{ path: 'gnucash-examples/ms-money.qif', added: 347 }] },
];
const STATEMENT_FILES = ACCOUNTS.flatMap((a) => a.files);

async function nav(page: Page, screen: 'Receipts' | 'Ledger' | 'Audit log') {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

const receiptsTab = (page: Page, name: string | RegExp) => page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name, exact: typeof name === 'string' }).click();
const ledgerTab = (page: Page, name: string | RegExp) => page.getByRole('group', { name: 'Ledger views' }).getByRole('button', { name }).click();

test('a new user imports the real receipts and bank statements, finds, attaches, resolves a duplicate, matches, and the audit log shows each step', async ({ page, app }) => {
  test.setTimeout(300_000);
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);

  await test.step('import the 626 SROIE receipts: 1,252 key and OCR files', async () => {
    const files = ['key', 'box'].flatMap((dir) => readdirSync(join(SROIE, dir)).map((name) => join(SROIE, dir, name)));
    expect(files).toHaveLength(1252);
    await nav(page, 'Receipts');
    await receiptsTab(page, 'Import');
    const form = page.getByRole('form', { name: 'Import SROIE receipts' });
    await form.getByLabel('SROIE files').setInputFiles(files);
    await expect(form).toContainText('1,252 files picked: 626 key files, 626 OCR files');
    await form.getByRole('button', { name: 'Import receipts' }).click();
    const summary = page.getByRole('region', { name: 'Receipt import summary' });
    await expect(summary).toBeVisible({ timeout: 120_000 });
    const count = (label: string | RegExp) => summary.getByRole('list', { name: 'Receipt import counts' }).getByRole('listitem').filter({ hasText: label });
    await expect(count('Files')).toContainText('1,252');
    await expect(count(/^Imported/)).toContainText('626');
    await expect(count('Already imported')).toContainText('0');
    // receipts whose key file lacks a field (033 has no total) wait in the triage inbox
    const attention = must(app.engine.query('receipts.triage', {})).needsAttention.length;
    expect(attention).toBeGreaterThan(0);
    await expect(count('Needing attention')).toContainText(String(attention));
    await expect(summary.getByRole('list', { name: 'Incomplete per file' })).toContainText('033.json');
    await expect(summary.getByText('None')).toBeVisible(); // no file had a problem
    await scrollToTop(page);
    await app.screenshot('story-receipts-imported');
  });

  await test.step('add an account per bank account, in its currency', async () => {
    await nav(page, 'Ledger');
    for (const account of ACCOUNTS) {
      await page.getByRole('button', { name: 'Add account' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add account' });
      await dialog.getByLabel('Name').fill(account.name);
      await dialog.getByLabel('Kind').selectOption({ label: account.kind });
      await dialog.getByLabel('Currency').fill(account.currency);
      await dialog.getByLabel('Name').press('Enter');
      await expect(dialog).toBeHidden();
    }
    await expect(page.getByRole('table', { name: 'Accounts' }).getByRole('row')).toHaveCount(ACCOUNTS.length + 1);
  });

  await test.step(`import the ${STATEMENT_FILES.length} real statement files through the wizard`, async () => {
    await ledgerTab(page, 'Import statement');
    const wizard = page.getByRole('region', { name: 'Import a bank statement' });
    const preview = page.getByRole('region', { name: 'Statement preview' });
    const previewCount = (label: string) => preview.getByRole('list', { name: 'Statement counts' }).getByRole('listitem').filter({ hasText: label });
    for (const account of ACCOUNTS) {
      for (const file of account.files) {
        await wizard.getByLabel('Account').selectOption({ label: `${account.name} (${account.currency})` });
        await wizard.getByLabel('Statement file').setInputFiles(join(BANK, file.path));
        // a CSV needs its columns: the wizard guesses them from the header names
        await expect(previewCount('New'), file.path).toContainText(String(file.added));
        await expect(preview.getByRole('list', { name: 'Row errors' })).toHaveCount(0);
        if (file.path.endsWith('ms-money.qif')) {
          // QIF categories come along ("Bills:Rent")
          await expect(preview.getByRole('table', { name: 'Statement rows' }).getByRole('columnheader', { name: 'Category' })).toBeVisible();
          await expect(preview.getByRole('table', { name: 'Statement rows' })).toContainText('Bills:Rent');
          await scrollToTop(page);
          await app.screenshot('story-statement-preview');
        }
        await wizard.getByRole('button', { name: `Import ${file.added} transaction${file.added === 1 ? '' : 's'}` }).click();
        const summary = page.getByRole('region', { name: 'Statement import summary' });
        await expect(summary.getByRole('listitem').filter({ hasText: 'Added' }), file.path).toContainText(String(file.added));
        await page.getByRole('button', { name: 'Import another file' }).click();
      }
    }
    await ledgerTab(page, 'Accounts');
    const accounts = must(app.engine.query('ledger.accounts', {}));
    for (const account of ACCOUNTS) {
      const expected = account.files.reduce((sum, f) => sum + f.added, 0);
      expect(accounts.find((a) => a.name === account.name)?.entries, account.name).toBe(expected);
    }
    await scrollToTop(page);
    await app.screenshot('story-accounts');
  });

  const table = page.getByRole('table', { name: 'Receipts' });
  let bakeryId = '';
  const detail = page.getByRole('region', { name: 'Receipt detail' });

  await test.step('find a receipt by a word only in its OCR text ("kiddy", the modelling clay on receipt 000)', async () => {
    await nav(page, 'Receipts');
    await receiptsTab(page, 'Receipts');
    await page.getByRole('search', { name: 'Receipt filters' }).getByLabel('Search').fill('kiddy');
    await expect(table.getByRole('row')).toHaveCount(2);
    await table.getByRole('button', { name: /TAMAN DAYA/ }).click();
    await expect(detail.getByLabel('OCR text')).toContainText('KF MODELLING CLAY KIDDY FISH');
    await expect(detail).toContainText('MYR 9.00');
  });

  await test.step('attach a photo of it', async () => {
    await detail.getByLabel('Attach photos or PDFs').setInputFiles([{ name: 'book-ta-k-receipt.jpg', mimeType: 'image/jpeg', buffer: JPEG_16x12 }]);
    const gallery = detail.getByRole('list', { name: 'Attachments' });
    await expect(gallery.getByRole('img', { name: 'book-ta-k-receipt.jpg' })).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('story-receipt-found-and-attached');
  });

  await test.step('resolve a real likely duplicate: two scans of one LIGHTROOM GALLERY receipt, merged', async () => {
    await receiptsTab(page, /Triage inbox/);
    const pair = page.getByRole('list', { name: 'Likely duplicates' }).getByRole('listitem').filter({ hasText: 'LIGHTROOM GALLERY' });
    await expect(pair.getByRole('group', { name: 'Left receipt' })).toContainText('MYR 73.00');
    await expect(pair.getByRole('group', { name: 'Right receipt' })).toContainText('MYR 73.00');
    await scrollToTop(page);
    await app.screenshot('story-triage');
    await pair.getByRole('button', { name: 'Merge into left' }).click();
    await expect(pair).toHaveCount(0);
    const voided = must(app.engine.query('receipts.list', { status: 'void' })).items;
    expect(voided.map((r) => r.vendor)).toEqual(['LIGHTROOM GALLERY SDN BHD']);
    expect(voided[0]?.voidReason).toMatch(/^merged into /);
  });

  await test.step('type in the bakery receipt and match it to the bank entry it paid (Girokonto, MT940)', async () => {
    await receiptsTab(page, 'Receipts');
    const entry = page.getByRole('form', { name: 'New receipt' });
    await entry.getByLabel('Vendor').fill("Boulangerie L'Étoile");
    await entry.getByLabel('Date').fill('2025-08-02');
    await entry.getByLabel('Total (EUR)').fill('42.50');
    await entry.getByLabel('Category').fill('Food');
    await entry.getByLabel('Notes').press('Enter');
    await expect(detail).toContainText('€42.50');

    await nav(page, 'Ledger');
    await ledgerTab(page, /Reconcile/);
    const suggestions = page.getByRole('table', { name: 'Suggested matches' });
    const row = suggestions.getByRole('row').filter({ hasText: 'Boulangerie' });
    await expect(row).toContainText('€42.50');
    await expect(row).toContainText("Boulangerie L'Étoile"); // the payee as the bank wrote it
    await scrollToTop(page);
    await app.screenshot('story-reconcile');
    await row.getByRole('button', { name: /^Accept/ }).click();
    await expect(row).toHaveCount(0);
    const bakery = must(app.engine.query('receipts.list', { search: 'Boulangerie' })).items;
    expect(bakery).toHaveLength(1);
    bakeryId = bakery[0]?.id ?? '';
    const linked = must(app.engine.query('receipts.get', { id: bakeryId })).ledgerEntry;
    expect(linked).toMatchObject({ amountMinor: -4250, date: '2025-08-01' });
  });

  await test.step('the audit log shows each step, filtered by action; the chain verifies intact', async () => {
    await nav(page, 'Audit log');
    const events = page.getByRole('table', { name: 'Audit events' });
    const filter = page.getByLabel('Action');
    const rowsOf = (entity: string) => events.getByRole('row').filter({ has: page.getByRole('cell', { name: entity, exact: true }) });
    const show = async (action: string) => {
      await filter.selectOption(action);
      await expect(events.getByRole('row').nth(1)).toContainText(action.includes('.') ? action : `${action}.`);
    };

    await show('receipts.importSroie');
    await expect(rowsOf('receipt_import')).toHaveCount(1);
    await expect(rowsOf('receipt_import')).toContainText('626');

    await show('ledger.importStatement');
    await expect(rowsOf('statement_import')).toHaveCount(STATEMENT_FILES.length);
    await scrollToTop(page);
    await app.screenshot('story-audit-statements');

    await show('receipts.update'); // the photo
    await expect(rowsOf('receipt')).toContainText('book-ta-k-receipt.jpg');

    await show('receipts.merge');
    await expect(rowsOf('receipt')).toHaveCount(2); // the kept receipt and the voided scan
    await expect(events).toContainText('merged into');

    await show('reconcile.accept'); // the bank entry now points at the receipt
    await expect(rowsOf('ledger_entry')).toHaveCount(1);
    await expect(rowsOf('ledger_entry')).toContainText(new RegExp(`receiptId: null\\W+becomes ${bakeryId}`));

    // a domain shows all of its actions at once: the merge, the photo, the import and the typed receipt
    await show('receipts');
    for (const action of ['receipts.create', 'receipts.merge', 'receipts.update', 'receipts.importSroie']) await expect(events.getByRole('cell', { name: action }).first()).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('story-audit-receipts');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByText('Chain intact')).toBeVisible();
    const verified = must(app.engine.query('audit.verify', {}));
    expect(verified).toMatchObject({ ok: true, firstBadSeq: null });
    await expect(page.getByRole('status').filter({ hasText: 'events checked' })).toContainText(`${verified.checked} events checked`);
  });
});
