/**
 * Band policy's minimum band per action, through the real console: an owner sets
 * "purchases.execute runs in bands A – C" with a reason; the table shows it; in band D
 * the engine then refuses the purchase with the band gate's reason, and the decision says so.
 */
import { expectOpsBoard, must, seedOwner, test, expect } from './fixtures';

test('an owner sets a minimum band for an action; in a stricter band the action is refused with the reason', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Caps and bands', exact: true }).click();
  await expect(page.getByText('No action has a minimum band')).toBeVisible();

  await page.getByRole('button', { name: 'Set a minimum band…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Minimum band of an action' });
  await dialog.getByLabel('Action', { exact: true }).selectOption('purchases.execute');
  await dialog.getByLabel('Runs in').selectOption('C');
  await dialog.getByLabel('Reason').fill('no purchases during a freeze');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByRole('table', { name: 'Minimum band per action' });
  await expect(table).toContainText('purchases.execute');
  await expect(table).toContainText('A – C (conserve)');
  await page.getByRole('table', { name: 'Minimum band per action' }).scrollIntoViewIfNeeded();
  await app.screenshot('spending-min-band');

  // seeded: an approved request (owner drafts, an approver approves), then band D
  const engine = app.engine;
  const ann = must(engine.dispatch('operators.create', { name: 'Ann', role: 'approver' }, 'execute')).result;
  const p = must(engine.dispatch('purchases.create', { title: 'Kettle', amountMinor: 4500, category: 'Kitchen', notes: 'quote' }, 'execute')).result;
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute'));
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute'));
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', { operatorId: ann.id }));
  must(engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze' }, 'execute'));
  const refused = engine.dispatch('purchases.execute', { id: p.id }, 'execute');
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.message).toMatch(/band D \(freeze\) is below this action's minimum band C/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Decisions', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Decisions', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('governance.setActionMinBand');
});
