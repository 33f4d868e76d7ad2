/**
 * The statement import's review, as pure functions of the engine's preview
 * (`ledger.previewStatement`) and the operator's choices: which rows are imported (every new
 * row unless unchecked; duplicates and unreadable rows never), where each account the file
 * names goes, and the `rows` / `accounts` parameters of `ledger.importStatement` that say so.
 * Also how a CSV mapping and its origin read.
 */
import type { ActionInput, CsvMapping, QueryOutput } from '../../../shared/contract';
import { DELIMITER_LABELS } from './view';

type Preview = QueryOutput<'ledger.previewStatement'>;
type PreviewRow = Preview['rows'][number];

/**
 * Where the operator sends each account the file names (its `source`): a ledger account id,
 * or `null` to leave it out. A source not in the record has not been chosen yet.
 */
export type SourceAccounts = Readonly<Record<string, string | null>>;

/**
 * A row of the review: a transaction, `new` (checked, will be imported), `excluded` (unchecked
 * by the operator), `duplicate` (already in the account: imports nothing), `leftOut` (its
 * account of the file is left out); or a row the engine could not read, with why.
 */
export type ReviewLine =
  | { kind: 'row'; row: number; status: 'new' | 'excluded' | 'duplicate' | 'leftOut'; transaction: PreviewRow; checked: boolean; checkable: boolean }
  | { kind: 'error'; row: number; status: 'unreadable'; message: string; checked: false; checkable: false };

/** At most this many unreadable rows are listed (a wrong mapping makes every row one); the rest are counted. */
export const MAX_ERROR_LINES = 500;

/** Whether the file names several accounts, each to be sent to a ledger account (or left out). */
export function namesSeveralAccounts(p: Preview): boolean {
  return p.accounts.length > 1;
}

/** Whether a transaction's account of the file is left out (only a file of several accounts has any). */
function accountLeftOut(p: Preview, sources: SourceAccounts, account: string | null): boolean {
  return namesSeveralAccounts(p) && account !== null && sources[account] === null;
}

/** The largest row number the preview shows (0 when it shows none). */
function lastShownRow(p: Preview): number {
  return p.rows.reduce((max, r) => Math.max(max, r.row), 0);
}

/**
 * The review's lines in file order: the transactions shown (the preview's first 500) and
 * the unreadable rows among them — all of them when the preview shows every transaction, at
 * most MAX_ERROR_LINES. `hiddenErrors` counts the unreadable rows not listed (past the preview,
 * or past the cap); they are never imported either.
 */
export function reviewLines(p: Preview, excluded: readonly number[], sources: SourceAccounts): { lines: ReviewLine[]; hiddenErrors: number } {
  const out = new Set(excluded);
  const rows: ReviewLine[] = p.rows.map((t) => {
    const status = accountLeftOut(p, sources, t.account) ? 'leftOut' : t.duplicate ? 'duplicate' : out.has(t.row) ? 'excluded' : 'new';
    return { kind: 'row', row: t.row, status, transaction: t, checked: status === 'new', checkable: status === 'new' || status === 'excluded' };
  });
  const last = p.transactions > p.rows.length ? lastShownRow(p) : Infinity;
  const errors: ReviewLine[] = p.errors
    .filter((e) => e.row <= last)
    .slice(0, MAX_ERROR_LINES)
    .map((e) => ({ kind: 'error', row: e.row, status: 'unreadable', message: e.message, checked: false, checkable: false }));
  return { lines: [...rows, ...errors].sort((a, b) => a.row - b.row), hiddenErrors: p.errors.length - errors.length };
}

export interface ReviewCounts {
  /** Rows of the file: its transactions and its unreadable rows. */
  total: number;
  /** New transactions the import adds: those checked in the review, and the new ones past it (below). */
  toImport: number;
  /** Transactions past the preview's first 500: not listed, imported as they are. */
  unseen: number;
  /** Rows the operator may (un)check, and how many of them are checked. */
  checkable: number;
  checked: number;
}

/**
 * What the review adds up to. Past the preview, the new rows are the file's `new` less the
 * new rows shown, less the rows past the preview of accounts left out (counted per account
 * by the preview; duplicates among them make this an underestimate, never an overestimate).
 */
export function reviewCounts(p: Preview, excluded: readonly number[], sources: SourceAccounts): ReviewCounts {
  const { lines } = reviewLines(p, excluded, sources);
  const checked = lines.filter((l) => l.checked).length;
  const unseen = Math.max(0, p.transactions - p.rows.length);
  let unseenNew = 0;
  if (unseen > 0) {
    const shownNew = p.rows.filter((r) => !r.duplicate).length;
    const unseenLeftOut = p.accounts
      .filter((a) => a.source !== null && accountLeftOut(p, sources, a.source))
      .reduce((n, a) => n + Math.max(0, a.transactions - p.rows.filter((r) => r.account === a.source).length), 0);
    unseenNew = Math.max(0, p.new - shownNew - unseenLeftOut);
  }
  return { total: p.transactions + p.errors.length, toImport: checked + unseenNew, unseen, checkable: lines.filter((l) => l.checkable).length, checked };
}

