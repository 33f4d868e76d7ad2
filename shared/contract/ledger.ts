/**
 * The ledger (DOMAIN.md "Receipts and the ledger"): accounts and entries; bank statements
 * import, deduplicated by the bank's transaction id or a stable hash. An outflow recorded
 * by hand is a governed spend (approval threshold, caps).
 * Money is integer minor units: + money in, − money out.
 */
import { z } from 'zod';
import { calendarDate, currency, id, instant, note } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const ACCOUNT_KINDS = ['cash', 'checking', 'savings', 'card', 'other'] as const;
const label = z.string().trim().min(1).max(64);

export const accountSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(ACCOUNT_KINDS),
  currency: z.string(),
  openingBalanceMinor: z.int(),
  balanceMinor: z.int(),
  entries: z.int(),
  createdAt: instant,
});
export type Account = z.infer<typeof accountSchema>;

export const ledgerEntrySchema = z.object({
  id,
  accountId: id,
  date: calendarDate,
  amountMinor: z.int(),
  payee: z.string().nullable(),
  category: z.string().nullable(),
  memo: z.string().nullable(),
  receiptId: id.nullable(),
  bankTransactionId: z.string().nullable(),
  source: z.enum(['manual', 'import']),
  importId: z.string().nullable(),
  createdAt: instant,
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** An entry as `ledger.entries` lists it: with the vendor of its linked receipt (null when none is linked or it has no vendor). */
export const ledgerEntryRowSchema = ledgerEntrySchema.extend({ receiptVendor: z.string().nullable() });
export type LedgerEntryRow = z.infer<typeof ledgerEntryRowSchema>;

export const statementImportSchema = z.object({
  importId: z.string(),
  format: z.string(),
  transactions: z.int(),
  added: z.int(),
  duplicates: z.int(),
  firstDate: calendarDate.nullable(),
  lastDate: calendarDate.nullable(),
  /** Rows of the file left out: not chosen, or of an account left out (their numbers are in the decision). */
  skipped: z.int(),
  /** Per account named in the file (one `source: null` when it names none): where its transactions went. */
  accounts: z.array(z.object({ source: z.string().nullable(), accountId: id.nullable(), transactions: z.int(), added: z.int(), duplicates: z.int() })),
  /** What the reader passed over on purpose (other sections of a QIF export, investment statements). */
  notes: z.array(z.string()),
  /** The CSV mapping the file was read with (given, remembered or confidently guessed), to reuse; null for other formats. */
  csvMapping: z.lazy(() => csvMappingSchema).nullable(),
});

export const matchSuggestionSchema = z.object({
  receiptId: id,
  entryId: id,
  vendor: z.string().nullable(),
  payee: z.string().nullable(),
  amountMinor: z.int(),
  currency: z.string(),
  receiptDate: calendarDate,
  entryDate: calendarDate,
  daysApart: z.int(),
  /** Vendor/payee similarity 0..1 (token overlap after normalisation). */
  similarity: z.number(),
});

/** A receipt not yet reconciled: complete (so vendor, date and total are set) and linked to no ledger entry. */
export const unmatchedReceiptSchema = z.object({
  id,
  vendor: z.string(),
  date: calendarDate,
  /** The receipt's total in minor units of `currency` (negative for a refund). */
  totalMinor: z.int(),
  currency: z.string(),
});
export type UnmatchedReceipt = z.infer<typeof unmatchedReceiptSchema>;

/** A bank outflow not yet reconciled: a ledger entry with a negative amount and no receipt. */
export const unmatchedOutflowSchema = z.object({
  id,
  accountId: id,
  accountName: z.string(),
  date: calendarDate,
  /** Signed minor units of the account's `currency`: always negative (money out). */
  amountMinor: z.int(),
  currency: z.string(),
  payee: z.string().nullable(),
});
export type UnmatchedOutflow = z.infer<typeof unmatchedOutflowSchema>;

/** Date layouts a CSV statement may use (date-fns patterns). */
export const CSV_DATE_FORMATS = [
  'yyyy-MM-dd',
  'dd/MM/yyyy',
  'MM/dd/yyyy',
  'dd.MM.yyyy',
  'dd-MM-yyyy',
  'd/M/yyyy',
  'M/d/yyyy',
  'd.M.yyyy',
  'yyyyMMdd',
  'yyyy/MM/dd',
  'dd/MM/yy',
  'MM/dd/yy',
  'dd.MM.yy',
  'd/M/yy',
  'M/d/yy',
  'dd-MM-yy',
  'dd MMM yyyy',
  'd MMM yyyy',
  'dd-MMM-yyyy',
  'dd MMM yy',
] as const;
const column = z.string().trim().min(1).max(100);

/**
 * How the columns of a CSV statement map to a transaction: a date column and either one
 * signed amount column or separate debit (money out) and credit (money in) columns; the
 * date layout and the decimal separator (`,` for `1.234,56`).
 */
export const csvMappingSchema = z
  .strictObject({
    date: column,
    amount: column.optional(),
    debit: column.optional(),
    credit: column.optional(),
    payee: column.optional(),
    memo: column.optional(),
    id: column.optional(),
    /** A column whose value says debit or credit (D/C, DR/CR, S/H, Soll/Haben, Af/Bij …): the amount column then holds the magnitude. */
    indicator: column.optional(),
    dateFormat: z.enum(CSV_DATE_FORMATS).default('yyyy-MM-dd'),
    decimal: z.enum(['.', ',']).default('.'),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** The file lists money out as positive (card exports: charges positive, payments negative): every amount is negated. */
    invertSign: z.boolean().optional(),
    /** The 1-based line of the header (lines above it are a preamble); 0 when the file has none and columns are named by number ("1", "2" …). Default: found. */
    headerLine: z.int().min(0).max(1000).optional(),
  })
  .refine((m) => (m.amount !== undefined) !== (m.debit !== undefined || m.credit !== undefined), { message: 'map either one amount column or debit/credit columns', path: ['amount'] })
  .refine((m) => m.indicator === undefined || m.amount !== undefined, { message: 'a debit/credit indicator column goes with one amount column', path: ['indicator'] });
export type CsvMapping = z.infer<typeof csvMappingSchema>;

/** What every statement read takes: the staged file and how to read it. */
const statementSource = {
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)'),
  fileName: z.string().max(255).optional(),
  /** QIF dates: month first (Quicken's convention) or day first. */
  dateOrder: z.enum(['mdy', 'dmy']).default('mdy'),
  /** Text encoding of a CSV or QIF file; a file that is not valid in it is refused, naming the likely one. */
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  /** Column mapping for a CSV statement (default: the one remembered for the account, else the bank's preset or a guess that reads every row). */
  csv: csvMappingSchema.optional(),
  /** A bank's CSV layout by name (n26, monzo, lloyds, amex …): its mapping, in place of `csv`. */
  preset: z.string().trim().min(1).max(40).optional(),
  /**
   * Only these rows (the `row` numbers of the preview): the others are left out, and named in
   * the decision; a row that cannot be read may then be left out instead of refusing the file.
   */
  rows: z
    .array(z.int().min(1))
    .min(1)
    .max(1_000_000)
    .refine((r) => new Set(r).size === r.length, 'a row is listed twice')
    .optional(),
};

/** Where an account named in a statement file goes: a ledger account, or null to leave it out. */
export const statementAccountMapSchema = z
  .array(z.strictObject({ source: z.string().trim().min(1).max(64), accountId: id.nullable() }))
  .max(100)
  .refine((a) => new Set(a.map((m) => m.source)).size === a.length, 'an account of the file is mapped twice');

export const statementRowSchema = z.object({
  /** 1-based row (CSV line after the header) or transaction number in the file. */
  row: z.int(),
  date: calendarDate,
  amountMinor: z.int(),
  payee: z.string().nullable(),
  memo: z.string().nullable(),
  bankTransactionId: z.string().nullable(),
  /** The category the file gives (QIF `L` lines; a transfer to another account is none). */
  category: z.string().nullable(),
  /** Already in the account (same bank id or stable hash): importing adds it no second time. */
  duplicate: z.boolean(),
  /** The account the file books it on (OFX ACCTID, MT940 :25:, QIF !Account), null when the file names none. */
  account: z.string().nullable(),
});

export const ledgerActions = {
  'reconcile.accept': {
    summary: 'Link a receipt to a ledger entry (one receipt, one entry): the amounts must agree.',
    input: z.strictObject({ receiptId: id, entryId: id }),
    output: ledgerEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'reconcile.reject': {
    summary: 'Turn down a suggested receipt ↔ entry match: it is not suggested again.',
    input: z.strictObject({ receiptId: id, entryId: id }),
    output: z.object({ receiptId: id, entryId: id }),
    execClass: 'prod',
    exempt: false,
  },
  'ledger.createAccount': {
    summary: 'Add an account (cash, checking, savings, card …) with its currency and opening balance.',
    input: z.strictObject({ name: label, kind: z.enum(ACCOUNT_KINDS), currency, openingBalanceMinor: z.int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(0) }),
    output: accountSchema,
    execClass: 'prod',
    exempt: false,
  },
  'ledger.record': {
    summary: 'Record an entry by hand: an outflow (negative amount) is a governed spend, with a category.',
    input: z.strictObject({
      accountId: id,
      date: calendarDate,
      amountMinor: z.int().refine((n) => n !== 0, 'must not be 0').refine((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER, 'too large'),
      payee: z.string().trim().min(1).max(200).optional(),
      category: label.optional(),
      memo: note.optional(),
    }),
    output: ledgerEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'ledger.categorize': {
    summary: 'File ledger entries under a category (or none, `null`), e.g. imported bank entries; an entry already under it is left as it is. Any unknown entry refuses the whole batch.',
    input: z
      .strictObject({ entryIds: z.array(id).min(1).max(500), category: label.nullable() })
      .refine((p) => new Set(p.entryIds).size === p.entryIds.length, { message: 'an entry is listed twice', path: ['entryIds'] }),
    output: z.object({ changed: z.int(), unchanged: z.int() }),
    execClass: 'prod',
    exempt: false,
  },
  'ledger.importStatement': {
    summary: 'Import a bank statement (OFX/QFX, QIF, CSV with a column mapping, CAMT.053, MT940) into an account — a file of several accounts into one ledger account each: the same transaction twice is added once; a file with an unreadable row imports nothing unless the rows to import are chosen.',
    input: z.strictObject({
      accountId: id,
      /**
       * For a file naming several accounts (an OFX of checking and card, a Quicken export):
       * which ledger account each goes to, or null to leave it out. Accounts mapped before are
       * remembered; `accountId` takes a file of one account.
       */
      accounts: statementAccountMapSchema.optional(),
      ...statementSource,
    }),
    output: statementImportSchema,
    execClass: 'prod',
    exempt: false,
  },
} as const satisfies Record<string, ActionSpec>;

export const ledgerQueries = {
  'ledger.previewStatement': {
    summary: 'Read a staged statement without importing it: its format, CSV columns and a suggested mapping, the transactions (first 500) marked new or duplicate for the account, and per-row errors.',
    input: z.strictObject({
      accountId: id.optional(),
      /** For a file of several accounts: the ledger account each goes to (as the import will take it), so each is read in its currency and checked for duplicates there. */
      accounts: statementAccountMapSchema.optional(),
      ...statementSource,
    }),
    output: z.object({
      format: z.enum(['OFX', 'QIF', 'CSV', 'CAMT.053', 'MT940']),
      /** The CSV mapping the rows were read with (given, remembered, a preset or the guess); null for other formats or none. */
      mapping: csvMappingSchema.nullable(),
      /** CSV header names, null for other formats. */
      columns: z.array(z.string()).nullable(),
      /** A mapping guessed from the CSV header names, null when none fits or not CSV. */
      suggestedMapping: csvMappingSchema.nullable(),
      transactions: z.int(),
      new: z.int(),
      duplicates: z.int(),
      firstDate: calendarDate.nullable(),
      lastDate: calendarDate.nullable(),
      rows: z.array(statementRowSchema),
      /** Rows that could not be read, and why; an import with any error adds nothing unless the rows are chosen. */
      errors: z.array(z.object({ row: z.int(), message: z.string() })),
      /** The accounts the file names (one `source: null` when none), each with the ledger account it went to last time, if any. */
      accounts: z.array(z.object({ source: z.string().nullable(), transactions: z.int(), accountId: id.nullable() })),
      /** Where the CSV mapping used came from: given, remembered for the account, a bank preset, or guessed from the header; null for other formats or none. */
      mappingSource: z.enum(['given', 'remembered', 'preset', 'guessed']).nullable(),
      /** The bank preset the header was recognised as (or the one asked for), null when none. */
      preset: z.string().nullable(),
      notes: z.array(z.string()),
      /** The ISO 4217 code the file states for its transactions (OFX CURDEF, CAMT Ccy, MT940 balance), null when it states none (CSV, QIF) or several: the account the file needs. */
      currency: z.string().nullable(),
    }),
  },
  'ledger.cashBuffer': {
    summary:
      'Liquid balance − approved but unspent approvals − unpaid bills (overdue and due within 30 days), projected day by day at the average daily outflow of the last 90 days with each bill on its due date; the cash runway and the band it suggests. In the household currency: liquid accounts in other currencies are left out and listed per currency.',
    input: z.strictObject({ days: z.int().min(1).max(365).default(30) }),
    output: z.object({
      asOf: calendarDate,
      currency: z.string(),
      liquidMinor: z.int(),
      approvedUnspentMinor: z.int(),
      /** Unpaid bill occurrences, overdue or due within BILL_HORIZON_DAYS (30). */
      upcomingBillsMinor: z.int(),
      upcomingBills: z.array(z.object({ date: calendarDate, amountMinor: z.int(), payee: z.string() })),
      averageDailyOutflowMinor: z.int(),
      runwayDays: z.number().nullable(),
      suggestedBand: z.enum(['A', 'B', 'C', 'D']).nullable(),
      projection: z.array(z.object({ day: calendarDate, bufferMinor: z.int() })),
      otherCurrencies: z.array(z.object({ currency: z.string(), accounts: z.int(), balanceMinor: z.int() })),
    }),
  },
  'reconcile.suggestions': {
    summary: 'Receipt ↔ bank entry matches to review (same amount and currency, dates ± 3 days, by vendor similarity), and what is unmatched on each side.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(100) }),
    output: z.object({ suggestions: z.array(matchSuggestionSchema), unmatchedReceipts: z.int(), unmatchedEntries: z.int() }),
  },
  'reconcile.unmatched': {
    summary:
      'What is left to reconcile on each side: complete receipts linked to no entry, and outflows (amount < 0) with no receipt, each newest date first, at most `limit` per side, with the full count of each side (the counts of reconcile.suggestions).',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(50) }),
    output: z.object({
      receipts: z.object({ items: z.array(unmatchedReceiptSchema), total: z.int() }),
      outflows: z.object({ items: z.array(unmatchedOutflowSchema), total: z.int() }),
    }),
  },
  'ledger.accounts': {
    summary: 'Accounts with their balances.',
    input: z.strictObject({}),
    output: z.array(accountSchema),
  },
  'ledger.entries': {
    summary: 'Entries of an account (or all), newest booking date first, each with its linked receipt’s vendor, with a keyset cursor.',
    input: z.strictObject({ accountId: id.optional(), from: calendarDate.optional(), to: calendarDate.optional(), limit: z.int().min(1).max(500).default(100), cursor: id.optional() }),
    output: z.object({ items: z.array(ledgerEntryRowSchema), nextCursor: id.nullable() }),
  },
} as const satisfies Record<string, QuerySpec>;
