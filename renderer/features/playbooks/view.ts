/**
 * How playbooks read in the console: the route a step's screen link opens, the labels of
 * evidence types and statuses, and their badge colours.
 */
import type { EvidenceType, PlaybookRunSummary, RunStep } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import { ROUTES, type RouteId } from '../navigation/slice';

type PlaybookScreen = NonNullable<RunStep['link']>;

/**
 * The route each screen a step can point at opens; `null` where this console has no such
 * screen yet (the step still names it). Currency and time zone, and open alerts, are shown
 * on the ops board.
 */
export const SCREEN_ROUTES: Record<PlaybookScreen, RouteId | null> = {
  opsboard: 'ops',
  setup: 'ops',
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
  automations: null,
  scheduler: 'scheduler',
  backup: 'backups',
  reports: 'reports',
  playbooks: 'playbooks',
  sessions: 'sessions',
};

/** What a screen link is called: the route's navigation label, else the screen's own name. */
export function screenLabel(screen: PlaybookScreen): string {
  const route = SCREEN_ROUTES[screen];
  const found = route ? ROUTES.find((r) => r.id === route) : undefined;
  return found ? found.label : screen.charAt(0).toUpperCase() + screen.slice(1);
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