/**
 * The `rows` of `ledger.importStatement` for the review, or `undefined` to import the whole file.
 *
 * No `rows` while the operator has unchecked no new row and the file has no unreadable row:
 * the engine then imports every row, those past the preview included, and passes over
 * duplicates itself — the same as before there was a review.
 *
 * Otherwise the row numbers to import: the checked rows; the duplicates shown (they add
 * nothing, and sent they are counted as duplicates in the result rather than as skipped);
 * and every row past the last one shown, unreadable ones excepted. The preview lists only
 * the first 500 transactions, and leaving out a row nobody saw would drop it silently, so the
 * review may exclude rows it shows and keeps the rest of the file. Rows are numbered without
 * gaps (each is a transaction or an unreadable row), so the rows past the preview run from
 * the last one shown + 1 up to it + the transactions not shown + the unreadable rows after it —
 * a bound the engine accepts (it refuses a number beyond the file's last row). One exception:
 * a CSV line of only delimiters takes a number and holds nothing, so each such line past the
 * preview lowers the bound by one; the result's `skipped` then counts the rows so missed.
 * Rows of an account left out are not listed: the engine leaves them out anyway.
 */
export function rowsToImport(p: Preview, excluded: readonly number[], sources: SourceAccounts): number[] | undefined {
  const out = new Set(excluded);
  const kept = p.rows.filter((r) => !accountLeftOut(p, sources, r.account));
  const unchecked = kept.some((r) => !r.duplicate && out.has(r.row));
  if (!unchecked && p.errors.length === 0) return undefined;
  const rows = kept.filter((r) => r.duplicate || !out.has(r.row)).map((r) => r.row);
  const unseen = p.transactions - p.rows.length;
  if (unseen > 0) {
    const last = lastShownRow(p);
    const unreadable = new Set(p.errors.map((e) => e.row));
    const bound = last + unseen + p.errors.filter((e) => e.row > last).length;
    for (let row = last + 1; row <= bound; row += 1) if (!unreadable.has(row)) rows.push(row);
  }
  return rows;
}

/**
 * The `accounts` of `ledger.importStatement` for a file of several accounts: each account it
 * names to its chosen ledger account or `null` (left out); `missing` lists those not chosen
 * yet (the import waits for them). A file of one account (or none named) takes the wizard's
 * account: no `accounts`. Transactions naming no account go to the wizard's account.
 */
export function accountsToImport(p: Preview, sources: SourceAccounts): { accounts: ActionInput<'ledger.importStatement'>['accounts']; missing: string[] } {
  if (!namesSeveralAccounts(p)) return { accounts: undefined, missing: [] };
  const named = p.accounts.flatMap((a) => (a.source === null ? [] : [a.source]));
  return {
    accounts: named.map((source) => ({ source, accountId: sources[source] ?? null })),
    missing: named.filter((source) => !(source in sources)),
  };
}

/** The choices a fresh preview brings: each account of the file the engine knows from an earlier import goes where it went then, unless the operator chose already. */
export function rememberedSources(p: Preview, sources: SourceAccounts): SourceAccounts {
  if (!namesSeveralAccounts(p)) return sources;
  const next: Record<string, string | null> = { ...sources };
  for (const a of p.accounts) if (a.source !== null && !(a.source in next) && a.accountId !== null) next[a.source] = a.accountId;
  return next;
}

/** Where the CSV mapping a preview was read with came from, in words; `null` when there is none yet. */
export function mappingSourceText(source: Preview['mappingSource'], preset: string | null): string | null {
  switch (source) {
    case 'given':
      return 'Read with the columns set below.';
    case 'remembered':
      return 'Read with the mapping remembered for this account (from its last CSV import).';
    case 'preset':
      return `Read with the ${preset ?? 'bank'} layout, recognised from the header.`;
    case 'guessed':
      return 'Read with a mapping guessed from the header: check the columns below.';
    default:
      return null;
  }
}

/** A CSV mapping as short lines for the import summary: each mapped column, then how the file is read. */
export function describeCsvMapping(m: CsvMapping): string[] {
  const lines = [`Date: ${m.date} (${m.dateFormat})`];
  if (m.amount !== undefined) lines.push(`Amount: ${m.amount}`);
  if (m.debit !== undefined) lines.push(`Debit (money out): ${m.debit}`);
  if (m.credit !== undefined) lines.push(`Credit (money in): ${m.credit}`);
  if (m.indicator !== undefined) lines.push(`Debit/credit indicator: ${m.indicator}`);
  if (m.payee !== undefined) lines.push(`Payee: ${m.payee}`);
  if (m.memo !== undefined) lines.push(`Memo: ${m.memo}`);
  if (m.id !== undefined) lines.push(`Bank transaction id: ${m.id}`);
  lines.push(m.decimal === ',' ? 'Decimal comma (1.234,56)' : 'Decimal point (1,234.56)');
  if (m.delimiter !== undefined) lines.push(`Delimiter: ${DELIMITER_LABELS[m.delimiter]}`);
  if (m.headerLine === 0) lines.push('No header: columns by number');
  else if (m.headerLine !== undefined) lines.push(`Header on line ${m.headerLine}`);
  if (m.invertSign) lines.push('Amounts are charges (card export): signs turned');
  return lines;
}
