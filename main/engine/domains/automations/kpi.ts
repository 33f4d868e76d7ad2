/**
 * KPI events and tripwires (DOMAIN.md "Automations, charter and tripwire"; the seeds'
 * "regression tripwire": a recent window against the baseline window before it,
 * drop % = (baseline − recent) ÷ baseline, then ALERT, THROTTLE or KILL).
 *
 * The engine records: each forecast reorder's hit or miss (`forecast`/`hit_rate`: 1 when the
 * real run-out came within FORECAST_HIT_TOLERANCE_DAYS of the predicted one), each operator
 * verdict on a recommendation (`<kind>`/`acceptance`), cap adherence (`caps`/`adherence`: 1
 * a spend settled within its caps, 0 one refused for breaking them) and approval turnaround
 * (`approvals`/`turnaround_hours`). Operators record their own with
 * `kpi.record`. A window's figure is the mean of its events' values.
 *
 * Windows, for an evaluation at `now`: recent = [now − recentDays, now]; baseline =
 * [now − recentDays − baselineDays, now − recentDays), starting no earlier than the policy's
 * baseline reset. An empty window or a zero baseline is "insufficient data": recorded, no
 * action, no division.
 */
import type { AutomationKind, KpiEvent, TripwireEvaluation, TripwirePolicy } from '../../../../shared/contract';
import { AUTOMATION_LABELS, EngineError } from '../../../../shared/contract';
import { dayNumber, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';
import { raiseAlert } from '../alerts/store';
import { updateGovernance } from '../../governance/state';
import { dayOf } from '../inventory/store';
import { readCharter, writeCharter } from './charter';

/**
 * A predicted run-out within this many days of the real one is a hit: half the 7-day review
 * period, rounded down — a reorder placed on the prediction still arrives in time.
 */
export const FORECAST_HIT_TOLERANCE_DAYS = 3;

type KpiRow = { id: number; at: string; domain: string; metric: string; value: number; source: KpiEvent['source']; subject: string | null; recorded_by: string };
const toEvent = (r: KpiRow): KpiEvent => ({ id: r.id, at: r.at, domain: r.domain, metric: r.metric, value: r.value, source: r.source, subject: r.subject, recordedBy: r.recorded_by });

/** Records one KPI event in the acting decision (audited); `at` defaults to the decision's instant. */
export function recordKpi(ctx: ActionContext, e: { domain: string; metric: string; value: number; subject?: string | null; source: KpiEvent['source']; at?: string }): KpiEvent {
  const info = sql(ctx.db, 'INSERT INTO kpi_events (at, domain, metric, value, source, subject, recorded_by, decision_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.at ?? ctx.now,
    e.domain,
    e.metric,
    e.value,
    e.source,
    e.subject ?? null,
    ctx.actorName,
    ctx.decisionId,
  );
  const event = toEvent(sql(ctx.db, 'SELECT * FROM kpi_events WHERE id = ?').get(info.lastInsertRowid) as KpiRow);
  ctx.record({ entity: 'kpi_event', entityId: String(event.id), before: null, after: event });
  ctx.touch('kpi_events');
  return event;
}

/**
 * Scores forecast reorder proposals whose outcome is known (the daily tick's step): from the
 * proposal's instant, the item's real demand (consume, sale, spoil) is summed day by day
 * until it reaches the on-hand the forecast started from; that day is the real run-out. A
 * hit when it is within FORECAST_HIT_TOLERANCE_DAYS of the predicted day; a miss when it
 * came earlier than that, or has not come by the predicted day + tolerance. Returns counts.
 */
export function scoreForecastProposals(ctx: ActionContext): { hits: number; misses: number } {
  const timeZone = ctx.settings.timeZone ?? 'UTC';
  const today = dayOf(ctx.now, timeZone);
  const pending = sql(ctx.db, "SELECT id, subject, basis_json, created_at FROM recommendations WHERE kind = 'forecast_reorder' AND kpi_recorded_at IS NULL").all() as {
    id: string;
    subject: string;
    basis_json: string | null;
    created_at: string;
  }[];
  const demand = sql(
    ctx.db,
    "SELECT occurred_day AS day, -sum(qty) AS qty FROM stock_journal WHERE item_id = ? AND kind IN ('consume','sale','spoil') AND qty < 0 AND occurred_at > ? AND occurred_day <= ? GROUP BY occurred_day ORDER BY occurred_day",
  );
  const mark = sql(ctx.db, 'UPDATE recommendations SET kpi_recorded_at = ? WHERE id = ?');
  let hits = 0;
  let misses = 0;
  let marked = 0;
  for (const rec of pending) {
    const basis = rec.basis_json ? (JSON.parse(rec.basis_json) as { runOutDate?: string | null; onHand?: number; itemId?: string }) : {};
    if (!basis.runOutDate || basis.onHand === undefined || !basis.itemId) {
      // a proposal without a prediction (stock at its minimum) is never scored
      mark.run(ctx.now, rec.id);
      marked += 1;
      continue;
    }
    const predicted = dayNumber(basis.runOutDate);
    let left = basis.onHand;
    let actual: number | null = left <= 0 ? dayOf(rec.created_at, timeZone) : null;
    if (actual === null) {
      for (const d of demand.iterate(basis.itemId, rec.created_at, today) as Iterable<{ day: number; qty: number }>) {
        left -= d.qty;
        if (left <= 1e-9) {
          actual = d.day;
          break;
        }
      }
    }
    let hit: boolean | null = null;
    if (actual !== null) hit = Math.abs(actual - predicted) <= FORECAST_HIT_TOLERANCE_DAYS;
    else if (today > predicted + FORECAST_HIT_TOLERANCE_DAYS) hit = false;
    if (hit === null) continue;
    recordKpi(ctx, {
      domain: 'forecast',
      metric: 'hit_rate',
      value: hit ? 1 : 0,
      subject: rec.id,
      source: 'engine',
    });
    mark.run(ctx.now, rec.id);
    marked += 1;
    if (hit) hits += 1;
    else misses += 1;
  }
  if (marked) ctx.touch('recommendations');
  return { hits, misses };
}

type PolicyRow = {
  domain: string;
  metric: string;
  baseline_days: number;
  recent_days: number;
  max_drop_pct: number;
  action: TripwirePolicy['action'];
  kind: AutomationKind | null;
  enabled: number;
  baseline_reset_at: string | null;
  updated_at: string;
  updated_by: string;
};
type EvaluationRow = {
  id: number;
  at: string;
  domain: string;
  metric: string;
  baseline_from: string;
  recent_from: string;
  baseline_count: number;
  baseline_mean: number | null;
  recent_count: number;
  recent_mean: number | null;
  drop_pct: number | null;
  max_drop_pct: number;
  status: TripwireEvaluation['status'];
  action_taken: string;
  decision_id: string;
};

const toEvaluation = (r: EvaluationRow): TripwireEvaluation => ({
  id: r.id,
  at: r.at,
  domain: r.domain,
  metric: r.metric,
  baselineFrom: r.baseline_from,
  recentFrom: r.recent_from,
  baselineCount: r.baseline_count,
  baselineMean: r.baseline_mean,
  recentCount: r.recent_count,
  recentMean: r.recent_mean,
  dropPct: r.drop_pct,
  maxDropPct: r.max_drop_pct,
  status: r.status,
  actionTaken: r.action_taken,
  decisionId: r.decision_id,
});

function lastEvaluation(db: Db, domain: string, metric: string): TripwireEvaluation | null {
  const row = sql(db, 'SELECT * FROM tripwire_evaluations WHERE domain = ? AND metric = ? ORDER BY id DESC LIMIT 1').get(domain, metric) as EvaluationRow | undefined;
  return row ? toEvaluation(row) : null;
}

const toPolicy = (db: Db, r: PolicyRow): TripwirePolicy => ({
  domain: r.domain,
  metric: r.metric,
  baselineDays: r.baseline_days,
  recentDays: r.recent_days,
  maxDropPct: r.max_drop_pct,
  action: r.action,
  kind: r.kind,
  enabled: r.enabled === 1,
  baselineResetAt: r.baseline_reset_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  last: lastEvaluation(db, r.domain, r.metric),
});

/** One tripwire policy; throws EngineError `not_found`. */
export function getPolicy(db: Db, domain: string, metric: string): TripwirePolicy {
  const row = sql(db, 'SELECT * FROM tripwire_policies WHERE domain = ? AND metric = ?').get(domain, metric) as PolicyRow | undefined;
  if (!row) throw new EngineError('not_found', `no tripwire for ${domain}/${metric}`);
  return toPolicy(db, row);
}

/** Policies whose latest evaluation tripped: the ops board's list. */
export function trippedWires(db: Db): TripwirePolicy[] {
  return (sql(db, 'SELECT * FROM tripwire_policies ORDER BY domain, metric').all() as PolicyRow[]).map((r) => toPolicy(db, r)).filter((p) => p.last?.status === 'tripped');
}

/** The ops board's panel: kinds in auto, tripped wires, recommendations waiting. */
export function automationsSummary(db: Db): { auto: AutomationKind[]; tripped: TripwirePolicy[]; openRecommendations: number } {
  const auto = (sql(db, "SELECT kind FROM automation_charters WHERE mode = 'auto' ORDER BY kind").all() as { kind: AutomationKind }[]).map((r) => r.kind);
  const open = (sql(db, 'SELECT count(*) AS n FROM recommendations WHERE outcome IS NULL').get() as { n: number }).n;
  return { auto, tripped: trippedWires(db), openRecommendations: open };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const DAY_MS = 86_400_000;

/**
 * Evaluates one policy at ctx.now: windows, means, drop %, and the action when the drop is
 * beyond the limit (ALERT raises an alert; THROTTLE also moves the kind from auto back to
 * suggest; KILL also engages the kill switch with the figures as its reason). Recorded.
 */
function evaluatePolicy(ctx: ActionContext, policy: TripwirePolicy): TripwireEvaluation {
  const now = Date.parse(ctx.now);
  const recentFrom = new Date(now - policy.recentDays * DAY_MS).toISOString();
  const windowStart = new Date(now - (policy.recentDays + policy.baselineDays) * DAY_MS).toISOString();
  const baselineFrom = policy.baselineResetAt && policy.baselineResetAt > windowStart ? policy.baselineResetAt : windowStart;
  const stats = sql(ctx.db, 'SELECT count(*) AS n, avg(value) AS mean FROM kpi_events WHERE domain = ? AND metric = ? AND at >= ? AND at < ?');
  const baseline = stats.get(policy.domain, policy.metric, baselineFrom, recentFrom) as { n: number; mean: number | null };
  const recent = stats.get(policy.domain, policy.metric, recentFrom, new Date(now + 1).toISOString()) as { n: number; mean: number | null };
  const measurable = baseline.n > 0 && recent.n > 0 && baseline.mean !== null && recent.mean !== null && baseline.mean !== 0;
  const dropPct = measurable ? round1(((baseline.mean as number) - (recent.mean as number)) / Math.abs(baseline.mean as number) * 100) : null;
  const status: TripwireEvaluation['status'] = dropPct === null ? 'insufficient_data' : dropPct > policy.maxDropPct ? 'tripped' : 'ok';
  let actionTaken = 'none';
  if (status === 'tripped') {
    const figures = `${policy.domain}/${policy.metric} fell ${dropPct} % (baseline ${round1((baseline.mean ?? 0) * 100) / 100} over ${baseline.n} events, recent ${round1((recent.mean ?? 0) * 100) / 100} over ${recent.n}), beyond its ${policy.maxDropPct} % limit`;
    actionTaken = 'alert raised';
    if (policy.action === 'THROTTLE' && policy.kind) {
      const charter = readCharter(ctx.db, policy.kind);
      if (charter.mode === 'auto') {
        writeCharter(ctx, policy.kind, { mode: 'suggest' });
        actionTaken = `${AUTOMATION_LABELS[policy.kind].label} throttled from auto to suggest`;
      } else actionTaken = `alert raised; ${AUTOMATION_LABELS[policy.kind].label} was in ${charter.mode} already`;
    }
    if (policy.action === 'KILL') {
      if (!ctx.governance.killEngaged) {
        const { before, after } = updateGovernance(ctx.db, { killEngaged: true, killReason: `tripwire: ${figures}`, killEngagedAt: ctx.now, killEngagedBy: ctx.actorName });
        ctx.record({ entity: 'governance', entityId: 'state', before, after });
        ctx.touch('governance_state');
        actionTaken = 'kill switch engaged';
      } else actionTaken = 'alert raised; the kill switch was engaged already';
    }
    raiseAlert(ctx, { severity: policy.action === 'ALERT' ? 'warning' : 'critical', kind: 'tripwire', message: `Tripwire: ${figures}. ${actionTaken}.`, entity: 'tripwire', entityId: `${policy.domain}/${policy.metric}` });
  }
  const info = sql(
    ctx.db,
    `INSERT INTO tripwire_evaluations (at, domain, metric, baseline_from, recent_from, baseline_count, baseline_mean, recent_count, recent_mean, drop_pct, max_drop_pct, status, action_taken, decision_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(ctx.now, policy.domain, policy.metric, baselineFrom, recentFrom, baseline.n, baseline.mean, recent.n, recent.mean, dropPct, policy.maxDropPct, status, actionTaken, ctx.decisionId);
  const evaluation = toEvaluation(sql(ctx.db, 'SELECT * FROM tripwire_evaluations WHERE id = ?').get(info.lastInsertRowid) as EvaluationRow);
  ctx.record({ entity: 'tripwire_evaluation', entityId: String(evaluation.id), before: null, after: evaluation });
  ctx.touch('tripwire_evaluations');
  return evaluation;
}

export const kpiActions: Pick<ActionHandlers, 'kpi.record' | 'tripwire.setPolicy' | 'tripwire.evaluate' | 'tripwire.resetBaseline'> = {
  'kpi.record'(p, ctx) {
    if (p.at && p.at > ctx.now) throw new EngineError('invalid', `at ${p.at} is in the future (now is ${ctx.now})`, { issues: [{ path: ['at'], message: 'in the future' }] });
    return recordKpi(ctx, { domain: p.domain, metric: p.metric, value: p.value, at: p.at, source: 'operator' });
  },

  'tripwire.setPolicy'(p, ctx) {
    const existing = sql(ctx.db, 'SELECT * FROM tripwire_policies WHERE domain = ? AND metric = ?').get(p.domain, p.metric) as PolicyRow | undefined;
    const before = existing ? toPolicy(ctx.db, existing) : null;
    sql(
      ctx.db,
      `INSERT INTO tripwire_policies (domain, metric, baseline_days, recent_days, max_drop_pct, action, kind, enabled, baseline_reset_at, updated_at, updated_by)
       VALUES (@domain, @metric, @baselineDays, @recentDays, @maxDropPct, @action, @kind, @enabled, NULL, @now, @by)
       ON CONFLICT (domain, metric) DO UPDATE SET baseline_days = @baselineDays, recent_days = @recentDays, max_drop_pct = @maxDropPct, action = @action, kind = @kind,
         enabled = @enabled, updated_at = @now, updated_by = @by`,
    ).run({ ...p, kind: p.kind ?? null, enabled: p.enabled ? 1 : 0, now: ctx.now, by: ctx.actorName });
    const after = getPolicy(ctx.db, p.domain, p.metric);
    ctx.record({ entity: 'tripwire_policy', entityId: `${p.domain}/${p.metric}`, before, after: { ...after, last: undefined } });
    ctx.touch('tripwire_policies');
    return after;
  },

  'tripwire.evaluate'(p, ctx) {
    let rows: PolicyRow[];
    if (p.domain || p.metric) {
      if (!p.domain || !p.metric) throw new EngineError('invalid', 'give both domain and metric, or neither (all enabled tripwires)', { issues: [{ path: [p.domain ? 'metric' : 'domain'], message: 'required with the other' }] });
      const policy = getPolicy(ctx.db, p.domain, p.metric);
      if (!policy.enabled) throw new EngineError('conflict', `the ${p.domain}/${p.metric} tripwire is off: enable it first`);
      rows = [sql(ctx.db, 'SELECT * FROM tripwire_policies WHERE domain = ? AND metric = ?').get(p.domain, p.metric) as PolicyRow];
    } else {
      rows = sql(ctx.db, 'SELECT * FROM tripwire_policies WHERE enabled = 1 ORDER BY domain, metric').all() as PolicyRow[];
    }
    return { evaluations: rows.map((r) => evaluatePolicy(ctx, toPolicy(ctx.db, r))) };
  },

  'tripwire.resetBaseline'(p, ctx) {
    const before = getPolicy(ctx.db, p.domain, p.metric);
    sql(ctx.db, 'UPDATE tripwire_policies SET baseline_reset_at = ?, updated_at = ?, updated_by = ? WHERE domain = ? AND metric = ?').run(ctx.now, ctx.now, ctx.actorName, p.domain, p.metric);
    const after = getPolicy(ctx.db, p.domain, p.metric);
    ctx.record({ entity: 'tripwire_policy', entityId: `${p.domain}/${p.metric}`, before: { baselineResetAt: before.baselineResetAt }, after: { baselineResetAt: after.baselineResetAt, reason: p.reason } });
    ctx.touch('tripwire_policies');
    return after;
  },
};

export const kpiQueries: Pick<QueryHandlers, 'kpi.series' | 'kpi.metrics' | 'tripwire.list' | 'tripwire.evaluations'> = {
  'kpi.series'(p, ctx) {
    const timeZone = ctx.settings.timeZone ?? 'UTC';
    const now = ctx.clock.now();
    const from = new Date(now.getTime() - p.days * DAY_MS).toISOString();
    const events = (sql(ctx.db, 'SELECT * FROM kpi_events WHERE domain = ? AND metric = ? AND at >= ? ORDER BY at, id').all(p.domain, p.metric, from) as KpiRow[]).map(toEvent);
    const byDay = new Map<string, { count: number; sum: number }>();
    for (const e of events) {
      const day = dayToDate(dayOf(e.at, timeZone));
      const slot = byDay.get(day) ?? { count: 0, sum: 0 };
      slot.count += 1;
      slot.sum += e.value;
      byDay.set(day, slot);
    }
    return {
      domain: p.domain,
      metric: p.metric,
      points: [...byDay].map(([day, s]) => ({ day, count: s.count, mean: s.sum / s.count })),
      recent: events.slice(-20).reverse(),
    };
  },
  'kpi.metrics'(_p, ctx) {
    return sql(ctx.db, 'SELECT domain, metric, count(*) AS count, max(at) AS lastAt, avg(value) AS mean FROM kpi_events GROUP BY domain, metric ORDER BY domain, metric').all() as {
      domain: string;
      metric: string;
      count: number;
      lastAt: string;
      mean: number;
    }[];
  },
  'tripwire.list'(_p, ctx) {
    return (sql(ctx.db, 'SELECT * FROM tripwire_policies ORDER BY domain, metric').all() as PolicyRow[]).map((r) => toPolicy(ctx.db, r));
  },
  'tripwire.evaluations'(p, ctx) {
    const where = [p.domain ? 'domain = @domain' : '1', p.metric ? 'metric = @metric' : '1'].join(' AND ');
    return (sql(ctx.db, `SELECT * FROM tripwire_evaluations WHERE ${where} ORDER BY id DESC LIMIT @limit`).all({ domain: p.domain ?? null, metric: p.metric ?? null, limit: p.limit }) as EvaluationRow[]).map(toEvaluation);
  },
};
