/**
 * The Sessions route: the history of work sessions (filters: start date range, operator)
 * and the session open in the detail panel: the snapshot taken at start and the summary of
 * what happened (live while the session is active).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Session } from '../../../shared/contract';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField, TextField } from '../../ui/Field';
import { ListFooter } from '../../ui/ListFooter';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort, shortHash } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { bandTone, healthTone } from '../governance/tones';
import { householdCurrency } from '../../../shared/domain/money';
import { money } from '../spending/format';
import { defaultSessionFilters } from './slice';

/** The sessions screen. */
export function SessionsScreen() {
  const selected = useAppStore((s) => s.selectedSessionId);
  return (
    <>
      <div className="page-header">
        <h1>Sessions</h1>
        <p>Work sessions: the state when each started, and what happened during it.</p>
      </div>
      <Filters />
      <div className={selected ? 'explorer' : undefined}>
        <SessionList />
        {selected ? <SessionDetail /> : null}
      </div>
    </>
  );
}

function Filters() {
  const store = useAppStoreApi();
  const { filters, setFilters, operators } = useAppStore(useShallow((s) => ({ filters: s.sessionFilters, setFilters: s.setSessionFilters, operators: s.operators.data })));
  useEffect(() => {
    const s = store.getState();
    void s.loadSessions();
    if (s.operators.status === 'idle') void s.loadOperators();
  }, [store]);
  const options = [{ value: '', label: 'Any operator' }, ...(operators ?? []).map((o) => ({ value: o.id, label: `${o.name} (${o.role})` }))];
  const any = filters.from || filters.to || filters.operatorId;
  return (
    <form className="filters" aria-label="Session filters" onSubmit={(e) => e.preventDefault()}>
      <TextField label="From" name="from" type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      <TextField label="To" name="to" type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      <SelectField label="Operator" name="operatorId" value={filters.operatorId} onChange={(e) => setFilters({ operatorId: e.target.value })} options={options} />
      <Button small variant="ghost" disabled={!any} onClick={() => setFilters(defaultSessionFilters)}>
        Clear filters
      </Button>
    </form>
  );
}

