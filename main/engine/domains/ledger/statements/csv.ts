/**
 * CSV statements, parsed by `csv-parse` (RFC 4180 quoting), read through a column mapping
 * (`csvMappingSchema`): which column holds the date, the amount (or debit and credit),
 * payee, memo and bank id; the date layout and the decimal separator. Without a mapping the
 * header names and a mapping guessed from them are still returned, for a preview.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { CSV_DATE_FORMATS, EngineError, type CsvMapping } from '../../../../../shared/contract';
import { MAX_CSV_RECORD_BYTES } from '../../inventory/csv';
import { presetFor } from './csv-presets';
import { columnGuesser, guessDateFormat, guessDecimal, sampleCells } from './csv-guess';
import { cleanText, decimalText, excerpt, strictDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The delimiter of a CSV text, sniffed from its first line: the most frequent of `,` `;`
 * tab `|` outside double quotes; `,` when none occurs (a one-column file).
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Common header names per field, in English, German, French and Dutch, most specific first. */
const HEADER_NAMES: Record<'date' | 'amount' | 'debit' | 'credit' | 'payee' | 'memo' | 'id', string[]> = {
  date: ['booking date', 'buchungstag', 'buchungsdatum', 'transaction date', 'posting date', 'posted date', 'date operation', 'date', 'datum', 'boekdatum'],
  amount: ['amount', 'betrag', 'montant', 'bedrag', 'transaction amount', 'umsatz'],
  debit: ['debit', 'debit amount', 'withdrawal', 'withdrawals', 'soll', 'paid out', 'money out', 'af'],
  credit: ['credit', 'credit amount', 'deposit', 'deposits', 'haben', 'paid in', 'money in', 'bij'],
  payee: ['payee', 'name', 'beneficiary', 'empfanger', 'beguenstigter zahlungspflichtiger', 'begunstigter zahlungspflichtiger', 'auftraggeber empfanger', 'auftraggeber begunstigter', 'zahlungsempfanger', 'name zahlungsbeteiligter', 'counterparty', 'merchant', 'merchant name', 'beneficiaire', 'naam', 'description', 'libelle', 'omschrijving'],
  memo: ['memo', 'reference', 'verwendungszweck', 'notes', 'note', 'communication', 'mededelingen'],
  id: ['id', 'transaction id', 'reference number', 'transaction reference', 'fitid'],
};

/** Reads a cell as an amount in either separator, for guessing. */
function looksLikeNumber(cell: string): boolean {
  return cell.trim() !== '' && (decimalText(cell, '.') !== null || decimalText(cell, ',') !== null);
}

/**
 * A mapping guessed from header names (HEADER_NAMES), with the date layout that reads the
 * most of the first 20 dates (guessDateFormat: day-first wins a tie) and the decimal
 * separator the first amounts use (guessDecimal). Null without a date column and an amount
 * (or debit/credit) column.
 */
export function suggestMapping(columns: string[], sample: string[][], delimiter: Delimiter): CsvMapping | null {
  const find = columnGuesser(columns);
  const id = find(HEADER_NAMES.id);
  const date = find(HEADER_NAMES.date);
  const amount = find(HEADER_NAMES.amount);
  const debit = amount === undefined ? find(HEADER_NAMES.debit) : undefined;
  const credit = amount === undefined ? find(HEADER_NAMES.credit) : undefined;
  const payee = find(HEADER_NAMES.payee);
  const memo = find(HEADER_NAMES.memo);
  if (date === undefined || (amount === undefined && debit === undefined && credit === undefined)) return null;
  const dateFormat = guessDateFormat(sampleCells(sample, date));
  const decimal = guessDecimal([amount, debit, credit].flatMap((i) => sampleCells(sample, i)));
  const mapping: CsvMapping = { date: columns[date] ?? '', dateFormat, decimal, delimiter };
  for (const [key, i] of Object.entries({ amount, debit, credit, payee, memo, id })) {
    const column = i === undefined ? undefined : columns[i];
    if (column) Object.assign(mapping, { [key]: column });
  }
  return mapping;
}

