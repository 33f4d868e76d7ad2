/**
 * The bank statement import wizard: choose the account, pick or drop the file, see the
 * engine's preview (format, counts, what was passed over), adjust how the file is read
 * (encoding, QIF date order, CSV columns) — every change previews again — send each account
 * of a file of several to a ledger account, review the rows (leave some out; unreadable ones
 * never go in), then import with progress and see what was added, per account. With no
 * account yet, or a file in another currency than the account chosen, it offers the account
 * the file needs in place (CreateAccountInline, in the file's currency when the preview
 * knows it).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Account } from '../../../shared/contract';
import { Counts } from '../../ui/Counts';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { inventorySelectors } from '../inventory/slice';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { formatDay } from '../inventory/format';
import { CreateAccountInline } from './AccountDialogs';
import { CsvMappingForm } from './CsvMappingForm';
import { StatementAccountsStep } from './StatementAccountsStep';
import { PassedOver, StatementReview } from './StatementReview';
import { namesSeveralAccounts, reviewCounts } from './importReview';
import { statementSelectors, type ImportBlocker, type StatementPreview } from './statementSlice';
import { StatementSummaryView } from './StatementSummaryView';
import { STATEMENT_ACCEPT, statementProgressText } from './view';

const n = (v: number) => v.toLocaleString('en');

const ENCODING_OPTIONS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'latin1', label: 'Latin-1 (Windows-1252)' },
];
const DATE_ORDER_OPTIONS = [
  { value: 'mdy', label: 'Month first (MM/DD/YY, Quicken)' },
  { value: 'dmy', label: 'Day first (DD/MM/YY)' },
];

/** The import wizard (with no account yet, it starts by offering to create the one the file needs). */
export function StatementImport() {
  const accounts = useAppStore((s) => s.accounts);
  let body;
  if (accounts.status === 'error') body = <ErrorMessage title="The accounts could not be loaded">{accounts.error}</ErrorMessage>;
  else if (!accounts.data) body = <Loading label="Loading accounts…" />;
  else body = <Wizard accounts={accounts.data} />;
  return <Card title="Import a bank statement">{body}</Card>;
}

/**
 * The account the file needs, offered in place: with no account at all, "Create the account
 * this file needs"; with a file (of one account) in another currency than the account
 * chosen, the accounts in the file's currency to switch to and "Create a <currency> account
 * for this file". The new account becomes the wizard's.
 */
