/**
 * What the audit report's PDF summarises for a range of household days (DOMAIN.md "Alerts,
 * notifications, ops board, reports"): decisions by status, approvals, spend by category and
 * by day against the caps, cap warnings and overrides, band, go-live and kill-switch changes,
 * work sessions, playbook runs, and the range's audit sequence numbers.
 *
 * Read-only and memory-bounded: counts and sums are computed by SQLite (GROUP BY), and every
 * list of rows stops at `LIST_LIMIT` with the total beside it, so 100,000 decisions in range
 * cost no more memory than ten.
 */
import { DECISION_STATUSES } from '../../../shared/contract/schemas';
import { sql, type Db } from '../db/connection';
import { CAP_WARNINGS, householdDay } from '../governance/spending';

/** Most rows any list of the summary holds; `total` says how many there are. */
export const LIST_LIMIT = 200;
/** How many actions `decisions.topActions` names. */
export const TOP_ACTIONS = 10;

/**
 * The range reported: household days `from`…`to` (inclusive, `YYYY-MM-DD`), the instants they
 * span in the household time zone (`fromInstant` inclusive, `toInstant` exclusive, ISO UTC),
 * optionally one work session, the household time zone and currency (ISO 4217).
 */
export interface ReportRange {
  from: string;
  to: string;
  fromInstant: string;
  toInstant: string;
  sessionId: string | null;
  timeZone: string;
  currency: string;
}

export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** The first `LIST_LIMIT` rows of a list and how many the list has in all. */
export interface Listed<T> {
  rows: T[];
  total: number;
}

export interface ActionCount {
  action: string;
  /** Executed decisions of the action in range. */
  count: number;
  /** Of which not `OK` (blocked, held for approval, invalid, failed). */
  notOk: number;
}

export interface ReportApproval {
  id: string;
  title: string;
  /** The approval's amount ceiling, minor units of the household currency. */
  amountMinor: number;
  category: string | null;
  status: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  selfApproved: boolean;
}

/** A daily spend cap policy from `day` on (minor units; null: no spend cap). */
export interface CapStep {
  day: string;
  capMinor: number | null;
}

export interface CategorySpend {
  /** The spend's category; `null` when the spend recorded none. */
  category: string | null;
  /** Settled spend in range, minor units. */
  spentMinor: number;
  /** Spends settled. */
  count: number;
  /** The category's daily spend cap in force at the end of the range, minor units; null without a policy. */
  dailyCapMinor: number | null;
  /** The household day the category spent most, and how much (minor units). */
  peakDay: string;
  peakDayMinor: number;
}

export interface DaySpend {
  /** Household day `YYYY-MM-DD`. */
  day: string;
  /** GLOBAL scope (every spend): settled spend, spends, losses (refunds, spoilage, write-offs), minor units. */
  spentMinor: number;
  count: number;
  lossMinor: number;
  /** What owners added to the day's GLOBAL spend cap, minor units. */
  overrideMinor: number;
  /** The GLOBAL daily spend cap in force that day plus the day's overrides, minor units; null without a spend cap. */
  capMinor: number | null;
}

export interface CapWarning {
  at: string;
  /** Percent of the tightest daily cap crossed: 80, 90 or 100. */
  level: number;
  severity: string;
  /** Cap scope (`GLOBAL` or a category) and household day, from the alert's entity. */
  scope: string | null;
  day: string | null;
  message: string;
  acknowledgedBy: string | null;
}

export interface CapOverride {
  at: string;
  by: string | null;
  scope: string;
  day: string;
  /** What the override added to the day's spend cap, minor units. */
  extraMinor: number;
  reason: string | null;
}

export interface BandChange {
  at: string;
  by: string | null;
  from: string;
  to: string;
  reason: string | null;
}

export interface KillSwitchEvent {
  at: string;
  by: string | null;
  event: 'engaged' | 'released';
  reason: string | null;
}

export interface GoLiveChange {
  at: string;
  by: string | null;
  /** Execution after the change: on (true) or off. */
  enabled: boolean;
  /** The action that changed it: `governance.setGoLive` or the Go-live playbook's last step. */
  action: string;
}

