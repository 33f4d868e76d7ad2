/**
 * Calendar days in the operator's time zone ("days follow the operator's time zone",
 * DOMAIN.md), turned into UTC instants for range queries.
 */

/** Offset of `timeZone` from UTC at `instant`, in minutes (e.g. +60 for Europe/Berlin in winter). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * The UTC instant at which calendar day `date` (YYYY-MM-DD) + `addDays` starts in
 * `timeZone`, as ISO-8601 with milliseconds. Handles DST by re-checking the offset at the
 * computed instant.
 */
export function zonedDayStart(date: string, timeZone: string, addDays = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d + addDays);
  let guess = utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000;
  guess = utcMidnight - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess).toISOString();
}
