/**
 * The built-in playbooks of DOMAIN.md: Go-live (nine steps; its last one is the only way a
 * new database turns execution on), Weekly control review, Month-end close. Seeded as
 * version 1 on engine start when the key has no definition yet; an owner or admin may
 * redefine them (a new version), which seeding never overwrites. Each step names the screen
 * that answers it by its navigation label ("the Decisions screen", "the Ops board") and links
 * to it; test/renderer/help-texts.test.ts fails when a named screen is not in the navigation.
 */
import { playbookDefineInput, type ActionInput } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';

type Definition = ActionInput<'playbooks.define'>;

export const GO_LIVE: Definition = {
  key: 'go-live',
  title: 'Go-live',
  description: 'Nine steps from a new database to execution on. Execution stays off until the last step is completed.',
  steps: [
    {
      key: 'preflight',
      title: 'Preflight health check',
      instructions:
        'Open the Ops board and read health. Red (audit chain broken, kill switch engaged, integrity check failed) blocks every later step until it is fixed. Note what you saw.',
      redBlocks: false,
      evidence: ['note'],
      link: 'opsboard',
    },
    {
      key: 'owner-profile',
      title: 'Owner profile',
      instructions: 'On the Operators screen, check the owner profile, set a PIN, and add the other operators with their roles.',
      evidence: ['note'],
      link: 'operators',
    },
    {
      key: 'currency-time-zone',
      title: 'Currency and time zone',
      instructions: 'On the Settings screen, confirm the household currency and time zone: days for caps, schedules and reports follow the time zone.',
      evidence: ['note'],
      link: 'setup',
    },
    {
      key: 'spend-caps',
      title: 'Spend caps',
      instructions:
        'On the Caps and bands screen, review the daily caps: GLOBAL starts at 1,000.00 spend, 50 spends and 250.00 loss per day. Add category caps where a category needs a tighter limit.',
      evidence: ['note'],
      link: 'caps',
    },
    {
      key: 'approval-thresholds',
      title: 'Approval thresholds',
      instructions: 'On the Caps and bands screen, review the band policies: approval needed from 500.00 in band A, 200.00 in B, 50.00 in C, every spend in D.',
      evidence: ['note'],
      link: 'caps',
    },
    {
      key: 'locations-items',
      title: 'Locations and first items',
      instructions: 'On the Inventory screen, create the storage locations and the first items with their minimum quantities and unit costs.',
      evidence: ['note'],
      link: 'inventory',
    },
    {
      key: 'backup-folder',
      title: 'Backup folder',
      instructions: 'On the Backups screen, choose the folder the daily backup is written to (another disk or a synced folder) and make a first backup: the step completes once a backup is verified.',
      evidence: ['note'],
      link: 'backup',
    },
    {
      key: 'scheduler-review',
      title: 'Scheduler review',
      instructions: 'On the Scheduler screen, review the scheduled jobs and their next runs (hourly approval expiry, daily backup, daily audit verify): the step completes once the daily backup job is due.',
      evidence: ['note'],
      link: 'scheduler',
    },
    {
      key: 'turn-on',
      title: 'Turn execution on',
      instructions: 'Completing this step turns execution on: prod actions run from now on when every gate passes, and the Ops board says so. Owner or admin only.',
      evidence: ['note'],
      link: 'opsboard',
      effect: 'enableExecution',
    },
  ],
};

export const WEEKLY_REVIEW: Definition = {
  key: 'weekly-review',
  title: 'Weekly control review',
  description: 'Once a week: look at each control on the screen that answers it and record what you saw.',
  steps: [
    {
      key: 'go-live-state',
      title: 'Go-live state',
      instructions: 'On the Ops board: is execution on, is the kill switch released, what band and health? Note it.',
      redBlocks: false,
      evidence: ['note'],
      link: 'opsboard',
    },
    {
      key: 'cap-denials',
      title: 'Cap denials',
      instructions: 'On the Decisions screen, filter BLOCKED: count the spends the caps refused this week.',
      evidence: ['number'],
      link: 'decisions',
    },
    {
      key: 'tripwires',
      title: 'Tripwires',
      instructions: 'On the Automations screen, in the tripwire history: count the tripwires that tripped this week and note what each did.',
      evidence: ['number', 'note'],
      link: 'automations',
    },
    {
      key: 'automation-scorecard',
      title: 'Automation scorecard',
      instructions: 'On the Automations screen: note each kind’s mode and scorecard (trials, accepted as is, edited, acted alone), and the recommendations still waiting.',
      evidence: ['note'],
      link: 'automations',
    },
    {
      key: 'overdue-approvals',
      title: 'Overdue approvals',
      instructions: 'On the Approvals screen: count the requests past their expiry and decide or cancel them.',
      evidence: ['number'],
      link: 'approvals',
    },
    {
      key: 'backup-age',
      title: 'Backup age',
      instructions: 'On the Backups screen, record the age of the last verified backup in days (older than 7 turns health yellow).',
      evidence: ['number'],
      link: 'backup',
    },
    {
      key: 'audit-verify',
      title: 'Audit verify',
      instructions: 'On the Audit log screen run Verify, and record the verified chain head (sequence and hash).',
      evidence: ['note'],
      link: 'audit',
    },
  ],
};

export const MONTH_END: Definition = {
  key: 'month-end',
  title: 'Month-end close',
  description: 'Close the month: every receipt matched to the bank, the triage inbox empty, the audit report exported.',
  steps: [
    {
      key: 'reconcile',
      title: 'Reconcile receipts to bank',
      instructions: 'On the Ledger screen, import the month’s statement and, under Reconcile, accept or reject each suggested receipt ↔ entry match. Record how many entries remain unmatched.',
      evidence: ['number'],
      link: 'ledger',
    },
    {
      key: 'triage',
      title: 'Resolve the triage inbox',
      instructions: 'On the Receipts screen, complete or void every receipt that needs attention and resolve likely duplicates. Record how many remain.',
      evidence: ['number'],
      link: 'receipts',
    },
    {
      key: 'audit-report',
      title: 'Export the audit report',
      instructions: 'On the Reports screen, export the month’s audit report bundle, verify it, and give the SHA-256 of its zip (shown after the export).',
      evidence: ['bundle'],
      link: 'reports',
    },
  ],
};

export const BUILTIN_PLAYBOOKS: readonly Definition[] = [GO_LIVE, WEEKLY_REVIEW, MONTH_END];

/**
 * Inserts each built-in as version 1 (created by `system`) when its key has no definition
 * yet; idempotent, and never touches a key that has one. Throws the zod error if a
 * built-in does not satisfy the contract (a programming error caught by the tests).
 */
export function seedBuiltinPlaybooks(db: Db, now: string): void {
  const insert = sql(
    db,
    "INSERT INTO playbook_definitions (key, version, title, definition_json, builtin, created_by, created_at) VALUES (?, 1, ?, ?, 1, 'system', ?) ON CONFLICT DO NOTHING",
  );
  const has = sql(db, 'SELECT 1 AS found FROM playbook_definitions WHERE key = ? LIMIT 1');
  db.transaction(() => {
    for (const raw of BUILTIN_PLAYBOOKS) {
      if (has.get(raw.key) !== undefined) continue;
      const def = playbookDefineInput.parse(raw);
      insert.run(def.key, def.title, JSON.stringify({ description: def.description, steps: def.steps }), now);
    }
  })();
}
