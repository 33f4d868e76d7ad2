/**
 * The ledger: accounts, entries, and bank statement import.
 *
 * Statements are read by `./statements` (OFX/QFX, QIF, CSV with a column mapping,
 * CAMT.053, MT940, recognised by content); each transaction becomes an entry deduplicated
 * per account by the bank's transaction id, or — when the format has none — by a SHA-256 of
 * date, amount, payee and memo, so importing the same file twice adds nothing. A file of
 * several accounts goes into one ledger account each (remembered for the next file). A file
 * with an unreadable row imports nothing, unless the operator chose the rows to import.
 */
import { statSync } from 'node:fs';
import type { Account, CsvMapping, LedgerEntry, QueryOutput } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { filters } from '../../db/filters';
import { capText } from '../../governance/limits';
import type { Spend, SpendResolvers } from '../../governance/spending';
import { readDocument, type FileStore } from '../../files/store';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../handlers';
import { CSV_PRESETS, dedupeKeys, isConfident, presetNamed, readStatement, requireImportable, type ReadOptions, type StatementRead, type StatementRow, type StatementTransaction } from './statements';

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
    const t: StatementTransaction = { date: p.date, amountMinor: p.amountMinor, payee: p.payee ?? null, memo: p.memo ?? null, bankTransactionId: null, category: p.category ?? null, account: null };
    // manual entries are never deduplicated: each gets its own key
    const entry = insertEntry(ctx, { ...t, accountId: p.accountId, key: `manual:${ctx.decisionId}`, source: 'manual', importId: null }) as LedgerEntry;
    ctx.record({ entity: 'ledger_entry', entityId: entry.id, before: null, after: entry });
    ctx.record({ entity: 'ledger_balance', entityId: p.accountId, before: { balanceMinor: before.balanceMinor }, after: { balanceMinor: getAccount(ctx.db, p.accountId).balanceMinor } });
    ctx.touch('ledger_entries');
    return entry;
  },

  'ledger.importStatement'(p, ctx) {
    const plan = ctx.prepared as ImportPlan | undefined;
    if (!plan) throw new EngineError('internal', 'ledger.importStatement runs through dispatchAsync (its file is read before the transaction)');
    const { read } = plan;
    const importId = ctx.newId();
    const total = plan.groups.reduce((n, g) => n + g.transactions.length, 0);
    const befores = new Map(plan.groups.filter((g) => g.accountId !== null).map((g) => [g.accountId as string, getAccount(ctx.db, g.accountId as string)]));
    ctx.progress({ phase: 'inserting', done: 0, total, unit: 'rows' });
    let done = 0;
    const accounts = plan.groups.map((g) => {
      let added = 0;
      if (g.accountId !== null) {
        const keys = dedupeKeys(g.transactions);
        g.transactions.forEach((t, i) => {
          if (insertEntry(ctx, { ...t, accountId: g.accountId as string, key: keys[i] ?? '', source: 'import', importId })) added += 1;
          done += 1;
          ctx.progress({ phase: 'inserting', done, total, unit: 'rows' });
        });
        if (g.source !== null) {
          sql(ctx.db, 'INSERT INTO statement_account_links (source, account_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET account_id = excluded.account_id, updated_at = excluded.updated_at').run(g.source, g.accountId, ctx.now);
        }
      }
      return { source: g.source, accountId: g.accountId, transactions: g.transactions.length, added, duplicates: g.accountId === null ? 0 : g.transactions.length - added };
    });
    if (read.format === 'CSV' && plan.mapping) {
      sql(ctx.db, 'INSERT INTO account_csv_mappings (account_id, mapping_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at').run(
        p.accountId,
        JSON.stringify(plan.mapping),
        ctx.now,
      );
    }
    const imported = plan.groups.filter((g) => g.accountId !== null).flatMap((g) => g.transactions);
    const dates = imported.map((t) => t.date).sort();
    const added = accounts.reduce((n, a) => n + a.added, 0);
    const summary = {
      importId,
      format: read.format,
      transactions: imported.length,
      added,
      duplicates: imported.length - added,
      firstDate: dates[0] ?? null,
      lastDate: dates.at(-1) ?? null,
      skipped: plan.skippedRows.length,
      accounts,
      notes: read.notes,
      csvMapping: read.format === 'CSV' ? (plan.mapping ?? null) : null,
    };
    ctx.record({
      entity: 'statement_import',
      entityId: importId,
      before: Object.fromEntries([...befores].map(([id, a]) => [id, { balanceMinor: a.balanceMinor, entries: a.entries }])),
      after: {
        ...summary,
        fileSha256: p.fileSha256,
        fileName: p.fileName ?? null,
        skippedRows: capText(rangesText(plan.skippedRows)),
        balances: Object.fromEntries([...befores.keys()].map((id) => [id, getAccount(ctx.db, id).balanceMinor])),
      },
    });
    ctx.touch('ledger_entries');
    return summary;
  },
};

