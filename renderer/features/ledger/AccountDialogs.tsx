/**
 * The ledger's dialogs: add an account (`ledger.createAccount`) and record an entry by hand
 * (`ledger.record`; an outflow is a governed spend, so it may be held for approval or
 * blocked — the dialog then shows the decision's reason and gates). Keyboard only: the
 * first field has focus, Enter submits, Escape closes; every field problem shows under its
 * field at once. And CreateAccountInline: the same account made in place, where an action
 * needs an account that does not exist yet (a statement import, a purchase paid).
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ACCOUNT_KINDS, type Account, type LedgerEntryRow } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FieldErrorScope, Form, MoneyField, SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { localToday } from '../receipts/ReceiptEntryForm';
import { ACCOUNT_KIND_LABELS, entryAmount, parseSignedMoneyInput, type AccountKind, type Direction } from './view';

function FormButtons({ busy, submit, onClose }: { busy: boolean; submit: string; onClose: () => void }) {
  return (
    <div className="form-actions">
      <span className="muted">Enter saves · Esc closes</span>
      <Button onClick={onClose}>Cancel</Button>
      <Button type="submit" variant="primary" busy={busy}>
        {submit}
      </Button>
    </div>
  );
}

const KIND_OPTIONS = ACCOUNT_KINDS.map((k) => ({ value: k, label: ACCOUNT_KIND_LABELS[k] }));

/** "Add account": name, kind, currency (the household's by default) and opening balance. */
export function AddAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return <AddAccountBody onClose={onClose} />;
}

function AddAccountBody({ onClose }: { onClose: () => void }) {
  const { householdCurrency, select } = useAppStore(useShallow((s) => ({ householdCurrency: inventorySelectors.currency(s), select: s.selectAccount })));
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AccountKind>('checking');
  const [currency, setCurrency] = useState(householdCurrency);
  const [opening, setOpening] = useState('');
  const form = useActionForm('ledger.createAccount', (done) => {
    select(done.result.id);
    onClose();
  });
  const cur = currency.trim().toUpperCase();
  // a malformed code reads the balance in the household's currency; the engine names the code's problem
  const balanceCurrency = /^[A-Z]{3}$/.test(cur) ? cur : householdCurrency;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const balance = parseSignedMoneyInput(opening, balanceCurrency);
    void form.submit({ name, kind, currency: cur, openingBalanceMinor: balance.ok ? (balance.minor ?? 0) : 0 }, balance.ok ? {} : { openingBalanceMinor: balance.error });
  };
  return (
    <Dialog open onClose={onClose} title="Add account">
      <Form onSubmit={submit} aria-label="Add account">
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={form.fieldErrors.name} autoComplete="off" placeholder="Everyday checking" />
        <div className="form-row form-row-top">
          <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as AccountKind)} options={KIND_OPTIONS} error={form.fieldErrors.kind} />
          <TextField label="Currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={form.fieldErrors.currency} maxLength={3} autoComplete="off" />
          <MoneyField
            label="Opening balance"
            currency={balanceCurrency}
            name="openingBalance"
            value={opening}
            onChange={(e) => setOpening(e.target.value)}
            error={form.fieldErrors.openingBalanceMinor}
            hint="Negative for a card that owes money"
          />
        </div>
        <FailureNotice failure={form.failure} shownFields={['name', 'kind', 'currency', 'openingBalanceMinor']} />
        <FormButtons busy={form.busy} submit="Add account" onClose={onClose} />
      </Form>
    </Dialog>
  );
}

export interface CreateAccountInlineProps {
  /** The heading of the step, e.g. "Create the account this file needs". */
  title: string;
  /** Why the account is needed, under the heading. */
  explain?: ReactNode;
  /** The currency to start from (the file's, else the household's); followed until the operator changes the field. */
  currency: string;
  /** The name to start from, if any. */
  name?: string;
  submitLabel?: string;
  /** Called with the account once the engine created it. */
  onCreated(account: Account): void;
  /** Shows a Cancel button that calls it. */
  onCancel?: () => void;
}

/**
 * "Create the account …" in place, inside the screen or dialog that needs it: name, kind
 * and currency (opening balance 0), governed `ledger.createAccount`. Not a `<form>`, so it
 * may sit inside one: Enter in a field creates the account (and does not submit the form
 * around it). Its field problems show at once under each field; the new account becomes the
 * ledger's selected one.
 */
export function CreateAccountInline({ title, explain, currency, name: initialName = '', submitLabel = 'Create account', onCreated, onCancel }: CreateAccountInlineProps) {
  const select = useAppStore((s) => s.selectAccount);
  const [name, setName] = useState(initialName);
  const [kind, setKind] = useState<AccountKind>('checking');
  const [code, setCode] = useState(currency);
  const [codeTouched, setCodeTouched] = useState(false);
  useEffect(() => {
    if (!codeTouched) setCode(currency);
  }, [currency, codeTouched]);
  const form = useActionForm('ledger.createAccount', (done) => {
    select(done.result.id);
    onCreated(done.result);
  });
  const create = () => void form.submit({ name, kind, currency: code.trim().toUpperCase(), openingBalanceMinor: 0 });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      e.stopPropagation();
      create();
    }
  };
  return (
    <section className="create-in-place" aria-label={title} onKeyDown={onKeyDown}>
      <h3>{title}</h3>
      {explain ? <p className="field-hint">{explain}</p> : null}
      <FieldErrorScope>
        <div className="form-row form-row-top">
          <TextField label="Account name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={form.fieldErrors.name} autoComplete="off" placeholder="Everyday checking" />
          <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as AccountKind)} options={KIND_OPTIONS} error={form.fieldErrors.kind} />
          <TextField
            label="Currency"
            name="currency"
            value={code}
            onChange={(e) => {
              setCodeTouched(true);
              setCode(e.target.value);
            }}
            error={form.fieldErrors.currency}
            maxLength={3}
            autoComplete="off"
          />
        </div>
      </FieldErrorScope>
      <FailureNotice failure={form.failure} shownFields={['name', 'kind', 'currency', 'openingBalanceMinor']} />
      <div className="form-actions">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        <Button variant="primary" busy={form.busy} onClick={create}>
          {submitLabel}
        </Button>
      </div>
    </section>
  );
}

