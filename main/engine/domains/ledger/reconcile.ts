/**
 * Reconciliation: suggesting which receipt goes with which bank entry. A pair qualifies
 * when the entry is the receipt's total in the other direction, in the same currency (an
 * outflow for a purchase, an inflow of money back for a refund's negative total), dated
 * within ±3 days, neither side already linked nor the pair rejected; pairs are ranked by
 * vendor ↔ payee similarity (Jaccard overlap of normalised words), then by days apart.
 * Accepting links the receipt to the entry (one receipt, one entry), audited. What is
 * still unmatched on each side is listed too, so it can be found and fixed by hand: the
 * receipts (refunds among them) and the outflows (inflows are mostly income, with no receipt).
 */
import type { LedgerEntry, UnmatchedOutflow, UnmatchedReceipt } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionHandlers, QueryHandlers } from '../../handlers';
import { vendorKey } from '../receipts/store';

export const MATCH_WINDOW_DAYS = 3;

/** Word overlap of two names after vendor normalisation, 0..1 (|A ∩ B| / |A ∪ B|). */
export function similarity(a: string | null, b: string | null): number {
  const words = (s: string | null) => new Set((vendorKey(s) ?? '').split(' ').filter(Boolean));
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared / (wa.size + wb.size - shared);
}

/** SQL condition on `receipts r`: complete (vendor, date and total set) and linked to no entry. */
const UNMATCHED_RECEIPT = `r.status = 'complete' AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.receipt_id = r.id)`;
/** SQL condition on `ledger_entries e`: money out with no receipt linked. */
const UNMATCHED_OUTFLOW = 'e.amount_minor < 0 AND e.receipt_id IS NULL';
/** SQL condition on `ledger_entries e`: money out or in (a refund's money back) with no receipt linked. */
const UNMATCHED_ENTRY = 'e.amount_minor <> 0 AND e.receipt_id IS NULL';

/** How many receipts and outflows are unmatched (the conditions above), in all. */
function unmatchedCounts(db: Db): { receipts: number; outflows: number } {
  return sql(
    db,
    `SELECT (SELECT count(*) FROM receipts r WHERE ${UNMATCHED_RECEIPT}) AS receipts,
            (SELECT count(*) FROM ledger_entries e WHERE ${UNMATCHED_OUTFLOW}) AS outflows`,
  ).get() as { receipts: number; outflows: number };
}

type Candidate = { receiptId: string; entryId: string; vendor: string | null; payee: string | null; total: number; currency: string; receiptDate: string; entryDate: string; daysApart: number };

export const reconcileQueries: Pick<QueryHandlers, 'reconcile.suggestions' | 'reconcile.unmatched'> = {
  'reconcile.suggestions': (p, ctx) => {
    const rows = sql(
      ctx.db,
      `SELECT r.id AS receiptId, e.id AS entryId, r.vendor AS vendor, e.payee AS payee, r.total_minor AS total, r.currency AS currency,
              r.date AS receiptDate, e.date AS entryDate, CAST(abs(julianday(r.date) - julianday(e.date)) AS INTEGER) AS daysApart
       FROM receipts r
       JOIN ledger_entries e ON e.amount_minor = -r.total_minor
       JOIN ledger_accounts a ON a.id = e.account_id AND a.currency = r.currency
       WHERE ${UNMATCHED_RECEIPT} AND ${UNMATCHED_ENTRY}
         AND NOT EXISTS (SELECT 1 FROM reconciliation_rejections x WHERE x.receipt_id = r.id AND x.entry_id = e.id)
         AND abs(julianday(r.date) - julianday(e.date)) <= ${MATCH_WINDOW_DAYS}`,
    ).all() as Candidate[];
    const suggestions = rows
      .map((c) => ({ receiptId: c.receiptId, entryId: c.entryId, vendor: c.vendor, payee: c.payee, amountMinor: c.total, currency: c.currency, receiptDate: c.receiptDate, entryDate: c.entryDate, daysApart: c.daysApart, similarity: Math.round(similarity(c.vendor, c.payee) * 100) / 100 }))
      .sort((a, b) => b.similarity - a.similarity || a.daysApart - b.daysApart)
      .slice(0, p.limit);
    const counts = unmatchedCounts(ctx.db);
    return { suggestions, unmatchedReceipts: counts.receipts, unmatchedEntries: counts.outflows };
  },

  /**
   * Unmatched receipts `{ id, vendor, date, totalMinor, currency }` and unmatched outflows
   * `{ id, accountId, accountName, date, amountMinor (< 0), currency (the account's), payee }`,
   * money in minor units, dates ISO `YYYY-MM-DD`; each side newest date first (then newest
   * id), at most `p.limit` items, with `total` counting the whole side.
   */
  'reconcile.unmatched': (p, ctx) => {
    const counts = unmatchedCounts(ctx.db);
    const receipts = sql(
      ctx.db,
      `SELECT r.id, r.vendor, r.date, r.total_minor AS totalMinor, r.currency FROM receipts r
       WHERE ${UNMATCHED_RECEIPT} ORDER BY r.date DESC, r.id DESC LIMIT ?`,
    ).all(p.limit) as UnmatchedReceipt[];
    const outflows = sql(
      ctx.db,
      `SELECT e.id, e.account_id AS accountId, a.name AS accountName, e.date, e.amount_minor AS amountMinor, a.currency, e.payee
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
       WHERE ${UNMATCHED_OUTFLOW} ORDER BY e.date DESC, e.id DESC LIMIT ?`,
    ).all(p.limit) as UnmatchedOutflow[];
    return { receipts: { items: receipts, total: counts.receipts }, outflows: { items: outflows, total: counts.outflows } };
  },
};

