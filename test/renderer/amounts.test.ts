import { afterEach, describe, expect, it, vi } from 'vitest';
import { amountExample, formatAmountInput, parseAmountInput, type AmountParse } from '../../shared/domain/money';
import { parseQuickAdd } from '../../renderer/features/shopping/view';
import { amountPlaceholder, FALLBACK_LOCALE, operatorLocale } from '../../renderer/ui/locale';

const read = (text: string, locale: string, currency = 'EUR', signed?: boolean): AmountParse => parseAmountInput(text, { locale, currency, ...(signed === undefined ? {} : { signed }) });
const minor = (text: string, locale: string, currency = 'EUR') => {
  const r = read(text, locale, currency);
  return r.ok ? r.minor : r.reason;
};

describe('amounts typed the operator’s way: de-DE', () => {
  it('reads the dot as grouping and the comma as decimals, with signs and the currency around it', () => {
    expect(['1.234,56', '1234,56', '1.234.567,8', '0,05', ',5', '12,', '1.234', '€ 12,50', '12,50 €', '12,50 eur', '+12,50'].map((t) => minor(t, 'de-DE'))).toEqual([
      123456, 123456, 123456780, 5, 50, 1200, 123400, 1250, 1250, 1250, 1250,
    ]);
    expect(['-12,50', '−12,50', '12,50-', '- 12,50 €', '€ -12,50', '(12,50)'].map((t) => minor(t, 'de-DE'))).toEqual([-1250, -1250, -1250, -1250, -1250, -1250]);
    expect(minor('12,–', 'de-DE')).toBe(1200);
  });

  it('refuses what it cannot read without guessing, each with a message for the field', () => {
    expect(read('1,234', 'de-DE')).toEqual({ ok: false, reason: 'ambiguous', message: '1,234 is ambiguous in de-DE: write 1234, or 1,23 (at most 2 decimals)' });
    expect(read('12.50', 'de-DE')).toEqual({ ok: false, reason: 'decimal_separator', message: 'in de-DE the decimal separator is ",": write 12,50' });
    expect(read('1,234.56', 'de-DE')).toEqual({ ok: false, reason: 'not_amount', message: 'must be an amount such as 1.234,56' });
    expect(read('', 'de-DE')).toEqual({ ok: false, reason: 'empty', message: 'enter an amount, e.g. 1.234,56' });
    expect(read('12,5055', 'de-DE', 'EUR')).toMatchObject({ reason: 'too_many_decimals', message: 'at most 2 decimals' });
    expect(read('0,125', 'de-DE')).toMatchObject({ reason: 'too_many_decimals' });
    expect(read('12 USD', 'de-DE')).toEqual({ ok: false, reason: 'other_currency', message: 'the amount is in USD; this field is in EUR' });
    expect(read('-12,50', 'de-DE', 'EUR', false)).toEqual({ ok: false, reason: 'negative', message: 'must not be negative' });
    for (const bad of ['abc', '1.23.456', '1..2', '--5', '12,5,0', '1.234 567', '€', '-', '12 - 5', '1e3', '0x10']) expect(read(bad, 'de-DE').ok, bad).toBe(false);
    expect(read('99.999.999.999.999,99', 'de-DE')).toEqual({ ok: false, reason: 'too_large', message: 'too large' });
  });

  it('takes the locale’s reading when it is an amount: 1.234 is a thousand two hundred and thirty-four, in KWD 1,234 is 1.234', () => {
    expect(minor('1.234', 'de-DE')).toBe(123400);
    expect(minor('1,234', 'de-DE', 'KWD')).toBe(1234);
    expect(minor('1.234', 'de-DE', 'KWD')).toBe(1234000);
    expect(minor('1.500', 'de-DE', 'JPY')).toBe(1500);
    expect(read('1,5', 'de-DE', 'JPY')).toMatchObject({ reason: 'too_many_decimals', message: 'JPY has no decimals' });
  });
});

describe('amounts typed the operator’s way: en-US', () => {
  it('reads the comma as grouping and the dot as decimals', () => {
    expect(['1,234.56', '1234.56', '1,234,567.8', '.5', '$12.50', '12.50 EUR', '1,500', '(12.50)', '-12.50', '12.50-'].map((t) => minor(t, 'en-US'))).toEqual([
      123456, 123456, 123456780, 50, 'not_amount', 1250, 150000, -1250, -1250, -1250,
    ]);
    expect(minor('$12.50', 'en-US', 'USD')).toBe(1250);
    expect(minor('1,500', 'en-US', 'JPY')).toBe(1500);
  });

  it('refuses an ambiguous lone point before three digits, and a comma where the decimals go', () => {
    expect(read('1.234', 'en-US')).toEqual({ ok: false, reason: 'ambiguous', message: '1.234 is ambiguous in en-US: write 1234, or 1.23 (at most 2 decimals)' });
    expect(read('1.500', 'en-US', 'JPY')).toEqual({ ok: false, reason: 'ambiguous', message: '1.500 is ambiguous in en-US: write 1500 (JPY has no decimals)' });
    expect(read('12,50', 'en-US')).toEqual({ ok: false, reason: 'decimal_separator', message: 'in en-US the decimal separator is ".": write 12.50' });
    expect(read('1.234,56', 'en-US')).toMatchObject({ reason: 'not_amount', message: 'must be an amount such as 1,234.56' });
    expect(read('1,23,456', 'en-US')).toMatchObject({ reason: 'not_amount' });
  });

  it('follows the locale’s own group sizes (en-IN: 12,34,567.00) and accepts thousands in threes there too', () => {
    expect(minor('12,34,567.00', 'en-IN', 'INR')).toBe(123456700);
    expect(minor('1,234,567.00', 'en-IN', 'INR')).toBe(123456700);
  });
});