type Source = { fileSha256: string; dateOrder: 'mdy' | 'dmy'; encoding: 'utf-8' | 'latin1'; csv?: CsvMapping | undefined; preset?: string | undefined };

/** The CSV mapping to read a statement for an account with: the one given, else the preset named, else the one remembered for the account. Throws EngineError `invalid` for an unknown preset. */
function mappingFor(db: Db, accountId: string | undefined, given: CsvMapping | undefined, preset?: string): { mapping: CsvMapping | undefined; source: 'given' | 'remembered' | 'preset' | null } {
  if (given) return { mapping: given, source: 'given' };
  if (preset !== undefined) {
    const named = presetNamed(preset);
    if (!named) throw new EngineError('invalid', `no CSV preset "${preset}"; the presets are ${CSV_PRESETS.map((p) => p.name).join(', ')}`);
    return { mapping: named.mapping, source: 'preset' };
  }
  if (!accountId) return { mapping: undefined, source: null };
  const row = sql(db, 'SELECT mapping_json FROM account_csv_mappings WHERE account_id = ?').get(accountId) as { mapping_json: string } | undefined;
  return row ? { mapping: JSON.parse(row.mapping_json) as CsvMapping, source: 'remembered' } : { mapping: undefined, source: null };
}

/** The ledger account an account named in statement files went to last time, or null. */
function linkedAccount(db: Db, source: string): string | null {
  const row = sql(db, 'SELECT l.account_id FROM statement_account_links l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.source = ?').get(source) as { account_id: string } | undefined;
  return row?.account_id ?? null;
}

/**
 * Reads a staged statement for an account (its currency, when given, checks and scales the
 * amounts; per account of the file when `currencyOf` is given). Throws EngineError
 * `invalid` for a file over `MAX_DOCUMENT_BYTES`.
 */
function readStaged(files: FileStore, p: Source, currency: ReadOptions['currency'], csv = p.csv): StatementRead {
  return readStatement(readDocument(files, p.fileSha256, 'bank statement'), { dateOrder: p.dateOrder, encoding: p.encoding, csv, currency });
}

/** An import, planned before its transaction: the file as read, its transactions grouped by target account, the rows left out. */
interface ImportPlan {
  read: StatementRead;
  mapping: CsvMapping | undefined;
  groups: { source: string | null; accountId: string | null; transactions: StatementRow[] }[];
  skippedRows: number[];
}

/**
 * Where each account named in the file goes: a file of one account (or none named) into
 * `accountId` unless `accounts` maps it; a file of several, each by `accounts`, else by the
 * link remembered from an earlier import. Throws EngineError `invalid` naming the accounts
 * left unmapped, or a mapped account the file does not name; `not_found` for an unknown
 * ledger account.
 */
