/**
 * Receipts from a CSV file (an export of another app, a spreadsheet): one receipt per row,
 * read through a column mapping (`receiptCsvMappingSchema`). The file is split by the same
 * reader as CSV bank statements (csv-parse, sniffed delimiter, strict encoding), amounts
 * and dates by the same strict helpers: a total like "RM 9.00" or a date like 31/02 is a
 * row error, never a guess. An empty vendor, date or total is not an error: the receipt is
 * imported and needs attention (the triage inbox). A negative total is a refund or credit
 * note, imported as such.
 */
import { receiptTaxProblem, type ReceiptCsvMapping } from '../../../../shared/contract';
import { minorUnitDigits } from '../../../../shared/domain/money';
import { columnIndex, readCsvTable } from '../ledger/statements/csv';
import { columnGuesser, guessDateFormat, guessDecimal, sampleCells } from '../ledger/statements/csv-guess';
import { cleanText, decimalText, decodeText, excerpt, strictDate, toMinorUnits } from '../ledger/statements/text';

/** A receipt read from one CSV row; amounts in integer minor units of `currency`. */
export interface CsvReceipt {
  row: number;
  vendor: string | null;
  date: string | null;
  totalMinor: number | null;
  currency: string;
  taxMinor: number | null;
  category: string | null;
  paymentMethod: string | null;
  notes: string | null;
  tags: string[];
}

export interface CsvReceiptsRead {
  columns: string[];
  suggestedMapping: ReceiptCsvMapping | null;
  /** The mapping the rows were read with: the one given, else the suggestion; null when neither. */
  mapping: ReceiptCsvMapping | null;
  receipts: CsvReceipt[];
  errors: { row: number; message: string }[];
}

/** Header names per field, English first, then German, French, Dutch, Malay. */
const HEADERS: Record<'vendor' | 'date' | 'total' | 'currency' | 'tax' | 'category' | 'paymentMethod' | 'notes' | 'tags', string[]> = {
  vendor: ['vendor', 'merchant', 'store', 'shop', 'company', 'payee', 'seller', 'handler', 'geschaft', 'magasin', 'winkel', 'kedai', 'name'],
  date: ['date', 'receipt date', 'purchase date', 'transaction date', 'datum', 'belegdatum', 'tarikh'],
  total: ['total', 'amount', 'total amount', 'sum', 'grand total', 'betrag', 'summe', 'gesamt', 'montant', 'totaal', 'bedrag', 'jumlah'],
  currency: ['currency', 'ccy', 'wahrung', 'devise', 'valuta'],
  tax: ['tax', 'vat', 'gst', 'sales tax', 'mwst', 'ust', 'tva', 'btw'],
  category: ['category', 'kategorie', 'categorie', 'type'],
  paymentMethod: ['payment method', 'payment', 'paid with', 'method', 'zahlungsart', 'paiement', 'betaalwijze'],
  notes: ['notes', 'note', 'memo', 'comment', 'comments', 'description', 'notiz', 'bemerkung'],
  tags: ['tags', 'labels', 'tag'],
};

/** A mapping guessed from the header names and the first 20 rows (csv-guess); null without vendor, date and total columns. */
function suggest(columns: readonly string[], sample: readonly string[][], delimiter: ReceiptCsvMapping['delimiter']): ReceiptCsvMapping | null {
  const find = columnGuesser(columns);
  const at = Object.fromEntries((Object.keys(HEADERS) as (keyof typeof HEADERS)[]).map((f) => [f, find(HEADERS[f])])) as Record<keyof typeof HEADERS, number | undefined>;
  if (at.vendor === undefined || at.date === undefined || at.total === undefined) return null;
  const dateFormat = guessDateFormat(sampleCells(sample, at.date));
  const decimal = guessDecimal([...sampleCells(sample, at.total), ...sampleCells(sample, at.tax)]);
  const name = (i: number) => columns[i] ?? '';
  const mapping: ReceiptCsvMapping = { vendor: name(at.vendor), date: name(at.date), total: name(at.total), dateFormat, decimal, ...(delimiter ? { delimiter } : {}) };
  for (const key of ['currency', 'tax', 'category', 'paymentMethod', 'notes', 'tags'] as const) {
    const i = at[key];
    if (i !== undefined) mapping[key] = name(i);
  }
  return mapping;
}

const CURRENCY = /^[A-Z]{3}$/;

