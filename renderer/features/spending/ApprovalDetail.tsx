/**
 * One approval (`approvals.get`): title, reason, what it binds (action, target, params,
 * amount ceiling, params hash), status, expiry, who decided it and when, with what note,
 * whether it was self-approved, the decision that used it, and every decision that
 * touched it — each a link to the decisions explorer.
 */
import { useShallow } from 'zustand/react/shallow';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort, prettyJson } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { statusTone } from '../governance/tones';
import { inventorySelectors } from '../inventory/slice';
import type { Approval } from '../../../shared/contract';
import { approvalsSelectors } from './approvalsSlice';
import type { Decision } from './DecideDialog';
import { approvalStatusTone, formatAge, formatExpiry, money } from './format';
import { RiskBadge } from './RiskBadge';
import { useNow } from './useNow';

/** The detail panel of the selected approval; `onDecide` absent when the operator may not decide. */
export function ApprovalDetailPanel({ onDecide }: { onDecide: ((approval: Approval, decision: Decision) => void) | undefined }) {
  const { selectedId, detail, select, openDecision, openPurchase, currency, timeZone, operatorId } = useAppStore(
    useShallow((s) => ({
      selectedId: s.selectedApprovalId,
      detail: s.approvalDetail,
      select: s.selectApproval,
      openDecision: s.openDecision,
      openPurchase: s.openPurchase,
      currency: inventorySelectors.currency(s),
      timeZone: governanceSelectors.timeZone(s),
      operatorId: governanceSelectors.currentOperator(s)?.id,
    })),
  );
  const now = useNow();
  if (!selectedId) {
    return (
      <Card title="Approval details">
        <EmptyState title="No approval selected">Choose one in the inbox (↑ ↓) to see what it binds and who decided it.</EmptyState>
      </Card>
    );
  }
  const close = (
    <Button small variant="ghost" onClick={() => void select(null)} aria-label="Close approval details">
      Close
    </Button>
  );
  if (!detail.data) {
    return (
      <Card title="Approval details" actions={close}>
        {detail.status === 'error' ? <ErrorMessage title="The approval could not be loaded">{detail.error}</ErrorMessage> : <Loading />}
      </Card>
    );
  }
  const a = detail.data;
  const decidable = approvalsSelectors.decidable(a, now);
  const own = approvalsSelectors.isOwnRequest(a, operatorId);
  return (
    <Card title={`Approval: ${a.title}`} actions={close}>
      <div className="detail-section">
        <div className="row">
          <Badge tone={approvalStatusTone(a.status)}>{a.status}</Badge>
          <RiskBadge bucket={a.riskBucket} />
          <strong className="detail-amount">{money(a.amountCeilingMinor, currency)}</strong>
          <span className="muted">{a.category ?? 'no category'}</span>
        </div>
        {decidable && onDecide ? (
          <div className="row">
            <Button variant="primary" small onClick={() => onDecide(a, 'approve')}>
              Approve… <kbd>A</kbd>
            </Button>
            <Button variant="danger" small onClick={() => onDecide(a, 'deny')}>
              Deny… <kbd>D</kbd>
            </Button>
          </div>
        ) : null}
        {decidable && own ? <p className="muted">You requested this: separation of duties asks another operator to decide it.</p> : null}
        <dl className="kv" aria-label="Approval summary">
          <dt>Reason</dt>
          <dd>{a.reason ?? '—'}</dd>
          <dt>Requested</dt>
          <dd>
            by {a.requestedBy}, {formatInstant(a.requestedAt, timeZone)} ({formatAge(a.requestedAt, now)} ago)
          </dd>
          <dt>Expires</dt>
          <dd>
            {formatInstant(a.expiresAt, timeZone)}
            {a.status === 'pending' ? ` (${formatExpiry(a.expiresAt, now)})` : ''}
          </dd>
          <dt>Band</dt>
          <dd>
            {a.band} · {BAND_NAMES[a.band]}
          </dd>
          <dt>Decided</dt>
          <dd>{a.decidedAt ? `by ${a.decidedBy ?? 'system'}, ${formatInstant(a.decidedAt, timeZone)}` : 'not yet'}</dd>
          <dt>Decision note</dt>
          <dd>{a.decisionNote ?? '—'}</dd>
          <dt>Self-approved</dt>
          <dd>{a.selfApproved ? 'yes (owner, single-operator mode)' : 'no'}</dd>
          <dt>Used</dt>
          <dd>
            {a.usedAt && a.usedByDecisionId ? (
              <>
                {formatInstant(a.usedAt, timeZone)} by{' '}
                <button type="button" className="link" onClick={() => void openDecision(a.usedByDecisionId ?? '')}>
                  decision …{a.usedByDecisionId.slice(-8)}
                </button>
              </>
            ) : (
              'not yet'
            )}
          </dd>
        </dl>
      </div>
      <div className="detail-section">
        <h3>What it binds</h3>
        <dl className="kv" aria-label="Binding">
          <dt>Action</dt>
          <dd>
            <code>{a.action}</code>
          </dd>
          <dt>Target</dt>
          <dd>
            {a.action === 'purchases.execute' ? (
              <button type="button" className="link" onClick={() => openPurchase(a.target)}>
                Purchase request …{a.target.slice(-8)}
              </button>
            ) : (
              <span className="hash">{a.target}</span>
            )}
          </dd>
          <dt>Amount ceiling</dt>
          <dd>{money(a.amountCeilingMinor, currency)}</dd>
          <dt>Params hash</dt>
          <dd className="hash">{a.paramsSha256}</dd>
        </dl>
        <pre className="json" aria-label="Bound params">
          {prettyJson(a.params)}
        </pre>
      </div>
      <div className="detail-section">
        <h3>Decisions</h3>
        {a.decisions.length === 0 ? (
          <p className="muted">No decision recorded yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Decision history">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Action</th>
                  <th scope="col">Operator</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {a.decisions.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap" title={formatInstant(d.at, timeZone)}>
                      {formatInstantShort(d.at, timeZone, now)}
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => void openDecision(d.id)} aria-label={`Open decision ${d.action} at ${formatInstant(d.at, timeZone)}`}>
                        {d.action}
                      </button>
                      {d.reason ? <div className="muted cell-note">{d.reason}</div> : null}
                    </td>
                    <td>{d.operatorName ?? 'system'}</td>
                    <td>
                      <Badge tone={statusTone(d.status)}>{d.status}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  );
}
