/**
 * Column mappings of common bank exports, recognised by their header: a person importing a
 * bank's CSV gets its mapping without choosing columns (and can name one with `preset`).
 * Each was written against a real export in the statement corpus
 * (test/fixtures/statement-corpus/SOURCES.md names the file) or the bank's published layout.
 * A preset states the columns and conventions; the delimiter and header line are found in
 * the file.
 */
import type { CsvMapping } from '../../../../../shared/contract';
import { normaliseHeader } from './csv-guess';

export interface CsvPreset {
  /** The name to choose it by (`preset`). */
  name: string;
  /** Bank and export, for people. */
  label: string;
  /** Header names (normalised, see normaliseHeader) that must all be present. */
  requires: string[];
  mapping: Omit<CsvMapping, 'delimiter' | 'headerLine'>;
}

export const CSV_PRESETS: readonly CsvPreset[] = [
  { name: 'n26-de', label: 'N26 (German export)', requires: ['datum', 'empfanger', 'betrag', 'verwendungszweck', 'kategorie'], mapping: { date: 'Datum', payee: 'Empfänger', amount: 'Betrag (EUR)', memo: 'Verwendungszweck', dateFormat: 'yyyy-MM-dd', decimal: '.' } },
  { name: 'n26', label: 'N26 (English export)', requires: ['booking date', 'partner name', 'amount', 'payment reference'], mapping: { date: 'Booking Date', payee: 'Partner Name', amount: 'Amount (EUR)', memo: 'Payment Reference', dateFormat: 'yyyy-MM-dd', decimal: '.' } },
  {
    name: 'sparkasse-camt',
    label: 'Sparkasse (CSV-CAMT)',
    requires: ['auftragskonto', 'buchungstag', 'beguenstigter zahlungspflichtiger', 'betrag', 'verwendungszweck'],
    mapping: { date: 'Buchungstag', payee: 'Beguenstigter/Zahlungspflichtiger', amount: 'Betrag', memo: 'Verwendungszweck', dateFormat: 'dd.MM.yy', decimal: ',' },
  },
  { name: 'commerzbank', label: 'Commerzbank', requires: ['buchungstag', 'wertstellung', 'umsatzart', 'buchungstext', 'betrag'], mapping: { date: 'Buchungstag', payee: 'Buchungstext', amount: 'Betrag', dateFormat: 'dd.MM.yyyy', decimal: ',' } },
  { name: 'monzo', label: 'Monzo', requires: ['id', 'created', 'amount', 'currency', 'description'], mapping: { date: 'created', payee: 'description', amount: 'amount', memo: 'notes', id: 'id', dateFormat: 'yyyy-MM-dd', decimal: '.' } },
  { name: 'bunq', label: 'bunq', requires: ['date', 'amount', 'account', 'counterparty', 'name', 'description'], mapping: { date: 'Date', payee: 'Name', amount: 'Amount', memo: 'Description', dateFormat: 'yyyy-MM-dd', decimal: ',' } },
  { name: 'bank-of-ireland', label: 'Bank of Ireland', requires: ['date', 'details', 'debit', 'credit', 'balance'], mapping: { date: 'Date', payee: 'Details', debit: 'Debit', credit: 'Credit', dateFormat: 'dd/MM/yyyy', decimal: '.' } },
  {
    name: 'lloyds',
    label: 'Lloyds, Halifax, Bank of Scotland',
    requires: ['transaction date', 'transaction type', 'sort code', 'transaction description', 'debit amount', 'credit amount'],
    mapping: { date: 'Transaction Date', payee: 'Transaction Description', debit: 'Debit Amount', credit: 'Credit Amount', dateFormat: 'dd/MM/yyyy', decimal: '.' },
  },
  { name: 'starling', label: 'Starling', requires: ['date', 'counter party', 'reference', 'type', 'amount'], mapping: { date: 'Date', payee: 'Counter Party', memo: 'Reference', amount: 'Amount (GBP)', dateFormat: 'dd/MM/yyyy', decimal: '.' } },
  { name: 'paypal', label: 'PayPal activity', requires: ['date', 'time', 'time zone', 'name', 'gross', 'transaction id'], mapping: { date: 'Date', payee: 'Name', amount: 'Gross', id: 'Transaction ID', dateFormat: 'M/d/yyyy', decimal: '.' } },
  {
    name: 'capital-one',
    label: 'Capital One (card)',
    requires: ['transaction date', 'posted date', 'card no', 'description', 'debit', 'credit'],
    mapping: { date: 'Transaction Date', payee: 'Description', debit: 'Debit', credit: 'Credit', dateFormat: 'yyyy-MM-dd', decimal: '.' },
  },
  { name: 'schwab', label: 'Charles Schwab (checking)', requires: ['date', 'status', 'type', 'checknumber', 'description', 'withdrawal', 'deposit'], mapping: { date: 'Date', payee: 'Description', debit: 'Withdrawal', credit: 'Deposit', dateFormat: 'MM/dd/yyyy', decimal: '.' } },
  { name: 'dcu', label: 'DCU', requires: ['date', 'transaction type', 'description', 'amount', 'id', 'current balance'], mapping: { date: 'DATE', payee: 'DESCRIPTION', amount: 'AMOUNT', memo: 'MEMO', id: 'ID', dateFormat: 'MM/dd/yyyy', decimal: '.' } },
  { name: 'chase', label: 'Chase (checking)', requires: ['details', 'posting date', 'description', 'amount', 'type', 'balance'], mapping: { date: 'Posting Date', payee: 'Description', amount: 'Amount', dateFormat: 'MM/dd/yyyy', decimal: '.' } },
  // American Express lists charges as positive amounts
  { name: 'amex', label: 'American Express', requires: ['date', 'description', 'card member', 'amount'], mapping: { date: 'Date', payee: 'Description', amount: 'Amount', invertSign: true, dateFormat: 'MM/dd/yyyy', decimal: '.' } },
  {
    name: 'ubs-fr',
    label: 'UBS (French export)',
    requires: ['produit', 'monn', 'date de valeur', 'description 1', 'debit', 'credit', 'solde'],
    mapping: { date: 'Date de valeur', payee: 'Description 1', debit: 'Débit', credit: 'Crédit', dateFormat: 'dd.MM.yyyy', decimal: '.' },
  },
];

/** The preset whose required headers the file has (the most specific when several match), or null. */
export function presetFor(columns: readonly string[]): CsvPreset | null {
  const have = new Set(columns.map(normaliseHeader));
  const matches = CSV_PRESETS.filter((p) => p.requires.every((r) => have.has(r)));
  return matches.sort((a, b) => b.requires.length - a.requires.length)[0] ?? null;
}

/** The preset of that name, or null. */
export function presetNamed(name: string): CsvPreset | null {
  return CSV_PRESETS.find((p) => p.name === name) ?? null;
}
