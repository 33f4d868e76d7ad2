/**
 * The scheduler (DOMAIN.md "Scheduler"): jobs with cron expressions in the household's
 * time zone, each run recorded as (job, scheduled time) so it happens once; a run missed
 * while the app was closed or asleep is caught up once — only the latest missed
 * occurrence runs, and an occurrence older than one already run never does (the clock went
 * back: DST, a manual change). Jobs dispatch actions as `system`, through the same dispatcher
 * as everything else, so nothing bypasses governance. Cron parsing is `cron-parser`'s.
 */
import { CronExpressionParser } from 'cron-parser';
import { EngineError, type ActionName, type Result } from '../../../shared/contract';
import { sql, type Db } from '../db/connection';
import type { Clock, Logger } from '../types';
import { describeDailyTick } from './jobs';

export interface JobSpec {
  name: string;
  /** Five-field cron expression, in the household's time zone. */
  cron: string;
  action: ActionName;
  params: unknown;
  summary: string;
  /**
   * Actions to dispatch after the job's own action succeeded, from its result (the daily
   * tick's autopay bills): each is its own decision; their refusals are noted on the run.
   */
  followUps?: (result: unknown) => { action: ActionName; params: unknown }[];
  /** The run's one-line message from the action's result (what the run did); none: no message. */
  describe?: (result: unknown) => string;
}

/**
 * The daily tick's follow-ups: each open proposal of an automation kind in `auto` is carried
 * out as `system` (its action with its `recommendationId`, so the charter gate decides and
 * names its figures), then each autopay bill occurrence becomes one `bills.pay`.
 */
const dailyTickFollowUps = (result: unknown) => {
  const r = (result ?? {}) as { auto?: { recommendationId: string; action: ActionName; params: Record<string, unknown> }[]; autopay?: { id: string; occurrenceDate: string }[] };
  return [
    ...(r.auto ?? []).map((a) => ({ action: a.action, params: { ...a.params, recommendationId: a.recommendationId } })),
    ...(r.autopay ?? []).map((bill) => ({ action: 'bills.pay' as const, params: { id: bill.id, occurrenceDate: bill.occurrenceDate } })),
  ];
};

/**
 * The run's notes on its follow-ups: how many of each action were done, and the refusals
 * grouped by action and reason (a tick can carry out hundreds; its message stays a line).
 */
export function describeFollowUps(outcomes: { action: string; ok: boolean; message: string | null }[]): string[] {
  const notes: string[] = [];
  const done = new Map<string, number>();
  const refused = new Map<string, number>();
  for (const o of outcomes) {
    if (o.ok) done.set(o.action, (done.get(o.action) ?? 0) + 1);
    else {
      const key = `${o.action}: ${o.message ?? 'refused'}`;
      refused.set(key, (refused.get(key) ?? 0) + 1);
    }
  }
  for (const [action, n] of done) notes.push(`${n} × ${action} done`);
  for (const [key, n] of refused) notes.push(n === 1 ? key : `${n} × ${key}`);
  return notes;
}

/** The jobs of this build (DOMAIN.md "Scheduler"). */
export const DEFAULT_JOBS: readonly JobSpec[] = [
  {
    name: 'daily-tick',
    cron: '0 5 * * *',
    action: 'scheduler.dailyTick',
    params: {},
    summary: 'Needs and running-out stock onto the shopping list, big-ticket approval requests, reminders, bills due and overdue, autopay; daily at 05:00.',
    followUps: dailyTickFollowUps,
    describe: describeDailyTick,
  },
  { name: 'hourly-health', cron: '15 * * * *', action: 'health.check', params: {}, summary: 'Compute health, notify when it got worse, raise alerts for failed job runs and waiting approvals; hourly.' },
  { name: 'expire-approvals', cron: '0 * * * *', action: 'approvals.expire', params: {}, summary: 'Expire approvals past their expiry, hourly.' },
  { name: 'daily-backup', cron: '30 3 * * *', action: 'backup.run', params: { scheduled: true }, summary: 'Back up to the backup folder, verify it, rotate old ones; daily at 03:30.' },
  { name: 'daily-audit-verify', cron: '0 4 * * *', action: 'audit.check', params: {}, summary: 'Verify the audit chain against its latest anchor; daily at 04:00.' },
  {
    name: 'weekly-tripwires',
    cron: '0 6 * * 1',
    action: 'tripwire.evaluate',
    params: {},
    summary: 'Evaluate the enabled KPI tripwires and act on those tripped (alert, throttle an automation, kill switch); Mondays at 06:00.',
    describe: (result) => {
      const evaluations = (result as { evaluations?: { status: string; domain: string; metric: string; actionTaken: string }[] } | undefined)?.evaluations ?? [];
      const tripped = evaluations.filter((e) => e.status === 'tripped');
      if (!evaluations.length) return 'no tripwire is enabled';
      return tripped.length ? tripped.map((e) => `${e.domain}/${e.metric} tripped: ${e.actionTaken}`).join('; ') : `${evaluations.length} evaluated, none tripped`;
    },
  },
];

