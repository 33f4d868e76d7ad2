/**
 * Key fields of a receipt (issue 17, item 3) from its OCR'd words: vendor, date, total and
 * currency, each proposed with a confidence and the box it was read from.
 *
 * First the words are put back into visual rows (OCR lines or segments whose vertical spans
 * overlap by at least half the smaller height, `SAME_ROW_OVERLAP`), left to right, because a
 * receipt prints a label and its value on one row but OCR often returns them as separate lines
 * (the SROIE annotations always do). Each field then has its own rules below.
 *
 * Confidence of a proposal = rule strength (0–1, listed per rule) × mean OCR confidence / 100 of
 * the words used (a PDF text layer counts as 100).
 *
 * Thresholds were measured on ICDAR-2019 SROIE (626 Malaysian receipts, its truth OCR and
 * Tesseract 5's reading of 80 of the scans); see test/engine/capture-fields.test.ts.
 */
import { isValid, parse } from 'date-fns';
import type { Box, ExtractedFields, FieldProposal, OcrPage } from '../../../../../shared/contract/capture';
import { isKnownCurrency, minorUnitDigits } from '../../../../../shared/domain/money';
import { vendorKey } from '../../../../../shared/domain/vendor';

export interface ExtractOptions {
  /** Vendors already on file, exact spelling: a candidate this close to one takes its name (`VENDOR_SNAP_SIMILARITY`). */
  knownVendors?: string[];
  /** ISO-4217 code proposed, with a low confidence and no box, when the receipt shows no currency. */
  defaultCurrency?: string;
  /** Read an ambiguous numeric date (05/04/2018) day first (default true: Malaysian and European receipts). */
  dayFirst?: boolean;
}

/** Vertical overlap, as a share of the smaller height, above which two OCR lines are on one row. */
const SAME_ROW_OVERLAP = 0.5;

/**
 * Normalised similarity (1 − Levenshtein distance / longer length) of two `vendorKey`s at or
 * above which a candidate snaps to a known vendor. Measured on SROIE: different shops came as
 * close as 0.75 (`MPH BOOKSTORES` / `TIMES BOOKSTORES`) and 0.80 (Tesseract's `YONG TAT
 * HARDWARE TRADING` / `HON HWA HARDWARE TRADING`), while Tesseract misreads of a shop on file
 * scored 0.87–1 (`JAN HING` for `LIAN HING` 0.90, `99 SPEED MART 5/B` 0.87) with a few at
 * 0.71–0.83 that are given up for safety.
 */
export const VENDOR_SNAP_SIMILARITY = 0.85;

interface Token {
  text: string;
  confidence: number;
  box: Box;
}

interface Row {
  page: number;
  tokens: Token[];
  /** The tokens joined by single spaces. */
  text: string;
  box: Box;
}

/** A span of a row's tokens: the words a value was read from. */
interface Span {
  row: Row;
  from: number;
  to: number;
}

const union = (boxes: Box[]): Box => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

/** The page's lines regrouped into visual rows (see the module docstring), top to bottom. */
function rowsOf(page: OcrPage): Row[] {
  const lines = page.lines
    .map((line) => ({
      box: line.box,
      tokens: (line.words.length > 0 ? line.words : [{ text: line.text, confidence: line.confidence, box: line.box }]).filter((w) => w.text.trim() !== ''),
    }))
    .filter((l) => l.tokens.length > 0)
    .sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const groups: { core: Box; tokens: Token[] }[] = [];
  for (const line of lines) {
    const h = line.box.y1 - line.box.y0;
    let best: { core: Box; tokens: Token[] } | undefined;
    let bestOverlap = 0;
    for (const g of groups.slice(-4)) {
      const overlap = Math.min(g.core.y1, line.box.y1) - Math.max(g.core.y0, line.box.y0);
      const smaller = Math.max(1, Math.min(h, g.core.y1 - g.core.y0));
      if (overlap / smaller >= SAME_ROW_OVERLAP && overlap > bestOverlap) {
        best = g;
        bestOverlap = overlap;
      }
    }
    if (best) best.tokens.push(...line.tokens);
    else groups.push({ core: line.box, tokens: [...line.tokens] });
  }
  return groups.map((g) => {
    const tokens = [...g.tokens].sort((a, b) => a.box.x0 - b.box.x0);
    return { page: page.page, tokens, text: tokens.map((t) => t.text).join(' '), box: union(tokens.map((t) => t.box)) };
  });
}

const spanBox = (s: Span): Box => union(s.row.tokens.slice(s.from, s.to).map((t) => t.box));
const spanConfidence = (s: Span): number => {
  const words = s.row.tokens.slice(s.from, s.to);
  return words.reduce((sum, t) => sum + Math.max(0, Math.min(100, t.confidence)), 0) / Math.max(1, words.length) / 100;
};

