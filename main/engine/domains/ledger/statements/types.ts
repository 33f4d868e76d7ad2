/**
 * What the statement readers produce: transactions as read from the file (amounts still
 * decimal text, turned into minor units once the currency is known) and per-row errors.
 */
import type { CsvMapping } from '../../../../../shared/contract';

export const STATEMENT_FORMATS = ['OFX', 'QIF', 'CSV', 'CAMT.053', 'MT940'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** A transaction ready for the ledger: amount in integer minor units (+ in, − out), date YYYY-MM-DD. */
export interface StatementTransaction {
  date: string;
  amountMinor: number;
  payee: string | null;
  memo: string | null;
  bankTransactionId: string | null;
  /** The category the file gives it (QIF `L` lines), null when none. */
  category: string | null;
  /**
   * The account the file books it on, as the file names it (OFX ACCTID, MT940 `:25:`, QIF
   * `!Account` name, CAMT IBAN), null when the file names none: a file of several accounts
   * is never merged into one ledger account.
   */
  account: string | null;
}

/**
 * A transaction as a reader found it: `amount` is a canonical decimal text (`-1234.5`,
 * see `decimalText`), `currency` the ISO code the file states for it (null when the format
 * has none: QIF, CSV), `row` its 1-based number in the file.
 */
export interface ReadRow {
  row: number;
  date: string;
  amount: string;
  currency: string | null;
  payee: string | null;
  memo: string | null;
  bankTransactionId: string | null;
  /** Only formats that carry one (QIF); absent means none. */
  category?: string | null;
  /** The account the file names for it (see StatementTransaction.account); absent means none. */
  account?: string | null;
}

/** A row that could not be read: its 1-based number, the file line when known, and why. */
export interface RowError {
  row: number;
  line?: number;
  message: string;
  /** The account the file names for the row, when the reader knows it. */
  account?: string | null;
}

/** What one format reader returns. */
export interface ReaderOutput {
  rows: ReadRow[];
  errors: RowError[];
  /** CSV only: the header names and a mapping guessed from them. */
  columns?: string[];
  suggestedMapping?: CsvMapping | null;
  /** CSV only: the bank preset the header was recognised as (CSV_PRESETS), null when none. */
  preset?: string | null;
  /** What was read past on purpose: "skipped the investment account Brokerage (!Type:Invst)". */
  notes?: string[];
}

/** How to read a statement: the caller's choices from `statementSource` in the contract. */
export interface ReadOptions {
  /** QIF dates: month first (Quicken's convention) or day first. */
  dateOrder: 'mdy' | 'dmy';
  /** Text encoding of CSV, QIF and MT940 files ('latin1' is read as Windows-1252). */
  encoding: 'utf-8' | 'latin1';
  /** The CSV column mapping; required to import a CSV statement. */
  csv?: CsvMapping | undefined;
  /**
   * The account's currency (ISO 4217), when reading for an account: it sets the minor
   * units of formats without a currency, and a transaction in another currency is a row error.
   * A function gives it per account named in the file (undefined: not known).
   */
  currency?: string | ((account: string | null) => string | undefined) | undefined;
}
