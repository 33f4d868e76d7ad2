/**
 * "Expiring within N days" (issue 15): the lots whose best-before date falls within the
 * chosen window or has passed, soonest first, with days left (`inventory.expiring`); each
 * names its item, which opens. Shown as the inventory screen's "Expiring" view and, the
 * first few, on the ops board (`ExpiringSoonList`).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery } from '../../../shared/contract';
import type { ExpiringLot } from '../../../shared/contract/inventory';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { formatDay, formatQty } from './format';
import { EXPIRING_DAY_CHOICES } from './slice';
import './grocy.css';

/** Days left in words: "expired 2 days ago", "today", "in 3 days". */
export function formatExpiry(daysLeft: number): string {
  if (daysLeft < -1) return `Expired ${-daysLeft} days ago`;
  if (daysLeft === -1) return 'Expired yesterday';
  if (daysLeft === 0) return 'Expires today';
  if (daysLeft === 1) return 'Tomorrow';
  return `In ${daysLeft} days`;
}

/** The badge tone of a lot's days left: expired is bad, within two days a warning. */
export const expiryTone = (daysLeft: number) => (daysLeft < 0 ? 'bad' : daysLeft <= 2 ? 'warn' : 'info');

/** A table of expiring lots; item names open the item when the role may read items. */
export function ExpiringTable({ lots, label }: { lots: readonly ExpiringLot[]; label: string }) {
  const { openItem, role } = useAppStore(useShallow((s) => ({ openItem: s.openItem, role: governanceSelectors.currentOperator(s)?.role })));
  const canOpen = !role || mayQuery(role, 'inventory.item');
  return (
    <div className="table-wrap">
      <table className="table expiring-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Best before</th>
            <th scope="col">Days left</th>
            <th scope="col" className="num">
              Remaining
            </th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <tr key={lot.lotId}>
              <td>
                {canOpen ? (
                  <button type="button" className="link" onClick={() => void openItem(lot.itemId)}>
                    {lot.name}
                  </button>
                ) : (
                  lot.name
                )}
              </td>
              <td className="nowrap">{formatDay(lot.bestBefore)}</td>
              <td className="nowrap">
                <Badge tone={expiryTone(lot.daysLeft)}>{formatExpiry(lot.daysLeft)}</Badge>
              </td>
              <td className="num nowrap">
                {formatQty(lot.remaining)} {lot.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The inventory screen's "Expiring" view, with its window of days. */
export function ExpiringList() {
  const { expiring, withinDays, setWithinDays, load } = useAppStore(
    useShallow((s) => ({ expiring: s.expiring, withinDays: s.expiringWithinDays, setWithinDays: s.setExpiringWithinDays, load: s.loadExpiring })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  const data = expiring.data;
  const choose = (
    <SelectField
      label="Expiring within"
      value={String(withinDays)}
      onChange={(e) => void setWithinDays(Number(e.target.value))}
      options={EXPIRING_DAY_CHOICES.map((d) => ({ value: String(d), label: d === 0 ? 'Today (and expired)' : `${d} days` }))}
    />
  );
  let body;
  if (!data) body = expiring.status === 'error' ? <ErrorMessage title="The expiring list could not be loaded">{expiring.error}</ErrorMessage> : <Loading label="Loading what expires…" />;
  else if (data.lots.length === 0)
    body = (
      <EmptyState title={withinDays === 0 ? 'Nothing expires today' : `Nothing expires within ${withinDays} days`}>
        Stock shows here when a purchase with a best-before date nears it.
      </EmptyState>
    );
  else body = <ExpiringTable lots={data.lots} label={`Expiring within ${withinDays} days`} />;
  return (
    <>
      <form className="card card-body filters" aria-label="Expiring filter" onSubmit={(e) => e.preventDefault()}>
        {choose}
        <p className="muted filters-end" role="status" aria-live="polite">
          {data ? `${data.total} ${data.total === 1 ? 'lot' : 'lots'}${data.expired ? ` · ${data.expired} expired` : ''}` : ''}
        </p>
      </form>
      <Card title={withinDays === 0 ? 'Expiring today or expired' : `Expiring within ${withinDays} days`} className="card-flush">
        {body}
      </Card>
    </>
  );
}
