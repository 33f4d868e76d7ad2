/**
 * zod schemas shared by the contract's calls: field rules (used by forms in the renderer
 * and re-validated in main) and the shapes of what queries return.
 */
import { z } from 'zod';
import { BANDS } from '../domain/bands';
import { isKnownCurrency } from '../domain/money';
import { ROLES } from '../domain/roles';
import { isKnownTimeZone } from '../domain/time';

export const id = z.uuid({ message: 'must be an id (UUID)' });
export const instant = z.iso.datetime({ precision: 3, message: 'must be an ISO-8601 UTC instant with milliseconds' });
export const calendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
export const role = z.enum(ROLES);
export const band = z.enum(BANDS);
/** A reason recorded with a governance change: 3–500 characters after trimming. */
export const reason = z.string().trim().min(3, 'give a reason of at least 3 characters').max(500, 'at most 500 characters');
export const note = z.string().trim().max(2000, 'at most 2000 characters');
export const personName = z.string().trim().min(1, 'required').max(80, 'at most 80 characters');
export const pin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');
export const currency = z.string().refine(isKnownCurrency, 'must be an ISO-4217 currency code such as EUR');
export const timeZone = z.string().max(64).refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin');
export const pageLimit = z.int().min(1).max(200).default(50);

export const DECISION_STATUSES = ['OK', 'BLOCKED', 'PENDING_APPROVAL', 'INVALID', 'ERROR'] as const;
export const decisionStatus = z.enum(DECISION_STATUSES);
export const RISK_BUCKETS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
export const riskBucket = z.enum(RISK_BUCKETS);
export const dispatchMode = z.enum(['plan', 'execute']);
export const gateVerdict = z.enum(['pass', 'warn', 'block']);
export const healthLevel = z.enum(['green', 'yellow', 'red']);
export const EXEC_CLASSES = ['observe', 'sandbox', 'prod'] as const;
export const execClass = z.enum(EXEC_CLASSES);

export const operatorSchema = z.object({
  id,
  name: z.string(),
  role,
  hasPin: z.boolean(),
  createdAt: instant,
});
export type Operator = z.infer<typeof operatorSchema>;

export const gateResultSchema = z.object({
  gate: z.string(),
  verdict: gateVerdict,
  reason: z.string(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/** A decision record (run artifact): one per dispatch, DOMAIN.md "Decisions". */
export const decisionSchema = z.object({
  id,
  at: instant,
  operatorId: id.nullable(),
  operatorName: z.string().nullable(),
  sessionId: id.nullable(),
  action: z.string(),
  mode: dispatchMode,
  status: decisionStatus,
  reason: z.string().nullable(),
  errorCode: z.string().nullable(),
  gates: z.array(gateResultSchema),
  riskBucket: riskBucket.nullable(),
  params: z.unknown(),
  paramsSha256: z.string(),
  resultSha256: z.string().nullable(),
  result: z.unknown(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const decisionSummarySchema = decisionSchema.omit({ params: true, result: true, gates: true });
export type DecisionSummary = z.infer<typeof decisionSummarySchema>;

/** One audit event: a state change with before and after values, hash-chained. */
export const auditEventSchema = z.object({
  seq: z.int(),
  id,
  at: instant,
  operatorId: id.nullable(),
  sessionId: id.nullable(),
  decisionId: id.nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const chainHeadSchema = z.object({ seq: z.int(), hash: z.string() }).nullable();

export const healthReasonSchema = z.object({ code: z.string(), level: healthLevel, message: z.string() });
export const healthSchema = z.object({ level: healthLevel, reasons: z.array(healthReasonSchema) });
export type Health = z.infer<typeof healthSchema>;

export const governanceStateSchema = z.object({
  initialized: z.boolean(),
  currency: z.string().nullable(),
  timeZone: z.string().nullable(),
  goLive: z.object({ enabled: z.boolean(), changedAt: instant.nullable(), changedBy: z.string().nullable() }),
  killSwitch: z.object({
    engaged: z.boolean(),
    reason: z.string().nullable(),
    engagedAt: instant.nullable(),
    engagedBy: z.string().nullable(),
  }),
  band: z.object({ current: band, reason: z.string().nullable(), setAt: instant.nullable(), setBy: z.string().nullable() }),
  health: healthSchema,
  currentOperator: operatorSchema.nullable(),
  chainHead: chainHeadSchema,
});
export type GovernanceState = z.infer<typeof governanceStateSchema>;

export const alertSchema = z.object({
  id,
  at: instant,
  severity: z.enum(['info', 'warning', 'critical']),
  kind: z.string(),
  message: z.string(),
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** What the alert is about, when it is about one thing (e.g. `item` and its id). */
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.int(),
  head: chainHeadSchema,
  firstBadSeq: z.int().nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/**
 * `schema.safeParse(value)` that never throws. zod 4 throws from `safeParse` itself on some
 * values that JSON can carry, e.g. `{"length": {"toString": 1, "valueOf": 1}}` where a
 * string with a length check is expected (it turns `length` into a primitive and fails);
 * found by the contract fuzzer (issue 18). Such a value is refused like any other invalid
 * input: one issue at the root saying it could not be read. Use it wherever params from
 * outside are parsed.
 */
export function safeParseParams<T extends z.ZodType>(schema: T, value: unknown): ReturnType<T['safeParse']> {
  try {
    return schema.safeParse(value) as ReturnType<T['safeParse']>;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const issue = { code: 'custom' as const, path: [], message: `these params cannot be read (${why.slice(0, 200)})`, input: undefined };
    return { success: false, error: new z.ZodError([issue]) } as ReturnType<T['safeParse']>;
  }
}
