/**
 * Recurrence of schedule entries (DOMAIN.md "Shopping, needs, schedule, bills"): RFC 5545
 * RRULEs expanded by the `rrule` library. Dates are floating days: `YYYY-MM-DD` is UTC
 * midnight to `rrule`, and an entry's due date is the rule's DTSTART. As in `rrule` (and
 * unlike RFC 5545's DTSTART-is-always-first), the due date is an occurrence only when the
 * rule matches it.
 *
 * `rrule` walks period by period until year 9999 when a rule can never match (a DAILY rule
 * on February 30th takes seconds), so rules are checked part by part before it sees them,
 * and whether a rule yields any date at all is probed on a copy moved by whole 400-year
 * Gregorian cycles (same weekdays, same leap years) close to 9999, where the walk is short.
 */
import * as rrulePkg from 'rrule';
import { EngineError } from '../../../../shared/contract';

// `rrule` ships a UMD bundle as `main`: Node's ESM loader (tsx, vitest) sees its exports only
// under `default`, esbuild's bundle sees them on the namespace too.
const { RRule } = ((rrulePkg as unknown as { default?: typeof rrulePkg }).default ?? rrulePkg) as typeof rrulePkg;
type Rule = InstanceType<typeof RRule>;

/** Most dates one expansion returns: at most one occurrence a day, so 1000 cover 2.7 years of a daily rule; later dates are cut off. */
export const MAX_OCCURRENCES = 1000;

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const;
const GREGORIAN_CYCLE_YEARS = 400;
/** `rrule` stops at the end of this year. */
const RRULE_MAX_YEAR = 9999;
/** A probe looks at least this many years past the due date (a 29 February comes at most every 8 years). */
const PROBE_MIN_YEARS = 10;

/** Integer BY parts: the values RFC 5545 allows (never 0; negatives count from the end). */
const INT_LISTS: Record<string, { max: number; negative: boolean; freqs: readonly string[] }> = {
  BYMONTH: { max: 12, negative: false, freqs: FREQS },
  BYMONTHDAY: { max: 31, negative: true, freqs: ['YEARLY', 'MONTHLY', 'DAILY'] },
  BYYEARDAY: { max: 366, negative: true, freqs: ['YEARLY'] },
  BYWEEKNO: { max: 53, negative: true, freqs: ['YEARLY'] },
  BYSETPOS: { max: 366, negative: true, freqs: FREQS },
};

/** A rule that passed `parseRule`. */
export interface ParsedRule {
  /** The rule without a leading `RRULE:`, as stored. */
  rule: string;
  /** `rrule`'s English reading ("every month on the 15th"). */
  text: string;
  /** The first occurrence, `YYYY-MM-DD`, on or after the due date. */
  first: string;
}

const toDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
const toDay = (d: Date): string => d.toISOString().slice(0, 10);

function refuse(rule: string, problem: string): never {
  throw new EngineError('invalid', `recurrence "${rule}": ${problem}`, { issues: [{ path: ['rrule'], message: problem }] });
}

/** The rule in capitals, without `RRULE:` and surrounding space. */
function normalise(rule: string): string {
  return rule.trim().toUpperCase().replace(/^RRULE:/, '');
}

/** `20271231` or `20271231T000000Z` → `2027-12-31`, or null when it is not a real date. */
function untilDay(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return !Number.isNaN(toDate(day).getTime()) && toDay(toDate(day)) === day ? day : null;
}

/** Checks each part as RFC 5545 allows it for whole days; returns them by name. Throws EngineError `invalid`. */
function checkParts(rule: string, dueDate: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).toUpperCase();
    if (name === 'DTSTART' || name === 'TZID') refuse(rule, `leave ${name} out: the due date is where the rule starts`);
    if (name === 'BYHOUR' || name === 'BYMINUTE' || name === 'BYSECOND') refuse(rule, `leave ${name} out: occurrences are whole days`);
    if (name !== 'FREQ' && name !== 'INTERVAL' && name !== 'COUNT' && name !== 'UNTIL' && name !== 'BYDAY' && name !== 'WKST' && !(name in INT_LISTS)) {
      refuse(rule, `unknown part "${name || part}"`);
    }
    if (!value) refuse(rule, `${name} has no value`);
    if (parts.has(name)) refuse(rule, `${name} is given twice`);
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (!freq) refuse(rule, 'FREQ is missing');
  if (!(FREQS as readonly string[]).includes(freq)) refuse(rule, `FREQ must be ${FREQS.join(', ')} (got ${freq})`);

  const positive = (name: string) => {
    const value = parts.get(name);
    if (value === undefined) return;
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1) refuse(rule, `${name} must be a whole number of at least 1 (got ${value})`);
  };
  positive('INTERVAL');
  positive('COUNT');
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    if (parts.has('COUNT')) refuse(rule, 'give COUNT or UNTIL, not both');
    const day = untilDay(until);
    if (!day) refuse(rule, `UNTIL must be a date YYYYMMDD (got ${until})`);
    if (day < dueDate) refuse(rule, `UNTIL ${day} is before the due date ${dueDate}`);
  }
  for (const [name, spec] of Object.entries(INT_LISTS)) {
    const value = parts.get(name);
    if (value === undefined) continue;
    if (!spec.freqs.includes(freq)) refuse(rule, `${name} does not go with FREQ=${freq}`);
    for (const v of value.split(',')) {
      const n = /^[+-]?\d{1,3}$/.test(v) ? Number(v) : NaN;
      const ok = Number.isInteger(n) && n !== 0 && Math.abs(n) <= spec.max && (spec.negative || n > 0);
      if (!ok) refuse(rule, `${name} values must be ${spec.negative ? `1 to ${spec.max} or -${spec.max} to -1` : `1 to ${spec.max}`} (got ${v})`);
    }
  }
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    const nthMax = freq === 'YEARLY' && !parts.has('BYMONTH') ? 53 : 5;
    for (const v of byDay.split(',')) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(v);
      if (!m) refuse(rule, `BYDAY values are days MO…SU, optionally numbered like 1MO or -1FR (got ${v})`);
      if (m[1] === undefined) continue;
      const n = Number(m[1]);
      if (freq !== 'MONTHLY' && freq !== 'YEARLY') refuse(rule, `a numbered BYDAY (${v}) needs FREQ=MONTHLY or YEARLY`);
      if (n === 0 || Math.abs(n) > nthMax) refuse(rule, `BYDAY ${v}: the number must be 1 to ${nthMax} or -${nthMax} to -1`);
    }
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined && !(DAYS as readonly string[]).includes(wkst)) refuse(rule, `WKST must be a day MO…SU (got ${wkst})`);
  return parts;
}

