/**
 * Spending governance: how an action spends, band policy, approvals and spend caps.
 * The approval and caps gates of the dispatcher are built here; they read state and
 * return effects that the dispatcher runs inside the action's transaction (reserve
 * before the handler, settle after it, create the approval request when held) — so a
 * failed handler releases its reservation with the same rollback that undoes its work.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ActionName, Approval, BandPolicy, CapPolicy, CapUsage } from '../../../shared/contract';
import { EngineError } from '../../../shared/contract';
import type { Band } from '../../../shared/domain/bands';
import { formatMoney, householdCurrency } from '../../../shared/domain/money';
import { calendarDateIn } from '../../../shared/domain/time';
import { sql, type Db } from '../db/connection';
import type { ActionContext } from '../handlers';
import { hashValue } from './canonical';

/** What a spending action spends, read from its params (and the database) in main. */
export interface Spend {
  kind: 'spend' | 'loss';
  /** Minor units of the household currency; null when unknown (→ risk UNKNOWN). */
  amountMinor: number | null;
  /** Spend category; null when unknown (→ risk UNKNOWN). */
  category: string | null;
  /** What is spent on (e.g. a purchase request id): an approval is bound to it. */
  target: string;
  /** The params that define the spend apart from its amount (which the ceiling bounds); their hash binds an approval. */
  bindingParams: unknown;
  /** A title for an approval request made on the spend's behalf. */
  title?: string;
}

/** Reads the spend of one action's validated params (null: these params spend nothing, e.g. money in). Throws EngineError for a missing target. */
export type SpendResolver = (params: unknown, db: Db) => Spend | null;
export type SpendResolvers = Partial<Record<ActionName, SpendResolver>>;

export type RiskBucket = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
const SEVERITY: Record<RiskBucket, number> = { GREEN: 0, YELLOW: 1, RED: 2, UNKNOWN: 3 };

/** The worse of two buckets (UNKNOWN counts as at least RED). */
export function worse(a: RiskBucket | null, b: RiskBucket): RiskBucket {
  return a === null || SEVERITY[b] > SEVERITY[a] ? b : a;
}

export const DEFAULT_APPROVAL_DAYS = 7;
export const CAP_WARNINGS = [0.8, 0.9, 1] as const;

const money = (minor: number, currency: string | null) => formatMoney(minor, householdCurrency(currency));

// ----- band policy -----

type BandRow = { band: Band; approval_threshold_minor: number | null; allowed_categories_json: string | null; updated_at: string | null; updated_by: string | null };

