/**
 * The ops board's "Running out soon": the items that run out soonest within 30 days
 * (`forecast.rollup`), each linking to its detail where the role may read items.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { confidenceTone, formatDay, formatDaysLeft, formatQty } from '../inventory/format';
import { forecastSelectors, RUNNING_OUT } from './slice';

/** Days left shown in red on the board (the rollup carries no lead time; a week is the default one). */
const WEEK = 7;

/** The "Running out soon" card. */
export function RunningOutPanel() {
  const { rollup, items, load, openItem, role } = useAppStore(
    useShallow((s) => ({ rollup: s.runningOut, items: forecastSelectors.runningOut(s), load: s.loadRunningOut, openItem: s.openItem, role: governanceSelectors.currentOperator(s)?.role })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  const canOpen = !role || mayQuery(role, 'inventory.item');

  let body;
  if (!rollup.data) body = rollup.status === 'error' ? <ErrorMessage title="The forecast could not be loaded">{rollup.error}</ErrorMessage> : <Loading label="Loading forecasts…" />;
  else if (items.length === 0) body = <EmptyState title={`Nothing runs out in the next ${RUNNING_OUT.windowDays} days`}>Items appear here once their forecast says they will run out soon.</EmptyState>;
  else {
    body = (
      <div className="table-wrap">
        <table className="table" aria-label="Running out soon">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                On hand
              </th>
              <th scope="col" className="num">
                Days left
              </th>
              <th scope="col">Run-out date</th>
              <th scope="col">Confidence</th>
              <th scope="col" className="num">
                Suggested order
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const f = i.forecast;
              return (
                <tr key={i.itemId}>
                  <td>
                    {canOpen ? (
                      <button type="button" className="link" onClick={() => void openItem(i.itemId)}>
                        {i.name}
                      </button>
                    ) : (
                      i.name
                    )}
                  </td>
                  <td className="num nowrap">
                    {formatQty(f.onHand)} {i.unit}
                  </td>
                  <td className="num">
                    <Badge tone={f.daysLeft !== null && f.daysLeft <= WEEK ? 'bad' : 'warn'}>{formatDaysLeft(f.daysLeft)}</Badge>
                  </td>
                  <td className="nowrap">{formatDay(f.runOutDate)}</td>
                  <td>
                    <Badge tone={confidenceTone(f.confidence)}>{f.confidence}</Badge> <small className="muted forecast-basis">{f.basis}</small>
                  </td>
                  <td className="num nowrap">{f.suggestedOrderQty > 0 ? `${formatQty(f.suggestedOrderQty)} ${i.unit}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <Card title="Running out soon" className="card-flush" actions={rollup.data ? <span className="muted">as of {formatDay(rollup.data.asOf)}</span> : undefined}>
      {body}
    </Card>
  );
}
