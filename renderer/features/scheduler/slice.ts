/**
 * The scheduler's jobs in the console (DOMAIN.md "Scheduler"): each job's cron, action,
 * next run and last run (`scheduler.jobs`), and the recorded runs, newest first
 * (`scheduler.runs`). Refetched on every change while shown, since a job's run is recorded
 * with the decision it dispatched.
 */
import type { Job, JobRunRecord, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import type { Tone } from '../../ui/Badge';
import { coalescedRefresh } from '../spending/refresh';

export interface SchedulerState {
  schedulerJobs: Loadable<Job[]>;
  schedulerRuns: Loadable<JobRunRecord[]>;
}

export interface SchedulerActions {
  loadSchedulerJobs(): Promise<void>;
  /** Loads the newest `RUNS_SHOWN` runs of every job. */
  loadSchedulerRuns(): Promise<void>;
  /** Refetches the jobs when loaded (any change may be a job's run). */
  refreshScheduler(tables?: readonly string[]): Promise<void>;
}

export type SchedulerSlice = SchedulerState & SchedulerActions;

/** How many recorded runs the screen lists. */
export const RUNS_SHOWN = 50;

export const schedulerInitialState: SchedulerState = { schedulerJobs: idle(), schedulerRuns: idle() };

/** The scheduler slice over `api`. */
export function createSchedulerSlice(api: ValhallaApi): SliceCreator<SchedulerSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async () => {
      const jobs: Promise<void>[] = [];
      if (get().schedulerJobs.status !== 'idle') jobs.push(get().loadSchedulerJobs());
      if (get().schedulerRuns.status !== 'idle') jobs.push(get().loadSchedulerRuns());
      await Promise.all(jobs);
    });
    return {
      ...schedulerInitialState,

      async loadSchedulerJobs() {
        set({ schedulerJobs: loading(get().schedulerJobs) });
        set({ schedulerJobs: settled(await api.query('scheduler.jobs', {})) });
      },

      async loadSchedulerRuns() {
        set({ schedulerRuns: loading(get().schedulerRuns) });
        set({ schedulerRuns: settled(await api.query('scheduler.runs', { limit: RUNS_SHOWN })) });
      },

      refreshScheduler(tables) {
        return refresh(tables);
      },
    };
  };
}

type RunStatus = NonNullable<Job['lastRun']>['status'];
type RunTrigger = JobRunRecord['trigger'];

const RUN_VIEWS: Record<RunStatus, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  ok: { label: 'OK', tone: 'ok' },
  refused: { label: 'Refused', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
};

const TRIGGER_VIEWS: Record<RunTrigger, { label: string; tone: Tone }> = {
  schedule: { label: 'Schedule', tone: 'neutral' },
  'catch-up': { label: 'Catch-up', tone: 'info' },
  manual: { label: 'Manual', tone: 'neutral' },
};

export const schedulerSelectors = {
  /** How a run was started, as a badge: on its schedule, caught up after a miss, or run now by an operator. */
  triggerView: (trigger: RunTrigger) => TRIGGER_VIEWS[trigger],
  /** A last run's status as a badge: OK green, refused (a gate said no) yellow, failed red. */
  runView: (status: RunStatus) => RUN_VIEWS[status],
  /** Jobs whose last run did not succeed (refused or failed). */
  troubled: (jobs: readonly Job[]) => jobs.filter((j) => j.lastRun !== null && (j.lastRun.status === 'failed' || j.lastRun.status === 'refused')),
};
