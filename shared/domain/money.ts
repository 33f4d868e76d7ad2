/**
 * Money is integer minor units plus an ISO-4217 code, never floats (DOMAIN.md, DESIGN.md "Storage").
 */
export interface Money {
  /** Integer amount in the currency's minor units (cents, pence …). */
  amountMinor: number;
  /** ISO-4217 code, e.g. `EUR`. */
  currency: string;
}

/** Digits after the decimal point for a currency, from the platform's ISO-4217 data (Intl). */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units for display, e.g. `formatMoney(26000, 'EUR')` → `€260.00`.
 * Throws RangeError for a code Intl does not know.
 */
export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
}

/** Whether `code` is an ISO-4217 code the platform knows (via `Intl.supportedValuesOf`). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}
