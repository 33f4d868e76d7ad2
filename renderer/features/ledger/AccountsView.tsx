/**
 * The ledger's accounts view: the accounts with their balances (in each account's
 * currency), "Add account", and the selected account's entries with "Record entry".
 */
import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Account } from '../../../shared/contract';
import { formatAmount } from '../../ui/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { AddAccountDialog, CategorizeDialog, RecordEntryDialog } from './AccountDialogs';
import { EntriesTable } from './EntriesTable';
import { ledgerSelectors } from './slice';
import { ACCOUNT_KIND_LABELS } from './view';

const count = new Intl.NumberFormat('en');

/** Accounts and the selected account's entries. */
export function AccountsView() {
  const [adding, setAdding] = useState(false);
  const { accounts, selected } = useAppStore(useShallow((s) => ({ accounts: s.accounts, selected: ledgerSelectors.selectedAccount(s) })));
  return (
    <>
      <AccountList onAdd={() => setAdding(true)} />
      {accounts.status === 'ready' && selected ? <AccountEntries account={selected} /> : null}
      <AddAccountDialog open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

/** The empty state of the ledger, with the two ways to start. */
export function NoAccounts({ onAdd }: { onAdd: () => void }) {
  const setTab = useAppStore((s) => s.setLedgerTab);
  return (
    <EmptyState title="No accounts yet — add one or import a statement">
      <p>An account is where money sits: cash, a checking or savings account, a card.</p>
      <p className="row empty-actions">
        <Button variant="primary" onClick={onAdd}>
          Add account
        </Button>
        <Button onClick={() => setTab('import')}>Import a statement</Button>
      </p>
    </EmptyState>
  );
}

function AccountList({ onAdd }: { onAdd: () => void }) {
  const store = useAppStoreApi();
  const { accounts, selectedId, select } = useAppStore(useShallow((s) => ({ accounts: s.accounts, selectedId: s.selectedAccountId, select: s.selectAccount })));
  let body;
  if (accounts.status === 'error') {
    body = (
      <ErrorMessage title="The accounts could not be loaded">
        <p>{accounts.error}</p>
        <Button small onClick={() => void store.getState().loadAccounts()}>
          Try again
        </Button>
      </ErrorMessage>
    );
  } else if (!accounts.data) {
    body = <Loading label="Loading accounts…" />;
  } else if (accounts.data.length === 0) {
    body = <NoAccounts onAdd={onAdd} />;
  } else {
    body = (
      <div className="table-wrap">
        <table className="table" aria-label="Accounts">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Kind</th>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Entries
              </th>
              <th scope="col" className="num">
                Opening balance
              </th>
              <th scope="col" className="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((a) => (
              <tr key={a.id} className={a.id === selectedId ? 'row-selected' : undefined} aria-selected={a.id === selectedId}>
                <td>
                  <button type="button" className="link" onClick={() => select(a.id)} aria-current={a.id === selectedId ? 'true' : undefined}>
                    {a.name}
                  </button>
                </td>
                <td>{ACCOUNT_KIND_LABELS[a.kind]}</td>
                <td>{a.currency}</td>
                <td className="num">{count.format(a.entries)}</td>
                <td className="num muted">{formatAmount(a.openingBalanceMinor, a.currency)}</td>
                <td className="num">
                  <Balance account={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <Card
      title="Accounts"
      className="card-flush"
      actions={
        accounts.data?.length ? (
          <Button small variant="primary" onClick={onAdd}>
            Add account
          </Button>
        ) : null
      }
    >
      {body}
    </Card>
  );
}

function Balance({ account }: { account: Account }) {
  const text = formatAmount(account.balanceMinor, account.currency);
  return account.balanceMinor < 0 ? <Badge tone="bad">{text}</Badge> : <strong>{text}</strong>;
}

function AccountEntries({ account }: { account: Account }) {
  const store = useAppStoreApi();
  const [recording, setRecording] = useState(false);
  const [categorizing, setCategorizing] = useState<string | null>(null);
  const { entries, openReceipt } = useAppStore(useShallow((s) => ({ entries: s.entries, openReceipt: s.openReceipt })));
  const loadMore = useCallback(() => void store.getState().loadMoreEntries(), [store]);
  let body;
  if (entries.status === 'error') {
    body = (
      <ErrorMessage title="The entries could not be loaded">
        <p>{entries.error}</p>
        <Button small onClick={() => void store.getState().loadEntries()}>
          Try again
        </Button>
      </ErrorMessage>
    );
  } else if (entries.status !== 'ready') {
    body = <Loading label="Loading entries…" />;
  } else if (entries.items.length === 0) {
    body = (
      <EmptyState title="No entries in this account yet">
        <p>Record one, or import a bank statement into it.</p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <EntriesTable
          entries={entries.items}
          currency={account.currency}
          canLoadMore={entries.nextCursor !== null}
          loadingMore={entries.loadingMore}
          onLoadMore={loadMore}
          onOpenReceipt={openReceipt}
          onCategorize={setCategorizing}
        />
        <CategorizeDialog entry={entries.items.find((e) => e.id === categorizing) ?? null} entries={entries.items} onClose={() => setCategorizing(null)} />
        <div className="list-footer">
          <span>
            {count.format(entries.items.length)} of {count.format(account.entries)} shown{entries.nextCursor === null ? ' · end of list' : entries.loadingMore ? ' · loading more…' : ' · scroll for more'}
          </span>
          {entries.error ? <span role="alert">{entries.error}</span> : null}
        </div>
      </>
    );
  }
  return (
    <Card
      title={`Entries: ${account.name}`}
      className="card-flush"
      actions={
        <Button small variant="primary" onClick={() => setRecording(true)}>
          Record entry
        </Button>
      }
    >
      {body}
      <RecordEntryDialog account={recording ? account : null} onClose={() => setRecording(false)} />
    </Card>
  );
}