export interface ReportSession {
  id: string;
  status: string;
  startedAt: string;
  startedBy: string;
  startNotes: string | null;
  endedAt: string | null;
  endedBy: string | null;
  endNotes: string | null;
  /** The session's executed decisions within the range. */
  decisions: number;
}

export interface ReportRun {
  id: string;
  key: string;
  title: string;
  version: number;
  status: string;
  startedAt: string;
  startedBy: string;
  endedAt: string | null;
  endedBy: string | null;
  abandonReason: string | null;
  steps: number;
  done: number;
  skipped: number;
}

/** Everything the PDF shows; money in integer minor units of `range.currency`. */
export interface ReportSummary {
  range: ReportRange;
  decisions: { total: number; byStatus: Record<DecisionStatus, number>; topActions: ActionCount[] };
  approvals: Listed<ReportApproval> & { byStatus: Record<string, number> };
  spend: {
    /** Σ of `byCategory`: settled spend in range (the session's, when one is given). */
    totalMinor: number;
    count: number;
    byCategory: CategorySpend[];
    /** Days with any GLOBAL usage, in order. */
    byDay: DaySpend[];
    /** The GLOBAL daily spend cap policy over the range (overrides not included): read with `capOn`. */
    globalCap: CapStep[];
  };
  capWarnings: Listed<CapWarning>;
  capOverrides: Listed<CapOverride>;
  bandChanges: Listed<BandChange>;
  killSwitch: Listed<KillSwitchEvent>;
  goLiveChanges: Listed<GoLiveChange>;
  sessions: Listed<ReportSession>;
  playbookRuns: Listed<ReportRun>;
  /** Audit events in range; first and last sequence numbers, null when there are none. */
  audit: { events: number; firstSeq: number | null; lastSeq: number | null };
}

/** Named parameters every query binds: the instants and the session (null: any). */
type Bind = { from: string; to: string; session: string | null; limit: number };

const IN_RANGE = (alias: string) => `${alias}.at >= @from AND ${alias}.at < @to AND (@session IS NULL OR ${alias}.session_id = @session)`;

/** Counts a list with `countSql` and reads its first `LIST_LIMIT` rows with `rowsSql`. */
function listed<R, T>(db: Db, bind: Bind, countSql: string, rowsSql: string, map: (row: R) => T): Listed<T> {
  const total = (sql(db, countSql).get(bind) as { n: number }).n;
  const rows = total === 0 ? [] : (sql(db, rowsSql).all(bind) as R[]).map(map);
  return { rows, total };
}

function decisionCounts(db: Db, bind: Bind): ReportSummary['decisions'] {
  const where = `d.mode = 'execute' AND ${IN_RANGE('d')}`;
  const byStatus = Object.fromEntries(DECISION_STATUSES.map((s) => [s, 0])) as Record<DecisionStatus, number>;
  for (const r of sql(db, `SELECT d.status, count(*) AS n FROM decisions d WHERE ${where} GROUP BY d.status`).all(bind) as { status: DecisionStatus; n: number }[]) {
    byStatus[r.status] = r.n;
  }
  const topActions = sql(
    db,
    `SELECT d.action, count(*) AS count, sum(d.status <> 'OK') AS notOk FROM decisions d WHERE ${where}
     GROUP BY d.action ORDER BY count DESC, d.action LIMIT ${TOP_ACTIONS}`,
  ).all(bind) as ActionCount[];
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, topActions };
}

function approvals(db: Db, bind: Bind): ReportSummary['approvals'] {
  // approvals carry no session: a session's are those its events created or changed
  const where = `((a.requested_at >= @from AND a.requested_at < @to) OR (a.decided_at >= @from AND a.decided_at < @to))
    AND (@session IS NULL OR a.id IN (SELECT entity_id FROM audit_events WHERE session_id = @session AND entity = 'approval'))`;
  const byStatus: Record<string, number> = {};
  for (const r of sql(db, `SELECT a.status, count(*) AS n FROM approvals a WHERE ${where} GROUP BY a.status`).all(bind) as { status: string; n: number }[]) {
    byStatus[r.status] = r.n;
  }
  type Row = {
    id: string;
    title: string;
    amount_ceiling_minor: number;
    category: string | null;
    status: string;
    requested_by: string;
    requested_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    self_approved: number;
  };
  const list = listed<Row, ReportApproval>(
    db,
    bind,
    `SELECT count(*) AS n FROM approvals a WHERE ${where}`,
    `SELECT a.* FROM approvals a WHERE ${where} ORDER BY a.requested_at, a.id LIMIT @limit`,
    (r) => ({
      id: r.id,
      title: r.title,
      amountMinor: r.amount_ceiling_minor,
      category: r.category,
      status: r.status,
      requestedBy: r.requested_by,
      requestedAt: r.requested_at,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
      selfApproved: r.self_approved === 1,
    }),
  );
  return { ...list, byStatus };
}