function AccountNeeded({ accounts, disabled, onAccount }: { accounts: readonly Account[]; disabled: boolean; onAccount: (id: string) => void }) {
  // each part on its own: the mismatch is a new object on every call
  const { fileCurrency, mismatchFile, mismatchAccount, householdCurrency } = useAppStore(
    useShallow((s) => {
      const m = statementSelectors.currencyMismatch(s);
      return { fileCurrency: statementSelectors.fileCurrency(s), mismatchFile: m?.file ?? null, mismatchAccount: m?.account ?? null, householdCurrency: inventorySelectors.currency(s) };
    }),
  );
  const mismatch = mismatchFile && mismatchAccount ? { file: mismatchFile, account: mismatchAccount } : null;
  const [creating, setCreating] = useState(false);
  if (accounts.length === 0) {
    return (
      <CreateAccountInline
        title="Create the account this file needs"
        explain={
          fileCurrency
            ? `There is no account yet. The file is in ${fileCurrency}, so the account is too: name it and create it, then import.`
            : 'There is no account yet: name the account this statement belongs to and create it, then import. Its currency is the household’s unless you change it.'
        }
        currency={fileCurrency ?? householdCurrency}
        submitLabel="Create account"
        onCreated={(a) => onAccount(a.id)}
      />
    );
  }
  if (!mismatch) return null;
  const sameCurrency = accounts.filter((a) => a.currency.toUpperCase() === mismatch.file);
  return (
    <div className="review-warning currency-needed" role="note" aria-label="The file’s currency">
      <p>
        This file is in <strong>{mismatch.file}</strong>, but {mismatch.account.name} is in {mismatch.account.currency}: its rows cannot go into it. Choose an account in {mismatch.file}, or create
        one.
      </p>
      <div className="currency-offer">
        {sameCurrency.map((a) => (
          <Button key={a.id} small disabled={disabled} onClick={() => onAccount(a.id)}>
            Use {a.name} ({a.currency})
          </Button>
        ))}
        {creating ? null : (
          <Button small variant="primary" disabled={disabled} onClick={() => setCreating(true)}>
            Create a {mismatch.file} account for this file
          </Button>
        )}
      </div>
      {creating ? (
        <CreateAccountInline
          title={`Create a ${mismatch.file} account for this file`}
          currency={mismatch.file}
          onCreated={(a) => {
            setCreating(false);
            onAccount(a.id);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
    </div>
  );
}

function Wizard({ accounts }: { accounts: Account[] }) {
  const { w, busy, blocker, fileCurrency, selectedAccountId, setAccount, choose, setOptions, editColumns, include, setSource, run, reset } = useAppStore(
    useShallow((s) => ({
      w: s.statementImport,
      busy: statementSelectors.busy(s),
      blocker: statementSelectors.importBlocker(s),
      fileCurrency: statementSelectors.fileCurrency(s),
      selectedAccountId: s.selectedAccountId,
      setAccount: s.setStatementAccount,
      choose: s.chooseStatementFile,
      setOptions: s.setStatementOptions,
      editColumns: s.editStatementCsvColumns,
      include: s.setStatementRowsIncluded,
      setSource: s.setStatementSourceAccount,
      run: s.importStatement,
      reset: s.resetStatementImport,
    })),
  );
  const [picked, setPicked] = useState<File | null>(null);
  // a new input after "Import another file", so picking the same file again is a change
  const [pickerKey, setPickerKey] = useState(0);
  // Start on the account open in the accounts view (or the first one).
  const accountKnown = w.accountId !== null && accounts.some((a) => a.id === w.accountId);
  useEffect(() => {
    if (!accountKnown) setAccount(accounts.find((a) => a.id === selectedAccountId)?.id ?? accounts[0]?.id ?? null);
  }, [accountKnown, accounts, selectedAccountId, setAccount]);

  const account = accounts.find((a) => a.id === w.accountId) ?? null;
  const preview = w.preview.data;
  // while a preview reruns, the last one (of the same file) still says the format: the forms stay put
  const format = w.preview.status === 'error' ? undefined : preview?.format;
  const shown = preview && w.preview.status !== 'error' ? preview : null;
  const toImport = shown ? reviewCounts(shown, w.excluded, w.sourceAccounts).toImport : 0;
  // where the rows shown were read from: said only while it is the mapping in use (not while the operator's form is still incomplete)
  const mappingSource = shown?.format === 'CSV' && (!w.csvTouched || shown.mappingSource === 'given') ? shown.mappingSource : undefined;
  const onFile = (file: File | null) => {
    setPicked(file);
    void choose(file);
  };
  return (
    <div className="form statement-wizard">
      <div className="form-row form-row-top">
        {accounts.length > 0 ? (
          <SelectField label="Account" value={w.accountId ?? ''} onChange={(e) => setAccount(e.target.value)} options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.currency})` }))} disabled={busy} />
        ) : null}
        <FilePicker
          key={pickerKey}
          label="Statement file"
          file={picked}
          onFile={onFile}
          accept={STATEMENT_ACCEPT}
          disabled={busy}
          error={w.stageError ?? undefined}
          hint={
            !picked && w.file ? (
              <>
                Staged: <strong>{w.file.name}</strong>
              </>
            ) : (
              'OFX/QFX, QIF, CSV, CAMT.053 (XML) or MT940 (STA, TXT). Nothing is imported before you confirm.'
            )
          }
        />
      </div>
      {w.job.status !== 'done' ? <AccountNeeded accounts={accounts} disabled={busy} onAccount={setAccount} /> : null}
      {w.file && w.job.status !== 'done' && (format === 'CSV' || format === 'QIF' || w.options.csv || w.preview.status === 'error') ? (
        <fieldset className="fieldset" disabled={busy} aria-label="Reading">
          <legend>Reading</legend>
          <div className="mapping">
            <SelectField label="Encoding" value={w.options.encoding} onChange={(e) => setOptions({ encoding: e.target.value as 'utf-8' | 'latin1' })} options={ENCODING_OPTIONS} />
            {format === 'QIF' ? <SelectField label="QIF date order" value={w.options.dateOrder} onChange={(e) => setOptions({ dateOrder: e.target.value as 'mdy' | 'dmy' })} options={DATE_ORDER_OPTIONS} /> : null}
          </div>
        </fieldset>
      ) : null}
      {w.options.csv && w.csvColumns && w.job.status !== 'done' ? (
        <CsvMappingForm
          form={w.options.csv}
          columns={w.csvColumns}
          onChange={(csv) => setOptions({ csv })}
          disabled={busy}
          source={mappingSource}
          preset={shown?.preset ?? null}
          remembered={!w.csvTouched && shown?.mappingSource === 'remembered'}
          onUseForm={editColumns}
          note={w.csvNote}
        />
      ) : null}
      {shown && namesSeveralAccounts(shown) && w.job.status !== 'done' ? (
        <StatementAccountsStep preview={shown} accounts={accounts} sources={w.sourceAccounts} primary={account} disabled={busy} onChange={setSource} />
      ) : null}
      {/* once imported, the preview's "new" rows are not new any more: the summary replaces it */}
      {w.job.status === 'done' ? null : (
        <section className="statement-preview" aria-label="Statement preview" aria-busy={w.staging || w.preview.status === 'loading'}>
          {w.staging ? <Loading label={`Uploading ${picked?.name ?? 'the file'} to the engine…`} /> : null}
          {w.preview.status === 'loading' && !preview ? <Loading label="Reading the statement…" /> : null}
          {w.preview.status === 'error' ? (
            <ErrorMessage title="The statement could not be read">
              <p>{w.preview.error}</p>
              <p>Nothing was imported.</p>
            </ErrorMessage>
          ) : null}
          {shown ? (
            <PreviewView preview={shown} stale={w.preview.status === 'loading'}>
              {shown.rows.length || shown.errors.length ? (
                <StatementReview
                  preview={shown}
                  currency={account?.currency ?? fileCurrency ?? 'EUR'}
                  excluded={w.excluded}
                  sources={w.sourceAccounts}
                  accounts={accounts}
                  disabled={busy || w.preview.status === 'loading'}
                  onInclude={include}
                />
              ) : null}
            </PreviewView>
          ) : null}
        </section>
      )}
      {w.file && w.job.status !== 'done' ? (
        <div className="form-actions">
          <span className="muted" role="status">
            {importHint(shown, w.preview.status, blocker)}
          </span>
          <Button variant="primary" busy={w.job.status === 'running'} disabled={blocker !== null} onClick={() => void run()}>
            {shown ? `Import ${n(toImport)} ${toImport === 1 ? 'transaction' : 'transactions'}` : 'Import transactions'}
          </Button>
        </div>
      ) : null}
      <div className="import-status" role="status" aria-live="polite" aria-label="Statement import status">
        {w.job.status === 'running' ? (
          <div className="import-progress">
            <ProgressBar value={w.job.progress?.total ? Math.min(1, w.job.progress.done / w.job.progress.total) : null} label="Import progress" />
            <p>{statementProgressText(w.job.progress)}</p>
          </div>
        ) : null}
        {w.job.status === 'failed' && w.job.error ? (
          <div className="detail-section">
            <FailureNotice failure={describeFailure(w.job.error)} />
            <p className="muted">Nothing was imported: the engine imports the rows chosen all together or none of them.</p>
          </div>
        ) : null}
        {w.job.status === 'done' && w.job.summary ? (
          <StatementSummaryView
            summary={w.job.summary}
            account={account}
            accounts={accounts}
            onAnother={() => {
              setPicked(null);
              setPickerKey((k) => k + 1);
              reset();
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** Why "Import" is not possible yet, or what it will leave out. */
function importHint(preview: StatementPreview | null, status: string, blocker: ImportBlocker | null): string {
  if (status === 'loading') return 'Reading the statement…';
  if (!preview || status !== 'ready') return '';
  if (preview.new === 0 && preview.errors.length === 0) return preview.transactions ? 'Every transaction is already in the account: nothing to import.' : 'The file holds no transactions.';
  if (blocker === 'account') return 'Create the account this file needs first (above).';
  if (blocker === 'currency') return 'Choose or create an account in the file’s currency first (above).';
  if (blocker === 'mapping') return 'Map the date and amount columns first.';
  if (blocker === 'accounts') return 'Choose where each account of the file goes (or leave it out) first.';
  if (blocker === 'nothing') return preview.new === 0 ? 'No row can be imported: every readable row is already in the account.' : 'No row is chosen: include at least one.';
  const unreadable = preview.errors.length ? `${n(preview.errors.length)} unreadable ${preview.errors.length === 1 ? 'row' : 'rows'} will be left out.` : '';
  const duplicates = preview.duplicates ? `${n(preview.duplicates)} already in the account will be passed over.` : '';
  return [unreadable, duplicates].filter(Boolean).join(' ');
}

/** What happens to the rows that cannot be read, and how to get them in after all. */
function unreadableText(p: StatementPreview): string {
  const one = p.errors.length === 1;
  const what = `${n(p.errors.length)} ${one ? 'row' : 'rows'} could not be read: listed below with the reason, ${one ? 'it is' : 'they are'} left out of the import.`;
  // CSV and QIF are read with choices made here; other formats say everything themselves
  const fix =
    p.format === 'CSV' || p.format === 'QIF'
      ? `To import ${one ? 'it' : 'them'}, change how the file is read above.`
      : `To import ${one ? 'it' : 'them'}, correct the file and import it again: the rows imported now are then passed over as duplicates.`;
  return `${what} ${fix}`;
}

/** The preview's counts and what was passed over, above the review (`children`). */
function PreviewView({ preview: p, stale, children }: { preview: StatementPreview; stale: boolean; children: ReactNode }) {
  return (
    <div className={stale ? 'import-summary preview-stale' : 'import-summary'}>
      <Counts
        label="Statement counts"
        items={[
          { label: 'Format', value: p.format },
          { label: 'Transactions', value: p.transactions },
          { label: 'New', value: p.new, tone: p.new ? 'ok' : null },
          { label: 'Duplicates', value: p.duplicates, tone: p.duplicates ? 'warn' : null },
          { label: 'Unreadable', value: p.errors.length, tone: p.errors.length ? 'bad' : null },
          { label: 'Dates', value: p.firstDate ? `${formatDay(p.firstDate)} – ${formatDay(p.lastDate)}` : '—', small: true },
        ]}
      />
      {p.errors.length ? (
        <p className="review-warning" role="alert">
          {unreadableText(p)}
        </p>
      ) : null}
      <PassedOver notes={p.notes} />
      {children}
      {p.rows.length === 0 && p.errors.length === 0 ? <EmptyState title="No transactions in this file" /> : null}
    </div>
  );
}
