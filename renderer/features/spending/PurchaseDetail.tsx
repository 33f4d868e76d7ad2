/**
 * One purchase request in a dialog: every field, its risk bucket and approval, every step
 * valid for its status, and its history (who moved it from what to what, when, with the
 * engine's or the operator's note).
 */
import { useShallow } from 'zustand/react/shallow';
import type { Purchase } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { money, PURCHASE_STATUS_LABELS } from './format';
import { useAllowedSteps, useStepRunner } from './PurchaseCard';
import type { PurchaseStep } from './purchasesSlice';
import { RiskBadge } from './RiskBadge';

/** The detail dialog of `purchase`; `onStep` opens the dialog of a step that asks first. */
export function PurchaseDetailDialog({ purchase, onClose, onStep }: { purchase: Purchase; onClose: () => void; onStep: (step: PurchaseStep) => void }) {
  const { currency, timeZone, items } = useAppStore(
    useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s), items: inventorySelectors.rows(s) })),
  );
  const steps = useAllowedSteps(purchase);
  const { run, form } = useStepRunner(purchase, onStep);
  const item = purchase.itemId ? items.find((i) => i.id === purchase.itemId) : undefined;
  return (
    <Dialog open onClose={onClose} title={`Purchase request: ${purchase.title}`} wide>
      <div className="row">
        <Badge tone="info">{PURCHASE_STATUS_LABELS[purchase.status]}</Badge>
        <RiskBadge bucket={purchase.riskBucket} />
        <strong className="detail-amount">{money(purchase.amountMinor, currency)}</strong>
        <span className="muted">{purchase.category}</span>
      </div>
      {steps.length > 0 ? (
        <div className="row" role="group" aria-label="Steps">
          {steps.map((step) => (
            <Button key={step.id} small busy={form.busy && !step.asks} onClick={() => run(step)}>
              {step.label}
            </Button>
          ))}
        </div>
      ) : null}
      <FailureNotice failure={form.failure} />
      <dl className="kv" aria-label="Request">
        <dt>Vendor</dt>
        <dd>{purchase.vendor ?? '—'}</dd>
        <dt>Quote</dt>
        <dd className="pre-line">{purchase.quote ?? '—'}</dd>
        <dt>Notes</dt>
        <dd className="pre-line">{purchase.notes ?? '—'}</dd>
        <dt>Stock item</dt>
        <dd>{purchase.itemId ? `${item?.name ?? `…${purchase.itemId.slice(-8)}`} × ${purchase.qty ?? '?'}` : '—'}</dd>
        <dt>Approval</dt>
        <dd>{purchase.approvalId ? <span className="hash">{purchase.approvalId}</span> : 'none needed or asked yet'}</dd>
        <dt>Created</dt>
        <dd>
          by {purchase.createdBy}, {formatInstant(purchase.createdAt, timeZone)}
        </dd>
      </dl>
      <div className="detail-section">
        <h3>History</h3>
        <table className="table" aria-label="Request history">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">By</th>
              <th scope="col">Step</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {purchase.history.map((h, i) => (
              <tr key={`${h.at}-${i}`}>
                <td className="nowrap">{formatInstant(h.at, timeZone)}</td>
                <td>{h.by}</td>
                <td className="nowrap">{h.from ? `${PURCHASE_STATUS_LABELS[h.from]} → ${PURCHASE_STATUS_LABELS[h.to]}` : PURCHASE_STATUS_LABELS[h.to]}</td>
                <td className="cell-note">{h.note ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
