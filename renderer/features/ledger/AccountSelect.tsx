/**
 * A labelled select of the ledger's accounts (`ledger.accounts`, through the ledger slice's
 * cache), for the spends that post a ledger entry: a shopping item bought, a bill paid, a
 * purchase made. Each option shows the account's balance, so the operator sees where the
 * money is. The first option is "no account" when `noneLabel` is given. With no account yet
 * it is no dead end: "Add an account here" creates one in place (CreateAccountInline), which
 * is then chosen, and the hint links to the Ledger screen.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, mayQuery } from '../../../shared/contract';
import { formatAmount } from '../../ui/format';
import { SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { HelpText } from '../playbooks/help';
import { Button } from '../../ui/Button';
import { CreateAccountInline } from './AccountDialogs';

export interface AccountSelectProps {
  label?: string;
  /** The chosen account id, `''` for none. */
  value: string;
  onChange(accountId: string): void;
  /** The first option's text, meaning "no account" (value `''`); left out when not given. */
  noneLabel?: string;
  error?: string | undefined;
  hint?: string;
  name?: string;
  /** The currency an account created in place starts with (default: the household's). */
  currency?: string;
}

/** The account picker; loads the accounts when not loaded yet and the role may read them. */
export function AccountSelect({ label = 'Account', value, onChange, noneLabel, error, hint, name = 'accountId', currency }: AccountSelectProps) {
  const { accounts, loadAccounts, role, householdCurrency } = useAppStore(
    useShallow((s) => ({ accounts: s.accounts, loadAccounts: s.loadAccounts, role: governanceSelectors.currentOperator(s)?.role, householdCurrency: inventorySelectors.currency(s) })),
  );
  const [creating, setCreating] = useState(false);
  const mayRead = !role || mayQuery(role, 'ledger.accounts');
  const mayCreate = !role || mayDispatch(role, 'ledger.createAccount');
  useEffect(() => {
    if (mayRead && accounts.status === 'idle') void loadAccounts();
  }, [mayRead, accounts.status, loadAccounts]);
  const options = useMemo(
    () => [
      ...(noneLabel !== undefined ? [{ value: '', label: noneLabel }] : []),
      ...(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name} · ${formatAmount(a.balanceMinor, a.currency)}` })),
    ],
    [accounts.data, noneLabel],
  );
  const loadingHint = accounts.status === 'loading' ? 'Loading the accounts…' : accounts.status === 'error' ? `The accounts could not be loaded: ${accounts.error}` : undefined;
  const none = accounts.status === 'ready' && (accounts.data?.length ?? 0) === 0;
  return (
    <>
      <SelectField
        label={label}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        options={options}
        error={error}
        hint={loadingHint ?? (none ? <HelpText id="noLedgerAccount" /> : hint)}
      />
      {none && mayCreate && !creating ? (
        <div>
          <Button small onClick={() => setCreating(true)}>
            Add an account here
          </Button>
        </div>
      ) : null}
      {creating ? (
        <CreateAccountInline
          title="Add an account"
          explain="The account the money is paid from; it is chosen here once created."
          currency={currency ?? householdCurrency}
          onCreated={(a) => {
            setCreating(false);
            onChange(a.id);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
    </>
  );
}

/** Ways of paying to suggest in a payment-method field. */
export const PAYMENT_METHODS = ['card', 'cash', 'debit card', 'bank transfer', 'direct debit'] as const;

/** A labelled free-text payment method with the usual ones suggested. */
export function PaymentMethodField({ value, onChange, error }: { value: string; onChange(value: string): void; error?: string | undefined }) {
  const listId = useId();
  return (
    <>
      <TextField label="Payment method" name="paymentMethod" value={value} onChange={(e) => onChange(e.target.value)} error={error} list={listId} autoComplete="off" maxLength={64} placeholder="card, cash…" />
      <datalist id={listId}>
        {PAYMENT_METHODS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </>
  );
}
