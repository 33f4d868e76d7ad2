/**
 * How playbooks read in the console: the route a step's screen link opens, the labels of
 * evidence types and statuses, and their badge colours.
 */
import type { EvidenceType, PlaybookRunSummary, RunStep } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import { ROUTES, type RouteId } from '../navigation/slice';

type PlaybookScreen = NonNullable<RunStep['link']>;

/**
 * The route each screen a step can point at opens: every one a screen of this console (the
 * type allows no gap). Currency and time zone are set on Settings; open alerts are shown on
 * the ops board; the automations that exist are the scheduler's jobs (the daily tick's
 * suggestions, approval requests, reminders).
 */
export const SCREEN_ROUTES: Record<PlaybookScreen, RouteId> = {
  opsboard: 'ops',
  setup: 'settings',
  operators: 'operators',
  spending: 'purchases',
  approvals: 'approvals',
  caps: 'caps',
  purchases: 'purchases',
  inventory: 'inventory',
  receipts: 'receipts',
  ledger: 'ledger',
  decisions: 'decisions',
  audit: 'audit',
  alerts: 'ops',
  automations: 'automations',
  scheduler: 'scheduler',
  backup: 'backups',
  reports: 'reports',
  playbooks: 'playbooks',
  sessions: 'sessions',
};

/** What a screen link is called: the route's navigation label (else the screen's own name, capitalised). */
export function screenLabel(screen: PlaybookScreen): string {
  const found = ROUTES.find((r) => r.id === SCREEN_ROUTES[screen]);
  return found ? found.label : screen.charAt(0).toUpperCase() + screen.slice(1);
}

/** What a screen means where its route shows more than it (the ops board: alerts, currency and time zone). */
const SCREEN_ASPECTS: Partial<Record<PlaybookScreen, string>> = {
  setup: 'currency and time zone',
  alerts: 'alerts',
  spending: 'spending',
};

/** A screen as a choice in the define dialog: its label, with what part of it is meant where several screens share a route ("Ops board (alerts)"). */
export function screenOptionLabel(screen: PlaybookScreen): string {
  const aspect = SCREEN_ASPECTS[screen];
  return aspect ? `${screenLabel(screen)} (${aspect})` : screenLabel(screen);
}

export const EVIDENCE_LABELS: Record<EvidenceType, string> = {
  note: 'Note',
  number: 'Number',
  attachment: 'Attachment',
  receipt: 'Receipt id',
  decision: 'Decision id',
  approval: 'Approval id',
  bundle: 'Report bundle SHA-256',
};

export function stepTone(status: RunStep['status']): Tone {
  return status === 'done' ? 'ok' : status === 'skipped' ? 'neutral' : status === 'blocked' ? 'bad' : 'info';
}

export function runTone(status: PlaybookRunSummary['status']): Tone {
  return status === 'completed' ? 'ok' : status === 'abandoned' ? 'neutral' : 'info';
}

/** `3 of 9 done` (with skipped steps when any). */
export function progressLabel(p: PlaybookRunSummary['progress']): string {
  return `${p.done} of ${p.total} done${p.skipped ? ` · ${p.skipped} skipped` : ''}`;
}
