/**
 * The ledger: accounts, entries, and bank statement import.
 *
 * Statements are read by `./statements` (OFX/QFX, QIF, CSV with a column mapping,
 * CAMT.053, MT940, recognised by content); each transaction becomes an entry deduplicated
 * per account by the bank's transaction id, or — when the format has none — by a SHA-256 of
 * date, amount, payee and memo, so importing the same file twice adds nothing. A file with
 * any unreadable row imports nothing.
 */
import { statSync } from 'node:fs';
import type { Account, LedgerEntry, QueryOutput } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { filters } from '../../db/filters';
import type { Spend, SpendResolvers } from '../../governance/spending';
import { readDocument, type FileStore } from '../../files/store';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../handlers';
import { dedupeKeys, readStatement, requireImportable, type StatementRead, type StatementTransaction } from './statements';

type AccountRow = { id: string; name: string; kind: Account['kind']; currency: string; opening_balance_minor: number; created_at: string };
type EntryRow = {
  id: string;
  account_id: string;
  date: string;
  amount_minor: number;
  payee: string | null;
  category: string | null;
  memo: string | null;
  receipt_id: string | null;
  bank_transaction_id: string | null;
  source: LedgerEntry['source'];
  import_id: string | null;
  created_at: string;
};

const toEntry = (r: EntryRow): LedgerEntry => ({
  id: r.id,
  accountId: r.account_id,
  date: r.date,
  amountMinor: r.amount_minor,
  payee: r.payee,
  category: r.category,
  memo: r.memo,
  receiptId: r.receipt_id,
  bankTransactionId: r.bank_transaction_id,
  source: r.source,
  importId: r.import_id,
  createdAt: r.created_at,
});

