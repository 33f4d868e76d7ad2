/** The ops board's bills panel: bills overdue or due within 7 days, each with its amount, due date and status, and a link to the Bills screen. */
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type Bill } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';
import { BILL_STATUS_LABELS, billStatusTone } from './view';

export function BillsDuePanel({ bills }: { bills: Bill[] }) {
  const { currency, navigate, role } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const mayOpen = !role || mayQuery(role, 'bills.list');
  return (
    <Card
      title="Bills due"
      actions={
        mayOpen ? (
          <button type="button" className="link" onClick={() => navigate('bills')}>
            Open bills
          </button>
        ) : null
      }
    >
      {bills.length === 0 ? (
        <EmptyState title="Nothing due">No bill is overdue or due within 7 days.</EmptyState>
      ) : (
        <ul className="plain-list board-list" aria-label="Bills overdue or due within 7 days">
          {bills.map((b) => (
            <li key={b.id}>
              <span>
                <Badge tone={billStatusTone(b.status)}>{BILL_STATUS_LABELS[b.status]}</Badge> {b.payee}
              </span>
              <span className="muted nowrap">
                {money(b.amountMinor, currency)} · {b.overdue[0] ? formatDay(b.overdue[0]) : formatDay(b.nextDue)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
