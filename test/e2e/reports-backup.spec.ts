/**
 * Issue 12's story, through the console on the real engine with real data: a month's audit
 * report exported from the Reports screen, its PDF's first page rendered (kept as
 * docs/screenshots/audit-report-page1.png), the bundle verified in the console, one byte of
 * decisions.csv flipped and named by the verification, the chain's tail cut in a copy of the
 * data folder and `valhalla audit verify` failing on it, then a backup made and restored from
 * the Backups screen. Every new screen is checked with axe and photographed at 1280×800 and
 * 390×844 (the console has one theme yet: light).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { main as cli } from '../../main/cli/main';
import { defaultAnchorsPath } from '../../main/engine/engine';
import type { Engine } from '../../main/engine/types';
import { DATASETS } from '../helpers/datasets';
import { readEntry, rewriteZip } from '../helpers/zip';
import { axeViolations, expect, must, seedOwner, test } from './fixtures';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SROIE = join(DATASETS, 'sroie-receipts');

/** Real data of the earlier issues: the SROIE receipts, a bank statement, a receipt of today with its scan, governance changes. */
async function seedRealMonth(engine: Engine, today: string): Promise<void> {
  seedOwner(engine);
  const files = [];
  for (const folder of ['key', 'box']) {
    for (const name of readdirSync(join(SROIE, folder)).sort()) files.push({ name, sha256: (await engine.files.putPath(join(SROIE, folder, name))).sha256 });
  }
  must(await engine.dispatchAsync('receipts.importSroie', { files }, 'execute'));
  const account = must(engine.dispatch('ledger.createAccount', { name: 'CIBC chequing', kind: 'checking', currency: 'CAD' }, 'execute')).result;
  const statement = await engine.files.putPath(join(DATASETS, 'bank-statements', 'ofxparse-fixtures', 'bank_medium.ofx'));
  must(await engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: statement.sha256, fileName: 'bank_medium.ofx' }, 'execute'));
  const scan = await engine.files.putPath(join(SROIE, 'img', '000.jpg'));
  must(engine.dispatch('receipts.create', { vendor: 'Corner Bakery', date: today, totalMinor: 4250, currency: 'EUR', attachments: [{ sha256: scan.sha256, name: 'bakery-scan.jpg' }] }, 'execute'));
  must(engine.dispatch('governance.setBand', { band: 'C', reason: 'month-end: cash is tight' }, 'execute'));
  must(engine.dispatch('governance.engageKillSwitch', { reason: 'card reported lost' }, 'execute'));
  must(engine.dispatch('governance.releaseKillSwitch', { reason: 'card found in the car' }, 'execute'));
}

async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}

