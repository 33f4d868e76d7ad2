/** How backups read in the console: ages, kinds, the phases of a backup, counts side by side. */
import type { Backup, BackupCounts } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import type { BackupFreshness } from './slice';

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/**
 * An age in (fractional) days as people say it: `just now` under a minute, `12 minutes
 * ago`, `5 hours ago` under a day, then days to one decimal (`2.5 days ago`).
 */
export function ageText(ageDays: number): string {
  const minutes = ageDays * 24 * 60;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${Math.floor(minutes)} ${Math.floor(minutes) === 1 ? 'minute' : 'minutes'} ago`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.floor(hours)} ${Math.floor(hours) === 1 ? 'hour' : 'hours'} ago`;
  const days = oneDecimal.format(ageDays);
  return `${days} ${days === '1' ? 'day' : 'days'} ago`;
}

/** The badge for how fresh the backups are. */
export function freshnessView(freshness: BackupFreshness, staleAfterDays: number): { label: string; tone: Tone } {
  if (freshness === 'fresh') return { label: 'Up to date', tone: 'ok' };
  if (freshness === 'stale') return { label: `Older than ${staleAfterDays} days`, tone: 'warn' };
  if (freshness === 'none') return { label: 'No backup yet', tone: 'warn' };
  return { label: 'No backup folder', tone: 'neutral' };
}

export const KIND_LABELS: Record<Backup['kind'], string> = { manual: 'Manual', scheduled: 'Scheduled', 'pre-restore': 'Before a restore' };

/** What a backup phase is doing, for its progress line. */
export function backupPhaseLabel(phase: string): string {
  const known: Record<string, string> = { database: 'Copying the database', files: 'Copying stored files', verify: 'Verifying the backup' };
  return known[phase] ?? phase.charAt(0).toUpperCase() + phase.slice(1);
}

export const COUNT_LABELS: Record<keyof BackupCounts, string> = {
  decisions: 'Decisions',
  auditEvents: 'Audit events',
  items: 'Items',
  receipts: 'Receipts',
  ledgerEntries: 'Ledger entries',
  files: 'Stored files',
};

/** The counts of `before` and `after` row by row, in `COUNT_LABELS` order. */
export function countRows(before: BackupCounts, after: BackupCounts): { key: keyof BackupCounts; label: string; before: number; after: number }[] {
  return (Object.keys(COUNT_LABELS) as (keyof BackupCounts)[]).map((key) => ({ key, label: COUNT_LABELS[key], before: before[key], after: after[key] }));
}

/** A chain head as `#seq`, `—` for an empty chain. */
export function headText(head: { seq: number } | null): string {
  return head ? `#${head.seq}` : '—';
}