function proposal<T>(value: T, strength: number, span: Span): FieldProposal<T> {
  return {
    value,
    confidence: round2(Math.max(0, Math.min(1, strength * spanConfidence(span)))),
    page: span.row.page,
    box: spanBox(span),
    source: span.row.text,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Amounts

/**
 * OCR confusions of digits, applied only inside a token that already holds a digit and the
 * shape of an amount: O/o/D/Q → 0, l/I/| → 1, S → 5, B → 8 (Tesseract on thermal print).
 */
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = { O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', '|': '1', S: '5', B: '8' };

/** Currency symbols written before or after an amount, read off before the number is parsed (ISO codes too: `isCurrencyCode`). */
const AMOUNT_PREFIX = /^(?:RM|S\$|US\$|A\$|\$|€|£|¥)/;
const AMOUNT_SUFFIX = /(?:RM|€|£)$/;

/** An ISO-4217 code the platform knows, in capitals (`EUR`); `GST` or `QTY` are not. */
const isCurrencyCode = (text: string): boolean => {
  if (!/^[A-Z]{3}$/.test(text)) return false;
  let known = currencyCodes.get(text);
  if (known === undefined) currencyCodes.set(text, (known = isKnownCurrency(text)));
  return known;
};
const currencyCodes = new Map<string, boolean>();

/** `text` without a currency symbol or ISO code at its start or end. */
function withoutCurrency(text: string): string {
  let t = text.replace(AMOUNT_PREFIX, '').replace(AMOUNT_SUFFIX, '');
  if (isCurrencyCode(t.slice(0, 3))) t = t.slice(3);
  if (isCurrencyCode(t.slice(-3))) t = t.slice(0, -3);
  return t;
}

/**
 * An amount as a receipt prints it, in integer minor units of a currency with `digits` minor
 * digits (default 2), or null. Reads `9.00`, `RM 60.30`, `RM9.00`, `$1,234.50`, `1.234,50`,
 * `9,00` (a decimal comma), OCR look-alikes inside the number (`60.3O` → 6030), spaces around
 * the separator (`60 . 30`), a trailing sign or bracket noise (`9.00)`). Refuses a number
 * without exactly `digits` decimals (a quantity or a code), a negative amount and anything
 * else. `parseAmountMinor('RM 1,234.50')` → 123450.
 */
export function parseAmountMinor(text: string, digits = 2): number | null {
  let t = text.trim().replace(/^[(:*#=]+|[):*#=]+$/g, '');
  t = t.replace(/\s+/g, '');
  for (let i = 0; i < 2; i++) t = withoutCurrency(t).replace(/^[(:]+|[):]+$/g, '');
  if (!/\d/.test(t) || t.startsWith('-') || /-$/.test(t)) return null;
  t = [...t].map((c) => DIGIT_LOOKALIKES[c] ?? c).join('');
  if (digits === 0) {
    const m = /^(\d{1,3}(?:,\d{3})+|\d+)$/.exec(t);
    return m?.[1] ? Number(m[1].replace(/,/g, '')) : null;
  }
  const d = `\\d{${digits}}`;
  const forms = [new RegExp(`^(\\d{1,3}(?:,\\d{3})+|\\d*)\\.(${d})$`), new RegExp(`^(\\d{1,3}(?:\\.\\d{3})+|\\d+),(${d})$`)];
  for (const form of forms) {
    const m = form.exec(t);
    if (m?.[1] !== undefined && m[2]) {
      const whole = Number(m[1].replace(/[.,]/g, '') || '0');
      if (!Number.isSafeInteger(whole * 10 ** digits)) return null;
      return whole * 10 ** digits + Number(m[2]);
    }
  }
  return null;
}

/** Tokens that are only a currency marker, read together with the amount after them (`RM 9.00`). */
const isMarkerToken = (text: string) => /^\(?(?:RM|S\$|US\$|\$|€|£)\)?:?$/.test(text) || isCurrencyCode(text.replace(/^\(|\)?:?$/g, ''));

/**
 * Whether tokens `a` and `b` (adjacent) may be one amount split by OCR: at the decimal
 * separator (`60` `.30`, `60.` `30`, `60` `.` then `30`) or after a currency marker (`RM` `9.00`).
 */
const joins = (a: string, b: string) => isMarkerToken(a) || (/\d$/.test(a) && /^[.,]\d*$/.test(b)) || (/\d[.,]$/.test(a) && /^\d{1,3}\W?$/.test(b));

/**
 * The amounts in a row's tokens from `from` on, left to right, signed: a `-` before or after
 * the number makes it negative (`-0.01`, `20.00-`). One to three adjacent tokens are read
 * together when `joins` allows; the longest reading at a position wins and the next search
 * starts after it.
 */
function amountsIn(row: Row, from: number, digits: number): { minor: number; span: Span }[] {
  const found: { minor: number; span: Span }[] = [];
  let i = from;
  while (i < row.tokens.length) {
    let hit: { minor: number; span: Span } | undefined;
    for (let n = Math.min(3, row.tokens.length - i); n >= 1 && !hit; n--) {
      const words = row.tokens.slice(i, i + n).map((t) => t.text);
      if (words.some((w, k) => k > 0 && !joins(words[k - 1] ?? '', w))) continue;
      const text = words.join('');
      const negative = /^[-–]|[^\d\s]*\d[^-–]*[-–]$/.test(text.replace(/^(?:RM|\$)/i, '')) && !/\d[-–]\d/.test(text);
      const minor = parseAmountMinor(text.replace(/^(RM|MYR|\$)?[-–]|[-–]$/gi, '$1'), digits);
      if (minor !== null) hit = { minor: negative ? -minor : minor, span: { row, from: i, to: i + n } };
    }
    if (hit) {
      found.push(hit);
      i = hit.span.to;
    } else i++;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Total

/** The word TOTAL as OCR reads it off thermal paper (`T0TAL`, `TATAL`, `TOTA1`). */
const T = 'T[O0AQ]T[A4][L1I]';

/**
 * Labels of the total, strongest first (rule strength). `TOTAL SALES` without "incl." is the
 * amount before tax on SROIE's receipts, so it only has plain `TOTAL`'s strength.
 * `AMT DUE` is `AMOUNT DUE` abbreviated (Nando's receipts in SROIE).
 */
const TOTAL_LABELS: { pattern: RegExp; strength: number }[] = [
  { pattern: new RegExp(`\\bROUND(?:ED|ING)?\\W*(?:\\w+\\W+)?${T}\\b|\\b${T}\\W+(?:\\w+\\W+)?(?:ROUNDED|ROUNDING|ADJ\\w*)\\b`), strength: 1 },
  { pattern: new RegExp(`\\b(?:GRAND|NET[TI1]?)\\W*${T}\\b|\\b${T}\\W*(?:AMOUNT|AMT|PAYABLE|DUE|INCLTAX)\\b|\\b(?:AMOUNT|AMT)\\W*(?:DUE|PAYABLE)\\b|\\b${T}\\s*\\(?\\s*(?:RM|MYR)\\b`), strength: 0.9 },
  { pattern: new RegExp(`\\b${T}\\b`), strength: 0.8 },
  { pattern: /\bNETT?\b|\bAMOUNT\b|\bBALANCE\s+DUE\b/, strength: 0.6 },
];

/** "Including tax" in its spellings (`INCL GST`, `INCLUSIVE OF GST`, `WITH GST @ 6%`), read as one word so tax words after it do not refuse the row. */
const INCLUDING_TAX = /\b(?:INCL?\w*|INC|WITH)\W*(?:OF\W*)?[\d.%@\s]*(?:GST|SST|TAX|VAT)\b/g;

/**
 * Label text that names an amount other than the total even when it says TOTAL: subtotals,
 * tax, service charge, discounts, what was tendered and given back, quantities and item
 * counts, totals excluding tax, savings, points.
 */
const NOT_TOTAL = new RegExp(
  `\\bSUB\\W*${T}|\\b${T}\\W*(?:QTY|QUANTITY|ITEMS?|UNITS?|PCS|DISC\\w*|SAVINGS?|SAVED)\\b|\\bEXCL\\w*\\b|\\b(?:CHANGE|TENDER\\w*|CASH|CREDIT|CARD|VISA|MASTER\\w*|DISCOUNT|DISC|VOUCHER|SAVINGS?|SAVING|QTY|COUNT|POINTS?|DEPOSIT|PAID|PAYMENT|SERVICE|SERV|CHARGE|GST|SST|TAX|VAT)\\b`,
);

/** A rounding adjustment's label (Malaysian cash rounding to 5 sen). */
const ROUNDING = /\bROUND\w*\b/;

/** Labels of the cash tendered and of the change given. */
const CASH = /\b(?:CASH|TENDER\w*|PAYMENT|PAID)\b/;
const CHANGE = /\bCHANGE\b/;

/** One label and the amount after it: the words since the previous amount on the row, then the amount. */
interface Labelled {
  label: string;
  minor: number;
  span: Span;
  /** Row index of the amount (the total may be printed below its label). */
  row: number;
}

/**
 * Every amount on the receipt with the words before it on its row (back to the previous
 * amount) as its label; a row that is only a label (`TOTAL:`) takes the last amount of the next
 * row when that row has no label of its own.
 */
function labelledAmounts(rows: Row[], digits: number): Labelled[] {
  const out: Labelled[] = [];
  for (const [i, row] of rows.entries()) {
    const amounts = amountsIn(row, 0, digits);
    let from = 0;
    for (const a of amounts) {
      out.push({ label: labelText(row, from, a.span.from), minor: a.minor, span: a.span, row: i });
      from = a.span.to;
    }
    const rest = labelText(row, from, row.tokens.length);
    const below = rows[i + 1];
    if (amounts.length === 0 && /\p{L}{2}/u.test(rest) && below) {
      const next = amountsIn(below, 0, digits);
      const last = next.at(-1);
      if (last && !/\p{L}{3}/u.test(labelText(below, 0, last.span.from))) out.push({ label: rest, minor: last.minor, span: last.span, row: i + 1 });
    }
  }
  return out;
}

const labelText = (row: Row, from: number, to: number) =>
  row.tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(' ')
    .toUpperCase()
    .replace(INCLUDING_TAX, ' INCLTAX ');

/**
 * The total paid. Candidates are amounts whose label matches `TOTAL_LABELS` and not
 * `NOT_TOTAL`, at that label's strength. Then, from what the receipt itself adds up:
 * - a rounding adjustment (a row saying `ROUND…` but not TOTAL; its amount counts when under half a major unit: cash rounding is to 5 sen in
 *   Malaysia, 5 or 10 cents elsewhere, at most 50 öre in Sweden): a total below it is the
 *   rounded one (+0.1); a total above it plus the adjustment is a candidate too (+0.1 when
 *   the adjustment is printed negative, else both plus and minus it, +0.05 and +0: OCR drops
 *   minus signs), since the rounded total is often printed without a label;
 * - cash tendered minus change given: a candidate equal to it is confirmed (it wins over any
 *   unconfirmed one, since arithmetic outweighs a label read by OCR; +0.15), and when
 *   that amount is printed elsewhere on the receipt it is a candidate of its own (0.85, so it
 *   beats a plain TOTAL read off a tax summary but not a labelled grand or rounded total);
 *   with no other candidate it is the total (0.6);
 * - the subtotal plus the tax, service charge and rounding printed under it
 *   (`chargedSubtotal`): a candidate equal to it is confirmed likewise (+0.15), and when the
 *   sum is printed below the subtotal it is a candidate of its own (0.85: SROIE's `OBE. RM
 *   73.00` under `Sub Total 68.87`, `Service Charge 0.00`, `GST 6% 4.13`, the TOTAL label
 *   misread). An unprinted sum is not proposed: prices often include the tax printed under the
 *   subtotal;
 * - with no candidate at all, cash tendered on a receipt that prints no change line is the
 *   total (0.5, flagged in the review: exact cash leaves no change to print; SROIE's `Cash`
 *   `RM 170.00` under two unlabelled items). A change line, even unreadable, means the cash
 *   was more than the total.
 * - a total followed on its row by another unlabelled amount is a table row (the GST summary's
 *   `TOTAL 52.00 3.12`): −0.2.
 * Confirmed ones first, then the strongest; equally strong ones, the larger amount (a tax or GST-summary line that
 * slipped through is smaller than the total).
 */
function findTotal(rows: Row[], digits: number): FieldProposal<number> | null {
  const all = labelledAmounts(rows, digits);
  const candidates: { minor: number; span: Span; strength: number; source?: string }[] = [];
  const roundingRow = rows.findIndex((r) => ROUNDING.test(r.text.toUpperCase()) && !new RegExp(T).test(r.text.toUpperCase()));
  const rounding = all.find((a) => a.row === roundingRow && Math.abs(a.minor) < 10 ** digits / 2);
  const rounded = (a: Labelled, minor: number, strength: number) =>
    candidates.push({ minor, span: a.span, strength, source: `${a.span.row.text} ${rounding?.span.row.text ?? ''}` });
  for (const a of all) {
    const label = TOTAL_LABELS.find((l) => l.pattern.test(a.label));
    if (!label || NOT_TOTAL.test(a.label.replace(/\bINCLTAX\b/g, '')) || a.minor <= 0) continue;
    const below = roundingRow >= 0 && a.row > roundingRow;
    const table = all.some((b) => b.row === a.row && b.span.from >= a.span.to && b.label === '');
    candidates.push({ minor: a.minor, span: a.span, strength: label.strength + (below ? 0.1 : 0) - (table ? 0.2 : 0) });
    if (rounding && a.row < rounding.row && rounding.minor < 0) rounded(a, a.minor + rounding.minor, label.strength + 0.1);
    if (rounding && a.row < rounding.row && rounding.minor > 0) {
      rounded(a, a.minor + rounding.minor, label.strength + 0.05);
      rounded(a, a.minor - rounding.minor, label.strength);
    }
  }
  const cash = all.find((a) => CASH.test(a.label) && !CHANGE.test(a.label) && a.minor > 0);
  const change = all.find((a) => CHANGE.test(a.label) && a.minor >= 0);
  const paid = cash && change && cash.minor >= change.minor && (cash.row < change.row || cash.span.to <= change.span.from) ? cash.minor - change.minor : null;
  if (cash && paid !== null && paid > 0) {
    const printed = all.find((a) => a.minor === paid && a !== cash && a !== change);
    if (printed) candidates.push({ minor: paid, span: printed.span, strength: 0.85 });
    else if (candidates.length === 0) candidates.push({ minor: paid, span: cash.span, strength: 0.6, source: `${cash.span.row.text} ${change?.span.row.text ?? ''}` });
  }
  const summed = chargedSubtotal(all);
  if (summed && !candidates.some((c) => c.minor === summed.minor)) {
    const printed = all.find((a) => a.minor === summed.minor && a.row > summed.subtotal.row);
    if (printed) candidates.push({ minor: summed.minor, span: printed.span, strength: 0.85, source: `${printed.span.row.text} (${summed.source})` });
  }
  if (cash && !rows.some((r) => CHANGE.test(r.text.toUpperCase())) && candidates.length === 0) candidates.push({ minor: cash.minor, span: cash.span, strength: 0.5 });
  const confirmed = (c: { minor: number }) => (paid !== null && c.minor === paid ? 1 : 0) + (summed && c.minor === summed.minor ? 1 : 0);
  const best = candidates.sort((a, b) => confirmed(b) - confirmed(a) || b.strength - a.strength || b.minor - a.minor)[0];
  if (!best) return null;
  const found = proposal(best.minor, Math.min(1, best.strength + 0.15 * confirmed(best)), best.span);
  return best.source ? { ...found, source: best.source } : found;
}

/** A subtotal's label, and those of the charges a receipt adds to it: tax, service charge, rounding. */
const SUBTOTAL = new RegExp(`\\bSUB\\W*${T}`);
const CHARGE = /\b(?:GST|SST|TAX|VAT|SERVICE|SERV|SVC|CHARGE|ROUND\w*)\b/;
/**
 * Labels that name a tax without adding it: tax included in the prices (`TOTAL GST(I)`, `INCL`),
 * the amount taxed (`GST TAXABLE`), an amount excluding tax; and a total that is not the tax's
 * (`TOTAL (GST INCL)`, unlike `TOTAL TAX`).
 */
const NOT_CHARGE = new RegExp(`\\bTAXABLE\\b|\\bEXCL\\w*|\\bINCL\\w*|\\(I\\)|\\b${T}\\b(?!\\W*(?:GST|SST|TAX|VAT)\\b)`);

/** How many rows below the subtotal its charges are looked for in (SROIE prints at most tax, service charge and rounding). */
const CHARGE_ROWS = 5;

/**
 * The subtotal plus the charges printed right under it (`SUB TOTAL 68.87`, `SERVICE CHARGE
 * 0.00`, `GST 6% 4.13` → 73.00), or null: the first amount labelled SUB TOTAL (not one
 * including or excluding tax, `NOT_CHARGE`), then each amount on the next `CHARGE_ROWS` rows
 * whose label is a `CHARGE` and not a `NOT_CHARGE`, until an amount with another label. Needs
 * one charge at least. Many receipts print prices with tax included and the tax under the
 * subtotal only for the record (SROIE: `SUB TOTAL 129.30`, `GST @6% 7.30`, total 129.30), so the
 * sum is only used where the receipt prints it or a labelled total agrees (`findTotal`).
 */
function chargedSubtotal(all: Labelled[]): { minor: number; subtotal: Labelled; source: string } | null {
  const subtotal = all.find((a) => SUBTOTAL.test(a.label) && !NOT_CHARGE.test(a.label.replace(SUBTOTAL, '')) && a.minor > 0);
  if (!subtotal) return null;
  let minor = subtotal.minor;
  const rows = new Set<string>([subtotal.span.row.text]);
  const seen = new Set<string>();
  let charges = 0;
  for (const a of all.slice(all.indexOf(subtotal) + 1)) {
    if (a.row > subtotal.row + CHARGE_ROWS || a.row === subtotal.row) break;
    const at = `${a.row}:${a.span.from}`;
    if (seen.has(at) || a.label.trim() === '') continue;
    if (!CHARGE.test(a.label) || NOT_CHARGE.test(a.label)) break;
    seen.add(at);
    minor += a.minor;
    charges++;
    rows.add(a.span.row.text);
  }
  return charges > 0 ? { minor, subtotal, source: [...rows].join(' ') } : null;
}

// ---------------------------------------------------------------------------------------------
// Date

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC';

/**
 * date-fns patterns for the shapes a date on a receipt takes once `parseReceiptDate` has
 * normalised separators to `/` and month names to three capitals. Numeric forms are tried
 * day-first or month-first as asked; ISO year-first forms are unambiguous.
 */
const DAY_FIRST = ['dd/MM/yyyy', 'dd/MM/yy'];
const MONTH_FIRST = ['MM/dd/yyyy', 'MM/dd/yy'];
const OTHER_FORMATS = ['yyyy/MM/dd', 'dd/MMM/yyyy', 'dd/MMM/yy', 'MMM/dd/yyyy'];

/** Two-digit years are read as 1950–2049 (date-fns keeps them within 50 years of this). */
const TWO_DIGIT_YEAR_REFERENCE = new Date(2000, 0, 1);

/** Years outside this window are OCR misreadings, not receipts. */
const MIN_YEAR = 1990;
const MAX_YEAR = 2099;

/**
 * The shapes of a date inside a row of text, with OCR noise around it: `25/12/2018`,
 * `25-12-18`, `Date:25/12/2018B:13:39`, `2018-03-30`, `23 Mar 2018`, `23-MAR-18`,
 * `MAR 23, 2018`. Numbers may not touch other digits, so phone and registration numbers
 * (`03-7865 4321`, `001234-56-7890`) do not read as dates; a date glued to a letter is a
 * product code (`HC03-7-15`) unless the letters are a date label (`Date:`, `DT`).
 */
const DATE_SHAPES: RegExp[] = [
  /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/g,
  /(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-]\d|\d)/g,
  new RegExp(`(?<![\\d])(\\d{1,2})[\\s/.-]*(${MONTHS})[A-Z]*[\\s/.,-]*(\\d{4}|\\d{2})(?!\\d)`, 'gi'),
  new RegExp(`\\b(${MONTHS})[A-Z]*[\\s.-]*(\\d{1,2})(?:ST|ND|RD|TH)?,?\\s*(\\d{4})(?!\\d)`, 'gi'),
];

/**
 * Shapes read only where the text is known to be a date (`parseReceiptDate`) or follows a
 * date label, since elsewhere they are as likely invoice or bar-code numbers: eight digits
 * (`20180330`, `25032018`), and two Tesseract misreadings of a slash, dropped (`2512/2018`)
 * or read as a 1 (`1210212018` for 12/02/2018).
 */
const LABELLED_DATE_SHAPES: RegExp[] = [
  /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/g,
  /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})(?!\d)/g,
  /(?<![\d/])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])[/.-]((?:19|20)\d{2})(?!\d)/g,
  /(?<!\d)(0[1-9]|[12]\d|3[01])[1lI|](0[1-9]|1[0-2])[1lI|]((?:19|20)\d{2})(?!\d)/g,
];

/** Letters that may touch a date: the end of a date label. */
const DATE_LABEL_END = /(?:DATE|DT|TARIKH)\W*$/i;

/**
 * A date written on a receipt as ISO `YYYY-MM-DD`, or null. `text` is one date, possibly with
 * noise around it (`Date:25/12/2018B:13:39`); the first date found is read. Reads the shapes of
 * `DATE_SHAPES` and `LABELLED_DATE_SHAPES`; numeric day/month order follows `dayFirst`
 * (default true) when both readings exist (`05/04/2018` → 5 April) and the only possible one
 * otherwise (`12/13/2016` → 13 December). Two-digit years are 1950–2049. Refuses impossible
 * dates (`31/02/2018`) and years outside 1990–2099. Parsing is date-fns's `parse`/`isValid`.
 */
export function parseReceiptDate(text: string, options: { dayFirst?: boolean } = {}): string | null {
  return findDates(text, options.dayFirst ?? true, true)[0]?.iso ?? null;
}

/** Every date in `text` with where it is (character offsets), in order; `labelled` adds `LABELLED_DATE_SHAPES`. */
function findDates(text: string, dayFirst: boolean, labelled: boolean): { iso: string; start: number; end: number }[] {
  const found: { iso: string; start: number; end: number }[] = [];
  const numeric = dayFirst ? [...DAY_FIRST, ...MONTH_FIRST] : [...MONTH_FIRST, ...DAY_FIRST];
  const shapes = labelled ? [...DATE_SHAPES, ...LABELLED_DATE_SHAPES] : DATE_SHAPES;
  for (const [shape, regex] of shapes.entries()) {
    for (const m of text.matchAll(regex)) {
      const [, a = '', b = '', c = '', d = ''] = m;
      const before = text.slice(0, m.index);
      if (/\p{L}$/u.test(before) && !DATE_LABEL_END.test(before)) continue;
      let normal: string;
      let formats: string[];
      if (shape === 0) [normal, formats] = [`${a.padStart(2, '0')}/${c.padStart(2, '0')}/${d}`, numeric];
      else if (shape === 1) [normal, formats] = [`${a}/${c.padStart(2, '0')}/${d.padStart(2, '0')}`, OTHER_FORMATS];
      else if (shape === 2) [normal, formats] = [`${a.padStart(2, '0')}/${month(b)}/${c}`, OTHER_FORMATS];
      else if (shape === 3) [normal, formats] = [`${month(a)}/${b.padStart(2, '0')}/${c}`, OTHER_FORMATS];
      else if (shape === 4) [normal, formats] = [`${a}/${b}/${c}`, OTHER_FORMATS];
      else [normal, formats] = [`${a}/${b}/${c}`, DAY_FIRST];
      const iso = readDate(normal, formats);
      const start = m.index;
      if (iso && !found.some((f) => start < f.end && f.start < start + m[0].length)) found.push({ iso, start, end: start + m[0].length });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

const month = (name: string) => {
  const m = name.slice(0, 3).toLowerCase();
  return m.charAt(0).toUpperCase() + m.slice(1);
};

function readDate(normal: string, formats: string[]): string | null {
  for (const format of formats) {
    if (format.replace(/y+/, (y) => 'y'.repeat(y.length === 2 ? 2 : 4)).length !== normal.length && !format.includes('MMM')) continue;
    const date = parse(normal, format, TWO_DIGIT_YEAR_REFERENCE);
    if (isValid(date) && date.getFullYear() >= MIN_YEAR && date.getFullYear() <= MAX_YEAR) {
      return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    }
  }
  return null;
}

/**
 * The receipt's date: the first date on a row labelled `DATE` / `TARIKH` (strength 0.95),
 * else the first date on the receipt (0.85) that is not on a row about validity or expiry
 * (vouchers and warranties print other dates: `VALID`, `EXPIR`, `EXP`, `DUE`). With neither,
 * the first word that is eight digits reading as a compact date (`27032018`, `20180330`:
 * `LABELLED_DATE_SHAPES`; some SROIE tills print the date so, unlabelled) at 0.5, since it
 * may be another number: the review flags it.
 */
function findDate(rows: Row[], dayFirst: boolean): FieldProposal<string> | null {
  let first: { iso: string; span: Span } | undefined;
  for (const row of rows) {
    if (/\b(?:VALID|EXPIR\w*|EXP|DUE|BEFORE|UNTIL)\b/i.test(row.text)) continue;
    const label = /\b(?:DATE|TARIKH|DT)\b/i.exec(row.text);
    const dates = findDates(row.text, dayFirst, false);
    const date = dates[0] ?? (label ? findDates(row.text.slice(label.index), dayFirst, true).map((d) => ({ ...d, start: d.start + label.index, end: d.end + label.index }))[0] : undefined);
    if (!date) continue;
    const span = tokensOfChars(row, date.start, date.end);
    if (/\b(?:DATE|TARIKH|DT)\b/i.test(row.text.slice(0, date.start))) return proposal(date.iso, 0.95, span);
    first ??= { iso: date.iso, span };
  }
  if (first) return proposal(first.iso, 0.85, first.span);
  for (const row of rows) {
    if (/\b(?:VALID|EXPIR\w*|EXP|DUE|BEFORE|UNTIL)\b/i.test(row.text)) continue;
    for (const [i, token] of row.tokens.entries()) {
      const iso = /^\d{8}$/.test(token.text) ? findDates(token.text, dayFirst, true)[0]?.iso : undefined;
      if (iso) return proposal(iso, 0.5, { row, from: i, to: i + 1 });
    }
  }
  return null;
}

/** The span of a row's tokens covering characters `start`–`end` of its text. */
function tokensOfChars(row: Row, start: number, end: number): Span {
  let from = -1;
  let to = 0;
  let at = 0;
  for (const [i, token] of row.tokens.entries()) {
    const tokenEnd = at + token.text.length;
    if (tokenEnd > start && at < end) {
      if (from < 0) from = i;
      to = i + 1;
    }
    at = tokenEnd + 1;
  }
  return { row, from: Math.max(0, from), to: Math.max(to, from + 1) };
}

// ---------------------------------------------------------------------------------------------
// Currency

/** Symbols that name one currency wherever they stand. */
const CURRENCY_SYMBOLS: { pattern: RegExp; code: string }[] = [
  { pattern: /(?<![A-Z])RM(?![A-Z])/, code: 'MYR' },
  { pattern: /\bS\$/, code: 'SGD' },
  { pattern: /\bUS\$/, code: 'USD' },
  { pattern: /\bA\$/, code: 'AUD' },
  { pattern: /€/, code: 'EUR' },
  { pattern: /£/, code: 'GBP' },
];

/**
 * Currencies a bare `$` may stand for: read as the default currency when it is one of these,
 * else USD. MYR is among them because Malaysian tills print `$` for ringgit (the Malaysian
 * dollar until 1993; 34 of SROIE's 626 receipts print `$` and never `RM`).
 */
const DOLLARS = new Set(['USD', 'SGD', 'AUD', 'CAD', 'NZD', 'HKD', 'TWD', 'BND', 'MXN', 'MYR']);

/**
 * The currency: a symbol (`CURRENCY_SYMBOLS`, strength 0.9) or an ISO-4217 code standing next
 * to an amount or in brackets (`EUR 12.00`, `(SGD)`; 0.9), preferring the total's row, then
 * the most frequent; a bare `$` (0.6: which dollar is a guess); else `defaultCurrency` with no
 * box (0.3); else null.
 */
function findCurrency(rows: Row[], totalRow: Row | null, defaultCurrency: string | undefined): FieldProposal<string> | null {
  const seen: { code: string; span: Span; strength: number }[] = [];
  for (const row of rows) {
    for (const [i, token] of row.tokens.entries()) {
      const text = token.text.toUpperCase();
      const span = { row, from: i, to: i + 1 };
      const symbol = CURRENCY_SYMBOLS.find((s) => s.pattern.test(text));
      if (symbol) {
        seen.push({ code: symbol.code, span, strength: 0.9 });
        continue;
      }
      const code = /^\(?([A-Z]{3})\)?:?$/.exec(token.text)?.[1];
      const bracketed = /^\(.*\)/.test(token.text);
      const nearAmount = [row.tokens[i - 1], row.tokens[i + 1]].some((t) => t && parseAmountMinor(t.text) !== null);
      if (code && isCurrencyCode(code) && (bracketed || nearAmount)) seen.push({ code, span, strength: 0.9 });
      else if (/^\$\d|^\$$/.test(text)) {
        const dollar = defaultCurrency && DOLLARS.has(defaultCurrency) ? defaultCurrency : 'USD';
        seen.push({ code: dollar, span, strength: 0.6 });
      }
    }
  }
  const onTotal = seen.find((s) => s.span.row === totalRow && s.strength >= 0.9);
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s.code, (counts.get(s.code) ?? 0) + s.strength);
  const pick = onTotal ?? [...seen].sort((a, b) => (counts.get(b.code) ?? 0) - (counts.get(a.code) ?? 0) || b.strength - a.strength)[0];
  if (pick) return proposal(pick.code, pick.strength, pick.span);
  if (defaultCurrency) return { value: defaultCurrency, confidence: 0.3, page: 1, box: null, source: 'default currency (none printed on the receipt)' };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Vendor

/** Legal-entity and trade words that mark the company line (Malaysian receipts: SDN BHD, S/B …). */
const COMPANY_MARK =
  /\b(?:SDN\.?\s*BHD|S\/B|BHD|BERHAD|SDN|LTD|LIMITED|PLC|INC|LLC|GMBH|ENTERPRISES?|TRADING|RESTAURANT|RESTORAN|RESTORANT|CAFE|BAKERY|HARDWARE|STATIONERY|MART|SUPERMARKET|PHARMACY|FARMASI|KEDAI|STORE|SHOP|MARKETING|INDUSTRIES|CORPORATION|CORP|SERVICES?|HOLDINGS?|GROUP|(?:\(M\)))(?![A-Z])/;

/** Rows that are not the merchant's name: addresses, contact and tax numbers, document titles, staff. */
const NOT_VENDOR = [
  /\b(?:JALAN|JLN|LORONG|LRG|TAMAN|TMN|LOT|NO\s*\.?\s*\d|BLOK|BLOCK|FLOOR|FLR|LEVEL|ARAS|KAWASAN|PERSIARAN|BANDAR|SEKSYEN|SECTION|KAMPUNG|KG|STREET|ROAD|AVENUE|PLAZA|MALL|CENTRE|CENTER|BATU|SUITE)\b/i,
  /\b(?:SELANGOR|JOHOR|KUALA LUMPUR|PULAU PINANG|PENANG|PERAK|PAHANG|KEDAH|MELAKA|NEGERI SEMBILAN|SABAH|SARAWAK|TERENGGANU|KELANTAN|PERLIS|PUTRAJAYA|DARUL EHSAN|DARUL TAKZIM|MALAYSIA|SINGAPORE)\b/i,
  /(?<!\d)\d{5}(?!\d)/,
  /\b(?:TEL|PHONE|FAX|H\/P|HP|MOBILE|EMAIL|E-MAIL|WWW|HTTP|WEBSITE)\b|@|\.COM\b/i,
  /\b(?:GST|SST|REG|REGISTRATION|CO\.?\s*NO|COMPANY\s*NO|ROC|BRN|TAX\s*ID)\b/i,
  /\b(?:TAX\s*INVOICE|INVOICE|RECEIPT|CASH\s*BILL|BILL|CASHIER|CASH|COUNTER|TABLE|MEMBER|DOCUMENT|SALES|ORDER|TERMINAL|POS|STAFF|SERVER|WELCOME|THANK|DATE|TIME)\b/i,
  /^\W*\(?\d{3,}[\s-]*[A-Z]?\)?\W*$/i,
];

/**
 * A vendor line cleaned for display: a registration number in brackets (`(519537-X)`,
 * `(CO.REG : 933109-X)`, OCR'd as `(12B928-R)` too; or its end alone, its opening bracket
 * lost, as the last word of a row with more closing brackets than opening ones: `AEON CO.
 * (M) BHD 1)`), a labelled field printed after the name on its row dropped (`RESTAURANT SIN
 * from: 10`, `WONG PET YI Trans: 114793`: a word, a colon, then a number), stray punctuation
 * dropped, and the
 * Malaysian legal form repaired where OCR misread one letter of it (`SON BHD`, `SDN 8HD` →
 * `SDN BHD`; `5/B` → `S/B`).
 */
function cleanVendor(text: string): string {
  return text
    .replace(/\(\s*(?:CO\.?\s*(?:REG|NO)\.?\s*:?\s*)?[\dA-Z]*\d{3,}[\dA-Z]*[\s-]*[A-Z]?\s*\)?/gi, ' ')
    .replace(/\b(\w{3})(\.?\s*)(\w{3})\b/g, (all: string, a: string, gap: string, b: string) =>
      similarity(a.toUpperCase(), 'SDN') >= 0.66 && similarity(b.toUpperCase(), 'BHD') >= 0.66 ? `${a.toUpperCase() === a ? 'SDN' : 'Sdn'}${gap}${b.toUpperCase() === b ? 'BHD' : 'Bhd'}` : all,
    )
    .replace(/(^|\s)[S5$&]\/[B8]\b/g, '$1S/B')
    .replace(/\s+[^\s()]*\d[^\s()]*\)\W*$/, (end: string, _at: number, all: string) =>
      (all.match(/\)/g) ?? []).length > (all.match(/\(/g) ?? []).length ? '' : end,
    )
    .replace(/(\p{L}{2}.*?)\s+\p{L}[\p{L}.]*\s*:\s*[^\p{L}\s]*\d.*$/u, '$1')
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}(]+|[^\p{L}\p{N}).]+$/gu, '')
    .trim();
}

/**
 * Mean OCR confidence (0–100) below which an unmarked row is not taken for the vendor: noise
 * read off a logo (`AEE`, `Hs pia`). On the 80 Tesseract reads of SROIE, vendor accuracy is
 * 57.5 % with no floor and 60 % with any floor from 50 to 80; 60 sits inside that plateau.
 */
const VENDOR_MIN_CONFIDENCE = 60;

/**
 * OCR confidence (0–100) below which a short word (one or two characters) at either end of a
 * vendor row that is punctuation or holds a lower-case letter is dropped as noise read off a
 * logo or the paper's edge (`Ee : PAGOH REST AND SERVICE AREA`, `“ THAI DELICIOUS RESTAURANT
 * ie`: the noise scored 0–26 on the 80 Tesseract reads of SROIE). Long words and capitals are
 * kept whatever their confidence: real name words scored as low (`Timeless` 9, `UNIHAKIKA` 12,
 * `CW` 23). A short word under half the row's median word height is dropped too (a speck
 * merged into the name's row: `5`, 8 px high beside 32 px capitals; a longer one may be the
 * legal form printed smaller, `BHD` beside `LIGHTROOM GALLERY`).
 */
const VENDOR_EDGE_NOISE_CONFIDENCE = 30;

/** The span of `row` without noise words at its ends (`VENDOR_EDGE_NOISE_CONFIDENCE`); the whole row when nothing else would be left. */
function vendorSpan(row: Row): Span {
  const heights = row.tokens.map((t) => t.box.y1 - t.box.y0).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  const noise = (t: Token | undefined) =>
    t !== undefined &&
    t.text.length <= 2 &&
    ((t.confidence < VENDOR_EDGE_NOISE_CONFIDENCE && /\p{Ll}|^[^\p{L}\p{N}]+$/u.test(t.text)) || t.box.y1 - t.box.y0 < median / 2);
  let from = 0;
  let to = row.tokens.length;
  while (from < to && noise(row.tokens[from])) from++;
  while (to > from && noise(row.tokens[to - 1])) to--;
  return from < to ? { row, from, to } : { row, from: 0, to: row.tokens.length };
}

const spanText = (s: Span) =>
  s.row.tokens
    .slice(s.from, s.to)
    .map((t) => t.text)
    .join(' ');

/** Words of the legal form and trade alone, with no name: a row of only these (`Sdn Bhd`, `RESTAURANT SDN BHD`, `CO. (M) SDN BHD`) is the end of a name wrapped from the row above. */
const COMPANY_WORDS = new RegExp(`${COMPANY_MARK.source}|\\b(?:CO|M)\\b`, 'g');

/**
 * Whether `text` can be part of a merchant's name: three letters or more, no date, and none
 * of `NOT_VENDOR` — except the state and country names (`NOT_VENDOR[1]`) when `inName`, since
 * they occur in names (`NANDO'S CHICKENLAND MALAYSIA SDN BHD`).
 */
function nameLike(text: string, inName = false): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters >= 3 && findDates(text, true, false).length === 0 && !NOT_VENDOR.some((p, k) => !(inName && k === 1) && p.test(text));
}

/**
 * The merchant's name from the top of the receipt (first `VENDOR_TOP_ROWS` rows): the first
 * row that carries a company mark (`COMPANY_MARK`, strength 0.9), else the first row that is
 * not an address, contact, tax number, title or staff line (`NOT_VENDOR`), holds three letters
 * or more, is mostly letters, is not all lower case (a handwritten or stamped note) and was
 * read with a mean confidence of `VENDOR_MIN_CONFIDENCE` or more (0.6). Noise words at the
 * ends of the row are left out (`vendorSpan`). OCR wraps long names, so:
 * - a company line with no name before its company words (`Sdn Bhd`, `RESTAURANT SDN BHD`,
 *   `CO. (M) SDN BHD`: only `COMPANY_WORDS`) takes the row above as the start of the name
 *   (0.85) when that row can be part of a name (`nameLike`);
 * - a row ending with `&`, or followed by a row starting with `&`, continues on the next row
 *   (`HOME MASTER HARDWARE &` / `ELECTRICAL`) when that row can be part of a name.
 * With `knownVendors`, the top rows (alone and two adjacent rows joined) are compared with them
 * first (`snapToKnown`).
 */
function findVendor(rows: Row[], knownVendors: string[]): FieldProposal<string> | null {
  const top = rows.slice(0, VENDOR_TOP_ROWS);
  if (knownVendors.length > 0) {
    const snapped = snapToKnown(top, knownVendors);
    if (snapped) return snapped;
  }
  let plain: { text: string; span: Span } | undefined;
  for (const [i, row] of top.entries()) {
    const span = vendorSpan(row);
    const raw = spanText(span);
    let cleaned = cleanVendor(raw);
    const letters = (cleaned.match(/\p{L}/gu) ?? []).length;
    if (letters < 3 || findDates(row.text, true, false).length > 0) continue;
    const next = top[i + 1] ? cleanVendor(spanText(vendorSpan(top[i + 1] as Row))) : '';
    const continued = /&\W*$/.test(raw) || /^\W*&/.test(top[i + 1]?.text ?? '');
    if (continued && next && nameLike(next, true)) cleaned = cleanVendor(`${raw.replace(/\s*&\W*$/, '')} & ${next.replace(/^\W*&\s*/, '')}`);
    if (COMPANY_MARK.test(cleaned.toUpperCase())) {
      const name = cleaned.toUpperCase().replace(COMPANY_WORDS, '').replace(/[^\p{L}\p{N}]/gu, '');
      const above = top[i - 1] ? cleanVendor(spanText(vendorSpan(top[i - 1] as Row))) : '';
      if (name.length < 2 && above && nameLike(above, true)) return proposal(`${above} ${cleaned}`, 0.85, span);
      return proposal(cleaned, 0.9, span);
    }
    const mostlyLetters = letters >= 0.6 * cleaned.replace(/\s/g, '').length;
    if (!plain && mostlyLetters && cleaned !== cleaned.toLowerCase() && spanConfidence(span) * 100 >= VENDOR_MIN_CONFIDENCE && !NOT_VENDOR.some((p) => p.test(cleaned))) {
      plain = { text: cleaned, span };
    }
  }
  return plain ? proposal(plain.text, 0.6, plain.span) : null;
}

/** How many rows from the top the vendor is looked for in (SROIE: of the 454 receipts whose name is printed as in the key, it starts on rows 0–5 in 450). */
const VENDOR_TOP_ROWS = 8;

/** The best match of the top rows (alone or two adjacent rows joined) with a known vendor, at or above `VENDOR_SNAP_SIMILARITY`. */
function snapToKnown(top: Row[], knownVendors: string[]): FieldProposal<string> | null {
  const known = new Map<string, string>();
  for (const v of knownVendors) {
    const k = vendorKey(v);
    if (k && !known.has(k)) known.set(k, v);
  }
  let best: { name: string; score: number; span: Span } | undefined;
  for (const [i, row] of top.entries()) {
    const texts: { text: string; span: Span }[] = [{ text: cleanVendor(row.text), span: { row, from: 0, to: row.tokens.length } }];
    const next = top[i + 1];
    if (next) texts.push({ text: `${cleanVendor(row.text)} ${cleanVendor(next.text)}`, span: { row, from: 0, to: row.tokens.length } });
    for (const { text, span } of texts) {
      const key = vendorKey(text);
      if (!key || key.length < 3) continue;
      for (const [k, name] of known) {
        if (Math.abs(k.length - key.length) / Math.max(k.length, key.length) > 1 - VENDOR_SNAP_SIMILARITY) continue;
        const score = similarity(key, k);
        if (score >= VENDOR_SNAP_SIMILARITY && (!best || score > best.score)) best = { name, score, span };
      }
    }
  }
  return best ? proposal(best.name, best.score, best.span) : null;
}

/** 1 − Levenshtein distance / length of the longer string: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return 1 - (previous[b.length] ?? longer) / longer;
}

// ---------------------------------------------------------------------------------------------

/**
 * Proposes vendor, date (ISO `YYYY-MM-DD`), total (integer minor units of the proposed or
 * default currency; 2 digits when neither is known) and currency (ISO-4217) from the OCR'd
 * pages of one receipt. Each proposal carries a confidence 0–1, the page and box it was read
 * from and the row's text; a field that cannot be read is null. Pure: no I/O.
 *
 * When pages carry `alternates` (the same page read again with another segmentation), each
 * reading is extracted on its own and the fields are voted ({@link voteFields}): on the 80
 * SROIE scans a second, sparse-text reading turned 3 dates and 2 totals right that the
 * first reading got wrong, and lost none.
 */
export function extractFields(pages: OcrPage[], options: ExtractOptions = {}): ExtractedFields {
  const readings = Math.max(1, ...pages.map((p) => 1 + (p.alternates?.length ?? 0)));
  if (readings === 1) return extractReading(pages, options);
  const each = Array.from({ length: readings }, (_, i) =>
    extractReading(
      pages.map((p) => ({ ...p, lines: i === 0 ? p.lines : (p.alternates?.[i - 1] ?? p.lines), alternates: undefined })),
      options,
    ),
  );
  return voteFields(each);
}

/**
 * One proposal per field from several readings of the same receipt: the value whose readings'
 * confidences sum highest (a value read twice beats one read once with more confidence; for
 * the vendor, values are the same when their `vendorKey`s are), taken from its most confident
 * reading, with a confidence of that sum over the number of readings — so a value only one of
 * two readings saw keeps half its confidence, and the review marks it.
 */
export function voteFields(readings: readonly ExtractedFields[]): ExtractedFields {
  const vote = <K extends keyof ExtractedFields>(field: K): ExtractedFields[K] => {
    const proposals = readings.map((r) => r[field]).filter((p): p is NonNullable<ExtractedFields[K]> => p !== null);
    const key = (p: NonNullable<ExtractedFields[K]>) => (field === 'vendor' ? (vendorKey(String(p.value)) ?? '') : String(p.value));
    const support = (p: NonNullable<ExtractedFields[K]>) => proposals.filter((q) => key(q) === key(p)).reduce((sum, q) => sum + q.confidence, 0);
    const best = [...proposals].sort((a, b) => support(b) - support(a) || b.confidence - a.confidence)[0];
    if (!best) return null as ExtractedFields[K];
    return { ...best, confidence: Math.round(Math.min(1, support(best) / readings.length) * 1000) / 1000 } as ExtractedFields[K];
  };
  return { vendor: vote('vendor'), date: vote('date'), totalMinor: vote('totalMinor'), currency: vote('currency') };
}

/** The proposals of one reading of the pages (see {@link extractFields}). */
function extractReading(pages: OcrPage[], options: ExtractOptions): ExtractedFields {
  const rowsByPage = pages.map(rowsOf);
  const rows = rowsByPage.flat();
  const dayFirst = options.dayFirst ?? true;
  const vendor = findVendor(rowsByPage[0] ?? [], options.knownVendors ?? []);
  const date = findDate(rows, dayFirst);
  const firstPass = findCurrency(rows, null, options.defaultCurrency);
  const digits = firstPass ? safeDigits(firstPass.value) : 2;
  const totalMinor = findTotal(rows, digits);
  const totalRow = totalMinor ? (rows.find((r) => r.text === totalMinor.source) ?? null) : null;
  const currency = totalRow ? findCurrency(rows, totalRow, options.defaultCurrency) : firstPass;
  return { vendor, date, totalMinor, currency };
}

const safeDigits = (code: string) => {
  try {
    return minorUnitDigits(code);
  } catch {
    return 2;
  }
};
