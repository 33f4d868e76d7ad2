/**
 * Automations that earn trust (DOMAIN.md "Automations, charter and tripwire"; the seeds'
 * confidence charter and regression tripwire): every automation proposal is a
 * recommendation; a charter per automation kind decides whether the kind may act alone;
 * KPI events feed tripwires that throttle a kind back to `suggest` or engage the kill switch.
 *
 * Rates and confidences are fractions 0–1 (0.8 = 80 %); `maxDropPct` is a percentage 0–100.
 * Instants are ISO-8601 UTC; KPI values are plain numbers (a hit is 1, a miss 0).
 */
import { z } from 'zod';
import { id, instant, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

/**
 * The automation kinds of this build: `forecast_reorder` (stock running out within lead time
 * + review period, or at or below its minimum, onto the shopping list) and `needs_shopping`
 * (needs due within 30 days onto the shopping list).
 */
export const AUTOMATION_KINDS = ['forecast_reorder', 'needs_shopping'] as const;
export const automationKind = z.enum(AUTOMATION_KINDS);
export type AutomationKind = z.infer<typeof automationKind>;

/** How each kind is named and explained, in the engine's messages and on the Automations screen. */
export const AUTOMATION_LABELS: Record<AutomationKind, { label: string; description: string }> = {
  forecast_reorder: {
    label: 'Forecast reorders',
    description: 'Stock the forecast sees running out within lead time + review period, or at or below its minimum, onto the shopping list.',
  },
  needs_shopping: { label: 'Needs → shopping', description: 'Needs due within 30 days onto the shopping list.' },
};

export const CHARTER_MODES = ['off', 'suggest', 'auto'] as const;
export const charterMode = z.enum(CHARTER_MODES);

/** `auto`: executed alone by the automation under its charter (not a scored trial). */
export const RECOMMENDATION_OUTCOMES = ['accepted', 'edited', 'rejected', 'expired', 'auto'] as const;
export const recommendationOutcome = z.enum(RECOMMENDATION_OUTCOMES);

export const TRIPWIRE_ACTIONS = ['ALERT', 'THROTTLE', 'KILL'] as const;
export const tripwireAction = z.enum(TRIPWIRE_ACTIONS);
export const TRIPWIRE_STATUSES = ['ok', 'tripped', 'insufficient_data'] as const;

const fraction = (what: string) =>
  z
    .number({ message: `${what} must be a number from 0 to 1` })
    .min(0, `${what} cannot be negative`)
    .max(1, `${what} is a fraction: at most 1 (100 %)`);
/** A KPI domain or metric name: lower-case words joined by `_` ("forecast", "hit_rate"). */
const kpiName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(48, 'at most 48 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ (e.g. hit_rate)');

export const recommendationSchema = z.object({
  id,
  kind: automationKind,
  /** What the proposal is about: one open recommendation per kind and subject (an item id, a need occurrence). */
  subject: z.string(),
  title: z.string(),
  reason: z.string().nullable(),
  /** The proposed action and its params, dispatched as the accepting operator (or as `system` in `auto`). */
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** 0–1: the forecast's confidence, or 1 for a rule (stock at or below its minimum, a need due). */
  confidence: z.number(),
  createdAt: instant,
  createdBy: z.string(),
  /** The decision that proposed it (the daily tick's) and, when a scheduled job made it, that run. */
  decisionId: z.string(),
  jobRun: z.object({ job: z.string(), scheduledFor: instant }).nullable(),
  expiresAt: instant,
  outcome: recommendationOutcome.nullable(),
  outcomeAt: instant.nullable(),
  outcomeBy: z.string().nullable(),
  outcomeReason: z.string().nullable(),
  /** The params the accepted action ran with (the operator's edits merged), null until then. */
  outcomeParams: z.record(z.string(), z.unknown()).nullable(),
  /** The decision of the proposed action (accepted, edited, auto) or of the rejection. */
  outcomeDecisionId: z.string().nullable(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const scorecardSchema = z.object({
  /** Scored recommendations: accepted, edited or rejected by an operator. */
  trials: z.int(),
  accepted: z.int(),
  edited: z.int(),
  rejected: z.int(),
  expired: z.int(),
  auto: z.int(),
  /** accepted as is ÷ trials; null without trials. */
  acceptanceRate: z.number().nullable(),
  /** edited ÷ trials; null without trials. */
  editedRate: z.number().nullable(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const charterGateCheckSchema = z.object({ gate: z.string(), pass: z.boolean(), reason: z.string() });

export const charterSchema = z.object({
  kind: automationKind,
  label: z.string(),
  description: z.string(),
  mode: charterMode,
  minConfidence: z.number(),
  minTrials: z.int(),
  minAcceptanceRate: z.number(),
  /** The seeds' `prod_use_enabled`: without it, `auto` never executes. */
  prodEnabled: z.boolean(),
  updatedAt: instant,
  updatedBy: z.string(),
  /** All time: what the gates use. */
  scorecard: scorecardSchema,
  last30Days: scorecardSchema,
  openRecommendations: z.int(),
  /** The gates an `auto` proposal of this kind meets or fails now (confidence is checked per proposal). */
  gates: z.array(charterGateCheckSchema),
});
export type Charter = z.infer<typeof charterSchema>;

export const kpiEventSchema = z.object({
  id: z.int(),
  at: instant,
  domain: z.string(),
  metric: z.string(),
  value: z.number(),
  /** `engine`: recorded by the engine (forecast hits, acceptance); `operator`: by `kpi.record`. */
  source: z.enum(['engine', 'operator']),
  subject: z.string().nullable(),
  recordedBy: z.string(),
});
export type KpiEvent = z.infer<typeof kpiEventSchema>;

export const tripwireEvaluationSchema = z.object({
  id: z.int(),
  at: instant,
  domain: z.string(),
  metric: z.string(),
  baselineFrom: instant,
  recentFrom: instant,
  baselineCount: z.int(),
  baselineMean: z.number().nullable(),
  recentCount: z.int(),
  recentMean: z.number().nullable(),
  /** (baseline − recent) ÷ baseline × 100; null when either window is empty or the baseline is 0. */
  dropPct: z.number().nullable(),
  maxDropPct: z.number(),
  status: z.enum(TRIPWIRE_STATUSES),
  /** What was done: "none", "alert", "throttled forecast_reorder to suggest", "kill switch engaged"… */
  actionTaken: z.string(),
  decisionId: z.string(),
});
export type TripwireEvaluation = z.infer<typeof tripwireEvaluationSchema>;

export const tripwirePolicySchema = z.object({
  domain: z.string(),
  metric: z.string(),
  baselineDays: z.int(),
  recentDays: z.int(),
  maxDropPct: z.number(),
  action: tripwireAction,
  /** The automation kind THROTTLE moves back to `suggest`. */
  kind: automationKind.nullable(),
  enabled: z.boolean(),
  /** Events before this instant are out of the baseline (set by `tripwire.resetBaseline`). */
  baselineResetAt: instant.nullable(),
  updatedAt: instant,
  updatedBy: z.string(),
  last: tripwireEvaluationSchema.nullable(),
});
export type TripwirePolicy = z.infer<typeof tripwirePolicySchema>;

const editParams = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).refine((p) => Object.keys(p).length <= 20, 'at most 20 fields');
const ids = z.array(id).min(1, 'choose at least one recommendation').max(500, 'at most 500 at once');
const bulkOutput = z.object({
  done: z.array(z.object({ id, decisionId: z.string() })),
  refused: z.array(z.object({ id, reason: z.string() })),
});

export const automationActions = {
  'recommendations.accept': {
    summary: 'Accept a recommendation: its proposed action is dispatched as you, with your edits (params) merged; refused when it expired or was decided.',
    input: z.strictObject({ id, params: editParams.optional() }),
    output: z.object({ recommendation: recommendationSchema, actionDecisionId: z.string().nullable() }),
    execClass: 'prod',
    exempt: false,
  },
  'recommendations.reject': {
    summary: 'Reject a recommendation, with a reason (it counts as a failed trial of its kind).',
    input: z.strictObject({ id, reason }),
    output: recommendationSchema,
    execClass: 'prod',
    exempt: false,
  },
  'recommendations.acceptMany': {
    summary: 'Accept several recommendations as proposed; each proposed action is its own decision.',
    input: z.strictObject({ ids }),
    output: bulkOutput,
    execClass: 'prod',
    exempt: false,
  },
  'recommendations.rejectMany': {
    summary: 'Reject several recommendations with one reason.',
    input: z.strictObject({ ids, reason }),
    output: bulkOutput,
    execClass: 'prod',
    exempt: false,
  },
  'charter.set': {
    summary: 'Set an automation kind’s charter: mode off | suggest | auto, and the gates auto must pass.',
    input: z.strictObject({
      kind: automationKind,
      mode: charterMode,
      minConfidence: fraction('minConfidence'),
      minTrials: z.int({ message: 'minTrials must be a whole number' }).min(0, 'minTrials cannot be negative').max(10_000, 'at most 10000'),
      minAcceptanceRate: fraction('minAcceptanceRate'),
      prodEnabled: z.boolean(),
      reason,
    }),
    output: charterSchema,
    execClass: 'prod',
    exempt: false,
  },
  'kpi.record': {
    summary: 'Record a KPI event (domain, metric, value), now or at an earlier instant.',
    input: z.strictObject({ domain: kpiName, metric: kpiName, value: z.number().finite().min(-1e12).max(1e12), at: instant.optional() }),
    output: kpiEventSchema,
    execClass: 'prod',
    exempt: false,
  },
  'tripwire.setPolicy': {
    summary: 'Set the tripwire of a KPI: windows, the largest drop allowed, and its action (ALERT, THROTTLE an automation kind, KILL).',
    input: z
      .strictObject({
        domain: kpiName,
        metric: kpiName,
        baselineDays: z.int().min(1, 'baselineDays must be at least 1').max(365, 'at most 365'),
        recentDays: z.int().min(1, 'recentDays must be at least 1').max(365, 'at most 365'),
        maxDropPct: z.number().gt(0, 'maxDropPct must be more than 0').max(100, 'maxDropPct is a percentage: at most 100'),
        action: tripwireAction,
        kind: automationKind.optional(),
        enabled: z.boolean(),
      })
      .refine((p) => p.action !== 'THROTTLE' || p.kind !== undefined, { message: 'THROTTLE needs the automation kind it moves back to suggest', path: ['kind'] }),
    output: tripwirePolicySchema,
    execClass: 'prod',
    exempt: false,
  },
  'tripwire.evaluate': {
    summary: 'Evaluate the enabled tripwires (or one): recent window against baseline, each evaluation recorded and acted on.',
    input: z.strictObject({ domain: kpiName.optional(), metric: kpiName.optional() }),
    output: z.object({ evaluations: z.array(tripwireEvaluationSchema) }),
    execClass: 'prod',
    exempt: false,
  },
  'tripwire.resetBaseline': {
    summary: 'Start a tripwire’s baseline afresh from now (events before are left out), with a reason.',
    input: z.strictObject({ domain: kpiName, metric: kpiName, reason }),
    output: tripwirePolicySchema,
    execClass: 'prod',
    exempt: false,
  },
} as const satisfies Record<string, ActionSpec>;

export const automationQueries = {
  'recommendations.list': {
    summary: 'Recommendations, open ones by default, newest first, with counts per kind.',
    input: z.strictObject({
      status: z.enum(['open', 'decided', 'all']).default('open'),
      kind: automationKind.optional(),
      limit: z.int().min(1).max(5000).default(200),
    }),
    output: z.object({ items: z.array(recommendationSchema), total: z.int(), openByKind: z.record(z.string(), z.int()) }),
  },
  'charter.list': {
    summary: 'Each automation kind’s charter with its scorecard (all time and the last 30 days) and the gates auto meets now.',
    input: z.strictObject({}),
    output: z.array(charterSchema),
  },
  'kpi.series': {
    summary: 'A KPI’s events per day (count and mean) over the last N days.',
    input: z.strictObject({ domain: kpiName, metric: kpiName, days: z.int().min(1).max(730).default(90) }),
    output: z.object({ domain: z.string(), metric: z.string(), points: z.array(z.object({ day: z.string(), count: z.int(), mean: z.number() })), recent: z.array(kpiEventSchema) }),
  },
  'kpi.metrics': {
    summary: 'The KPIs recorded so far: domain, metric, how many events, the last one.',
    input: z.strictObject({}),
    output: z.array(z.object({ domain: z.string(), metric: z.string(), count: z.int(), lastAt: instant, mean: z.number() })),
  },
  'tripwire.list': {
    summary: 'Tripwire policies, each with its latest evaluation.',
    input: z.strictObject({}),
    output: z.array(tripwirePolicySchema),
  },
  'tripwire.evaluations': {
    summary: 'Tripwire evaluations, newest first.',
    input: z.strictObject({ domain: kpiName.optional(), metric: kpiName.optional(), limit: z.int().min(1).max(500).default(100) }),
    output: z.array(tripwireEvaluationSchema),
  },
} as const satisfies Record<string, QuerySpec>;
