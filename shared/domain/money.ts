/**
 * Money is integer minor units plus an ISO-4217 code, never floats (DOMAIN.md, DESIGN.md "Storage").
 */
export interface Money {
  /** Integer amount in the currency's minor units (cents, pence …). */
  amountMinor: number;
  /** ISO-4217 code, e.g. `EUR`. */
  currency: string;
}

/** The household currency before setup has chosen one (and the CLI's `init` default). */
export const DEFAULT_CURRENCY = 'EUR';

/** The household currency from its setting: the setting, else `DEFAULT_CURRENCY`. */
export function householdCurrency(setting: string | null | undefined): string {
  return setting ?? DEFAULT_CURRENCY;
}

const formats = new Map<string, Intl.NumberFormat>();

/** One currency format per locale and currency (constructing Intl formats is costly). */
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format;
}

/**
 * ISO 4217 minor units where the platform's CLDR data shows fewer digits than the standard:
 * CLDR formats these without decimals (their coins are out of use), but banks state amounts
 * with the standard's digits (a Hungarian MT940 writes -3892,77 HUF). Source: the ISO 4217
 * list (SIX, "List One"), minor unit column.
 */
const ISO_MINOR_UNITS: Readonly<Record<string, number>> = { HUF: 2, IDR: 2, COP: 2, PKR: 2, LBP: 2, IQD: 3 };

/** Digits after the decimal point for a currency: ISO 4217's minor units (ISO_MINOR_UNITS), else the platform's data (Intl). */
export function minorUnitDigits(currency: string): number {
  return ISO_MINOR_UNITS[currency] ?? currencyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units for display, e.g. `formatMoney(26000, 'EUR')` → `€260.00`.
 * Throws RangeError for a code Intl does not know.
 */
export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorUnitDigits(currency);
  return currencyFormat(locale, currency).format(amountMinor / 10 ** digits);
}

/** Whether `code` is an ISO-4217 code the platform knows (via `Intl.supportedValuesOf`). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}
