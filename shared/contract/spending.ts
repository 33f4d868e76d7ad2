/**
 * Spending governance (DOMAIN.md "Risk bucket, approvals and spend caps"): approvals,
 * spend caps with reserve-before-execute, band policy, and purchase requests.
 * Money is integer minor units of the household currency.
 */
import { z } from 'zod';
import { minorUnits } from './inventory';
import { ACTION_NAMES } from './names';
import { band, calendarDate, id, instant, note, reason, riskBucket } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'expired', 'cancelled', 'used'] as const;
export const approvalStatus = z.enum(APPROVAL_STATUSES);
/** A spend category: a short label, or `GLOBAL` for the household-wide cap scope. */
export const category = z.string().trim().min(1).max(64);
const positiveMinor = z.int({ message: 'must be a whole number of minor units (cents)' }).positive('must be more than 0').max(Number.MAX_SAFE_INTEGER);

/**
 * The most characters of JSON the params an approval binds may take (16 KiB): a spending
 * action's params take a few hundred, a playbook step's evidence a few thousand. They are
 * stored in the approval, its decision and its audit event, so more is refused rather
 * than stored (a megabyte string would otherwise be kept three times).
 */
export const MAX_APPROVAL_PARAMS_CHARS = 16_384;

/**
 * Characters of JSON `value` takes, or null when JSON cannot hold it as it is: NaN,
 * ±Infinity, undefined, a sparse array, or anything but a plain object, array or scalar
 * (a Date, a Map, a typed array — structured clone carries them). Walks with a stack:
 * depth is bounded before params are parsed (MAX_PARAMS_DEPTH), but not here.
 */
export function plainJsonLength(value: unknown): number | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return null;
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) return null;
        stack.push(v[i]);
      }
      continue;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return null;
    stack.push(...Object.values(v));
  }
  try {
    return JSON.stringify(value).length;
  } catch {
    return null;
  }
}

/**
 * The name of an action of the contract. A name like `constructor` or `__proto__` would
 * otherwise reach lookups keyed by action name and find Object's own members.
 */
const actionName = z
  .string()
  .min(1)
  .max(100)
  .refine((name) => (ACTION_NAMES as readonly string[]).includes(name), 'unknown action');

