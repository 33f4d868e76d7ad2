/**
 * The ledger: accounts, entries, and bank statement import.
 *
 * Statements are parsed by `node-ofx-parser` (OFX 1.x SGML and 2.x XML, QFX) and
 * `qif2json` (QIF bank, cash and card accounts); each transaction becomes an entry
 * deduplicated per account by the bank's transaction id (FITID), or — when the format has
 * none, as QIF — by a SHA-256 of date, amount, payee and memo, so importing the same file
 * twice adds nothing. CSV, CAMT.053 and MT940 are not read yet: they are refused with a
 * clear error naming the format.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import ofx from 'node-ofx-parser';
import qif from 'qif2json';
import { isValid, parse as parseDate } from 'date-fns';
import type { Account, LedgerEntry } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { filters } from '../../db/filters';
import type { Spend, SpendResolvers } from '../../governance/spending';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../handlers';

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

export function getAccount(db: Db, id: string): Account {
  const r = sql(db, 'SELECT * FROM ledger_accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!r) throw new EngineError('not_found', `no account ${id}`);
  const totals = sql(db, 'SELECT coalesce(sum(amount_minor), 0) AS total, count(*) AS n FROM ledger_entries WHERE account_id = ?').get(id) as { total: number; n: number };
  return { id: r.id, name: r.name, kind: r.kind, currency: r.currency, openingBalanceMinor: r.opening_balance_minor, balanceMinor: r.opening_balance_minor + totals.total, entries: totals.n, createdAt: r.created_at };
}

/** A transaction read from a statement: amount in minor units (+ in, − out), date YYYY-MM-DD. */
export interface StatementTransaction {
  date: string;
  amountMinor: number;
  payee: string | null;
  memo: string | null;
  bankTransactionId: string | null;
}

/** Minor units of a decimal amount text (`-12.5` → -1250); throws on anything else. */
function toMinor(text: string, where: string): number {
  const t = text.trim().replace(',', '.');
  const m = /^([+-]?)(\d+)(?:\.(\d{1,4}))?$/.exec(t);
  if (!m) throw new EngineError('invalid', `${where}: amount "${text.slice(0, 40)}" is not a number`);
  const fraction = (m[3] ?? '').padEnd(2, '0');
  const minor = Number(m[2]) * 100 + Math.round(Number(`${fraction.slice(0, 2)}.${fraction.slice(2) || '0'}`));
  return m[1] === '-' ? -minor : minor;
}

/** `YYYYMMDD…` (OFX dates) → `YYYY-MM-DD`; throws for an impossible date. */
function ofxDate(text: string, where: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(text.trim());
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw new EngineError('invalid', `${where}: "${text.slice(0, 40)}" is not an OFX date`);
  return date;
}

/**
 * Reads the transactions of an OFX/QFX statement (bank or credit-card). Throws EngineError
 * `invalid` for a file that is not OFX (naming what it looks like), broken SGML, or a
 * transaction without a date or amount.
 */
export function readOfx(text: string): StatementTransaction[] {
  const head = text.slice(0, 400);
  if (!/OFXHEADER|<OFX>/i.test(head)) {
    const kind = /<Document[\s>]/.test(head) ? 'CAMT.053' : /^:20:/m.test(head) ? 'MT940' : 'CSV or another format';
    throw new EngineError('invalid', `this looks like ${kind}, which cannot be imported yet: OFX/QFX and QIF statements are read for now`);
  }
  let parsed: unknown;
  try {
    parsed = ofx.parse(text);
  } catch (error) {
    throw new EngineError('invalid', `broken OFX: ${error instanceof Error ? error.message : String(error)}`);
  }
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'STMTTRN') for (const t of Array.isArray(value) ? value : [value]) found.push(t as Record<string, unknown>);
      else walk(value);
    }
  };
  walk(parsed);
  if (!JSON.stringify(parsed ?? null).includes('BANKTRANLIST') && found.length === 0) throw new EngineError('invalid', 'broken OFX: no transaction list (BANKTRANLIST) found');
  return found.map((t, i) => {
    const where = `transaction ${i + 1}`;
    if (typeof t.DTPOSTED !== 'string' || typeof t.TRNAMT !== 'string') throw new EngineError('invalid', `${where}: no DTPOSTED or TRNAMT`);
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return { date: ofxDate(t.DTPOSTED, where), amountMinor: toMinor(t.TRNAMT, where), payee: str(t.NAME) ?? str(t.PAYEE), memo: str(t.MEMO), bankTransactionId: str(t.FITID) };
  });
}

const QIF_ACCOUNT_TYPES = ['Bank', 'Cash', 'CCard', 'Oth A', 'Oth L'];

