/**
 * The scheduler's own actions and queries (DOMAIN.md "Scheduler"):
 *
 * - `scheduler.dailyTick`: needs due within NEEDS_WITHIN_DAYS and stock running out proposed as
 *   recommendations (the kinds in `auto` then carried out by the scheduler, one decision each,
 *   under the charter gate), approval requests for big-ticket items, reminders N days before an
 *   occurrence, bills due and overdue (notified once per occurrence; overdue ones alerted),
 *   and the autopay bills due, which the job then pays one `bills.pay` each.
 * - `health.check` (hourly): health now against the last check's, a notification when it got
 *   worse; an alert for each failed job run not alerted yet; a notification for each approval
 *   waiting on a decision.
 * - `scheduler.runNow`: runs a job outside its schedule; the job's own decision is made by
 *   the scheduler (as `system`) in the preparer, and this decision records who asked and
 *   which run it was.
 */
import type { JobRunRecord } from '../../../shared/contract';
import { EngineError } from '../../../shared/contract';
import { formatMoney, householdCurrency } from '../../../shared/domain/money';
import { calendarDateIn, dayNumber } from '../../../shared/domain/time';
import { sql } from '../db/connection';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../handlers';
import { raiseAlert } from '../domains/alerts/store';
import { notify } from '../domains/notifications/notifications';
import { dueOccurrences } from '../domains/schedule/schedule';
import { scoreForecastProposals } from '../domains/automations/kpi';
import { expireRecommendations, propose } from '../domains/automations/recommendations';
import { inventoryProposals, needProposals, requestBigTicketApprovals } from '../domains/shopping/shopping';

/** DOMAIN.md: "Needs due within N days (default 30) become shopping items". */
export const NEEDS_WITHIN_DAYS = 30;
/** How far ahead reminders look: the largest `remindDaysBefore` the contract allows. */
const REMIND_HORIZON_DAYS = 60;

const LEVELS = { green: 0, yellow: 1, red: 2 } as const;
type Level = keyof typeof LEVELS;

type RunRow = { job: string; scheduled_for: string; trigger: JobRunRecord['trigger']; started_at: string; finished_at: string | null; status: JobRunRecord['status']; decision_id: string | null; message: string | null };

const toRun = (r: RunRow): JobRunRecord => ({
  job: r.job,
  scheduledFor: r.scheduled_for,
  trigger: r.trigger,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  decisionId: r.decision_id,
  message: r.message,
});

/** Reminders, bills due and overdue: notifications once per occurrence, alerts for overdue bills. */
function remind(ctx: ActionContext, today: string): { reminders: number; billsDue: number; billsOverdue: number; autopay: { id: string; occurrenceDate: string }[] } {
  const currency = householdCurrency(ctx.settings.currency);
  const todayNumber = dayNumber(today);
  let reminders = 0;
  let billsDue = 0;
  let billsOverdue = 0;
  const autopay: { id: string; occurrenceDate: string }[] = [];
  for (const { entry, date } of dueOccurrences(ctx.db, today, REMIND_HORIZON_DAYS)) {
    const days = dayNumber(date) - todayNumber;
    const when = days < 0 ? `${-days} day${days === -1 ? '' : 's'} overdue` : days === 0 ? 'due today' : `due in ${days} day${days === 1 ? '' : 's'} (${date})`;
    if (entry.kind === 'bill') {
      const amount = formatMoney(entry.amountMinor ?? 0, currency);
      if (entry.autopay && days <= 0 && entry.accountId) {
        autopay.push({ id: entry.id, occurrenceDate: date });
        continue;
      }
      if (days < 0) {
        billsOverdue += 1;
        if (notify(ctx, { kind: 'bill_overdue', title: `Bill overdue: ${entry.payee ?? entry.title}`, body: `${amount} was due on ${date}`, route: 'bills', entity: 'bill', entityId: entry.id, dedupeKey: `bill_overdue:${entry.id}/${date}` })) {
          raiseAlert(ctx, { severity: 'warning', kind: 'bill_overdue', message: `${entry.payee ?? entry.title}: ${amount} was due on ${date}`, entity: 'bill', entityId: `${entry.id}/${date}` });
        }
      } else if (days <= entry.remindDaysBefore) {
        billsDue += 1;
        notify(ctx, { kind: 'bill_due', title: `Bill ${when}: ${entry.payee ?? entry.title}`, body: `${amount}${entry.autopay ? ', paid automatically on the day' : ''}`, route: 'bills', entity: 'bill', entityId: entry.id, dedupeKey: `bill_due:${entry.id}/${date}` });
      }
      continue;
    }
    // needs become shopping items; chores and reminders are reminded
    if (entry.kind === 'need') continue;
    if (days <= entry.remindDaysBefore && notify(ctx, { kind: 'reminder', title: `${entry.title}: ${when}`, body: entry.notes ?? '', route: 'schedule', entity: 'schedule_entry', entityId: entry.id, dedupeKey: `reminder:${entry.id}/${date}` })) {
      reminders += 1;
    }
  }
  return { reminders, billsDue, billsOverdue, autopay };
}

