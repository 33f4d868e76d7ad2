/**
 * A purchase request on the board: amount, category, vendor, risk bucket, the engine's
 * reason at assessment, the approval link, and the steps valid for its status. Steps that
 * need nothing more run at once; their refusal shows on the card.
 */
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Purchase } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { formatInstantShort } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { money, PURCHASE_STATUS_LABELS } from './format';
import { purchaseSteps, purchasesSelectors, STEP_TARGET, type PurchaseStep } from './purchasesSlice';
import { RiskBadge } from './RiskBadge';

/** The steps of `purchase` the current operator's role may take (all while no operator is known). */
export function useAllowedSteps(purchase: Purchase): PurchaseStep[] {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  return purchaseSteps(purchase).filter((step) => !role || step.action === null || mayDispatch(role, step.action));
}

/** Runs a step: the direct ones through `purchases.advance`, the rest through `onStep` (a dialog, the approval). */
export function useStepRunner(purchase: Purchase, onStep: (step: PurchaseStep) => void) {
  const form = useActionForm('purchases.advance');
  const openApproval = useAppStore((s) => s.openApproval);
  const run = (step: PurchaseStep) => {
    const to = STEP_TARGET[step.id];
    if (step.id === 'approval' && purchase.approvalId) void openApproval(purchase.approvalId);
    else if (!step.asks && to) void form.submit({ id: purchase.id, to });
    else onStep(step);
  };
  return { run, form };
}

/** One card; `onOpen` opens the detail, `onStep` the dialog of a step that asks first. */
export function PurchaseCard({ purchase, onOpen, onStep }: { purchase: Purchase; onOpen: () => void; onStep: (step: PurchaseStep) => void }) {
  const { currency, timeZone } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })));
  const steps = useAllowedSteps(purchase).filter((s) => s.id !== 'archive');
  const { run, form } = useStepRunner(purchase, onStep);
  const note = purchasesSelectors.cardNote(purchase);
  return (
    <article className="purchase-card" aria-label={purchase.title}>
      <button type="button" className="link purchase-title" onClick={onOpen} aria-label={`Open ${purchase.title}`}>
        {purchase.title}
      </button>
      <div className="purchase-figures">
        <strong className="purchase-amount">{money(purchase.amountMinor, currency)}</strong>
        <RiskBadge bucket={purchase.riskBucket} />
        {purchase.status === 'REJECTED' || purchase.status === 'REVISION_REQUIRED' ? <Badge tone={purchase.status === 'REJECTED' ? 'bad' : 'warn'}>{PURCHASE_STATUS_LABELS[purchase.status]}</Badge> : null}
      </div>
      <p className="purchase-meta">
        {purchase.category}
        {purchase.vendor ? ` · ${purchase.vendor}` : ''}
      </p>
      {note ? <p className="purchase-note">{note}</p> : null}
      {purchase.approvalId && purchase.status === 'ASSESSED' ? <p className="purchase-held">Held for approval in the inbox.</p> : null}
      <p className="purchase-by muted">
        {purchase.createdBy} · {formatInstantShort(purchase.updatedAt, timeZone)}
      </p>
      {steps.length > 0 ? (
        <div className="purchase-steps" role="group" aria-label={`Steps for ${purchase.title}`}>
          {steps.map((step, i) => (
            <Button
              key={step.id}
              small
              variant={i === 0 && (step.id === 'execute' || step.id === 'approve' || step.id === 'assess' || step.id === 'ready') ? 'primary' : 'secondary'}
              busy={form.busy && !step.asks}
              onClick={() => run(step)}
            >
              {step.label}
            </Button>
          ))}
        </div>
      ) : null}
      <FailureNotice failure={form.failure} />
    </article>
  );
}
