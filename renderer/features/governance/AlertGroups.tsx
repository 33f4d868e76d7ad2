/**
 * The ops board's open alerts, grouped by kind (`alertGroups` of `opsboard.summary`): one
 * line per group with its count, worst severity and where to act ("open the shopping
 * list"), "Acknowledge all" (`alerts.acknowledgeGroup`), and a disclosure with the newest
 * few alerts, each with its own Acknowledge. A group of one alert reads as that alert.
 */
import { useId, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Alert, type AlertGroup } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/States';
import { formatInstant, formatInstantShort } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { isRouteId, navigationSelectors } from '../navigation/slice';
import { governanceSelectors } from './slice';
import { severityTone } from './tones';

/** The "Open alerts" card. */
export function AlertGroups({ groups, timeZone }: { groups: AlertGroup[]; timeZone: string | undefined }) {
  const total = groups.reduce((n, g) => n + g.count, 0);
  return (
    <Card title="Open alerts" actions={total > 0 ? <span className="muted">{total} in {groups.length} {groups.length === 1 ? 'group' : 'groups'}</span> : null}>
      {groups.length === 0 ? (
        <EmptyState title="No open alerts" />
      ) : (
        <ul className="alert-groups" aria-label="Open alerts">
          {groups.map((g) => (
            <AlertGroupRow key={g.kind} group={g} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function AlertGroupRow({ group, timeZone }: { group: AlertGroup; timeZone: string | undefined }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  const [expanded, setExpanded] = useState(false);
  const sampleId = useId();
  const ack = useActionForm('alerts.acknowledgeGroup');
  const mayAck = !role || mayDispatch(role, 'alerts.acknowledgeGroup');
  const route = isRouteId(group.route) ? navigationSelectors.routesFor(role).find((r) => r.id === group.route) : undefined;
  const only = group.count === 1 ? group.sample[0] : undefined;
  const actLink = route ? (
    <>
      {' · '}
      <button type="button" className="link" onClick={() => navigate(route.id)} aria-label={`${only?.message ?? group.title}: ${group.action ?? `open ${route.label}`}`}>
        {group.action ?? `open ${route.label}`}
      </button>
    </>
  ) : null;
  if (only) return <SingleAlert alert={only} meta={actLink} timeZone={timeZone} />;
  return (
    <li className="alert-group">
      <div className="alert-group-line">
        <Badge tone={severityTone(group.severity)}>{group.severity}</Badge>
        <div className="alert-group-main">
          <span className="alert-group-title">{group.title}</span>
          <span className="muted">
            {group.kind} · latest {formatInstantShort(group.latestAt, timeZone)}
            {actLink}
          </span>
        </div>
        <div className="alert-group-actions">
          {group.sample.length > 0 ? (
            <Button small variant="ghost" aria-expanded={expanded} aria-controls={sampleId} onClick={() => setExpanded(!expanded)} aria-label={`${expanded ? 'Hide' : 'Show'} the latest ${group.kind} alerts`}>
              {expanded ? 'Hide' : `Show ${group.sample.length}`}
            </Button>
          ) : null}
          {mayAck ? (
            <Button small busy={ack.busy} onClick={() => void ack.submit({ kind: group.kind })} aria-label={`Acknowledge all ${group.count} ${group.kind} alerts`}>
              Acknowledge all {group.count}
            </Button>
          ) : null}
        </div>
      </div>
      <FailureNotice failure={ack.failure} />
      {expanded ? (
        <ul className="health-panel alert-sample" id={sampleId} aria-label={`Latest ${group.kind} alerts`}>
          {group.sample.map((a) => (
            <AlertRow key={a.id} alert={a} timeZone={timeZone} />
          ))}
          {group.count > group.sample.length ? <li className="muted">and {group.count - group.sample.length} more</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

/** A group of one: the alert's own line, kind and time, where to act, and its Acknowledge. */
function SingleAlert({ alert, meta, timeZone }: { alert: Alert; meta: ReactNode; timeZone: string | undefined }) {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const form = useActionForm('alerts.acknowledge');
  return (
    <li className="alert-group">
      <div className="alert-group-line">
        <Badge tone={severityTone(alert.severity)}>{alert.severity}</Badge>
        <div className="alert-group-main">
          <span className="alert-group-title">{alert.message}</span>
          <span className="muted">
            {alert.kind} · {formatInstantShort(alert.at, timeZone)}
            {meta}
          </span>
        </div>
        {!role || mayDispatch(role, 'alerts.acknowledge') ? (
          <div className="alert-group-actions">
            <Button small busy={form.busy} onClick={() => void form.submit({ alertId: alert.id })} aria-label={`Acknowledge: ${alert.message}`}>
              Acknowledge
            </Button>
          </div>
        ) : null}
      </div>
      <FailureNotice failure={form.failure} />
    </li>
  );
}

function AlertRow({ alert, timeZone }: { alert: Alert; timeZone: string | undefined }) {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const form = useActionForm('alerts.acknowledge');
  return (
    <li>
      <div className="detail-section">
        <span>{alert.message}</span>
        <span className="muted">{formatInstant(alert.at, timeZone)}</span>
        <FailureNotice failure={form.failure} />
      </div>
      {!role || mayDispatch(role, 'alerts.acknowledge') ? (
        <Button small busy={form.busy} onClick={() => void form.submit({ alertId: alert.id })} aria-label={`Acknowledge: ${alert.message}`}>
          Acknowledge
        </Button>
      ) : null}
    </li>
  );
}
