/**
 * Pure helpers of the ledger screens: signed amounts typed in major units → minor units,
 * how entry amounts read, how much of a capped list is shown, the CSV column mapping
 * form ↔ the contract's `CsvMapping`, the account kinds' labels, and what a running
 * statement import is doing.
 */
import type { ACCOUNT_KINDS, CSV_DATE_FORMATS, CsvMapping, EventPayload, LedgerEntryRow } from '../../../shared/contract';
import { formatAmount, shortId } from '../../ui/format';
import { parseMoneyInput, type MoneyInput } from '../inventory/format';

export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];
export type CsvDelimiter = NonNullable<CsvMapping['delimiter']>;

export const ACCOUNT_KIND_LABELS: Record<AccountKind, string> = { cash: 'Cash', checking: 'Checking', savings: 'Savings', card: 'Card', other: 'Other' };

/**
 * A running statement import's last `job.progress` in words: `Reading: 4,096 of 8,192 bytes`
 * (the file, before the transaction), `Adding entries: 200 of 1,000 rows` (the inserts);
 * a waiting line before the first report.
 */
export function statementProgressText(progress: Pick<EventPayload<'job.progress'>, 'phase' | 'done' | 'total' | 'unit'> | null): string {
  if (!progress) return 'The engine imports the statement…';
  const n = (v: number) => v.toLocaleString('en');
  const step = progress.phase === 'inserting' ? 'Adding entries' : 'Reading';
  return `${step}: ${n(progress.done)}${progress.total !== null ? ` of ${n(progress.total)}` : ''} ${progress.unit}`;
}

/** File name endings a statement may have (OFX/QFX, QIF, CSV, CAMT.053 XML, MT940 STA/TXT). */
export const STATEMENT_ACCEPT = '.ofx,.qfx,.qif,.csv,.xml,.sta,.mt940,.txt';

/**
 * A typed amount that may carry a sign (`-12.50`, `−12,50`, `12,50-`) as signed integer
 * minor units of `currency`; `''` → `undefined`. Same rules as `parseMoneyInput` otherwise
 * (the operator's locale).
 */
export function parseSignedMoneyInput(text: string, currency: string): MoneyInput {
  return parseMoneyInput(text, currency, { signed: true });
}

/** Whether money comes in (+) or goes out (−) of an account. */
export type Direction = 'in' | 'out';

/**
 * The signed `amountMinor` of an entry typed as an unsigned amount and a direction:
 * out → negative. An empty or zero amount gives a message for the field.
 */
export function entryAmount(text: string, direction: Direction, currency: string): { ok: true; minor: number } | { ok: false; error: string } {
  const parsed = parseMoneyInput(text, currency);
  if (!parsed.ok) return parsed;
  if (parsed.minor === undefined || parsed.minor === 0) return { ok: false, error: 'enter an amount above 0' };
  return { ok: true, minor: direction === 'out' ? -parsed.minor : parsed.minor };
}

/** Minor units with an explicit sign for money in (`+€12.50`, `−€6.60`); zero unsigned. */
export function formatSignedMoney(minor: number, currency: string): string {
  if (minor === 0) return formatAmount(0, currency);
  return `${minor > 0 ? '+' : '−'}${formatAmount(Math.abs(minor), currency)}`;
}

/** Whether a capped list says how much it leaves out: `50 of 1,234 shown`; `null` when it shows all. */
export function shownOfTotal(shown: number, total: number): string | null {
  return shown < total ? `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} shown` : null;
}

/** Colour of an amount: in green, out as plain text (the sign says it), a negative balance red. */
export function amountClass(minor: number): string {
  return minor > 0 ? 'qty-in' : '';
}

/** How an entry's receipt link reads: the receipt's vendor when known, else its short id. */
export function receiptLinkLabel(entry: Pick<LedgerEntryRow, 'receiptId' | 'receiptVendor'>): string | null {
  if (!entry.receiptId) return null;
  return entry.receiptVendor ? entry.receiptVendor : `Receipt ${shortId(entry.receiptId)}`;
}

/** The CSV mapping form as typed: `''` is "not mapped". */
export interface CsvMappingForm {
  date: string;
  /** One signed amount column, or separate debit (out) and credit (in) columns. */
  amountMode: 'amount' | 'debitCredit';
  amount: string;
  debit: string;
  credit: string;
  payee: string;
  memo: string;
  id: string;
  dateFormat: CsvDateFormat;
  decimal: '.' | ',';
  /** `''`: let the engine detect it. */
  delimiter: '' | CsvDelimiter;
  /** A debit/credit indicator column (with one amount column: the amount is then its magnitude); `''` none. */
  indicator: string;
  /** The file lists money out as positive (a card export's charges): every amount is negated. */
  invertSign: boolean;
  /** The 1-based line of the header as typed: `''` found by the engine, `0` no header (columns "1", "2" …). */
  headerLine: string;
}

