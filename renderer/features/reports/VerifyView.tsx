/**
 * The verify view: a bundle zip picked (staged into the engine's store, then
 * `reports.verify { fileSha256 }`) or given by its path on the engine's machine, and the
 * verdict: Intact, Tampered or Not a bundle, the signature, every file against the
 * manifest, and the problems found (file, row, event sequence, message).
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { queries, type BundleVerification } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { TextField } from '../../ui/Field';
import { FilePicker, formatBytes } from '../../ui/FilePicker';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { shortHash, shortId } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { issuesToFieldErrors } from '../dispatch/failure';
import { formatDay } from '../inventory/format';
import type { BundleSource } from './slice';
import { verificationView } from './view';

/** The verify tab. */
export function VerifyView() {
  return (
    <>
      <VerifyForm />
      <div role="status" aria-live="polite" aria-label="Verification status">
        <VerificationResult />
      </div>
    </>
  );
}

function VerifyForm() {
  const { check, verifyFile, verifyPath, setTab } = useAppStore(
    useShallow((s) => ({ check: s.bundleCheck, verifyFile: s.verifyBundleFile, verifyPath: s.verifyBundlePath, setTab: s.setReportsTab })),
  );
  const [file, setFile] = useState<File | null>(null);
  const [path, setPath] = useState('');
  const [pathError, setPathError] = useState<string | undefined>(undefined);
  const [againstDatabase, setAgainstDatabase] = useState(true);
  const busy = check.staging || check.result.status === 'loading';

  const pick = (picked: File | null) => {
    setFile(picked);
    void verifyFile(picked, againstDatabase);
  };
  const submitPath = (e: FormEvent) => {
    e.preventDefault();
    const parsed = queries['reports.verify'].input.safeParse({ path, againstDatabase });
    if (!parsed.success) {
      setPathError(issuesToFieldErrors(parsed.error.issues).path ?? parsed.error.issues[0]?.message);
      return;
    }
    setPathError(undefined);
    void verifyPath(path.trim(), againstDatabase);
  };

  return (
    <Card title="Verify a bundle">
      <div className="form">
        <p className="muted">
          Checks the manifest’s signature, every file against the SHA-256 the manifest gives it, and every audit event’s hash. A bundle exported here can also be verified from
          the{' '}
          <button type="button" className="link" onClick={() => setTab('export')}>
            list of exported bundles
          </button>
          .
        </p>
        <label className="check">
          <input type="checkbox" checked={againstDatabase} onChange={(e) => setAgainstDatabase(e.target.checked)} disabled={busy} />
          Also compare each event with this database’s audit chain
        </label>
        <FilePicker label="Bundle file (.zip)" file={file} onFile={pick} accept=".zip,application/zip" disabled={busy} hint="The zip is copied into the engine’s file store and checked there; it is not changed." />
        <form className="form-row" onSubmit={submitPath} noValidate aria-label="Verify a bundle by path">
          <TextField
            label="Or its path on the engine’s machine"
            name="path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            error={pathError}
            placeholder="/home/astrid/valhalla/reports/audit-report_….zip"
            autoComplete="off"
            spellCheck={false}
          />
          <Button type="submit" busy={busy}>
            Verify path
          </Button>
        </form>
      </div>
    </Card>
  );
}

function sourceText(source: BundleSource | null): string {
  if (!source) return '—';
  return source.kind === 'path' ? source.path : `${source.name} (picked file)`;
}

function VerificationResult() {
  const check = useAppStore((s) => s.bundleCheck);
  const { result } = check;
  if (result.status === 'idle') return <EmptyState title="No bundle checked yet">Pick a bundle zip, or press Verify beside an exported bundle.</EmptyState>;
  if (check.staging) return <Loading label={`Uploading ${check.source?.kind === 'file' ? check.source.name : 'the file'} to the engine…`} />;
  if (result.status === 'loading' || !result.data) {
    return result.status === 'error' ? <ErrorMessage title="The bundle could not be checked">{result.error}</ErrorMessage> : <Loading label="Verifying the bundle…" />;
  }
  return <VerificationReport v={result.data} source={check.source} />;
}

/** A bundle's verification, verdict first. */
export function VerificationReport({ v, source }: { v: BundleVerification; source: BundleSource | null }) {
  const verdict = verificationView(v.status);
  const sig = v.signature;
  return (
    <Card title="Verification">
      <div className={`verdict verdict-${verdict.tone}`} role={v.status === 'intact' ? undefined : 'alert'}>
        <p className="verdict-title">{verdict.label}</p>
        <p>{v.message}</p>
      </div>
      <dl className="kv verdict-facts">
        <dt>Bundle</dt>
        <dd className="hash">{sourceText(source)}</dd>
        <dt>Range</dt>
        <dd>{v.range ? `${formatDay(v.range.from)} – ${formatDay(v.range.to)}${v.range.sessionId ? ` · session ${shortId(v.range.sessionId)}` : ''}` : '—'}</dd>
        <dt>Chain head</dt>
        <dd>{v.chainHead ? <>#{v.chainHead.seq} <code className="hash" title={v.chainHead.hash}>{shortHash(v.chainHead.hash, 16)}</code></> : '—'}</dd>
        <dt>Events checked</dt>
        <dd>
          {v.eventsChecked.toLocaleString('en')}
          {v.againstDatabase ? ', also against this database’s chain' : ', by their own hashes only'}
        </dd>
        <dt>Signature</dt>
        <dd className="row">
          <Badge tone={sig.valid ? 'ok' : 'bad'}>{sig.valid ? 'Valid' : 'Not valid'}</Badge>
          {sig.sameInstallation === null ? null : sig.sameInstallation ? <Badge tone="ok">This installation</Badge> : <Badge tone="warn">Another installation</Badge>}
        </dd>
        <dt>Signed by</dt>
        <dd className="fingerprint">{sig.fingerprint ?? '—'}</dd>
      </dl>
      {v.files.length > 0 ? (
        <div className="detail-section verify-files">
          <h3>Files</h3>
          <div className="table-wrap">
            <table className="table" aria-label="Files in the bundle">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {v.files.map((f) => (
                  <tr key={f.name}>
                    <td className="hash">{f.name}</td>
                    <td className="num nowrap">{formatBytes(f.size)}</td>
                    <td>{f.ok ? <Badge tone="ok">OK</Badge> : <Badge tone="bad">Changed</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <div className="detail-section verify-problems">
        <h3>Problems</h3>
        {v.problems.length === 0 ? (
          <p className="muted">None found.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Problems found">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col" className="num">
                    Event seq
                  </th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {v.problems.map((p, i) => (
                  <tr key={`${p.file}-${p.row ?? ''}-${p.seq ?? ''}-${i}`}>
                    <td className="hash">{p.file}</td>
                    <td className="num">{p.row ?? '—'}</td>
                    <td className="num">{p.seq === null ? '—' : `#${p.seq}`}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {v.moreProblems > 0 ? <p className="muted">…and {v.moreProblems.toLocaleString('en')} more not listed.</p> : null}
      </div>
    </Card>
  );
}
