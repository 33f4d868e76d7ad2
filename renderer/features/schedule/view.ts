/**
 * How the schedule reads: the agenda grouped by day (Overdue, Today, then dates), the
 * kinds and occurrence statuses as badges, and the recurrence picker's choices as RFC 5545
 * rules (the entry's due date is the rule's start, so "monthly" repeats on its day).
 */
import type { Occurrence, SCHEDULE_KINDS } from '../../../shared/contract';
import { calendarDateIn } from '../../../shared/domain/time';
import type { Tone } from '../../ui/Badge';

export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const KIND_LABELS: Record<ScheduleKind, string> = { need: 'Need', bill: 'Bill', chore: 'Chore', reminder: 'Reminder' };

/** Need blue, bill yellow, chore grey, reminder grey. */
export function kindTone(kind: ScheduleKind): Tone {
  return kind === 'need' ? 'info' : kind === 'bill' ? 'warn' : 'neutral';
}

/** Overdue red, due today yellow, upcoming grey, done / paid green, skipped grey. */
export function occurrenceTone(status: Occurrence['status']): Tone {
  return status === 'overdue' ? 'bad' : status === 'due' ? 'warn' : status === 'done' || status === 'paid' ? 'ok' : 'neutral';
}

export const OCCURRENCE_LABELS: Record<Occurrence['status'], string> = { overdue: 'Overdue', due: 'Due today', upcoming: 'Upcoming', done: 'Done', skipped: 'Skipped', paid: 'Paid' };

/** Today's household date `YYYY-MM-DD` in `timeZone` (the system's when unknown). */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  return calendarDateIn(now, timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

const dayHeading = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });

/** `2026-12-07` as `Monday 7 December`. */
export function formatDayHeading(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(t) ? date : dayHeading.format(t);
}

export interface AgendaDay {
  /** `overdue`, `today` or the date. */
  key: string;
  title: string;
  occurrences: Occurrence[];
}

/**
 * The agenda by day: everything overdue first (oldest first), then today, tomorrow and each
 * later date in order; a day without occurrences is left out. An occurrence before today
 * that is done, skipped or paid stays on its own date.
 */
export function groupAgenda(occurrences: readonly Occurrence[], today: string): AgendaDay[] {
  const overdue: Occurrence[] = [];
  const byDate = new Map<string, Occurrence[]>();
  for (const o of [...occurrences].sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title))) {
    if (o.status === 'overdue') {
      overdue.push(o);
      continue;
    }
    const list = byDate.get(o.date) ?? [];
    list.push(o);
    byDate.set(o.date, list);
  }
  const days: AgendaDay[] = overdue.length ? [{ key: 'overdue', title: 'Overdue', occurrences: overdue }] : [];
  for (const [date, list] of byDate) {
    const daysUntil = list[0]!.daysUntil;
    const title = date === today ? 'Today' : daysUntil === 1 ? `Tomorrow · ${formatDayHeading(date)}` : formatDayHeading(date);
    days.push({ key: date === today ? 'today' : date, title, occurrences: list });
  }
  return days;
}

/** The recurrence picker's choices. */
export type Repeat = 'none' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'custom';

export const REPEAT_OPTIONS: { value: Repeat; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly, on the due date’s weekday' },
  { value: 'monthly', label: 'Monthly, on the due date’s day' },
  { value: 'yearly', label: 'Yearly, on the due date' },
  { value: 'custom', label: 'Custom rule (RRULE)…' },
];

const FREQ: Record<Exclude<Repeat, 'none' | 'custom'>, string> = { daily: 'FREQ=DAILY', weekly: 'FREQ=WEEKLY', monthly: 'FREQ=MONTHLY', yearly: 'FREQ=YEARLY' };

/** The picker's rule: `undefined` for none, the typed text for a custom rule (the contract checks it). */
export function repeatRule(repeat: Repeat, custom: string): string | undefined {
  if (repeat === 'none') return undefined;
  if (repeat === 'custom') return custom.trim();
  return FREQ[repeat];
}
