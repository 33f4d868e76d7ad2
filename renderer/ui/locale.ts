/**
 * The operator's locale: how amounts are typed into fields and put back in them (`1.234,56`
 * in de-DE, `1,234.56` in en-US), and how dates and money are shown. It is the household's
 * locale setting when one is set (Settings screen, `settings.update`; the settings slice
 * passes it here with `setHouseholdLocale` whenever it loads the settings), else the
 * browser's (`navigator.language`, which Electron's window and browser mode both have);
 * every amount field asks here.
 */

import { amountExample } from '../../shared/domain/money';

/** The locale when the browser names none Intl knows (and in plain Node, which has no `navigator`). */
export const FALLBACK_LOCALE = 'en-US';

/** The household's locale setting (canonical BCP 47), null while unset or not loaded. */
let householdLocale: string | null = null;

/** A BCP 47 tag as Intl supports it (canonicalised, e.g. `de-de` → `de-DE`), null for a malformed or unknown one. */
function supported(tag: string): string | null {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag])[0] ?? null;
  } catch {
    // a malformed tag: Intl throws RangeError
    return null;
  }
}

/**
 * Sets the household's locale setting (`settings.get`'s `locale`): null, or a tag Intl does
 * not support, goes back to the browser's.
 */
export function setHouseholdLocale(tag: string | null): void {
  householdLocale = tag ? supported(tag) : null;
}

/** The household's locale setting as set by `setHouseholdLocale`, null when none (the browser's applies). */
export function householdLocaleSetting(): string | null {
  return householdLocale;
}

/**
 * The operator's locale as a BCP 47 tag Intl supports (canonicalised, e.g. `de-DE`): the
 * household's setting, else the browser's, else `FALLBACK_LOCALE`.
 */
export function operatorLocale(): string {
  if (householdLocale) return householdLocale;
  const tag = typeof navigator === 'undefined' ? undefined : navigator.language;
  if (!tag) return FALLBACK_LOCALE;
  return supported(tag) ?? FALLBACK_LOCALE;
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
