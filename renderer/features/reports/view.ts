/**
 * How reports read in the console: the default range, the figures of a preview, the words
 * and colours of a bundle's verification, and the phases of an export.
 */
import type { BundleVerification, ReportCounts, Session } from '../../../shared/contract';
import { calendarDateIn } from '../../../shared/domain/time';
import type { Tone } from '../../ui/Badge';
import type { CountItem } from '../../ui/Counts';
import { formatBytes } from '../../ui/FilePicker';

/**
 * The calendar month before the one `today` (`YYYY-MM-DD`) falls in, as an inclusive range
 * of days: `2026-12-05` → `2026-11-01`…`2026-11-30`; January gives the previous December.
 */
export function lastCalendarMonth(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  // day 0 of the next month is the last day of this one
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(lastDay).padStart(2, '0')}` };
}

/** `'a–b'` for a sequence range, `'none'` when the range has no events. */
export function seqRange(first: number | null, last: number | null): string {
  return first === null || last === null ? 'none' : first === last ? `#${first}` : `#${first}–#${last}`;
}

/** The figures a bundle for the range would hold, for `Counts`. */
export function previewItems(c: ReportCounts): CountItem[] {
  return [
    { label: 'Decisions', value: c.decisions },
    { label: 'Audit events', value: c.auditEvents },
    { label: 'Event sequence', value: seqRange(c.firstSeq, c.lastSeq), small: true },
    { label: 'Attachments', value: c.attachments },
    { label: 'Attachment size', value: formatBytes(c.attachmentBytes), small: true },
    { label: 'Approvals', value: c.approvals },
    { label: 'Sessions', value: c.sessions },
    { label: 'Playbook runs', value: c.playbookRuns },
  ];
}

/** A bundle's verification status as a headline and a badge colour. */
export function verificationView(status: BundleVerification['status']): { label: string; tone: Tone } {
  if (status === 'intact') return { label: 'Intact', tone: 'ok' };
  if (status === 'tampered') return { label: 'Tampered', tone: 'bad' };
  return { label: 'Not a bundle', tone: 'warn' };
}

/** What an export phase is doing, for its progress line. */
export function exportPhaseLabel(phase: string): string {
  const known: Record<string, string> = { decisions: 'Writing decisions', 'audit events': 'Writing audit events', attachments: 'Copying attachments' };
  return known[phase] ?? phase.charAt(0).toUpperCase() + phase.slice(1);
}

/** The last part of a path (either separator), for a table cell. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * The sessions that may have activity in the household days `from`…`to`: started on or
 * before `to` and not ended before `from` (days in `timeZone`). All of them while the
 * range is not a valid one; `keep` (the chosen session) stays listed whatever its dates.
 */
export function sessionsInRange(sessions: readonly Session[], from: string, to: string, timeZone: string, keep: string): Session[] {
  if (!from || !to || from > to) return [...sessions];
  return sessions.filter((s) => {
    if (s.id === keep) return true;
    const started = calendarDateIn(new Date(s.startedAt), timeZone);
    const ended = s.endedAt ? calendarDateIn(new Date(s.endedAt), timeZone) : null;
    return started <= to && (ended === null || ended >= from);
  });
}