describe('amounts typed the operator’s way: fr-FR', () => {
  it('groups with spaces (no-break, narrow no-break, plain) and reads the comma, or a keypad point, as decimals', () => {
    expect(['1 234,56', '1\u202f234,56', '1\u00a0234,56', '1234,56', '12,50 €', '12.50', '-1 234,5'].map((t) => minor(t, 'fr-FR'))).toEqual([123456, 123456, 123456, 123456, 1250, 1250, -123450]);
  });

  it('refuses a point before three digits (grouping elsewhere) and German grouping', () => {
    expect(read('1.234', 'fr-FR')).toEqual({ ok: false, reason: 'ambiguous', message: '1.234 is ambiguous in fr-FR: write 1234, or 1,23 (at most 2 decimals)' });
    expect(read('1.234,56', 'fr-FR')).toMatchObject({ reason: 'not_amount', message: 'must be an amount such as 1\u202f234,56' });
    expect(read('1 23,50', 'fr-FR')).toMatchObject({ reason: 'not_amount' });
  });
});

describe('amounts typed the operator’s way: de-CH', () => {
  it('groups with an apostrophe (straight or typographic) and reads the point, or a comma, as decimals', () => {
    expect(["1'234.56", '1’234.56', '1234.56', 'CHF 12.50', '12,50', "-1'234.50", 'CHF 12.–', "1'234'567"].map((t) => minor(t, 'de-CH', 'CHF'))).toEqual([
      123456, 123456, 123456, 1250, 1250, -123450, 1200, 123456700,
    ]);
  });

  it('refuses a comma before three digits, mixed group separators and misplaced apostrophes', () => {
    expect(read('1,234', 'de-CH', 'CHF')).toEqual({ ok: false, reason: 'ambiguous', message: '1,234 is ambiguous in de-CH: write 1234, or 1.23 (at most 2 decimals)' });
    expect(read("1'234,567.00", 'de-CH', 'CHF')).toMatchObject({ reason: 'not_amount' });
    expect(read("12'34.50", 'de-CH', 'CHF')).toMatchObject({ reason: 'not_amount' });
  });
});

describe('putting an amount back in a field', () => {
  it('writes minor units the locale’s way, and reads back to the same value', () => {
    const cases: [number, string, string, string][] = [
      [123456, 'de-DE', 'EUR', '1.234,56'],
      [-1250, 'de-DE', 'EUR', '-12,50'],
      [123456, 'en-US', 'EUR', '1,234.56'],
      [150000, 'fr-FR', 'EUR', '1\u202f500,00'],
      [123456, 'de-CH', 'CHF', "1'234.56"],
      [1500, 'en-US', 'JPY', '1,500'],
      [1234567, 'en-US', 'KWD', '1,234.567'],
      [5, 'en-US', 'EUR', '0.05'],
      [Number.MAX_SAFE_INTEGER, 'de-DE', 'EUR', '90.071.992.547.409,91'],
    ];
    for (const [value, locale, currency, text] of cases) {
      // ICU versions differ on de-CH's apostrophe (' or ’): both read back the same
      expect(formatAmountInput(value, { locale, currency }).replace('’', "'")).toBe(text);
      expect(parseAmountInput(formatAmountInput(value, { locale, currency }), { locale, currency })).toEqual({ ok: true, minor: value });
    }
    expect([amountExample('de-DE', 'EUR'), amountExample('en-US', 'JPY'), amountExample('en-US', 'KWD')]).toEqual(['1.234,56', '1,234', '1,234.567']);
  });
});

describe('the operator’s locale', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is the browser’s language, canonicalised; en-US where there is none or Intl does not know it', () => {
    vi.stubGlobal('navigator', { language: 'de-de' });
    expect(operatorLocale()).toBe('de-DE');
    expect(amountPlaceholder('EUR')).toBe('1.234,56');
    expect(amountPlaceholder('E')).toBe('');
    vi.stubGlobal('navigator', { language: 'not a tag!' });
    expect(operatorLocale()).toBe(FALLBACK_LOCALE);
    vi.stubGlobal('navigator', undefined);
    expect(operatorLocale()).toBe('en-US');
  });

  it('is the one quick add reads too: a comma ends the name, the amount after it is the locale’s', () => {
    vi.stubGlobal('navigator', { language: 'de-DE' });
    expect(parseQuickAdd('Milch, 3,50', 'EUR')).toEqual({ ok: true, name: 'Milch', estTotalMinor: 350 });
    expect(parseQuickAdd('Kaffee, 1.234,50 €', 'EUR')).toEqual({ ok: true, name: 'Kaffee', estTotalMinor: 123450 });
    expect(parseQuickAdd('Eier, groß', 'EUR')).toEqual({ ok: true, name: 'Eier, groß', estTotalMinor: undefined });
    expect(parseQuickAdd('Milch, 2 l', 'EUR')).toEqual({ ok: true, name: 'Milch, 2 l', estTotalMinor: undefined });
    expect(parseQuickAdd('Milch, 3.50', 'EUR')).toEqual({ ok: false, error: 'estimated total: in de-DE the decimal separator is ",": write 3,50' });
    vi.stubGlobal('navigator', { language: 'fr-FR' });
    expect(parseQuickAdd('Lait, 1 234,50', 'EUR')).toEqual({ ok: true, name: 'Lait', estTotalMinor: 123450 });
  });
});
