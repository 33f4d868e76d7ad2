/**
 * Issue 13's story, through the console on the real engine: a live household with pantry
 * items that ran low (a month of sales, so each is below its minimum and runs out within
 * its lead time), a checking account with money on it, a monthly power bill due tomorrow
 * and a chore and a need on the schedule. The ops board shows the alerts grouped by kind
 * and one group is acknowledged at once; the shopping list is filled from the inventory,
 * "Milk, 3.50" is quick-added from the keyboard and bought on the account (its balance
 * drops); the scheduler's daily tick is run now and shows its run; the notification centre
 * shows the bill's reminder; the bill is paid; the agenda shows the week; an approved purchase
 * is executed from the account. Every new screen and the notification panel are checked with
 * axe and photographed at 1280×800 and 390×844.
 */
import type { Page } from '@playwright/test';
import type { Engine } from '../../main/engine/types';
import { axeViolations, expect, must, scrollToTop, seedOwner, test } from './fixtures';

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const OPENING_MINOR = 250_000;

/** Pantry items bought a month ago and sold one a day since: each ends at 3 on hand, under a minimum of 4, with a 7-day lead time. */
const PANTRY = ['Coffee beans', 'Dish soap', 'Olive oil', 'Rice', 'Laundry pods'];

/** A small purchase request approved by another operator, ready to execute. */
function seedApprovedPurchase(engine: Engine): void {
  const approver = must(engine.dispatch('operators.create', { name: 'Ann Approver', role: 'approver' }, 'execute')).result;
  const purchase = must(engine.dispatch('purchases.create', { title: 'Light bulbs', amountMinor: 1200, category: 'Home', notes: 'two boxes of LED bulbs' }, 'execute')).result;
  must(engine.dispatch('purchases.advance', { id: purchase.id, to: 'READY' }, 'execute'));
  must(engine.dispatch('purchases.advance', { id: purchase.id, to: 'ASSESSED' }, 'execute'));
  must(engine.dispatch('purchases.advance', { id: purchase.id, to: 'APPROVED' }, 'execute', { operatorId: approver.id }));
}

function seedHousehold(engine: Engine): { accountId: string; billId: string } {
  seedOwner(engine);
  for (const [i, name] of PANTRY.entries()) {
    const item = must(engine.dispatch('inventory.createItem', { name, unit: 'pcs', category: 'Groceries', minQty: 4, targetQty: 20, leadTimeDays: 7, unitCostMinor: 300 + i * 50 }, 'execute')).result;
    const start = Date.now() - 30 * DAY_MS;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 30, unitCostMinor: 300 + i * 50, occurredAt: new Date(start).toISOString() }, 'execute'));
    for (let d = 1; d <= 27; d += 1) {
      must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'sale', qty: 1, occurredAt: new Date(start + d * DAY_MS).toISOString() }, 'execute'));
    }
  }
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Household checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: OPENING_MINOR }, 'execute')).result;
  const bill = must(
    engine.dispatch('bills.create', { payee: 'City Power', amountMinor: 5990, dueDate: day(1), rrule: 'FREQ=MONTHLY', category: 'utilities', accountId: account.id, remindDaysBefore: 3 }, 'execute'),
  ).result;
  must(engine.dispatch('schedule.create', { kind: 'chore', title: 'Clean the gutters', dueDate: day(0) }, 'execute'));
  must(engine.dispatch('schedule.create', { kind: 'need', title: 'Water filter', dueDate: day(10), rrule: 'FREQ=MONTHLY', estTotalMinor: 2400, category: 'Home' }, 'execute'));
  seedApprovedPurchase(engine);
  return { accountId: account.id, billId: bill.id };
}

function balanceOf(engine: Engine, accountId: string): number {
  const account = must(engine.query('ledger.accounts', {})).find((a) => a.id === accountId);
  if (!account) throw new Error('account not found');
  return account.balanceMinor;
}

async function nav(page: Page, label: string, heading = label): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