export const reconcileActions: Pick<ActionHandlers, 'reconcile.accept' | 'reconcile.reject'> = {
  'reconcile.accept'(p, ctx) {
    const receipt = sql(ctx.db, 'SELECT id, status, total_minor, currency FROM receipts WHERE id = ?').get(p.receiptId) as
      | { id: string; status: string; total_minor: number | null; currency: string }
      | undefined;
    if (!receipt) throw new EngineError('not_found', `no receipt ${p.receiptId}`);
    const entry = sql(ctx.db, 'SELECT e.*, a.currency FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.id = ?').get(p.entryId) as
      | { id: string; amount_minor: number; receipt_id: string | null; currency: string }
      | undefined;
    if (!entry) throw new EngineError('not_found', `no ledger entry ${p.entryId}`);
    if (receipt.status === 'void') throw new EngineError('conflict', 'the receipt is void');
    if (entry.receipt_id) throw new EngineError('conflict', `the entry is already linked to receipt ${entry.receipt_id}`);
    if (sql(ctx.db, 'SELECT 1 FROM ledger_entries WHERE receipt_id = ?').get(p.receiptId)) throw new EngineError('conflict', 'the receipt is already linked to another entry');
    if (receipt.total_minor === null || entry.amount_minor !== -receipt.total_minor || entry.currency !== receipt.currency) {
      throw new EngineError('conflict', `the amounts do not agree: receipt ${receipt.total_minor ?? '?'} ${receipt.currency}, entry ${entry.amount_minor} ${entry.currency}`);
    }
    sql(ctx.db, 'UPDATE ledger_entries SET receipt_id = ? WHERE id = ?').run(p.receiptId, p.entryId);
    const after = sql(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(p.entryId) as Record<string, unknown>;
    ctx.record({ entity: 'ledger_entry', entityId: p.entryId, before: { receiptId: null }, after: { receiptId: p.receiptId } });
    ctx.touch('ledger_entries');
    return {
      id: after.id as string,
      accountId: after.account_id as string,
      date: after.date as string,
      amountMinor: after.amount_minor as number,
      payee: after.payee as string | null,
      category: after.category as string | null,
      memo: after.memo as string | null,
      receiptId: after.receipt_id as string | null,
      bankTransactionId: after.bank_transaction_id as string | null,
      source: after.source as LedgerEntry['source'],
      importId: after.import_id as string | null,
      createdAt: after.created_at as string,
    };
  },

  'reconcile.reject'(p, ctx) {
    if (!sql(ctx.db, 'SELECT 1 FROM receipts WHERE id = ?').get(p.receiptId)) throw new EngineError('not_found', `no receipt ${p.receiptId}`);
    if (!sql(ctx.db, 'SELECT 1 FROM ledger_entries WHERE id = ?').get(p.entryId)) throw new EngineError('not_found', `no ledger entry ${p.entryId}`);
    const info = sql(ctx.db, 'INSERT OR IGNORE INTO reconciliation_rejections (receipt_id, entry_id, at, by) VALUES (?, ?, ?, ?)').run(p.receiptId, p.entryId, ctx.now, ctx.actorName);
    if (info.changes === 0) throw new EngineError('conflict', 'this suggestion was already turned down');
    ctx.record({ entity: 'reconciliation_rejection', entityId: `${p.receiptId}/${p.entryId}`, before: null, after: { receiptId: p.receiptId, entryId: p.entryId } });
    ctx.touch('reconciliation_rejections');
    return { receiptId: p.receiptId, entryId: p.entryId };
  },
};
