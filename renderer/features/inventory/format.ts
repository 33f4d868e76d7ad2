/**
 * How inventory numbers read in the console: quantities, burn rates, days left, calendar
 * days, confidence levels, and the parsing of what an operator types into quantity and
 * money fields (money is integer minor units, never floats — DESIGN.md "Storage"; amounts
 * in the operator's locale through `shared/domain/money`'s `parseAmountInput`).
 */
import type { CONFIDENCE_LEVELS } from '../../../shared/contract/inventory';
import { formatAmountInput, parseAmountInput } from '../../../shared/domain/money';
import { calendarDateIn } from '../../../shared/domain/time';
import { operatorLocale } from '../../ui/locale';
import type { Tone } from '../../ui/Badge';

export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

const qtyFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });
const rateFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const daysFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

/** A quantity with up to 3 decimals and thousands separators: `1234.5` → `1,234.5`. */
export function formatQty(qty: number): string {
  return qtyFormat.format(Math.abs(qty) < 0.0005 ? 0 : qty);
}

/** A signed journal quantity: `+12`, `−3` (a true minus sign), `0`. */
export function formatSignedQty(qty: number): string {
  if (Math.abs(qty) < 0.0005) return '0';
  return qty > 0 ? `+${formatQty(qty)}` : `−${formatQty(-qty)}`;
}

/** A burn rate in units per day with up to 2 decimals; `—` when nothing is used. */
export function formatRate(perDay: number): string {
  return perDay > 0 ? rateFormat.format(perDay) : '—';
}

/** Days left: `—` when the item is not used (never runs out), `< 1` below a day, else 1 decimal. */
export function formatDaysLeft(days: number | null): string {
  if (days === null) return '—';
  if (days > 0 && days < 1) return '< 1';
  return daysFormat.format(days);
}

/** A calendar date `YYYY-MM-DD` as `23 Nov 2026`; `—` for null; the input when it is not a date. */
export function formatDay(date: string | null | undefined): string {
  if (!date) return '—';
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(t) ? date : dayFormat.format(t);
}

/** Badge colour of a confidence level: high green, medium blue, low yellow, none grey. */
export function confidenceTone(level: Confidence): Tone {
  return level === 'high' ? 'ok' : level === 'medium' ? 'info' : level === 'low' ? 'warn' : 'neutral';
}

/**
 * Badge colour of days left: red when out or within the item's lead time (it cannot be
 * restocked in time), yellow within 30 days, none otherwise.
 */
export function daysLeftTone(days: number | null, leadTimeDays: number): Tone | null {
  if (days === null) return null;
  if (days <= leadTimeDays) return 'bad';
  return days <= 30 ? 'warn' : null;
}

/**
 * A typed quantity: `''` → `undefined` (the schema's default applies), `'2,5'` → `2.5`,
 * anything not a plain decimal number → `NaN` (the schema then says "must be a number").
 */
export function parseQtyInput(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

/** A typed whole number (days): `''` → `undefined`, `'7'` → `7`, else `NaN`. */
export function parseIntInput(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

export type MoneyInput = { ok: true; minor: number | undefined } | { ok: false; error: string };

/** Options of the amount fields' parsing: a sign allowed (default no), and the locale (default the operator's). */
export interface MoneyInputOptions {
  signed?: boolean;
  locale?: string;
}

/**
 * A typed amount in `currency`, written the operator's way (`parseAmountInput` in
 * `operatorLocale()`: `1.234,56` in de-DE, `1,234.56` in en-US, `1 234,56` in fr-FR), as
 * integer minor units; `''` → `undefined`. Refuses a negative amount unless `signed`, and
 * whatever `parseAmountInput` refuses, with its message for the field.
 */
export function parseMoneyInput(text: string, currency: string, options: MoneyInputOptions = {}): MoneyInput {
  if (text.trim() === '') return { ok: true, minor: undefined };
  try {
    const parsed = parseAmountInput(text, { locale: options.locale ?? operatorLocale(), currency, signed: options.signed ?? false });
    return parsed.ok ? { ok: true, minor: parsed.minor } : { ok: false, error: parsed.message };
  } catch {
    // Intl refuses a malformed currency code (one still being typed in a currency field)
    return { ok: false, error: `${currency} is not a currency code` };
  }
}

/**
 * A typed amount that must be given: its minor units, or the field's message — the
 * `parseMoneyInput` refusal, or `enter the amount, e.g. <example>` when empty, the example
 * being `exampleMinor` written the operator's way (`1250` → `12.50` in en-US, `12,50` in de-DE).
 */
export function parseRequiredMoney(text: string, currency: string, exampleMinor = 1250): { minor: number; error: null } | { minor: undefined; error: string } {
  const amount = parseMoneyInput(text, currency);
  if (!amount.ok) return { minor: undefined, error: amount.error };
  return amount.minor === undefined ? { minor: undefined, error: `enter the amount, e.g. ${minorToInput(exampleMinor, currency)}` } : { minor: amount.minor, error: null };
}

/** Minor units back as text for an amount field, the operator's way (`150000` → `1,500.00` in en-US, `1.500,00` in de-DE); `''` for none. */
export function minorToInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  return formatAmountInput(minor, { locale: operatorLocale(), currency });
}

/** Today (`YYYY-MM-DD`) in the household's time zone (the browser's when none is set yet). */
export function todayIn(timeZone: string | null | undefined): string {
  return calendarDateIn(new Date(), timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * The date problems of a purchase or consumption as typed, by the field they belong to
 * (`occurredOn`, `bestBefore`), in words a person uses; empty when there are none. `today`
 * is the household's today; the engine checks the same again (and the 5-year limit).
 */
export function stockDateErrors(values: { occurredOn: string; bestBefore?: string }, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.occurredOn) errors.occurredOn = 'Enter a date';
  else if (values.occurredOn > today) errors.occurredOn = 'The date cannot be in the future';
  if (values.bestBefore && values.occurredOn && values.bestBefore < values.occurredOn) errors.bestBefore = 'Best before cannot be before the day it was bought';
  return errors;
}

/** Whole days from `today` to `date` (both YYYY-MM-DD). */
export const daysBetween = (today: string, date: string) => Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);

/** The best-before badge of a lot: expired (bad), within 7 days (warn), or none. */
export function bestBeforeStatus(bestBefore: string | null, today: string): { tone: 'bad' | 'warn'; text: string } | null {
  if (bestBefore === null) return null;
  const days = daysBetween(today, bestBefore);
  if (days < 0) return { tone: 'bad', text: days === -1 ? 'Expired yesterday' : `Expired ${-days} days ago` };
  if (days === 0) return { tone: 'warn', text: 'Expires today' };
  if (days <= 7) return { tone: 'warn', text: days === 1 ? 'Expires tomorrow' : `Expires in ${days} days` };
  return null;
}

