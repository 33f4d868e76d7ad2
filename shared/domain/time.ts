/**
 * Instants are ISO-8601 UTC with milliseconds and `Z`; calendar dates are `YYYY-MM-DD`
 * (DESIGN.md "Storage").
 */

/** `2026-11-21T09:10:00.000Z` from a Date. */
export function toInstant(date: Date): string {
  return date.toISOString();
}

/** Whether `tz` is an IANA time zone the platform knows (e.g. `Europe/Berlin`). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone, e.g. for "days follow the operator's time zone". */
export function calendarDateIn(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // constructing an Intl format is far dearer than using one: keep one per zone
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date `YYYY-MM-DD` (a day number, for arithmetic on days). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

/** The calendar date `YYYY-MM-DD` of a day number. */
export function dayToDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
