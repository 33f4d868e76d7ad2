/**
 * The ops board, the first screen: governance state at a glance (health, band, go-live,
 * kill switch, operator, session, approvals, unread notifications), today's decisions, the
 * shopping list and the bills due, the automations (kinds in auto, tripped wires), the items running out soonest, recent decisions, open
 * alerts grouped by kind and the audit chain head.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { mayQuery } from '../../../shared/contract';
import type { Expiring } from '../../../shared/contract/inventory';
import { Counts } from '../../ui/Counts';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort, shortHash } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { BillsDuePanel } from '../bills/BillsDuePanel';
import { RunningOutPanel } from '../forecast/RunningOutPanel';
import { ExpiringTable } from '../inventory/ExpiringList';
import { ShoppingPanel } from '../shopping/ShoppingPanel';
import { AutomationsPanel } from '../automations/AutomationsPanel';
import { GoLiveCallout } from '../playbooks/GoLiveCallout';
import { playbooksSelectors } from '../playbooks/slice';
import { AlertGroups } from './AlertGroups';
import { BandDialog, GoLiveDialog } from './dialogs';
import { governanceSelectors } from './slice';
import { bandTone, healthTone, statusTone } from './tones';

/** The ops board screen. */
export function OpsBoard() {
  const { summary, loadSummary, timeZone } = useAppStore(
    useShallow((s) => ({ summary: s.summary, loadSummary: s.loadSummary, timeZone: governanceSelectors.timeZone(s) })),
  );
  const store = useAppStoreApi();
  useEffect(() => {
    void loadSummary();
    const s = store.getState();
    const role = governanceSelectors.currentOperator(s)?.role;
    if (!role || mayQuery(role, 'playbooks.list')) void s.loadPlaybooks();
  }, [loadSummary, store]);

  if (summary.status === 'loading' || (summary.status === 'idle' && !summary.data)) return <Loading label="Loading the ops board…" />;
  if (!summary.data) return <ErrorMessage title="The ops board could not be loaded">{summary.error}</ErrorMessage>;
  const { state, recentDecisions, alertGroups, decisionsToday, activeSession, pendingApprovals, shopping, billsDue, unreadNotifications, expiringSoon, automations } = summary.data;

  return (
    <>
      <div className="page-header">
        <h1>Ops board</h1>
        <p>
          {state.currency ?? '—'} · {state.timeZone ?? '—'}
        </p>
      </div>
      <GoLiveCallout />
      <GovernanceCard />
      <div className="grid grid-2">
        <Card title="Decisions today" actions={<span className="muted">{governanceSelectors.decisionsTodayTotal(decisionsToday)} in total</span>}>
          <Counts
            label="Decisions today by status"
            items={governanceSelectors.decisionsToday(decisionsToday).map((row) => ({ label: row.status.replace('_', ' '), value: row.count, tone: row.count ? statusTone(row.status) : null }))}
          />
        </Card>
        <Card title="Session and approvals">
          <dl className="kv">
            <dt>Active session</dt>
            <dd>
              {activeSession ? (
                <>
                  {activeSession.startedBy} · since {formatInstant(activeSession.startedAt, timeZone)} ·{' '}
                  <span className="muted">{activeSession.summary.decisions} decisions so far</span>
                </>
              ) : (
                'No active session'
              )}
            </dd>
            <dt>Playbook runs</dt>
            <dd>
              <ActiveRuns />
            </dd>
            <dt>Pending approvals</dt>
            <dd>
              <PendingApprovalsLink count={pendingApprovals} />
            </dd>
            <dt>Notifications</dt>
            <dd>
              <NotificationsLink unread={unreadNotifications} />
            </dd>
            <dt>Audit chain head</dt>
            <dd>
              {state.chainHead ? (
                <span className="hash" title={state.chainHead.hash}>
                  #{state.chainHead.seq} · {shortHash(state.chainHead.hash, 16)}
                </span>
              ) : (
                'No audit events yet'
              )}
            </dd>
          </dl>
        </Card>
      </div>
      <div className="grid grid-2">
        <ShoppingPanel shopping={shopping} />
        <BillsDuePanel bills={billsDue} />
      </div>
      <AutomationsPanel automations={automations} />
      <RunningOutPanel />
      <ExpiringSoonPanel expiring={expiringSoon} />
      <div className="grid grid-2">
        <AlertGroups groups={alertGroups} timeZone={timeZone} />
        <RecentDecisions items={recentDecisions} timeZone={timeZone} />
      </div>
    </>
  );
}

/** "Expiring soon": lots whose best-before is within 7 days or past, the first few, and a way to the whole list. */
function ExpiringSoonPanel({ expiring }: { expiring: Expiring }) {
  const { showExpiring, role } = useAppStore(useShallow((s) => ({ showExpiring: s.showExpiring, role: governanceSelectors.currentOperator(s)?.role })));
  const canOpen = !role || mayQuery(role, 'inventory.expiring');
  const more = expiring.total - expiring.lots.length;
  return (
    <Card
      title="Expiring soon"
      actions={
        canOpen ? (
          <Button small variant="ghost" onClick={showExpiring}>
            Open the expiring list
          </Button>
        ) : null
      }
    >
      <p className="expiring-stat">
        <strong>{expiring.total}</strong> {expiring.total === 1 ? 'lot' : 'lots'} within {expiring.withinDays} days
        {expiring.expired ? (
          <>
            {' '}
            · <Badge tone="bad">{expiring.expired} expired</Badge>
          </>
        ) : null}
      </p>
      {expiring.lots.length === 0 ? (
        <EmptyState title={`Nothing expires in the next ${expiring.withinDays} days`}>Purchases recorded with a best-before date show here as it nears.</EmptyState>
      ) : (
        <>
          <ExpiringTable lots={expiring.lots} label="Expiring soon" />
          {more > 0 ? <p className="muted expiring-more">and {more} more in the expiring list</p> : null}
        </>
      )}
    </Card>
  );
}