/** A run started this long after its scheduled time is a catch-up (the app was closed or asleep). */
export const CATCH_UP_AFTER_MS = 10 * 60_000;
/**
 * Runs recorded for occurrences more than this far after now were made under a clock that was
 * wrong (set ahead, then corrected): they do not hold back the current occurrence.
 */
export const FUTURE_RUN_TOLERANCE_MS = 86_400_000;

export interface JobRun {
  job: string;
  scheduledFor: string;
  trigger: 'schedule' | 'catch-up' | 'manual';
  status: 'running' | 'ok' | 'refused' | 'failed';
  decisionId: string | null;
  message: string | null;
}

export interface Scheduler {
  /**
   * Runs every job whose latest occurrence (≤ now) has no run yet, and no run of a later
   * occurrence exists (the clock went back), one after the other; resolves with the runs
   * made. A run is claimed before it starts, so two ticks never run the same occurrence; a
   * job that throws is recorded as failed and the next job still runs.
   */
  tick(): Promise<JobRun[]>;
  /** Runs one job now, outside its schedule (recorded with trigger `manual`). Throws EngineError `not_found` for an unknown job. */
  runJob(name: string): Promise<JobRun>;
  /** Ticks now and then every `intervalMs` (default one minute) until `stop`. */
  start(intervalMs?: number): void;
  /** Ticks at once (the machine woke from sleep): missed runs are caught up once. */
  resume(): void;
  stop(): void;
  readonly jobs: readonly JobSpec[];
}

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  timeZone(): string;
  /** Dispatches as `system`; long actions (a backup) resolve when done. */
  dispatch(action: ActionName, params: unknown): Promise<Result<{ decision: { id: string }; result?: unknown }>>;
  /** Called after a run failed (threw or ended in ERROR), so it is alerted; never throws into the scheduler. */
  onFailure?(run: JobRun): Promise<void> | void;
  jobs?: readonly JobSpec[];
}

/** The scheduled instant of a job's latest occurrence at or before `now`. Throws for a bad cron expression. */
export function latestOccurrence(cron: string, now: Date, timeZone: string): string {
  const at = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone }).prev().toISOString();
  if (at === null) throw new Error(`cron expression "${cron}" has no occurrence before ${now.toISOString()}`);
  return at;
}

/**
 * Checks a five-field cron expression; returns null when valid, else the parser's reason.
 * The contract of a job names its cron; this is what a job definition is checked with.
 */
