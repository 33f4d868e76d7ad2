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

/** How a locale writes amounts of one currency, learnt from Intl (see `amountConventions`). */
interface AmountConventions {
  /** The locale's decimal separator for this currency (`,` in de-DE, `.` in en-US and de-CH). */
  decimal: string;
  /** The locale's group separator, spaces as `' '` and apostrophes as `'` (`.` de-DE, `,` en-US, `' '` fr-FR, `'` de-CH). */
  group: string;
  /** `.` or `,` also read as the decimal separator where the locale groups with neither (`.` in fr-FR, `,` in de-CH); else null. */
  altDecimal: string | null;
  /** Digits in the last group and in the ones before it: 3 and 3 mostly, 3 and 2 in en-IN (`12,34,567`). */
  primaryGroup: number;
  secondaryGroup: number;
  /** The currency's minor unit digits (`minorUnitDigits`). */
  digits: number;
  /** Ways the currency is written beside an amount: its code and the locale's symbols (`EUR`, `€`). */
  markers: string[];
  /** The currency format without decimals, for the grouped whole part of `formatAmountInput`. */
  wholes: Intl.NumberFormat;
}

const SPACE = /\s/u;
const APOSTROPHES = new Set(["'", '’', 'ʼ']);

/** One separator character as the parser compares it: every space is `' '`, every apostrophe `'`. */
function normalSeparator(c: string): string {
  if (SPACE.test(c)) return ' ';
  return APOSTROPHES.has(c) ? "'" : c;
}

const conventions = new Map<string, AmountConventions>();

/**
 * The conventions of `locale` for `currency`, from the currency format's parts (Latin digits,
 * so a locale whose own digits are others is read in 0–9 too). Cached per locale and currency.
 * Throws RangeError for a malformed locale tag or an unknown currency (Intl's own errors).
 */
function amountConventions(locale: string, currency: string): AmountConventions {
  const key = `${locale}|${currency}`;
  const known = conventions.get(key);
  if (known) return known;
  const base = { style: 'currency', currency, numberingSystem: 'latn' } as const;
  const parts = new Intl.NumberFormat(locale, { ...base, minimumFractionDigits: 2, maximumFractionDigits: 2 }).formatToParts(1234567890.5);
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = normalSeparator(parts.find((p) => p.type === 'group')?.value ?? ' ');
  const sizes = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const primaryGroup = sizes.length > 1 ? (sizes.at(-1) ?? 3) : 3;
  const secondaryGroup = sizes.length > 2 ? (sizes.at(-2) ?? primaryGroup) : primaryGroup;
  const altDecimal = group === '.' || group === ',' ? null : decimal === ',' ? '.' : decimal === '.' ? ',' : null;
  const markers = new Set<string>([currency]);
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    const symbol = new Intl.NumberFormat(locale, { ...base, currencyDisplay }).formatToParts(1).find((p) => p.type === 'currency')?.value;
    if (symbol) markers.add(symbol.replace(/\s+/gu, ' ').trim());
  }
  const found: AmountConventions = {
    decimal,
    group,
    altDecimal,
    primaryGroup,
    secondaryGroup,
    digits: minorUnitDigits(currency),
    markers: [...markers].sort((a, b) => b.length - a.length),
    wholes: new Intl.NumberFormat(locale, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  };
  conventions.set(key, found);
  return found;
}

/** Why `parseAmountInput` refused a text (the message says it in words). */
export type AmountRefusal = 'empty' | 'not_amount' | 'other_currency' | 'negative' | 'ambiguous' | 'decimal_separator' | 'too_many_decimals' | 'too_large';

export type AmountParse = { ok: true; minor: number } | { ok: false; reason: AmountRefusal; message: string };

export interface AmountInputOptions {
  /** BCP 47 tag of the operator's locale, e.g. `de-DE`: its separators are the ones read. */
  locale: string;
  /** ISO-4217 code: its minor unit digits, its code and symbols. */
  currency: string;
  /** Whether a sign is allowed (default true); false refuses a negative amount ("must not be negative"). */
  signed?: boolean;
}