function resolveTargets(db: Db, read: StatementRead, accountId: string, accounts: { source: string; accountId: string | null }[] | undefined): Map<string | null, string | null> {
  const given = new Map(accounts?.map((m) => [m.source, m.accountId]));
  const named = read.accounts.map((a) => a.source);
  const unknown = [...given.keys()].filter((s) => !named.includes(s));
  if (unknown.length > 0) throw new EngineError('invalid', `the file names no account ${unknown.map((s) => `"${s}"`).join(', ')}; it names ${named.filter((s) => s !== null).map((s) => `"${s}"`).join(', ') || 'none'}`);
  const targets = new Map<string | null, string | null>();
  const unmapped: string[] = [];
  for (const { source, transactions } of read.accounts) {
    if (source === null || read.accounts.length === 1) targets.set(source, source !== null && given.has(source) ? (given.get(source) ?? null) : accountId);
    else if (given.has(source)) targets.set(source, given.get(source) ?? null);
    else {
      const linked = linkedAccount(db, source);
      if (linked) targets.set(source, linked);
      else unmapped.push(`"${source}" (${transactions} transaction${transactions === 1 ? '' : 's'})`);
    }
  }
  if (unmapped.length > 0) {
    throw new EngineError(
      'invalid',
      `the file holds ${read.accounts.length} accounts; say which ledger account each goes to (accounts: [{ source, accountId }], accountId null to leave one out) — not yet mapped: ${unmapped.join(', ')}`,
    );
  }
  for (const target of new Set(targets.values())) if (target !== null) getAccount(db, target);
  return targets;
}

/** `1-5, 9, 12-40`: row numbers as ranges, for the decision. */
function rangesText(rows: readonly number[]): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export const ledgerPreparers: ActionPreparers = {
  /**
   * Reads the whole statement before the transaction, reporting `reading` progress in bytes
   * of the file, and plans the import: each account of the file to its ledger account (read
   * in that account's currency), the chosen rows. Refuses (EngineError `invalid`) a CSV
   * without a mapping given or remembered, an unmapped account, a chosen row the file does
   * not have, and any row error among the rows to import.
   */
  async 'ledger.importStatement'(p, { db, files, progress }) {
    const primary = getAccount(db, p.accountId).currency;
    const size = statSync(files.pathOf(p.fileSha256)).size;
    progress({ phase: 'reading', done: 0, total: size, unit: 'bytes' });
    let { mapping } = mappingFor(db, p.accountId, p.csv, p.preset);
    let read = readStaged(files, p, primary, mapping);
    if (read.format === 'CSV' && !mapping && read.suggestedMapping) {
      // a guess that reads the file cleanly is applied without asking; the import returns it
      const guessed = readStaged(files, p, primary, read.suggestedMapping);
      if (isConfident(guessed)) [mapping, read] = [read.suggestedMapping, guessed];
    }
    const targets = resolveTargets(db, read, p.accountId, p.accounts);
    const currencies = new Map([...targets].map(([source, target]) => [source, target === null ? undefined : getAccount(db, target).currency]));
    if ([...currencies.values()].some((c) => c !== undefined && c !== primary)) read = readStaged(files, p, (source) => currencies.get(source) ?? primary, mapping);
    progress({ phase: 'reading', done: size, total: size, unit: 'bytes' });
    const chosen = p.rows ? new Set(p.rows) : null;
    if (chosen) {
      const last = Math.max(0, ...read.transactions.map((t) => t.row), ...read.errors.map((e) => e.row));
      const missing = p.rows?.filter((r) => r > last) ?? [];
      if (missing.length > 0) throw new EngineError('invalid', `row ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''} is not in the file (it has ${last} rows)`);
    }
    // a row left out (not chosen, or of an account left out) cannot refuse the file
    const leftOut = (row: number, account: string | null | undefined) => (chosen !== null && !chosen.has(row)) || (account !== undefined && targets.get(account) === null);
    requireImportable({ ...read, errors: read.errors.filter((e) => !leftOut(e.row, e.account)) }, mapping);
    const groups = [...targets].map(([source, accountId]) => ({ source, accountId, transactions: [] as StatementRow[] }));
    const skippedRows: number[] = read.errors.filter((e) => leftOut(e.row, e.account)).map((e) => e.row);
    for (const t of read.transactions) {
      const group = groups.find((g) => g.source === t.account) ?? groups[0];
      if ((chosen && !chosen.has(t.row)) || !group || group.accountId === null) skippedRows.push(t.row);
      else group.transactions.push(t);
    }
    return { read, mapping, groups, skippedRows } satisfies ImportPlan;
  },
};