/** Turns csv-parse's errors into EngineError `invalid` naming the line. */
function csvError(error: CsvError): EngineError {
  const lines = (error as CsvError & { lines?: number }).lines;
  const where = lines !== undefined ? `line ${lines}: ` : '';
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return new EngineError('invalid', `broken CSV: ${where}a quoted field is never closed`);
  if (error.code === 'CSV_MAX_RECORD_SIZE') return new EngineError('invalid', `broken CSV: ${where}a row is longer than ${MAX_CSV_RECORD_BYTES} characters: a line break is missing or a quote is never closed`);
  return new EngineError('invalid', `broken CSV: ${where}${error.message}`);
}

/** How many lines above the header a CSV may have (account name, period, balance …). */
const MAX_PREAMBLE_LINES = 30;

/** A CSV file as a header and records: `lines` is the file line a record ends on. */
export interface CsvTable {
  delimiter: Delimiter;
  columns: string[];
  body: { record: string[]; info: { lines: number } }[];
  /** The 1-based file line of the header; 0 when the file has none (columns are then "1", "2" …). */
  headerLine: number;
  /** Lines passed over: a preamble above the header. */
  notes: string[];
}

const isDataLike = (c: string) => looksLikeNumber(c) || CSV_DATE_FORMATS.some((f) => strictDate(c, f) !== null);

/**
 * Splits a CSV text into its header and records (csv-parse, RFC 4180 quoting), with the
 * delimiter given or sniffed. The header is the line `headerLine` says (1-based; 0: the file
 * has none, and its columns are named "1", "2" … by position); by default the first line,
 * among the first MAX_PREAMBLE_LINES, with as many fields as most records and no cell that
 * looks like data — lines above it (a bank's account name, period, balance) are passed over
 * with a note. `what` names the file in messages ("a CSV statement"). Throws EngineError
 * `invalid` for broken quoting, a record over MAX_CSV_RECORD_BYTES, an empty file, or, when
 * no header is found, a first line that looks like data.
 */
export function readCsvTable(text: string, delimiter: Delimiter | undefined, what: string, headerLine?: number): CsvTable {
  const used = delimiter ?? sniffDelimiter(preambleFree(text));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: used, bom: true, info: true, relax_column_count: true, relax_quotes: false, skip_empty_lines: true, max_record_size: MAX_CSV_RECORD_BYTES }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    if (error instanceof CsvError) throw csvError(error);
    throw error;
  }
  if (records.length === 0) throw new EngineError('invalid', 'the CSV file has no lines');
  // the line a record starts on: where it ends, less the line breaks inside its quoted cells
  const startLine = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  if (headerLine === 0) {
    const width = Math.max(...records.map((r) => r.record.length));
    return { delimiter: used, columns: Array.from({ length: width }, (_, i) => String(i + 1)), body: records, headerLine: 0, notes: [] };
  }
  let at: number;
  if (headerLine !== undefined) {
    at = records.findIndex((r) => startLine(r) >= headerLine);
    if (at < 0) throw new EngineError('invalid', `the file has no line ${headerLine} to read as its header`);
  } else {
    const width = modalWidth(records.slice(0, 200).map((r) => r.record.length));
    at = records.slice(0, MAX_PREAMBLE_LINES).findIndex((r) => r.record.length === width && r.record.some((c) => c.trim() !== '') && !r.record.some((c) => isDataLike(c.trim())));
    if (at < 0) at = 0;
  }
  const header = records[at]?.record ?? [];
  const columns = header.map((c) => c.trim());
  const dataLike = columns.find(isDataLike);
  if (dataLike !== undefined) throw new EngineError('invalid', `the first line looks like data ("${excerpt(dataLike)}"), not a header: ${what} needs a header line naming its columns (or read it without one, columns by number)`);
  const line = startLine(records[at] ?? { record: [], info: { lines: 1 } });
  const notes = at > 0 ? [`passed over ${line - 1} line${line === 2 ? '' : 's'} above the header (line ${line})`] : [];
  return { delimiter: used, columns, body: records.slice(at + 1), headerLine: line, notes };
}