async function axe(page: Page, screen: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  expect(result.violations.map((v) => `${screen}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

/** Photographs the current screen at desktop and phone width, then returns to desktop. */
async function photograph(page: Page, shot: (name: string, options?: { fullPage?: boolean }) => Promise<string>, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(`${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a month’s audit report exported, opened, verified and tampered with; the chain cut in a copy fails verify; a backup restored', async ({ page, app }) => {
  test.setTimeout(240_000);
  const today = new Date().toISOString().slice(0, 10);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  await seedRealMonth(app.engine, today);
  const work = mkdtempSync(join(tmpdir(), 'valhalla-e2e-bundles-'));
  try {
    await app.open();

    // export the month from the Reports screen
    await nav(page, 'Reports');
    const form = page.getByRole('form', { name: 'Export an audit report' });
    await form.getByLabel('From').fill(firstOfMonth);
    await form.getByLabel('To').fill(today);
    const expected = must(app.engine.query('reports.preview', { from: firstOfMonth, to: today }));
    const preview = page.getByRole('region', { name: 'Preview', exact: true });
    await expect(preview.getByText(String(expected.decisions), { exact: true }).first()).toBeVisible();
    await axe(page, 'Reports');
    await photograph(page, app.screenshot, 'reports-export');
    await form.getByRole('button', { name: 'Export bundle' }).click();
    const exported = page.getByRole('region', { name: 'Exported bundle', exact: true });
    await expect(exported).toBeVisible({ timeout: 60_000 });
    const [report] = must(app.engine.query('reports.list', { limit: 1 }));
    expect(report).toMatchObject({ from: firstOfMonth, to: today, counts: { attachments: 1 } });
    await expect(exported.getByText(report!.sha256)).toBeVisible();
    await app.screenshot('reports-exported-1280');

    // open the PDF: page 1 rendered to PNG and kept
    const pdf = join(work, 'report.pdf');
    writeFileSync(pdf, await readEntry(report!.path, 'report.pdf'));
    const png = join(work, 'page');
    const rendered = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
    expect(rendered.status, rendered.stderr?.toString()).toBe(0);
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(`${png}.png`, join(ROOT, 'docs', 'screenshots', 'audit-report-page1.png'));

    // verify the bundle in the console, then one with a byte flipped in decisions.csv
    await page.getByRole('group', { name: 'Reports views' }).getByRole('button', { name: 'Verify' }).click();
    const bundleCopy = join(work, basename(report!.path));
    copyFileSync(report!.path, bundleCopy);
    await page.getByLabel('Bundle file (.zip)').setInputFiles(bundleCopy);
    const status = page.getByRole('status', { name: 'Verification status' });
    await expect(status.getByText('Intact', { exact: true }).first()).toBeVisible({ timeout: 60_000 });
    await axe(page, 'Reports / Verify');
    await photograph(page, app.screenshot, 'reports-verify-intact');

    const flipped = join(work, 'flipped-decisions.zip');
    await rewriteZip(report!.path, flipped, (name, data) => {
      if (name !== 'decisions.csv') return data;
      const copy = Buffer.from(data);
      const at = copy.indexOf('governance.setBand');
      copy[at + 11] = 'X'.charCodeAt(0);
      return copy;
    });
    await page.getByLabel('Bundle file (.zip)').setInputFiles(flipped);
    await expect(status.getByText('Tampered', { exact: true }).first()).toBeVisible({ timeout: 60_000 });
    const problems = page.getByRole('table', { name: 'Problems found' });
    await expect(problems.getByRole('cell', { name: 'decisions.csv' })).toBeVisible();
    await expect(problems).toContainText(/changed/);
    await photograph(page, app.screenshot, 'reports-verify-tampered');

    // cut the chain's tail in a copy of the data folder: `valhalla audit verify` fails on it
    const copyDir = join(work, 'copy');
    mkdirSync(copyDir);
    const copyDb = join(copyDir, 'valhalla.sqlite');
    const live = new Database(app.dbPath, { readonly: true });
    await live.backup(copyDb);
    live.close();
    copyFileSync(defaultAnchorsPath(app.dbPath), defaultAnchorsPath(copyDb));
    cpSync(join(dirname(app.dbPath), 'keys'), join(copyDir, 'keys'), { recursive: true });
    const raw = new Database(copyDb);
    raw.exec('DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 3 FROM audit_events);');
    raw.close();
    let stderr = '';
    const code = await cli(['--db', copyDb, 'audit', 'verify'], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    expect(code).toBe(4);
    expect(stderr).toMatch(/TAMPERED: .*the tail was cut/);

    // back up from the Backups screen, change something, restore the backup
    await nav(page, 'Backups');
    const folder = join(work, 'backups');
    const folderForm = page.getByRole('form', { name: 'Choose the backup folder' });
    await folderForm.getByLabel('Folder').fill(folder);
    await folderForm.getByRole('button', { name: 'Save folder' }).click();
    await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const history = page.getByRole('table', { name: 'Backup history' });
    await expect(history.getByRole('row')).toHaveCount(2, { timeout: 60_000 });
    const [backup] = must(app.engine.query('backup.status', {})).history;
    expect(backup).toMatchObject({ verified: true, kind: 'manual' });
    await axe(page, 'Backups');
    await photograph(page, app.screenshot, 'backups');

    must(app.engine.dispatch('governance.setBand', { band: 'D', reason: 'a change made after the backup' }, 'execute'));
    await history.getByRole('button', { name: /^Restore… the backup of/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('region', { name: 'The backup', exact: true })).toBeVisible();
    await dialog.getByLabel('Reason').fill('x');
    await dialog.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(dialog.getByText(/at least 3 characters/)).toBeVisible();
    await app.screenshot('backups-restore-dialog-1280', { fullPage: false });
    await dialog.getByLabel('Reason').fill('undo the change made after the backup');
    await dialog.getByRole('button', { name: 'Restore this backup' }).click();
    await expect(dialog.getByRole('region', { name: 'Restore result', exact: true })).toBeVisible({ timeout: 60_000 });
    await app.screenshot('backups-restored-1280', { fullPage: false });
    expect(must(app.engine.query('governance.state', {})).band.current).toBe('C');
    expect(must(app.engine.query('audit.verify', {}))).toMatchObject({ ok: true, anchor: { status: 'ok' } });
    const after = must(app.engine.query('backup.status', {})).history;
    expect(after.map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);
    expect(existsSync(after.find((b) => b.kind === 'pre-restore')!.path)).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // the other new screens: axe and photographs
    await nav(page, 'Scheduler');
    await expect(page.getByText('daily-backup').first()).toBeVisible();
    await axe(page, 'Scheduler');
    await photograph(page, app.screenshot, 'scheduler');
    await nav(page, 'About');
    const key = must(app.engine.query('installation.key', {}));
    await expect(page.getByText(key.fingerprint.split(' ')[0]!, { exact: false }).first()).toBeVisible();
    await axe(page, 'About');
    await photograph(page, app.screenshot, 'about');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