/** How many transactions a preview lists (the counts cover the whole file). */
export const PREVIEW_ROWS = 500;

/**
 * `ledger.previewStatement`: the statement read as an import would read it, without
 * writing. A CSV is read with the mapping given, else the one remembered for the account,
 * else the one guessed from its header (returned as `suggestedMapping`), so the operator
 * sees what that mapping gives. Rows are marked duplicate when the account already has them
 * (with `accountId`) or an earlier row of the file has the same bank id. Each account the
 * file names comes with the ledger account `accounts` maps it to, else the one it went to
 * last time, and is read in that account's currency; `mapping` is the CSV mapping used.
 * Throws EngineError `invalid` for a file that cannot be read at all, `not_found` for an
 * unknown account.
 */
export function previewStatement(
  db: Db,
  files: FileStore,
  p: Source & { accountId?: string | undefined; accounts?: { source: string; accountId: string | null }[] | undefined },
): QueryOutput<'ledger.previewStatement'> {
  const given = new Map(p.accounts?.map((m) => [m.source, m.accountId]));
  const primary = p.accountId ? getAccount(db, p.accountId).currency : undefined;
  // each account of the file in the currency of the ledger account it is mapped to
  const currency = given.size === 0 ? primary : (source: string | null) => {
    const target = source === null ? undefined : given.get(source);
    return target ? getAccount(db, target).currency : primary;
  };
  const found = mappingFor(db, p.accountId, p.csv, p.preset);
  let mapping = found.mapping;
  let read = readStaged(files, p, currency, mapping);
  let mappingSource: 'given' | 'remembered' | 'preset' | 'guessed' | null = read.format === 'CSV' ? found.source : null;
  if (read.format === 'CSV' && !mapping && read.suggestedMapping) {
    mappingSource = read.preset ? 'preset' : 'guessed';
    mapping = read.suggestedMapping;
    read = readStaged(files, p, currency, mapping);
  }
  const targetOf = (s: string | null) => {
    if (s !== null && given.has(s)) return given.get(s) ?? null;
    return s === null || read.accounts.length === 1 ? (p.accountId ?? (s === null ? null : linkedAccount(db, s))) : linkedAccount(db, s);
  };
  const keys = dedupeKeys(read.transactions);
  const known = sql(db, 'SELECT 1 FROM ledger_entries WHERE account_id = ? AND dedupe_key = ?');
  const seen = new Set<string>();
  const rows = read.transactions.map((t, i) => {
    const key = `${t.account ?? ''}\u0000${keys[i] ?? ''}`;
    const target = targetOf(t.account);
    const duplicate = seen.has(key) || (target !== null && known.get(target, keys[i] ?? '') !== undefined);
    seen.add(key);
    return { ...t, duplicate };
  });
  const dates = rows.map((r) => r.date).sort();
  const duplicates = rows.filter((r) => r.duplicate).length;
  return {
    format: read.format,
    mapping: read.format === 'CSV' ? (mapping ?? null) : null,
    columns: read.columns,
    suggestedMapping: read.suggestedMapping,
    transactions: rows.length,
    new: rows.length - duplicates,
    duplicates,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    rows: rows.slice(0, PREVIEW_ROWS),
    errors: read.errors.map((e) => ({ row: e.row, message: e.line !== undefined ? `line ${e.line}: ${e.message}` : e.message })),
    accounts: read.accounts.map((a) => ({ ...a, accountId: targetOf(a.source) })),
    mappingSource,
    preset: p.preset ?? read.preset,
    notes: read.notes,
    currency: read.currency,
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