/** "Record entry" in `account`: date, amount in or out, payee, category, memo. */
export function RecordEntryDialog({ account, onClose }: { account: Account | null; onClose: () => void }) {
  if (!account) return null;
  return <RecordEntryBody key={account.id} account={account} onClose={onClose} />;
}

function RecordEntryBody({ account, onClose }: { account: Account; onClose: () => void }) {
  const [date, setDate] = useState(localToday);
  const [amount, setAmount] = useState('');
  const [direction, setDirection] = useState<Direction>('out');
  const [payee, setPayee] = useState('');
  const [category, setCategory] = useState('');
  const [memo, setMemo] = useState('');
  const form = useActionForm('ledger.record', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const signed = entryAmount(amount, direction, account.currency);
    void form.submit(
      {
        accountId: account.id,
        date,
        amountMinor: signed.ok ? signed.minor : 1,
        ...(payee.trim() ? { payee: payee.trim() } : {}),
        ...(category.trim() ? { category: category.trim() } : {}),
        ...(memo.trim() ? { memo: memo.trim() } : {}),
      },
      signed.ok ? {} : { amountMinor: signed.error },
    );
  };
  const err = form.fieldErrors;
  return (
    <Dialog open onClose={onClose} title={`Record entry: ${account.name}`}>
      <Form onSubmit={submit} aria-label="Record entry">
        <div className="form-row form-row-top">
          <TextField label="Date" name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={err.date} />
          <MoneyField label="Amount" currency={account.currency} name="amount" value={amount} onChange={(e) => setAmount(e.target.value)} error={err.amountMinor} />
        </div>
        <fieldset className="fieldset">
          <legend>Direction</legend>
          <div className="segmented" role="radiogroup" aria-label="Direction">
            {(['out', 'in'] as const).map((d) => (
              <label key={d} className={d === direction ? 'segment segment-on' : 'segment'}>
                <input type="radio" name="direction" value={d} checked={d === direction} onChange={() => setDirection(d)} />
                {d === 'out' ? 'Money out' : 'Money in'}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-row form-row-top">
          <TextField label="Payee" name="payee" value={payee} onChange={(e) => setPayee(e.target.value)} error={err.payee} autoComplete="off" />
          <TextField label="Category" name="category" value={category} onChange={(e) => setCategory(e.target.value)} error={err.category} autoComplete="off" hint={direction === 'out' ? 'Money out is a governed spend: caps are per category' : undefined} />
        </div>
        <TextField label="Memo" name="memo" value={memo} onChange={(e) => setMemo(e.target.value)} error={err.memo} autoComplete="off" hint="Optional" />
        <FailureNotice failure={form.failure} shownFields={['date', 'amountMinor', 'payee', 'category', 'memo']} />
        <FormButtons busy={form.busy} submit="Record entry" onClose={onClose} />
      </Form>
    </Dialog>
  );
}

/**
 * "Category" of one entry (`ledger.categorize`): type or pick a category (those already used
 * in the list are suggested), or clear it; optionally the same for every listed entry of the
 * same payee that has no category yet. Enter saves, Esc closes.
 */
export function CategorizeDialog({ entry, entries, onClose }: { entry: LedgerEntryRow | null; entries: readonly LedgerEntryRow[]; onClose: () => void }) {
  if (!entry) return null;
  return <CategorizeBody key={entry.id} entry={entry} entries={entries} onClose={onClose} />;
}

function CategorizeBody({ entry, entries, onClose }: { entry: LedgerEntryRow; entries: readonly LedgerEntryRow[]; onClose: () => void }) {
  const [category, setCategory] = useState(entry.category ?? '');
  const samePayee = entry.payee ? entries.filter((e) => e.id !== entry.id && e.payee === entry.payee && e.category === null) : [];
  const [alsoSame, setAlsoSame] = useState(samePayee.length > 0);
  const known = [...new Set(entries.map((e) => e.category).filter((c): c is string => c !== null))].sort();
  const form = useActionForm('ledger.categorize', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ids = [entry.id, ...(alsoSame ? samePayee.map((x) => x.id) : [])].slice(0, 500);
    void form.submit({ entryIds: ids, category: category.trim() || null });
  };
  return (
    <Dialog open onClose={onClose} title={`Category: ${entry.payee ?? 'entry'} · ${formatDay(entry.date)}`}>
      <Form onSubmit={submit} aria-label="Entry category">
        <TextField label="Category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" autoFocus list="ledger-category-list" hint="Empty clears it" />
        <datalist id="ledger-category-list">
          {known.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {samePayee.length ? (
          <label className="checkbox">
            <input type="checkbox" checked={alsoSame} onChange={(e) => setAlsoSame(e.target.checked)} />
            Also the {samePayee.length} other listed {samePayee.length === 1 ? 'entry' : 'entries'} from {entry.payee} without a category
          </label>
        ) : null}
        <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
