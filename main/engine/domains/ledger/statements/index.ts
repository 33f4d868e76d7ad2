/**
 * Reading bank statements (DOMAIN.md "Receipts and the ledger"): the format is recognised
 * by content, never by file name — OFX/QFX, QIF, CSV (with a column mapping), CAMT.053 and
 * MT940 — each read by its own module; amounts become integer minor units of the
 * statement's (or the account's) currency here. A row that cannot be read is reported with
 * its number and the reason, so a caller can list every problem at once.
 */
import { createHash } from 'node:crypto';
import { EngineError, type CsvMapping } from '../../../../../shared/contract';
import { isKnownCurrency, minorUnitDigits } from '../../../../../shared/domain/money';
import { readCamt } from './camt';
import { readCsv } from './csv';
import { looksLikeMt940, readMt940 } from './mt940';
import { decodeOfx, readOfx } from './ofx';
import { readQif } from './qif';
import { decodeText, excerpt, toMinorUnits } from './text';
import type { ReaderOutput, ReadOptions, RowError, StatementFormat, StatementTransaction } from './types';

export type { ReadOptions, RowError, StatementFormat, StatementTransaction } from './types';
export { isConfident } from './csv';
export { CSV_PRESETS, presetNamed } from './csv-presets';

/** A transaction of a statement with its 1-based row in the file. */
export type StatementRow = StatementTransaction & { row: number };

/** A statement as read: its format, the CSV header and suggested mapping (null otherwise), the transactions read and the rows that could not be. */
export interface StatementRead {
  format: StatementFormat;
  columns: string[] | null;
  suggestedMapping: CsvMapping | null;
  /** The bank preset the CSV header was recognised as, null when none or not CSV. */
  preset: string | null;
  transactions: StatementRow[];
  /** Sorted by row. */
  errors: RowError[];
  /** The accounts the file names, in order of first appearance, with their transaction counts; one `{ source: null }` when it names none. */
  accounts: { source: string | null; transactions: number }[];
  /** What the reader passed over on purpose (sections of other account types, category lists). */
  notes: string[];
  /** The ISO 4217 code every transaction that states one is in (OFX CURDEF, CAMT Ccy, MT940 balance), upper case; null when none states one (CSV, QIF) or they differ. */
  currency: string | null;
}

const MAGIC: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Excel .xlsx workbook)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an Office document (an Excel .xls workbook?)'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
];

const EXPORT_HINT = 'export the statement from your bank as OFX, QFX, QIF, CSV, CAMT.053 or MT940';

/**
 * The format of a statement from its first bytes. Throws EngineError `invalid` for an empty
 * file, UTF-16 text, or binary content (PDF, ZIP/xlsx, images, anything with NUL bytes).
 */
export function detectFormat(bytes: Uint8Array): StatementFormat {
  const head = bytes.subarray(0, 8192);
  if (bytes.length === 0 || head.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) throw new EngineError('invalid', 'the file is empty');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) throw new EngineError('invalid', 'the file is UTF-16 text: save it as UTF-8 (or Latin-1) and import again');
  const magic = MAGIC.find(([m]) => m.every((b, i) => head[i] === b));
  if (magic) throw new EngineError('invalid', `this is ${magic[1]}, not a bank statement: ${EXPORT_HINT}`);
  if (head.includes(0)) throw new EngineError('invalid', `this is a binary file, not a bank statement: ${EXPORT_HINT}`);
  const start = new TextDecoder('windows-1252').decode(head).replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  if (/^OFXHEADER|^<OFX>/i.test(start) || /<\?OFX[\s>]|<OFX>/i.test(start.slice(0, 1000))) return 'OFX';
  if (/^<\?xml|^<(\w+:)?Document[\s>]/.test(start)) return 'CAMT.053';
  if (start.startsWith('!')) return 'QIF';
  if (looksLikeMt940(start)) return 'MT940';
  if (/^D\d/m.test(start) && /^\^\s*$/m.test(start) && /^[TU][-+]?\d/m.test(start)) return 'QIF';
  return 'CSV';
}

/** An XML file's text: its declared Latin-1/Windows-1252 encoding, else the caller's encoding. */
function decodeXml(bytes: Uint8Array, encoding: 'utf-8' | 'latin1'): string {
  const declaration = /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(new TextDecoder('windows-1252').decode(bytes.subarray(0, 200)).replace(/^\u00ef\u00bb\u00bf/, ''))?.[1];
  return decodeText(bytes, declaration && /^(iso-8859-1|latin-?1|windows-1252|cp1252)$/i.test(declaration) ? 'latin1' : encoding);
}

function readAs(format: StatementFormat, bytes: Uint8Array, options: ReadOptions): ReaderOutput {
  switch (format) {
    case 'OFX':
      return readOfx(decodeOfx(bytes, options.encoding));
    case 'CAMT.053':
      return readCamt(decodeXml(bytes, options.encoding));
    case 'QIF':
      return readQif(decodeText(bytes, options.encoding), options.dateOrder);
    case 'MT940':
      return readMt940(bytes, (b) => decodeText(b, options.encoding));
    case 'CSV':
      return readCsv(decodeText(bytes, options.encoding), options.csv);
  }
}

