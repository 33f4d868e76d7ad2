/** The ops board's shopping panel: open items, their estimated total, big-ticket ones awaiting approval, the first few, and a link to the list. */
import { useShallow } from 'zustand/react/shallow';
import { mayQuery } from '../../../shared/contract';
import { Card } from '../../ui/Card';
import { Counts } from '../../ui/Counts';
import { useAppStore } from '../../store/context';
import type { OpsSummary } from '../governance/slice';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';

export function ShoppingPanel({ shopping }: { shopping: OpsSummary['shopping'] }) {
  const { currency, navigate, role } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const mayOpen = !role || mayQuery(role, 'shopping.list');
  return (
    <Card
      title="Shopping"
      actions={
        mayOpen ? (
          <button type="button" className="link" onClick={() => navigate('shopping')}>
            Open the shopping list
          </button>
        ) : null
      }
    >
      <Counts
        label="Shopping list"
        className="counts-plain"
        items={[
          { label: 'Open', value: shopping.open },
          { label: 'Est. total', value: money(shopping.estTotalMinor, currency), small: true },
          { label: 'Awaiting approval', value: shopping.awaitingApproval, tone: shopping.awaitingApproval > 0 ? 'warn' : null },
        ]}
      />
      {shopping.top.length > 0 ? (
        <ul className="plain-list board-list" aria-label="First on the list">
          {shopping.top.map((i) => (
            <li key={i.id}>
              <span>{i.name}</span>
              <span className="muted nowrap">{money(i.estTotalMinor, currency)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