/** An amount cell with its sign in front, as `decimalText` reads it: `−12.50` and `12,50-` (German exports) → `-12.50`, `-12,50`. */
function leadingSign(text: string): string {
  const t = text.replace(/^[−–]/u, '-');
  const trailing = /^([^-]*\d)\s*-$/u.exec(t);
  return trailing ? `-${trailing[1]}` : t;
}

/**
 * Reads receipts from the bytes of a CSV file. Without `mapping` the suggested one is used
 * (for a preview). Each data row gives a receipt or a row error (1-based data row): a date
 * not in the mapping's format or that does not exist, a total or tax that is not a plain
 * number in the mapping's decimal separator (a sign allowed: a leading `-` or `−`, a
 * trailing `-`) or has more decimals than the currency has, a tax that does not fit the
 * total (`receiptTaxProblem`), a currency cell that is not a three-letter code, a missing column.
 * Throws EngineError `invalid` for a file not in `encoding`, broken quoting, no header, or
 * a mapping naming a column the file lacks.
 */
export function readReceiptCsv(bytes: Uint8Array, options: { encoding: 'utf-8' | 'latin1'; currency: string; mapping: ReceiptCsvMapping | undefined }): CsvReceiptsRead {
  const { delimiter, columns, body } = readCsvTable(decodeText(bytes, options.encoding), options.mapping?.delimiter, 'a receipts CSV');
  const suggestedMapping = suggest(columns, body.slice(0, 20).map((r) => r.record), options.mapping?.delimiter ?? delimiter);
  const mapping = options.mapping ?? suggestedMapping;
  if (!mapping) return { columns, suggestedMapping, mapping: null, receipts: [], errors: [] };
  const at = Object.fromEntries(
    (['vendor', 'date', 'total', 'currency', 'tax', 'category', 'paymentMethod', 'notes', 'tags'] as const).map((f) => [f, columnIndex(columns, f, mapping[f])]),
  ) as Record<'vendor' | 'date' | 'total' | 'currency' | 'tax' | 'category' | 'paymentMethod' | 'notes' | 'tags', number | undefined>;
  const needed = Math.max(...Object.values(at).filter((i): i is number => i !== undefined));
  const receipts: CsvReceipt[] = [];
  const errors: { row: number; message: string }[] = [];
  body.forEach(({ record }, i) => {
    const row = i + 1;
    if (record.every((c) => c.trim() === '')) return;
    const fail = (message: string) => errors.push({ row, message: `row ${row}: ${message}` });
    if (record.length <= needed) return fail(`has ${record.length} fields, the header has ${columns.length} — check the delimiter and quoting`);
    const cell = (j: number | undefined) => (j === undefined ? '' : (record[j] ?? '').trim());
    const currencyCell = cell(at.currency).toUpperCase();
    if (currencyCell && !CURRENCY.test(currencyCell)) return fail(`currency "${excerpt(currencyCell)}" is not a three-letter code such as EUR`);
    const currency = currencyCell || options.currency;
    const money = (field: 'total' | 'tax'): number | null | undefined => {
      const text = cell(at[field]);
      if (!text) return null;
      const canonical = decimalText(leadingSign(text), mapping.decimal);
      const minor = canonical === null ? null : toMinorUnits(canonical, minorUnitDigits(currency));
      if (canonical === null || minor === null) {
        fail(`${field} "${excerpt(text)}" is not an amount in ${currency} (decimal separator "${mapping.decimal}")`);
        return undefined;
      }
      return minor;
    };
    const dateText = cell(at.date);
    const date = dateText ? strictDate(dateText, mapping.dateFormat) : null;
    if (dateText && !date) return fail(`date "${excerpt(dateText)}" is not a date in the format ${mapping.dateFormat}`);
    const totalMinor = money('total');
    if (totalMinor === undefined) return;
    const taxMinor = money('tax');
    if (taxMinor === undefined) return;
    const taxProblem = receiptTaxProblem(totalMinor, taxMinor);
    if (taxProblem) return fail(taxProblem);
    const tags = [...new Set(cell(at.tags).split(/[;,]/).map((t) => t.trim()).filter(Boolean).map((t) => t.slice(0, 64)))].slice(0, 20);
    const text = (field: 'vendor' | 'category' | 'paymentMethod' | 'notes', max: number) => cleanText(cell(at[field]))?.slice(0, max) ?? null;
    receipts.push({ row, vendor: text('vendor', 200), date, totalMinor, currency, taxMinor, category: text('category', 64), paymentMethod: text('paymentMethod', 64), notes: text('notes', 2000), tags });
  });
  return { columns, suggestedMapping, mapping, receipts, errors };
}
