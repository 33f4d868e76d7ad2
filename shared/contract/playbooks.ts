/**
 * Playbooks (DOMAIN.md "Playbooks and sessions"): versioned definitions of ordered steps,
 * and runs that track each step with who, when and evidence.
 *
 * - A step's `minBand` is the least permissive band in which it may run, as for actions
 *   (shared/domain/bands.ts `bandAllows`): a step with minimum band `C` runs in A, B and
 *   C and is blocked in D; `null` runs in any band.
 * - `redBlocks` (default true): red health blocks the step. The built-ins set it false
 *   only on their first step (Go-live's preflight check), so red still lets an operator
 *   look and record what was seen (the seeds' "RED blocks progression except preflight").
 * - `evidence`: what completing the step must carry; `approval: true` also needs an
 *   approved approval bound to the step (requested with `approvals.request` for action
 *   `playbooks.completeStep` and params `{ runId, stepKey }`), passed as `approvalId`.
 * - `effect`: a built-in effect run in the completing transaction. `enableExecution`
 *   (the Go-live playbook's last step) turns execution on; it is reserved to `go-live`.
 */
import { z } from 'zod';
import { band, id, instant, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const EVIDENCE_TYPES = ['note', 'number', 'attachment', 'receipt', 'decision', 'approval', 'bundle'] as const;
export const evidenceType = z.enum(EVIDENCE_TYPES);
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** The field of `evidence` each evidence type requires. */
export const EVIDENCE_FIELDS = {
  note: 'note',
  number: 'number',
  attachment: 'attachmentSha256',
  receipt: 'receiptId',
  decision: 'decisionId',
  approval: 'approvalId',
  /** An audit report bundle this installation exported (`reports.exportAudit`), by the SHA-256 of its zip. */
  bundle: 'bundleSha256',
} as const satisfies Record<EvidenceType, string>;

/** Screens a step can point at ("answered on"); the renderer maps each to its route. */
export const PLAYBOOK_SCREENS = [
  'opsboard',
  'setup',
  'operators',
  'spending',
  'approvals',
  'caps',
  'purchases',
  'inventory',
  'receipts',
  'ledger',
  'decisions',
  'audit',
  'alerts',
  'automations',
  'scheduler',
  'backup',
  'reports',
  'playbooks',
  'sessions',
] as const;
export const playbookScreen = z.enum(PLAYBOOK_SCREENS);

export const PLAYBOOK_EFFECTS = ['enableExecution'] as const;
export const playbookEffect = z.enum(PLAYBOOK_EFFECTS);

/** The built-in playbooks' keys (their definitions live in the engine). */
export const BUILTIN_PLAYBOOK_KEYS = ['go-live', 'weekly-review', 'month-end'] as const;
export const GO_LIVE_PLAYBOOK = 'go-live';

export const RUN_STATUSES = ['active', 'completed', 'abandoned'] as const;
export const runStatus = z.enum(RUN_STATUSES);
/** `blocked` is computed, never stored: a todo step whose band or health condition is not met now. */
export const STEP_STATUSES = ['todo', 'done', 'skipped', 'blocked'] as const;
export const stepStatus = z.enum(STEP_STATUSES);

export const playbookKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a key is 1–63 lower-case letters, digits and dashes, starting with a letter or digit');
const title = z.string().trim().min(1, 'required').max(120, 'at most 120 characters');

/** One step as written in `playbooks.define` (defaults filled in). */
export const playbookStepInput = z.strictObject({
  key: playbookKey,
  title,
  instructions: z.string().trim().max(4000, 'at most 4000 characters').default(''),
  minBand: band.nullable().default(null),
  redBlocks: z.boolean().default(true),
  evidence: z
    .array(evidenceType)
    .max(EVIDENCE_TYPES.length)
    .default([])
    .refine((list) => new Set(list).size === list.length, 'each evidence type at most once'),
  approval: z.boolean().default(false),
  link: playbookScreen.nullable().default(null),
  effect: playbookEffect.nullable().default(null),
});

export const playbookDefineInput = z
  .strictObject({
    key: playbookKey,
    title,
    description: z.string().trim().max(2000, 'at most 2000 characters').default(''),
    steps: z.array(playbookStepInput).min(1, 'a playbook has at least one step').max(50, 'at most 50 steps'),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.steps.forEach((step, i) => {
      if (seen.has(step.key)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: `duplicate step key "${step.key}"` });
      seen.add(step.key);
    });
  });

