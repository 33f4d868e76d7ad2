/**
 * What a statement import did (`ledger.importStatement`'s result): transactions, added,
 * duplicates and rows left out; for a file of several accounts, the same per account and
 * where each went; what the reader passed over; and for a CSV the mapping it was read with
 * (remembered for the account, so the next file from the bank reads the same way).
 */
import { useShallow } from 'zustand/react/shallow';
import type { Account } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Counts } from '../../ui/Counts';
import { useAppStore } from '../../store/context';
import { formatDay } from '../inventory/format';
import { HELP_TEXTS, ScreenText } from '../playbooks/help';
import { PassedOver } from './StatementReview';
import { describeCsvMapping } from './importReview';
import type { StatementSummary } from './statementSlice';

const n = (v: number) => v.toLocaleString('en');

export interface StatementSummaryViewProps {
  summary: StatementSummary;
  /** The wizard's account. */
  account: Account | null;
  accounts: readonly Account[];
  onAnother: () => void;
}

export function StatementSummaryView({ summary, account, accounts, onAnother }: StatementSummaryViewProps) {
  const { setTab, select } = useAppStore(useShallow((s) => ({ setTab: s.setLedgerTab, select: s.selectAccount })));
  const perAccount = summary.accounts.some((a) => a.source !== null) && summary.accounts.length > 1;
  const nameOf = (id: string | null) => (id === null ? null : (accounts.find((a) => a.id === id)?.name ?? 'an account'));
  // the account to open: the wizard's, else the first the file went to
  const target = summary.accounts.some((a) => a.accountId === account?.id) || !perAccount ? account?.id : (summary.accounts.find((a) => a.accountId !== null)?.accountId ?? account?.id);
  return (
    <section className="import-summary" aria-label="Statement import summary">
      <p className="row">
        {summary.added === 0 ? <Badge tone="info">Already imported — nothing changed</Badge> : <Badge tone="ok">Imported</Badge>}
        <span>
          {summary.format} statement into <strong>{perAccount ? `${n(summary.accounts.filter((a) => a.accountId !== null).length)} accounts` : (account?.name ?? 'the account')}</strong>
          {summary.firstDate ? ` · ${formatDay(summary.firstDate)} – ${formatDay(summary.lastDate)}` : ''}
        </span>
      </p>
      <Counts
        label="Statement import counts"
        items={[
          { label: 'Transactions', value: summary.transactions },
          { label: 'Added', value: summary.added, tone: 'ok' },
          { label: 'Duplicates', value: summary.duplicates },
          { label: 'Skipped', value: summary.skipped, tone: summary.skipped ? 'warn' : null },
        ]}
      />
      {perAccount ? (
        <div className="preview-scroll summary-accounts">
          <table className="table" aria-label="Imported per account">
            <thead>
              <tr>
                <th scope="col">Account in file</th>
                <th scope="col">Ledger account</th>
                <th scope="col" className="num">
                  Transactions
                </th>
                <th scope="col" className="num">
                  Added
                </th>
                <th scope="col" className="num">
                  Duplicates
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.accounts.map((a) => (
                <tr key={a.source ?? ''}>
                  <td>{a.source ?? <span className="muted">none named</span>}</td>
                  <td>{a.accountId === null ? <Badge tone="neutral">Left out</Badge> : nameOf(a.accountId)}</td>
                  <td className="num">{a.accountId === null ? '—' : n(a.transactions)}</td>
                  <td className="num">{a.accountId === null ? '—' : n(a.added)}</td>
                  <td className="num">{a.accountId === null ? '—' : n(a.duplicates)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {summary.skipped ? (
        <p className="field-hint">
          <ScreenText text={HELP_TEXTS.statementSkipped} />
        </p>
      ) : null}
      <PassedOver notes={summary.notes} />
      {summary.csvMapping ? (
        <div className="statement-notes">
          <p className="stat-label">Read with these CSV columns (remembered for {account?.name ?? 'the account'})</p>
          <ul aria-label="CSV mapping used">
            {describeCsvMapping(summary.csvMapping).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="row">
        <Button
          variant="primary"
          onClick={() => {
            if (target) select(target);
            setTab('accounts');
          }}
        >
          Open the account
        </Button>
        <Button onClick={onAnother}>Import another file</Button>
      </p>
    </section>
  );
}
