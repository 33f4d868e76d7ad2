/**
 * The decisions explorer's diff, the operators screen (create with a PIN, the switch that
 * asks for it, the permission matrix), and the disconnected banner.
 */
import { expectOpsBoard, goTo, must, seedOwner, test, expect } from './fixtures';

test('two decisions are diffed field by field, differences highlighted', async ({ page, app }) => {
  seedOwner(app.engine);
  must(app.engine.dispatch('governance.setBand', { band: 'C', reason: 'conserve for winter' }, 'execute'));
  must(app.engine.dispatch('governance.setGoLive', { enabled: false, reason: 'pause' }, 'execute'));
  const blocked = app.engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze while paused' }, 'execute');
  expect(blocked.ok).toBe(false);
  await app.open();
  await goTo(page, 'Decisions');

  await page.getByRole('form', { name: 'Decision filters' }).getByLabel('Action').selectOption('governance.setBand');
  const table = page.getByRole('table', { name: 'Decisions' });
  await expect(table.getByRole('row')).toHaveCount(3);
  const boxes = table.getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole('button', { name: 'Compare (2/2)' }).click();

  const dialog = page.getByRole('dialog', { name: 'Compare decisions' });
  const diff = dialog.getByRole('table', { name: 'Decision differences' });
  await expect(diff).toBeVisible();
  const status = diff.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'status' }) });
  await expect(status).toContainText('BLOCKED');
  await expect(status).toContainText('OK');
  await expect(status).toContainText('differs');
  await expect(status).toHaveClass(/differs/);
  await expect(diff.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'action' }) })).toContainText('same');
  await app.screenshot('decisions-diff', { fullPage: false });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('decisions and audit events page with their cursors ("Load more")', async ({ page, app }) => {
  seedOwner(app.engine);
  for (let i = 0; i < 30; i++) {
    must(app.engine.dispatch('governance.setBand', { band: i % 2 ? 'B' : 'C', reason: `step ${i}` }, 'execute'));
  }
  // setup.initialize, the Go-live run (start and nine steps), and the 30 band changes
  const decisions = 1 + 10 + 30;
  await app.open();

  await goTo(page, 'Decisions');
  const table = page.getByRole('table', { name: 'Decisions' });
  await expect(table.locator('tbody tr')).toHaveCount(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(decisions);
  await expect(page.getByText(`${decisions} shown · end of list`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  // The oldest decision arrived on the second page.
  await expect(table.locator('tbody tr').last()).toContainText('setup.initialize');

  await goTo(page, 'Audit log');
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events.locator('tbody tr')).toHaveCount(50);
  await page.getByRole('button', { name: 'Load more' }).click();
  const total = must(app.engine.query('audit.verify', {})).checked;
  await expect(events.locator('tbody tr')).toHaveCount(Math.min(total, 100));
  await expect(events.locator('tbody tr').last().locator('td').first()).toHaveText(total > 100 ? String(total - 99) : '1');
});

test('operators: create one with a PIN, switch to it with the PIN, see the permission matrix', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await goTo(page, 'Operators');

  const form = page.getByRole('form', { name: 'Add an operator' });
  await form.getByLabel('Name').fill('Bea Bookkeeper');
  await form.getByLabel('Role').selectOption('bookkeeper');
  await expect(form).toContainText('Receipts, ledger and reconciliation.');
  await form.getByLabel('PIN (optional)').fill('4321');
  await form.getByLabel('PIN (optional)').press('Enter');
  const operators = page.getByRole('table', { name: 'Operators' });
  await expect(operators.getByRole('row').filter({ hasText: 'Bea Bookkeeper' })).toContainText('bookkeeper');
  await expect(form.getByLabel('Name')).toHaveValue('');

  const matrix = page.getByRole('table', { name: 'Permission matrix' });
  await expect(matrix.getByRole('columnheader', { name: 'auditor' })).toBeVisible();
  const release = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'governance.releaseKillSwitch' }) });
  await expect(release.getByText('allowed', { exact: true })).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'Roles' })).toContainText('Reads everything and exports; changes nothing.');
  await app.screenshot('operators');

  await page.getByLabel('Operator', { exact: true }).selectOption({ label: 'Bea Bookkeeper (bookkeeper)' });
  const pin = page.getByRole('dialog', { name: 'Switch to Bea Bookkeeper' });
  await expect(pin.getByLabel('PIN')).toBeFocused();
  await pin.getByLabel('PIN').fill('0000');
  await pin.getByLabel('PIN').press('Enter');
  await expect(pin.getByRole('alert')).toBeVisible();
  await pin.getByLabel('PIN').fill('4321');
  await pin.getByLabel('PIN').press('Enter');
  await expect(pin).toBeHidden();
  await expect(operators.getByRole('row').filter({ hasText: 'Bea Bookkeeper' })).toContainText('current');
  expect(must(app.engine.query('governance.state', {})).currentOperator?.name).toBe('Bea Bookkeeper');
});

test('a guest sees the ops board only', async ({ page, app }) => {
  seedOwner(app.engine);
  must(app.engine.dispatch('operators.create', { name: 'Gus Guest', role: 'guest' }, 'execute'));
  await app.open();
  await goTo(page, 'Audit log');
  await page.getByLabel('Operator', { exact: true }).selectOption({ label: 'Gus Guest (guest)' });
  await expectOpsBoard(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button')).toHaveText(['Ops board']);
});

test('losing the host shows the disconnected banner', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);
  await expect(page.getByText(/Disconnected from the engine/)).toHaveCount(0);
  await app.stopHost();
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected from the engine' })).toBeVisible();
  // It stays while reconnect attempts fail (the first retry comes after 250 ms).
  await page.waitForTimeout(1000);
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected from the engine' })).toBeVisible();
});
