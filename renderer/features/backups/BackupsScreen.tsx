/**
 * The Backups route: the backup folder (`backup.configure`), "Back up now" (`backup.run`,
 * with progress), the last backup's age against the health threshold, the retention, the
 * history with "Restore…" per backup, and a restore from a typed path.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, mayQuery, queries, type BackupStatus } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { TextField } from '../../ui/Field';
import { formatBytes } from '../../ui/FilePicker';
import { JobProgress } from '../../ui/JobProgress';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure, issuesToFieldErrors } from '../dispatch/failure';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { RestoreDialog } from './RestoreDialog';
import { backupsSelectors } from './slice';
import { ageText, backupPhaseLabel, freshnessView, headText, KIND_LABELS } from './view';

/** The backups screen. */
export function BackupsScreen() {
  const store = useAppStoreApi();
  const status = useAppStore((s) => s.backupStatus);
  useEffect(() => {
    void store.getState().loadBackupStatus();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Backups</h1>
        <p>The database, the anchors file and the stored files in one signed zip, verified after writing and rotated.</p>
      </div>
      {status.status === 'error' ? (
        <ErrorMessage title="The backup status could not be loaded">{status.error}</ErrorMessage>
      ) : !status.data ? (
        <Loading label="Loading the backups…" />
      ) : (
        <>
          <div className="grid grid-2">
            <FolderCard status={status.data} />
            <LastBackupCard status={status.data} />
          </div>
          <HistoryCard status={status.data} />
          <RestoreFromPath />
        </>
      )}
      <RestoreDialog />
    </>
  );
}

function useRole() {
  return useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
}

function FolderCard({ status }: { status: BackupStatus }) {
  const role = useRole();
  const [folder, setFolder] = useState(status.folder ?? '');
  const form = useActionForm('backup.configure', (d) => setFolder(d.result.folder));
  const mayConfigure = !role || mayDispatch(role, 'backup.configure');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ folder });
  };
  return (
    <Card title="Backup folder">
      {mayConfigure ? (
        <form className="form" onSubmit={submit} noValidate aria-label="Choose the backup folder">
          <TextField
            label="Folder"
            name="folder"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            error={form.fieldErrors.folder}
            hint="A folder on the engine’s machine; it is checked to be writable. The daily backup job writes here."
            placeholder="/media/backup/valhalla"
            autoComplete="off"
            spellCheck={false}
          />
          <FailureNotice failure={form.failure} shownFields={['folder']} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={form.busy} disabled={folder.trim() === (status.folder ?? '')}>
              Save folder
            </Button>
          </div>
        </form>
      ) : (
        <dl className="kv">
          <dt>Folder</dt>
          <dd className="hash">{status.folder ?? 'not chosen yet'}</dd>
        </dl>
      )}
    </Card>
  );
}

function LastBackupCard({ status }: { status: BackupStatus }) {
  const role = useRole();
  const { job, busy, run, reset, timeZone } = useAppStore(
    useShallow((s) => ({ job: s.backupRun, busy: backupsSelectors.runBusy(s), run: s.runBackup, reset: s.resetBackupRun, timeZone: governanceSelectors.timeZone(s) })),
  );
  const mayRun = !role || mayDispatch(role, 'backup.run');
  const freshness = backupsSelectors.freshness(status);
  const badge = freshnessView(freshness, status.staleAfterDays);
  const { last, retention } = status;
  return (
    <Card
      title="Last backup"
      actions={
        mayRun ? (
          <Button variant="primary" small busy={busy} disabled={!status.folder} title={status.folder ? undefined : 'Choose a backup folder first'} onClick={() => void run()}>
            Back up now
          </Button>
        ) : null
      }
    >
      <div className="form">
        <p className="row">
          <Badge tone={badge.tone}>{badge.label}</Badge>
          {last && status.ageDays !== null ? <span>{ageText(status.ageDays)}</span> : null}
        </p>
        {freshness === 'stale' ? (
          <p className="field-error">Health turns yellow when the last verified backup is older than {status.staleAfterDays} days: back up now.</p>
        ) : freshness === 'unconfigured' ? (
          <p className="muted">Choose a folder to back up to; the daily job and “Back up now” write there.</p>
        ) : null}
        <dl className="kv">
          <dt>Last verified</dt>
          <dd>{last ? formatInstant(last.at, timeZone) : '—'}</dd>
          {last ? (
            <>
              <dt>File</dt>
              <dd className="hash">{last.path}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(last.size)}</dd>
              <dt>Chain head</dt>
              <dd>{headText(last.chainHead)}</dd>
            </>
          ) : null}
          <dt>Retention</dt>
          <dd>
            the newest backup of each of the last {retention.daily} days, {retention.weekly} weeks and {retention.monthly} months
          </dd>
        </dl>
        <div className="import-status" role="status" aria-live="polite" aria-label="Backup status">
          {job.status === 'running' ? <JobProgress progress={job.progress} label="Backup progress" waiting="Starting the backup…" phaseLabel={backupPhaseLabel} /> : null}
          {job.status === 'failed' && job.error ? (
            <div className="detail-section">
              <FailureNotice failure={describeFailure(job.error)} />
              <p className="muted">No backup file was kept.</p>
            </div>
          ) : null}
          {job.status === 'done' && job.result ? (
            <div className="detail-section">
              <p className="row">
                <Badge tone="ok">Backed up and verified</Badge> {formatBytes(job.result.size)} · chain head {headText(job.result.chainHead)}
              </p>
              <p className="copy-value">
                <code className="hash">{job.result.path}</code>
                <CopyButton text={job.result.path} label="Copy path" />
              </p>
              {job.result.rotatedOut.length > 0 ? (
                <p className="muted">
                  Rotation removed {job.result.rotatedOut.length} older {job.result.rotatedOut.length === 1 ? 'backup' : 'backups'}.
                </p>
              ) : null}
              <p>
                <Button small variant="ghost" onClick={reset}>
                  Clear result
                </Button>
              </p>
            </div>
          ) : null}
        </div>
      </div>
    </Card>
  );
}

