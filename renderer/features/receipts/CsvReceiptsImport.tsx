/**
 * Receipts from a CSV file: pick it, map its columns (prefilled from the header names),
 * see the receipts it gives and every row that cannot be read, then import
 * (`receipts.previewCsv`, then `receipts.importCsv`). Nothing is imported before the
 * operator confirms; each row can be left out, and unreadable rows are left out (the
 * decision names every row left out).
 */
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CSV_DATE_FORMATS, type ApiError, type QueryOutput, type ReceiptCsvMapping } from '../../../shared/contract';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField, TextField } from '../../ui/Field';
import { FilePicker } from '../../ui/FilePicker';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { formatDay } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { ReceiptTotal } from './ReceiptTotal';

type Preview = QueryOutput<'receipts.previewCsv'>;
type Summary = { rows: number; imported: number; needsAttention: number; alreadyImported: number; skipped: number };
type Field = 'vendor' | 'date' | 'total' | 'currency' | 'tax' | 'category' | 'paymentMethod' | 'notes' | 'tags';

const FIELDS: { key: Field; label: string; required?: boolean }[] = [
  { key: 'vendor', label: 'Vendor', required: true },
  { key: 'date', label: 'Date', required: true },
  { key: 'total', label: 'Total', required: true },
  { key: 'currency', label: 'Currency' },
  { key: 'tax', label: 'Tax' },
  { key: 'category', label: 'Category' },
  { key: 'paymentMethod', label: 'Payment method' },
  { key: 'notes', label: 'Notes' },
  { key: 'tags', label: 'Tags' },
];
const DATE_FORMAT_OPTIONS = CSV_DATE_FORMATS.map((f) => ({ value: f, label: f.replace(/y/g, 'Y').replace(/d/g, 'D') }));
const DECIMAL_OPTIONS = [
  { value: '.', label: 'Point (1,234.56)' },
  { value: ',', label: 'Comma (1.234,56)' },
];
const ENCODING_OPTIONS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'latin1', label: 'Latin-1 (Windows-1252)' },
];
const n = (v: number) => v.toLocaleString('en');

/**
 * The `rows` to send: none when every row is read and none is left out (the whole file);
 * otherwise the preview's rows not left out and not already imported, plus every row after
 * the last one the preview lists (the preview carries the first 500: what the operator never
 * saw is imported, not silently dropped). Unreadable rows are never sent.
 */
export function rowsToImport(preview: Preview, excluded: ReadonlySet<number>): number[] | undefined {
  if (excluded.size === 0 && preview.errors.length === 0) return undefined;
  const shown = preview.rows.filter((r) => !r.alreadyImported && !excluded.has(r.row)).map((r) => r.row);
  const bad = new Set(preview.errors.map((e) => e.row));
  const lastShown = Math.max(0, ...preview.rows.map((r) => r.row));
  const total = preview.rowCount + preview.errors.length;
  const unseen: number[] = [];
  for (let row = lastShown + 1; row <= total; row += 1) if (!bad.has(row)) unseen.push(row);
  return [...shown, ...unseen];
}

