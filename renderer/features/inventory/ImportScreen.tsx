/**
 * Imports: a shop's sales file (UCI Online Retail layout, CSV or .csv.gz) with opening
 * stock and a date shift, shown with its progress (rows per second) and then its summary;
 * and items from any CSV with a column mapping. Files are staged with `api.stageFile`,
 * then the governed action runs in execute mode.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actionSpec } from '../../../shared/contract';
import type { ImportSummary } from '../../../shared/contract/inventory';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { ProgressBar } from '../../ui/ProgressBar';
import { Loading } from '../../ui/States';
import { shortHash } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure, issuesToFieldErrors, type FieldErrors } from '../dispatch/failure';
import { DELIMITERS, guessMapping, ITEM_FIELDS, readCsvHeader, type ItemField } from './csvHeader';
import { formatDay } from './format';
import { importSelectors, type Delimiter, type JobProgress, type OpeningChoice } from './importSlice';

/** The import screen. */
export function ImportScreen() {
  return (
    <>
      <div className="page-header">
        <h1>Import</h1>
        <p>Each import is one governed action, recorded with the file’s SHA-256; the same file twice changes nothing.</p>
      </div>
      <SalesImport />
      <ItemsImport />
    </>
  );
}

const numberFormat = new Intl.NumberFormat('en');
const n = (v: number) => numberFormat.format(v);