/** The cap in force on `day`: the last step starting on or before it (the first step when none). */
export function capOn(steps: readonly CapStep[], day: string): number | null {
  let cap = steps[0]?.capMinor ?? null;
  for (const step of steps) if (step.day <= day) cap = step.capMinor;
  return cap;
}

/**
 * A scope's daily spend cap policy over the range, as steps: the first at `range.from`, then
 * one per household day on which an audited change altered it. The cap in force on a day is
 * the policy after the last change on or before that day; before the first change, that
 * change's `before`; without changes, the current policy.
 */
function capSteps(db: Db, scope: string, range: ReportRange): CapStep[] {
  type Cap = { dailySpendCapMinor?: number | null } | null;
  const changes = (
    sql(db, "SELECT at, before_json, after_json FROM audit_events WHERE entity = 'cap_policy' AND entity_id = ? ORDER BY seq").all(scope) as {
      at: string;
      before_json: string;
      after_json: string;
    }[]
  ).map((c) => ({
    day: householdDay(c.at, range.timeZone),
    before: (JSON.parse(c.before_json) as Cap)?.dailySpendCapMinor ?? null,
    after: (JSON.parse(c.after_json) as Cap)?.dailySpendCapMinor ?? null,
  }));
  const current = (sql(db, 'SELECT daily_spend_cap_minor AS cap FROM cap_policy WHERE scope = ?').get(scope) as { cap: number | null } | undefined)?.cap ?? null;
  const inForce = (day: string): number | null => {
    const last = changes.filter((c) => c.day <= day).at(-1);
    if (last) return last.after;
    return changes[0] ? changes[0].before : current;
  };
  const steps: CapStep[] = [{ day: range.from, capMinor: inForce(range.from) }];
  for (const c of changes) {
    if (c.day <= range.from || c.day > range.to) continue;
    const capMinor = inForce(c.day);
    const last = steps.at(-1) as CapStep;
    if (last.day === c.day) last.capMinor = capMinor;
    else if (last.capMinor !== capMinor) steps.push({ day: c.day, capMinor });
  }
  return steps;
}

/**
 * Settled spend, from the GLOBAL scope's cap-usage audit events (every spend settles there
 * once; the increase of `spentMinor` is the amount). A spend's category is the one its own
 * decision recorded on the entity it spent on (purchase request, ledger entry, approval).
 */
function spendByCategory(db: Db, bind: Bind, range: ReportRange): CategorySpend[] {
  const rows = sql(
    db,
    `WITH settled AS (
       SELECT e.decision_id, substr(e.entity_id, 1, 10) AS day,
              json_extract(e.after_json, '$.spentMinor') - json_extract(e.before_json, '$.spentMinor') AS amount
       FROM audit_events e
       WHERE e.entity = 'cap_usage' AND e.entity_id LIKE '%/GLOBAL' AND ${IN_RANGE('e')}
         AND json_extract(e.after_json, '$.spentMinor') > json_extract(e.before_json, '$.spentMinor'))
     SELECT (SELECT json_extract(x.after_json, '$.category') FROM audit_events x
             WHERE x.decision_id = s.decision_id AND x.entity <> 'cap_usage' AND json_extract(x.after_json, '$.category') IS NOT NULL
             ORDER BY x.seq LIMIT 1) AS category,
            s.day, sum(s.amount) AS spent, count(*) AS n
     FROM settled s GROUP BY category, s.day`,
  ).all(bind) as { category: string | null; day: string; spent: number; n: number }[];
  const byCategory = new Map<string | null, CategorySpend>();
  for (const r of rows) {
    const c = byCategory.get(r.category) ?? { category: r.category, spentMinor: 0, count: 0, dailyCapMinor: null, peakDay: r.day, peakDayMinor: 0 };
    c.spentMinor += r.spent;
    c.count += r.n;
    if (r.spent > c.peakDayMinor) Object.assign(c, { peakDay: r.day, peakDayMinor: r.spent });
    byCategory.set(r.category, c);
  }
  const list = [...byCategory.values()].sort((a, b) => b.spentMinor - a.spentMinor || String(a.category).localeCompare(String(b.category)));
  for (const c of list) if (c.category !== null) c.dailyCapMinor = capOn(capSteps(db, c.category, range), range.to);
  return list;
}

