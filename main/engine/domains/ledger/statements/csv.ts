/**
 * CSV statements, parsed by `csv-parse` (RFC 4180 quoting), read through a column mapping
 * (`csvMappingSchema`): which column holds the date, the amount (or debit and credit),
 * payee, memo and bank id; the date layout and the decimal separator. Without a mapping the
 * header names and a mapping guessed from them are still returned, for a preview.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { CSV_DATE_FORMATS, EngineError, type CsvMapping } from '../../../../../shared/contract';
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
  payee: ['payee', 'name', 'beneficiary', 'empfanger', 'beguenstigter zahlungspflichtiger', 'auftraggeber empfanger', 'beneficiaire', 'naam', 'description', 'libelle', 'omschrijving'],
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
  return new EngineError('invalid', `broken CSV: ${where}${error.message}`);
}

/** A CSV file as a header and records: `lines` is the file line a record ends on. */
export interface CsvTable {
  delimiter: Delimiter;
  columns: string[];
  body: { record: string[]; info: { lines: number } }[];
}

/**
 * Splits a CSV text into its header and records (csv-parse, RFC 4180 quoting), with the
 * delimiter given or sniffed. `what` names the file in messages ("a CSV statement").
 * Throws EngineError `invalid` for broken quoting, an empty file, or a first line that
 * looks like data rather than a header.
 */
export function readCsvTable(text: string, delimiter: Delimiter | undefined, what: string): CsvTable {
  const used = delimiter ?? sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: used, bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) throw csvError(error);
    throw error;
  }
  const header = records[0]?.record;
  if (!header) throw new EngineError('invalid', 'the CSV file has no lines');
  const columns = header.map((c) => c.trim());
  const dataLike = columns.find((c) => looksLikeNumber(c) || CSV_DATE_FORMATS.some((f) => strictDate(c, f) !== null));
  if (dataLike !== undefined) throw new EngineError('invalid', `the first line looks like data ("${excerpt(dataLike)}"), not a header: ${what} needs a header line naming its columns`);
  return { delimiter: used, columns, body: records.slice(1) };
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

/**
 * Reads a CSV statement. The first record is the header (required: a first line that looks
 * like data is refused). With `mapping` each further record becomes a transaction or a
 * row error (row = 1-based data record; `line` = the file line it ends on): a date that does
 * not exist or does not match `dateFormat`, an amount that is not a plain number in the
 * mapping's decimal separator, no amount, both debit and credit, or a missing column.
 * Debit amounts become negative. Without a mapping no rows are read. Throws EngineError
 * `invalid` for broken quoting, an empty file, or a mapping naming a column the file lacks.
 */
export function readCsv(text: string, mapping: CsvMapping | undefined): ReaderOutput & { columns: string[]; suggestedMapping: CsvMapping | null } {
  const { delimiter, columns, body } = readCsvTable(text, mapping?.delimiter, 'a CSV statement');
  const suggestedMapping = suggestMapping(columns, body.slice(0, 20).map((r) => r.record), delimiter);
  if (!mapping) return { columns, suggestedMapping, rows: [], errors: [] };

  const index = (field: string, name: string | undefined) => columnIndex(columns, field, name);
  const at = {
    date: index('date', mapping.date) ?? 0,
    amount: index('amount', mapping.amount),
    debit: index('debit', mapping.debit),
    credit: index('credit', mapping.credit),
    payee: index('payee', mapping.payee),
    memo: index('memo', mapping.memo),
    id: index('id', mapping.id),
  };
  const sep = `(decimal separator "${mapping.decimal}")`;
  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  body.forEach(({ record, info }, i) => {
    const row = i + 1;
    const fail = (message: string) => errors.push({ row, line: info.lines, message });
    if (record.every((c) => c.trim() === '')) return;
    const cell = (j: number | undefined) => (j === undefined ? '' : (record[j] ?? '').trim());
    const needed = Math.max(...Object.values(at).filter((j): j is number => j !== undefined));
    if (record.length <= needed) return fail(`has ${record.length} fields, the header has ${columns.length} — check the delimiter and quoting`);
    const date = strictDate(cell(at.date), mapping.dateFormat);
    if (!date) return fail(cell(at.date) ? `date "${excerpt(cell(at.date))}" is not a date in the format ${mapping.dateFormat}` : 'no date');
    let amount: string | null;
    if (at.amount !== undefined) {
      if (!cell(at.amount)) return fail('no amount');
      amount = decimalText(cell(at.amount), mapping.decimal);
      if (amount === null) return fail(`amount "${excerpt(cell(at.amount))}" is not a number ${sep}`);
    } else {
      const debitText = cell(at.debit);
      const creditText = cell(at.credit);
      if (!debitText && !creditText) return fail('no amount: the debit and credit columns are both empty');
      const debit = debitText ? decimalText(debitText, mapping.decimal) : '0';
      const credit = creditText ? decimalText(creditText, mapping.decimal) : '0';
      if (debit === null) return fail(`debit "${excerpt(debitText)}" is not a number ${sep}`);
      if (credit === null) return fail(`credit "${excerpt(creditText)}" is not a number ${sep}`);
      if (debit !== '0' && credit !== '0') return fail(`both debit "${excerpt(debitText)}" and credit "${excerpt(creditText)}" are given`);
      // a debit is money out whichever sign the bank wrote it with
      amount = debit !== '0' ? `-${debit.replace(/^-/, '')}` : credit;
    }
    rows.push({ row, date, amount, currency: null, payee: cleanText(cell(at.payee)), memo: cleanText(cell(at.memo)), bankTransactionId: cleanText(cell(at.id)) });
  });
  return { columns, suggestedMapping, rows, errors };
}
