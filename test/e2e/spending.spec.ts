/**
 * Spending governance's "Done when", through the real renderer, host and engine: a 260.00
 * purchase in band B is held for approval, its requester is refused ("separation of
 * duties"), another operator (an approver created and switched to in the console)
 * approves it from the keyboard, and it is executed once; the caps dashboard, the
 * decisions explorer and the audit log show each step with its reasons. The same purchase
 * beyond a low GLOBAL cap, and in band D with a policy that disallows its category, is
 * blocked with the reason. Only what is not under test is seeded through the engine.
 */
import type { Locator, Page } from '@playwright/test';
import type { Engine } from '../../main/engine/types';
import { expectOpsBoard, goTo, must, scrollToTop, seedOwner, test, expect } from './fixtures';

type Screen = Parameters<typeof goTo>[1] | 'Purchases' | 'Approvals' | 'Caps and bands';

/** Goes to a screen through the left navigation (the spending screens included). */
async function open(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** Switches the current operator with the top bar's switcher. */
async function switchTo(page: Page, label: string): Promise<void> {
  await page.getByRole('banner').getByLabel('Operator', { exact: true }).selectOption({ label });
  await expect(page.getByRole('status').filter({ hasText: 'Operator switched' })).toBeVisible();
  await expect(page.getByRole('banner').getByLabel('Operator', { exact: true }).locator('option:checked')).toHaveText(label);
}

const column = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const card = (scope: Page | Locator, title: string) => scope.getByRole('article', { name: title });

test('a 260.00 purchase in band B: held for approval, refused to its requester, approved by another operator, executed once', async ({ page, app }) => {
  seedOwner(app.engine);
  await app.open();
  await expectOpsBoard(page);

  await test.step('create an approver in the console', async () => {
    await goTo(page, 'Operators');
    const form = page.getByRole('form', { name: 'Add an operator' });
    await form.getByLabel('Name').fill('Ann Approver');
    await form.getByLabel('Role').selectOption('approver');
    await form.getByRole('button', { name: 'Add operator' }).click();
    await expect(page.getByRole('table', { name: 'Operators' })).toContainText('Ann Approver');
  });

  await test.step('draft the request (N), mark it ready, assess it: held for approval', async () => {
    await open(page, 'Purchases');
    await expect(page.getByText('No purchase requests yet')).toBeVisible();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New purchase request' });
    await expect(dialog.getByLabel('Title')).toBeFocused();
    await dialog.getByLabel('Title').fill('Espresso machine');
    await dialog.getByLabel('Amount (EUR)').fill('260.00');
    await dialog.getByLabel('Category').fill('Kitchen');
    await dialog.getByLabel('Vendor').fill('Kaffee Haus');
    await dialog.getByLabel('Notes').fill('Quote: 260.00 incl. delivery; the old machine broke.');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await expect(dialog).toBeHidden();

    await expect(card(column(page, 'Draft'), 'Espresso machine')).toContainText('€260.00');
    await expect(card(column(page, 'Draft'), 'Espresso machine')).toContainText('Not assessed');
    await card(page, 'Espresso machine').getByRole('button', { name: 'Mark ready' }).click();
    await expect(card(column(page, 'Ready'), 'Espresso machine')).toBeVisible();
    await card(page, 'Espresso machine').getByRole('button', { name: 'Assess' }).click();
    const held = card(column(page, 'Assessed'), 'Espresso machine');
    await expect(held).toContainText('Risk YELLOW');
    await expect(held).toContainText("needs approval: €260.00 is at or above band B's approval threshold of €200.00");
    await expect(held).toContainText('Held for approval in the inbox');
    await expect(held.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
    await scrollToTop(page);
    await app.screenshot('spending-board-held');
  });

  await test.step('the ops board counts it and links to the inbox', async () => {
    await open(page, 'Ops board');
    await expect(page.getByRole('region', { name: 'Session and approvals' })).toContainText('1 · open the inbox');
    await app.screenshot('spending-opsboard-pending', { fullPage: false });
    await page.getByRole('button', { name: '1 pending approval: open the approvals inbox' }).click();
    await expect(page.getByRole('heading', { name: 'Approvals', level: 1 })).toBeVisible();
  });

  await test.step('the requester may not approve its own request: separation of duties', async () => {
    const inbox = page.getByRole('listbox', { name: 'Approvals inbox' });
    const option = inbox.getByRole('option', { name: /Espresso machine/ });
    await expect(option).toContainText('€260.00');
    await expect(option).toContainText('Risk YELLOW');
    await expect(option).toContainText('by Astrid Owner');
    await expect(option).toContainText(/waiting \d+ min/);
    await expect(page.getByRole('list', { name: 'Inbox shortcuts' })).toContainText('approve');
    await inbox.getByRole('option').first().focus();
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: 'Approval: Espresso machine' })).toContainText('separation of duties asks another operator');
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: 'Approve: Espresso machine' });
    await expect(dialog.getByLabel('Note')).toBeFocused();
    await dialog.getByLabel('Note').fill('I need it');
    await dialog.getByLabel('Note').press('Enter');
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toContainText('Not allowed');
    await expect(refusal).toContainText('separation of duties: a requester may not decide its own request');
    await app.screenshot('spending-separation-of-duties', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(inbox.getByRole('option', { name: /Espresso machine/ })).toBeFocused();
  });

  await test.step('another operator approves it from the keyboard, with a note', async () => {
    await switchTo(page, 'Ann Approver (approver)');
    const inbox = page.getByRole('listbox', { name: 'Approvals inbox' });
    await inbox.getByRole('option').first().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: 'Approval: Espresso machine' });
    await expect(detail).toContainText('pending');
    await expect(detail.getByRole('definition').filter({ hasText: 'purchases.execute' })).toBeVisible();
    await expect(detail).toContainText(/[0-9a-f]{64}/);
    await inbox.getByRole('option').first().focus();
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: 'Approve: Espresso machine' });
    await dialog.getByLabel('Note').fill('Worth it: we drink a lot of coffee');
    await dialog.getByLabel('Note').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(detail).toContainText('approved');
    await expect(detail).toContainText('by Ann Approver');
    await expect(detail).toContainText('Worth it: we drink a lot of coffee');
    await expect(page.getByText('Nothing waits for a decision')).toBeVisible();
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
    await expect(inbox.getByRole('option', { name: /Espresso machine/ })).toContainText('approved');
    await scrollToTop(page);
    await app.screenshot('spending-approvals-inbox');
  });

  await test.step('the requester sees what will happen, then executes it once', async () => {
    await switchTo(page, 'Astrid Owner (owner)');
    await open(page, 'Purchases');
    const approved = card(column(page, 'Approved'), 'Espresso machine');
    await approved.getByRole('button', { name: 'Execute…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Execute: Espresso machine' });
    const assessment = dialog.getByRole('region', { name: 'Engine assessment' });
    await expect(assessment).toContainText('Would run: every gate passes');
    await expect(assessment).toContainText('Risk YELLOW');
    const gates = assessment.getByRole('table', { name: 'Assessed gate verdicts' });
    await expect(gates.getByRole('row').filter({ hasText: 'approval' })).toContainText('approved by Ann Approver');
    await expect(gates.getByRole('row').filter({ hasText: 'caps' })).toContainText('within caps');
    await app.screenshot('spending-execute-assessment', { fullPage: false });
    await dialog.getByRole('button', { name: 'Execute purchase' }).click();
    await expect(dialog).toBeHidden();
    const executed = card(column(page, 'Executed'), 'Espresso machine');
    await expect(executed).toBeVisible();
    await expect(executed.getByRole('button', { name: 'Execute…' })).toHaveCount(0);

    // its history tells each step, with the engine's reasons
    await executed.getByRole('button', { name: 'Open Espresso machine' }).click();
    const detail = page.getByRole('dialog', { name: 'Purchase request: Espresso machine' });
    const history = detail.getByRole('table', { name: 'Request history' });
    await expect(history.getByRole('row')).toHaveCount(6);
    await expect(history).toContainText('approved by Ann Approver');
    await expect(history).toContainText('spent €260.00');
    await app.screenshot('spending-purchase-history', { fullPage: false });

    // archiving from the detail: a note dialog above it, then the board hides it until asked
    await detail.getByRole('button', { name: 'Archive…' }).click();
    const archive = page.getByRole('dialog', { name: 'Archive: Espresso machine' });
    await archive.getByLabel('Note').fill('Delivered and in use');
    await archive.getByLabel('Note').press('Enter');
    await expect(archive).toBeHidden();
    await expect(detail).toContainText('Archived');
    await expect(history).toContainText('Delivered and in use');
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect(card(page, 'Espresso machine')).toHaveCount(0);
    await page.getByLabel('Show archived (1)').check();
    await expect(card(column(page, 'Archived'), 'Espresso machine')).toBeVisible();
  });

  await test.step('the caps dashboard shows the spend', async () => {
    await open(page, 'Caps and bands');
    const global = page.getByRole('region', { name: 'GLOBAL caps' });
    await expect(global.getByRole('meter', { name: 'GLOBAL spend today' })).toHaveAttribute('aria-valuetext', '€260.00 of €1,000.00 (26 %)');
    await expect(global.getByRole('meter', { name: 'GLOBAL spends today' })).toHaveAttribute('aria-valuetext', '1 of 50 (2 %)');
    await expect(global.getByRole('meter', { name: 'GLOBAL loss today' })).toHaveAttribute('aria-valuetext', '€0.00 of €250.00 (0 %)');
    const bands = page.getByRole('table', { name: 'Band policies' });
    await expect(bands.locator('tr[aria-current="true"]')).toContainText('B · steady');
    await expect(bands.locator('tr[aria-current="true"]')).toContainText('€200.00 and above');
    await scrollToTop(page);
    await app.screenshot('spending-caps');
  });

  await test.step('the approval shows it was used, and links to the decision', async () => {
    await open(page, 'Approvals');
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
    await page.getByRole('listbox', { name: 'Approvals inbox' }).getByRole('option', { name: /Espresso machine/ }).click();
    const detail = page.getByRole('region', { name: 'Approval: Espresso machine' });
    await expect(detail).toContainText('used');
    await expect(detail.getByRole('table', { name: 'Decision history' })).toContainText('approvals.decide');
    await detail.getByRole('button', { name: /^decision …/ }).click();
    const decision = page.getByRole('region', { name: 'Decision: purchases.execute' });
    await expect(decision).toBeVisible();
    await expect(decision.getByRole('table', { name: 'Gate verdicts' })).toContainText('approved by Ann Approver');
    await expect(decision).toContainText('YELLOW');
  });

  await test.step('the decisions explorer shows each step, the refusal with its reason', async () => {
    const table = page.getByRole('table', { name: 'Decisions' });
    await expect(table.getByRole('row').filter({ hasText: 'purchases.create' })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'purchases.advance' })).toHaveCount(3);
    await expect(table.getByRole('row').filter({ hasText: 'approvals.decide' }).filter({ hasText: 'BLOCKED' })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'approvals.decide' }).filter({ hasText: 'OK' })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'purchases.execute' }).filter({ hasText: 'OK' })).toHaveCount(1);
    await table.getByRole('row').filter({ hasText: 'approvals.decide' }).filter({ hasText: 'BLOCKED' }).getByRole('button', { name: /^Open approvals\.decide/ }).click();
    await expect(page.getByRole('region', { name: 'Decision: approvals.decide' })).toContainText('separation of duties');
    await scrollToTop(page);
    await app.screenshot('spending-decisions');
  });

  await test.step('the audit log shows each change with before and after', async () => {
    await goTo(page, 'Audit log');
    const events = page.getByRole('table', { name: 'Audit events' });
    for (const entity of ['purchase', 'approval', 'cap_usage']) await expect(events.getByRole('row').filter({ hasText: entity }).first()).toBeVisible();
    await expect(events).toContainText('Worth it: we drink a lot of coffee');
    await app.screenshot('spending-audit');
  });

  // Executed once: the engine agrees.
  const usage = must(app.engine.query('caps.usage', {})).scopes.find((s) => s.scope === 'GLOBAL');
  expect(usage).toMatchObject({ spentMinor: 26000, count: 1 });
});