/**
 * The GLOBAL scope per household day. For a range: its cap-usage rows. For a session (usage
 * is not kept per session): the increases its own cap-usage audit events made.
 */
function spendByDay(db: Db, bind: Bind, range: ReportRange, globalCap: readonly CapStep[]): DaySpend[] {
  type Row = { day: string; spent: number; count: number; loss: number; override: number };
  const rows =
    range.sessionId === null
      ? (sql(
          db,
          `SELECT day, spent_minor AS spent, count, loss_minor AS loss, override_minor AS override FROM cap_usage
           WHERE scope = 'GLOBAL' AND day >= ? AND day <= ? AND (spent_minor > 0 OR count > 0 OR loss_minor > 0 OR override_minor > 0) ORDER BY day`,
        ).all(range.from, range.to) as Row[])
      : (sql(
          db,
          `SELECT substr(e.entity_id, 1, 10) AS day,
                  sum(max(json_extract(e.after_json, '$.spentMinor') - json_extract(e.before_json, '$.spentMinor'), 0)) AS spent,
                  sum(max(json_extract(e.after_json, '$.count') - json_extract(e.before_json, '$.count'), 0)) AS count,
                  sum(max(json_extract(e.after_json, '$.lossMinor') - json_extract(e.before_json, '$.lossMinor'), 0)) AS loss,
                  sum(max(json_extract(e.after_json, '$.overrideMinor') - json_extract(e.before_json, '$.overrideMinor'), 0)) AS override
           FROM audit_events e WHERE e.entity = 'cap_usage' AND e.entity_id LIKE '%/GLOBAL' AND ${IN_RANGE('e')}
           GROUP BY day ORDER BY day`,
        ).all(bind) as Row[]);
  return rows.map((r) => {
    const policy = capOn(globalCap, r.day);
    return { day: r.day, spentMinor: r.spent, count: r.count, lossMinor: r.loss, overrideMinor: r.override, capMinor: policy === null ? null : policy + r.override };
  });
}

const WARNING_KINDS = CAP_WARNINGS.map((level) => `'cap_${Math.round(level * 100)}'`).join(', ');

function capWarnings(db: Db, bind: Bind): Listed<CapWarning> {
  const where = `a.kind IN (${WARNING_KINDS}) AND a.at >= @from AND a.at < @to
    AND (@session IS NULL OR a.id IN (SELECT entity_id FROM audit_events WHERE session_id = @session AND entity = 'alert'))`;
  type Row = { at: string; kind: string; severity: string; entity_id: string | null; message: string; acknowledged_by: string | null };
  return listed<Row, CapWarning>(
    db,
    bind,
    `SELECT count(*) AS n FROM alerts a WHERE ${where}`,
    `SELECT a.at, a.kind, a.severity, a.entity_id, a.message, a.acknowledged_by FROM alerts a WHERE ${where} ORDER BY a.at, a.id LIMIT @limit`,
    (r) => {
      const [day, scope] = r.entity_id?.split('/') ?? [];
      return { at: r.at, level: Number(r.kind.slice('cap_'.length)), severity: r.severity, scope: scope ?? null, day: day ?? null, message: r.message, acknowledgedBy: r.acknowledged_by };
    },
  );
}

