/**
 * The purchase requests board: a column per status (Draft, Ready, Assessed, Approved,
 * Executed, then Rejected or revision; Archived on demand), a card per request, "New
 * request" (N), and the dialogs of the steps: edit, reject, send back, archive, approve
 * with override, and execute (with the engine's assessment first).
 */
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Purchase } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { isTypingTarget } from '../inventory/quick';
import { inventorySelectors } from '../inventory/slice';
import { ExecuteDialog } from './ExecuteDialog';
import { money } from './format';
import { PurchaseCard } from './PurchaseCard';
import { PurchaseDetailDialog } from './PurchaseDetail';
import { CreatePurchaseDialog, EditPurchaseDialog } from './PurchaseForm';
import { purchasesSelectors, type BoardColumn, type PurchaseStep } from './purchasesSlice';
import { isNoteStep, StepDialog } from './StepDialog';

type Open = { kind: 'create' } | { kind: 'step'; step: PurchaseStep; purchaseId: string } | null;

/** The purchases screen. */
export function PurchasesScreen() {
  const { list, load, showArchived, setShowArchived, selected, select, loadCaps, capsStatus, role } = useAppStore(
    useShallow((s) => ({
      list: s.purchaseList,
      load: s.loadPurchases,
      showArchived: s.showArchived,
      setShowArchived: s.setShowArchived,
      selected: purchasesSelectors.selected(s),
      select: s.selectPurchase,
      loadCaps: s.loadCaps,
      capsStatus: s.capsUsage.status,
      role: governanceSelectors.currentOperator(s)?.role,
    })),
  );
  const [open, setOpen] = useState<Open>(null);
  const canCreate = !role || mayDispatch(role, 'purchases.create');
  useEffect(() => {
    void load();
    // cap scopes name the categories the form suggests
    if (capsStatus === 'idle') void loadCaps();
  }, [load, loadCaps, capsStatus]);
  // The open request belongs to this visit: leaving the screen (e.g. to its approval) closes it.
  useEffect(() => () => select(null), [select]);
  useEffect(() => {
    if (!canCreate) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.key.toLowerCase() !== 'n' || isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen({ kind: 'create' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canCreate]);

  const purchases = list.data ?? [];
  const columns = purchasesSelectors.board(purchases, showArchived);
  const archived = purchasesSelectors.archivedCount(purchases);
  const onStep = (purchase: Purchase) => (step: PurchaseStep) => setOpen({ kind: 'step', step, purchaseId: purchase.id });
  const stepPurchase = open?.kind === 'step' ? purchases.find((p) => p.id === open.purchaseId) : undefined;

  return (
    <>
      <div className="page-header">
        <h1>Purchases</h1>
        <p>From draft to executed; the engine assesses each spend.</p>
        <div className="row">
          <label className="check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            Show archived ({archived})
          </label>
          {canCreate ? (
            <Button small variant="primary" onClick={() => setOpen({ kind: 'create' })} title="New purchase request: press N">
              New request <kbd>N</kbd>
            </Button>
          ) : null}
        </div>
      </div>
      {!list.data ? (
        list.status === 'error' ? (
          <ErrorMessage title="The purchase requests could not be loaded">{list.error}</ErrorMessage>
        ) : (
          <Loading label="Loading purchase requests…" />
        )
      ) : purchases.length === 0 ? (
        <div className="card">
          <EmptyState title="No purchase requests yet">
            <p>Draft one for anything you plan to buy: the engine assesses its risk and holds it for approval when the band asks for one.</p>
            {canCreate ? (
              <p className="row empty-actions">
                <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
                  New request
                </Button>
              </p>
            ) : null}
          </EmptyState>
        </div>
      ) : (
        <div className="board">
          {columns.map((column) => (
            <Column key={column.id} column={column} onOpen={(p) => select(p.id)} onStep={onStep} />
          ))}
        </div>
      )}
      {open?.kind === 'create' ? <CreatePurchaseDialog onClose={() => setOpen(null)} /> : null}
      {selected ? <PurchaseDetailDialog purchase={selected} onClose={() => select(null)} onStep={onStep(selected)} /> : null}
      {open?.kind === 'step' && stepPurchase ? <StepDialogFor purchase={stepPurchase} step={open.step} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function StepDialogFor({ purchase, step, onClose }: { purchase: Purchase; step: PurchaseStep; onClose: () => void }) {
  if (step.id === 'edit') return <EditPurchaseDialog purchase={purchase} onClose={onClose} />;
  if (step.id === 'execute') return <ExecuteDialog purchase={purchase} onClose={onClose} />;
  if (isNoteStep(step.id)) return <StepDialog purchase={purchase} step={step.id} onClose={onClose} />;
  return null;
}

function Column({ column, onOpen, onStep }: { column: BoardColumn; onOpen: (p: Purchase) => void; onStep: (p: Purchase) => (step: PurchaseStep) => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const headingId = useId();
  const total = column.purchases.reduce((sum, p) => sum + p.amountMinor, 0);
  return (
    <section className="board-column" aria-labelledby={headingId}>
      <header className="board-column-head">
        <h2 id={headingId}>{column.title}</h2>
        <span className="muted" aria-label={`${column.purchases.length} requests, ${money(total, currency)}`}>
          {column.purchases.length} · {money(total, currency)}
        </span>
      </header>
      <div className="board-column-body">
        {column.purchases.length === 0 ? <p className="board-empty">None</p> : null}
        {column.purchases.map((p) => (
          <PurchaseCard key={p.id} purchase={p} onOpen={() => onOpen(p)} onStep={onStep(p)} />
        ))}
      </div>
    </section>
  );
}
