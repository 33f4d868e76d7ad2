/**
 * Display formatting with no domain knowledge. Dates and money follow the household's locale
 * setting when one is set (`setHouseholdLocale`, from the Settings screen); without one they
 * keep the console's own formats (`21 Nov 2026, 10:15:02`, `€1,234.56`).
 */
import { formatMoney } from '../../shared/domain/money';
import { householdLocaleSetting } from './locale';

/** The locale dates are shown in: the household's setting, else `en-GB` (day month year). */
function dateLocale(): string {
  return householdLocaleSetting() ?? 'en-GB';
}

/**
 * Integer minor units of `currency` for display in the household's locale (`1.234,56 €` in
 * de-DE), else as `formatMoney` writes them in English (`€1,234.56`). Throws RangeError for a
 * currency code Intl does not know.
 */
export function formatAmount(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency, householdLocaleSetting() ?? 'en');
}

/**
 * An ISO instant as local date and time, e.g. `21 Nov 2026, 10:15:02` (in the household's
 * locale when set: `21. Nov. 2026, 10:15:02` in de-DE), in `timeZone` (IANA) when given, else
 * the system's. Returns the input unchanged if it is not a date.
 */
export function formatInstant(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(dateLocale(), {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/**
 * A compact instant for busy tables: the time only (`09:29:48`) when it falls on today's
 * date in `timeZone`, else day, month and time (`21 Nov, 09:29`); `now` for tests.
 */
export function formatInstantShort(iso: string | null | undefined, timeZone?: string, now: Date = new Date()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const options: Intl.DateTimeFormatOptions =
    day(date) === day(now) ? { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' } : { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(dateLocale(), options).format(date);
}

/** The first `n` characters of a hash followed by `…` (full value belongs in a title). */
export function shortHash(hash: string | null | undefined, n = 12): string {
  if (!hash) return '—';
  return hash.length > n ? `${hash.slice(0, n)}…` : hash;
}

/** Pretty JSON for a details panel (`—` for undefined). */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '—';
  return JSON.stringify(value, null, 2);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id for a table cell: a UUID as `…` and its last 8 characters (UUIDv7 ids share
 * their leading, time-based characters, so the tail tells them apart); other ids up to
 * 16 characters as they are, longer ones cut with `…`.
 */
export function shortId(id: string | null | undefined): string {
  if (!id) return '—';
  if (UUID.test(id)) return `…${id.slice(-8)}`;
  return id.length > 16 ? `${id.slice(0, 15)}…` : id;
}
