/**
 * Reconciliation: the engine's receipt ↔ bank entry suggestions (same amount and
 * currency, dates ± 3 days, ranked by vendor ↔ payee similarity) with Accept (link them)
 * and Reject (never suggest the pair again) per row, and what is left unmatched on each
 * side: counted, then listed in two tables below the suggestions. The lists refresh on
 * the `db.changed` an action causes.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure, type FailureView } from '../dispatch/failure';
import { formatDay } from '../inventory/format';
import { money } from '../spending/format';
import { AddAccountDialog } from './AccountDialogs';
import { NoAccounts } from './AccountsView';
import { ledgerSelectors, type MatchSuggestion } from './slice';
import { UnmatchedTables } from './UnmatchedTables';

const n = (v: number) => v.toLocaleString('en');
const pairKey = (s: Pick<MatchSuggestion, 'receiptId' | 'entryId'>) => `${s.receiptId}/${s.entryId}`;

/** Similarity 0..1 as a percentage with a colour: from 0.5 green, above 0 yellow, 0 grey. */
function SimilarityBadge({ value }: { value: number }) {
  const tone = value >= 0.5 ? 'ok' : value > 0 ? 'warn' : 'neutral';
  return (
    <Badge tone={tone} title="Vendor ↔ payee word overlap">
      {Math.round(value * 100)} %
    </Badge>
  );
}

export function ReconcileView() {
  const store = useAppStoreApi();
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const [failure, setFailure] = useState<FailureView | null>(null);
  const { reconciliation, noAccounts, execute } = useAppStore(useShallow((s) => ({ reconciliation: s.reconciliation, noAccounts: ledgerSelectors.noAccounts(s), execute: s.execute })));
  useEffect(() => {
    void store.getState().loadReconciliation();
    void store.getState().loadUnmatched();
  }, [store]);

  const act = async (s: MatchSuggestion, action: 'reconcile.accept' | 'reconcile.reject') => {
    const key = pairKey(s);
    setPending((p) => new Set(p).add(key));
    setFailure(null);
    const result = await execute(action, { receiptId: s.receiptId, entryId: s.entryId }, { announceFailure: false });
    if (!result.ok) setFailure(describeFailure(result.error));
    setPending((p) => {
      const next = new Set(p);
      next.delete(key);
      return next;
    });
  };

  const data = reconciliation.data;
  let body;
  if (noAccounts) body = <NoAccounts onAdd={() => setAdding(true)} />;
  else if (reconciliation.status === 'error') body = <ErrorMessage title="The suggestions could not be loaded">{reconciliation.error}</ErrorMessage>;
  else if (!data) body = <Loading label="Looking for matches…" />;
  else {
    body = (
      <>
        <Counts
          label="Reconciliation counts"
          className="reconcile-counts"
          items={[
            { label: 'Suggested matches', value: data.suggestions.length, tone: data.suggestions.length ? 'ok' : null },
            { label: 'Unmatched receipts', value: data.unmatchedReceipts, tone: data.unmatchedReceipts ? 'warn' : null },
            { label: 'Unmatched outflows', value: data.unmatchedEntries, tone: data.unmatchedEntries ? 'warn' : null },
          ]}
        />
        <FailureNotice failure={failure} />
        {data.suggestions.length === 0 ? (
          <EmptyState title="No matches to review">
            <p>A receipt is suggested for a bank entry of the same amount and currency, dated at most 3 days apart. Enter receipts or import a statement to see matches.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table reconcile-table" aria-label="Suggested matches">
              <thead>
                <tr>
                  <th scope="col">Receipt</th>
                  <th scope="col">Bank entry</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Days apart
                  </th>
                  <th scope="col">Similarity</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.suggestions.map((s) => {
                  const busy = pending.has(pairKey(s));
                  const name = `${s.vendor ?? 'receipt'} ↔ ${s.payee ?? 'entry'}`;
                  return (
                    <tr key={pairKey(s)}>
                      <td>
                        <strong>{s.vendor ?? <span className="muted">Unknown vendor</span>}</strong>
                        <div className="muted">{formatDay(s.receiptDate)}</div>
                      </td>
                      <td>
                        <strong>{s.payee ?? <span className="muted">No payee</span>}</strong>
                        <div className="muted">{formatDay(s.entryDate)}</div>
                      </td>
                      <td className="num nowrap">{money(s.amountMinor, s.currency)}</td>
                      <td className="num">{s.daysApart === 0 ? 'same day' : n(s.daysApart)}</td>
                      <td>
                        <SimilarityBadge value={s.similarity} />
                      </td>
                      <td>
                        <div className="reconcile-actions">
                          <Button small variant="primary" busy={busy} onClick={() => void act(s, 'reconcile.accept')} aria-label={`Accept: ${name}`}>
                            Accept
                          </Button>
                          <Button small variant="ghost" busy={busy} onClick={() => void act(s, 'reconcile.reject')} aria-label={`Reject: ${name}`}>
                            Reject
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <UnmatchedTables />
      </>
    );
  }
  return (
    <Card title="Reconcile receipts with bank entries">
      {body}
      <AddAccountDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}