function capOverrides(db: Db, bind: Bind): Listed<CapOverride> {
  const where = `e.entity = 'cap_usage' AND e.action = 'caps.override' AND ${IN_RANGE('e')}`;
  type Row = { at: string; by: string | null; entity_id: string; extra: number; reason: string | null };
  return listed<Row, CapOverride>(
    db,
    bind,
    `SELECT count(*) AS n FROM audit_events e WHERE ${where}`,
    `SELECT e.at, d.operator_name AS by, e.entity_id,
            json_extract(e.after_json, '$.overrideMinor') - json_extract(e.before_json, '$.overrideMinor') AS extra,
            json_extract(e.after_json, '$.overrideReason') AS reason
     FROM audit_events e LEFT JOIN decisions d ON d.id = e.decision_id WHERE ${where} ORDER BY e.seq LIMIT @limit`,
    (r) => {
      const slash = r.entity_id.indexOf('/');
      return { at: r.at, by: r.by, day: r.entity_id.slice(0, slash), scope: r.entity_id.slice(slash + 1), extraMinor: r.extra, reason: r.reason };
    },
  );
}

/**
 * Changes of one field of the governance row, read from its audit events' before/after
 * (whatever action made them: `governance.*`, the Go-live playbook's last step).
 */
function governanceChanges<R, T>(db: Db, bind: Bind, field: string, columns: string, map: (row: R) => T): Listed<T> {
  const where = `e.entity = 'governance' AND ${IN_RANGE('e')} AND json_extract(e.before_json, '$.${field}') IS NOT json_extract(e.after_json, '$.${field}')`;
  return listed(
    db,
    bind,
    `SELECT count(*) AS n FROM audit_events e WHERE ${where}`,
    `SELECT e.at, e.action, d.operator_name AS by, ${columns} FROM audit_events e LEFT JOIN decisions d ON d.id = e.decision_id WHERE ${where} ORDER BY e.seq LIMIT @limit`,
    map,
  );
}

function sessions(db: Db, bind: Bind): Listed<ReportSession> {
  const where = `s.started_at < @to AND (s.ended_at IS NULL OR s.ended_at >= @from) AND (@session IS NULL OR s.id = @session)`;
  type Row = {
    id: string;
    status: string;
    started_at: string;
    started_by: string;
    start_notes: string | null;
    ended_at: string | null;
    ended_by: string | null;
    end_notes: string | null;
    decisions: number;
  };
  return listed<Row, ReportSession>(
    db,
    bind,
    `SELECT count(*) AS n FROM sessions s WHERE ${where}`,
    `SELECT s.id, s.status, s.started_at, s.started_by, s.start_notes, s.ended_at, s.ended_by, s.end_notes,
            (SELECT count(*) FROM decisions d WHERE d.session_id = s.id AND d.mode = 'execute' AND d.at >= @from AND d.at < @to) AS decisions
     FROM sessions s WHERE ${where} ORDER BY s.started_at, s.id LIMIT @limit`,
    (r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.started_at,
      startedBy: r.started_by,
      startNotes: r.start_notes,
      endedAt: r.ended_at,
      endedBy: r.ended_by,
      endNotes: r.end_notes,
      decisions: r.decisions,
    }),
  );
}

function playbookRuns(db: Db, bind: Bind): Listed<ReportRun> {
  const where = `r.started_at < @to AND (r.ended_at IS NULL OR r.ended_at >= @from) AND (@session IS NULL OR r.session_id = @session)`;
  type Row = {
    id: string;
    key: string;
    title: string | null;
    version: number;
    status: string;
    started_at: string;
    started_by: string;
    ended_at: string | null;
    ended_by: string | null;
    abandon_reason: string | null;
    steps: number;
    done: number;
    skipped: number;
  };
  return listed<Row, ReportRun>(
    db,
    bind,
    `SELECT count(*) AS n FROM playbook_runs r WHERE ${where}`,
    `SELECT r.id, r.key, r.version, r.status, r.started_at, r.started_by, r.ended_at, r.ended_by, r.abandon_reason,
            (SELECT title FROM playbook_definitions p WHERE p.key = r.key AND p.version = r.version) AS title,
            count(st.position) AS steps, coalesce(sum(st.status = 'done'), 0) AS done, coalesce(sum(st.status = 'skipped'), 0) AS skipped
     FROM playbook_runs r LEFT JOIN playbook_run_steps st ON st.run_id = r.id
     WHERE ${where} GROUP BY r.id ORDER BY r.started_at, r.id LIMIT @limit`,
    (r) => ({
      id: r.id,
      key: r.key,
      title: r.title ?? r.key,
      version: r.version,
      status: r.status,
      startedAt: r.started_at,
      startedBy: r.started_by,
      endedAt: r.ended_at,
      endedBy: r.ended_by,
      abandonReason: r.abandon_reason,
      steps: r.steps,
      done: r.done,
      skipped: r.skipped,
    }),
  );
}