/** An `rrule` rule starting at `dueDate`; `shiftYears` moves it (and UNTIL) by whole Gregorian cycles. Throws EngineError `invalid`. */
function compile(rule: string, dueDate: string, shiftYears = 0): Rule {
  const parts = checkParts(rule, dueDate);
  let options;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    refuse(rule, error instanceof Error ? error.message : String(error));
  }
  const dtstart = toDate(dueDate);
  const until = parts.get('UNTIL');
  // UNTIL is a whole day: its last moment, so a time in it does not cut the day off
  const untilDate = until ? new Date(toDate(untilDay(until) as string).getTime() + 86_399_999) : null;
  if (shiftYears) {
    dtstart.setUTCFullYear(dtstart.getUTCFullYear() + shiftYears);
    untilDate?.setUTCFullYear(untilDate.getUTCFullYear() + shiftYears);
  }
  try {
    return new RRule({ ...options, dtstart, until: untilDate, tzid: null });
  } catch (error) {
    refuse(rule, error instanceof Error ? error.message : String(error));
  }
}

/** The first occurrence of a checked rule, found on a copy moved near `rrule`'s year 9999 so a rule that never matches ends fast; null when none. */
function firstOccurrence(rule: string, dueDate: string): string | null {
  const year = Number(dueDate.slice(0, 4));
  const cycles = Math.max(0, Math.floor((RRULE_MAX_YEAR - PROBE_MIN_YEARS - year) / GREGORIAN_CYCLE_YEARS));
  const shift = cycles * GREGORIAN_CYCLE_YEARS;
  const [first] = compile(rule, dueDate, shift).all((_, i) => i < 1);
  if (!first) return null;
  first.setUTCFullYear(first.getUTCFullYear() - shift);
  return toDay(first);
}

/**
 * Checks a recurrence for an entry due on `dueDate` (`YYYY-MM-DD`, the rule's start):
 * strips a leading `RRULE:`; refuses DTSTART/TZID (the due date is the start), times of day
 * (BYHOUR/BYMINUTE/BYSECOND), unknown or repeated parts, FREQ other than
 * YEARLY/MONTHLY/WEEKLY/DAILY, INTERVAL or COUNT below 1, COUNT with UNTIL, UNTIL before
 * the due date, BY values out of RFC 5545's ranges or with a FREQ they do not go with, and a
 * rule that yields no date at all (e.g. `FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`).
 * Returns the stored form, its English reading and the first occurrence.
 * Throws EngineError `invalid` naming the rule and the problem, with issue path `['rrule']`.
 */
export function parseRule(rule: string, dueDate: string): ParsedRule {
  const normal = normalise(rule);
  if (!normal) refuse(rule, 'empty');
  const first = firstOccurrence(normal, dueDate);
  if (!first) refuse(normal, `it yields no date at all from ${dueDate} on`);
  return { rule: normal, text: describeRule(normal), first };
}

/**
 * The dates (`YYYY-MM-DD`, ascending) of an entry's occurrences within `from`…`to`,
 * both inclusive: its due date alone when it has no rule, else what the rule yields from
 * the due date on. At most `MAX_OCCURRENCES` dates (the earliest). Throws EngineError
 * `invalid` for a rule `parseRule` would refuse.
 */
export function occurrencesBetween(entry: { dueDate: string; rrule: string | null }, from: string, to: string): string[] {
  if (from > to) return [];
  if (!entry.rrule) return entry.dueDate >= from && entry.dueDate <= to ? [entry.dueDate] : [];
  if (to < entry.dueDate) return [];
  return compile(normalise(entry.rrule), entry.dueDate)
    .between(toDate(from), toDate(to), true, (_, i) => i < MAX_OCCURRENCES)
    .map(toDay);
}

/** `rrule`'s English reading of a rule ("every month on the 15th"); the rule itself when `rrule` cannot read it. */
export function describeRule(rule: string): string {
  try {
    return new RRule(RRule.parseString(normalise(rule))).toText();
  } catch {
    return normalise(rule);
  }
}