/**
 * Reads the transactions of a QIF statement (bank, cash or card account). `dateOrder`
 * says whether `01/02/20` is 2 January (mdy, Quicken's convention) or 1 February (dmy).
 * Throws EngineError `invalid` for another QIF type (investments, memorised lists …), an
 * unreadable date or amount.
 */
export function readQif(text: string, dateOrder: 'mdy' | 'dmy'): StatementTransaction[] {
  const type = /^!Type:(.*)$/m.exec(text.replace(/^\uFEFF/, ''))?.[1]?.trim();
  if (type === undefined) throw new EngineError('invalid', 'broken QIF: no "!Type:" header');
  if (!QIF_ACCOUNT_TYPES.includes(type)) throw new EngineError('invalid', `QIF type "${type}" is not a bank, cash or card account: only those can be imported`);
  const formats = dateOrder === 'mdy' ? ['MM-DD-YYYY', 'MM-DD-YY', 'M-D-YYYY', 'M-D-YY'] : ['DD-MM-YYYY', 'DD-MM-YY', 'D-M-YYYY', 'D-M-YY'];
  let parsed: { transactions: { date?: unknown; amount?: unknown; payee?: string; memo?: string }[] };
  try {
    parsed = qif.parse(text, { dateFormat: formats });
  } catch (error) {
    throw new EngineError('invalid', `broken QIF: ${error instanceof Error ? error.message : String(error)}`);
  }
  // qif2json's date library rolls impossible dates over (31/31/2020 → July 2022): the raw
  // D lines are re-read strictly with date-fns, in the same order as the transactions.
  const rawDates = text.split(/\r?\n/).filter((line) => line.startsWith('D')).map((line) => line.slice(1).trim());
  if (rawDates.length !== parsed.transactions.length) throw new EngineError('invalid', 'broken QIF: every transaction needs one date (D) line');
  const strict = dateOrder === 'mdy' ? ['MM/dd/yyyy', 'MM/dd/yy', 'M/d/yyyy', 'M/d/yy', "MM/dd''yy", "M/d''yy", 'MM-dd-yyyy', 'MM-dd-yy'] : ['dd/MM/yyyy', 'dd/MM/yy', 'd/M/yyyy', 'd/M/yy', "dd/MM''yy", "d/M''yy", 'dd-MM-yyyy', 'dd-MM-yy', 'dd.MM.yyyy'];
  return parsed.transactions.map((t, i) => {
    const where = `transaction ${i + 1}`;
    const raw = (rawDates[i] ?? '').replace(/\s+/g, '');
    const day = strict.map((f) => parseDate(raw, f, new Date(2000, 0, 1))).find((d) => isValid(d) && d.getFullYear() >= 1900);
    if (!day) throw new EngineError('invalid', `${where}: unreadable date "${raw.slice(0, 20)}" (dates are read ${dateOrder === 'mdy' ? 'month first' : 'day first'})`);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    if (typeof t.amount !== 'number' || !Number.isFinite(t.amount)) throw new EngineError('invalid', `${where}: no amount`);
    return { date, amountMinor: Math.round(t.amount * 100), payee: t.payee?.trim() || null, memo: t.memo?.trim() || null, bankTransactionId: null };
  });
}

/** Reads a statement of any supported format, recognised by its content. */
export function readStatement(text: string, dateOrder: 'mdy' | 'dmy'): { format: string; transactions: StatementTransaction[] } {
  if (/^\uFEFF?\s*!Type:/i.test(text)) return { format: 'QIF', transactions: readQif(text, dateOrder) };
  return { format: 'OFX', transactions: readOfx(text) };
}

/** The per-account dedupe key: the bank's id, else a hash of what identifies the transaction. */
export function dedupeKey(t: StatementTransaction): string {
  if (t.bankTransactionId) return `fitid:${t.bankTransactionId}`;
  return `hash:${createHash('sha256').update(JSON.stringify([t.date, t.amountMinor, t.payee, t.memo])).digest('hex')}`;
}

/** `ledger.record` spends when it is an outflow: its amount, category and account. */
export const LEDGER_SPEND_RESOLVERS: SpendResolvers = {
  'ledger.record': (params): Spend | null => {
    const p = params as { accountId: string; date: string; amountMinor: number; payee?: string; category?: string };
    if (p.amountMinor >= 0) return null;
    return { kind: 'spend', amountMinor: -p.amountMinor, category: p.category ?? null, target: p.accountId, bindingParams: { accountId: p.accountId, date: p.date, payee: p.payee ?? null }, title: `Payment to ${p.payee ?? 'unknown payee'}` };
  },
};