function SessionList() {
  const { list, selected, select, loadMore, timeZone } = useAppStore(
    useShallow((s) => ({ list: s.sessionList, selected: s.selectedSessionId, select: s.selectSession, loadMore: s.loadMoreSessions, timeZone: governanceSelectors.timeZone(s) })),
  );
  return (
    <Card title="History" className="card-flush">
      {list.status === 'error' ? (
        <ErrorMessage title="The sessions could not be loaded">{list.error}</ErrorMessage>
      ) : list.status === 'idle' || list.status === 'loading' ? (
        <Loading label="Loading sessions…" />
      ) : list.items.length === 0 ? (
        <EmptyState title="No sessions">Start one from the session bar at the top.</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Sessions">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Operator</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Decisions
                  </th>
                  <th scope="col">Ended</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((s) => (
                  <tr key={s.id} className={s.id === selected ? 'selected' : undefined}>
                    <td className="nowrap">
                      <button type="button" className="link" onClick={() => select(s.id)} aria-label={`Open session started ${formatInstant(s.startedAt, timeZone)} by ${s.startedBy}`}>
                        {formatInstantShort(s.startedAt, timeZone)}
                      </button>
                    </td>
                    <td>{s.startedBy}</td>
                    <td>
                      <Badge tone={s.status === 'active' ? 'info' : 'neutral'}>{s.status}</Badge>
                    </td>
                    <td className="num">{s.summary.decisions}</td>
                    <td className="nowrap">{s.endedAt ? formatInstantShort(s.endedAt, timeZone) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListFooter shown={list.items.length} canLoadMore={list.nextCursor !== null} loadingMore={list.loadingMore} onLoadMore={() => void loadMore()} endLabel="end of list" error={list.error} />
        </>
      )}
    </Card>
  );
}

function SessionDetail() {
  const { detail, select, timeZone } = useAppStore(useShallow((s) => ({ detail: s.sessionDetail, select: s.selectSession, timeZone: governanceSelectors.timeZone(s) })));
  const close = (
    <Button small variant="ghost" onClick={() => select(null)} aria-label="Close the session">
      Close
    </Button>
  );
  if (detail.status === 'error') {
    return (
      <Card title="Session" actions={close}>
        <ErrorMessage>{detail.error}</ErrorMessage>
      </Card>
    );
  }
  if (!detail.data) {
    return (
      <Card title="Session" actions={close}>
        <Loading />
      </Card>
    );
  }
  const s = detail.data;
  return (
    <Card title={`Session of ${s.startedBy}`} actions={close}>
      <div className="detail-section">
        <dl className="kv">
          <dt>Status</dt>
          <dd>
            <Badge tone={s.status === 'active' ? 'info' : 'neutral'}>{s.status}</Badge>
          </dd>
          <dt>Started</dt>
          <dd>
            {formatInstant(s.startedAt, timeZone)} · {s.startedBy}
          </dd>
          <dt>Start notes</dt>
          <dd>{s.startNotes ?? '—'}</dd>
          <dt>Ended</dt>
          <dd>{s.endedAt ? `${formatInstant(s.endedAt, timeZone)} · ${s.endedBy ?? ''}` : '—'}</dd>
          <dt>End notes</dt>
          <dd>{s.endNotes ?? '—'}</dd>
        </dl>
      </div>
      <SummarySection session={s} />
      <SnapshotSection session={s} />
    </Card>
  );
}

function SummarySection({ session }: { session: Session }) {
  const currency = householdCurrency(session.snapshot.currency);
  const m = session.summary;
  return (
    <section className="detail-section" aria-label="Session summary">
      <h3>{session.summaryLive ? 'Summary so far (live)' : 'Summary'}</h3>
      <dl className="kv">
        <dt>Decisions</dt>
        <dd>
          {m.decisions} ·{' '}
          {Object.entries(m.decisionsByStatus)
            .map(([status, n]) => `${status.replace('_', ' ')} ${n}`)
            .join(' · ')}
        </dd>
        <dt>Spends</dt>
        <dd>
          {m.spends.count} · {money(m.spends.totalMinor, currency)}
        </dd>
        <dt>Stock moves</dt>
        <dd>{m.stockMoves}</dd>
        <dt>Approvals decided</dt>
        <dd>
          {m.approvalsDecided.approved} approved · {m.approvalsDecided.denied} denied
        </dd>
        <dt>Playbook steps</dt>
        <dd>
          {m.stepsCompleted} completed · {m.stepsSkipped} skipped · {m.runsCompleted} {m.runsCompleted === 1 ? 'run' : 'runs'} completed
        </dd>
        <dt>Audit events</dt>
        <dd>{m.auditEvents}</dd>
      </dl>
    </section>
  );
}

function SnapshotSection({ session }: { session: Session }) {
  const timeZone = useAppStore(governanceSelectors.timeZone);
  const snap = session.snapshot;
  const currency = householdCurrency(snap.currency);
  const global = snap.capUsage.scopes.find((c) => c.scope === 'GLOBAL');
  return (
    <section className="detail-section" aria-label="Snapshot at start">
      <h3>Snapshot at start</h3>
      <dl className="kv">
        <dt>Taken</dt>
        <dd>{formatInstant(snap.at, timeZone)}</dd>
        <dt>Band</dt>
        <dd>
          <Badge tone={bandTone(snap.band)}>
            {snap.band} · {BAND_NAMES[snap.band]}
          </Badge>
        </dd>
        <dt>Health</dt>
        <dd>
          <Badge tone={healthTone(snap.health.level)}>{snap.health.level}</Badge>
          {snap.health.reasons.length ? <span className="muted"> {snap.health.reasons.map((r) => r.message).join('; ')}</span> : null}
        </dd>
        <dt>Execution</dt>
        <dd>
          {snap.goLive ? 'On' : 'Off'}
          {snap.killSwitchEngaged ? ' · kill switch engaged' : ''}
        </dd>
        <dt>Cap usage ({snap.capUsage.day})</dt>
        <dd>
          {global
            ? `GLOBAL: ${money(global.spentMinor, currency)}${global.dailySpendCapMinor !== null ? ` of ${money(global.dailySpendCapMinor, currency)}` : ''} · ${global.count} spends`
            : 'No cap use'}
          {snap.capUsage.scopes.length > 1 ? ` · ${snap.capUsage.scopes.length - 1} more ${snap.capUsage.scopes.length === 2 ? 'scope' : 'scopes'}` : ''}
        </dd>
        <dt>Open approvals</dt>
        <dd>{snap.openApprovals}</dd>
        <dt>Stock value</dt>
        <dd>
          {money(snap.stockValueMinor, currency)}
          {snap.itemsWithoutCost ? <span className="muted"> · {snap.itemsWithoutCost} items without a cost</span> : null}
        </dd>
        <dt>Chain head</dt>
        <dd>
          {snap.chainHead ? (
            <span className="hash" title={snap.chainHead.hash}>
              #{snap.chainHead.seq} · {shortHash(snap.chainHead.hash, 16)}
            </span>
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </section>
  );
}