export function cronProblem(cron: string): string | null {
  if (cron.trim().split(/\s+/).length !== 5) return `"${cron}" is not a five-field cron expression (minute hour day-of-month month day-of-week)`;
  try {
    CronExpressionParser.parse(cron, { strict: false });
    return null;
  } catch (error) {
    return `"${cron}": ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const jobs = deps.jobs ?? DEFAULT_JOBS;
  // jobs given are checked here; the defaults by a test (the first cron parse loads luxon's
  // time zones, a tenth of a cold CLI call that never runs a job)
  for (const job of deps.jobs ?? []) {
    const problem = cronProblem(job.cron);
    if (problem) throw new Error(`job ${job.name}: ${problem}`);
  }
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking = false;

  /** Claims (job, scheduledFor) and runs it; null when another tick claimed it first. */
  async function run(job: JobSpec, scheduledFor: string, trigger: JobRun['trigger']): Promise<JobRun | null> {
    const claimed = sql(deps.db, "INSERT OR IGNORE INTO job_runs (job, scheduled_for, started_at, status, trigger) VALUES (?, ?, ?, 'running', ?)").run(
      job.name,
      scheduledFor,
      deps.clock.now().toISOString(),
      trigger,
    );
    if (claimed.changes === 0) return null;
    let made: JobRun;
    try {
      const result = await deps.dispatch(job.action, job.params);
      if (result.ok) {
        const notes: string[] = job.describe ? [job.describe(result.value.result)] : [];
        const outcomes: { action: string; ok: boolean; message: string | null }[] = [];
        for (const next of job.followUps?.(result.value.result) ?? []) {
          const done = await deps.dispatch(next.action, next.params);
          outcomes.push({ action: next.action, ok: done.ok, message: done.ok ? null : done.error.message });
        }
        notes.push(...describeFollowUps(outcomes));
        made = { job: job.name, scheduledFor, trigger, status: 'ok', decisionId: result.value.decision.id, message: notes.length ? notes.join('; ') : null };
      } else {
        made = {
          job: job.name,
          scheduledFor,
          trigger,
          status: result.error.code === 'internal' ? 'failed' : 'refused',
          decisionId: (result.error.details?.decision as { id?: string } | undefined)?.id ?? null,
          message: result.error.message,
        };
      }
    } catch (error) {
      made = { job: job.name, scheduledFor, trigger, status: 'failed', decisionId: null, message: error instanceof Error ? error.message : String(error) };
    }
    sql(deps.db, 'UPDATE job_runs SET status = ?, decision_id = ?, message = ?, finished_at = ? WHERE job = ? AND scheduled_for = ?').run(
      made.status,
      made.decisionId,
      made.message,
      deps.clock.now().toISOString(),
      job.name,
      scheduledFor,
    );
    if (made.status !== 'ok') deps.log.warn('scheduled job did not complete', { ...made });
    if (made.status === 'failed' && deps.onFailure) {
      try {
        await deps.onFailure(made);
      } catch (error) {
        deps.log.error('alerting a failed job run failed', { job: job.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return made;
  }

  const later = () => sql(deps.db, 'SELECT 1 FROM job_runs WHERE job = ? AND scheduled_for >= ? AND scheduled_for <= ? AND trigger != \'manual\' LIMIT 1');

  const scheduler: Scheduler = {
    jobs,
    async tick() {
      const now = deps.clock.now();
      const made: JobRun[] = [];
      for (const job of jobs) {
        let scheduledFor: string;
        try {
          scheduledFor = latestOccurrence(job.cron, now, deps.timeZone());
        } catch (error) {
          deps.log.error('job has no occurrence', { job: job.name, error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        // the clock went back: an occurrence at or after this one ran already (unless it ran under a clock set far ahead)
        if (later().get(job.name, scheduledFor, new Date(now.getTime() + FUTURE_RUN_TOLERANCE_MS).toISOString())) continue;
        const trigger = now.getTime() - Date.parse(scheduledFor) > CATCH_UP_AFTER_MS ? 'catch-up' : 'schedule';
        const result = await run(job, scheduledFor, trigger);
        if (result) made.push(result);
      }
      return made;
    },
    async runJob(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new EngineError('not_found', `no job "${name}" (jobs: ${jobs.map((j) => j.name).join(', ')})`);
      let at = deps.clock.now();
      // two manual runs in the same millisecond get distinct instants
      while (sql(deps.db, 'SELECT 1 FROM job_runs WHERE job = ? AND scheduled_for = ?').get(name, at.toISOString())) at = new Date(at.getTime() + 1);
      const made = await run(job, at.toISOString(), 'manual');
      if (!made) throw new EngineError('conflict', `job ${name} is running already`);
      return made;
    },
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(() => scheduler.resume(), intervalMs);
      timer.unref?.();
      scheduler.resume();
    },
    resume() {
      // a long job (a backup) may outlast the interval: never two ticks at once
      if (ticking) return;
      ticking = true;
      scheduler
        .tick()
        .catch((error: unknown) => deps.log.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          ticking = false;
        });
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return scheduler;
}