/**
 * Reads a statement's bytes. Amounts become integer minor units of the transaction's own
 * currency (OFX, CAMT.053, MT940 state one), else of `options.currency`, else 2 decimal
 * places; with `options.currency` (the account's), a transaction in another currency is a
 * row error, as is an amount with more decimal places than its currency has. Throws
 * EngineError `invalid` for a file that cannot be read at all (empty, binary, not UTF-8 when
 * utf-8 is chosen, broken OFX/XML/QIF/CSV structure, camt.052/054) — per-row problems are
 * returned in `errors`, never thrown. A CSV statement without `options.csv` reads no rows.
 */
export function readStatement(bytes: Uint8Array, options: ReadOptions): StatementRead {
  const format = detectFormat(bytes);
  const out = readAs(format, bytes, options);
  const currencyOf = (a: string | null) => (typeof options.currency === 'function' ? options.currency(a) : options.currency)?.toUpperCase();
  const errors: RowError[] = [...out.errors];
  const transactions: StatementRow[] = [];
  for (const r of out.rows) {
    const account = currencyOf(r.account ?? null);
    const currency = (r.currency ?? account ?? null)?.toUpperCase() ?? null;
    if (account && currency && currency !== account) {
      errors.push({ row: r.row, message: `the amount is in ${currency}, but the account is in ${account}` });
      continue;
    }
    if (currency && !isKnownCurrency(currency)) {
      errors.push({ row: r.row, message: `currency "${excerpt(currency, 10)}" is not an ISO 4217 code` });
      continue;
    }
    const digits = currency ? minorUnitDigits(currency) : 2;
    const amountMinor = toMinorUnits(r.amount, digits);
    if (amountMinor === null) {
      errors.push({ row: r.row, message: `amount ${r.amount} has more than ${digits} decimal places${currency ? ` (${currency})` : ''} or is too large` });
      continue;
    }
    transactions.push({ row: r.row, date: r.date, amountMinor, payee: r.payee, memo: r.memo, bankTransactionId: r.bankTransactionId, category: r.category ?? null, account: r.account ?? null });
  }
  errors.sort((a, b) => a.row - b.row);
  return { format, columns: out.columns ?? null, suggestedMapping: out.suggestedMapping ?? null, preset: out.preset ?? null, transactions, errors, accounts: accountsOf(out.rows, out.errors), notes: out.notes ?? [], currency: ((c) => (c.size === 1 ? ([...c][0] ?? null) : null))(new Set(out.rows.flatMap((r) => (r.currency ? [r.currency.toUpperCase()] : [])))) };
}

/** The accounts rows name, in order of first appearance, with how many readable rows each has. */
function accountsOf(rows: readonly { account?: string | null }[], errors: readonly RowError[]): { source: string | null; transactions: number }[] {
  const counts = new Map<string | null, number>();
  for (const r of rows) counts.set(r.account ?? null, (counts.get(r.account ?? null) ?? 0) + 1);
  // an account whose every row is unreadable is still an account of the file
  for (const e of errors) if (e.account !== undefined && !counts.has(e.account)) counts.set(e.account, 0);
  if (counts.size === 0) return [{ source: null, transactions: 0 }];
  return [...counts].map(([source, transactions]) => ({ source, transactions }));
}

/** `row 4 (line 5): message`, or `row 4: message` when the line is not known. */
export function rowErrorText(e: RowError): string {
  return `row ${e.row}${e.line !== undefined ? ` (line ${e.line})` : ''}: ${e.message}`;
}

/**
 * Throws EngineError `invalid` when a read statement cannot be imported: a CSV without a
 * column mapping (listing its columns and the suggested mapping), or any row error — "3 rows
 * could not be read: row 2: …; row 7: …" (the first 20 listed).
 */
export function requireImportable(read: StatementRead, mapping: CsvMapping | undefined): void {
  if (read.format === 'CSV' && !mapping) {
    const suggestion = read.suggestedMapping ? `; a mapping guessed from the header: ${JSON.stringify(read.suggestedMapping)}` : '';
    throw new EngineError('invalid', `a CSV statement needs a column mapping (csv): its columns are ${(read.columns ?? []).map((c) => `"${c}"`).join(', ')}${suggestion}`);
  }
  const n = read.errors.length;
  if (n === 0) return;
  const listed = read.errors.slice(0, 20).map(rowErrorText).join('; ');
  throw new EngineError('invalid', `${n} ${n === 1 ? 'row' : 'rows'} could not be read: ${listed}${n > 20 ? `; and ${n - 20} more` : ''}`);
}

/**
 * The per-account dedupe key of each transaction, in order: `fitid:<bank id>` when the bank
 * gave one, else `hash:<SHA-256 of date, amount, payee, memo>`. Two identical transactions
 * without a bank id in one file (two coffees, same day, same price) are both real: the
 * second gets `#2`, the third `#3`, so the same file imported again still adds nothing.
 */
export function dedupeKeys(transactions: readonly StatementTransaction[]): string[] {
  const seen = new Map<string, number>();
  return transactions.map((t) => {
    if (t.bankTransactionId) return `fitid:${t.bankTransactionId}`;
    const key = `hash:${createHash('sha256').update(JSON.stringify([t.date, t.amountMinor, t.payee, t.memo])).digest('hex')}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}
