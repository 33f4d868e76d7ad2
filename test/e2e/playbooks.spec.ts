/**
 * Playbooks and sessions' "Done when", through the real renderer, host and engine: on a
 * fresh database a new user is led from onboarding through the Go-live playbook to
 * execution on; starts a session, does a spend (a purchase executed) and a stock move (a
 * quick-entry purchase), ends it and sees both in the session summary; runs the weekly
 * control review. Bad input along the way: a step completed without its evidence shows the
 * engine's reason, turning execution on directly before go-live leads to the playbook, a
 * step blocked by red health says why and cannot be completed, and ending a session that
 * another window already ended shows the reason.
 */
import { dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { must, scrollToTop, seedOwner, test, expect } from './fixtures';

/** Goes to a screen through the left navigation. */
async function open(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

const currentStep = (page: Page, position: number, total: number) => page.getByRole('region', { name: new RegExp(`^Step ${position} of ${total}: `) });
const column = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const card = (scope: Page | Locator, title: string) => scope.getByRole('article', { name: title });
/** Switches the current operator with the top bar's switcher. */
async function switchTo(page: Page, label: string): Promise<void> {
  await page.getByRole('banner').getByLabel('Operator', { exact: true }).selectOption({ label });
  await expect(page.getByRole('banner').getByLabel('Operator', { exact: true }).locator('option:checked')).toHaveText(label);
}

/** The value next to a term of a definition list. */
const term = (scope: Locator, name: string) => scope.locator(`dt:text-is("${name}") + dd`);

test('from onboarding through Go-live to execution on; a session with a spend and a stock move; the weekly control review', async ({ page, app }) => {
  // a long story (three playbooks' worth of steps): it ran out of the default 60 s on a loaded 2-core machine
  test.setTimeout(150_000);
  await app.open();

  await test.step('onboarding leads to the Go-live playbook', async () => {
    await expect(page.getByRole('heading', { name: 'Welcome to Valhalla Console' })).toBeVisible();
    await expect(page.getByText('Execution then stays off until you complete the Go-live playbook')).toBeVisible();
    await page.getByLabel('Owner name').fill('Astrid Owner');
    await page.getByLabel('Owner name').press('Enter');
    await expect(page.getByRole('heading', { name: 'Playbooks', level: 1 })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Execution off');
    const callout = page.getByRole('region', { name: 'Next: go live' });
    await expect(callout).toContainText('completing its last step turns execution on');
    const library = page.getByRole('table', { name: 'Playbooks' });
    for (const title of ['Go-live', 'Weekly control review', 'Month-end close']) await expect(library.getByRole('row').filter({ hasText: title })).toContainText('Built-in');
    await expect(library.getByRole('row').filter({ hasText: 'Go-live' })).toContainText('Never run');
    await app.screenshot('playbooks-after-onboarding');
    await callout.getByRole('button', { name: 'Start Go-live' }).click();
    await expect(currentStep(page, 1, 9)).toBeVisible();
  });

  await test.step('completing a step without its evidence shows the reason', async () => {
    const step = currentStep(page, 1, 9);
    await expect(step).toContainText('Preflight health check');
    await expect(step.getByLabel('Note')).toBeFocused();
    await step.getByRole('button', { name: 'Complete step' }).click();
    await expect(step.getByLabel('Note')).toHaveAttribute('aria-invalid', 'true');
    await expect(step).toContainText('step "Preflight health check" requires note evidence');
    await expect(step.getByRole('alert')).toContainText('needs evidence: note');
    await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first()).toContainText('todo');
    await app.screenshot('playbooks-step-missing-evidence');
  });

  await test.step('turning execution on directly leads to the open Go-live run', async () => {
    await currentStep(page, 1, 9).getByRole('button', { name: 'Go to Ops board →' }).click();
    await expect(page.getByRole('heading', { name: 'Ops board', level: 1 })).toBeVisible();
    const runs = page.getByRole('list', { name: 'Playbook runs in progress' });
    await expect(runs).toContainText('step 1 of 9: Preflight health check');
    await page.getByRole('button', { name: 'Turn execution on…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn execution on' });
    await expect(dialog).toContainText('only through the Go-live playbook');
    await expect(dialog).toContainText('the engine refuses to turn execution on directly');
    await expect(dialog.getByLabel('Reason')).toHaveCount(0);
    await app.screenshot('opsboard-golive-leads-to-playbook', { fullPage: false });
    await dialog.getByRole('button', { name: 'Open the Go-live playbook' }).click();
    await expect(dialog).toBeHidden();
    await expect(currentStep(page, 1, 9)).toBeVisible();
    // it opened the run in progress rather than starting a second one
    expect(must(app.engine.query('playbooks.runs', { key: 'go-live' })).items).toHaveLength(1);
  });

  await test.step('each Go-live step with a note, from the keyboard; the last turns execution on', async () => {
    for (let position = 1; position <= 9; position++) {
      const step = currentStep(page, position, 9);
      await expect(step).toBeVisible();
      if (position === 9) {
        await expect(step.getByRole('note')).toContainText('Completing this step turns execution on');
        await expect(step.getByRole('button', { name: 'Skip…' })).toBeDisabled();
        await scrollToTop(page);
        await app.screenshot('playbooks-golive-last-step');
      }
      if (position === 6) {
        // "Locations and first items": with the run in progress, the setup can be done while execution is off
        await step.getByRole('button', { name: 'Go to Inventory →' }).click();
        await page.getByRole('button', { name: 'Locations…' }).click();
        const locations = page.getByRole('dialog', { name: 'Locations' });
        await locations.getByLabel('New location').fill('Pantry');
        await locations.getByLabel('New location').press('Enter');
        await expect(locations.getByRole('list', { name: 'Locations' })).toContainText('Pantry');
        await locations.press('Escape');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Playbooks' }).click();
        await expect(step).toBeVisible();
      }
      if (position === 7) {
        // "Backup folder" completes only once a folder is set and a first backup verified
        await step.getByLabel('Note').fill('Not yet');
        await step.getByLabel('Note').press('Control+Enter');
        await expect(step).toContainText('choose a backup folder in Backups first');
        await step.getByRole('button', { name: 'Go to Backups →' }).click();
        const folderForm = page.getByRole('form', { name: 'Choose the backup folder' });
        await folderForm.getByLabel('Folder').fill(join(dirname(app.dbPath), 'usb-backups'));
        await folderForm.getByRole('button', { name: 'Save folder' }).click();
        await page.getByRole('button', { name: 'Back up now' }).click();
        await expect(page.getByRole('table', { name: 'Backup history' }).getByRole('row')).toHaveCount(2, { timeout: 30_000 });
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Playbooks' }).click();
        await expect(step).toBeVisible();
      }
      await step.getByLabel('Note').fill(`Checked step ${position}`);
      await step.getByLabel('Note').press('Control+Enter');
      await expect(page.getByRole('status').filter({ hasText: 'Step completed' })).toBeVisible();
    }
    await expect(page.getByRole('region', { name: /^Step \d+ of 9: / })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Go-live · v1' })).toContainText('completed');
    await expect(page.getByRole('region', { name: 'Go-live · v1' })).toContainText('9 of 9 done');
    await expect(page.getByRole('banner')).toContainText('Execution on');
    const checklist = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await expect(checklist).toHaveCount(9);
    await expect(checklist.nth(8)).toContainText('Done by Astrid Owner');
    await expect(checklist.nth(8)).toContainText('Note: “Checked step 9”');
    await scrollToTop(page);
    await app.screenshot('playbooks-golive-completed');
    expect(must(app.engine.query('governance.state', {})).goLive.enabled).toBe(true);
  });

  await test.step('the library and the runs history show the completed run; the callout is gone', async () => {
    await page.getByRole('button', { name: '← Back to playbooks' }).click();
    await expect(page.getByRole('region', { name: 'Next: go live' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Playbooks' }).getByRole('row').filter({ hasText: 'Go-live' })).toContainText('completed');
    await page.getByRole('group', { name: 'Playbooks views' }).getByRole('button', { name: 'Runs' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect(runs.getByRole('row').filter({ hasText: 'Go-live' })).toContainText('9 of 9 done');
    await page.getByRole('form', { name: 'Run filters' }).getByLabel('Status').selectOption('active');
    await expect(page.getByText('No run has this status.')).toBeVisible();
    await page.getByRole('form', { name: 'Run filters' }).getByLabel('Status').selectOption('completed');
    await expect(runs.getByRole('row')).toHaveCount(2);
  });

  await test.step('add an approver (a requester may not approve its own purchase)', async () => {
    await open(page, 'Operators');
    const form = page.getByRole('form', { name: 'Add an operator' });
    await form.getByLabel('Name').fill('Ann Approver');
    await form.getByLabel('Role').selectOption('approver');
    await form.getByRole('button', { name: 'Add operator' }).click();
    await expect(page.getByRole('table', { name: 'Operators' })).toContainText('Ann Approver');
  });

  const bar = page.getByRole('group', { name: 'Work session' });
  await test.step('start a session: the bar shows who and the elapsed time, and offers only End', async () => {
    await bar.getByRole('button', { name: 'Start session…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a work session' });
    await expect(dialog.getByLabel('Notes (optional)')).toBeFocused();
    await dialog.getByLabel('Notes (optional)').fill('Morning shop run');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await expect(dialog).toBeHidden();
    await expect(bar).toContainText('Session by Astrid Owner');
    await expect(bar.getByRole('button', { name: 'Start session…' })).toHaveCount(0);
    const elapsed = bar.getByLabel('Session elapsed time');
    const first = await elapsed.textContent();
    await expect(elapsed).not.toHaveText(first ?? '', { timeout: 3000 });
  });

  await test.step('a spend: a purchase request drafted, assessed, approved and executed', async () => {
    await open(page, 'Purchases');
    await page.getByRole('button', { name: /^New request/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New purchase request' });
    await dialog.getByLabel('Title').fill('Printer paper');
    await dialog.getByLabel('Amount (EUR)').fill('25.00');
    await dialog.getByLabel('Category').fill('Office');
    await dialog.getByLabel('Notes').fill('Two reams, the usual shop');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await expect(dialog).toBeHidden();
    await card(page, 'Printer paper').getByRole('button', { name: 'Mark ready' }).click();
    await card(column(page, 'Ready'), 'Printer paper').getByRole('button', { name: 'Assess' }).click();
    await switchTo(page, 'Ann Approver (approver)');
    await card(column(page, 'Assessed'), 'Printer paper').getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(card(column(page, 'Approved'), 'Printer paper')).toBeVisible();
    await switchTo(page, 'Astrid Owner (owner)');
    await card(column(page, 'Approved'), 'Printer paper').getByRole('button', { name: 'Execute…' }).click();
    const execute = page.getByRole('dialog', { name: 'Execute: Printer paper' });
    await expect(execute.getByRole('region', { name: 'Engine assessment' })).toContainText('Would run: every gate passes');
    await execute.getByRole('button', { name: 'Execute purchase' }).click();
    await expect(execute).toBeHidden();
    await expect(card(column(page, 'Executed'), 'Printer paper')).toBeVisible();
  });

  await test.step('a stock move: an item added, then bought with the quick entry', async () => {
    await open(page, 'Inventory');
    await page.getByRole('button', { name: 'Add item' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add item' });
    await dialog.getByLabel('Name', { exact: true }).fill('Coffee beans');
    await dialog.getByLabel('Unit', { exact: true }).fill('kg');
    await dialog.getByRole('button', { name: 'Add item' }).click();
    await expect(page.getByRole('heading', { name: 'Coffee beans', level: 1 })).toBeVisible();
    await page.getByRole('heading', { name: 'Coffee beans', level: 1 }).click();
    await page.keyboard.press('/');
    const quick = page.getByRole('dialog', { name: 'Quick entry' });
    await expect(quick).toBeVisible();
    await page.keyboard.type('coffee');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Shift+Enter');
    await expect(quick.getByRole('status')).toHaveText('Purchased 2 kg of Coffee beans · 2 on hand now');
    await page.keyboard.press('Escape');
    await expect(quick).toBeHidden();
  });

  await test.step('the ops board shows the active session', async () => {
    await open(page, 'Ops board');
    const panel = page.getByRole('region', { name: 'Session and approvals' });
    await expect(term(panel, 'Active session')).toContainText('Astrid Owner · since');
    await expect(term(panel, 'Playbook runs')).toContainText('None in progress');
    await scrollToTop(page);
    await app.screenshot('opsboard-active-session');
  });

  await test.step('end the session; its summary shows the spend and the stock move', async () => {
    await bar.getByRole('button', { name: 'End session…' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the work session' });
    await dialog.getByLabel('Notes (optional)').fill('Paper bought, beans in');
    await dialog.getByLabel('Notes (optional)').press('Control+Enter');
    await expect(dialog).toBeHidden();
    await expect(bar).toContainText('No session');
    await expect(bar.getByRole('button', { name: 'End session…' })).toHaveCount(0);

    await open(page, 'Sessions');
    const sessions = page.getByRole('table', { name: 'Sessions' });
    await expect(sessions.getByRole('row')).toHaveCount(2);
    await sessions.getByRole('button', { name: /^Open session started/ }).click();
    const summary = page.getByRole('region', { name: 'Session summary' });
    await expect(summary.getByRole('heading', { name: 'Summary', exact: true })).toBeVisible();
    await expect(term(summary, 'Spends')).toHaveText('1 · €25.00');
    await expect(term(summary, 'Stock moves')).toHaveText('1');
    await expect(term(summary, 'Decisions')).toContainText('OK');
    const snapshot = page.getByRole('region', { name: 'Snapshot at start' });
    await expect(term(snapshot, 'Execution')).toHaveText('On');
    await expect(term(snapshot, 'Band')).toContainText('B · steady');
    await expect(page.getByText('Morning shop run')).toBeVisible();
    await expect(page.getByText('Paper bought, beans in')).toBeVisible();
    await scrollToTop(page);
    await app.screenshot('sessions-summary');

    // filters: an operator with no sessions, then a day range that excludes today
    const filters = page.getByRole('form', { name: 'Session filters' });
    await filters.getByLabel('From', { exact: true }).fill('2000-01-01');
    await filters.getByLabel('To', { exact: true }).fill('2000-01-02');
    await expect(page.getByText('No sessions', { exact: true })).toBeVisible();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(sessions.getByRole('row')).toHaveCount(2);
  });

  await test.step('ending a session that is no longer active shows the reason', async () => {
    await bar.getByRole('button', { name: 'Start session…' }).click();
    await page.getByRole('dialog', { name: 'Start a work session' }).getByRole('button', { name: 'Start session' }).click();
    await expect(bar.getByRole('button', { name: 'End session…' })).toBeVisible();
    await bar.getByRole('button', { name: 'End session…' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the work session' });
    // another window ends it meanwhile
    must(app.engine.dispatch('sessions.end', { notes: 'ended elsewhere' }, 'execute'));
    await dialog.getByRole('button', { name: 'End session' }).click();
    await expect(dialog.getByRole('alert')).toContainText('no session is active: there is nothing to end');
    await app.screenshot('session-end-refused', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(bar.getByRole('button', { name: 'Start session…' })).toBeVisible();
  });

  await test.step('the weekly control review: numbers and notes, a skip with a reason, a step blocked by red health', async () => {
    await open(page, 'Playbooks');
    await page.getByRole('group', { name: 'Playbooks views' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Start Weekly control review' }).click();
    const total = 7;
    await currentStep(page, 1, total).getByLabel('Note').fill('Execution on, kill switch released, band B, green');
    await currentStep(page, 1, total).getByRole('button', { name: 'Complete step' }).click();

    // a number step: only the Number field; nonsense is refused before it is sent
    const caps = currentStep(page, 2, total);
    await expect(caps.getByRole('button', { name: 'Go to Decisions →' })).toBeVisible();
    await expect(caps.getByLabel('Note')).toHaveCount(0);
    await caps.getByLabel('Number').fill('none');
    await caps.getByRole('button', { name: 'Complete step' }).click();
    await expect(caps.getByLabel('Number')).toHaveAttribute('aria-invalid', 'true');

    // red health blocks the step: the reason is shown and Complete is disabled
    must(app.engine.dispatch('governance.engageKillSwitch', { reason: 'Drill during the review' }, 'execute'));
    await expect(caps.getByRole('list', { name: 'Why the step is blocked' })).toContainText(/red/i);
    await expect(caps.getByRole('button', { name: 'Complete step' })).toBeDisabled();
    await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(1)).toContainText('blocked');
    await scrollToTop(page);
    await app.screenshot('playbooks-step-blocked');
    must(app.engine.dispatch('governance.releaseKillSwitch', { reason: 'Drill over' }, 'execute'));
    await expect(caps.getByRole('button', { name: 'Complete step' })).toBeEnabled();

    await caps.getByLabel('Number').fill('0');
    await caps.getByLabel('Number').press('Enter');
    const tripwires = currentStep(page, 3, total);
    await tripwires.getByLabel('Number').fill('1');
    await tripwires.getByLabel('Note').fill('The kill switch drill; released');
    await tripwires.getByRole('button', { name: 'Complete step' }).click();

    const automations = currentStep(page, 4, total);
    await expect(automations.getByRole('button', { name: 'Go to Automations →' })).toBeVisible();
    await automations.getByRole('button', { name: 'Skip…' }).click();
    const skip = page.getByRole('dialog', { name: 'Skip: Automation scorecard' });
    await skip.getByLabel('Reason').fill('No automations set up yet');
    await skip.getByLabel('Reason').press('Enter');
    await expect(skip).toBeHidden();

    for (const [position, value] of [
      [5, '0'],
      [6, '0'],
    ] as const) {
      await currentStep(page, position, total).getByLabel('Number').fill(value);
      await currentStep(page, position, total).getByLabel('Number').press('Enter');
    }
    await currentStep(page, 7, total).getByLabel('Note').fill('Chain intact');
    await currentStep(page, 7, total).getByLabel('Note').press('Control+Enter');
    const header = page.getByRole('region', { name: 'Weekly control review · v1' });
    await expect(header).toContainText('completed');
    await expect(header).toContainText('6 of 7 done · 1 skipped');
    const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await expect(steps.nth(3)).toContainText('skipped');
    await expect(steps.nth(3)).toContainText('Reason: “No automations set up yet”');
    await expect(steps.nth(2)).toContainText('Note: “The kill switch drill; released” · Number: 1');
    await scrollToTop(page);
    await app.screenshot('playbooks-weekly-review-completed');
  });
});

test('an owner defines a playbook; an invalid definition shows the engine’s reason', async ({ page, app }) => {
  // defining is a prod action: execution must be on
  seedOwner(app.engine);
  await app.open();
  await open(page, 'Playbooks');
  await page.getByRole('button', { name: 'Define a playbook…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Define a playbook' });
  await dialog.getByLabel('Key', { exact: true }).fill('Daily Close');
  await dialog.getByLabel('Title', { exact: true }).fill('Daily close');
  await dialog.getByRole('button', { name: 'Save playbook' }).click();
  // the contract's rules, before anything is sent
  await expect(dialog.getByLabel('Key', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Step title')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Key', { exact: true }).fill('daily-close');
  await dialog.getByLabel('Step title').fill('Count the till');
  await dialog.getByRole('button', { name: '+ Add step' }).click();
  const second = dialog.getByRole('listitem', { name: 'Step 2' });
  await second.getByLabel('Step title').fill('Photograph the Z report');
  await second.getByLabel('Minimum band').selectOption('C');
  await second.getByRole('group', { name: 'Step 2 evidence' }).getByLabel('Note').uncheck();
  await second.getByRole('group', { name: 'Step 2 evidence' }).getByLabel('Attachment').check();
  await second.getByLabel('Screen link').selectOption('receipts');
  await app.screenshot('playbooks-define-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Save playbook' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('table', { name: 'Playbooks' }).getByRole('row').filter({ hasText: 'Daily close' });
  await expect(row).toContainText('v1');
  await expect(row).not.toContainText('Built-in');

  // the Go-live effect belongs to Go-live only: the engine says so
  await page.getByRole('button', { name: 'New version of Go-live' }).click();
  const golive = page.getByRole('dialog', { name: 'New version of “Go-live”' });
  await expect(golive.getByLabel('Key', { exact: true })).toHaveValue('go-live');
  await golive.getByRole('button', { name: 'Move step 9 up' }).click();
  await golive.getByRole('button', { name: 'Save playbook' }).click();
  await expect(golive.getByRole('alert')).toContainText('a step with an effect must be the last step');
  await app.screenshot('playbooks-define-refused', { fullPage: false });
  await golive.getByRole('button', { name: 'Cancel' }).click();
  expect(must(app.engine.query('playbooks.get', { key: 'go-live' })).version).toBe(1);

  // the new playbook runs: its attachment step asks for a file, staged before completing
  await page.getByRole('button', { name: 'Start Daily close' }).click();
  await currentStep(page, 1, 2).getByLabel('Note').fill('412.50 in the till');
  await currentStep(page, 1, 2).getByRole('button', { name: 'Complete step' }).click();
  const photo = currentStep(page, 2, 2);
  await expect(photo.getByLabel('Note')).toHaveCount(0);
  await expect(photo).toContainText('Minimum band C');
  await photo.getByLabel('Attachment').setInputFiles({ name: 'z-report.txt', mimeType: 'text/plain', buffer: Buffer.from('Z report 412.50') });
  await expect(photo).toContainText('Staged · SHA-256');
  await photo.getByRole('button', { name: 'Complete step' }).click();
  await expect(page.getByRole('region', { name: 'Daily close · v1' })).toContainText('2 of 2 done');
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(1)).toContainText('Attachment:');
});
