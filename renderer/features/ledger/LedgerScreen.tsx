/**
 * The ledger route: accounts and their entries, the bank statement import wizard,
 * reconciliation of receipts with bank entries, and the cash buffer, as four views of one
 * screen.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../ui/Badge';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { AccountsView } from './AccountsView';
import { CashBufferView } from './CashBufferView';
import { ReconcileView } from './ReconcileView';
import type { LedgerTab } from './slice';
import { StatementImport } from './StatementImport';

const TABS: { id: LedgerTab; label: string }[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'import', label: 'Import statement' },
  { id: 'reconcile', label: 'Reconcile' },
  { id: 'buffer', label: 'Cash buffer' },
];

/** The ledger screen. */
export function LedgerScreen() {
  const store = useAppStoreApi();
  const { tab, setTab, suggestions } = useAppStore(useShallow((s) => ({ tab: s.ledgerTab, setTab: s.setLedgerTab, suggestions: s.reconciliation.data?.suggestions.length ?? 0 })));
  useEffect(() => {
    const s = store.getState();
    if (s.accounts.status === 'idle') void s.loadAccounts();
    if (s.reconciliation.status === 'idle') void s.loadReconciliation();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Ledger</h1>
        <p>Accounts and their entries, bank statements, receipts matched to bank entries, and how long the cash lasts.</p>
        <div className="segmented receipts-tabs" role="group" aria-label="Ledger views">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={t.id === tab ? 'segment segment-on' : 'segment'} aria-pressed={t.id === tab} onClick={() => setTab(t.id)}>
              {t.label}
              {t.id === 'reconcile' && suggestions ? <Badge tone="info">{suggestions}</Badge> : null}
            </button>
          ))}
        </div>
      </div>
      {tab === 'accounts' ? <AccountsView /> : tab === 'import' ? <StatementImport /> : tab === 'reconcile' ? <ReconcileView /> : <CashBufferView />}
    </>
  );
}
