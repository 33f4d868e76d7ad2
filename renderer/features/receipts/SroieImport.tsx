/**
 * SROIE import: pick the key (.json) and OCR (.csv) files — a folder or many files — stage
 * each with a running count, dispatch `receipts.importSroie`, and show the summary.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ProgressBar } from '../../ui/ProgressBar';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { receiptsSelectors } from './slice';
import { missingLabel } from './view';

const n = (v: number) => v.toLocaleString('en');

export function SroieImport() {
  const { job, busy, run, reset, setTab } = useAppStore(
    useShallow((s) => ({ job: s.sroieImport, busy: receiptsSelectors.sroieBusy(s), run: s.importSroie, reset: s.resetSroieImport, setTab: s.setReceiptsTab })),
  );
  const [files, setFiles] = useState<File[]>([]);
  const [currency, setCurrency] = useState('MYR');
  const pick = (list: FileList | null) => setFiles(list ? [...list].filter((f) => /\.(json|csv)$/i.test(f.name)) : []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(files, currency.trim().toUpperCase() || 'MYR');
  };
  const keys = files.filter((f) => /\.json$/i.test(f.name)).length;
  return (
    <Card title="Import SROIE receipts">
      <form className="form" onSubmit={submit} noValidate aria-label="Import SROIE receipts">
        <p className="muted">
          Per receipt a key file (<code>NNN.json</code>: company, date, address, total) and its OCR lines (<code>NNN.csv</code>), matched by name. Pick the folder, or select the files. Importing the same
          receipts again adds nothing.
        </p>
        <div className="row">
          <label className="field">
            SROIE files
            <input type="file" multiple accept=".json,.csv" disabled={busy} onChange={(e) => pick(e.target.files)} />
          </label>
          <label className="field">
            Or a folder
            <input type="file" disabled={busy} onChange={(e) => pick(e.target.files)} {...{ webkitdirectory: '', directory: '' }} />
          </label>
          <label className="field">
            Currency
            <input value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} className="inline-number" disabled={busy} />
          </label>
        </div>
        <p role="status">{files.length ? `${n(files.length)} files picked: ${n(keys)} key files, ${n(files.length - keys)} OCR files` : 'No files picked'}</p>
        <div className="form-actions">
          {job.status === 'done' || job.status === 'failed' ? (
            <Button variant="ghost" onClick={reset}>
              Clear result
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={busy} disabled={files.length === 0}>
            Import receipts
          </Button>
        </div>
      </form>
      <div className="import-status" role="status" aria-live="polite" aria-label="SROIE import status">
        {job.status === 'staging' ? (
          <div className="import-progress">
            <ProgressBar value={job.total ? job.staged / job.total : null} label="Upload progress" />
            <p>
              Uploading files: {n(job.staged)} of {n(job.total)}
            </p>
          </div>
        ) : null}
        {job.status === 'running' ? (
          <div className="import-progress">
            <ProgressBar value={job.progress?.total ? Math.min(1, job.progress.done / job.progress.total) : null} label="Import progress" />
            <p>{job.progress ? `Reading: ${n(job.progress.done)}${job.progress.total !== null ? ` of ${n(job.progress.total)}` : ''} ${job.progress.unit}` : 'The engine reads the receipts…'}</p>
          </div>
        ) : null}
        {job.status === 'failed' && job.error ? <FailureNotice failure={describeFailure(job.error)} /> : null}
        {job.status === 'done' && job.summary ? (
          <section className="import-summary" aria-label="Receipt import summary">
            <p className="row">
              {job.summary.imported === 0 && job.summary.alreadyImported > 0 ? <Badge tone="info">Already imported — nothing changed</Badge> : <Badge tone="ok">Imported</Badge>}
            </p>
            <Counts
              label="Receipt import counts"
              items={[
                { label: 'Files', value: job.summary.files },
                { label: 'Imported', value: job.summary.imported },
                { label: 'Needing attention', value: job.summary.needsAttention },
                { label: 'Already imported', value: job.summary.alreadyImported },
              ]}
            />
            <div className="grid grid-2">
              <div className="detail-section">
                <h3>Problems</h3>
                {job.summary.problems.length ? (
                  <ul aria-label="Problems per file">
                    {job.summary.problems.map((p) => (
                      <li key={p.file}>
                        <code>{p.file}</code>: {p.reason}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">None</p>
                )}
              </div>
              <div className="detail-section">
                <h3>Incomplete</h3>
                {job.summary.incomplete.length ? (
                  <ul aria-label="Incomplete per file">
                    {job.summary.incomplete.map((p) => (
                      <li key={p.file}>
                        <code>{p.file}</code>: {p.missing.map(missingLabel).join(', ')}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">None</p>
                )}
              </div>
            </div>
            <p className="row">
              <Button variant="primary" onClick={() => setTab('list')}>
                Open the receipts
              </Button>
              <Button onClick={() => setTab('triage')}>Open the triage inbox</Button>
            </p>
          </section>
        ) : null}
      </div>
    </Card>
  );
}
