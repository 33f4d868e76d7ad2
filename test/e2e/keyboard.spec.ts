/**
 * The console without a mouse: onboarding → the Go-live playbook → add an item → buy and
 * consume it in the quick entry → a second operator approves a spend from the approvals
 * inbox. Focus moves only by the keyboard (Tab, arrows, shortcuts): locators find where
 * focus should land, and `tabTo` presses Tab until it is there, so a control that cannot
 * take focus fails the test. Nothing is clicked, focused or filled directly.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, must, onHandOf, test } from './fixtures';

/** Presses Tab (Shift+Tab with `back`) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { max = 120, back = false } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${String(target)} never took focus after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** Goes to a screen through the navigation (before the top bar and the screen: Shift+Tab), by the keyboard. */
async function goTo(page: Page, label: string): Promise<void> {
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}

const currentStep = (page: Page, position: number) => page.getByRole('region', { name: new RegExp(`^Step ${position} of 9: `) });

test('keyboard only: onboarding, Go-live, add an item, buy and consume it, approve a spend', async ({ page, app }) => {
  test.setTimeout(180_000);
  await app.open();

  await test.step('onboarding: the owner’s name, Enter', async () => {
    await expect(page.getByRole('heading', { name: 'Welcome to Valhalla Console' })).toBeVisible();
    await tabTo(page, page.getByLabel('Owner name'));
    await page.keyboard.type('Astrid Owner');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Playbooks', level: 1 })).toBeVisible();
  });

  await test.step('Go-live: each step with a note and Ctrl+Enter, the backup steps skipped with a reason', async () => {
    await tabTo(page, page.getByRole('region', { name: 'Next: go live' }).getByRole('button', { name: 'Start Go-live' }));
    await page.keyboard.press('Enter');
    for (let position = 1; position <= 9; position++) {
      const step = currentStep(page, position);
      await expect(step).toBeVisible();
      const title = await step.getByRole('heading').first().innerText();
      if (/Backup folder|Scheduler/i.test(title)) {
        await tabTo(page, step.getByRole('button', { name: 'Skip…' }));
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: /^Skip: / });
        await expect(dialog.getByLabel('Reason')).toBeFocused();
        await page.keyboard.type('no backup drive in this test');
        await page.keyboard.press('Enter');
        await expect(dialog).toBeHidden();
      } else {
        await tabTo(page, step.getByLabel('Note'));
        await page.keyboard.type(`Checked step ${position}`);
        await page.keyboard.press('Control+Enter');
      }
      await expect(step).toBeHidden();
    }
    await expect(page.getByRole('banner')).toContainText('Execution on');
  });

  await test.step('add an item from the Inventory screen', async () => {
    await goTo(page, 'Inventory');
    await tabTo(page, page.getByRole('button', { name: 'Add item' }).first());
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /item/i });
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('Coffee beans');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    // the new item's detail opens
    await expect(page.getByRole('heading', { name: 'Coffee beans', level: 1 })).toBeVisible();
  });

  await test.step('buy 3 and consume 1 in the quick entry (/)', async () => {
    await page.keyboard.press('/');
    const bar = page.getByRole('dialog', { name: 'Quick entry' });
    await expect(bar.getByRole('combobox', { name: 'Item' })).toBeFocused();
    await page.keyboard.type('coffee');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3 @ 12.50');
    await page.keyboard.press('Shift+Enter');
    await expect(bar.getByRole('status')).toContainText('Purchased 3');
    await page.keyboard.type('coffee');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect(bar.getByRole('status')).toContainText('Consumed 1');
    await page.keyboard.press('Escape');
    await expect(bar).toBeHidden();
    const item = must(app.engine.query('inventory.items', {})).items.find((i) => i.name === 'Coffee beans');
    expect(item && onHandOf(app.engine, item.id)).toBe(2);
  });

  await test.step('a second operator, from the Operators screen', async () => {
    await goTo(page, 'Operators');
    const form = page.getByRole('form', { name: 'Add an operator' });
    await tabTo(page, form.getByLabel('Name'));
    await page.keyboard.type('Ann Approver');
    await page.keyboard.press('Tab');
    await expect(form.getByLabel('Role')).toBeFocused();
    // a closed select takes type-ahead: "ap" picks "approver"
    await page.keyboard.type('ap');
    await expect(form.getByLabel('Role')).toHaveValue('approver');
    await tabTo(page, form.getByRole('button', { name: 'Add operator' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('table', { name: 'Operators' })).toContainText('Ann Approver');
  });

  await test.step('a 260.00 purchase request (N), marked ready and assessed: held for approval', async () => {
    await goTo(page, 'Purchases');
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New purchase request' });
    await expect(dialog.getByLabel('Title')).toBeFocused();
    await page.keyboard.type('Espresso machine');
    await tabTo(page, dialog.getByLabel('Amount (EUR)'));
    await page.keyboard.type('260.00');
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('Category')).toBeFocused();
    await page.keyboard.type('Kitchen');
    await tabTo(page, dialog.getByLabel('Notes'));
    await page.keyboard.type('Quote: 260.00 incl. delivery');
    await tabTo(page, dialog.getByRole('button', { name: 'Create draft' }));
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const card = page.getByRole('article', { name: 'Espresso machine' });
    await tabTo(page, card.getByRole('button', { name: 'Mark ready' }));
    await page.keyboard.press('Enter');
    await tabTo(page, card.getByRole('button', { name: 'Assess' }));
    await page.keyboard.press('Enter');
    await expect(card).toContainText('Held for approval in the inbox');
  });

  await test.step('switch to the approver with the top bar’s select, approve with A and a note', async () => {
    const switcher = page.getByRole('banner').getByLabel('Operator', { exact: true });
    await tabTo(page, switcher, { back: true });
    await page.keyboard.type('Ann');
    await expect(page.getByRole('status').filter({ hasText: 'Operator switched' })).toBeVisible();
    await goTo(page, 'Approvals');
    const option = page.getByRole('listbox', { name: 'Approvals inbox' }).getByRole('option', { name: /Espresso machine/ });
    await tabTo(page, option);
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('a');
    const decide = page.getByRole('dialog', { name: 'Approve: Espresso machine' });
    await expect(decide.getByLabel('Note')).toBeFocused();
    await page.keyboard.type('Worth it');
    await page.keyboard.press('Enter');
    await expect(decide).toBeHidden();
    // the decided request leaves the pending inbox; focus goes to its detail, which shows the outcome
    const detail = page.getByRole('region', { name: 'Approval: Espresso machine' });
    await expect(detail).toContainText('approved');
    await expect(detail).toContainText('Worth it');
    await expect(page.locator('.detail-focus')).toBeFocused();
    const approvals = must(app.engine.query('approvals.list', {}));
    expect(approvals.find((a) => a.title === 'Espresso machine')?.status).toBe('approved');
  });

  await test.step('? lists the shortcuts of the screen; Escape closes it', async () => {
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay.getByRole('list', { name: 'Shortcuts on Approvals' })).toContainText('approve the selected request');
    await expect(overlay.getByRole('list', { name: 'Shortcuts everywhere' })).toContainText('quick entry');
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();
  });
});