/** The text from its first line that looks like a header or data row (two or more delimiters), for sniffing the delimiter past a preamble. */
function preambleFree(text: string): string {
  const lines = text.split(/\r?\n/, MAX_PREAMBLE_LINES + 1);
  const i = lines.findIndex((l) => DELIMITERS.some((d) => l.split(d).length >= 3));
  return i <= 0 ? text : lines.slice(i).join('\n');
}

/** The most common record width above 1 (ties: the wider), or 1. */
function modalWidth(widths: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const w of widths) if (w > 1) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = 1;
  let most = 0;
  for (const [w, n] of counts) if (n > most || (n === most && w > best)) [best, most] = [w, n];
  return best;
}

/**
 * The index of the column a mapping names for `field` (exact, then case-insensitive), or
 * undefined when unmapped. Throws EngineError `invalid` when the file has no such column
 * (listing the ones it has) or the header names it twice.
 */
export function columnIndex(columns: readonly string[], field: string, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  let i = columns.indexOf(name.trim());
  if (i < 0) i = columns.findIndex((c) => c.toLowerCase() === name.trim().toLowerCase());
  if (i < 0) throw new EngineError('invalid', `the mapping's ${field} column "${excerpt(name)}" is not in the file; its columns are: ${columns.map((c) => `"${c}"`).join(', ')}`);
  if (columns.indexOf(columns[i] ?? '', i + 1) >= 0) throw new EngineError('invalid', `column "${columns[i]}" appears twice in the header: rename one`);
  return i;
}

/** Indicator values that mean money out, and money in (English, German, Dutch, French; compared in upper case). */
const DEBIT_MARKS = new Set(['D', 'DR', 'DEBIT', 'DBIT', 'S', 'SOLL', 'AF', '-', 'DEBET', 'DÉBIT', 'W', 'WITHDRAWAL', 'OUT']);
const CREDIT_MARKS = new Set(['C', 'CR', 'CREDIT', 'CRDT', 'H', 'HABEN', 'BIJ', '+', 'CRÉDIT', 'DEPOSIT', 'IN']);

/**
 * A mapping for a file without a header, from its cells: the first column most of whose
 * cells are dates, then the first other column most of whose cells are amounts, then the
 * first other column holding mostly text as the payee. Null when there is no date or amount
 * column.
 */
function suggestByContent(columns: string[], sample: string[][], delimiter: Delimiter): CsvMapping | null {
  const mostly = (i: number, test: (c: string) => boolean) => {
    const cells = sampleCells(sample, i);
    return cells.length > 0 && cells.filter(test).length >= Math.ceil(cells.length * 0.8);
  };
  const date = columns.findIndex((_, i) => mostly(i, (c) => CSV_DATE_FORMATS.some((f) => strictDate(c, f) !== null)));
  if (date < 0) return null;
  const amount = columns.findIndex((_, i) => i !== date && mostly(i, (c) => looksLikeNumber(c) && /[.,]\d{1,2}$|^-?\d+$/.test(c.trim())));
  if (amount < 0) return null;
  const payee = columns.findIndex((_, i) => i !== date && i !== amount && mostly(i, (c) => /[A-Za-z]{3}/.test(c)));
  const mapping: CsvMapping = {
    date: columns[date] ?? '1',
    amount: columns[amount] ?? '2',
    dateFormat: guessDateFormat(sampleCells(sample, date)),
    decimal: guessDecimal(sampleCells(sample, amount)),
    delimiter,
    headerLine: 0,
  };
  if (payee >= 0) mapping.payee = columns[payee];
  return mapping;
}

/**
 * Whether a mapping guessed from a file reads it well enough to import without asking: it
 * read transactions, and none of the first 50 data rows failed (a trailer is not a failure).
 * The mapping used is returned with the import, to reuse or correct.
 */