function HistoryCard({ status }: { status: BackupStatus }) {
  const role = useRole();
  const { openRestore, timeZone } = useAppStore(useShallow((s) => ({ openRestore: s.openRestore, timeZone: governanceSelectors.timeZone(s) })));
  const mayRestore = !role || (mayDispatch(role, 'backup.restore') && mayQuery(role, 'backup.inspect'));
  return (
    <Card title="History" className="card-flush">
      {status.history.length === 0 ? (
        <EmptyState title="No backups yet">{status.folder ? 'Back up now, or wait for the daily job.' : 'Choose a backup folder, then back up.'}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-scroll-min" aria-label="Backup history">
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Kind</th>
                <th scope="col">By</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Chain head
                </th>
                <th scope="col">Verified</th>
                <th scope="col">Removed</th>
                {mayRestore ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {status.history.map((b) => (
                <tr key={b.id} className={b.removedAt ? 'row-removed' : undefined}>
                  <td className="nowrap" title={b.path}>
                    {formatInstant(b.at, timeZone)}
                  </td>
                  <td>{KIND_LABELS[b.kind]}</td>
                  <td>{b.by}</td>
                  <td className="num nowrap">{formatBytes(b.size)}</td>
                  <td className="num" title={b.chainHead ? b.chainHead.hash : undefined}>
                    {headText(b.chainHead)}
                  </td>
                  <td>{b.verified ? <Badge tone="ok">Verified</Badge> : <Badge tone="bad">Not verified</Badge>}</td>
                  <td>{b.removedAt ? `by rotation, ${formatInstant(b.removedAt, timeZone)}` : '—'}</td>
                  {mayRestore ? (
                    <td>
                      {b.removedAt ? null : (
                        <Button small onClick={() => void openRestore(b.path)} aria-label={`Restore… the backup of ${formatInstant(b.at, timeZone)}`}>
                          Restore…
                        </Button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RestoreFromPath() {
  const role = useRole();
  const openRestore = useAppStore((s) => s.openRestore);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  if (role && !(mayDispatch(role, 'backup.restore') && mayQuery(role, 'backup.inspect'))) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = queries['backup.inspect'].input.safeParse({ path });
    if (!check.success) {
      setError(issuesToFieldErrors(check.error.issues).path);
      return;
    }
    setError(undefined);
    void openRestore(check.data.path);
  };
  return (
    <Card title="Restore from a file">
      <form className="form" onSubmit={submit} noValidate aria-label="Restore from a file">
        <TextField
          label="Backup file"
          name="path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          error={error}
          hint="A Valhalla backup zip on the engine’s machine, e.g. one copied from another disk. It is read and shown before anything changes."
          placeholder="/media/backup/valhalla/valhalla-backup_….zip"
          autoComplete="off"
          spellCheck={false}
        />
        <div className="form-actions">
          <Button type="submit">Restore from file…</Button>
        </div>
      </form>
    </Card>
  );
}