/** The highest header line the contract takes (`csvMappingSchema.headerLine`). */
export const MAX_HEADER_LINE = 1000;

export const emptyCsvMappingForm: CsvMappingForm = {
  date: '',
  amountMode: 'amount',
  amount: '',
  debit: '',
  credit: '',
  payee: '',
  memo: '',
  id: '',
  dateFormat: 'yyyy-MM-dd',
  decimal: '.',
  delimiter: '',
  indicator: '',
  invertSign: false,
  headerLine: '',
};

/** The form filled from a mapping (the engine's suggestion); columns not in `columns` are left unmapped. */
export function csvFormFromMapping(mapping: CsvMapping | null, columns: readonly string[]): CsvMappingForm {
  if (!mapping) return emptyCsvMappingForm;
  const known = (c: string | undefined) => (c !== undefined && columns.includes(c) ? c : '');
  return {
    date: known(mapping.date),
    amountMode: mapping.amount === undefined && (mapping.debit !== undefined || mapping.credit !== undefined) ? 'debitCredit' : 'amount',
    amount: known(mapping.amount),
    debit: known(mapping.debit),
    credit: known(mapping.credit),
    payee: known(mapping.payee),
    memo: known(mapping.memo),
    id: known(mapping.id),
    dateFormat: mapping.dateFormat,
    decimal: mapping.decimal,
    delimiter: mapping.delimiter ?? '',
    indicator: known(mapping.indicator),
    invertSign: mapping.invertSign ?? false,
    headerLine: mapping.headerLine === undefined ? '' : String(mapping.headerLine),
  };
}

/**
 * The contract's mapping for the form: unmapped columns left out, only the amount columns
 * of the chosen mode (the indicator goes with one amount column), `invertSign` only when set,
 * `headerLine` only when typed. `null` while the date or the amount columns are not chosen
 * or the header line is not a line number (the engine would refuse it): the form says what
 * is wrong instead (`csvFormMissing`).
 */
export function csvMappingFromForm(form: CsvMappingForm): CsvMapping | null {
  if (csvFormMissing(form).length) return null;
  const mapping: CsvMapping = { date: form.date, dateFormat: form.dateFormat, decimal: form.decimal };
  if (form.amountMode === 'amount') {
    mapping.amount = form.amount;
    if (form.indicator) mapping.indicator = form.indicator;
  } else {
    if (form.debit) mapping.debit = form.debit;
    if (form.credit) mapping.credit = form.credit;
  }
  if (form.payee) mapping.payee = form.payee;
  if (form.memo) mapping.memo = form.memo;
  if (form.id) mapping.id = form.id;
  if (form.delimiter) mapping.delimiter = form.delimiter;
  if (form.invertSign) mapping.invertSign = true;
  if (form.headerLine.trim() !== '') mapping.headerLine = Number(form.headerLine.trim());
  return mapping;
}

/** What the form still needs (or has wrong) before a preview can read the file, as field → message. */
export function csvFormMissing(form: CsvMappingForm): [keyof CsvMappingForm, string][] {
  const missing: [keyof CsvMappingForm, string][] = [];
  if (!form.date) missing.push(['date', 'choose the date column']);
  if (form.amountMode === 'amount' && !form.amount) missing.push(['amount', 'choose the amount column']);
  if (form.amountMode === 'debitCredit' && !form.debit && !form.credit) missing.push(['debit', 'choose the debit or the credit column']);
  const line = form.headerLine.trim();
  if (line !== '' && !(/^\d+$/.test(line) && Number(line) <= MAX_HEADER_LINE)) missing.push(['headerLine', `a line number from 1 to ${MAX_HEADER_LINE}, 0 for none, or empty to find it`]);
  return missing;
}

export const DELIMITER_LABELS: Record<CsvDelimiter, string> = { ',': 'Comma ,', ';': 'Semicolon ;', '\t': 'Tab', '|': 'Pipe |' };

const COLUMN_FIELDS = ['date', 'amount', 'debit', 'credit', 'payee', 'memo', 'id', 'indicator'] as const;

/**
 * The form for reading the file without a header (`headerLine` 0): each mapped column becomes
 * its position ("1", "2" …) in `columns`, the header as read before, so the mapping still
 * points at the same cells (the old header line then reads as a row, usually unreadable).
 */
export function csvFormWithoutHeader(form: CsvMappingForm, columns: readonly string[]): CsvMappingForm {
  const next: CsvMappingForm = { ...form, headerLine: '0' };
  for (const field of COLUMN_FIELDS) {
    const at = columns.indexOf(form[field]);
    next[field] = at < 0 ? '' : String(at + 1);
  }
  return next;
}