export function isConfident(read: { transactions: readonly { row: number }[]; errors: readonly RowError[] }): boolean {
  return read.transactions.length > 0 && read.errors.every((e) => e.row > 50);
}

/**
 * An amount cell as a decimal text: currency signs and codes around it (`$1,234.50`,
 * `-$7.10`, `12,50 €`, `EUR 12,50`) and accounting parentheses for negatives (`($50.00)`)
 * are read; anything else goes to decimalText as it is.
 */
function amountText(cell: string, decimal: '.' | ','): string | null {
  let t = cell.replace(/[\s\u00a0\u202f]+/g, '');
  const negative = /^\(.*\)$/.test(t);
  if (negative) t = t.slice(1, -1);
  t = t.replace(/^([+-]?)(?:[$€£¥₹]|[A-Z]{3})/, '$1').replace(/(?:[$€£¥₹]|[A-Z]{3})$/, '');
  const value = decimalText(t, decimal);
  if (value === null || !negative) return value;
  return value.startsWith('-') || value === '0' ? value : `-${value}`;
}

/** A date cell in `format`, or its date part when a time follows (`2018-02-25 12:34:56 +0000`, `2024-01-05T09:00`). */
function dateCell(cell: string, format: string): string | null {
  const whole = strictDate(cell, format);
  if (whole) return whole;
  const m = /^(\S+)[ T]\d{1,2}:\d{2}/.exec(cell);
  return m ? strictDate(m[1] ?? '', format) : null;
}

/**
 * Reads a CSV statement. The header is found (see readCsvTable; the mapping's `headerLine`
 * says where, 0 for a file without one, columns by number). With `mapping` each further
 * record becomes a transaction or a row error (row = 1-based data record; `line` = the file
 * line it ends on): a date that does not exist or does not match `dateFormat`, an amount that
 * is not a plain number in the mapping's decimal separator, no amount, both debit and credit,
 * an indicator that says neither debit nor credit, or a missing column. Debit amounts become
 * negative, as do amounts whose indicator says debit. Rows after the last transaction that
 * have fewer fields than the header or no date (a bank's closing balance, a disclaimer) are a
 * trailer, passed over with a note. Without a mapping no rows are read: the suggested mapping
 * is a bank's preset when the header is one (CSV_PRESETS), else guessed from the header
 * names, or — for a file whose first line is data, read without a header — from the cells. Throws
 * EngineError `invalid` for broken quoting, an empty file, or a mapping naming a column the
 * file lacks.
 */
