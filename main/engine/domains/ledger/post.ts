/**
 * Posting a spend to the ledger from another domain (a purchase, a shopping item bought, a
 * bill paid), inside the spend's own transaction: receipt → ledger → stock stay linked.
 */
import type { LedgerEntry } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql } from '../../db/connection';
import type { ActionContext } from '../../handlers';
import { getAccount } from './ledger';

export interface Posting {
  accountId: string;
  /** Household calendar date `YYYY-MM-DD`. */
  date: string;
  /** Money out is negative, in minor units of the account's currency. */
  amountMinor: number;
  payee: string | null;
  category: string | null;
  memo: string | null;
  receiptId: string | null;
  /** What posted it (`shopping:<id>`, `purchase:<id>`, `bill:<id>/<date>`): unique, so it is posted once. */
  sourceRef: string;
}

/**
 * Posts one manual ledger entry and audits it with the account's balance before → after.
 * Throws EngineError `not_found` for an unknown account, `invalid` when the account's
 * currency is not the household's (the spend was assessed in household minor units), and
 * `conflict` when `sourceRef` was posted already.
 */
export function postEntry(ctx: ActionContext, p: Posting): LedgerEntry {
  const account = getAccount(ctx.db, p.accountId);
  const household = ctx.settings.currency;
  if (household && account.currency !== household) {
    throw new EngineError('invalid', `account "${account.name}" is in ${account.currency}, not the household currency ${household}: pay from an account in ${household}`, {
      issues: [{ path: ['accountId'], message: `account currency ${account.currency}` }],
    });
  }
  if (sql(ctx.db, 'SELECT 1 FROM ledger_entries WHERE source_ref = ?').get(p.sourceRef)) throw new EngineError('conflict', `${p.sourceRef} is already posted to the ledger`);
  const id = ctx.newId();
  sql(
    ctx.db,
    `INSERT INTO ledger_entries (id, account_id, date, amount_minor, payee, category, memo, receipt_id, bank_transaction_id, dedupe_key, source, import_id, created_at, source_ref)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'manual', NULL, ?, ?)`,
  ).run(id, p.accountId, p.date, p.amountMinor, p.payee, p.category, p.memo, p.receiptId, `posted:${p.sourceRef}`, ctx.now, p.sourceRef);
  const entry = sql(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(id) as Record<string, unknown>;
  const after: LedgerEntry = {
    id,
    accountId: p.accountId,
    date: p.date,
    amountMinor: p.amountMinor,
    payee: p.payee,
    category: p.category,
    memo: p.memo,
    receiptId: p.receiptId,
    bankTransactionId: null,
    source: 'manual',
    importId: null,
    createdAt: entry.created_at as string,
  };
  ctx.record({ entity: 'ledger_entry', entityId: id, before: null, after: { ...after, sourceRef: p.sourceRef } });
  ctx.record({ entity: 'ledger_balance', entityId: p.accountId, before: { balanceMinor: account.balanceMinor }, after: { balanceMinor: account.balanceMinor + p.amountMinor } });
  ctx.touch('ledger_entries');
  return after;
}