function SalesImport() {
  const { job, busy, importSales, reset } = useAppStore(
    useShallow((s) => ({ job: s.salesImport, busy: importSelectors.salesBusy(s), importSales: s.importSales, reset: s.resetSalesImport })),
  );
  const [file, setFile] = useState<File | null>(null);
  const [opening, setOpening] = useState<OpeningChoice['mode']>('coverDays');
  const [days, setDays] = useState('30');
  const [countFile, setCountFile] = useState<File | null>(null);
  const [shift, setShift] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!file) found.file = 'choose the sales file (CSV or .csv.gz)';
    if (opening === 'stockCount' && !countFile) found.countFile = 'choose the stock-count CSV (StockCode and quantity)';
    const daysValue = days.trim() === '' ? Number.NaN : Number(days);
    const openingParams = opening === 'coverDays' ? { mode: 'coverDays' as const, days: daysValue } : opening === 'none' ? { mode: 'none' as const } : { mode: 'stockCount' as const, fileSha256: '0'.repeat(64) };
    // The contract's rule for the days, before anything is uploaded (the file ids come later).
    const check = actionSpec('inventory.importSales').input.safeParse({ fileSha256: '0'.repeat(64), opening: openingParams, shiftToToday: shift });
    if (!check.success) Object.assign(found, issuesToFieldErrors(check.error.issues));
    setErrors(found);
    if (Object.keys(found).length || !file) return;
    const choice: OpeningChoice = opening === 'coverDays' ? { mode: 'coverDays', days: daysValue } : opening === 'stockCount' && countFile ? { mode: 'stockCount', file: countFile } : { mode: 'none' };
    void importSales({ file, opening: choice, shiftToToday: shift });
  };

  return (
    <Card title="Sales history (shop file)">
      <form className="form" onSubmit={submit} noValidate aria-label="Import sales">
        <p className="muted">
          A shop’s sales lines in the UCI Online Retail layout (<code>InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country</code>), as CSV or gzip. Stock
          codes become items; sales, returns, stock corrections and damage become journal entries, so every item gets a forecast from its history.
        </p>
        <FilePicker label="Sales file" file={file} onFile={setFile} accept=".csv,.gz,.csv.gz,text/csv,application/gzip" error={errors.file} disabled={busy} />
        <fieldset className="fieldset" disabled={busy}>
          <legend>Opening stock</legend>
          <label className="check">
            <input type="radio" name="opening" value="coverDays" checked={opening === 'coverDays'} onChange={() => setOpening('coverDays')} />
            Enough to cover
            <input
              className="inline-number"
              aria-label="Days of demand to cover"
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              onFocus={() => setOpening('coverDays')}
              aria-invalid={errors['opening.days'] ? true : undefined}
            />
            days of average demand at the end of the history
          </label>
          {errors['opening.days'] ? <p className="field-error">Days: {errors['opening.days']}</p> : null}
          <label className="check">
            <input type="radio" name="opening" value="stockCount" checked={opening === 'stockCount'} onChange={() => setOpening('stockCount')} />
            From a stock-count CSV
          </label>
          {opening === 'stockCount' ? <FilePicker label="Stock-count file" file={countFile} onFile={setCountFile} accept=".csv,.gz,text/csv" error={errors.countFile} hint="A CSV with the header StockCode,Quantity: what was on hand at the end of the history. Items not in it end at zero." /> : null}
          <label className="check">
            <input type="radio" name="opening" value="none" checked={opening === 'none'} onChange={() => setOpening('none')} />
            None (on-hand starts at zero)
          </label>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={shift} onChange={(e) => setShift(e.target.checked)} disabled={busy} />
          Shift dates so the history ends today (for a demo with an old file)
        </label>
        <div className="form-actions">
          {job.status === 'done' || job.status === 'failed' ? (
            <Button onClick={reset} variant="ghost">
              Clear result
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={busy}>
            Import sales
          </Button>
        </div>
      </form>
      <div className="import-status" role="status" aria-live="polite" aria-label="Sales import status">
        <SalesJobStatus />
      </div>
    </Card>
  );
}

function SalesJobStatus() {
  const job = useAppStore((s) => s.salesImport);
  const navigate = useAppStore((s) => s.navigate);
  if (job.status === 'idle') return null;
  if (job.status === 'staging') return <Loading label={`Uploading ${job.fileName ?? 'the file'} to the engine…`} />;
  if (job.status === 'running') return <SalesProgress progress={job.progress} startedAt={job.startedAt} />;
  if (job.status === 'failed' && job.error) {
    const failure = describeFailure(job.error);
    return (
      <div className="detail-section">
        {/* the engine's message names the row and field already */}
        <FailureNotice failure={failure} shownFields={Object.keys(failure.fieldErrors)} />
        <p className="muted">Nothing was imported: an import is written whole or not at all.</p>
      </div>
    );
  }
  return job.summary ? <ImportSummaryView summary={job.summary} fileName={job.fileName} onOpen={() => navigate('inventory')} /> : null;
}

/** Seconds since `startedAt`, ticking while mounted. */
function useElapsed(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return startedAt === null ? 0 : Math.max(0, (now - startedAt) / 1000);
}

function SalesProgress({ progress, startedAt }: { progress: JobProgress | null; startedAt: number | null }) {
  const elapsed = useElapsed(startedAt);
  const fraction = importSelectors.fraction(progress);
  const reading = progress !== null && (fraction === null || fraction < 1);
  let text: string;
  if (!progress) text = 'Starting: the engine opens the file…';
  else if (reading) text = `Reading rows: ${n(progress.done)}${progress.total !== null ? ` of about ${n(progress.total)}` : ''} · ${n(progress.ratePerSecond)} ${progress.unit}/s`;
  else text = `Read ${n(progress.done)} ${progress.unit} at ${n(progress.ratePerSecond)} ${progress.unit}/s; writing items and the stock journal…`;
  return (
    <div className="import-progress">
      <ProgressBar value={reading ? fraction : null} label="Import progress" />
      <p>
        {text} <span className="muted">· {elapsed.toFixed(0)} s</span>
      </p>
    </div>
  );
}

/** What an import did, from its summary. */
export function ImportSummaryView({ summary, fileName, onOpen }: { summary: ImportSummary; fileName: string | null; onOpen?: () => void }) {
  const s = summary;
  return (
    <section className="import-summary" aria-label="Import summary">
      <p className="row">
        {s.alreadyImported ? <Badge tone="info">Already imported — nothing changed</Badge> : <Badge tone="ok">Imported</Badge>}
        <span>
          {fileName ?? 'The file'} <span className="hash muted" title={s.fileSha256}>
            SHA-256 {shortHash(s.fileSha256, 16)}
          </span>
        </span>
      </p>
      {s.alreadyImported ? <p className="muted">This file was imported before; below is what that import did.</p> : null}
      <div className="import-counts">
        <div className="detail-section">
          <h3>Read and written</h3>
          <Counts
            label="Import counts"
            items={[
              { label: 'Rows read', value: s.rows },
              { label: 'Items created', value: s.itemsCreated },
              { label: 'Items updated', value: s.itemsUpdated },
              { label: 'Entries', value: s.entries },
            ]}
          />
        </div>
        <div className="detail-section">
          <h3>Entries by kind</h3>
          <Counts
            label="Entries by kind"
            items={[
              { label: 'Sales', value: s.sales },
              { label: 'Returns', value: s.returns },
              { label: 'Adjustments', value: s.adjustments },
              { label: 'Spoilage', value: s.spoilage },
              { label: 'Opening', value: s.openingEntries },
            ]}
          />
        </div>
      </div>
      <dl className="kv">
        <dt>History</dt>
        <dd>
          {formatDay(s.firstDay)} – {formatDay(s.lastDay)}
        </dd>
        <dt>Date shift</dt>
        <dd>{s.shiftDays === 0 ? 'none' : `${n(s.shiftDays)} days, so the history ends today`}</dd>
        <dt>Took</dt>
        <dd>{s.seconds.toFixed(1)} s</dd>
      </dl>
      <div className="grid grid-2">
        <div className="detail-section">
          <h3>Skipped rows</h3>
          {s.skipped.length === 0 ? (
            <p className="muted">None</p>
          ) : (
            <table className="table" aria-label="Skipped rows">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col">Examples</th>
                </tr>
              </thead>
              <tbody>
                {s.skipped.map((k) => (
                  <tr key={k.reason}>
                    <td>{k.reason}</td>
                    <td className="num">{n(k.count)}</td>
                    <td className="examples">{k.examples.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="detail-section">
          <h3>Exact duplicates</h3>
          <p>
            <strong>{n(s.duplicates.count)}</strong> {s.duplicates.count === 1 ? 'row repeats' : 'rows repeat'} an earlier row exactly and {s.duplicates.count === 1 ? 'was' : 'were'} left out.
          </p>
          {s.duplicates.examples.length ? (
            <ul className="examples" aria-label="Duplicate examples">
              {s.duplicates.examples.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {onOpen ? (
        <p>
          <Button variant="primary" onClick={onOpen}>
            Open the inventory
          </Button>
        </p>
      ) : null}
    </section>
  );
}

const DELIMITER_LABELS: Record<Delimiter, string> = { ',': 'Comma ,', ';': 'Semicolon ;', '\t': 'Tab', '|': 'Pipe |' };

function ItemsImport() {
  const { job, importItems, reset } = useAppStore(useShallow((s) => ({ job: s.itemsImport, importItems: s.importItems, reset: s.resetItemsImport })));
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [delimiter, setDelimiter] = useState<Delimiter>(',');
  const [mapping, setMapping] = useState<Partial<Record<ItemField, string>>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const busy = job.status === 'staging' || job.status === 'running';

  const choose = async (picked: File | null) => {
    setFile(picked);
    setErrors({});
    reset();
    if (!picked) {
      setColumns([]);
      return;
    }
    try {
      const header = await readCsvHeader(picked);
      setColumns(header.columns);
      setDelimiter(header.delimiter);
      setMapping(guessMapping(header.columns));
    } catch (err) {
      setColumns([]);
      setErrors({ file: `the file could not be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!file) found.file = 'choose a CSV file';
    const chosen = Object.fromEntries(Object.entries(mapping).filter(([, column]) => column)) as Partial<Record<ItemField, string>>;
    const check = actionSpec('inventory.importItems').input.safeParse({ fileSha256: '0'.repeat(64), delimiter, mapping: chosen });
    if (!check.success) {
      for (const [path, message] of Object.entries(issuesToFieldErrors(check.error.issues))) found[path] = path === 'mapping.name' ? 'choose the column with the item names' : message;
    }
    setErrors(found);
    if (Object.keys(found).length || !file) return;
    void importItems({ file, delimiter, mapping: chosen as { name: string } & typeof chosen });
  };

  const options = [{ value: '', label: '— not imported —' }, ...columns.map((c) => ({ value: c, label: c }))];
  return (
    <Card title="Items (CSV with column mapping)">
      <form className="form" onSubmit={submit} noValidate aria-label="Import items">
        <p className="muted">Any CSV with one item per line. Items with a SKU that already exists are updated, the others created.</p>
        <div className="form-row form-row-top">
          <FilePicker label="Items file" file={file} onFile={(f) => void choose(f)} accept=".csv,.txt,text/csv" error={errors.file} disabled={busy} />
          <SelectField label="Delimiter" value={delimiter} onChange={(e) => setDelimiter(e.target.value as Delimiter)} options={DELIMITERS.map((d) => ({ value: d, label: DELIMITER_LABELS[d] }))} error={errors.delimiter} disabled={busy} />
        </div>
        {columns.length ? (
          <fieldset className="fieldset" disabled={busy}>
            <legend>Columns</legend>
            <div className="mapping">
              {ITEM_FIELDS.map((f) => (
                <SelectField
                  key={f.key}
                  label={f.required ? `${f.label} (required)` : f.label}
                  value={mapping[f.key] ?? ''}
                  onChange={(e) => setMapping({ ...mapping, [f.key]: e.target.value })}
                  options={options}
                  error={errors[`mapping.${f.key}`]}
                />
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!file}>
            Import items
          </Button>
        </div>
      </form>
      <div className="import-status" role="status" aria-live="polite" aria-label="Items import status">
        {job.status === 'staging' || job.status === 'running' ? <Loading label={`Importing ${job.fileName ?? 'the file'}…`} /> : null}
        {job.status === 'failed' && job.error ? (
          <div className="detail-section">
            <FailureNotice failure={describeFailure(job.error)} />
            <p className="muted">Nothing was imported.</p>
          </div>
        ) : null}
        {job.status === 'done' && job.result ? (
          <p className="row">
            <Badge tone="ok">Imported</Badge> {job.fileName}: {n(job.result.rows)} rows · {n(job.result.created)} created · {n(job.result.updated)} updated
          </p>
        ) : null}
      </div>
    </Card>
  );
}
