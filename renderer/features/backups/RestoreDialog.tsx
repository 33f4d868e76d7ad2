/**
 * The restore dialog: what the backup file holds (`backup.inspect`: created at, schema,
 * counts, chain head, signature), a reason, and `backup.restore`, which backs up the
 * current state before replacing it; then what was restored (heads and counts before and
 * after). Open while the store's `restore.path` is set.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BackupPreview } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Counts } from '../../ui/Counts';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/Field';
import { formatBytes } from '../../ui/FilePicker';
import { JobProgress } from '../../ui/JobProgress';
import { ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, shortHash } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import { backupsSelectors, type RestoreResult } from './slice';
import { backupPhaseLabel, COUNT_LABELS, countRows, headText } from './view';

/** The restore dialog, shown while a restore is open in the store. */
export function RestoreDialog() {
  const { path, close } = useAppStore(useShallow((s) => ({ path: s.restore.path, close: s.closeRestore })));
  return (
    <Dialog open={path !== null} onClose={close} title="Restore a backup" wide>
      {path !== null ? <RestoreBody key={path} /> : null}
    </Dialog>
  );
}

function RestoreBody() {
  const { restore, busy, close, restoreBackup } = useAppStore(
    useShallow((s) => ({ restore: s.restore, busy: backupsSelectors.restoreBusy(s), close: s.closeRestore, restoreBackup: s.restoreBackup })),
  );
  const [reason, setReason] = useState('');
  const { preview } = restore;

  if (restore.status === 'done' && restore.result) {
    return (
      <>
        <RestoreOutcome result={restore.result} />
        <div className="form-actions">
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        </div>
      </>
    );
  }
  if (preview.status === 'error') {
    return (
      <>
        <ErrorMessage title="This file cannot be restored">
          <p>{preview.error}</p>
        </ErrorMessage>
        <p className="muted hash">{restore.path}</p>
        <div className="form-actions">
          <Button onClick={close}>Back</Button>
        </div>
      </>
    );
  }
  if (!preview.data) return <Loading label="Reading the backup file…" />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void restoreBackup(reason);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Restore this backup">
      <BackupPreviewView preview={preview.data} />
      <p className="step-effect" role="note">
        Restoring replaces all the data — decisions, audit log, items, receipts, ledger, stored files — with the backup’s. The current state is backed up first (listed as “Before a
        restore”), so it can be restored in turn.
      </p>
      <TextField
        label="Reason"
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={restore.fieldErrors.reason}
        hint="Recorded with the decision and in the audit log."
        autoFocus
        autoComplete="off"
        maxLength={500}
        disabled={busy}
      />
      {restore.error ? <FailureNotice failure={describeFailure(restore.error)} shownFields={['reason']} /> : null}
      <div role="status" aria-live="polite" aria-label="Restore status">
        {busy ? <JobProgress progress={restore.progress} label="Restore progress" waiting="Reading the backup and backing up the current state…" phaseLabel={backupPhaseLabel} /> : null}
      </div>
      <div className="form-actions">
        <Button onClick={close} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" className="btn-solid" busy={busy}>
          Restore this backup
        </Button>
      </div>
    </form>
  );
}

/** What a backup file holds, read before restoring it. */
export function BackupPreviewView({ preview }: { preview: BackupPreview }) {
  const timeZone = useAppStore(governanceSelectors.timeZone);
  const sig = preview.signature;
  return (
    <section className="detail-section" aria-label="The backup">
      <dl className="kv">
        <dt>File</dt>
        <dd className="hash">{preview.path}</dd>
        <dt>Created</dt>
        <dd>{formatInstant(preview.createdAt, timeZone)}</dd>
        <dt>Written by</dt>
        <dd>Valhalla Console {preview.appVersion} · database schema {preview.schemaVersion}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(preview.size)}</dd>
        <dt>Chain head</dt>
        <dd>{preview.chainHead ? <>#{preview.chainHead.seq} <code className="hash" title={preview.chainHead.hash}>{shortHash(preview.chainHead.hash, 16)}</code></> : 'empty chain'}</dd>
        <dt>Signature</dt>
        <dd className="row">
          <Badge tone={sig.valid ? 'ok' : 'bad'}>{sig.valid ? 'Valid' : 'Not valid'}</Badge>
          {sig.sameInstallation ? <Badge tone="ok">This installation</Badge> : <Badge tone="warn">Another installation</Badge>}
        </dd>
        <dt>Signed by</dt>
        <dd className="fingerprint">{sig.fingerprint}</dd>
      </dl>
      <Counts className="counts-plain" label="What the backup holds" items={(Object.keys(COUNT_LABELS) as (keyof typeof COUNT_LABELS)[]).map((k) => ({ label: COUNT_LABELS[k], value: preview.counts[k] }))} />
    </section>
  );
}

/** What a restore did: where from, the safety copy, heads and counts before and after. */
export function RestoreOutcome({ result }: { result: RestoreResult }) {
  const rows = countRows(result.before.counts, result.after.counts);
  return (
    <section className="import-summary" aria-label="Restore result">
      <p className="row">
        <Badge tone="ok">Restored</Badge>
        <span className="hash">{result.restoredFrom}</span>
      </p>
      <dl className="kv">
        <dt>Safety copy</dt>
        <dd className="copy-value">
          <code className="hash">{result.preRestoreBackup}</code>
          <CopyButton text={result.preRestoreBackup} label="Copy path" />
        </dd>
      </dl>
      <div className="table-wrap">
        <table className="table table-rowheads" aria-label="Before and after the restore">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Figure</span>
              </th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Chain head</th>
              <td className="num">{headText(result.before.chainHead)}</td>
              <td className="num">{headText(result.after.chainHead)}</td>
            </tr>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.before.toLocaleString('en')}</td>
                <td className="num">{r.after.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
