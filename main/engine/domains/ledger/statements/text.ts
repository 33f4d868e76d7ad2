/**
 * Text helpers shared by the statement readers: decoding bytes, decimal amounts as text
 * (never floats), strict calendar dates.
 */
import { format as formatDate, isValid, parse as parseDate } from 'date-fns';
import { EngineError } from '../../../../../shared/contract';

/**
 * Decodes a statement's bytes. 'utf-8' is strict (a byte sequence that is not UTF-8 throws
 * EngineError `invalid` suggesting the latin1 encoding); 'latin1' reads Windows-1252, the
 * superset banks actually write (€ at 0x80). A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, encoding: 'utf-8' | 'latin1'): string {
  let text: string;
  if (encoding === 'latin1') text = new TextDecoder('windows-1252').decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new EngineError('invalid', `the file is not UTF-8 text (${badUtf8(bytes)}): it looks like Latin-1/Windows-1252 — choose the latin1 encoding`);
    }
  }
  return text.replace(/^\uFEFF/, '');
}

/** Where the first byte that is not UTF-8 is, for the error message. */
function badUtf8(bytes: Uint8Array): string {
  for (let i = 0, line = 1; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) line += 1;
    if (b < 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    const tail = need > 0 ? Array.from(bytes.subarray(i + 1, i + 1 + need)) : [];
    if (need < 0 || tail.length < need || tail.some((c) => (c & 0xc0) !== 0x80)) return `byte 0x${b.toString(16).toUpperCase()} on line ${line}`;
    i += need;
  }
  return 'a bad byte sequence';
}

/**
 * Canonical decimal text of an amount as written in a statement, or null when it is not a
 * plain number. `decimal` is the decimal separator: '.' reads `1,234.56` and `-12.5`; ','
 * reads `1.234,56` and `-12,50`. Whitespace (also no-break and thin spaces used to group
 * thousands) is ignored; a leading + or − is the sign; anything else — currency symbols,
 * letters, two separators (`12.5.3`) — gives null. Result: `-1234.56`, `12`, `0.5`.
 */
export function decimalText(text: string, decimal: '.' | ','): string | null {
  const t = text.replace(/[\s\u00a0\u202f]+/g, '');
  const m = decimal === '.' ? /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(t) : /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(t);
  if (!m) return null;
  const whole = (m[2] ?? '').replace(/[.,]/g, '').replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(whole + fraction);
  return `${m[1] === '-' && !zero ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Integer minor units of a canonical decimal text (`decimalText`'s output) in a currency
 * with `digits` decimal places: `toMinorUnits('-12.5', 2)` → -1250. Returns null when the
 * text has more decimal places than the currency or the result is not a safe integer.
 * String arithmetic only: no float ever holds the amount.
 */
export function toMinorUnits(canonical: string, digits: number): number | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(canonical);
  if (!m) return null;
  const fraction = m[3] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(`${m[2]}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) return null;
  return m[1] === '-' && minor !== 0 ? -minor : minor;
}

/** Two-digit years are read as 1950–2049 (date-fns picks the century closest to this reference). */
const REFERENCE = new Date(2000, 0, 1);

/**
 * `YYYY-MM-DD` of `text` read strictly in a date-fns `pattern` (e.g. `dd/MM/yyyy`), or
 * null: the date must exist (31/02 does not) and print back as written, so a pattern never
 * accepts a different layout. Single-letter fields (`d/M/yyyy`) accept a leading zero.
 */
export function strictDate(text: string, pattern: string): string | null {
  const t = text.trim();
  const day = parseDate(t, pattern, REFERENCE);
  if (!isValid(day) || day.getFullYear() < 1900) return null;
  const unpadded = (s: string) => s.replace(/(^|\D)0+(?=\d)/g, '$1');
  const back = formatDate(day, pattern);
  if (back !== t && !(/(^|[^d])d([^d]|$)|(^|[^M])M([^M]|$)/.test(pattern) && unpadded(back) === unpadded(t))) return null;
  return isoDate(day.getFullYear(), day.getMonth() + 1, day.getDate());
}

/** `YYYY-MM-DD` of a year, month (1–12) and day, or null when that day does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A text field trimmed, inner whitespace collapsed, at most 500 characters; null when empty. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const t = String(value).replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 500) : null;
}

/** A short, printable excerpt of a value for an error message. */
export function excerpt(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
