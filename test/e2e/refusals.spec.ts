/**
 * Refusals are shown with their reasons and change nothing: a prod action blocked by a
 * gate (kill switch engaged), an action the operator's role may not run (a staff operator
 * releasing the kill switch, changing the band), and a form whose reason is too short
 * (caught by the contract's schema in the form, never sent).
 */
import { expectOpsBoard, goTo, must, seedOwner, test, expect } from './fixtures';

test('a blocked action shows the gate that blocked it', async ({ page, app }) => {
  seedOwner(app.engine);
  must(app.engine.dispatch('governance.engageKillSwitch', { reason: 'drill' }, 'execute'));
  await app.open();
  await expectOpsBoard(page);

  await page.getByRole('button', { name: 'Change band…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change band' });
  await dialog.getByLabel('Band').selectOption('D');
  await dialog.getByLabel('Reason').fill('Freeze everything');
  await dialog.getByLabel('Reason').press('Enter');
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText('Blocked');
  await expect(refusal.getByRole('list', { name: 'Gate verdicts' })).toContainText('block');
  await expect(refusal.getByRole('list', { name: 'Gate verdicts' })).toContainText(/kill switch/i);
  await app.screenshot('blocked-band-change', { fullPage: false });
  await dialog.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('banner')).toContainText('Band B · steady');

  // The attempt is still a decision, recorded as BLOCKED with its gates.
  await goTo(page, 'Decisions');
  await page.getByRole('form', { name: 'Decision filters' }).getByLabel('Status').selectOption('BLOCKED');
  const table = page.getByRole('table', { name: 'Decisions' });
  await expect(table.getByRole('row').filter({ hasText: 'governance.setBand' })).toHaveCount(1);
  await table.getByRole('button', { name: /^Open governance\.setBand/ }).click();
  const gates = page.getByRole('region', { name: 'Decision: governance.setBand' }).getByRole('table', { name: 'Gate verdicts' });
  await expect(gates.getByRole('row').filter({ hasText: 'block' })).not.toHaveCount(0);
});

test('a staff operator is refused: release kill switch and band change, with the reason', async ({ page, app }) => {
  seedOwner(app.engine);
  must(app.engine.dispatch('operators.create', { name: 'Sven Staff', role: 'staff' }, 'execute'));
  await app.open();
  await expectOpsBoard(page);

  await page.getByLabel('Operator', { exact: true }).selectOption({ label: 'Sven Staff (staff)' });
  await expect(page.getByRole('region', { name: 'Governance' })).toContainText('Role: staff');

  // Staff may engage the kill switch …
  await page.getByRole('banner').getByRole('button', { name: 'Kill switch' }).click();
  const engage = page.getByRole('dialog', { name: 'Engage the kill switch' });
  await engage.getByLabel('Reason').fill('Spotted a wrong delivery');
  await engage.getByLabel('Reason').press('Enter');
  await expect(page.getByText('KILL SWITCH ENGAGED', { exact: true })).toBeVisible();

  // … but only an owner may release it.
  await page.getByRole('button', { name: 'Release…' }).click();
  const release = page.getByRole('dialog', { name: 'Release the kill switch' });
  await release.getByLabel('Reason').fill('I think it is fine');
  await release.getByRole('button', { name: 'Release kill switch' }).click();
  const refusal = release.getByRole('alert');
  await expect(refusal).toContainText('Not allowed');
  await expect(refusal).toContainText(/staff/);
  await app.screenshot('refused-release', { fullPage: false });
  await release.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('KILL SWITCH ENGAGED', { exact: true })).toBeVisible();

  // Staff may not change the band either.
  await page.getByRole('button', { name: 'Change band…' }).click();
  const band = page.getByRole('dialog', { name: 'Change band' });
  await band.getByLabel('Band').selectOption('A');
  await band.getByLabel('Reason').fill('Expand a bit');
  await band.getByLabel('Reason').press('Enter');
  await expect(band.getByRole('alert')).toContainText(/staff/);
  await band.press('Escape');
  await expect(page.getByRole('banner')).toContainText('Band B · steady');

  const state = must(app.engine.query('governance.state', {}));
  expect(state.killSwitch.engaged).toBe(true);
  expect(state.band.current).toBe('B');
});

test('an invalid form shows the field error and changes nothing', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);
  const before = must(app.engine.query('decisions.list', {})).items.length;

  await page.getByRole('button', { name: 'Change band…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change band' });
  await dialog.getByLabel('Band').selectOption('D');
  await dialog.getByLabel('Reason').fill('no');
  await dialog.getByLabel('Reason').press('Enter');
  await expect(dialog.getByText('give a reason of at least 3 characters')).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await app.screenshot('invalid-reason', { fullPage: false });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Focus goes back to where the dialog was opened from.
  await expect(page.getByRole('button', { name: 'Change band…' })).toBeFocused();

  await expect(page.getByRole('banner')).toContainText('Band B · steady');
  expect(must(app.engine.query('decisions.list', {})).items.length).toBe(before);

  // Onboarding-style field errors come from the same schemas: an empty operator name.
  await goTo(page, 'Operators');
  const form = page.getByRole('form', { name: 'Add an operator' });
  await form.getByLabel('PIN (optional)').fill('12');
  await form.getByRole('button', { name: 'Add operator' }).click();
  await expect(form.getByText('required')).toBeVisible();
  await expect(form.getByText('a PIN is 4 to 12 digits')).toBeVisible();
  expect(must(app.engine.query('operators.list', {})).length).toBe(1);
});