export function CsvReceiptsImport() {
  const { stage, preview: runPreview, execute, householdCurrency } = useAppStore(
    useShallow((s) => ({ stage: s.stageReceiptFile, preview: s.previewReceiptsCsv, execute: s.execute, householdCurrency: inventorySelectors.currency(s) })),
  );
  const [file, setFile] = useState<File | null>(null);
  const [sha256, setSha256] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'latin1'>('utf-8');
  const [currency, setCurrency] = useState(householdCurrency);
  const [mapping, setMapping] = useState<ReceiptCsvMapping | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());

  const read = useCallback(
    async (sha: string, m: ReceiptCsvMapping | null) => {
      const result = await runPreview({ fileSha256: sha, encoding, currency, ...(m ? { mapping: m } : {}) });
      if (!result.ok) {
        setError(result.error);
        setPreview(null);
        return;
      }
      setError(null);
      setPreview(result.value);
      if (!m && result.value.mapping) setMapping(result.value.mapping);
    },
    [runPreview, encoding, currency],
  );

  const pick = async (picked: File | null) => {
    setFile(picked);
    setSha256(null);
    setPreview(null);
    setMapping(null);
    setSummary(null);
    setExcluded(new Set());
    setError(null);
    if (!picked) return;
    setBusy(true);
    const staged = await stage(picked);
    setBusy(false);
    if (!staged.ok) {
      setError(staged.error);
      return;
    }
    setSha256(staged.value.sha256);
  };

  // Read again whenever the file, the mapping or how it is read changes.
  useEffect(() => {
    if (sha256) void read(sha256, mapping);
  }, [sha256, mapping, read]);

  const setField = (key: Field, column: string) => {
    if (!mapping) return;
    const next = { ...mapping };
    if (column) next[key] = column;
    else if (key !== 'vendor' && key !== 'date' && key !== 'total') delete next[key];
    setMapping(next);
  };

  const importNow = async () => {
    if (!sha256 || !mapping || !preview) return;
    setBusy(true);
    const rows = rowsToImport(preview, excluded);
    const result = await execute('receipts.importCsv', { fileSha256: sha256, fileName: file?.name, encoding, currency, mapping, ...(rows ? { rows } : {}) }, { announceFailure: false });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else {
      setSummary(result.value.result);
      if (sha256) void read(sha256, mapping);
    }
  };

  const fresh = preview ? preview.rows.filter((r) => !r.alreadyImported).length : 0;
  const chosen = preview ? preview.rows.filter((r) => !r.alreadyImported && !excluded.has(r.row)).length + Math.max(0, preview.rowCount - preview.rows.length) : 0;
  const toggle = (row: number, include: boolean) => {
    const next = new Set(excluded);
    if (include) next.delete(row);
    else next.add(row);
    setExcluded(next);
  };
  const options = [{ value: '', label: '— not mapped —' }, ...(preview?.columns ?? []).map((c) => ({ value: c, label: c }))];
  return (
    <Card title="Import receipts from a CSV file">
      <div className="form" role="region" aria-label="Import receipts from CSV">
        <p className="muted">One receipt per row. Map the columns, check the preview, then import. A row without vendor, date or total goes to the triage inbox; importing the same file again adds nothing.</p>
        <div className="row">
          <FilePicker label="Receipts CSV" file={file} onFile={(f) => void pick(f)} accept=".csv,.txt,text/csv" disabled={busy} />
          <SelectField label="Encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as 'utf-8' | 'latin1')} options={ENCODING_OPTIONS} />
          <TextField label="Currency (when the file has none)" value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value.toUpperCase())} className="inline-number" />
        </div>
        {error ? <FailureNotice failure={describeFailure(error)} /> : null}
        {preview && mapping ? (
          <fieldset className="fieldset" aria-label="CSV columns">
            <legend>CSV columns</legend>
            <div className="mapping">
              {FIELDS.map((f) => (
                <SelectField key={f.key} label={f.required ? `${f.label} *` : f.label} value={mapping[f.key] ?? ''} onChange={(e) => setField(f.key, e.target.value)} options={f.required ? options.slice(1) : options} />
              ))}
              <SelectField label="Date format" value={mapping.dateFormat} onChange={(e) => setMapping({ ...mapping, dateFormat: e.target.value as ReceiptCsvMapping['dateFormat'] })} options={DATE_FORMAT_OPTIONS} />
              <SelectField label="Decimal separator" value={mapping.decimal} onChange={(e) => setMapping({ ...mapping, decimal: e.target.value as '.' | ',' })} options={DECIMAL_OPTIONS} />
            </div>
          </fieldset>
        ) : preview && !mapping ? (
          <p role="alert" className="field-error">
            No vendor, date and total columns were recognised among: {preview.columns.join(', ')}. Rename the header or pick another file.
          </p>
        ) : null}
        {preview && mapping ? (
          <section aria-label="Receipts CSV preview" className="detail-section">
            <Counts
              label="Receipts CSV counts"
              items={[
                { label: 'Receipts', value: preview.rowCount },
                { label: 'New', value: fresh },
                { label: 'Errors', value: preview.errors.length },
              ]}
            />
            {preview.errors.length ? (
              <ul className="row-errors" aria-label="Rows that cannot be read">
                {preview.errors.slice(0, 50).map((e) => (
                  <li key={e.row}>{e.message}</li>
                ))}
              </ul>
            ) : null}
            <div className="table-wrap">
              <table className="table" aria-label="Receipts in the file">
                <thead>
                  <tr>
                    <th scope="col">Import</th>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">Date</th>
                    <th scope="col">Vendor</th>
                    <th scope="col">Category</th>
                    <th scope="col" className="num">
                      Total
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, 100).map((r) => (
                    <tr key={r.row}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={r.alreadyImported ? `Row ${r.row}: already imported` : `Row ${r.row}: import`}
                          checked={!r.alreadyImported && !excluded.has(r.row)}
                          disabled={r.alreadyImported || busy}
                          onChange={(e) => toggle(r.row, e.target.checked)}
                        />
                      </td>
                      <td className="num">{r.row}</td>
                      <td>{r.date ? formatDay(r.date) : <span className="muted">no date</span>}</td>
                      <td>{r.vendor ?? <span className="muted">no vendor</span>}</td>
                      <td>{r.category ?? '—'}</td>
                      <td className="num">
                        <ReceiptTotal totalMinor={r.totalMinor} currency={r.currency} />
                      </td>
                      <td>{r.alreadyImported ? <Badge>Already imported</Badge> : r.vendor && r.date && r.totalMinor !== null ? <Badge tone="ok">New</Badge> : <Badge tone="warn">Needs attention</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions">
              <span className="muted" aria-live="polite">
                {n(chosen)} of {n(fresh + Math.max(0, preview.rowCount - preview.rows.length))} new rows will be imported
                {preview.errors.length ? `; the ${n(preview.errors.length)} that cannot be read are left out (fix the mapping to read them)` : ''}.
              </span>
              <Button variant="primary" busy={busy} disabled={chosen === 0} onClick={() => void importNow()}>
                Import {n(chosen)} receipt{chosen === 1 ? '' : 's'}
              </Button>
            </div>
          </section>
        ) : null}
        {summary ? (
          <p role="status" aria-label="Receipts CSV import summary">
            <Badge tone="ok">Imported</Badge> {n(summary.imported)} receipts, {n(summary.needsAttention)} needing attention, {n(summary.alreadyImported)} already imported
            {summary.skipped ? `, ${n(summary.skipped)} rows left out` : ''}.
          </p>
        ) : null}
      </div>
    </Card>
  );
}
