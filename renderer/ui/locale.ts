/**
 * The operator's locale: how amounts are typed into fields and put back in them (`1.234,56`
 * in de-DE, `1,234.56` in en-US). There is no locale setting yet, so it is the browser's
 * (`navigator.language`, which Electron's window and browser mode both have); every amount
 * field asks here, so a later household or operator setting replaces it in one place.
 */

import { amountExample } from '../../shared/domain/money';

/** The locale when the browser names none Intl knows (and in plain Node, which has no `navigator`). */
export const FALLBACK_LOCALE = 'en-US';

/** The operator's locale as a BCP 47 tag Intl supports (canonicalised, e.g. `de-DE`); `FALLBACK_LOCALE` otherwise. */
export function operatorLocale(): string {
  const tag = typeof navigator === 'undefined' ? undefined : navigator.language;
  if (!tag) return FALLBACK_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag])[0] ?? FALLBACK_LOCALE;
  } catch {
    // a malformed tag: Intl throws RangeError
    return FALLBACK_LOCALE;
  }
}

/**
 * The placeholder of an amount field in `currency`: an example written the operator's way
 * (`1,234.56` in en-US, `1.234,56` in de-DE, `1,234` for JPY); `''` while the currency is
 * not a code Intl accepts (still being typed).
 */
export function amountPlaceholder(currency: string): string {
  try {
    return amountExample(operatorLocale(), currency);
  } catch {
    return '';
  }
}
