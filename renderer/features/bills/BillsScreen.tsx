/**
 * The Bills route: the totals overdue and due within 7 days, and every bill — payee,
 * amount, next due date, status, the account it is paid from, autopay and the last
 * payment — with Pay… (a governed spend) and End…; "Add bill" opens the form.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Bill, type ScheduleEntry } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Counts } from '../../ui/Counts';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { ArchiveDialog } from '../schedule/ScheduleDialogs';
import { money } from '../spending/format';
import { AddBillDialog, PayBillDialog } from './BillDialogs';
import type { BillList } from './slice';
import { BILL_STATUS_LABELS, billStatusTone } from './view';

type Open = { kind: 'add' } | { kind: 'pay'; bill: Bill } | { kind: 'archive'; entry: ScheduleEntry } | null;

/** The bills screen. */
export function BillsScreen() {
  const store = useAppStoreApi();
  const { list, currency, role } = useAppStore(useShallow((s) => ({ list: s.billList, currency: inventorySelectors.currency(s), role: governanceSelectors.currentOperator(s)?.role })));
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => {
    void store.getState().loadBills();
  }, [store]);
  const mayCreate = !role || mayDispatch(role, 'bills.create');
  return (
    <>
      <div className="page-header">
        <h1>Bills</h1>
        {mayCreate ? (
          <Button variant="primary" onClick={() => setOpen({ kind: 'add' })}>
            Add bill
          </Button>
        ) : null}
      </div>
      {list.status === 'error' ? (
        <ErrorMessage title="The bills could not be loaded">{list.error}</ErrorMessage>
      ) : !list.data ? (
        <Loading label="Loading the bills…" />
      ) : (
        <>
          <Card title="Due" actions={<span className="muted">today {formatDay(list.data.today)}</span>}>
            <Counts
              label="Bills due"
              className="counts-money"
              items={[
                { label: 'Overdue', value: money(list.data.overdueMinor, currency), tone: list.data.overdueMinor > 0 ? 'bad' : null },
                { label: 'Due within 7 days', value: money(list.data.dueWithin7DaysMinor, currency), tone: list.data.dueWithin7DaysMinor > 0 ? 'warn' : null },
                { label: 'Bills', value: list.data.bills.length },
              ]}
            />
          </Card>
          <BillsCard list={list.data} currency={currency} onOpen={setOpen} />
        </>
      )}
      {open?.kind === 'add' ? <AddBillDialog onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'pay' ? <PayBillDialog bill={open.bill} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'archive' ? <ArchiveDialog entry={open.entry} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function BillsCard({ list, currency, onOpen }: { list: BillList; currency: string; onOpen: (open: Open) => void }) {
  const { accounts, role } = useAppStore(useShallow((s) => ({ accounts: s.accounts.data, role: governanceSelectors.currentOperator(s)?.role })));
  const loadAccounts = useAppStore((s) => s.loadAccounts);
  const accountsStatus = useAppStore((s) => s.accounts.status);
  useEffect(() => {
    // the account column names the account each bill is paid from
    if (accountsStatus === 'idle' && list.bills.some((b) => b.accountId)) void loadAccounts();
  }, [accountsStatus, list.bills, loadAccounts]);
  const mayPay = !role || mayDispatch(role, 'bills.pay');
  const mayArchive = !role || mayDispatch(role, 'schedule.archive');
  const accountName = (id: string | null) => (id ? (accounts?.find((a) => a.id === id)?.name ?? '…') : '—');
  return (
    <Card title="Bills" className="card-flush">
      {list.bills.length === 0 ? (
        <EmptyState title="No bills yet">Add the household’s regular bills: rent, power, insurance…</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-scroll-min" aria-label="Bills">
            <thead>
              <tr>
                <th scope="col">Payee</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Next due</th>
                <th scope="col">Status</th>
                <th scope="col">Account</th>
                <th scope="col">Autopay</th>
                <th scope="col">Last paid</th>
                {mayPay || mayArchive ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.bills.map((b) => (
                <tr key={b.id}>
                  <td>
                    <strong>{b.payee}</strong>
                    <div className="muted">
                      {[b.title !== b.payee ? b.title : null, b.category, b.recurrence ?? 'once'].filter(Boolean).join(' · ')}
                    </div>
                  </td>
                  <td className="num nowrap">{money(b.amountMinor, currency)}</td>
                  <td className="nowrap">
                    {b.nextDue ? formatDay(b.nextDue) : '—'}
                    {b.overdue.length > 1 ? <div className="muted">{b.overdue.length} unpaid</div> : null}
                  </td>
                  <td>
                    <Badge tone={billStatusTone(b.status)}>{BILL_STATUS_LABELS[b.status]}</Badge>
                  </td>
                  <td>{accountName(b.accountId)}</td>
                  <td>{b.autopay ? <span className="yes">Yes</span> : <span className="muted">No</span>}</td>
                  <td className="nowrap">{b.lastPaid ? `${formatDay(b.lastPaid.date)} · ${b.lastPaid.by}` : '—'}</td>
                  {mayPay || mayArchive ? (
                    <td>
                      <div className="row">
                        {mayPay && b.nextDue && b.status !== 'ended' ? (
                          <Button small variant={b.status === 'overdue' || b.status === 'due' ? 'primary' : 'secondary'} onClick={() => onOpen({ kind: 'pay', bill: b })} aria-label={`Pay… ${b.payee}`}>
                            Pay…
                          </Button>
                        ) : null}
                        {mayArchive && b.active ? (
                          <Button small variant="ghost" onClick={() => onOpen({ kind: 'archive', entry: b })} aria-label={`End… ${b.payee}`}>
                            End…
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
