/**
 * The Scheduler route: the engine's jobs (DOMAIN.md "Scheduler") with their cron
 * expression, the action each dispatches as `system`, the next run in the household time
 * zone, the last run's status with the decision it recorded and "Run now"
 * (`scheduler.runNow`); then the recorded runs, newest first, with how each was started
 * (on schedule, caught up, run now), its status, message and decision.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, mayQuery, type Job, type JobRunRecord } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, formatInstantShort, shortId } from '../../ui/format';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { RUNS_SHOWN, schedulerSelectors } from './slice';

/** The scheduler screen. */
export function SchedulerScreen() {
  const store = useAppStoreApi();
  const { jobs, timeZone } = useAppStore(useShallow((s) => ({ jobs: s.schedulerJobs, timeZone: governanceSelectors.timeZone(s) })));
  useEffect(() => {
    void store.getState().loadSchedulerJobs();
    void store.getState().loadSchedulerRuns();
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
      <RunsCard timeZone={timeZone} />
    </>
  );
}

/** A decision id as a link to it on the Decisions screen, or as text for a role that may not open it. */
function DecisionLink({ decisionId, job }: { decisionId: string; job: string }) {
  const { openDecision, role } = useAppStore(useShallow((s) => ({ openDecision: s.openDecision, role: governanceSelectors.currentOperator(s)?.role })));
  if (role && !mayQuery(role, 'decisions.get')) return <span className="hash">Decision {shortId(decisionId)}</span>;
  return (
    <button type="button" className="link" onClick={() => void openDecision(decisionId)} aria-label={`Decision ${shortId(decisionId)} of ${job}`}>
      Decision {shortId(decisionId)}
    </button>
  );
}

/** "Run now": the job, as `system`, outside its schedule; the refusal (if any) under the button. */
function RunNowButton({ job }: { job: string }) {
  const form = useActionForm('scheduler.runNow');
  return (
    <div className="job-run">
      <Button small busy={form.busy} onClick={() => void form.submit({ job })} aria-label={`Run ${job} now`}>
        Run now
      </Button>
      <FailureNotice failure={form.failure} />
    </div>
  );
}

function RunsCard({ timeZone }: { timeZone: string | undefined }) {
  const runs = useAppStore((s) => s.schedulerRuns);
  return (
    <Card title="Recorded runs" className="card-flush" actions={<span className="muted">the newest {RUNS_SHOWN}</span>}>
      {runs.status === 'error' ? (
        <ErrorMessage title="The runs could not be loaded">{runs.error}</ErrorMessage>
      ) : !runs.data ? (
        <Loading label="Loading the runs…" />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No runs yet">Each run is recorded here when a job runs on its schedule, is caught up, or is run now.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table table-scroll-min" aria-label="Recorded runs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Scheduled for</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Message</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <RunRow key={`${run.job}-${run.scheduledFor}`} run={run} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RunRow({ run, timeZone }: { run: JobRunRecord; timeZone: string | undefined }) {
  const status = schedulerSelectors.runView(run.status);
  const trigger = schedulerSelectors.triggerView(run.trigger);
  return (
    <tr>
      <td>
        <strong>{run.job}</strong>
      </td>
      <td className="nowrap" title={`started ${formatInstant(run.startedAt, timeZone)}${run.finishedAt ? `, finished ${formatInstant(run.finishedAt, timeZone)}` : ''}`}>
        {formatInstantShort(run.scheduledFor, timeZone)}
      </td>
      <td>
        <Badge tone={trigger.tone}>{trigger.label}</Badge>
      </td>
      <td>
        <Badge tone={status.tone}>{status.label}</Badge>
      </td>
      <td className="cell-note">{run.message ?? <span className="muted">—</span>}</td>
      <td className="nowrap">{run.decisionId ? <DecisionLink decisionId={run.decisionId} job={run.job} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

function JobsTable({ jobs, timeZone }: { jobs: Job[]; timeZone: string | undefined }) {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const mayRun = !role || mayDispatch(role, 'scheduler.runNow');
  return (
    <div className="table-wrap">
      <table className="table table-scroll-min scheduler-jobs" aria-label="Scheduled jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Schedule</th>
            <th scope="col">Action</th>
            <th scope="col">Next run</th>
            <th scope="col">Last run</th>
            {mayRun ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
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
                      {decisionId ? <DecisionLink decisionId={decisionId} job={job.name} /> : null}
                    </div>
                  ) : (
                    <span className="muted">Not run yet</span>
                  )}
                </td>
                {mayRun ? (
                  <td>
                    <RunNowButton job={job.name} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
