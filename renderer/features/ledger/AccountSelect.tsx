/**
 * A labelled select of the ledger's accounts (`ledger.accounts`, through the ledger slice's
 * cache), for the spends that post a ledger entry: a shopping item bought, a bill paid, a
 * purchase made. Each option shows the account's balance, so the operator sees where the
 * money is. The first option is "no account" when `noneLabel` is given.
 */
import { useEffect, useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery } from '../../../shared/contract';
import { formatMoney } from '../../../shared/domain/money';
import { SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';

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
}

/** The account picker; loads the accounts when not loaded yet and the role may read them. */
export function AccountSelect({ label = 'Account', value, onChange, noneLabel, error, hint, name = 'accountId' }: AccountSelectProps) {
  const { accounts, loadAccounts, role } = useAppStore(useShallow((s) => ({ accounts: s.accounts, loadAccounts: s.loadAccounts, role: governanceSelectors.currentOperator(s)?.role })));
  const mayRead = !role || mayQuery(role, 'ledger.accounts');
  useEffect(() => {
    if (mayRead && accounts.status === 'idle') void loadAccounts();
  }, [mayRead, accounts.status, loadAccounts]);
  const options = useMemo(
    () => [
      ...(noneLabel !== undefined ? [{ value: '', label: noneLabel }] : []),
      ...(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name} · ${formatMoney(a.balanceMinor, a.currency)}` })),
    ],
    [accounts.data, noneLabel],
  );
  const loadingHint = accounts.status === 'loading' ? 'Loading the accounts…' : accounts.status === 'error' ? `The accounts could not be loaded: ${accounts.error}` : undefined;
  const noAccounts = accounts.status === 'ready' && (accounts.data?.length ?? 0) === 0 ? 'No ledger account yet: add one on the Ledger screen.' : undefined;
  return (
    <SelectField label={label} name={name} value={value} onChange={(e) => onChange(e.target.value)} options={options} error={error} hint={loadingHint ?? noAccounts ?? hint} />
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