/** A step of a stored definition. */
export const playbookStepSchema = z.object({
  key: z.string(),
  title: z.string(),
  instructions: z.string(),
  minBand: band.nullable(),
  redBlocks: z.boolean(),
  evidence: z.array(evidenceType),
  approval: z.boolean(),
  link: playbookScreen.nullable(),
  effect: playbookEffect.nullable(),
});
export type PlaybookStep = z.infer<typeof playbookStepSchema>;

/** One version of a playbook definition. */
export const playbookDefinitionSchema = z.object({
  key: z.string(),
  version: z.int().positive(),
  title: z.string(),
  description: z.string(),
  /** Whether the key is a built-in playbook (a redefinition by an owner keeps it built in). */
  builtin: z.boolean(),
  steps: z.array(playbookStepSchema),
  createdAt: instant,
  createdBy: z.string(),
});
export type PlaybookDefinition = z.infer<typeof playbookDefinitionSchema>;

/** What completing a step carries; which fields are required depends on the step's `evidence`. */
export const stepEvidenceInput = z.strictObject({
  note: z.string().trim().min(1, 'required').max(2000, 'at most 2000 characters').optional(),
  number: z.number().finite().optional(),
  attachmentSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)').optional(),
  receiptId: id.optional(),
  decisionId: id.optional(),
  approvalId: id.optional(),
  bundleSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of an exported audit report bundle').optional(),
});

/** Evidence as recorded on a step (absent fields are null). */
export const stepEvidenceSchema = z.object({
  note: z.string().nullable(),
  number: z.number().nullable(),
  attachmentSha256: z.string().nullable(),
  receiptId: id.nullable(),
  decisionId: id.nullable(),
  approvalId: id.nullable(),
  bundleSha256: z.string().nullable().default(null),
});
export type StepEvidence = z.infer<typeof stepEvidenceSchema>;

/** A step of a run: its definition (as pinned by the run's version) and its progress. */
export const runStepSchema = playbookStepSchema.extend({
  /** 1-based position. */
  position: z.int().positive(),
  /** The evidence types completing the step requires (the definition's `evidence`; this step's `evidence` is what was given). */
  requiredEvidence: z.array(evidenceType),
  status: stepStatus,
  /** Whether this is the step to do next (the first todo step of an active run). */
  current: z.boolean(),
  /**
   * Why the step cannot be completed now (empty when it can, and for done/skipped steps):
   * band below the step's minimum, red health, an earlier step not done. Computed at
   * query time.
   */
  blockedBy: z.array(z.string()),
  by: z.string().nullable(),
  byId: id.nullable(),
  at: instant.nullable(),
  evidence: stepEvidenceSchema.nullable(),
  skipReason: z.string().nullable(),
  /** The decision that completed or skipped the step. */
  decisionId: id.nullable(),
});
export type RunStep = z.infer<typeof runStepSchema>;

export const runProgressSchema = z.object({ done: z.int(), skipped: z.int(), total: z.int() });

export const playbookRunSummarySchema = z.object({
  id,
  key: z.string(),
  /** The definition version the run pinned when it started. */
  version: z.int().positive(),
  title: z.string(),
  builtin: z.boolean(),
  status: runStatus,
  startedAt: instant,
  startedBy: z.string(),
  startedById: id.nullable(),
  /** The session active when the run started. */
  sessionId: id.nullable(),
  endedAt: instant.nullable(),
  endedBy: z.string().nullable(),
  abandonReason: z.string().nullable(),
  progress: runProgressSchema,
  currentStepKey: z.string().nullable(),
  currentStepTitle: z.string().nullable(),
});
export type PlaybookRunSummary = z.infer<typeof playbookRunSummarySchema>;

