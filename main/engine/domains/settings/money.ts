/**
 * Whether money has been recorded: what stops the household currency from changing.
 *
 * Amounts are stored as integer minor units of the household currency (DOMAIN.md, DESIGN.md
 * "Storage"), without the currency beside most of them: changing the currency would
 * re-denominate every amount already recorded (€12.50 would read as £12.50, and as ¥1,250 in
 * a currency without decimals). So a new currency is accepted only while none of the places
 * below holds an amount. The built-in default caps and band thresholds are not "recorded":
 * they keep their numbers of minor units under the new currency; an operator's own cap or
 * band policy is (its decision is counted).
 */
import { sql, type Db } from '../../db/connection';

interface MoneyPlace {
  /** What the rows are, in words, plural (`receipts`). */
  label: string;
  /** A `SELECT COUNT(*)` over the rows that hold an amount. */
  count: string;
}

const PLACES: readonly MoneyPlace[] = [
  { label: 'items with a unit cost', count: 'SELECT COUNT(*) FROM items WHERE unit_cost_minor IS NOT NULL' },
  { label: 'stock entries with a cost', count: 'SELECT COUNT(*) FROM stock_journal WHERE unit_cost_minor IS NOT NULL' },
  { label: 'receipts', count: 'SELECT COUNT(*) FROM receipts WHERE total_minor IS NOT NULL OR tax_minor IS NOT NULL OR EXISTS (SELECT 1 FROM receipt_lines l WHERE l.receipt_id = receipts.id)' },
  { label: 'ledger entries', count: 'SELECT COUNT(*) FROM ledger_entries' },
  { label: 'accounts with an opening balance', count: 'SELECT COUNT(*) FROM ledger_accounts WHERE opening_balance_minor <> 0' },
  { label: 'purchase requests', count: 'SELECT COUNT(*) FROM purchases' },
  { label: 'approval requests', count: 'SELECT COUNT(*) FROM approvals' },
  { label: 'days of cap usage', count: 'SELECT COUNT(*) FROM cap_usage WHERE spent_minor <> 0 OR loss_minor <> 0 OR reserved_minor <> 0 OR override_minor <> 0' },
  { label: 'bills and needs with an amount', count: 'SELECT COUNT(*) FROM schedule_entries WHERE amount_minor IS NOT NULL OR est_total_minor IS NOT NULL' },
  { label: 'shopping items with an amount', count: 'SELECT COUNT(*) FROM shopping_items WHERE est_total_minor IS NOT NULL OR actual_total_minor IS NOT NULL' },
  {
    label: 'cap or band policies set by an operator',
    count: "SELECT COUNT(*) FROM decisions WHERE status = 'OK' AND mode = 'execute' AND action IN ('caps.setPolicy', 'caps.override', 'governance.setBandPolicy')",
  },
];

/** One place holding money and how many of its rows do, e.g. `{ label: 'receipts', rows: 12 }`. */
export interface MoneyHeld {
  label: string;
  rows: number;
}

/** The places holding amounts in the household currency, with their row counts; empty when no money has been recorded. */
export function moneyRecorded(db: Db): MoneyHeld[] {
  const held: MoneyHeld[] = [];
  for (const place of PLACES) {
    const rows = (sql(db, place.count).pluck().get() as number | undefined) ?? 0;
    if (rows > 0) held.push({ label: place.label, rows });
  }
  return held;
}

/**
 * Why the currency cannot change now, in words (null when it can): the currency, what holds
 * money in it, and what changing it would do.
 */
export function currencyLockReason(db: Db, current: string | null): string | null {
  const held = moneyRecorded(db);
  if (held.length === 0) return null;
  const what = held.map((h) => `${h.rows} ${h.label}`).join(', ');
  return (
    `money has been recorded in ${current ?? 'the household currency'} (${what}): amounts are stored in its minor units, ` +
    'so changing the currency would re-denominate that history. Keep the currency, or start a new data folder for another one.'
  );
}