export function bandPolicy(db: Db, band: Band): BandPolicy {
  const r = sql(db, 'SELECT * FROM band_policy WHERE band = ?').get(band) as BandRow;
  return {
    band: r.band,
    approvalThresholdMinor: r.approval_threshold_minor,
    allowedCategories: r.allowed_categories_json ? (JSON.parse(r.allowed_categories_json) as string[]) : null,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export function bandPolicies(db: Db): BandPolicy[] {
  return (['A', 'B', 'C', 'D'] as const).map((b) => bandPolicy(db, b));
}

/** The owner's minimum band for an action, if set (it overrides the contract's default). */
export function actionMinBand(db: Db, action: string): Band | null {
  const row = sql(db, 'SELECT band FROM action_min_band WHERE action = ?').get(action) as { band: Band } | undefined;
  return row?.band ?? null;
}

/** Source of the suggested band (cash runway, once the ledger exists). */
export interface SuggestedBandSource {
  suggest(db: Db, now: Date): { band: Band; reason: string } | null;
}

/** Until the ledger exists the runway is unknown: no suggestion. */
export const NO_SUGGESTED_BAND: SuggestedBandSource = { suggest: () => null };

// ----- approvals -----

type ApprovalRow = {
  id: string;
  status: Approval['status'];
  action: string;
  target: string;
  title: string;
  reason: string | null;
  amount_ceiling_minor: number;
  category: string | null;
  band: Band;
  risk_bucket: Approval['riskBucket'];
  params_json: string;
  params_sha256: string;
  requested_by: string;
  requested_by_id: string | null;
  requested_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_by_id: string | null;
  decided_at: string | null;
  decision_note: string | null;
  self_approved: number;
  used_at: string | null;
  used_by_decision_id: string | null;
};

export const toApproval = (r: ApprovalRow): Approval => ({
  id: r.id,
  status: r.status,
  action: r.action,
  target: r.target,
  title: r.title,
  reason: r.reason,
  amountCeilingMinor: r.amount_ceiling_minor,
  category: r.category,
  band: r.band,
  riskBucket: r.risk_bucket,
  params: JSON.parse(r.params_json),
  paramsSha256: r.params_sha256,
  requestedBy: r.requested_by,
  requestedById: r.requested_by_id,
  requestedAt: r.requested_at,
  expiresAt: r.expires_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  selfApproved: r.self_approved === 1,
  usedAt: r.used_at,
  usedByDecisionId: r.used_by_decision_id,
});

export function getApproval(db: Db, id: string): Approval {
  const row = sql(db, 'SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
  if (!row) throw new EngineError('not_found', `no approval ${id}`);
  return toApproval(row);
}

export function approvalRow(db: Db, id: string): ApprovalRow {
  const row = sql(db, 'SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
  if (!row) throw new EngineError('not_found', `no approval ${id}`);
  return row;
}

/** An approved, unexpired approval bound to this action, target and params, whose ceiling covers `amount`. */
export function matchingApproval(db: Db, action: string, spend: Spend, now: string): Approval | null {
  const row = sql(
    db,
    `SELECT * FROM approvals WHERE action = ? AND target = ? AND params_sha256 = ? AND status = 'approved' AND expires_at > ? AND amount_ceiling_minor >= ?
     ORDER BY requested_at LIMIT 1`,
  ).get(action, spend.target, hashValue(spend.bindingParams), now, spend.amountMinor ?? Number.MAX_SAFE_INTEGER) as ApprovalRow | undefined;
  return row ? toApproval(row) : null;
}

/**
 * The pending request for this binding, or a new one (one request, not one per retry).
 * Audited; returns the approval and whether it was created.
 */
export function requestApproval(
  ctx: ActionContext,
  input: { action: string; spend: Spend; title: string; reason: string | null; band: Band; riskBucket: RiskBucket },
): { approval: Approval; created: boolean } {
  const paramsSha256 = hashValue(input.spend.bindingParams);
  const pending = sql(ctx.db, "SELECT * FROM approvals WHERE action = ? AND target = ? AND params_sha256 = ? AND status = 'pending' AND expires_at > ? ORDER BY requested_at LIMIT 1").get(
    input.action,
    input.spend.target,
    paramsSha256,
    ctx.now,
  ) as ApprovalRow | undefined;
  if (pending && pending.amount_ceiling_minor >= (input.spend.amountMinor ?? 0)) return { approval: toApproval(pending), created: false };
  const id = uuidv7();
  const expires = new Date(Date.parse(ctx.now) + DEFAULT_APPROVAL_DAYS * 86_400_000).toISOString();
  sql(
    ctx.db,
    `INSERT INTO approvals (id, status, action, target, title, reason, amount_ceiling_minor, category, band, risk_bucket, params_json, params_sha256,
       requested_by, requested_by_id, requested_at, expires_at)
     VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.action,
    input.spend.target,
    input.title,
    input.reason,
    input.spend.amountMinor ?? 0,
    input.spend.category,
    input.band,
    input.riskBucket,
    JSON.stringify(input.spend.bindingParams ?? null),
    paramsSha256,
    ctx.actorName,
    ctx.operator?.id ?? null,
    ctx.now,
    expires,
  );
  const approval = getApproval(ctx.db, id);
  ctx.record({ entity: 'approval', entityId: id, before: null, after: approval });
  ctx.touch('approvals');
  return { approval, created: true };
}

/** Marks an approval used by this decision (it cannot be used again). */
export function useApproval(ctx: ActionContext, approvalId: string): void {
  const before = getApproval(ctx.db, approvalId);
  sql(ctx.db, "UPDATE approvals SET status = 'used', used_at = ?, used_by_decision_id = ? WHERE id = ? AND status = 'approved'").run(ctx.now, ctx.decisionId, approvalId);
  ctx.record({ entity: 'approval', entityId: approvalId, before, after: getApproval(ctx.db, approvalId) });
  ctx.touch('approvals');
}

// ----- caps -----

type CapPolicyRow = { scope: string; daily_spend_cap_minor: number | null; daily_count_cap: number | null; daily_loss_cap_minor: number | null };
type UsageRow = { spent_minor: number; count: number; loss_minor: number; reserved_minor: number; override_minor: number };

export const toCapPolicy = (r: CapPolicyRow): CapPolicy => ({
  scope: r.scope,
  dailySpendCapMinor: r.daily_spend_cap_minor,
  dailyCountCap: r.daily_count_cap,
  dailyLossCapMinor: r.daily_loss_cap_minor,
});

export function capPolicy(db: Db, scope: string): CapPolicy | null {
  const row = sql(db, 'SELECT * FROM cap_policy WHERE scope = ?').get(scope) as CapPolicyRow | undefined;
  return row ? toCapPolicy(row) : null;
}

export function capPolicies(db: Db): CapPolicy[] {
  return (sql(db, "SELECT * FROM cap_policy ORDER BY scope != 'GLOBAL', scope").all() as CapPolicyRow[]).map(toCapPolicy);
}

/** The household's calendar day of an instant. */
export function householdDay(now: string | Date, timeZone: string | null): string {
  return calendarDateIn(typeof now === 'string' ? new Date(now) : now, timeZone ?? 'UTC');
}

function usageRow(db: Db, day: string, scope: string): UsageRow {
  return (
    (sql(db, 'SELECT spent_minor, count, loss_minor, reserved_minor, override_minor FROM cap_usage WHERE day = ? AND scope = ?').get(day, scope) as UsageRow | undefined) ?? {
      spent_minor: 0,
      count: 0,
      loss_minor: 0,
      reserved_minor: 0,
      override_minor: 0,
    }
  );
}

/** The tightest cap's use as a fraction (1 = 100 %), counting reservations. */
function utilisation(policy: CapPolicy, u: UsageRow): number {
  const parts: number[] = [];
  if (policy.dailySpendCapMinor !== null) {
    const cap = policy.dailySpendCapMinor + u.override_minor;
    parts.push(cap > 0 ? (u.spent_minor + u.reserved_minor) / cap : u.spent_minor + u.reserved_minor > 0 ? Infinity : 0);
  }
  if (policy.dailyCountCap !== null) parts.push(policy.dailyCountCap > 0 ? u.count / policy.dailyCountCap : u.count > 0 ? Infinity : 0);
  if (policy.dailyLossCapMinor !== null) parts.push(policy.dailyLossCapMinor > 0 ? u.loss_minor / policy.dailyLossCapMinor : u.loss_minor > 0 ? Infinity : 0);
  return parts.length ? Math.max(...parts) : 0;
}

export function capUsage(db: Db, day: string, scope: string): CapUsage {
  const policy = capPolicy(db, scope) ?? { scope, dailySpendCapMinor: null, dailyCountCap: null, dailyLossCapMinor: null };
  const u = usageRow(db, day, scope);
  return { ...policy, day, spentMinor: u.spent_minor, count: u.count, lossMinor: u.loss_minor, overrideMinor: u.override_minor, utilisation: utilisation(policy, u) };
}

/** Adds to a scope's usage for a day (creating the row); returns the usage before and after, for the audit event. */
export function addUsage(db: Db, day: string, scope: string, delta: Partial<UsageRow>): { before: CapUsage; after: CapUsage } {
  const before = capUsage(db, day, scope);
  // create the row first: an upsert would check the row's CHECKs on the negative deltas
  sql(db, 'INSERT OR IGNORE INTO cap_usage (day, scope) VALUES (?, ?)').run(day, scope);
  sql(
    db,
    `UPDATE cap_usage SET spent_minor = spent_minor + @spent_minor, count = count + @count, loss_minor = loss_minor + @loss_minor,
       reserved_minor = reserved_minor + @reserved_minor, override_minor = override_minor + @override_minor
     WHERE day = @day AND scope = @scope`,
  ).run({ day, scope, spent_minor: 0, count: 0, loss_minor: 0, reserved_minor: 0, override_minor: 0, ...delta });
  return { before, after: capUsage(db, day, scope) };
}

/** The scopes a spend counts against: GLOBAL, and its category when that has a policy. */
export function scopesOf(db: Db, category: string | null): string[] {
  const scopes = ['GLOBAL'];
  if (category && category !== 'GLOBAL' && capPolicy(db, category)) scopes.push(category);
  return scopes;
}

/**
 * Checks a spend against each scope's caps as of now, counting what is reserved.
 * Returns the first breach (→ RED) and the highest utilisation after the spend.
 */
export function checkCaps(db: Db, day: string, spend: Spend, currency: string | null): { breach: string | null; utilisation: number } {
  let highest = 0;
  for (const scope of scopesOf(db, spend.category)) {
    const policy = capPolicy(db, scope);
    if (!policy) continue;
    const u = usageRow(db, day, scope);
    const amount = spend.amountMinor ?? 0;
    const after: UsageRow = {
      ...u,
      reserved_minor: u.reserved_minor + (spend.kind === 'spend' ? amount : 0),
      count: u.count + 1,
      loss_minor: u.loss_minor + (spend.kind === 'loss' ? amount : 0),
    };
    if (spend.kind === 'spend' && policy.dailySpendCapMinor !== null) {
      const cap = policy.dailySpendCapMinor + u.override_minor;
      const used = u.spent_minor + u.reserved_minor;
      if (used + amount > cap) {
        return { breach: `would break the ${scope} daily spend cap: ${money(used, currency)} used + ${money(amount, currency)} > ${money(cap, currency)}`, utilisation: Infinity };
      }
    }
    if (policy.dailyCountCap !== null && u.count + 1 > policy.dailyCountCap) {
      return { breach: `would break the ${scope} daily cap of ${policy.dailyCountCap} spends`, utilisation: Infinity };
    }
    if (spend.kind === 'loss' && policy.dailyLossCapMinor !== null && u.loss_minor + amount > policy.dailyLossCapMinor) {
      return { breach: `would break the ${scope} daily loss cap: ${money(u.loss_minor + amount, currency)} > ${money(policy.dailyLossCapMinor, currency)}`, utilisation: Infinity };
    }
    highest = Math.max(highest, utilisation(policy, after));
  }
  return { breach: null, utilisation: highest };
}
