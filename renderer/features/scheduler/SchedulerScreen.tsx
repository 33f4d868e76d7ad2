/**
 * The Scheduler route: the engine's jobs (DOMAIN.md "Scheduler") with their cron
 * expression, the action each dispatches as `system`, the next run in the household time
 * zone, and the last run's status with the decision it recorded.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type Job } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, shortId } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { schedulerSelectors } from './slice';

/** The scheduler screen. */
export function SchedulerScreen() {
  const store = useAppStoreApi();
  const { jobs, timeZone } = useAppStore(useShallow((s) => ({ jobs: s.schedulerJobs, timeZone: governanceSelectors.timeZone(s) })));
  useEffect(() => {
    void store.getState().loadSchedulerJobs();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Scheduler</h1>
        <p>
          Jobs run by the engine as <code>system</code>, through the same gates as any action; a run missed while the console was closed is caught up once. Times in{' '}
          {timeZone ?? 'the system’s time zone'}.
        </p>
      </div>
      <Card title="Jobs" className="card-flush">
        {jobs.status === 'error' ? (
          <ErrorMessage title="The jobs could not be loaded">{jobs.error}</ErrorMessage>
        ) : !jobs.data ? (
          <Loading label="Loading the jobs…" />
        ) : jobs.data.length === 0 ? (
          <EmptyState title="No jobs">The engine has no scheduled jobs.</EmptyState>
        ) : (
          <JobsTable jobs={jobs.data} timeZone={timeZone} />
        )}
      </Card>
    </>
  );
}

function JobsTable({ jobs, timeZone }: { jobs: Job[]; timeZone: string | undefined }) {
  const { openDecision, role } = useAppStore(useShallow((s) => ({ openDecision: s.openDecision, role: governanceSelectors.currentOperator(s)?.role })));
  const mayOpen = !role || mayQuery(role, 'decisions.get');
  return (
    <div className="table-wrap">
      <table className="table table-scroll-min" aria-label="Scheduled jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Schedule</th>
            <th scope="col">Action</th>
            <th scope="col">Next run</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const run = job.lastRun;
            const view = run ? schedulerSelectors.runView(run.status) : null;
            const decisionId = run?.decisionId ?? null;
            return (
              <tr key={job.name}>
                <td>
                  <strong>{job.name}</strong>
                  <div className="muted">{job.summary}</div>
                </td>
                <td className="nowrap">
                  <code>{job.cron}</code>
                </td>
                <td>
                  <code>{job.action}</code>
                </td>
                <td className="nowrap">{formatInstant(job.nextRunAt, timeZone)}</td>
                <td>
                  {run && view ? (
                    <div className="job-run">
                      <span className="row">
                        <Badge tone={view.tone}>{view.label}</Badge>
                        <span className="nowrap">{formatInstant(run.scheduledFor, timeZone)}</span>
                      </span>
                      {run.message ? <span className="muted">{run.message}</span> : null}
                      {decisionId ? (
                        mayOpen ? (
                          <button type="button" className="link" onClick={() => void openDecision(decisionId)} aria-label={`Decision ${shortId(decisionId)} of ${job.name}`}>
                            Decision {shortId(decisionId)}
                          </button>
                        ) : (
                          <span className="hash">Decision {shortId(decisionId)}</span>
                        )
                      ) : null}
                    </div>
                  ) : (
                    <span className="muted">Not run yet</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
