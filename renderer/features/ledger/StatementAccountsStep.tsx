/**
 * "Accounts in this file": for a statement naming several accounts (an OFX of checking and
 * card, a Quicken export), each account of the file with its number of transactions and a
 * select of the ledger's accounts — preselected with where it went last time — or "Leave
 * out", or "New account…", which creates the account in place (CreateAccountInline) and sends
 * the file's account there. The engine remembers the choice for the next file.
 */
import { useState } from 'react';
import type { Account } from '../../../shared/contract';
import { SelectField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { inventorySelectors } from '../inventory/slice';
import { CreateAccountInline } from './AccountDialogs';
import type { StatementPreview } from './statementSlice';
import type { SourceAccounts } from './importReview';

const LEAVE_OUT = 'leave-out';
const NEW_ACCOUNT = 'new-account';
const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export interface StatementAccountsStepProps {
  preview: StatementPreview;
  accounts: readonly Account[];
  sources: SourceAccounts;
  /** The wizard's account: where transactions naming no account go. */
  primary: Account | null;
  disabled: boolean;
  onChange: (source: string, accountId: string | null) => void;
}

/** The fieldset of one select per account of the file. */
export function StatementAccountsStep({ preview, accounts, sources, primary, disabled, onChange }: StatementAccountsStepProps) {
  const householdCurrency = useAppStore(inventorySelectors.currency);
  // the file's account a new ledger account is being created for, if any
  const [creatingFor, setCreatingFor] = useState<string | null>(null);
  const named = preview.accounts.filter((a) => a.source !== null);
  const unnamed = preview.accounts.find((a) => a.source === null);
  const options = [
    { value: '', label: 'Choose an account…' },
    ...accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.currency})` })),
    { value: LEAVE_OUT, label: 'Leave out' },
    { value: NEW_ACCOUNT, label: 'New account…' },
  ];
  return (
    <fieldset className="fieldset" disabled={disabled} aria-label="Accounts in this file">
      <legend>Accounts in this file</legend>
      <p className="field-hint">
        The file holds {plural(preview.accounts.length, 'account', 'accounts')}: choose the ledger account each goes to, or leave it out. The choice is remembered for the next file.
      </p>
      <div className="mapping statement-accounts">
        {named.map((a) => {
          const source = a.source ?? '';
          const chosen = sources[source];
          const value = chosen === undefined ? '' : chosen === null ? LEAVE_OUT : chosen;
          return (
            <SelectField
              key={source}
              label={source}
              value={value}
              options={options}
              onChange={(e) => {
                // "Choose…" is where a source starts, not a choice: picking it again keeps the last one
                if (e.target.value === NEW_ACCOUNT) setCreatingFor(source);
                else if (e.target.value !== '') onChange(source, e.target.value === LEAVE_OUT ? null : e.target.value);
              }}
              hint={`${plural(a.transactions, 'transaction', 'transactions')}${chosen === undefined ? ' · not chosen yet' : ''}`}
            />
          );
        })}
      </div>
      {creatingFor !== null ? (
        <CreateAccountInline
          key={creatingFor}
          title={`Create an account for ${creatingFor}`}
          explain="The new account takes this account’s transactions from the file."
          currency={preview.currency ?? householdCurrency}
          onCreated={(a) => {
            setCreatingFor(null);
            onChange(creatingFor, a.id);
          }}
          onCancel={() => setCreatingFor(null)}
        />
      ) : null}
      {unnamed ? (
        <p className="field-hint">
          {plural(unnamed.transactions, 'transaction names', 'transactions name')} no account: {unnamed.transactions === 1 ? 'it goes' : 'they go'} to <strong>{primary?.name ?? 'the account chosen above'}</strong>.
        </p>
      ) : null}
    </fieldset>
  );
}