/** An account with its balance (opening + entries, minor units) and entry count; throws EngineError `not_found`. */
export function getAccount(db: Db, id: string): Account {
  const r = sql(db, 'SELECT * FROM ledger_accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!r) throw new EngineError('not_found', `no account ${id}`);
  const totals = sql(db, 'SELECT coalesce(sum(amount_minor), 0) AS total, count(*) AS n FROM ledger_entries WHERE account_id = ?').get(id) as { total: number; n: number };
  return { id: r.id, name: r.name, kind: r.kind, currency: r.currency, openingBalanceMinor: r.opening_balance_minor, balanceMinor: r.opening_balance_minor + totals.total, entries: totals.n, createdAt: r.created_at };
}

/** `ledger.record` spends when it is an outflow: its amount, category and account. */
export const LEDGER_SPEND_RESOLVERS: SpendResolvers = {
  'ledger.record': (params): Spend | null => {
    const p = params as { accountId: string; date: string; amountMinor: number; payee?: string; category?: string };
    if (p.amountMinor >= 0) return null;
    return { kind: 'spend', amountMinor: -p.amountMinor, category: p.category ?? null, target: p.accountId, bindingParams: { accountId: p.accountId, date: p.date, payee: p.payee ?? null }, title: `Payment to ${p.payee ?? 'unknown payee'}` };
  },
};

function insertEntry(ctx: ActionContext, e: { accountId: string; key: string; source: 'manual' | 'import'; importId: string | null } & StatementTransaction): LedgerEntry | null {
  const id = ctx.newId();
  const info = sql(
    ctx.db,
    `INSERT OR IGNORE INTO ledger_entries (id, account_id, date, amount_minor, payee, category, memo, bank_transaction_id, dedupe_key, source, import_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, e.accountId, e.date, e.amountMinor, e.payee, e.category, e.memo, e.bankTransactionId, e.key, e.source, e.importId, ctx.now);
  return info.changes ? toEntry(sql(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(id) as EntryRow) : null;
}

export const ledgerActions: Pick<ActionHandlers, 'ledger.createAccount' | 'ledger.record' | 'ledger.importStatement' | 'ledger.categorize'> = {
  'ledger.categorize'(p, ctx) {
    const read = sql(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?');
    const entries = p.entryIds.map((id) => {
      const row = read.get(id) as EntryRow | undefined;
      if (!row) throw new EngineError('not_found', `no ledger entry ${id}`);
      return toEntry(row);
    });
    const update = sql(ctx.db, 'UPDATE ledger_entries SET category = ? WHERE id = ?');
    let changed = 0;
    for (const entry of entries) {
      if (entry.category === p.category) continue;
      update.run(p.category, entry.id);
      ctx.record({ entity: 'ledger_entry', entityId: entry.id, before: { category: entry.category }, after: { category: p.category } });
      changed += 1;
    }
    if (changed) ctx.touch('ledger_entries');
    return { changed, unchanged: entries.length - changed };
  },

  'ledger.createAccount'(p, ctx) {
    if (sql(ctx.db, 'SELECT 1 FROM ledger_accounts WHERE name = ? COLLATE NOCASE').get(p.name)) throw new EngineError('conflict', `an account named "${p.name}" already exists`);
    const id = ctx.newId();
    sql(ctx.db, 'INSERT INTO ledger_accounts (id, name, kind, currency, opening_balance_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, p.name, p.kind, p.currency, p.openingBalanceMinor, ctx.now);
    const account = getAccount(ctx.db, id);
    ctx.record({ entity: 'ledger_account', entityId: id, before: null, after: account });
    ctx.touch('ledger_accounts');
    return account;
  },

  'ledger.record'(p, ctx) {
    const before = getAccount(ctx.db, p.accountId);
    const t: StatementTransaction = { date: p.date, amountMinor: p.amountMinor, payee: p.payee ?? null, memo: p.memo ?? null, bankTransactionId: null, category: p.category ?? null };
    // manual entries are never deduplicated: each gets its own key
    const entry = insertEntry(ctx, { ...t, accountId: p.accountId, key: `manual:${ctx.decisionId}`, source: 'manual', importId: null }) as LedgerEntry;
    ctx.record({ entity: 'ledger_entry', entityId: entry.id, before: null, after: entry });
    ctx.record({ entity: 'ledger_balance', entityId: p.accountId, before: { balanceMinor: before.balanceMinor }, after: { balanceMinor: getAccount(ctx.db, p.accountId).balanceMinor } });
    ctx.touch('ledger_entries');
    return entry;
  },

  'ledger.importStatement'(p, ctx) {
    const before = getAccount(ctx.db, p.accountId);
    const read = ctx.prepared as StatementRead | undefined;
    if (!read) throw new EngineError('internal', 'ledger.importStatement runs through dispatchAsync (its file is read before the transaction)');
    const { transactions } = read;
    const importId = ctx.newId();
    const keys = dedupeKeys(transactions);
    let added = 0;
    ctx.progress({ phase: 'inserting', done: 0, total: transactions.length, unit: 'rows' });
    transactions.forEach((t, i) => {
      if (insertEntry(ctx, { ...t, accountId: p.accountId, key: keys[i] ?? '', source: 'import', importId })) added += 1;
      ctx.progress({ phase: 'inserting', done: i + 1, total: transactions.length, unit: 'rows' });
    });
    const dates = transactions.map((t) => t.date).sort();
    const summary = { importId, format: read.format, transactions: transactions.length, added, duplicates: transactions.length - added, firstDate: dates[0] ?? null, lastDate: dates.at(-1) ?? null };
    ctx.record({
      entity: 'statement_import',
      entityId: importId,
      before: { balanceMinor: before.balanceMinor, entries: before.entries },
      after: { ...summary, fileSha256: p.fileSha256, fileName: p.fileName ?? null, balanceMinor: getAccount(ctx.db, p.accountId).balanceMinor },
    });
    ctx.touch('ledger_entries');
    return summary;
  },
};

type Source = { fileSha256: string; dateOrder: 'mdy' | 'dmy'; encoding: 'utf-8' | 'latin1'; csv?: StatementRead['suggestedMapping'] | undefined };

/**
 * Reads a staged statement for an account (its currency, when given, checks and scales the
 * amounts). Throws EngineError `invalid` for a file over `MAX_DOCUMENT_BYTES`.
 */
function readStaged(files: FileStore, p: Source, currency: string | undefined, csv = p.csv ?? undefined): StatementRead {
  return readStatement(readDocument(files, p.fileSha256, 'bank statement'), { dateOrder: p.dateOrder, encoding: p.encoding, csv, currency });
}

export const ledgerPreparers: ActionPreparers = {
  /**
   * Reads the whole statement before the transaction, reporting `reading` progress in bytes
   * of the file; any row error (or a CSV without mapping) refuses the import.
   */
  async 'ledger.importStatement'(p, { db, files, progress }) {
    const currency = getAccount(db, p.accountId).currency;
    const size = statSync(files.pathOf(p.fileSha256)).size;
    progress({ phase: 'reading', done: 0, total: size, unit: 'bytes' });
    const read = readStaged(files, p, currency);
    progress({ phase: 'reading', done: size, total: size, unit: 'bytes' });
    requireImportable(read, p.csv);
    return read;
  },
};

/** How many transactions a preview lists (the counts cover the whole file). */
export const PREVIEW_ROWS = 500;

/**
 * `ledger.previewStatement`: the statement read as an import would read it, without
 * writing. A CSV without a mapping is read with the mapping guessed from its header (also
 * returned as `suggestedMapping`), so the operator sees what that mapping gives. Rows are
 * marked duplicate when the account already has them (with `accountId`) or an earlier row
 * of the file has the same bank id. Throws EngineError `invalid` for a file that cannot be
 * read at all, `not_found` for an unknown account.
 */
export function previewStatement(db: Db, files: FileStore, p: Source & { accountId?: string | undefined }): QueryOutput<'ledger.previewStatement'> {
  const currency = p.accountId ? getAccount(db, p.accountId).currency : undefined;
  let read = readStaged(files, p, currency);
  if (read.format === 'CSV' && !p.csv && read.suggestedMapping) read = readStaged(files, p, currency, read.suggestedMapping);
  const keys = dedupeKeys(read.transactions);
  const known = sql(db, 'SELECT 1 FROM ledger_entries WHERE account_id = ? AND dedupe_key = ?');
  const seen = new Set<string>();
  const rows = read.transactions.map((t, i) => {
    const key = keys[i] ?? '';
    const duplicate = seen.has(key) || (p.accountId !== undefined && known.get(p.accountId, key) !== undefined);
    seen.add(key);
    return { ...t, duplicate };
  });
  const dates = rows.map((r) => r.date).sort();
  const duplicates = rows.filter((r) => r.duplicate).length;
  return {
    format: read.format,
    columns: read.columns,
    suggestedMapping: read.suggestedMapping,
    transactions: rows.length,
    new: rows.length - duplicates,
    duplicates,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    rows: rows.slice(0, PREVIEW_ROWS),
    errors: read.errors.map((e) => ({ row: e.row, message: e.line !== undefined ? `line ${e.line}: ${e.message}` : e.message })),
  };
}

export const ledgerQueries: Pick<QueryHandlers, 'ledger.accounts' | 'ledger.entries' | 'ledger.previewStatement'> = {
  'ledger.previewStatement': (p, ctx) => previewStatement(ctx.db, ctx.files, p),
  'ledger.accounts': (_p, ctx) => (sql(ctx.db, 'SELECT id FROM ledger_accounts ORDER BY name').all() as { id: string }[]).map((a) => getAccount(ctx.db, a.id)),
  'ledger.entries': (p, ctx) => {
    const f = filters({ limit: p.limit + 1 })
      .when(p.accountId, 'accountId', 'e.account_id = @accountId')
      .when(p.from, 'from', 'e.date >= @from')
      .when(p.to, 'to', 'e.date <= @to')
      .when(p.cursor, 'cursor', '(e.date, e.id) < (SELECT date, id FROM ledger_entries WHERE id = @cursor)');
    // By booking date, newest first (an old statement imported today sorts among its dates); id breaks ties.
    const rows = sql(ctx.db, `SELECT e.*, r.vendor AS receipt_vendor FROM ledger_entries e LEFT JOIN receipts r ON r.id = e.receipt_id ${f.clause()} ORDER BY e.date DESC, e.id DESC LIMIT @limit`).all(f.args) as (EntryRow & { receipt_vendor: string | null })[];
    const page = rows.slice(0, p.limit).map((r) => ({ ...toEntry(r), receiptVendor: r.receipt_vendor }));
    return { items: page, nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
  },
};