/**
 * An amount as an operator types it, in `locale`'s way of writing `currency`, as integer
 * minor units: `parseAmountInput('1.234,56', { locale: 'de-DE', currency: 'EUR' })` →
 * `{ ok: true, minor: 123456 }`. Digits are read as text, never through a float.
 *
 * Read:
 * - the locale's decimal separator and group separator (`1.234,56` de-DE, `1,234.56` en-US,
 *   `1 234,56` fr-FR, `1'234.56` de-CH); spaces (also no-break and narrow no-break) and
 *   apostrophes (`'` `’`) group digits in every locale; one kind of group separator per
 *   amount; groups of three (or the locale's own sizes: en-IN `12,34,567`), the first of one
 *   to three digits; grouping is optional (`1234,56`);
 * - where the locale groups with neither `.` nor `,` (fr-FR, de-CH), the other of the two
 *   marks the decimals too (`12.50` in fr-FR, `12,50` in de-CH);
 * - no digits before or after the decimal separator (`,50`, `12,`);
 * - a sign: a leading `-`, `−`, `–` or `+`, a trailing minus (`12,50-`), or parentheses
 *   (`(12.50)`), before or after the currency; a dash right after the decimal separator
 *   is no decimals, not a sign (`12.–` in de-CH is 12.00);
 * - the currency's code (any case) or the locale's symbol for it, before or after
 *   (`€ 12,50`, `12,50 EUR`).
 *
 * Refused, each with a message for the field (`reason` names which):
 * - `empty`: nothing typed;
 * - `ambiguous`: one `.` or `,` between one to three digits (not starting with 0) and exactly
 *   three, where the locale's reading is not an amount of the currency: `1,234` in de-DE for
 *   EUR (1234 or 1,23?), `1.234` in en-US, `1.234` in fr-FR (the `.` read as decimals there
 *   groups thousands elsewhere). When the locale's reading is an amount it is taken: `1.234`
 *   in de-DE is 1234, `1.234` KWD in en-US is 1.234; `0.125` is not ambiguous (too many decimals);
 * - `decimal_separator`: the locale's group separator where the decimals go (`12.50` in
 *   de-DE: write 12,50);
 * - `too_many_decimals`: more decimals than the currency has (`JPY has no decimals`);
 * - `other_currency`: another currency's code (`12 USD` in a EUR field);
 * - `negative`: a sign with `signed: false`;
 * - `too_large`: beyond Number.MAX_SAFE_INTEGER minor units;
 * - `not_amount`: anything else (letters, two decimal separators, mixed or misplaced group
 *   separators, `1.23.456`).
 * Throws RangeError for a malformed locale tag or a currency Intl does not know.
 */