function GovernanceCard() {
  const state = useAppStore(governanceSelectors.state);
  const timeZone = useAppStore(governanceSelectors.timeZone);
  const [dialog, setDialog] = useState<'golive' | 'band' | null>(null);
  if (!state) return null;
  const close = () => setDialog(null);
  return (
    <Card title="Governance">
      <div className="stats">
        <div className="stat">
          <span className="stat-label">Health</span>
          <span className="stat-value">
            <Badge tone={healthTone(state.health.level)}>{state.health.level}</Badge>
          </span>
          <span className="stat-detail">
            {state.health.reasons.length ? state.health.reasons.map((r) => r.message).join('; ') : 'No problems found'}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Band</span>
          <span className="stat-value">
            <Badge tone={bandTone(state.band.current)}>
              {state.band.current} · {BAND_NAMES[state.band.current]}
            </Badge>
          </span>
          <span className="stat-detail">{state.band.reason ? `“${state.band.reason}”` : 'Default band'}</span>
          <Button small className="stat-action" onClick={() => setDialog('band')}>
            Change band…
          </Button>
        </div>
        <div className="stat">
          <span className="stat-label">Execution (go-live)</span>
          <span className="stat-value">
            <Badge tone={state.goLive.enabled ? 'ok' : 'warn'}>{state.goLive.enabled ? 'On' : 'Off'}</Badge>
          </span>
          <span className="stat-detail">
            {state.goLive.enabled
              ? `Prod actions run when every gate passes${state.goLive.changedAt ? ` · since ${formatInstant(state.goLive.changedAt, timeZone)}` : ''}`
              : 'Prod actions are blocked until execution is on'}
          </span>
          <Button small variant={state.goLive.enabled ? 'secondary' : 'primary'} className="stat-action" onClick={() => setDialog('golive')}>
            {state.goLive.enabled ? 'Turn execution off…' : 'Turn execution on…'}
          </Button>
        </div>
        <div className="stat">
          <span className="stat-label">Kill switch</span>
          <span className="stat-value">
            <Badge tone={state.killSwitch.engaged ? 'bad' : 'ok'}>{state.killSwitch.engaged ? 'Engaged' : 'Released'}</Badge>
          </span>
          <span className="stat-detail">
            {state.killSwitch.engaged ? (state.killSwitch.reason ? `“${state.killSwitch.reason}”` : 'Engaged') : 'Prod execution is not stopped'}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Current operator</span>
          <span className="stat-value">{state.currentOperator ? state.currentOperator.name : 'None'}</span>
          <span className="stat-detail">{state.currentOperator ? `Role: ${state.currentOperator.role}` : ''}</span>
        </div>
      </div>
      <GoLiveDialog open={dialog === 'golive'} onClose={close} enabled={state.goLive.enabled} />
      <BandDialog open={dialog === 'band'} onClose={close} current={state.band.current} />
    </Card>
  );
}

/** Each run in progress: its playbook, progress and current step, with a link to the run. */
function ActiveRuns() {
  const runs = useAppStore(useShallow(playbooksSelectors.activeRuns));
  const { openRun, navigate } = useAppStore(useShallow((s) => ({ openRun: s.openRun, navigate: s.navigate })));
  if (runs.length === 0) return <>None in progress</>;
  return (
    <ul className="plain-list" aria-label="Playbook runs in progress">
      {runs.map((r) => (
        <li key={r.id}>
          <button
            type="button"
            className="link"
            onClick={() => {
              openRun(r.id);
              navigate('playbooks');
            }}
            aria-label={`Open the run of ${r.title}`}
          >
            {r.title}
          </button>{' '}
          · step {r.progress.done + r.progress.skipped + 1} of {r.progress.total}: {r.currentStepTitle ?? '—'}
        </li>
      ))}
    </ul>
  );
}

/** The pending approvals count, a link to the approvals inbox for roles that may read it. */
function PendingApprovalsLink({ count }: { count: number }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  if (role && !mayQuery(role, 'approvals.list')) return <>{count}</>;
  return (
    <button type="button" className="link" onClick={() => navigate('approvals')} aria-label={`${count} pending ${count === 1 ? 'approval' : 'approvals'}: open the approvals inbox`}>
      {count} · open the inbox
    </button>
  );
}

/** The unread count, a button that opens the notification centre for roles that may read it. */
function NotificationsLink({ unread }: { unread: number }) {
  const { open, role } = useAppStore(useShallow((s) => ({ open: s.setNotificationsOpen, role: governanceSelectors.currentOperator(s)?.role })));
  const text = unread === 0 ? 'none unread' : `${unread} unread`;
  if (role && !mayQuery(role, 'notifications.list')) return <>{text}</>;
  return (
    <button type="button" className="link" onClick={() => open(true)} aria-label={`${text}: open the notifications`}>
      {text} · open
    </button>
  );
}

function RecentDecisions({ items, timeZone }: { items: { id: string; at: string; action: string; status: string; operatorName: string | null }[]; timeZone: string | undefined }) {
  const openDecision = useAppStore((s) => s.openDecision);
  return (
    <Card title="Recent decisions" className="card-flush">
      {items.length === 0 ? (
        <EmptyState title="No decisions yet">Every action you take is recorded here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Operator</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap" title={formatInstant(d.at, timeZone)}>
                    {formatInstantShort(d.at, timeZone)}
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => void openDecision(d.id)}>
                      {d.action}
                    </button>
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
    </Card>
  );
}
