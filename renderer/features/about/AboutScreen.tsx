/**
 * The About route: this installation's signing key (`installation.key`). Its fingerprint
 * is printed in every report and checked in every bundle and backup, so an operator can
 * compare the two by eye; the public key PEM can be copied to verify signatures elsewhere.
 */
import { useEffect } from 'react';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { aboutSelectors, fingerprintGroups } from './slice';

/** The about screen. */
export function AboutScreen() {
  const store = useAppStoreApi();
  const key = useAppStore((s) => s.installationKey);
  useEffect(() => {
    void store.getState().loadInstallationKey();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>About</h1>
        <p>Valhalla Console: an offline operator console. Everything stays on this machine.</p>
      </div>
      <Card title="Installation key">
        {key.status === 'error' ? (
          <ErrorMessage title="The installation key could not be read">{key.error}</ErrorMessage>
        ) : !key.data ? (
          <Loading label="Reading the installation key…" />
        ) : (
          <div className="form">
            <p className="muted">Signs the audit chain’s anchors, every report bundle’s manifest and every backup. Reports print its fingerprint; compare it with the one below.</p>
            <dl className="kv">
              <dt>Algorithm</dt>
              <dd>{key.data.algorithm}</dd>
              <dt>Fingerprint</dt>
              <dd>
                {/* groups wrap as a whole: eight to a line where there is room */}
                <code className="fingerprint fingerprint-block">
                  {fingerprintGroups(key.data.fingerprint).map((group, i) => (
                    <span key={i}>{group} </span>
                  ))}
                </code>
                <CopyButton text={key.data.fingerprint} label="Copy fingerprint" />
              </dd>
              <dt>Private key</dt>
              <dd>{aboutSelectors.storageText(key.data.storage)}</dd>
            </dl>
            <div className="detail-section">
              <h3>Public key (PEM)</h3>
              <pre className="json pem" tabIndex={0}>
                {key.data.publicKeyPem.trim()}
              </pre>
              <p>
                <CopyButton text={key.data.publicKeyPem} label="Copy public key" />
              </p>
            </div>
          </div>
        )}
      </Card>
    </>
  );
}
