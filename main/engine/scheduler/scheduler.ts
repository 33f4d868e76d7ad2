/**
 * The scheduler (DOMAIN.md "Scheduler"): jobs with cron expressions in the household's
 * time zone, each run recorded as (job, scheduled time) so it happens once; a run missed
 * while the app was closed or asleep is caught up once — only the latest missed
 * occurrence runs. Jobs dispatch actions as `system`, through the same dispatcher as
 * everything else, so nothing bypasses governance. Cron parsing is `cron-parser`'s.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ActionName, Result } from '../../../shared/contract';
import { sql, type Db } from '../db/connection';
import type { Clock, Logger } from '../types';

export interface JobSpec {
  name: string;
  /** Five-field cron expression, in the household's time zone. */
  cron: string;
  action: ActionName;
  params: unknown;
  summary: string;
}

/** The jobs of this build. Later domains add theirs (daily tick, tripwires …). */
export const DEFAULT_JOBS: readonly JobSpec[] = [
  { name: 'expire-approvals', cron: '0 * * * *', action: 'approvals.expire', params: {}, summary: 'Expire approvals past their expiry, hourly.' },
  { name: 'daily-backup', cron: '30 3 * * *', action: 'backup.run', params: { scheduled: true }, summary: 'Back up to the backup folder, verify it, rotate old ones; daily at 03:30.' },
  { name: 'daily-audit-verify', cron: '0 4 * * *', action: 'audit.check', params: {}, summary: 'Verify the audit chain against its latest anchor; daily at 04:00.' },
];

export interface JobRun {
  job: string;
  scheduledFor: string;
  status: 'running' | 'ok' | 'refused' | 'failed';
  decisionId: string | null;
  message: string | null;
}

export interface Scheduler {
  /**
   * Runs every job whose latest occurrence (≤ now) has no run yet, one after the other;
   * resolves with the runs made. A run is claimed before it starts, so two ticks never run
   * the same occurrence.
   */
  tick(): Promise<JobRun[]>;
  /** Ticks now and then every `intervalMs` (default one minute) until `stop`. */
  start(intervalMs?: number): void;
  stop(): void;
}

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  timeZone(): string;
  /** Dispatches as `system`; long actions (a backup) resolve when done. */
  dispatch(action: ActionName, params: unknown): Promise<Result<{ decision: { id: string } }>>;
  jobs?: readonly JobSpec[];
}

/** The scheduled instant of a job's latest occurrence at or before `now`. Throws for a bad cron expression. */
export function latestOccurrence(cron: string, now: Date, timeZone: string): string {
  const at = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone }).prev().toISOString();
  if (at === null) throw new Error(`cron expression "${cron}" has no occurrence before ${now.toISOString()}`);
  return at;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const jobs = deps.jobs ?? DEFAULT_JOBS;
  let timer: ReturnType<typeof setInterval> | null = null;

  const scheduler: Scheduler = {
    async tick() {
      const now = deps.clock.now();
      const made: JobRun[] = [];
      for (const job of jobs) {
        const scheduledFor = latestOccurrence(job.cron, now, deps.timeZone());
        const claimed = sql(deps.db, "INSERT OR IGNORE INTO job_runs (job, scheduled_for, started_at, status) VALUES (?, ?, ?, 'running')").run(job.name, scheduledFor, now.toISOString());
        if (claimed.changes === 0) continue;
        let run: JobRun;
        try {
          const result = await deps.dispatch(job.action, job.params);
          run = result.ok
            ? { job: job.name, scheduledFor, status: 'ok', decisionId: result.value.decision.id, message: null }
            : {
                job: job.name,
                scheduledFor,
                status: 'refused',
                decisionId: (result.error.details?.decision as { id?: string } | undefined)?.id ?? null,
                message: result.error.message,
              };
        } catch (error) {
          run = { job: job.name, scheduledFor, status: 'failed', decisionId: null, message: error instanceof Error ? error.message : String(error) };
        }
        sql(deps.db, 'UPDATE job_runs SET status = ?, decision_id = ?, message = ?, finished_at = ? WHERE job = ? AND scheduled_for = ?').run(
          run.status,
          run.decisionId,
          run.message,
          deps.clock.now().toISOString(),
          job.name,
          scheduledFor,
        );
        if (run.status !== 'ok') deps.log.warn('scheduled job did not complete', { ...run });
        made.push(run);
      }
      return made;
    },
    start(intervalMs = 60_000) {
      if (timer) return;
      let ticking = false;
      const safeTick = () => {
        // a long job (a backup) may outlast the interval: never two ticks at once
        if (ticking) return;
        ticking = true;
        scheduler
          .tick()
          .catch((error: unknown) => deps.log.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }))
          .finally(() => {
            ticking = false;
          });
      };
      safeTick();
      timer = setInterval(safeTick, intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return scheduler;
}
