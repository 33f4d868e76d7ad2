/**
 * Issue 17's story, through the console on the real engine: a new user drops five real
 * receipt scans (SROIE) on the Receipts screen, watches each file's progress, reviews the
 * proposed vendor, date and total beside the scan with the boxes they were read from,
 * confirms them from the keyboard (correcting one), and finds each receipt by a word
 * printed on it. A file that is not a receipt is named with why while the rest go on.
 * Screens checked with axe and photographed at 1280×800 and 390×844.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATASETS } from '../helpers/datasets';
import { axeViolations, expect, must, scrollToTop, seedOwner, test } from './fixtures';

const IMG = join(DATASETS, 'sroie-receipts', 'img');
const KEY = join(IMG, '..', 'key');
const SCANS = ['000', '001', '004', '005', '007'];

async function axe(page: Page, screen: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  expect(result.violations.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Drops `files` on `target` the way a file manager does: a drop event carrying a DataTransfer. */
async function drop(page: Page, target: ReturnType<Page['locator']>, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.mimeType }));
    }
    return dt;
  }, files.map((f) => ({ name: f.name, mimeType: f.mimeType, base64: f.buffer.toString('base64') })));
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

test.skip(!existsSync(join(IMG, '000.jpg')), `the SROIE scans are not at ${IMG}`);

test('a new user drops five scans, watches them read, confirms the proposed fields by keyboard and finds each receipt by a word printed on it', async ({ page, app }) => {
  test.setTimeout(180_000);
  seedOwner(app.engine);
  await app.open();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Receipts', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Receipts', level: 1 })).toBeVisible();

  // five scans and a text file dropped on the Receipts screen (its list view)
  const files = [...SCANS.map((s) => ({ name: `scan-${s}.jpg`, mimeType: 'image/jpeg', buffer: readFileSync(join(IMG, `${s}.jpg`)) })), { name: 'shopping-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('milk, eggs') }];
  await drop(page, page.locator('.receipts-screen'), files);
  const list = page.getByRole('list', { name: 'Files being captured' });
  await expect(list.getByRole('listitem')).toHaveCount(6);
  await expect(page.getByRole('progressbar', { name: 'Capture progress' })).toBeVisible();
  await app.screenshot('capture-progress', { fullPage: false });
  await expect(page.getByRole('status').filter({ hasText: /5 of 6 files captured/ })).toBeVisible({ timeout: 120_000 });
  await expect(list.getByRole('listitem', { name: 'shopping-notes.txt: Not captured' })).toContainText(/not a photo or a PDF/);
  for (const s of SCANS) await expect(list.getByRole('listitem', { name: `scan-${s}.jpg: Captured` })).toBeVisible();

  // the review: the scan with the boxes beside the proposed fields
  const review = page.getByRole('form', { name: /Confirm the fields of scan-\d{3}\.jpg/ });
  await expect(review).toBeVisible();
  await expect(page.locator('.capture-box').first()).toBeAttached();
  await expect(review.getByLabel('Vendor')).toBeFocused();
  await axe(page, 'Capture review');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    await scrollToTop(page);
    await app.screenshot(`capture-review-${width}`);
  }
  // the same review in the dark theme (the console follows the system's colour scheme)
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await axe(page, 'Capture review, dark');
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    await scrollToTop(page);
    await app.screenshot(`capture-review-${width}-dark`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // confirm each by keyboard, in the order they were filed: the first with its vendor corrected to the printed name
  const truth = (file: string) => JSON.parse(readFileSync(join(KEY, `${file.replace(/^scan-|\.jpg$/g, '')}.json`), 'utf8')) as { company: string; total: string };
  const confirmed: string[] = [];
  for (let i = 0; i < SCANS.length; i += 1) {
    const form = page.getByRole('form', { name: /Confirm the fields of scan-\d{3}\.jpg/ });
    await expect(form).toBeVisible();
    const file = /scan-\d{3}\.jpg/.exec((await form.getAttribute('aria-label')) ?? '')![0];
    expect(confirmed).not.toContain(file);
    await expect(form.getByLabel('Vendor')).toBeFocused();
    if (i === 0) await form.getByLabel('Vendor').fill(truth(file).company);
    // a field the reader missed is typed from the scan
    if ((await form.getByLabel('Vendor').inputValue()) === '') await form.getByLabel('Vendor').fill(truth(file).company);
    if ((await form.getByLabel('Date').inputValue()) === '') await form.getByLabel('Date').fill('2018-01-01');
    if ((await form.getByLabel(/^Total/).inputValue()) === '') await form.getByLabel(/^Total/).fill(truth(file).total);
    await form.getByLabel('Vendor').press('Enter');
    await expect(page.getByRole('form', { name: `Confirm the fields of ${file}` })).toBeHidden();
    confirmed.push(file);
  }
  await expect(page.getByText('Nothing to review')).toBeVisible();
  await expect(page.getByLabel('Capture accuracy so far')).toContainText('over 5 confirmed');
  const stats = must(app.engine.query('receipts.captureStats', {}));
  expect(stats.confirmed).toBe(5);
  for (const f of stats.fields) expect(f.accepted + f.corrected + f.added, f.field).toBe(5);
  // the first receipt's vendor was typed as printed: kept as accepted when the reader had it, else as corrected
  const first = must(app.engine.query('receipts.list', { search: truth(confirmed[0]!).company.split(/\s+/)[0]!, limit: 5 })).items;
  expect(first.map((r) => r.vendor)).toContain(truth(confirmed[0]!).company);

  // each receipt found by a word printed on it, in the vault's search
  await page.getByRole('group', { name: 'Receipts views' }).getByRole('button', { name: 'Receipts', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search' });
  const receipts = must(app.engine.query('receipts.list', { limit: 10 })).items;
  expect(receipts).toHaveLength(5);
  for (const r of receipts) {
    const text = must(app.engine.query('receipts.get', { id: r.id })).ocrText ?? '';
    // a distinctive word printed on this receipt: the longest all-letter word of its text
    const word = [...new Set(text.split(/[^A-Za-z]+/).filter((w) => w.length >= 6))].sort((a, b) => b.length - a.length)[0];
    expect(word, `a word on ${r.vendor}`).toBeTruthy();
    await search.fill(word!);
    await expect(page.getByRole('table').getByRole('row').filter({ hasText: r.vendor! }).first()).toBeVisible();
  }
  await scrollToTop(page);
  await app.screenshot('capture-search-1280');
});
