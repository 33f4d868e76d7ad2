/**
 * Every query, declared once: read-only, never governed, never writes.
 * Names are `'<domain>.<noun>'`. Inputs are strict (unknown fields are `invalid`).
 */
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { automationKind, automationQueries, tripwirePolicySchema } from './automations';
import { alertGroupSchema, billSchema, householdQueries, shoppingItemSchema } from './household';
import { inventoryQueries } from './inventory';
import { ledgerQueries } from './ledger';
import { playbookQueries } from './playbooks';
import { receiptQueries } from './receipts';
import { auditCheckSchema, reportQueries } from './reports';
import { sessionQueries, sessionSchema } from './sessions';
import { settingsQueries } from './settings';
import { spendingQueries } from './spending';
import type { QuerySpec } from './spec';
import {
  alertSchema,
  auditEventSchema,
  calendarDate,
  decisionSchema,
  decisionStatus,
  decisionSummarySchema,
  execClass,
  governanceStateSchema,
  id,
  operatorSchema,
  pageLimit,
  riskBucket,
  role,
} from './schemas';

const noParams = z.strictObject({});

export const queries = {
  'setup.status': {
    summary: 'Whether first-run onboarding is done, and the schema version.',
    input: noParams,
    output: z.object({ initialized: z.boolean(), schemaVersion: z.int() }),
  },
  'governance.state': {
    summary: 'Go-live, kill switch, band, computed health, current operator and the audit chain head.',
    input: noParams,
    output: governanceStateSchema,
  },
  'operators.list': {
    summary: 'All operator profiles.',
    input: noParams,
    output: z.array(operatorSchema),
  },
  'permissions.matrix': {
    summary: 'The role × action permission matrix, as data.',
    input: noParams,
    output: z.object({
      roles: z.array(role),
      actions: z.array(z.object({ name: z.string(), summary: z.string(), execClass, exempt: z.boolean(), roles: z.array(role) })),
      queries: z.array(z.object({ name: z.string(), summary: z.string(), roles: z.array(role) })),
    }),
  },
  'decisions.list': {
    summary: 'Decision records, newest first, filtered, with a keyset cursor.',
    input: z.strictObject({
      status: decisionStatus.optional(),
      action: z.string().max(100).optional(),
      operatorId: id.optional(),
      sessionId: id.optional(),
      riskBucket: riskBucket.optional(),
      mode: z.enum(['plan', 'execute']).optional(),
      from: calendarDate.optional(),
      to: calendarDate.optional(),
      limit: pageLimit,
      cursor: id.optional(),
    }),
    output: z.object({ items: z.array(decisionSummarySchema), nextCursor: id.nullable() }),
  },
  'decisions.get': {
    summary: 'One decision record with gate verdicts, params and hashes.',
    input: z.strictObject({ id }),
    output: decisionSchema,
  },
  'decisions.diff': {
    summary: 'Two decisions compared on the fields that matter (status, gates, risk, hashes), never bulky payloads.',
    input: z.strictObject({ a: id, b: id }),
    output: z.object({
      a: decisionSummarySchema,
      b: decisionSummarySchema,
      fields: z.array(z.object({ field: z.string(), a: z.unknown(), b: z.unknown(), same: z.boolean() })),
    }),
  },
  'audit.list': {
    summary: 'Audit events, newest first, with before/after values, optionally of one entity, decision, action or domain; cursor is the last seen sequence number.',
    input: z.strictObject({
      entity: z.string().max(64).optional(),
      /** One entity's events (with `entity`, e.g. a receipt's id): its history. */
      entityId: z.string().min(1).max(200).optional(),
      /** An action name (`receipts.merge`), or a domain (`receipts`) for all of its actions. */
      action: z
        .string()
        .max(64)
        .regex(/^[a-z]+(\.[a-zA-Z]+)?$/, 'an action name such as receipts.merge, or a domain such as receipts')
        .optional(),
      decisionId: id.optional(),
      limit: pageLimit,
      cursor: z.int().positive().optional(),
    }),
    output: z.object({ items: z.array(auditEventSchema), nextCursor: z.int().nullable() }),
  },
  'audit.verify': {
    summary: 'Recomputes the whole hash chain, then compares it with its latest anchor: { ok, checked, head, firstBadSeq, anchor }.',
    input: noParams,
    output: auditCheckSchema,
  },
  'alerts.list': {
    summary: 'Alerts, open ones or all, newest first.',
    input: z.strictObject({ status: z.enum(['open', 'all']).default('open') }),
    output: z.array(alertSchema),
  },
  'opsboard.summary': {
    summary: 'The first screen: governance state, recent decisions, open alerts, today’s decision counts.',
    input: noParams,
    output: z.object({
      state: governanceStateSchema,
      recentDecisions: z.array(decisionSummarySchema),
      openAlerts: z.array(alertSchema),
      decisionsToday: z.record(z.string(), z.int()),
      activeSession: sessionSchema.nullable(),
      pendingApprovals: z.int(),
      /** Open alerts grouped by kind (the board shows groups, not one row per item). */
      alertGroups: z.array(alertGroupSchema),
      shopping: z.object({ open: z.int(), estTotalMinor: z.int(), awaitingApproval: z.int(), top: z.array(shoppingItemSchema) }),
      /** Bills overdue or due within 7 days. */
      billsDue: z.array(billSchema),
      unreadNotifications: z.int(),
      /** Lots expiring within 7 days or expired (the first few; `total` counts them all). */
      expiringSoon: inventoryQueries['inventory.expiring'].output,
      /** Automation kinds acting alone, tripwires whose last evaluation tripped, recommendations waiting. */
      automations: z.object({ auto: z.array(automationKind), tripped: z.array(tripwirePolicySchema), openRecommendations: z.int() }),
    }),
  },
  ...inventoryQueries,
  ...spendingQueries,
  ...receiptQueries,
  ...ledgerQueries,
  ...playbookQueries,
  ...sessionQueries,
  ...reportQueries,
  ...householdQueries,
  ...settingsQueries,
  ...automationQueries,
} as const satisfies Record<string, QuerySpec>;

export type Queries = typeof queries;
export type QueryName = keyof Queries;
export type QueryInput<K extends QueryName> = z.input<Queries[K]['input']>;
export type QueryParams<K extends QueryName> = z.output<Queries[K]['input']>;
export type QueryOutput<K extends QueryName> = z.output<Queries[K]['output']>;

/** Roles that may read everything (every query). Guests see the ops board only (DOMAIN.md). */
export const QUERY_ROLES_ALL = ROLES.filter((r) => r !== 'guest');