/** Params bound by an approval: a JSON object of at most MAX_APPROVAL_PARAMS_CHARS. */
const approvalParams = z.record(z.string(), z.unknown()).superRefine((p, ctx) => {
  const length = plainJsonLength(p);
  if (length === null) ctx.addIssue({ code: 'custom', message: 'must be plain JSON (no NaN, Infinity, undefined, dates or holes)' });
  else if (length > MAX_APPROVAL_PARAMS_CHARS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_APPROVAL_PARAMS_CHARS} characters of JSON (${length} given)` });
});

export const approvalSchema = z.object({
  id,
  status: approvalStatus,
  action: z.string(),
  target: z.string(),
  title: z.string(),
  reason: z.string().nullable(),
  amountCeilingMinor: z.int(),
  category: z.string().nullable(),
  band,
  riskBucket,
  params: z.unknown(),
  paramsSha256: z.string(),
  requestedBy: z.string(),
  requestedById: id.nullable(),
  requestedAt: instant,
  expiresAt: instant,
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
  decisionNote: z.string().nullable(),
  selfApproved: z.boolean(),
  usedAt: instant.nullable(),
  usedByDecisionId: id.nullable(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const capPolicySchema = z.object({
  scope: z.string(),
  dailySpendCapMinor: z.int().nullable(),
  dailyCountCap: z.int().nullable(),
  dailyLossCapMinor: z.int().nullable(),
});
export type CapPolicy = z.infer<typeof capPolicySchema>;

export const capUsageSchema = capPolicySchema.extend({
  day: calendarDate,
  spentMinor: z.int(),
  count: z.int(),
  lossMinor: z.int(),
  overrideMinor: z.int(),
  /** Use of the tightest of the three caps, 0..∞ (1 = 100 %). */
  utilisation: z.number(),
});
export type CapUsage = z.infer<typeof capUsageSchema>;

export const bandPolicySchema = z.object({
  band,
  /** Spends at or above this need an approval; null = every spend needs one (band D). */
  approvalThresholdMinor: z.int().nullable(),
  /** Categories that may spend in this band; null = all. */
  allowedCategories: z.array(z.string()).nullable(),
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});
export type BandPolicy = z.infer<typeof bandPolicySchema>;

export const PURCHASE_STATUSES = ['DRAFT', 'READY', 'ASSESSED', 'APPROVED', 'REJECTED', 'REVISION_REQUIRED', 'EXECUTED', 'ARCHIVED'] as const;
export const purchaseStatus = z.enum(PURCHASE_STATUSES);

export const purchaseSchema = z.object({
  id,
  status: purchaseStatus,
  title: z.string(),
  itemId: id.nullable(),
  qty: z.number().nullable(),
  amountMinor: z.int(),
  category: z.string(),
  vendor: z.string().nullable(),
  quote: z.string().nullable(),
  notes: z.string().nullable(),
  riskBucket: riskBucket.nullable(),
  approvalId: id.nullable(),
  /** Set when executed: the account the money left, how, and the ledger entry posted. */
  accountId: id.nullable(),
  paymentMethod: z.string().nullable(),
  ledgerEntryId: id.nullable(),
  createdBy: z.string(),
  createdAt: instant,
  updatedAt: instant,
  history: z.array(z.object({ at: instant, by: z.string(), from: purchaseStatus.nullable(), to: purchaseStatus, note: z.string().nullable() })),
});
export type Purchase = z.infer<typeof purchaseSchema>;

/** What the engine decides about a planned action, without doing it (the seeds' "feasibility"). */
export const assessmentSchema = z.object({
  action: z.string(),
  valid: z.boolean(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
  spend: z.object({ amountMinor: z.int().nullable(), category: z.string().nullable(), kind: z.enum(['spend', 'loss']), target: z.string() }).nullable(),
  riskBucket: riskBucket.nullable(),
  gates: z.array(z.object({ gate: z.string(), verdict: z.enum(['pass', 'warn', 'block']), reason: z.string() })),
  wouldBe: z.enum(['OK', 'BLOCKED', 'PENDING_APPROVAL', 'INVALID']),
  approvalNeeded: z.boolean(),
  matchingApprovalId: id.nullable(),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const spendingActions = {
  'approvals.request': {
    summary: 'Ask for approval of a spend before making it: binds the action, its target, an amount ceiling and the params.',
    input: z.strictObject({ action: actionName, params: approvalParams, title: z.string().trim().min(1).max(200), reason: reason.optional() }),
    output: approvalSchema,
    execClass: 'prod',
    exempt: false,
  },
  'approvals.decide': {
    summary: 'Approve or deny a pending approval, with a note. The requester may not decide its own request (an owner in single-operator mode may, recorded as self-approved).',
    input: z.strictObject({ approvalId: id, decision: z.enum(['approve', 'deny']), note: note.optional() }),
    output: approvalSchema,
    execClass: 'prod',
    exempt: false,
  },
  'approvals.cancel': {
    summary: 'Withdraw a pending or approved (unused) approval.',
    input: z.strictObject({ approvalId: id, reason: reason.optional() }),
    output: approvalSchema,
    execClass: 'prod',
    exempt: true,
  },
  'approvals.expire': {
    summary: 'Expire approvals past their expiry (run by the scheduler).',
    input: z.strictObject({}),
    output: z.object({ expired: z.array(id) }),
    execClass: 'prod',
    exempt: true,
  },
  'caps.setPolicy': {
    summary: 'Set the daily spend, action-count and loss caps of a scope (GLOBAL or a category); null removes a cap.',
    input: z.strictObject({
      scope: category,
      dailySpendCapMinor: minorUnits.nullable(),
      dailyCountCap: z.int().min(0).max(1_000_000).nullable(),
      dailyLossCapMinor: minorUnits.nullable(),
      reason,
    }),
    output: capPolicySchema,
    execClass: 'prod',
    exempt: true,
  },
  'caps.override': {
    summary: 'Owner only: raise today’s spend cap of a scope by an amount, with a reason (audited).',
    input: z.strictObject({ scope: category, extraMinor: positiveMinor, reason }),
    output: capUsageSchema,
    execClass: 'prod',
    exempt: false,
  },
  'governance.setBandPolicy': {
    summary: 'Owner only: set a band’s approval threshold and allowed categories, with a reason.',
    input: z.strictObject({
      band,
      approvalThresholdMinor: minorUnits.nullable(),
      allowedCategories: z.array(category).max(100).nullable(),
      reason,
    }),
    output: bandPolicySchema,
    execClass: 'prod',
    exempt: true,
  },
  'governance.setActionMinBand': {
    summary: 'Owner only: the least permissive band in which an action may run (null: any band), with a reason.',
    input: z.strictObject({ action: z.string().min(1).max(100), band: band.nullable(), reason }),
    output: z.object({ action: z.string(), band: band.nullable() }),
    execClass: 'prod',
    exempt: true,
  },
  'purchases.create': {
    summary: 'Draft a purchase request: title, amount, category, optional item and quantity, vendor.',
    input: z.strictObject({
      title: z.string().trim().min(1).max(200),
      amountMinor: positiveMinor,
      category,
      itemId: id.optional(),
      qty: z.number().positive().max(1e9).optional(),
      vendor: z.string().trim().max(200).optional(),
      notes: note.optional(),
    }),
    output: purchaseSchema,
    execClass: 'prod',
    exempt: false,
  },
  'purchases.update': {
    summary: 'Edit a draft (or a request sent back for revision): amount, category, vendor, quote, notes.',
    input: z.strictObject({
      id,
      title: z.string().trim().min(1).max(200).optional(),
      amountMinor: positiveMinor.optional(),
      category: category.optional(),
      vendor: z.string().trim().max(200).nullable().optional(),
      quote: z.string().trim().max(2000).nullable().optional(),
      notes: note.nullable().optional(),
    }),
    output: purchaseSchema,
    execClass: 'prod',
    exempt: false,
  },
  'purchases.advance': {
    summary: 'Move a purchase request along: ready (quote or notes attached), assess (risk bucket computed), approve, reject, send back for revision, archive.',
    input: z.strictObject({ id, to: z.enum(['READY', 'ASSESSED', 'APPROVED', 'REJECTED', 'REVISION_REQUIRED', 'ARCHIVED']), note: note.optional(), overrideReason: reason.optional() }),
    output: purchaseSchema,
    execClass: 'prod',
    exempt: false,
  },
  'purchases.execute': {
    summary: 'Make an approved purchase: the spend, through approvals and caps; stocks the linked item and posts the ledger entry on the account the money leaves from.',
    input: z.strictObject({
      id,
      actualAmountMinor: positiveMinor.optional(),
      /** The ledger account the money leaves from; without one, no ledger entry is posted. */
      accountId: id.optional(),
      paymentMethod: z.string().trim().min(1).max(64).optional(),
    }),
    output: purchaseSchema,
    execClass: 'prod',
    exempt: false,
  },
} as const satisfies Record<string, ActionSpec>;

export const spendingQueries = {
  'approvals.list': {
    summary: 'Approvals, pending first then newest, filtered by status.',
    input: z.strictObject({ status: approvalStatus.optional(), limit: z.int().min(1).max(500).default(100) }),
    output: z.array(approvalSchema),
  },
  'approvals.get': {
    summary: 'One approval with the decisions that touched it.',
    input: z.strictObject({ id }),
    output: approvalSchema.extend({ decisions: z.array(z.object({ id, at: instant, action: z.string(), status: z.string(), operatorName: z.string().nullable(), reason: z.string().nullable() })) }),
  },
  'caps.usage': {
    summary: 'Today’s use of every cap scope (household time zone), with the policies.',
    input: z.strictObject({ day: calendarDate.optional() }),
    output: z.object({ day: calendarDate, scopes: z.array(capUsageSchema) }),
  },
  'governance.bandPolicies': {
    summary: 'The policy of each band A–D, and the minimum band of each action that has one.',
    input: z.strictObject({}),
    output: z.object({
      bands: z.array(bandPolicySchema),
      suggestedBand: band.nullable(),
      suggestedReason: z.string(),
      /** Actions with a minimum band: the owner's setting, else the contract's default. */
      actionMinBands: z.array(z.object({ action: z.string(), band, source: z.enum(['owner', 'default']) })),
    }),
  },
  'governance.assess': {
    summary: 'What the engine would decide for an action and params — risk bucket, gate verdicts, approval needed — without doing it.',
    input: z.strictObject({ action: z.string().min(1).max(100), params: z.unknown() }),
    output: assessmentSchema,
  },
  'purchases.list': {
    summary: 'Purchase requests by status.',
    input: z.strictObject({ status: purchaseStatus.optional() }),
    output: z.array(purchaseSchema),
  },
  'purchases.get': {
    summary: 'One purchase request with its history.',
    input: z.strictObject({ id }),
    output: purchaseSchema,
  },
} as const satisfies Record<string, QuerySpec>;
