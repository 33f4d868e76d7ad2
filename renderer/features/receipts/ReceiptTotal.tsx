/**
 * How a receipt's total reads in the list, the detail, the triage inbox and the CSV preview:
 * a refund or credit note (a negative total) as money back — a "Refund" badge and the
 * amount, signed, in the colour of money in. Where a column is too narrow for both (the
 * receipts list), `badge={false}` leaves the badge to another cell (`RefundBadge`).
 */
import { Badge } from '../../ui/Badge';
import { formatSignedMoney } from '../ledger/view';
import { money } from '../spending/format';
import { isRefund } from './view';

export function ReceiptTotal({ totalMinor, currency, badge = true }: { totalMinor: number | null; currency: string; badge?: boolean }) {
  if (totalMinor === null || !isRefund({ totalMinor })) return <>{money(totalMinor, currency)}</>;
  const amount = <span className="qty-in">{formatSignedMoney(totalMinor, currency)}</span>;
  if (!badge) return amount;
  return (
    <span className="receipt-refund">
      <RefundBadge /> {amount}
    </span>
  );
}

/** The "Refund" badge of a receipt with a negative total. */
export function RefundBadge() {
  return <Badge tone="ok">Refund</Badge>;
}