function insertEntry(ctx: ActionContext, e: { accountId: string; key: string; source: 'manual' | 'import'; importId: string | null; category: string | null } & StatementTransaction): LedgerEntry | null {
  const id = ctx.newId();
  const info = sql(
    ctx.db,
    `INSERT OR IGNORE INTO ledger_entries (id, account_id, date, amount_minor, payee, category, memo, bank_transaction_id, dedupe_key, source, import_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, e.accountId, e.date, e.amountMinor, e.payee, e.category, e.memo, e.bankTransactionId, e.key, e.source, e.importId, ctx.now);
  return info.changes ? toEntry(sql(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(id) as EntryRow) : null;
}

export const ledgerActions: Pick<ActionHandlers, 'ledger.createAccount' | 'ledger.record' | 'ledger.importStatement'> = {
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
    const t: StatementTransaction = { date: p.date, amountMinor: p.amountMinor, payee: p.payee ?? null, memo: p.memo ?? null, bankTransactionId: null };
    // manual entries are never deduplicated: each gets its own key
    const entry = insertEntry(ctx, { ...t, accountId: p.accountId, key: `manual:${ctx.decisionId}`, source: 'manual', importId: null, category: p.category ?? null }) as LedgerEntry;
    ctx.record({ entity: 'ledger_entry', entityId: entry.id, before: null, after: entry });
    ctx.record({ entity: 'ledger_balance', entityId: p.accountId, before: { balanceMinor: before.balanceMinor }, after: { balanceMinor: getAccount(ctx.db, p.accountId).balanceMinor } });
    ctx.touch('ledger_entries');
    return entry;
  },

  'ledger.importStatement'(p, ctx) {
    const before = getAccount(ctx.db, p.accountId);
    const read = ctx.prepared as { format: string; transactions: StatementTransaction[] } | undefined;
    if (!read) throw new EngineError('internal', 'ledger.importStatement runs through dispatchAsync (its file is read before the transaction)');
    const { transactions } = read;
    const importId = ctx.newId();
    let added = 0;
    for (const t of transactions) if (insertEntry(ctx, { ...t, accountId: p.accountId, key: dedupeKey(t), source: 'import', importId, category: null })) added += 1;
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

export const ledgerPreparers: ActionPreparers = {
  async 'ledger.importStatement'(p, { files }) {
    return readStatement(readFileSync(files.pathOf(p.fileSha256), 'utf8'), p.dateOrder);
  },
};

/** How many transactions a preview lists (the counts cover the whole file). */
export const PREVIEW_ROWS = 500;

export const ledgerQueries: Pick<QueryHandlers, 'ledger.accounts' | 'ledger.entries' | 'ledger.previewStatement'> = {
  'ledger.previewStatement': (p, ctx) => {
    if (p.accountId) getAccount(ctx.db, p.accountId);
    const read = readStatement(readFileSync(ctx.files.pathOf(p.fileSha256), 'utf8'), p.dateOrder);
    const known = sql(ctx.db, 'SELECT 1 FROM ledger_entries WHERE account_id = ? AND dedupe_key = ?');
    const seen = new Set<string>();
    const rows = read.transactions.map((t, i) => {
      const key = dedupeKey(t);
      const duplicate = seen.has(key) || (p.accountId !== undefined && known.get(p.accountId, key) !== undefined);
      seen.add(key);
      return { row: i + 1, ...t, duplicate };
    });
    const dates = rows.map((r) => r.date).sort();
    const duplicates = rows.filter((r) => r.duplicate).length;
    return {
      format: read.format as 'OFX' | 'QIF',
      columns: null,
      suggestedMapping: null,
      transactions: rows.length,
      new: rows.length - duplicates,
      duplicates,
      firstDate: dates[0] ?? null,
      lastDate: dates.at(-1) ?? null,
      rows: rows.slice(0, PREVIEW_ROWS),
      errors: [],
    };
  },
  'ledger.accounts': (_p, ctx) => (sql(ctx.db, 'SELECT id FROM ledger_accounts ORDER BY name').all() as { id: string }[]).map((a) => getAccount(ctx.db, a.id)),
  'ledger.entries': (p, ctx) => {
    const f = filters({ limit: p.limit + 1 })
      .when(p.accountId, 'accountId', 'account_id = @accountId')
      .when(p.from, 'from', 'date >= @from')
      .when(p.to, 'to', 'date <= @to')
      .when(p.cursor, 'cursor', 'id < @cursor');
    const rows = sql(ctx.db, `SELECT * FROM ledger_entries ${f.clause()} ORDER BY id DESC LIMIT @limit`).all(f.args) as EntryRow[];
    const page = rows.slice(0, p.limit).map(toEntry);
    return { items: page, nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
  },
};
