/**
 * The bank statement import wizard: choose the account, pick or drop the file, see the
 * engine's preview (format, counts, rows marked new or duplicate, per-row errors), adjust
 * how the file is read (encoding, QIF date order, CSV columns) — every change previews
 * again — then import with progress and see what was added.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Account } from '../../../shared/contract';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { ProgressBar } from '../../ui/ProgressBar';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { formatDay } from '../inventory/format';
import { AddAccountDialog } from './AccountDialogs';
import { CsvMappingForm } from './CsvMappingForm';
import { NoAccounts } from './AccountsView';
import { statementSelectors, type StatementPreview, type StatementSummary } from './statementSlice';
import { amountClass, formatSignedMoney, STATEMENT_ACCEPT, statementProgressText } from './view';

const n = (v: number) => v.toLocaleString('en');

const ENCODING_OPTIONS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'latin1', label: 'Latin-1 (Windows-1252)' },
];
const DATE_ORDER_OPTIONS = [
  { value: 'mdy', label: 'Month first (MM/DD/YY, Quicken)' },
  { value: 'dmy', label: 'Day first (DD/MM/YY)' },
];

/** The import wizard, or the ledger's empty state while there is no account to import into. */
export function StatementImport() {
  const [adding, setAdding] = useState(false);
  const accounts = useAppStore((s) => s.accounts);
  let body;
  if (accounts.status === 'error') body = <ErrorMessage title="The accounts could not be loaded">{accounts.error}</ErrorMessage>;
  else if (!accounts.data) body = <Loading label="Loading accounts…" />;
  else if (accounts.data.length === 0) body = <NoAccounts onAdd={() => setAdding(true)} />;
  else body = <Wizard accounts={accounts.data} />;
  return (
    <Card title="Import a bank statement">
      {body}
      <AddAccountDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

function Wizard({ accounts }: { accounts: Account[] }) {
  const { w, busy, canImport, selectedAccountId, setAccount, choose, setOptions, run, reset } = useAppStore(
    useShallow((s) => ({
      w: s.statementImport,
      busy: statementSelectors.busy(s),
      canImport: statementSelectors.canImport(s),
      selectedAccountId: s.selectedAccountId,
      setAccount: s.setStatementAccount,
      choose: s.chooseStatementFile,
      setOptions: s.setStatementOptions,
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
  const onFile = (file: File | null) => {
    setPicked(file);
    void choose(file);
  };
  return (
    <div className="form statement-wizard">
      <div className="form-row form-row-top">
        <SelectField label="Account" value={w.accountId ?? ''} onChange={(e) => setAccount(e.target.value)} options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.currency})` }))} disabled={busy} />
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
      {w.file && w.job.status !== 'done' && (format === 'CSV' || format === 'QIF' || w.options.csv || w.preview.status === 'error') ? (
        <fieldset className="fieldset" disabled={busy} aria-label="Reading">
          <legend>Reading</legend>
          <div className="mapping">
            <SelectField label="Encoding" value={w.options.encoding} onChange={(e) => setOptions({ encoding: e.target.value as 'utf-8' | 'latin1' })} options={ENCODING_OPTIONS} />
            {format === 'QIF' ? <SelectField label="QIF date order" value={w.options.dateOrder} onChange={(e) => setOptions({ dateOrder: e.target.value as 'mdy' | 'dmy' })} options={DATE_ORDER_OPTIONS} /> : null}
          </div>
        </fieldset>
      ) : null}
      {w.options.csv && w.csvColumns && w.job.status !== 'done' ? <CsvMappingForm form={w.options.csv} columns={w.csvColumns} onChange={(csv) => setOptions({ csv })} disabled={busy} /> : null}
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
          {preview && w.preview.status !== 'error' ? <PreviewView preview={preview} currency={account?.currency ?? 'EUR'} stale={w.preview.status === 'loading'} /> : null}
        </section>
      )}
      {w.file && w.job.status !== 'done' ? (
        <div className="form-actions">
          <span className="muted" role="status">
            {importHint(preview, w.preview.status, canImport)}
          </span>
          <Button variant="primary" busy={w.job.status === 'running'} disabled={!canImport} onClick={() => void run()}>
            {preview ? `Import ${n(preview.new)} ${preview.new === 1 ? 'transaction' : 'transactions'}` : 'Import transactions'}
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
            <p className="muted">Nothing was imported: a statement is imported whole or not at all.</p>
          </div>
        ) : null}
        {w.job.status === 'done' && w.job.summary ? (
          <SummaryView
            summary={w.job.summary}
            account={account}
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

/** Why "Import" is not possible yet, or what it will do. */
function importHint(preview: StatementPreview | null, status: string, canImport: boolean): string {
  if (status === 'loading') return 'Reading the statement…';
  if (!preview || status !== 'ready') return '';
  if (preview.errors.length) return `Fix the ${n(preview.errors.length)} unreadable ${preview.errors.length === 1 ? 'row' : 'rows'} first: a statement with errors imports nothing.`;
  if (preview.new === 0) return preview.transactions ? 'Every transaction is already in the account: nothing to import.' : 'The file holds no transactions.';
  if (!canImport) return 'Map the date and amount columns first.';
  return preview.duplicates ? `${n(preview.duplicates)} already in the account will be left out.` : '';
}

function PreviewView({ preview, currency, stale }: { preview: StatementPreview; currency: string; stale: boolean }) {
  const p = preview;
  // only QIF files carry categories: no empty column for the other formats
  const hasCategories = p.rows.some((r) => r.category !== null);
  return (
    <div className={stale ? 'import-summary preview-stale' : 'import-summary'}>
      <Counts
        label="Statement counts"
        items={[
          { label: 'Format', value: p.format },
          { label: 'Transactions', value: p.transactions },
          { label: 'New', value: p.new, tone: p.new ? 'ok' : null },
          { label: 'Duplicates', value: p.duplicates, tone: p.duplicates ? 'warn' : null },
          { label: 'Errors', value: p.errors.length, tone: p.errors.length ? 'bad' : null },
          { label: 'Dates', value: p.firstDate ? `${formatDay(p.firstDate)} – ${formatDay(p.lastDate)}` : '—', small: true },
        ]}
      />
      {p.errors.length ? (
        <ErrorMessage title={`${n(p.errors.length)} ${p.errors.length === 1 ? 'row' : 'rows'} could not be read`}>
          <ul aria-label="Row errors" className="row-errors">
            {p.errors.map((e) => (
              <li key={`${e.row}:${e.message}`}>
                <strong>Row {e.row}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </ErrorMessage>
      ) : null}
      {p.rows.length ? (
        <div className="preview-scroll">
          <table className="table" aria-label="Statement rows">
            {p.transactions > p.rows.length ? (
              <caption>
                The first {n(p.rows.length)} of {n(p.transactions)} transactions
              </caption>
            ) : null}
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Date</th>
                <th scope="col">Payee</th>
                <th scope="col">Memo</th>
                {hasCategories ? <th scope="col">Category</th> : null}
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.row} className={r.duplicate ? 'row-duplicate' : undefined}>
                  <td className="num muted">{r.row}</td>
                  <td className="nowrap">{formatDay(r.date)}</td>
                  <td>{r.payee ?? <span className="muted">—</span>}</td>
                  <td className="muted">{r.memo ?? ''}</td>
                  {hasCategories ? <td>{r.category ?? ''}</td> : null}
                  <td className={['num', 'nowrap', amountClass(r.amountMinor)].filter(Boolean).join(' ')}>{formatSignedMoney(r.amountMinor, currency)}</td>
                  <td>{r.duplicate ? <Badge tone="warn">Duplicate</Badge> : <Badge tone="ok">New</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : p.errors.length === 0 ? (
        <EmptyState title="No transactions in this file" />
      ) : null}
    </div>
  );
}

function SummaryView({ summary, account, onAnother }: { summary: StatementSummary; account: Account | null; onAnother: () => void }) {
  const { setTab, select } = useAppStore(useShallow((s) => ({ setTab: s.setLedgerTab, select: s.selectAccount })));
  return (
    <section className="import-summary" aria-label="Statement import summary">
      <p className="row">
        {summary.added === 0 ? <Badge tone="info">Already imported — nothing changed</Badge> : <Badge tone="ok">Imported</Badge>}
        <span>
          {summary.format} statement into <strong>{account?.name ?? 'the account'}</strong>
          {summary.firstDate ? ` · ${formatDay(summary.firstDate)} – ${formatDay(summary.lastDate)}` : ''}
        </span>
      </p>
      <Counts
        label="Statement import counts"
        items={[
          { label: 'Transactions', value: summary.transactions },
          { label: 'Added', value: summary.added, tone: 'ok' },
          { label: 'Duplicates', value: summary.duplicates },
        ]}
      />
      <p className="row">
        <Button
          variant="primary"
          onClick={() => {
            if (account) select(account.id);
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