export const playbookRunSchema = playbookRunSummarySchema.extend({
  description: z.string(),
  steps: z.array(runStepSchema),
});
export type PlaybookRun = z.infer<typeof playbookRunSchema>;

export const playbookListItemSchema = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  latestVersion: z.int().positive(),
  stepCount: z.int(),
  updatedAt: instant,
  updatedBy: z.string(),
  /** The newest run of any version, null when never run. */
  latestRun: playbookRunSummarySchema.nullable(),
  /** The run in progress, if any (one active run per playbook). */
  activeRunId: id.nullable(),
  /**
   * When a run of this playbook last completed, null if none ever did. For `go-live`: null
   * means execution can only be turned on by completing a Go-live run.
   */
  lastCompletedAt: instant.nullable(),
});
export type PlaybookListItem = z.infer<typeof playbookListItemSchema>;

export const playbookActions = {
  'playbooks.define': {
    summary: 'Write a playbook, or a new version of one (built-ins too): ordered steps with instructions, minimum band, whether red health blocks them, required evidence, approval, screen link.',
    input: playbookDefineInput,
    output: playbookDefinitionSchema,
    execClass: 'prod',
    exempt: false,
  },
  // Running a playbook is exempt from go-live, the kill switch and red health because the
  // Go-live playbook is what turns execution on; each step's band and red-health rule is
  // enforced by the handler instead (red blocks every step whose redBlocks is true).
  'playbooks.start': {
    summary: 'Start a run of a playbook’s latest version (one active run per playbook).',
    input: z.strictObject({ key: playbookKey }),
    output: playbookRunSchema,
    execClass: 'prod',
    exempt: true,
  },
  'playbooks.completeStep': {
    summary: 'Complete the run’s current step with the evidence its definition requires; the last step completes the run.',
    input: z.strictObject({ runId: id, stepKey: playbookKey, evidence: stepEvidenceInput.default({}) }),
    output: playbookRunSchema,
    execClass: 'prod',
    exempt: true,
  },
  'playbooks.skipStep': {
    summary: 'Skip the run’s current step, with a reason (steps that need an approval or have an effect cannot be skipped).',
    input: z.strictObject({ runId: id, stepKey: playbookKey, reason }),
    output: playbookRunSchema,
    execClass: 'prod',
    exempt: true,
  },
  'playbooks.abandon': {
    summary: 'Abandon an active run, with a reason.',
    input: z.strictObject({ runId: id, reason }),
    output: playbookRunSchema,
    execClass: 'prod',
    exempt: true,
  },
} as const satisfies Record<string, ActionSpec>;

export const playbookQueries = {
  'playbooks.list': {
    summary: 'Every playbook: latest version, built-in flag, step count, latest run and the active run.',
    input: z.strictObject({}),
    output: z.array(playbookListItemSchema),
  },
  'playbooks.get': {
    summary: 'One playbook definition (the latest version, or the one asked for) and the list of its versions.',
    input: z.strictObject({ key: playbookKey, version: z.int().positive().optional() }),
    output: playbookDefinitionSchema.extend({
      versions: z.array(z.object({ version: z.int().positive(), createdAt: instant, createdBy: z.string() })),
    }),
  },
  'playbooks.runs': {
    summary: 'Runs, newest first, filtered by status and playbook, with a keyset cursor.',
    input: z.strictObject({
      status: runStatus.optional(),
      key: playbookKey.optional(),
      limit: z.int().min(1).max(200).default(50),
      cursor: id.optional(),
    }),
    output: z.object({ items: z.array(playbookRunSummarySchema), nextCursor: id.nullable() }),
  },
  'playbooks.run': {
    summary: 'One run: its pinned definition and every step’s status, who, when, evidence, and why a step is blocked now.',
    input: z.strictObject({ id }),
    output: playbookRunSchema,
  },
} as const satisfies Record<string, QuerySpec>;
