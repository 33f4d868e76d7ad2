/**
 * The scheduler's jobs in the console (DOMAIN.md "Scheduler"): each job's cron, action,
 * next run and last run (`scheduler.jobs`). Refetched on every change while shown, since a
 * job's run is recorded with the decision it dispatched.
 */
import type { Job, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import type { Tone } from '../../ui/Badge';
import { coalescedRefresh } from '../spending/refresh';

export interface SchedulerState {
  schedulerJobs: Loadable<Job[]>;
}

export interface SchedulerActions {
  loadSchedulerJobs(): Promise<void>;
  /** Refetches the jobs when loaded (any change may be a job's run). */
  refreshScheduler(tables?: readonly string[]): Promise<void>;
}

export type SchedulerSlice = SchedulerState & SchedulerActions;

export const schedulerInitialState: SchedulerState = { schedulerJobs: idle() };

/** The scheduler slice over `api`. */
export function createSchedulerSlice(api: ValhallaApi): SliceCreator<SchedulerSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async () => {
      if (get().schedulerJobs.status !== 'idle') await get().loadSchedulerJobs();
    });
    return {
      ...schedulerInitialState,

      async loadSchedulerJobs() {
        set({ schedulerJobs: loading(get().schedulerJobs) });
        set({ schedulerJobs: settled(await api.query('scheduler.jobs', {})) });
      },

      refreshScheduler(tables) {
        return refresh(tables);
      },
    };
  };
}

type RunStatus = NonNullable<Job['lastRun']>['status'];

const RUN_VIEWS: Record<RunStatus, { label: string; tone: Tone }> = {
  running: { label: 'Running', tone: 'info' },
  ok: { label: 'OK', tone: 'ok' },
  refused: { label: 'Refused', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
};

export const schedulerSelectors = {
  /** A last run's status as a badge: OK green, refused (a gate said no) yellow, failed red. */
  runView: (status: RunStatus) => RUN_VIEWS[status],
  /** Jobs whose last run did not succeed (refused or failed). */
  troubled: (jobs: readonly Job[]) => jobs.filter((j) => j.lastRun !== null && (j.lastRun.status === 'failed' || j.lastRun.status === 'refused')),
};
