/**
 * Work sessions (DOMAIN.md "Playbooks and sessions"): start captures a snapshot of the
 * governance state; while a session is active every decision and audit event carries its
 * id; end adds notes and a summary of what happened. One active session at a time; it
 * survives restarts (it lives in the database).
 */
import { z } from 'zod';
import { capUsageSchema } from './spending';
import { band, calendarDate, chainHeadSchema, healthSchema, id, instant, note, pageLimit } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const SESSION_STATUSES = ['active', 'ended'] as const;

/** The state when the session started (frozen). Money in minor units of `currency`. */
export const sessionSnapshotSchema = z.object({
  at: instant,
  band,
  health: healthSchema,
  goLive: z.boolean(),
  killSwitchEngaged: z.boolean(),
  /** Today's cap usage per scope (household day). */
  capUsage: z.object({ day: calendarDate, scopes: z.array(capUsageSchema) }),
  /** Approvals pending a decision. */
  openApprovals: z.int(),
  /** Σ on-hand × estimated unit cost over active items with a cost, rounded per item (minor units). */
  stockValueMinor: z.int(),
  /** Active items without an estimated unit cost (not in the stock value). */
  itemsWithoutCost: z.int(),
  currency: z.string().nullable(),
  chainHead: chainHeadSchema,
});
export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

/** What happened during the session, counted by session id. Money in minor units. */
export const sessionSummarySchema = z.object({
  /** Executed decisions (plan previews excluded), by status; every status present. */
  decisionsByStatus: z.object({ OK: z.int(), BLOCKED: z.int(), PENDING_APPROVAL: z.int(), INVALID: z.int(), ERROR: z.int() }),
  decisions: z.int(),
  /** Spends settled against the caps (GLOBAL scope): how many, and their total. */
  spends: z.object({ count: z.int(), totalMinor: z.int() }),
  /** Stock journal entries written. */
  stockMoves: z.int(),
  approvalsDecided: z.object({ approved: z.int(), denied: z.int() }),
  stepsCompleted: z.int(),
  stepsSkipped: z.int(),
  runsCompleted: z.int(),
  auditEvents: z.int(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionSchema = z.object({
  id,
  status: z.enum(SESSION_STATUSES),
  startedAt: instant,
  startedBy: z.string(),
  startedById: id.nullable(),
  startNotes: z.string().nullable(),
  endedAt: instant.nullable(),
  endedBy: z.string().nullable(),
  endedById: id.nullable(),
  endNotes: z.string().nullable(),
  snapshot: sessionSnapshotSchema,
  /** Stored at end; for the active session computed live (see `summaryLive`). */
  summary: sessionSummarySchema,
  summaryLive: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionActions = {
  // Starting and ending a session changes no household state; both stay reachable with
  // execution off, the kill switch engaged or health red (DOMAIN.md lists "end a session"
  // among the exempt actions; an incident is when a session record matters most).
  'sessions.start': {
    summary: 'Start a work session with optional notes: captures the snapshot (band, health, cap usage, open approvals, stock value, chain head).',
    input: z.strictObject({ notes: note.optional() }),
    output: sessionSchema,
    execClass: 'prod',
    exempt: true,
  },
  'sessions.end': {
    summary: 'End the active session with optional notes: adds the summary of what happened during it.',
    input: z.strictObject({ notes: note.optional() }),
    output: sessionSchema,
    execClass: 'prod',
    exempt: true,
  },
} as const satisfies Record<string, ActionSpec>;

export const sessionQueries = {
  'sessions.active': {
    summary: 'The active session with its live summary, or null.',
    input: z.strictObject({}),
    output: sessionSchema.nullable(),
  },
  'sessions.list': {
    summary: 'Sessions, newest first, filtered by start date (household days, inclusive) and operator, with a keyset cursor.',
    input: z.strictObject({
      from: calendarDate.optional(),
      to: calendarDate.optional(),
      operatorId: id.optional(),
      limit: pageLimit,
      cursor: id.optional(),
    }),
    output: z.object({ items: z.array(sessionSchema), nextCursor: id.nullable() }),
  },
  'sessions.get': {
    summary: 'One session: snapshot, notes and summary (live while active).',
    input: z.strictObject({ id }),
    output: sessionSchema,
  },
} as const satisfies Record<string, QuerySpec>;