export function parseAmountInput(text: string, options: AmountInputOptions): AmountParse {
  const { locale, currency } = options;
  const c = amountConventions(locale, currency);
  const example = amountExample(locale, currency);
  const refuse = (reason: AmountRefusal, message: string): AmountParse => ({ ok: false, reason, message });
  const typed = text.replace(/\s+/gu, ' ').trim();
  if (typed === '') return refuse('empty', `enter an amount, e.g. ${example}`);
  const notAmount = () => refuse('not_amount', `must be an amount such as ${example}`);

  let body = typed;
  let negative = false;
  let signSeen = false;
  let currencySeen = false;
  for (;;) {
    body = body.trim();
    const marker = currencySeen ? undefined : c.markers.find((m) => body.toUpperCase().startsWith(m.toUpperCase()) || body.toUpperCase().endsWith(m.toUpperCase()));
    if (marker) {
      body = body.toUpperCase().startsWith(marker.toUpperCase()) ? body.slice(marker.length) : body.slice(0, body.length - marker.length);
      currencySeen = true;
    } else if (!signSeen && /^[-−–+]/u.test(body)) {
      negative = body[0] !== '+';
      body = body.slice(1);
      signSeen = true;
    } else if (/[.,][-–—]{1,2}$/u.test(body)) {
      // `12.–` is twelve with no cents (Swiss and German price tags), not a minus
      body = body.replace(/[-–—]+$/u, '');
    } else if (!signSeen && /[-−–]$/u.test(body)) {
      negative = true;
      body = body.slice(0, -1);
      signSeen = true;
    } else if (!signSeen && /^\(.*\)$/u.test(body)) {
      negative = true;
      body = body.slice(1, -1);
      signSeen = true;
    } else break;
  }

  const shape = body.replace(/\D/gu, (ch) => normalSeparator(ch));
  if (!/^[\d.,' ]+$/u.test(shape)) {
    const code = /(?:^|[^A-Za-z])([A-Za-z]{3})(?:$|[^A-Za-z])/u.exec(typed)?.[1]?.toUpperCase();
    if (code && code !== currency && isKnownCurrency(code)) return refuse('other_currency', `the amount is in ${code}; this field is in ${currency}`);
    return notAmount();
  }

  // digit runs at even indexes, one separator character between each two
  const parts = shape.split(/(\D)/u);
  const runs = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  const last = seps.at(-1);
  const lastRun = runs.at(-1) ?? '';
  const isDecimal = (s: string | undefined) => s !== undefined && (s === c.decimal || s === c.altDecimal);
  const decimalAt = isDecimal(last) ? seps.length - 1 : -1;
  const groupSeps = decimalAt === -1 ? seps : seps.slice(0, -1);
  const intRuns = decimalAt === -1 ? runs : runs.slice(0, -1);
  const fraction = decimalAt === -1 ? '' : lastRun;

  if (seps.length === 1 && /^[1-9]\d{0,2}$/u.test(runs[0] ?? '') && lastRun.length === 3 && (last === '.' || last === ',')) {
    // one '.' or ',' before three digits: grouping in one convention, decimals in the other
    const localeReadsDecimals = isDecimal(last);
    const localeReadingFits = last === c.group || (last === c.decimal && c.digits >= 3);
    if (localeReadsDecimals && !localeReadingFits) {
      const whole = `${runs[0]}${lastRun}`;
      const decimals = c.digits === 0 ? ` (${currency} has no decimals)` : `, or ${runs[0]}${c.decimal}${lastRun.slice(0, c.digits)}${c.digits < 3 ? ` (at most ${c.digits} decimals)` : ''}`;
      return refuse('ambiguous', `${typed} is ambiguous in ${locale}: write ${whole}${decimals}`);
    }
  }
  if (seps.length === 1 && last === c.group && (last === '.' || last === ',') && lastRun.length < 3) {
    return refuse('decimal_separator', `in ${locale} the decimal separator is "${c.decimal}": write ${runs[0] || '0'}${c.decimal}${lastRun}`);
  }

  const groupKinds = new Set(groupSeps);
  if (groupKinds.size > 1 || groupSeps.some((s) => s !== c.group && s !== ' ' && s !== "'")) return notAmount();
  if (groupSeps.length > 0) {
    const middle = intRuns.slice(1, -1);
    const first = intRuns[0] ?? '';
    const lastGroup = intRuns.at(-1) ?? '';
    const fits = (size: number) => first.length >= 1 && first.length <= size && middle.every((g) => g.length === size) && lastGroup.length === c.primaryGroup;
    if (!fits(c.primaryGroup) && !fits(c.secondaryGroup)) return notAmount();
  }
  const whole = intRuns.join('');
  if (whole === '' && fraction === '') return notAmount();

  if (fraction.length > c.digits) return refuse('too_many_decimals', c.digits === 0 ? `${currency} has no decimals` : `at most ${c.digits} decimals`);
  const magnitude = BigInt(whole || '0') * 10n ** BigInt(c.digits) + BigInt(fraction.padEnd(c.digits, '0') || '0');
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return refuse('too_large', 'too large');
  if (negative && magnitude > 0n && options.signed === false) return refuse('negative', 'must not be negative');
  const minor = Number(magnitude);
  return { ok: true, minor: negative && minor > 0 ? -minor : minor };
}

/**
 * Integer minor units as text for an amount field, written the way `locale` writes
 * `currency` and read back by `parseAmountInput`: `formatAmountInput(123456, { locale: 'de-DE',
 * currency: 'EUR' })` → `1.234,56`; `-1250` → `-12,50`; JPY `1500` in en-US → `1,500`.
 * No currency symbol (the field's label names it); Latin digits; an ASCII minus.
 * Throws RangeError for a malformed locale tag, a currency Intl does not know, or a
 * `minor` that is not an integer.
 */
export function formatAmountInput(minor: number, options: { locale: string; currency: string }): string {
  const c = amountConventions(options.locale, options.currency);
  const magnitude = BigInt(Math.abs(minor));
  const scale = 10n ** BigInt(c.digits);
  const whole = c.wholes
    .formatToParts(magnitude / scale)
    .filter((p) => p.type === 'integer' || p.type === 'group')
    .map((p) => p.value)
    .join('');
  const fraction = c.digits === 0 ? '' : `${c.decimal}${(magnitude % scale).toString().padStart(c.digits, '0')}`;
  return `${minor < 0 && magnitude > 0n ? '-' : ''}${whole}${fraction}`;
}

/** An example amount for a field's placeholder and messages: 1234.56 in `locale`'s way (`1.234,56` de-DE, `1,234.56` en-US, `1,234` JPY). */
export function amountExample(locale: string, currency: string): string {
  const digits = minorUnitDigits(currency);
  return formatAmountInput(Number(`1234${'5678'.slice(0, digits)}`), { locale, currency });
}
