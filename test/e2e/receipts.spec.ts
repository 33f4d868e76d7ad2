/**
 * Receipts (issue 5): an owner enters a receipt from the keyboard and finds it by a word;
 * the category is remembered per vendor; five real SROIE receipts are imported from their
 * key and OCR files and one is found by a word of its OCR text; a likely duplicate is
 * resolved in the triage inbox by merging one into the other, another kept as two real
 * receipts; a receipt imported without a vendor is completed in bulk from the inbox; the
 * category list merges and clears categories, and a vendor's category outlives a reload; a photo and a PDF are attached (thumbnails, the PDF's first page, the viewer),
 * while a file past the limit and a corrupt photo are refused with a clear message.
 */
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { JPEG_16x12, PDF_ONE_PAGE } from '../helpers/files';
import { expect, expectOpsBoard, must, scrollToTop, seedOwner, test, SALES_FILE } from './fixtures';

const SROIE = join(SALES_FILE, '..', '..', 'sroie-receipts');
const SAMPLE = ['000', '001', '002', '003', '004'];

async function openReceipts(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Receipts' }).click();
  await expect(page.getByRole('heading', { name: 'Receipts', level: 1 })).toBeVisible();
}

test('enter, search, import SROIE and resolve a duplicate', async ({ page, app }) => {
  test.setTimeout(90_000);
  expect(existsSync(join(SROIE, 'key', '000.json')), `the dataset is expected at ${SROIE}`).toBe(true);
  seedOwner(app.engine);
  // Two near-identical receipts: same vendor, same total, a day apart.
  must(app.engine.dispatch('receipts.create', { vendor: 'Kedai Runcit Ali', date: '2026-11-19', totalMinor: 1500, currency: 'EUR', notes: 'first scan' }, 'execute'));
  must(app.engine.dispatch('receipts.create', { vendor: 'Kedai Runcit Ali', date: '2026-11-20', totalMinor: 1500, currency: 'EUR', notes: 'second scan' }, 'execute'));
  // And two real purchases that only look alike.
  must(app.engine.dispatch('receipts.create', { vendor: 'Two Loaves Bakery', date: '2026-11-20', totalMinor: 420, currency: 'EUR', notes: 'morning' }, 'execute'));
  must(app.engine.dispatch('receipts.create', { vendor: 'Two Loaves Bakery', date: '2026-11-20', totalMinor: 420, currency: 'EUR', notes: 'afternoon' }, 'execute'));
  await app.open();
  await expectOpsBoard(page);
  await openReceipts(page);

  const entry = page.getByRole('form', { name: 'New receipt' });
  const table = page.getByRole('table', { name: 'Receipts' });
  await test.step('enter a receipt from the keyboard; Enter saves', async () => {
    const vendor = entry.getByLabel('Vendor');
    await vendor.click();
    await page.keyboard.type('Corner Bakery');
    await entry.getByLabel('Date').fill('2026-11-18');
    await entry.getByLabel('Total (EUR)').focus();
    await page.keyboard.type('12.50');
    await entry.getByLabel('Category').focus();
    await page.keyboard.type('Food');
    await entry.getByLabel('Payment method').focus();
    await page.keyboard.type('card');
    await entry.getByLabel('Tags').focus();
    await page.keyboard.type('breakfast, team');
    await entry.getByLabel('Notes').focus();
    await page.keyboard.type('croissants for the standup');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: 'Receipt detail' });
    await expect(detail).toContainText('€12.50');
    await expect(detail).toContainText('Complete');
    await expect(detail).toContainText('croissants for the standup');
    await expect(vendor).toHaveValue('');
    await expect(vendor).toBeFocused();
  });

  await test.step('line items in the edit dialog: a bad row is named, two good rows are saved', async () => {
    const detail = page.getByRole('region', { name: 'Receipt detail' });
    await page.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit: Corner Bakery/ });
    const lines = dialog.getByRole('group', { name: 'Line items' });
    await lines.getByRole('button', { name: 'Add line' }).click();
    await lines.getByLabel('Line 1 description').fill('Croissant');
    await lines.getByLabel('Line 1 quantity').fill('4');
    await lines.getByLabel('Line 1 amount').fill('8.00');
    await lines.getByRole('button', { name: 'Add line' }).click();
    await lines.getByLabel('Line 2 amount').fill('4.50');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(lines).toContainText('enter what the line is');
    await lines.getByLabel('Line 2 description').fill('Coffee');
    await expect(lines).toContainText('Lines add up to €12.50 of €12.50');
    await app.screenshot('receipts-line-items', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const table = detail.getByRole('table', { name: 'Line items' });
    await expect(table).toContainText('Croissant');
    await expect(table).toContainText('Coffee');
    // its history: entered, then edited (the lines), with who did it
    const history = detail.getByRole('list', { name: 'Receipt history' }).locator(':scope > li');
    await expect(history).toHaveCount(2);
    await expect(history.nth(0)).toContainText('receipts.update · Astrid Owner');
    await expect(history.nth(0)).toContainText('Croissant');
    await expect(history.nth(0)).not.toContainText('updatedAt');
    await expect(history.nth(1)).toContainText('receipts.create · Astrid Owner');
    await expect(history.nth(1)).toContainText('entered');
    const vendor = entry.getByLabel('Vendor');
    await vendor.click();
  });

  await test.step('the vendor’s category is remembered and pre-filled', async () => {
    await page.keyboard.type('corner bakery');
    await expect(entry.getByLabel('Category')).toHaveValue('Food');
    await entry.getByLabel('Vendor').fill('');
    // filter by payment method: only the receipt paid by card
    const filters = page.getByRole('search', { name: 'Receipt filters' });
    await filters.getByLabel('Payment method').fill('card');
    const table = page.getByRole('table', { name: 'Receipts' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('Corner Bakery');
    await filters.getByLabel('Payment method').fill('');
  });

  await test.step('find it by a word (server-side search as you type)', async () => {
    const search = page.getByRole('search', { name: 'Receipt filters' }).getByLabel('Search');
    await search.fill('croissants');
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('Corner Bakery');
    await search.fill('nothingmatchesthis');
    await expect(page.getByText('No receipt matches the search and filters')).toBeVisible();
    await search.fill('');
    await expect(table.getByRole('row')).toHaveCount(6);
    await scrollToTop(page);
    await app.screenshot('receipts-list');
  });

  await test.step('import five real SROIE receipts (key + OCR files)', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: 'Import', exact: true }).click();
    const form = page.getByRole('form', { name: 'Import SROIE receipts' });
    const files = SAMPLE.flatMap((n) => [join(SROIE, 'key', `${n}.json`), join(SROIE, 'box', `${n}.csv`)]);
    await form.getByLabel('SROIE files').setInputFiles(files);
    await expect(form).toContainText('10 files picked: 5 key files, 5 OCR files');
    await form.getByRole('button', { name: 'Import receipts' }).click();
    const summary = page.getByRole('region', { name: 'Receipt import summary' });
    await expect(summary).toBeVisible({ timeout: 30_000 });
    const count = (label: string | RegExp) => summary.getByRole('listitem').filter({ hasText: label });
    await expect(count('Files')).toContainText('10');
    await expect(count(/^Imported/)).toContainText('5');
    await expect(count('Already imported')).toContainText('0');
    await scrollToTop(page);
    await app.screenshot('receipts-import-summary');
    await summary.getByRole('button', { name: 'Open the receipts' }).click();
  });

  await test.step('a word only in the OCR text ("KIDDY FISH" modelling clay on receipt 000) finds its receipt; the detail shows the OCR text', async () => {
    await page.getByRole('search', { name: 'Receipt filters' }).getByLabel('Search').fill('kiddy');
    await expect(table.getByRole('row')).toHaveCount(2);
    await table.getByRole('button', { name: /TAMAN DAYA/ }).click();
    const detail = page.getByRole('region', { name: 'Receipt detail' });
    await expect(detail.getByLabel('OCR text')).toContainText('KF MODELLING CLAY KIDDY FISH');
    await expect(detail).toContainText('MYR 9.00');
    await scrollToTop(page);
    await app.screenshot('receipts-detail');
  });

  await test.step('resolve likely duplicates in the triage inbox: merge one pair, keep the other as two real receipts', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: /Triage inbox/ }).click();
    const duplicates = page.getByRole('list', { name: 'Likely duplicates' });
    const pair = duplicates.getByRole('listitem').filter({ hasText: 'Kedai Runcit Ali' });
    await expect(pair.getByRole('group', { name: 'Left receipt' })).toContainText('Kedai Runcit Ali');
    await expect(pair.getByRole('group', { name: 'Right receipt' })).toContainText('Kedai Runcit Ali');
    await scrollToTop(page);
    await app.screenshot('receipts-triage');
    await pair.getByRole('button', { name: 'Merge into left' }).click();
    await expect(pair).toHaveCount(0);
    const voided = must(app.engine.query('receipts.list', { status: 'void' })).items;
    expect(voided.map((r) => r.vendor)).toEqual(['Kedai Runcit Ali']);
    expect(voided[0]?.voidReason).toMatch(/^merged into /);
    const kept = must(app.engine.query('receipts.list', { search: 'Kedai', status: 'complete' })).items;
    expect(kept).toHaveLength(1);
    expect(kept[0]?.notes).toBe('first scan');

    const bakery = duplicates.getByRole('listitem').filter({ hasText: 'Two Loaves' });
    await bakery.getByRole('button', { name: 'Not a duplicate' }).click();
    await expect(bakery).toHaveCount(0);
    expect(must(app.engine.query('receipts.list', { search: 'Two Loaves' })).items.map((r) => r.status)).toEqual(['complete', 'complete']);
  });

  await test.step('receipts from a CSV file: the mapping is guessed, unreadable rows are left out and named, a good file imports once', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: 'Import', exact: true }).click();
    const csv = page.getByRole('region', { name: 'Import receipts from CSV' });
    const unknown = Buffer.from('Col A;Col B\nKedai Ali;12,50\n', 'utf8');
    await csv.getByLabel('Receipts CSV', { exact: true }).setInputFiles({ name: 'unknown.csv', mimeType: 'text/csv', buffer: unknown });
    await expect(csv.getByRole('alert')).toContainText('No vendor, date and total columns were recognised among: Col A, Col B');
    const good = Buffer.from('Merchant;Date;Amount;Category\nStationery Corner;20.11.2026;4,50;Office\n;19.11.2026;2,00;\n', 'utf8');
    const badRows = Buffer.from('Merchant;Date;Amount\nKedai Ali;31.02.2026;12,50\nKedai Ali;01.03.2026;RM 9,00\nKedai Ali;02.03.2026;9,00\n', 'utf8');
    await csv.getByLabel('Receipts CSV', { exact: true }).setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: badRows });
    const problems = csv.getByRole('list', { name: 'Rows that cannot be read' });
    await expect(problems).toContainText('row 1: date "31.02.2026" is not a date in the format dd.MM.yyyy');
    await expect(problems).toContainText('row 2: total "RM 9,00" is not an amount in EUR');
    await expect(csv.getByText(/1 of 1 new rows will be imported; the 2 that cannot be read are left out/)).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('receipts-csv-errors');
    await csv.getByRole('button', { name: 'Import 1 receipt' }).click();
    await expect(csv.getByRole('status', { name: 'Receipts CSV import summary' })).toContainText('1 receipts, 0 needing attention, 0 already imported, 2 rows left out');
    expect(must(app.engine.query('receipts.list', { search: 'Kedai Ali' })).items.filter((r) => r.date === '2026-03-02').map((r) => r.totalMinor)).toEqual([900]);
    await csv.getByLabel('Receipts CSV', { exact: true }).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: good });
    await expect(csv.getByRole('table', { name: 'Receipts in the file' })).toContainText('Stationery Corner');
    await csv.getByRole('button', { name: 'Import 2 receipts' }).click();
    await expect(csv.getByRole('status', { name: 'Receipts CSV import summary' })).toContainText('2 receipts, 1 needing attention');
    await expect(csv.getByRole('button', { name: 'Import 0 receipts' })).toBeDisabled();
    expect(must(app.engine.query('receipts.list', { search: 'Stationery' })).items.map((r) => [r.totalMinor, r.category])).toEqual([[450, 'Office']]);
  });

  await test.step('bulk completion in the triage inbox: select all, fill the vendor they lack, one decision', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: /Triage inbox/ }).click();
    const bulk = page.getByRole('form', { name: 'Complete selected receipts' });
    await expect(bulk.getByRole('button', { name: /^Fill/ })).toBeDisabled();
    await bulk.getByLabel(/Select all/).check();
    await expect(bulk).toContainText('1 selected');
    await bulk.getByRole('button', { name: 'Fill 1 selected' }).click();
    await expect(bulk.getByText('give at least one field to fill')).toBeVisible();
    await bulk.getByLabel('Vendor').fill('Station kiosk');
    await bulk.getByLabel('Category').fill('Snacks');
    await scrollToTop(page);
    await app.screenshot('receipts-triage-bulk');
    await bulk.getByRole('button', { name: 'Fill 1 selected' }).click();
    await expect(page.getByRole('status', { name: 'Bulk completion result' })).toContainText('Filled 1 receipt; 1 now complete');
    await expect(page.getByText('Every receipt is complete')).toBeVisible();
    expect(must(app.engine.query('receipts.list', { search: 'kiosk' })).items.map((r) => [r.vendor, r.category, r.status])).toEqual([['Station kiosk', 'Snacks', 'complete']]);
  });

  await test.step('the category list: merge one category into another, clear one; the vendor memory survives a reload', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: 'Categories' }).click();
    const categories = page.getByRole('table', { name: 'Receipt categories' });
    const row = (name: string) => categories.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await expect(row('Food')).toContainText('1');
    await expect(row('Office')).toContainText('1');
    await expect(page.getByRole('table', { name: 'Payment methods' })).toContainText('card');
    await row('Office').getByRole('button', { name: 'Rename Office' }).click();
    const rename = page.getByRole('form', { name: 'Rename Office' });
    await rename.getByLabel('New name for Office').fill('Food');
    await expect(rename).toContainText('merges its 1 receipt into “Food”');
    await scrollToTop(page);
    await app.screenshot('receipts-categories');
    await rename.getByLabel('New name for Office').press('Enter');
    await expect(row('Office')).toHaveCount(0);
    await expect(row('Food')).toContainText('2');
    await row('Snacks').getByRole('button', { name: 'Clear Snacks' }).click();
    await row('Snacks').getByRole('button', { name: 'Clear Snacks from 1 receipt' }).click();
    await expect(row('Snacks')).toHaveCount(0);
    expect(must(app.engine.query('receipts.list', { search: 'kiosk' })).items.map((r) => r.category)).toEqual([null]);

    // the category of a vendor's last receipt comes from the engine, so it outlives the page
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Receipts' }).click();
    const entry = page.getByRole('form', { name: 'New receipt' });
    await entry.getByLabel('Vendor').fill('CORNER BAKERY');
    await expect(entry.getByLabel('Category')).toHaveValue('Food');
    await entry.getByLabel('Vendor').fill('');
  });

  await test.step('attach a photo and a PDF: thumbnails, the PDF’s first page, the viewer; a file past the limit and a corrupt photo are refused', async () => {
    await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: 'Receipts' }).click();
    await page.getByRole('search', { name: 'Receipt filters' }).getByLabel('Search').fill('croissants');
    await table.getByRole('button', { name: 'Corner Bakery' }).click();
    const detail = page.getByRole('region', { name: 'Receipt detail' });
    const picker = detail.getByLabel('Attach photos or PDFs');
    await picker.setInputFiles([
      { name: 'till-photo.jpg', mimeType: 'image/jpeg', buffer: JPEG_16x12 },
      { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF_ONE_PAGE },
    ]);
    const gallery = detail.getByRole('list', { name: 'Attachments' });
    await expect(gallery.getByRole('listitem')).toHaveCount(2);
    await expect(gallery.getByRole('img', { name: 'till-photo.jpg' })).toBeVisible();
    await expect(gallery.getByText('page 1 of 1')).toBeVisible();

    // a file on disk, not a buffer: Playwright hands a local browser the path, where 26 MiB in a buffer crossed the protocol as base64
    const big = join(mkdtempSync(join(tmpdir(), 'valhalla-e2e-big-')), 'holiday-video.jpg');
    writeFileSync(big, '');
    truncateSync(big, 26 * 1024 * 1024);
    await picker.setInputFiles(big);
    await expect(detail.getByRole('alert')).toContainText('holiday-video.jpg is 26 MiB: attachments are limited to 25 MiB');
    rmSync(dirname(big), { recursive: true, force: true });
    await picker.setInputFiles([{ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: JPEG_16x12.subarray(0, 300) }]);
    await expect(detail.getByRole('alert')).toContainText('broken.jpg is a corrupt image');
    await expect(gallery.getByRole('listitem')).toHaveCount(2);
    await scrollToTop(page);
    await app.screenshot('receipts-attachments');

    await gallery.getByRole('button', { name: 'Open invoice.pdf' }).click();
    const viewer = page.getByRole('dialog', { name: 'invoice.pdf' });
    await expect(viewer.getByRole('img', { name: 'First page of invoice.pdf' })).toBeVisible();
    await expect(viewer).toContainText('application/pdf');
    await app.screenshot('receipts-attachment-viewer');
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  });
});