export function readCsv(text: string, mapping: CsvMapping | undefined): ReaderOutput & { columns: string[]; suggestedMapping: CsvMapping | null; preset: string | null } {
  let table: CsvTable;
  try {
    table = readCsvTable(text, mapping?.delimiter, 'a CSV statement', mapping?.headerLine);
  } catch (error) {
    if (mapping || !(error instanceof EngineError) || !/looks like data/.test(error.message)) throw error;
    table = readCsvTable(text, undefined, 'a CSV statement', 0);
  }
  const { delimiter, columns, body } = table;
  const sample = body.slice(0, 20).map((r) => r.record);
  const preset = table.headerLine === 0 ? null : presetFor(columns);
  const found = preset ? { ...preset.mapping, delimiter } : table.headerLine === 0 ? suggestByContent(columns, sample, delimiter) : suggestMapping(columns, sample, delimiter);
  const suggestedMapping = found && table.headerLine > 1 ? { ...found, headerLine: table.headerLine } : found;
  if (!mapping) return { columns, suggestedMapping, preset: preset?.name ?? null, rows: [], errors: [], notes: table.notes };

  const index = (field: string, name: string | undefined) => columnIndex(columns, field, name);
  const at = {
    date: index('date', mapping.date) ?? 0,
    amount: index('amount', mapping.amount),
    debit: index('debit', mapping.debit),
    credit: index('credit', mapping.credit),
    payee: index('payee', mapping.payee),
    memo: index('memo', mapping.memo),
    id: index('id', mapping.id),
    indicator: index('indicator', mapping.indicator),
  };
  const sep = `(decimal separator "${mapping.decimal}")`;
  const rows: ReadRow[] = [];
  const errors: (RowError & { short: boolean })[] = [];
  const notes = [...table.notes];
  body.forEach(({ record, info }, i) => {
    const row = i + 1;
    const cell = (j: number | undefined) => (j === undefined ? '' : (record[j] ?? '').trim());
    // a trailer line: short, or words where the date goes ("Kontostand am 31.01.2026:", "Closing balance")
    const short = record.length < columns.length || !cell(at.date) || /\p{L}{3}/u.test(cell(at.date).replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/gi, ''));
    const fail = (message: string) => errors.push({ row, line: info.lines, message, short });
    if (record.every((c) => c.trim() === '')) return;
    const needed = Math.max(...Object.values(at).filter((j): j is number => j !== undefined));
    if (record.length <= needed) return fail(`has ${record.length} fields, the header has ${columns.length} — check the delimiter and quoting`);
    const date = dateCell(cell(at.date), mapping.dateFormat);
    if (!date) return fail(cell(at.date) ? `date "${excerpt(cell(at.date))}" is not a date in the format ${mapping.dateFormat}` : 'no date');
    let amount: string | null;
    if (at.amount !== undefined) {
      if (!cell(at.amount)) return fail('no amount');
      amount = amountText(cell(at.amount), mapping.decimal);
      if (amount === null) return fail(`amount "${excerpt(cell(at.amount))}" is not a number ${sep}`);
      if (at.indicator !== undefined) {
        const mark = cell(at.indicator).toUpperCase();
        const magnitude = amount.replace(/^-/, '');
        if (DEBIT_MARKS.has(mark)) amount = magnitude === '0' ? '0' : `-${magnitude}`;
        else if (CREDIT_MARKS.has(mark)) amount = magnitude;
        else return fail(`debit/credit indicator "${excerpt(cell(at.indicator))}" says neither debit (D, DR, S, Soll …) nor credit (C, CR, H, Haben …)`);
      }
    } else {
      const debitText = cell(at.debit);
      const creditText = cell(at.credit);
      if (!debitText && !creditText) return fail('no amount: the debit and credit columns are both empty');
      const debit = debitText ? amountText(debitText, mapping.decimal) : '0';
      const credit = creditText ? amountText(creditText, mapping.decimal) : '0';
      if (debit === null) return fail(`debit "${excerpt(debitText)}" is not a number ${sep}`);
      if (credit === null) return fail(`credit "${excerpt(creditText)}" is not a number ${sep}`);
      if (debit !== '0' && credit !== '0') return fail(`both debit "${excerpt(debitText)}" and credit "${excerpt(creditText)}" are given`);
      // a debit is money out whichever sign the bank wrote it with
      amount = debit !== '0' ? `-${debit.replace(/^-/, '')}` : credit;
    }
    if (mapping.invertSign && amount !== '0') amount = amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
    rows.push({ row, date, amount, currency: null, payee: cleanText(cell(at.payee)), memo: cleanText(cell(at.memo)), bankTransactionId: cleanText(cell(at.id)) });
  });
  // a trailer: only short or dateless rows after the last transaction
  const lastRow = rows.at(-1)?.row ?? 0;
  const after = errors.filter((e) => e.row > lastRow);
  const trailer = rows.length > 0 && after.length > 0 && after.every((e) => e.short) ? after : [];
  if (trailer.length > 0) {
    notes.push(`passed over ${trailer.length} line${trailer.length === 1 ? '' : 's'} after the last transaction (from line ${trailer[0]?.line ?? '?'}): a closing balance or note, not transactions`);
  }
  const kept = errors.filter((e) => !trailer.includes(e));
  return { columns, suggestedMapping, preset: preset?.name ?? null, rows, errors: kept.map(({ short: _short, ...e }) => e), notes };
}