/** Seeds an approved 260.00 Kitchen request: drafted by Bob (buyer), approved by Ann (approver). */
function seedApprovedPurchase(engine: Engine): void {
  const ann = must(engine.dispatch('operators.create', { name: 'Ann Approver', role: 'approver' }, 'execute')).result;
  const bob = must(engine.dispatch('operators.create', { name: 'Bob Buyer', role: 'buyer' }, 'execute')).result;
  const asBob = { operatorId: bob.id };
  const p = must(engine.dispatch('purchases.create', { title: 'Espresso machine', amountMinor: 26000, category: 'Kitchen', notes: 'Quote attached' }, 'execute', asBob)).result;
  must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute', asBob));
  const assessed = must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute', asBob)).result;
  must(engine.dispatch('approvals.decide', { approvalId: assessed.approvalId ?? '', decision: 'approve', note: 'ok' }, 'execute', { operatorId: ann.id }));
}

test('the same purchase beyond a low GLOBAL cap, and in band D, is blocked with the reason', async ({ page, app }) => {
  seedOwner(app.engine);
  seedApprovedPurchase(app.engine);
  await app.open();
  await expectOpsBoard(page);

  await test.step('an owner lowers the GLOBAL spend cap, with a reason', async () => {
    await open(page, 'Caps and bands');
    const global = page.getByRole('region', { name: 'GLOBAL caps' });
    await global.getByRole('button', { name: 'Edit GLOBAL policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cap policy: GLOBAL' });
    await expect(dialog.getByLabel('Daily spend cap (EUR)')).toHaveValue('1,000.00');
    await dialog.getByLabel('Daily spend cap (EUR)').fill('200');
    await dialog.getByLabel('Reason').fill('Tight week');
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    await expect(dialog).toBeHidden();
    await expect(global.getByRole('meter', { name: 'GLOBAL spend today' })).toHaveAttribute('aria-valuetext', '€0.00 of €200.00 (0 %)');
  });

  await test.step('executing is assessed as blocked, and refused with the cap’s reason', async () => {
    await open(page, 'Purchases');
    await card(column(page, 'Approved'), 'Espresso machine').getByRole('button', { name: 'Execute…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Execute: Espresso machine' });
    const assessment = dialog.getByRole('region', { name: 'Engine assessment' });
    await expect(assessment).toContainText('Would be blocked');
    await expect(assessment).toContainText('Risk RED');
    await expect(assessment.getByRole('table', { name: 'Assessed gate verdicts' }).getByRole('row').filter({ hasText: 'block' })).toContainText(
      'would break the GLOBAL daily spend cap: €0.00 used + €260.00 > €200.00',
    );
    await dialog.getByRole('button', { name: 'Try to execute' }).click();
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toContainText('Blocked');
    await expect(refusal.getByRole('list', { name: 'Gate verdicts' })).toContainText('caps block: would break the GLOBAL daily spend cap');
    await app.screenshot('spending-blocked-cap', { fullPage: false });
    await dialog.press('Escape');
    await expect(card(column(page, 'Approved'), 'Espresso machine')).toBeVisible();
  });

  await test.step('an owner overrides today’s cap, with a reason: the spend would now run', async () => {
    await open(page, 'Caps and bands');
    const global = page.getByRole('region', { name: 'GLOBAL caps' });
    await global.getByRole('button', { name: 'Override GLOBAL cap for today' }).click();
    const dialog = page.getByRole('dialog', { name: 'Override today’s GLOBAL cap' });
    await dialog.getByLabel('Extra for today (EUR)').fill('100');
    await expect(dialog).toContainText('Today’s cap becomes €300.00.');
    await dialog.getByLabel('Reason').fill('The old machine broke today');
    await dialog.getByRole('button', { name: 'Override cap' }).click();
    await expect(dialog).toBeHidden();
    await expect(global.getByRole('meter', { name: 'GLOBAL spend today' })).toHaveAttribute('aria-valuetext', '€0.00 of €300.00 (0 %)');
    await expect(global).toContainText('Includes an owner override of €100.00 for today');

    await open(page, 'Purchases');
    await card(column(page, 'Approved'), 'Espresso machine').getByRole('button', { name: 'Execute…' }).click();
    const execute = page.getByRole('dialog', { name: 'Execute: Espresso machine' });
    await expect(execute.getByRole('region', { name: 'Engine assessment' })).toContainText('Would run: every gate passes');
    await expect(execute.getByRole('region', { name: 'Engine assessment' })).toContainText('Risk YELLOW');
    await execute.getByRole('button', { name: 'Cancel' }).click();
    await expect(execute).toBeHidden();
  });

  await test.step('band D: an owner allows only groceries, and sets the band', async () => {
    await open(page, 'Caps and bands');
    await page.getByRole('button', { name: 'Edit band D policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Band D policy' });
    await expect(dialog.getByLabel('Every spend needs an approval')).toBeChecked();
    await dialog.getByLabel('Only these').check();
    await dialog.getByLabel('Allowed categories').fill('Groceries');
    await dialog.getByLabel('Reason').fill('Freeze: food only');
    await dialog.getByRole('button', { name: 'Save band D policy' }).click();
    await expect(dialog).toBeHidden();
    const bands = page.getByRole('table', { name: 'Band policies' });
    await expect(bands.getByRole('row').filter({ hasText: 'D · freeze' })).toContainText('Groceries');
    await expect(bands.getByRole('row').filter({ hasText: 'D · freeze' })).toContainText('every spend');

    await open(page, 'Ops board');
    await page.getByRole('button', { name: 'Change band…' }).click();
    const band = page.getByRole('dialog', { name: 'Change band' });
    await band.getByLabel('Band').selectOption('D');
    await band.getByLabel('Reason').fill('Cash crisis');
    await band.getByRole('button', { name: 'Set band' }).click();
    await expect(page.getByRole('banner')).toContainText('Band D · freeze');
    await open(page, 'Caps and bands');
    await expect(bands.locator('tr[aria-current="true"]')).toContainText('D · freeze');
    await app.screenshot('spending-band-d');
  });

  await test.step('in band D the spend is refused: the band does not allow the category', async () => {
    await open(page, 'Purchases');
    await card(column(page, 'Approved'), 'Espresso machine').getByRole('button', { name: 'Execute…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Execute: Espresso machine' });
    const assessment = dialog.getByRole('region', { name: 'Engine assessment' });
    await expect(assessment).toContainText('Would be blocked');
    await expect(assessment).toContainText('band D (freeze) does not allow spending on "Kitchen"');
    await dialog.getByRole('button', { name: 'Try to execute' }).click();
    await expect(dialog.getByRole('alert')).toContainText('band D (freeze) does not allow spending on "Kitchen"');
    await app.screenshot('spending-blocked-band-d', { fullPage: false });
    await dialog.press('Escape');
  });

  await test.step('both refusals are decisions with their reasons; an approver reads band policies only', async () => {
    await open(page, 'Decisions');
    await page.getByRole('form', { name: 'Decision filters' }).getByLabel('Action').selectOption('purchases.execute');
    const table = page.getByRole('table', { name: 'Decisions' });
    await expect(table.getByRole('row').filter({ hasText: 'BLOCKED' })).toHaveCount(2);

    await switchTo(page, 'Ann Approver (approver)');
    await open(page, 'Caps and bands');
    await expect(page.getByText('Read-only: only an owner may change band policies.')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Edit band/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Edit GLOBAL policy' })).toHaveCount(0);
  });

  const purchase = must(app.engine.query('purchases.list', {}))[0];
  expect(purchase?.status).toBe('APPROVED');
  expect(must(app.engine.query('caps.usage', {})).scopes[0]).toMatchObject({ spentMinor: 0, count: 0 });
});
