/**
 * Every action, declared once: anything that changes state, always through the dispatcher.
 * Names are `'<domain>.<verb>'`.
 *
 * - `execClass`: `observe` (read-only), `sandbox` (plan mode or sandbox data only), `prod`
 *   (changes real state) — DOMAIN.md "Governance state".
 * - `exempt`: a governance-control or recovery action that still runs while execution is
 *   off, the kill switch is engaged or health is red (DOMAIN.md lists acknowledging an
 *   alert among them; go-live and the kill switch themselves must be reachable then too).
 * - `minBand`: the least permissive band in which the action may run (`undefined`: any).
 */
import { z } from 'zod';
import { automationActions } from './automations';
import { householdActions } from './household';
import { inventoryActions } from './inventory';
import { ledgerActions } from './ledger';
import { playbookActions } from './playbooks';
import { receiptActions } from './receipts';
import { reportActions } from './reports';
import { sessionActions } from './sessions';
import { settingsActions } from './settings';
import { spendingActions } from './spending';
import { band, id, note, operatorSchema, personName, pin, reason, role, currency, timeZone } from './schemas';
import type { ActionSpec } from './spec';

export type { ExecClass } from './spec';

const governanceChange = z.object({ changed: z.boolean() });

export const actions = {
  'setup.initialize': {
    summary: 'First run: create the owner profile and set currency and time zone.',
    input: z.strictObject({ ownerName: personName, currency, timeZone, pin: pin.optional() }),
    output: z.object({ owner: operatorSchema }),
    execClass: 'prod',
    exempt: true,
  },
  'operators.create': {
    summary: 'Add an operator profile with a role and an optional PIN.',
    input: z.strictObject({ name: personName, role, pin: pin.optional() }),
    output: operatorSchema,
    execClass: 'prod',
    exempt: false,
    setup: true,
  },
  'operators.switch': {
    summary: 'Make another operator the current one (PIN checked when set).',
    input: z.strictObject({ operatorId: id, pin: pin.optional() }),
    output: operatorSchema,
    execClass: 'observe',
    exempt: true,
  },
  'governance.setGoLive': {
    summary: 'Turn state-changing execution on or off, with a reason.',
    input: z.strictObject({ enabled: z.boolean(), reason }),
    output: governanceChange,
    execClass: 'prod',
    exempt: true,
  },
  'governance.setBand': {
    summary: 'Set the cone band (A expand · B steady · C conserve · D freeze), with a reason.',
    input: z.strictObject({ band, reason }),
    output: governanceChange,
    execClass: 'prod',
    exempt: false,
  },
  'governance.engageKillSwitch': {
    summary: 'Stop all prod execution at once, with a reason.',
    input: z.strictObject({ reason }),
    output: governanceChange,
    execClass: 'prod',
    exempt: true,
  },
  'governance.releaseKillSwitch': {
    summary: 'Release the kill switch (owner only), with a reason.',
    input: z.strictObject({ reason }),
    output: governanceChange,
    execClass: 'prod',
    exempt: true,
  },
  'alerts.acknowledge': {
    summary: 'Acknowledge an open alert, with an optional note.',
    input: z.strictObject({ alertId: id, note: note.optional() }),
    output: z.object({ alertId: id }),
    execClass: 'prod',
    exempt: true,
  },
  ...inventoryActions,
  ...spendingActions,
  ...receiptActions,
  ...ledgerActions,
  ...playbookActions,
  ...sessionActions,
  ...reportActions,
  ...householdActions,
  ...settingsActions,
  ...automationActions,
} as const satisfies Record<string, ActionSpec>;

export type Actions = typeof actions;
export type ActionName = keyof Actions;
export type ActionInput<K extends ActionName> = z.input<Actions[K]['input']>;
export type ActionParams<K extends ActionName> = z.output<Actions[K]['input']>;
export type ActionOutput<K extends ActionName> = z.output<Actions[K]['output']>;

/** Reads an action's spec without the literal types (for the dispatcher and the matrix). */
export function actionSpec(name: ActionName): ActionSpec {
  return actions[name];
}
