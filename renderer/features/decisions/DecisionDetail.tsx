/** The detail panel of one decision (`decisions.get`): status, gates, params and hashes. */
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, prettyJson } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { GateTable } from '../governance/GateTable';
import { statusTone } from '../governance/tones';

/** Shows the selected decision, or an empty state. */
export function DecisionDetail() {
  const { selectedId, detail, select, timeZone } = useAppStore(
    useShallow((s) => ({ selectedId: s.selectedDecisionId, detail: s.decisionDetail, select: s.selectDecision, timeZone: governanceSelectors.timeZone(s) })),
  );
  const close = (
    <Button small variant="ghost" onClick={() => void select(null)} aria-label="Close decision details">
      Close
    </Button>
  );
  if (!selectedId) {
    return (
      <Card title="Decision details">
        <EmptyState title="No decision selected">Open one from the list to see its gate verdicts, params and hashes.</EmptyState>
      </Card>
    );
  }
  if (!detail.data) {
    return (
      <Card title="Decision details" actions={close}>
        {detail.status === 'error' ? <ErrorMessage title="The decision could not be loaded">{detail.error}</ErrorMessage> : <Loading />}
      </Card>
    );
  }
  const d = detail.data;
  return (
    <Card title={`Decision: ${d.action}`} actions={close}>
      <div className="detail-section">
        <dl className="kv" aria-label="Decision summary">
          <dt>Status</dt>
          <dd>
            <Badge tone={statusTone(d.status)}>{d.status}</Badge>
          </dd>
          <dt>Time</dt>
          <dd>{formatInstant(d.at, timeZone)}</dd>
          <dt>Operator</dt>
          <dd>{d.operatorName ?? 'system'}</dd>
          <dt>Mode</dt>
          <dd>{d.mode}</dd>
          <dt>Reason</dt>
          <dd>{d.reason ?? '—'}</dd>
          {d.errorCode ? (
            <>
              <dt>Error code</dt>
              <dd>
                <code>{d.errorCode}</code>
              </dd>
            </>
          ) : null}
          <dt>Risk bucket</dt>
          <dd>{d.riskBucket ?? '—'}</dd>
          <dt>Session</dt>
          <dd>{d.sessionId ?? 'none'}</dd>
          <dt>Id</dt>
          <dd className="hash">{d.id}</dd>
        </dl>
      </div>
      <div className="detail-section">
        <h3>Gate verdicts</h3>
        {d.gates.length === 0 ? (
          <p className="muted">No gate ran (the action was refused before the gates).</p>
        ) : (
          <GateTable gates={d.gates} label="Gate verdicts" />
        )}
      </div>
      <div className="detail-section">
        <h3>Params</h3>
        <pre className="json">{prettyJson(d.params)}</pre>
        <dl className="kv">
          <dt>paramsSha256</dt>
          <dd className="hash">{d.paramsSha256}</dd>
          <dt>resultSha256</dt>
          <dd className="hash">{d.resultSha256 ?? '—'}</dd>
        </dl>
      </div>
      {d.result !== undefined && d.result !== null ? (
        <div className="detail-section">
          <h3>Result</h3>
          <pre className="json">{prettyJson(d.result)}</pre>
        </div>
      ) : null}
    </Card>
  );
}
