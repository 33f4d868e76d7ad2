/**
 * The foundation's "Done when", through the real renderer, host and engine on a fresh
 * database: onboarding creates the owner; execution goes live through the Go-live playbook
 * (seeded through the engine here) and is turned off and on again, the band changed, the
 * kill switch engaged and released, each with a reason; every one of those shows in the
 * decisions explorer and in the audit log; and the audit chain verifies intact, in the console and with `valhalla audit verify`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goLive } from '../helpers/golive';
import { goTo, test, expect } from './fixtures';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const GOVERNANCE_ACTIONS = ['governance.setGoLive', 'governance.setBand', 'governance.engageKillSwitch', 'governance.releaseKillSwitch'];

test('onboarding, go-live, band, kill switch: decided, audited, chain intact', async ({ page, app }) => {
  await app.open();

  await test.step('first run: create the owner', async () => {
    await expect(page.getByRole('heading', { name: 'Welcome to Valhalla Console' })).toBeVisible();
    await expect(page.getByLabel('Currency')).toHaveValue('EUR');
    await expect(page.getByLabel('Time zone')).not.toHaveValue('');
    await app.screenshot('onboarding');
    await page.getByLabel('Owner name').fill('Astrid Owner');
    await page.getByLabel('Owner name').press('Enter');
    // first run leads to the Go-live playbook (test/e2e/playbooks.spec.ts walks it)
    await expect(page.getByRole('region', { name: 'Next: go live' })).toBeVisible();
    await goTo(page, 'Ops board');
    await expect(page.getByLabel('Operator', { exact: true })).toHaveValue(/.+/);
    await expect(page.getByRole('banner')).toContainText('Execution off');
    // The token is moved out of the visible URL.
    expect(page.url()).not.toContain('token=');
  });

  await test.step('go live through the playbook, turn execution off, then on again with a reason', async () => {
    goLive(app.engine);
    await expect(page.getByRole('banner')).toContainText('Execution on');
    await page.getByRole('button', { name: 'Turn execution off…' }).click();
    const off = page.getByRole('dialog', { name: 'Turn execution off' });
    await off.getByLabel('Reason').fill('Pause while the caps are reviewed');
    await off.getByLabel('Reason').press('Enter');
    await expect(off).toBeHidden();
    await expect(page.getByRole('banner')).toContainText('Execution off');
    await page.getByRole('button', { name: 'Turn execution on…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn execution on' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Reason')).toBeFocused();
    await dialog.getByLabel('Reason').fill('Preflight done, going live');
    await dialog.getByLabel('Reason').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('banner')).toContainText('Execution on');
  });

  await test.step('change the band, with a reason', async () => {
    await page.getByRole('button', { name: 'Change band…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change band' });
    await dialog.getByLabel('Band').selectOption('C');
    await dialog.getByLabel('Reason').fill('Runway is shrinking');
    await dialog.getByRole('button', { name: 'Set band' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('banner')).toContainText('Band C · conserve');
  });

  await test.step('engage the kill switch: red banner', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Kill switch' }).click();
    const dialog = page.getByRole('dialog', { name: 'Engage the kill switch' });
    await dialog.getByLabel('Reason').fill('Suspicious activity on the card');
    await dialog.getByLabel('Reason').press('Enter');
    await expect(dialog).toBeHidden();
    const banner = page.getByRole('alert').filter({ hasText: 'KILL SWITCH ENGAGED' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Suspicious activity on the card');
    await expect(page.getByRole('banner')).toContainText('Health: red');
    // The health badge explains itself.
    await page.getByRole('banner').getByRole('button', { name: /Health: red/ }).click();
    await expect(page.getByRole('region', { name: 'Health reasons' })).toContainText(/kill switch/i);
    await app.screenshot('opsboard-kill-switch', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('region', { name: 'Health reasons' })).toBeHidden();
  });

  await test.step('release the kill switch as the owner', async () => {
    await page.getByRole('button', { name: 'Release…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Release the kill switch' });
    await dialog.getByLabel('Reason').fill('Card blocked, all clear');
    await dialog.getByLabel('Reason').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('KILL SWITCH ENGAGED', { exact: true })).toHaveCount(0);
    await expect(page.getByRole('banner')).toContainText('Health: green');
  });

  await test.step('acknowledge the kill switch alert', async () => {
    const alerts = page.getByRole('list', { name: 'Open alerts' });
    const engaged = alerts.getByRole('listitem').filter({ hasText: 'Suspicious activity on the card' });
    await expect(engaged).toBeVisible();
    await engaged.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect(engaged).toHaveCount(0);
  });

  await test.step('the ops board shows it all', async () => {
    const recent = page.getByRole('region', { name: 'Recent decisions' });
    for (const action of GOVERNANCE_ACTIONS) await expect(recent.getByRole('button', { name: action }).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Session and approvals' })).toContainText('No active session');
    await expect(page.getByRole('list', { name: 'Decisions today by status' })).toContainText('OK');
    await app.screenshot('opsboard');
  });

  await test.step('each change is a decision with its gates, params and hashes', async () => {
    await goTo(page, 'Decisions');
    const table = page.getByRole('table', { name: 'Decisions' });
    for (const action of [...GOVERNANCE_ACTIONS, 'setup.initialize']) {
      // execution was turned off, then on again
      const times = action === 'governance.setGoLive' ? 2 : 1;
      await expect(table.getByRole('row').filter({ hasText: action }).filter({ hasText: 'OK' })).toHaveCount(times);
    }
    await table.getByRole('button', { name: /^Open governance\.setBand/ }).click();
    const detail = page.getByRole('region', { name: 'Decision: governance.setBand' });
    await expect(detail).toBeVisible();
    await expect(detail.getByRole('table', { name: 'Gate verdicts' })).toContainText('pass');
    await expect(detail).toContainText('Runway is shrinking');
    await expect(detail).toContainText('paramsSha256');
    await expect(detail).toContainText(/[0-9a-f]{64}/);
    await app.screenshot('decisions-explorer');

    // Filtering by action narrows the list to that action.
    await page.getByRole('form', { name: 'Decision filters' }).getByLabel('Action').selectOption('governance.engageKillSwitch');
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('governance.engageKillSwitch');
  });

  await test.step('each change is in the audit log, and the chain verifies', async () => {
    await goTo(page, 'Audit log');
    const events = page.getByRole('table', { name: 'Audit events' });
    for (const action of GOVERNANCE_ACTIONS) await expect(events.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
    await expect(events).toContainText('Runway is shrinking');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    // the outer live region (while verifying, the spinner inside it is a status too)
    const result = page.getByRole('region', { name: 'Chain verification' }).getByRole('status').first();
    await expect(result).toContainText('Chain intact');
    await expect(result).toContainText(/\d+ events checked/);
    await expect(result).toContainText(/[0-9a-f]{64}/);
    await app.screenshot('audit-log');
  });

  // The engine agrees with what the console showed, and so does `valhalla audit verify` on the same file.
  const verify = app.engine.query('audit.verify', {});
  expect(verify.ok && verify.value.ok).toBe(true);
  const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'valhalla.cjs'), '--db', app.dbPath, 'audit', 'verify'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stderr).toContain('audit chain intact');
  expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, firstBadSeq: null, checked: verify.ok ? verify.value.checked : -1 });
});