/** "1 need", "3 needs". */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The one line a daily tick's run shows on the Scheduler screen and in `scheduler.runs`:
 * what it added, requested and raised ("2 added to the shopping list, 1 approval requested,
 * 1 bill due"), or "nothing new".
 */
export function describeDailyTick(result: unknown): string {
  const r = (result ?? {}) as Partial<{ recommended: Record<string, number>; auto: unknown[]; expired: number; approvalsRequested: number; reminders: number; billsDue: number; billsOverdue: number; autopay: unknown[] }>;
  const recommended = Object.values(r.recommended ?? {}).reduce((a, n) => a + n, 0);
  const parts = [
    recommended ? `${plural(recommended, 'recommendation')} made` : '',
    r.auto?.length ? `${plural(r.auto.length, 'proposal')} for automations in auto` : '',
    r.expired ? `${plural(r.expired, 'recommendation')} expired` : '',
    r.approvalsRequested ? `${plural(r.approvalsRequested, 'approval')} requested` : '',
    r.reminders ? plural(r.reminders, 'reminder') : '',
    r.billsDue ? `${plural(r.billsDue, 'bill')} due` : '',
    r.billsOverdue ? `${plural(r.billsOverdue, 'bill')} overdue` : '',
    r.autopay?.length ? `${plural(r.autopay.length, 'autopay bill')} to pay` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing new';
}

/** Up to this many approvals requested since the last check get a notification each; more get one together. */
export const APPROVALS_NOTIFIED_ONE_BY_ONE = 3;

/**
 * Notifies the approvals requested since the last health check (all pending ones on the first
 * check) and still pending: one notification each, or one for all of them when there are more
 * than APPROVALS_NOTIFIED_ONE_BY_ONE — a daily tick over a shop can request hundreds, and a
 * desktop notification each would bury the operator.
 */
function notifyApprovalsWaiting(ctx: ActionContext, since: string | null): void {
  const waiting = sql(
    ctx.db,
    "SELECT id, title, requested_by, amount_ceiling_minor FROM approvals WHERE status = 'pending' AND (? IS NULL OR requested_at > ?) ORDER BY requested_at, id",
  ).all(since, since) as { id: string; title: string; requested_by: string; amount_ceiling_minor: number }[];
  const currency = householdCurrency(ctx.settings.currency);
  if (waiting.length > APPROVALS_NOTIFIED_ONE_BY_ONE) {
    const total = waiting.reduce((sum, a) => sum + a.amount_ceiling_minor, 0);
    const named = waiting.slice(0, APPROVALS_NOTIFIED_ONE_BY_ONE).map((a) => a.title);
    notify(ctx, {
      kind: 'approval_waiting',
      title: `${waiting.length} approvals waiting`,
      body: `${formatMoney(total, currency)} in all: ${named.join(', ')} and ${waiting.length - named.length} more`,
      route: 'approvals',
      dedupeKey: `approvals_waiting:${ctx.decisionId}`,
    });
    return;
  }
  for (const a of waiting) {
    notify(ctx, {
      kind: 'approval_waiting',
      title: `Approval waiting: ${a.title}`,
      body: `${formatMoney(a.amount_ceiling_minor, currency)}, requested by ${a.requested_by}`,
      route: 'approvals',
      entity: 'approval',
      entityId: a.id,
      dedupeKey: `approval_waiting:${a.id}`,
    });
  }
}

export const schedulerActions: Pick<ActionHandlers, 'scheduler.dailyTick' | 'health.check' | 'scheduler.runNow'> = {
  'scheduler.dailyTick'(_p, ctx) {
    const today = calendarDateIn(new Date(ctx.now), ctx.settings.timeZone ?? 'UTC');
    // expired first: a subject whose proposal expired may be proposed afresh today
    const expired = expireRecommendations(ctx);
    const forecastHits = scoreForecastProposals(ctx);
    const needs = propose(ctx, 'needs_shopping', needProposals(ctx, NEEDS_WITHIN_DAYS));
    const stock = propose(ctx, 'forecast_reorder', inventoryProposals(ctx));
    const approvalsRequested = requestBigTicketApprovals(ctx);
    const auto = new Set([...needs.auto, ...stock.auto].map((a) => a.recommendationId));
    const toReview = sql(ctx.db, 'SELECT count(*) AS n FROM recommendations WHERE outcome IS NULL').get() as { n: number };
    const waiting = toReview.n - auto.size;
    if (needs.proposed + stock.proposed > 0 && waiting > 0) {
      notify(ctx, {
        kind: 'shopping',
        title: `${plural(waiting, 'recommendation')} to review`,
        body: [stock.proposed ? `${plural(stock.proposed, 'forecast reorder')} new` : '', needs.proposed ? `${plural(needs.proposed, 'need')} due within ${NEEDS_WITHIN_DAYS} days` : '']
          .filter(Boolean)
          .join(', '),
        route: 'automations',
        dedupeKey: `recommendations:${today}`,
      });
    }
    return {
      recommended: { needs_shopping: needs.proposed, forecast_reorder: stock.proposed },
      auto: [...needs.auto, ...stock.auto],
      expired,
      forecastHits,
      approvalsRequested,
      ...remind(ctx, today),
    };
  },

  'health.check'(_p, ctx) {
    const health = ctx.health();
    const last = sql(ctx.db, "SELECT at, result_json FROM decisions WHERE action = 'health.check' AND status = 'OK' AND mode = 'execute' ORDER BY id DESC LIMIT 1").get() as
      | { at: string; result_json: string | null }
      | undefined;
    const previous = last?.result_json ? ((JSON.parse(last.result_json) as { level?: Level }).level ?? null) : null;
    if (ctx.mode === 'execute') {
      if (previous !== null && LEVELS[health.level] > LEVELS[previous]) {
        notify(ctx, {
          kind: 'health',
          title: `Health is ${health.level} (was ${previous})`,
          body: health.reasons.map((r) => r.message).join('; '),
          route: 'ops',
          dedupeKey: `health:${ctx.decisionId}`,
        });
      }
      const failed = sql(
        ctx.db,
        "SELECT job, scheduled_for, message FROM job_runs r WHERE status = 'failed' AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.entity = 'job_run' AND a.entity_id = r.job || '@' || r.scheduled_for)",
      ).all() as { job: string; scheduled_for: string; message: string | null }[];
      for (const run of failed) {
        raiseAlert(ctx, { severity: 'critical', kind: 'job_failed', message: `Job ${run.job} (${run.scheduled_for}) failed: ${run.message ?? 'no message'}`, entity: 'job_run', entityId: `${run.job}@${run.scheduled_for}` });
        notify(ctx, { kind: 'job_failed', title: `Scheduled job ${run.job} failed`, body: run.message ?? '', route: 'scheduler', entity: 'job_run', entityId: `${run.job}@${run.scheduled_for}`, dedupeKey: `job_failed:${run.job}@${run.scheduled_for}` });
      }
      notifyApprovalsWaiting(ctx, last?.at ?? null);
    }
    return { level: health.level, previous, reasons: health.reasons.map((r) => `${r.level}: ${r.message}`) };
  },

  'scheduler.runNow'(p, ctx) {
    const run = ctx.prepared as JobRunRecord | null | undefined;
    if (ctx.mode === 'plan') {
      if (!ctx.services.jobNames().includes(p.job)) throw new EngineError('not_found', `no job "${p.job}" (jobs: ${ctx.services.jobNames().join(', ')})`);
      return { run: { job: p.job, scheduledFor: ctx.now, trigger: 'manual', startedAt: ctx.now, finishedAt: null, status: 'running', decisionId: null, message: 'would run now' } };
    }
    if (!run) throw new EngineError('internal', 'scheduler.runNow runs through dispatchAsync (the job runs before this decision)');
    ctx.record({ entity: 'job_run', entityId: `${run.job}@${run.scheduledFor}`, before: null, after: run });
    ctx.touch('job_runs');
    return { run };
  },
};

export const schedulerPreparers: ActionPreparers = {
  'scheduler.runNow': async (p, ctx) => {
    if (ctx.mode === 'plan') return null;
    if (!ctx.services.jobNames().includes(p.job)) throw new EngineError('not_found', `no job "${p.job}" (jobs: ${ctx.services.jobNames().join(', ')})`);
    const run = await ctx.services.runJob(p.job);
    const row = sql(ctx.db, 'SELECT * FROM job_runs WHERE job = ? AND scheduled_for = ?').get(run.job, run.scheduledFor) as RunRow;
    return toRun(row);
  },
};

export const schedulerQueries: Pick<QueryHandlers, 'scheduler.runs'> = {
  'scheduler.runs'(p, ctx) {
    const where = p.job ? 'WHERE job = ?' : '';
    return (sql(ctx.db, `SELECT * FROM job_runs ${where} ORDER BY started_at DESC, job LIMIT ?`).all(...(p.job ? [p.job] : []), p.limit) as RunRow[]).map(toRun);
  },
};
