/**
 * The audit log: events newest first with before → after values, paged by sequence
 * number, and "Verify chain" (`audit.verify`) recomputing every hash and comparing the
 * head with its latest anchor.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AnchorCheck } from '../../../shared/contract';
import { ACTION_NAMES } from '../../../shared/contract/names';
import { Badge } from '../../ui/Badge';
import { TableWrap } from '../../ui/TableWrap';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, shortId } from '../../ui/format';
import { ListFooter } from '../../ui/ListFooter';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { operatorsSelectors } from '../operators/slice';
import { auditSelectors } from './slice';
import { ChangeCell } from './ChangeCell';

/** The audit log screen. */
export function AuditScreen() {
  const { loadAudit, loadOperators } = useAppStore(useShallow((s) => ({ loadAudit: s.loadAudit, loadOperators: s.loadOperators })));
  useEffect(() => {
    void loadAudit();
    void loadOperators();
  }, [loadAudit, loadOperators]);
  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <p>Append-only and hash-chained: every state change with its before and after values.</p>
      </div>
      <VerifyCard />
      <Card title="Events" className="card-flush" actions={<ActionFilter />}>
        <AuditTable />
      </Card>
    </>
  );
}

function VerifyCard() {
  const { verification, verify, timeZone } = useAppStore(useShallow((s) => ({ verification: s.verification, verify: s.verifyChain, timeZone: governanceSelectors.timeZone(s) })));
  const v = verification.data;
  return (
    <Card
      title="Chain verification"
      actions={
        <Button variant="primary" small busy={verification.status === 'loading'} onClick={() => void verify()}>
          Verify chain
        </Button>
      }
    >
      <div role="status" aria-live="polite" className="verify-result">
        {verification.status === 'idle' ? <p className="muted">Recompute every event’s hash from the first to the head, then compare the chain with its latest anchor.</p> : null}
        {verification.status === 'loading' ? <Loading label="Verifying…" /> : null}
        {verification.status === 'error' ? <ErrorMessage title="Verification could not run">{verification.error}</ErrorMessage> : null}
        {v ? (
          <>
            <p className="row">
              <Badge tone={v.ok && v.anchor.status !== 'tampered' ? 'ok' : 'bad'}>{!v.ok ? 'Chain broken' : v.anchor.status === 'tampered' ? 'Hashes link up, but the anchor disagrees' : 'Chain intact'}</Badge>
              <span>
                {v.checked} {v.checked === 1 ? 'event' : 'events'} checked
                {v.ok ? '' : v.firstBadSeq !== null ? `; first bad event is #${v.firstBadSeq}` : ''}
              </span>
            </p>
            <dl className="kv">
              <dt>Head seq</dt>
              <dd>{v.head ? v.head.seq : '—'}</dd>
              <dt>Head hash</dt>
              <dd className="hash">{v.head ? v.head.hash : '—'}</dd>
            </dl>
            <AnchorResult check={v.anchor} timeZone={timeZone} />
          </>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * The chain compared with its latest anchor (a head recorded outside the database): the
 * verdict, the engine's message, and the anchor compared with. Tampering is an error.
 */
function AnchorResult({ check, timeZone }: { check: AnchorCheck; timeZone: string | undefined }) {
  const view = auditSelectors.anchorView(check.status);
  const anchor = check.anchor;
  return (
    <section className="detail-section anchor-check" aria-label="Anchor check">
      <h3>Anchor</h3>
      <p className="row">
        <Badge tone={view.tone}>{view.label}</Badge>
      </p>
      {check.status === 'tampered' ? (
        <ErrorMessage title="The chain does not match its anchor">
          <p>{check.message}</p>
        </ErrorMessage>
      ) : (
        <p>{check.message}</p>
      )}
      {anchor ? (
        <dl className="kv">
          <dt>Anchored seq</dt>
          <dd>#{anchor.seq}</dd>
          <dt>Anchored at</dt>
          <dd>{formatInstant(anchor.at, timeZone)}</dd>
          <dt>Source</dt>
          <dd>
            {check.source ?? '—'} <span className="muted">({ANCHOR_KINDS[anchor.kind]})</span>
          </dd>
          <dt>Anchored hash</dt>
          <dd className="hash">{anchor.hash}</dd>
        </dl>
      ) : null}
      {check.gaps.length > 0 ? (
        <div className="detail-section">
          <p className="muted">The anchors file was started again {check.gaps.length === 1 ? 'once' : `${check.gaps.length} times`} (it had gone missing):</p>
          <ul className="plain-list">
            {check.gaps.map((g) => (
              <li key={`${g.seq}-${g.at}`}>
                {formatInstant(g.at, timeZone)} at #{g.seq}
                {g.note ? ` — ${g.note}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

const ANCHOR_KINDS: Record<NonNullable<AnchorCheck['anchor']>['kind'], string> = {
  head: 'a chain head',
  begin: 'the file’s start',
  gap: 'a restart of the file',
  restore: 'a restore',
  backup: 'a backup',
  report: 'a report bundle',
};

/** Every domain (`receipts`) followed by its actions, for the action filter. */
const ACTION_OPTIONS = [
  { value: '', label: 'All actions' },
  ...[...new Set(ACTION_NAMES.map((a) => a.split('.')[0] ?? a))].sort().flatMap((domain) => [
    { value: domain, label: `${domain}.* (every ${domain} action)` },
    ...ACTION_NAMES.filter((a) => a.startsWith(`${domain}.`))
      .sort()
      .map((a) => ({ value: a, label: `\u2003${a}` })),
  ]),
];

/** Narrows the audit log to one action or one domain's actions. */
function ActionFilter() {
  const { action, setAction } = useAppStore(useShallow((s) => ({ action: s.auditAction, setAction: s.setAuditAction })));
  return <SelectField label="Action" value={action ?? ''} onChange={(e) => void setAction(e.target.value || null)} options={ACTION_OPTIONS} />;
}

function AuditTable() {
  const { list, canLoadMore, loadMore, timeZone, operators, filtered } = useAppStore(
    useShallow((s) => ({
      list: s.auditList,
      canLoadMore: auditSelectors.canLoadMore(s),
      loadMore: s.loadMoreAudit,
      timeZone: governanceSelectors.timeZone(s),
      operators: operatorsSelectors.list(s),
      filtered: s.auditAction !== null,
    })),
  );
  if (list.status === 'idle' || list.status === 'loading') return <Loading label="Loading the audit log…" />;
  if (list.status === 'error') return <ErrorMessage title="The audit log could not be loaded">{list.error}</ErrorMessage>;
  if (list.items.length === 0) {
    return filtered ? (
      <EmptyState title="No audit events of this action">Choose “All actions” to see every event.</EmptyState>
    ) : (
      <EmptyState title="No audit events yet">State changes are recorded here as they happen.</EmptyState>
    );
  }
  const operatorName = (id: string | null) => (id ? (operators.find((o) => o.id === id)?.name ?? shortId(id)) : 'system');
  return (
    <>
      <TableWrap label="Audit events">
        <table className="table" aria-label="Audit events">
          <thead>
            <tr>
              <th scope="col" className="num">
                Seq
              </th>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Entity id</th>
              <th scope="col">Operator</th>
              <th scope="col">Change (before → after)</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((e) => {
              return (
                <tr key={e.seq}>
                  <td className="num">
                    <span title={`hash ${e.hash}\nprev ${e.prevHash}`}>{e.seq}</span>
                  </td>
                  <td className="nowrap">{formatInstant(e.at, timeZone)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.entity}</td>
                  <td className="hash nowrap" title={e.entityId ?? undefined}>
                    {shortId(e.entityId)}
                  </td>
                  <td>{operatorName(e.operatorId)}</td>
                  <td>
                    <ChangeCell before={e.before} after={e.after} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <ListFooter
        shown={list.items.length}
        canLoadMore={canLoadMore}
        loadingMore={list.loadingMore}
        onLoadMore={() => void loadMore()}
        endLabel="end of log"
        error={list.error}
      />
    </>
  );
}