/**
 * The range's audit events. Without a session: the contiguous run of sequence numbers from the
 * first event at or after `fromInstant` to the last before `toInstant` (the same run the
 * bundle's event files hold, so the numbers printed match them even if the clock stepped
 * back). With one: the session's events in range.
 */
function auditSpan(db: Db, bind: Bind): ReportSummary['audit'] {
  if (bind.session !== null) {
    return sql(db, `SELECT count(*) AS events, min(e.seq) AS firstSeq, max(e.seq) AS lastSeq FROM audit_events e WHERE ${IN_RANGE('e')}`).get(bind) as ReportSummary['audit'];
  }
  const span = sql(db, 'SELECT (SELECT min(seq) FROM audit_events WHERE at >= @from) AS lo, (SELECT max(seq) FROM audit_events WHERE at < @to) AS hi').get(bind) as {
    lo: number | null;
    hi: number | null;
  };
  if (span.lo === null || span.hi === null || span.lo > span.hi) return { events: 0, firstSeq: null, lastSeq: null };
  return { events: span.hi - span.lo + 1, firstSeq: span.lo, lastSeq: span.hi };
}

/**
 * Reads the report's figures for `range` from the database, read-only: executed decisions
 * (`mode = 'execute'`, `fromInstant <= at < toInstant`, and of the session when one is given),
 * approvals requested or decided in range, spend (minor units) by category and by household
 * day against the GLOBAL daily cap, cap warnings (alerts `cap_80|90|100`) and overrides, band,
 * go-live and kill-switch changes, sessions and playbook runs overlapping the range, and the
 * first and last audit sequence numbers in range. Lists hold at most `LIST_LIMIT` rows.
 */
export function collectReportSummary(db: Db, range: ReportRange): ReportSummary {
  const bind: Bind = { from: range.fromInstant, to: range.toInstant, session: range.sessionId, limit: LIST_LIMIT };
  const read = db.transaction(() => {
    const byCategory = spendByCategory(db, bind, range);
    const globalCap = capSteps(db, 'GLOBAL', range);
    return {
      range,
      decisions: decisionCounts(db, bind),
      approvals: approvals(db, bind),
      spend: {
        totalMinor: byCategory.reduce((sum, c) => sum + c.spentMinor, 0),
        count: byCategory.reduce((sum, c) => sum + c.count, 0),
        byCategory,
        byDay: spendByDay(db, bind, range, globalCap),
        globalCap,
      },
      capWarnings: capWarnings(db, bind),
      capOverrides: capOverrides(db, bind),
      bandChanges: governanceChanges<{ at: string; by: string | null; from: string; to: string; reason: string | null }, BandChange>(
        db,
        bind,
        'band',
        "json_extract(e.before_json, '$.band') AS \"from\", json_extract(e.after_json, '$.band') AS \"to\", json_extract(e.after_json, '$.bandReason') AS reason",
        (r) => ({ at: r.at, by: r.by, from: r.from, to: r.to, reason: r.reason }),
      ),
      killSwitch: governanceChanges<{ at: string; by: string | null; engaged: number; reason: string | null }, KillSwitchEvent>(
        db,
        bind,
        'killEngaged',
        // a release clears the row's reason: the release's own reason is in its decision's params
        "json_extract(e.after_json, '$.killEngaged') AS engaged, coalesce(json_extract(e.after_json, '$.killReason'), json_extract(d.params_json, '$.reason')) AS reason",
        (r) => ({ at: r.at, by: r.by, event: r.engaged ? 'engaged' : 'released', reason: r.reason }),
      ),
      goLiveChanges: governanceChanges<{ at: string; by: string | null; action: string; enabled: number }, GoLiveChange>(
        db,
        bind,
        'goLive',
        "json_extract(e.after_json, '$.goLive') AS enabled",
        (r) => ({ at: r.at, by: r.by, enabled: r.enabled === 1, action: r.action }),
      ),
      sessions: sessions(db, bind),
      playbookRuns: playbookRuns(db, bind),
      audit: auditSpan(db, bind),
    };
  });
  // one read transaction: every figure from the same snapshot of the database
  return read.deferred();
}
