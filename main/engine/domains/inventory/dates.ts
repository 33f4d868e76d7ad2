/**
 * The dates a stock entry may carry (issue 15): the day it happened (`occurredOn`, for a
 * backdated purchase or consumption) and a purchase's best-before date. Calendar days in
 * the household's time zone.
 */
import { EngineError } from '../../../../shared/contract';
import { calendarDateIn } from '../../../../shared/domain/time';
import { zonedDayStart } from '../../governance/time';

/** How far back an entry may be dated: 5 years. */
export const MAX_BACKDATE_YEARS = 5;

/** A field problem, as `EngineError('invalid')` lists them. */
export type DateIssue = { path: (string | number)[]; message: string };

/** `date` (YYYY-MM-DD) less `years` years, as YYYY-MM-DD (29 February stays 29 February: compared as text). */
function yearsBefore(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}

/**
 * The instant and day of an entry from `occurredOn` / `occurredAt` (both optional, not both),
 * checked against `now` in `timeZone`, and its best-before (if any) against the day:
 * - `occurredOn`: not after today, not more than 5 years back; today means now;
 *   an earlier day means 12:00 of that day (the entry is then backdated to it);
 * - `occurredAt`: not in the future (one minute of clock skew allowed), not more than 5 years back;
 * - `bestBefore`: not before the day of the entry.
 * Every problem is collected, then one `EngineError('invalid')` names each field; nothing is
 * changed before. Returns `backdatedTo` (YYYY-MM-DD) when the day is before today.
 */
export function entryDate(
  p: { occurredOn?: string; occurredAt?: string; bestBefore?: string },
  now: string,
  timeZone: string,
): { occurredAt: string; day: string; backdatedTo: string | undefined } {
  const today = calendarDateIn(new Date(now), timeZone);
  const earliest = yearsBefore(today, MAX_BACKDATE_YEARS);
  const issues: DateIssue[] = [];
  let occurredAt = now;
  let day = today;
  if (p.occurredOn !== undefined && p.occurredAt !== undefined) {
    issues.push({ path: ['occurredOn'], message: 'give the day or the exact time, not both' });
  } else if (p.occurredOn !== undefined) {
    if (p.occurredOn > today) issues.push({ path: ['occurredOn'], message: `must not be in the future (today is ${today})` });
    else if (p.occurredOn < earliest) issues.push({ path: ['occurredOn'], message: `at most ${MAX_BACKDATE_YEARS} years back (not before ${earliest})` });
    else if (p.occurredOn < today) {
      day = p.occurredOn;
      occurredAt = new Date(Date.parse(zonedDayStart(p.occurredOn, timeZone)) + 12 * 3_600_000).toISOString();
    }
  } else if (p.occurredAt !== undefined) {
    const at = calendarDateIn(new Date(p.occurredAt), timeZone);
    if (Date.parse(p.occurredAt) > Date.parse(now) + 60_000) issues.push({ path: ['occurredAt'], message: 'must not be in the future' });
    else if (at < earliest) issues.push({ path: ['occurredAt'], message: `at most ${MAX_BACKDATE_YEARS} years back (not before ${earliest})` });
    else {
      occurredAt = p.occurredAt;
      day = at;
    }
  }
  if (p.bestBefore !== undefined && p.bestBefore < day) {
    issues.push({ path: ['bestBefore'], message: `must not be before the day it was bought (${day})` });
  }
  if (issues.length) {
    const summary = issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ');
    throw new EngineError('invalid', summary, { issues });
  }
  return { occurredAt, day, backdatedTo: day < today ? day : undefined };
}
