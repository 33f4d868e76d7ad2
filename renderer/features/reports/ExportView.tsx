/**
 * The export view: the range form (From/To household days, defaulting to last calendar
 * month, and an optional work session), the live preview of what the bundle would hold,
 * Export with its progress, then the bundle written (path and SHA-256 to copy); below, the
 * bundles exported so far, each with Verify.
 */
import { useEffect, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Report } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { Counts } from '../../ui/Counts';
import { SelectField, TextField } from '../../ui/Field';
import { formatBytes } from '../../ui/FilePicker';
import { JobProgress } from '../../ui/JobProgress';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, shortHash, shortId } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import { formatDay } from '../inventory/format';
import { reportsSelectors } from './slice';
import { exportPhaseLabel, fileName, previewItems, seqRange, sessionsInRange } from './view';

/** The export tab. */
export function ExportView() {
  return (
    <>
      <ExportCard />
      <BundleList />
    </>
  );
}

function ExportCard() {
  const store = useAppStoreApi();
  const { form, errors, valid, busy, job, setForm, exportReport, reset, role } = useAppStore(
    useShallow((s) => ({
      form: s.reportForm,
      errors: s.reportFormErrors,
      valid: reportsSelectors.formValid(s),
      busy: reportsSelectors.exportBusy(s),
      job: s.reportExport,
      setForm: s.setReportForm,
      exportReport: s.exportReport,
      reset: s.resetReportExport,
      role: governanceSelectors.currentOperator(s)?.role,
    })),
  );
  useEffect(() => {
    const s = store.getState();
    s.initReportForm(new Date());
    if (s.reportSessions.status === 'idle') void s.loadReportSessions();
    if (s.reportPreview.status === 'idle') void s.previewReport();
  }, [store]);
  const mayExport = !role || mayDispatch(role, 'reports.exportAudit');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void exportReport();
  };

  return (
    <Card title="Export an audit report">
      <form className="form" onSubmit={submit} noValidate aria-label="Export an audit report">
        <div className="form-row">
          <TextField label="From" name="from" type="date" value={form.from} onChange={(e) => setForm({ from: e.target.value })} error={errors.from} disabled={busy} />
          <TextField label="To" name="to" type="date" value={form.to} onChange={(e) => setForm({ to: e.target.value })} error={errors.to} disabled={busy} />
          <SessionPicker disabled={busy} />
        </div>
        <p className="muted">Days are household days, both included. With a session chosen, only what happened in that session between the dates.</p>
        <Preview />
        {mayExport ? (
          <div className="form-actions">
            {job.status === 'done' || job.status === 'failed' ? (
              <Button variant="ghost" onClick={reset}>
                Clear result
              </Button>
            ) : null}
            <Button type="submit" variant="primary" busy={busy} disabled={!valid}>
              Export bundle
            </Button>
          </div>
        ) : (
          <p className="muted">Your role may read the exported bundles but not export one.</p>
        )}
      </form>
      <div className="import-status" role="status" aria-live="polite" aria-label="Export status">
        <ExportStatus />
      </div>
    </Card>
  );
}

function SessionPicker({ disabled }: { disabled: boolean }) {
  const { form, sessions, setForm, timeZone, error } = useAppStore(
    useShallow((s) => ({ form: s.reportForm, sessions: s.reportSessions, setForm: s.setReportForm, timeZone: governanceSelectors.timeZone(s), error: s.reportFormErrors.sessionId })),
  );
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const listed = sessionsInRange(sessions.data ?? [], form.from, form.to, zone, form.sessionId);
  const options = [
    { value: '', label: 'Every session (all activity)' },
    ...listed.map((s) => ({ value: s.id, label: `${formatInstant(s.startedAt, timeZone)} · ${s.startedBy}${s.status === 'active' ? ' (active)' : ''}` })),
  ];
  const hint = sessions.status === 'error' ? `The sessions could not be loaded: ${sessions.error}` : sessions.status === 'loading' ? 'Loading sessions…' : undefined;
  return <SelectField label="Work session" name="sessionId" value={form.sessionId} onChange={(e) => setForm({ sessionId: e.target.value })} options={options} hint={hint} error={error} disabled={disabled} />;
}

function Preview() {
  const { preview, valid } = useAppStore(useShallow((s) => ({ preview: s.reportPreview, valid: reportsSelectors.formValid(s) })));
  let body;
  if (!valid) body = <p className="muted">Correct the dates to see what the bundle will hold.</p>;
  else if (preview.status === 'error') body = <ErrorMessage title="The preview could not be computed">{preview.error}</ErrorMessage>;
  else if (!preview.data) body = <Loading label="Counting what the range holds…" />;
  else {
    const empty = preview.data.decisions === 0 && preview.data.auditEvents === 0;
    body = (
      <>
        <Counts label="What the bundle will hold" items={previewItems(preview.data)} className="counts-plain" />
        {empty ? <p className="muted">Nothing was recorded in this range: the bundle would hold the summary only.</p> : null}
      </>
    );
  }
  return (
    <section className="detail-section" aria-label="Preview">
      <h3>What the bundle will hold</h3>
      {body}
    </section>
  );
}

