/**
 * The bills' dialogs: pay one (`bills.pay`, a governed spend that posts the ledger entry and
 * marks the earliest unpaid occurrence paid — the amount, the account and the day are
 * prefilled and may be changed) and add one (`bills.create`: payee, amount, first due date,
 * recurrence, category, account, autopay, reminder days). Amounts are typed in major units
 * and sent as minor units; a refusal shows the decision's reason and gates.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Bill } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { formatDay, minorToInput, parseIntInput, parseRequiredMoney } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { AccountSelect } from '../ledger/AccountSelect';
import { noRecurrence, RecurrenceField, RemindDaysField, type RecurrenceValue } from '../schedule/RecurrenceField';
import { repeatRule, todayIn } from '../schedule/view';
import { money } from '../spending/format';

/** "Pay…": the earliest unpaid occurrence of `bill`. */
export function PayBillDialog({ bill, onClose }: { bill: Bill; onClose: () => void }) {
  const { currency, timeZone } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })));
  const [amount, setAmount] = useState(minorToInput(bill.amountMinor, currency));
  const [accountId, setAccountId] = useState(bill.accountId ?? '');
  const [paidOn, setPaidOn] = useState(() => todayIn(timeZone));
  const form = useActionForm('bills.pay', onClose);
  const occurrence = bill.overdue[0] ?? bill.nextDue;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseRequiredMoney(amount, currency, 5990);
    // the amount's problem and the schema's of the other fields, all at once
    void form.submit(
      {
        id: bill.id,
        ...(occurrence ? { occurrenceDate: occurrence } : {}),
        amountMinor: parsed.minor ?? 1,
        ...(accountId ? { accountId } : {}),
        ...(paidOn ? { paidOn } : {}),
      },
      parsed.minor === undefined ? { amountMinor: parsed.error ?? 'Enter an amount' } : {},
    );
  };
  return (
    <Dialog open onClose={onClose} title={`Pay: ${bill.payee}`}>
      <Form className="form" onSubmit={submit} aria-label={`Pay ${bill.payee}`}>
        <p>
          {occurrence ? <>Pays the occurrence due {formatDay(occurrence)}</> : 'No unpaid occurrence is left'}
          {bill.overdue.length > 1 ? ` (${bill.overdue.length} are overdue: the oldest first)` : ''}. A payment is a spend on <strong>{bill.category ?? 'no category'}</strong>: approvals
          and caps apply.
        </p>
        <div className="form-row form-row-top">
          <MoneyField
            label="Amount"
            currency={currency}
            name="amount"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={form.fieldErrors.amountMinor}
            hint={`The bill says ${money(bill.amountMinor, currency)}`}
          />
          <TextField label="Paid on" name="paidOn" type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} error={form.fieldErrors.paidOn} />
        </div>
        <AccountSelect value={accountId} onChange={setAccountId} noneLabel={bill.accountId ? undefined : 'Choose an account'} error={form.fieldErrors.accountId} hint="The ledger entry is posted on this account." />
        <FailureNotice failure={form.failure} shownFields={['amountMinor', 'paidOn', 'accountId']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Pay {bill.payee}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** "Add bill". */
export function AddBillDialog({ onClose }: { onClose: () => void }) {
  const { currency, timeZone } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })));
  const [payee, setPayee] = useState('');
  const [amount, setAmount] = useState('');
  const [dueDate, setDueDate] = useState(() => todayIn(timeZone));
  const [recurrence, setRecurrence] = useState<RecurrenceValue>({ ...noRecurrence, repeat: 'monthly' });
  const [category, setCategory] = useState('');
  const [accountId, setAccountId] = useState('');
  const [autopay, setAutopay] = useState(false);
  const [remind, setRemind] = useState('3');
  const form = useActionForm('bills.create', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseRequiredMoney(amount, currency, 5990);
    const rrule = repeatRule(recurrence.repeat, recurrence.custom);
    const remindDays = parseIntInput(remind);
    const local: Record<string, string> = parsed.minor === undefined ? { amountMinor: parsed.error ?? 'Enter an amount' } : {};
    void form.submit({
      payee,
      amountMinor: parsed.minor ?? 1,
      dueDate,
      ...(rrule !== undefined ? { rrule } : {}),
      category,
      ...(accountId ? { accountId } : {}),
      autopay,
      ...(remindDays !== undefined ? { remindDaysBefore: remindDays } : {}),
    }, local);
  };
  return (
    <Dialog open onClose={onClose} title="Add bill">
      <Form className="form" onSubmit={submit} aria-label="Add bill">
        <TextField label="Payee" name="payee" value={payee} onChange={(e) => setPayee(e.target.value)} error={form.fieldErrors.payee} autoComplete="off" maxLength={200} placeholder="City Power" />
        <div className="form-row form-row-top">
          <MoneyField label="Amount" currency={currency} name="amount" value={amount} onChange={(e) => setAmount(e.target.value)} error={form.fieldErrors.amountMinor} />
          <TextField label="First due date" name="dueDate" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} error={form.fieldErrors.dueDate} />
        </div>
        <div className="form-row form-row-top">
          <RecurrenceField value={recurrence} onChange={setRecurrence} error={form.fieldErrors.rrule} />
          <TextField label="Category" name="category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" maxLength={64} placeholder="utilities" />
        </div>
        <AccountSelect value={accountId} onChange={setAccountId} noneLabel="Choose when paying" error={form.fieldErrors.accountId} hint="The account it is paid from." />
        <div className="form-row form-row-top">
          <RemindDaysField value={remind} onChange={setRemind} error={form.fieldErrors.remindDaysBefore} />
          <label className="check bill-autopay">
            <input type="checkbox" checked={autopay} onChange={(e) => setAutopay(e.target.checked)} />
            Autopay: the daily tick pays it when due
          </label>
        </div>
        <FailureNotice failure={form.failure} shownFields={['payee', 'amountMinor', 'dueDate', 'rrule', 'category', 'accountId', 'remindDaysBefore']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Add bill
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