async function axe(page: Page, screen: string): Promise<void> {
  const result = { violations: await axeViolations(page) };
  expect(result.violations.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Photographs the current screen at desktop and phone width, then returns to desktop. */
async function photograph(page: Page, shot: (name: string, options?: { fullPage?: boolean }) => Promise<string>, name: string, fullPage = true): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await scrollToTop(page);
  await shot(`${name}-1280`, { fullPage });
  await page.setViewportSize({ width: 390, height: 844 });
  await scrollToTop(page);
  await shot(`${name}-390`, { fullPage });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a household’s week: grouped alerts, the shopping list filled and bought from, the daily tick run now, a bill reminded and paid, the agenda', async ({ page, app }) => {
  test.setTimeout(180_000);
  const { accountId } = seedHousehold(app.engine);
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();

  // the ops board: alerts grouped by kind; one group acknowledged at once
  await expect(page.getByRole('heading', { name: 'Ops board', level: 1 })).toBeVisible();
  const alerts = page.getByRole('region', { name: 'Open alerts' });
  const groups = alerts.getByRole('list', { name: 'Open alerts' });
  await expect(groups.getByRole('listitem').filter({ hasText: 'low_stock' }).first()).toBeVisible();
  const lowStock = must(app.engine.query('alerts.groups', {})).find((g) => g.kind === 'low_stock');
  expect(lowStock?.count).toBe(PANTRY.length);
  await alerts.getByRole('button', { name: `Acknowledge all ${PANTRY.length} low_stock alerts` }).click();
  await expect(groups.getByText('low_stock', { exact: false })).toHaveCount(0);
  expect(must(app.engine.query('alerts.groups', {})).some((g) => g.kind === 'low_stock')).toBe(false);
  const reorder = alerts.getByRole('button', { name: 'Show the latest reorder alerts' });
  await reorder.click();
  await expect(alerts.getByRole('list', { name: 'Latest reorder alerts' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Bills due' }).getByText('City Power')).toBeVisible();
  await axe(page, 'Ops board');
  await photograph(page, app.screenshot, 'opsboard-grouped');

  // shopping: filled from the inventory, Milk quick-added by keyboard
  await nav(page, 'Shopping');
  await page.getByRole('button', { name: 'Fill from inventory' }).click();
  await expect(page.getByText(`Added ${PANTRY.length} from the inventory`)).toBeVisible();
  const quick = page.getByRole('textbox', { name: 'Quick add' });
  await quick.click();
  await page.keyboard.type('Milk, 3.50');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Added Milk (est. €3.50)')).toBeVisible();
  await expect(quick).toHaveValue('');
  const quickGroup = page.getByRole('list', { name: /^Quick add: 1 item/ });
  await expect(quickGroup.getByText('Milk', { exact: true })).toBeVisible();
  await axe(page, 'Shopping');
  await photograph(page, app.screenshot, 'shopping');

  // bought on the account: the ledger balance drops by what it cost
  await quickGroup.getByRole('button', { name: 'Bought… Milk' }).click();
  const bought = page.getByRole('dialog', { name: /Milk/ });
  await expect(bought.getByLabel('Actual total (EUR)')).toHaveValue('3.50');
  await bought.getByLabel('Actual total (EUR)').fill('3.79');
  await bought.getByLabel('Account').selectOption({ label: 'Household checking · €2,500.00' });
  await bought.getByLabel('Payment method').fill('card');
  await bought.getByLabel('Vendor').fill('Corner shop');
  await bought.getByRole('button', { name: 'Mark bought' }).click();
  const recorded = bought.getByRole('region', { name: 'Purchase recorded' });
  await expect(recorded).toBeVisible();
  await expect(recorded.getByRole('button', { name: 'Attach the receipt' })).toBeVisible();
  await axe(page, 'Shopping / bought');
  await app.screenshot('shopping-bought-1280', { fullPage: false });
  expect(balanceOf(app.engine, accountId)).toBe(OPENING_MINOR - 379);
  await recorded.getByRole('button', { name: 'Attach the receipt' }).click();
  await expect(page.getByRole('heading', { name: 'Receipts', level: 1 })).toBeVisible();
  await expect(page.getByText('Corner shop').first()).toBeVisible();

  // the scheduler: the daily tick run now shows a manual run with its decision
  await nav(page, 'Scheduler');
  await page.getByRole('button', { name: 'Run daily-tick now' }).click();
  const runs = page.getByRole('table', { name: 'Recorded runs' });
  const manual = runs.getByRole('row').filter({ hasText: 'daily-tick' }).filter({ hasText: 'Manual' });
  await expect(manual.first()).toBeVisible();
  await expect(manual.first().getByRole('button', { name: /^Decision .* of daily-tick$/ })).toBeVisible();
  expect(must(app.engine.query('scheduler.runs', { job: 'daily-tick' }))[0]).toMatchObject({ trigger: 'manual', status: 'ok' });
  await axe(page, 'Scheduler');
  await photograph(page, app.screenshot, 'scheduler-runs');

  // the notification centre: the bill's reminder, then all read
  const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await expect(panel).toBeFocused();
  await expect(panel.getByText(/City Power/).first()).toBeVisible();
  await axe(page, 'Notification panel');
  await photograph(page, app.screenshot, 'notifications', false);
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('button', { name: 'Notifications, none unread' })).toBeVisible();
  expect(must(app.engine.query('notifications.list', {})).unread).toBe(0);
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Notifications, none unread' })).toBeFocused();

  // bills: pay the power bill from its account
  await nav(page, 'Bills');
  const bills = page.getByRole('table', { name: 'Bills' });
  await expect(bills.getByRole('row').filter({ hasText: 'City Power' })).toBeVisible();
  await axe(page, 'Bills');
  await photograph(page, app.screenshot, 'bills');
  const before = balanceOf(app.engine, accountId);
  await bills.getByRole('button', { name: 'Pay… City Power' }).click();
  const pay = page.getByRole('dialog', { name: 'Pay: City Power' });
  await expect(pay.getByLabel('Amount (EUR)')).toHaveValue('59.90');
  await expect(pay.getByLabel('Account')).toHaveValue(accountId);
  await app.screenshot('bills-pay-1280', { fullPage: false });
  await pay.getByRole('button', { name: 'Pay City Power' }).click();
  await expect(pay).toHaveCount(0);
  await expect(bills.getByRole('row').filter({ hasText: 'City Power' }).getByText('Astrid Owner')).toBeVisible();
  expect(balanceOf(app.engine, accountId)).toBe(before - 5990);

  // the schedule: the agenda by day; the chore done; a weekly reminder added
  await nav(page, 'Schedule');
  const agenda = page.getByRole('region', { name: 'Agenda' });
  const today = agenda.getByRole('region', { name: /^Today/ });
  await expect(today.getByText('Clean the gutters')).toBeVisible();
  await today.getByRole('button', { name: /^Done: Clean the gutters/ }).click();
  await expect(today.getByText('Done', { exact: true })).toBeVisible();
  await expect(agenda.getByText('Water filter').first()).toBeVisible();
  const form = page.getByRole('form', { name: 'Add to the schedule' });
  await form.getByLabel('Kind').selectOption('reminder');
  await form.getByLabel('Title').fill('Take the bins out');
  await form.getByLabel('Repeats').selectOption('weekly');
  await form.getByRole('button', { name: 'Add to the schedule' }).click();
  await expect(form.getByText(/Added “Take the bins out”/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Schedule entries' }).getByText('Take the bins out')).toBeVisible();
  await axe(page, 'Schedule');
  await photograph(page, app.screenshot, 'schedule');

  // purchases: an approved request executed from the account, paid by card
  await nav(page, 'Purchases');
  const approved = page.getByRole('region', { name: 'Approved', exact: true }).getByRole('article', { name: 'Light bulbs' });
  await approved.getByRole('button', { name: 'Execute…' }).click();
  const execute = page.getByRole('dialog', { name: 'Execute: Light bulbs' });
  await expect(execute.getByRole('region', { name: 'Engine assessment' })).toContainText('Would run: every gate passes');
  await execute.getByLabel('Account').selectOption(accountId);
  await execute.getByLabel('Payment method').fill('card');
  await axe(page, 'Purchases / execute');
  await app.screenshot('purchases-execute-account-1280', { fullPage: false });
  const beforePurchase = balanceOf(app.engine, accountId);
  await execute.getByRole('button', { name: 'Execute purchase' }).click();
  await expect(execute).toBeHidden();
  expect(balanceOf(app.engine, accountId)).toBe(beforePurchase - 1200);
  const [executed] = must(app.engine.query('purchases.list', {})).filter((p) => p.title === 'Light bulbs');
  expect(executed).toMatchObject({ status: 'EXECUTED', accountId, paymentMethod: 'card' });
});
