/**
 * What reconciliation leaves over (`reconcile.unmatched`), side by side: complete receipts
 * linked to no bank entry, each opening the receipt, and outflows with no receipt, each
 * with its account; newest first, capped, saying how many are not shown.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { formatDay } from '../inventory/format';
import { money } from '../spending/format';
import { formatSignedMoney, shownOfTotal } from './view';

/** One side: its heading, its table or empty state, and how much of it is shown. */
function Side({ title, shown, total, empty, children }: { title: string; shown: number; total: number; empty: ReactNode; children: ReactNode }) {
  const more = shownOfTotal(shown, total);
  return (
    <div className="detail-section">
      <h3>{title}</h3>
      {shown === 0 ? empty : <div className="table-wrap">{children}</div>}
      {more ? <p className="muted">{more}, newest first</p> : null}
    </div>
  );
}

export function UnmatchedTables() {
  const { unmatched, openReceipt } = useAppStore(useShallow((s) => ({ unmatched: s.unmatched, openReceipt: s.openReceipt })));
  const data = unmatched.data;
  if (!data) return unmatched.status === 'error' ? <ErrorMessage title="What is unmatched could not be loaded">{unmatched.error}</ErrorMessage> : <Loading label="Listing what is unmatched…" />;
  const { receipts, outflows } = data;
  return (
    <div className="grid grid-2 reconcile-unmatched">
      <Side
        title="Unmatched receipts"
        shown={receipts.items.length}
        total={receipts.total}
        empty={<EmptyState title="No unmatched receipts">Every complete receipt is linked to a bank entry.</EmptyState>}
      >
        <table className="table" aria-label="Unmatched receipts">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Vendor</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {receipts.items.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDay(r.date)}</td>
                <td className="cell-ellipsis">
                  <button type="button" className="link" onClick={() => openReceipt(r.id)} aria-label={`Open receipt: ${r.vendor}`} title={r.vendor}>
                    {r.vendor}
                  </button>
                </td>
                <td className="num nowrap">{money(r.totalMinor, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Side>
      <Side
        title="Unmatched outflows"
        shown={outflows.items.length}
        total={outflows.total}
        empty={<EmptyState title="No unmatched outflows">Every outflow in the ledger has its receipt.</EmptyState>}
      >
        <table className="table" aria-label="Unmatched outflows">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Payee</th>
              <th scope="col">Account</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {outflows.items.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDay(e.date)}</td>
                <td className="cell-ellipsis" title={e.payee ?? undefined}>
                  {e.payee ?? <span className="muted">No payee</span>}
                </td>
                <td className="cell-ellipsis">{e.accountName}</td>
                <td className="num nowrap">{formatSignedMoney(e.amountMinor, e.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Side>
    </div>
  );
}