function ExportStatus() {
  const { job, verify } = useAppStore(useShallow((s) => ({ job: s.reportExport, verify: s.verifyBundlePath })));
  if (job.status === 'idle') return null;
  if (job.status === 'running') return <JobProgress progress={job.progress} label="Export progress" waiting="Starting: the engine reads the range…" phaseLabel={exportPhaseLabel} />;
  if (job.status === 'failed' && job.error) {
    return (
      <div className="detail-section">
        <FailureNotice failure={describeFailure(job.error)} shownFields={['from', 'to', 'sessionId']} />
        <p className="muted">No bundle was left behind: it is written under a temporary name and kept only when complete.</p>
      </div>
    );
  }
  const report = job.report;
  return report ? <ExportResult report={report} onVerify={() => void verify(report.path)} /> : null;
}

/** The bundle just written: path and SHA-256 to copy, size, chain head, counts. */
export function ExportResult({ report, onVerify }: { report: Report; onVerify: () => void }) {
  return (
    <section className="import-summary" aria-label="Exported bundle">
      <p className="row">
        <Badge tone="ok">Bundle written</Badge>
        <span>
          {formatDay(report.from)} – {formatDay(report.to)}
          {report.sessionId ? ` · session ${shortId(report.sessionId)}` : ''}
        </span>
      </p>
      <dl className="kv">
        <dt>Path</dt>
        <dd className="copy-value">
          <code className="hash">{report.path}</code>
          <CopyButton text={report.path} label="Copy path" />
        </dd>
        <dt>SHA-256</dt>
        <dd className="copy-value">
          <code className="hash">{report.sha256}</code>
          <CopyButton text={report.sha256} label="Copy SHA-256" />
        </dd>
        <dt>Size</dt>
        <dd>{formatBytes(report.size)}</dd>
        <dt>Chain head</dt>
        <dd>{report.chainHead ? <>#{report.chainHead.seq} <code className="hash" title={report.chainHead.hash}>{shortHash(report.chainHead.hash, 16)}</code></> : 'empty chain'}</dd>
      </dl>
      <Counts label="Bundle contents" items={previewItems(report.counts)} />
      <p className="muted">The zip’s SHA-256 is the evidence the Month-end close playbook’s export step asks for.</p>
      <p>
        <Button onClick={onVerify}>Verify this bundle</Button>
      </p>
    </section>
  );
}

function BundleList() {
  const store = useAppStoreApi();
  const { list, verify, timeZone } = useAppStore(useShallow((s) => ({ list: s.reportList, verify: s.verifyBundlePath, timeZone: governanceSelectors.timeZone(s) })));
  useEffect(() => {
    const s = store.getState();
    if (s.reportList.status === 'idle') void s.loadReports();
  }, [store]);
  let body;
  if (list.status === 'error') body = <ErrorMessage title="The bundles could not be loaded">{list.error}</ErrorMessage>;
  else if (!list.data) body = <Loading label="Loading the bundles…" />;
  else if (list.data.length === 0) body = <EmptyState title="No bundles exported yet">Each bundle exported is listed here with its SHA-256, to verify it later.</EmptyState>;
  else
    body = (
      <div className="table-wrap">
        <table className="table table-scroll-min" aria-label="Exported bundles">
          <thead>
            <tr>
              <th scope="col">Exported</th>
              <th scope="col">Range</th>
              <th scope="col">By</th>
              <th scope="col">Events</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">File and SHA-256</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatInstant(r.at, timeZone)}</td>
                <td className="nowrap">
                  {formatDay(r.from)} – {formatDay(r.to)}
                  {r.sessionId ? <span className="muted"> · session {shortId(r.sessionId)}</span> : null}
                </td>
                <td>{r.by}</td>
                <td className="nowrap">{seqRange(r.counts.firstSeq, r.counts.lastSeq)}</td>
                <td className="num nowrap">{formatBytes(r.size)}</td>
                <td className="bundle-cell">
                  <span className="bundle-file" title={r.path}>
                    {fileName(r.path)}
                  </span>
                  <code className="hash muted" title={r.sha256}>
                    {shortHash(r.sha256, 16)}
                  </code>
                </td>
                <td>
                  <div className="bundle-actions">
                    <Button small onClick={() => void verify(r.path)} aria-label={`Verify ${fileName(r.path)}`}>
                      Verify
                    </Button>
                    <CopyButton text={r.sha256} label="Copy SHA-256" name={`Copy SHA-256 of ${fileName(r.path)}`} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <Card title="Exported bundles" className="card-flush">
      {body}
    </Card>
  );
}
