/**
 * The household's week (DOMAIN.md "Shopping, needs, schedule, bills", "Scheduler",
 * "Alerts, notifications"): the shopping list and its generators, schedule entries with an
 * RFC 5545 recurrence, bills, the scheduler's runs, grouped alerts and notifications.
 * Money is integer minor units of the household currency; dates are household calendar
 * dates `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { minorUnits, qty } from './inventory';
import { alertSchema, calendarDate, id, instant, note, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

const positiveMinor = z.int({ message: 'must be a whole number of minor units (cents)' }).positive('must be more than 0').max(Number.MAX_SAFE_INTEGER);
const title = z.string().trim().min(1, 'required').max(200, 'at most 200 characters');
const label = z.string().trim().min(1, 'required').max(64, 'at most 64 characters');

/**
 * An RFC 5545 recurrence rule, without DTSTART (the entry's due date is its start), e.g.
 * `FREQ=MONTHLY;BYMONTHDAY=15` or `RRULE:FREQ=WEEKLY;BYDAY=MO`. Checked for syntax here and
 * parsed by the `rrule` library in main, which refuses what it cannot expand.
 */
export const rrule = z
  .string()
  .trim()
  .max(500, 'at most 500 characters')
  .regex(/^(RRULE:)?FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY)(;[A-Z]+=[A-Za-z0-9,+\-:]+)*$/, 'an RFC 5545 rule such as FREQ=MONTHLY;BYMONTHDAY=15 (FREQ first, then ;NAME=VALUE parts)');

export const SHOPPING_SOURCES = ['manual', 'quick_add', 'low_stock', 'forecast', 'need'] as const;
export const shoppingSource = z.enum(SHOPPING_SOURCES);
export const SHOPPING_STATUSES = ['open', 'bought', 'cancelled'] as const;
export const shoppingStatus = z.enum(SHOPPING_STATUSES);

export const shoppingItemSchema = z.object({
  id,
  name: z.string(),
  itemId: id.nullable(),
  qty: z.number().nullable(),
  unit: z.string().nullable(),
  estTotalMinor: z.int().nullable(),
  category: z.string(),
  status: shoppingStatus,
  source: shoppingSource,
  /** Why a generator added it ("runs out in 3 days (2026-12-07), lead time 2 days"). */
  reason: z.string().nullable(),
  scheduleEntryId: id.nullable(),
  occurrenceDate: calendarDate.nullable(),
  /** At or above the band's approval threshold: buying it needs an approval. */
  bigTicket: z.boolean(),
  approvalId: id.nullable(),
  approvalStatus: z.string().nullable(),
  note: z.string().nullable(),
  actualTotalMinor: z.int().nullable(),
  accountId: id.nullable(),
  paymentMethod: z.string().nullable(),
  receiptId: id.nullable(),
  ledgerEntryId: id.nullable(),
  boughtAt: instant.nullable(),
  createdBy: z.string(),
  createdAt: instant,
  updatedAt: instant,
});
export type ShoppingItem = z.infer<typeof shoppingItemSchema>;

export const generatedSchema = z.object({
  added: z.array(shoppingItemSchema),
  /** Candidates left out: an open item already lists them, or one was cancelled lately. */
  skipped: z.int(),
  approvalsRequested: z.int(),
});

export const SCHEDULE_KINDS = ['need', 'bill', 'chore', 'reminder'] as const;
export const scheduleKind = z.enum(SCHEDULE_KINDS);
export const OCCURRENCE_STATUSES = ['done', 'skipped', 'paid'] as const;

export const scheduleEntrySchema = z.object({
  id,
  kind: scheduleKind,
  title: z.string(),
  notes: z.string().nullable(),
  /** The first due date (the recurrence's start). */
  dueDate: calendarDate,
  rrule: z.string().nullable(),
  /** A readable form of the recurrence ("every month on the 15th"), null without one. */
  recurrence: z.string().nullable(),
  itemId: id.nullable(),
  qty: z.number().nullable(),
  estTotalMinor: z.int().nullable(),
  category: z.string().nullable(),
  remindDaysBefore: z.int(),
  payee: z.string().nullable(),
  amountMinor: z.int().nullable(),
  accountId: id.nullable(),
  autopay: z.boolean(),
  active: z.boolean(),
  /** The earliest occurrence not done, skipped or paid (overdue ones included); null when none is left. */
  nextDue: calendarDate.nullable(),
  createdBy: z.string(),
  createdAt: instant,
  updatedAt: instant,
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

export const occurrenceSchema = z.object({
  entryId: id,
  kind: scheduleKind,
  title: z.string(),
  date: calendarDate,
  status: z.enum(['overdue', 'due', 'upcoming', 'done', 'skipped', 'paid']),
  /** Days from today (negative: overdue). */
  daysUntil: z.int(),
  amountMinor: z.int().nullable(),
  payee: z.string().nullable(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

export const billSchema = scheduleEntrySchema.extend({
  status: z.enum(['overdue', 'due', 'upcoming', 'paid_up', 'ended']),
  overdue: z.array(calendarDate),
  lastPaid: z.object({ date: calendarDate, at: instant, by: z.string(), ledgerEntryId: id.nullable() }).nullable(),
});
export type Bill = z.infer<typeof billSchema>;

export const JOB_RUN_STATUSES = ['running', 'ok', 'refused', 'failed'] as const;
export const jobRunSchema = z.object({
  job: z.string(),
  scheduledFor: instant,
  /** `schedule` on time, `catch-up` a missed occurrence run late, `manual` run now by an operator. */
  trigger: z.enum(['schedule', 'catch-up', 'manual']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  status: z.enum(JOB_RUN_STATUSES),
  decisionId: z.string().nullable(),
  message: z.string().nullable(),
});
export type JobRunRecord = z.infer<typeof jobRunSchema>;

export const NOTIFICATION_KINDS = ['reminder', 'bill_due', 'bill_overdue', 'approval_waiting', 'job_failed', 'shopping', 'health'] as const;
export const notificationSchema = z.object({
  id,
  at: instant,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** The console route that deals with it (`shopping`, `bills`, `approvals` …). */
  route: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: instant.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const alertGroupSchema = z.object({
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  count: z.int(),
  /** One line for the group ("37 items run out within their lead time"). */
  title: z.string(),
  /** Where to act on it, with a label ("open the shopping list"). */
  route: z.string().nullable(),
  action: z.string().nullable(),
  latestAt: instant,
  /** The newest few of the group. */
  sample: z.array(alertSchema),
});
export type AlertGroup = z.infer<typeof alertGroupSchema>;

const shoppingFields = {
  qty: qty.optional(),
  estTotalMinor: minorUnits.optional(),
  category: label.optional(),
  note: note.optional(),
};

const scheduleFields = {
  title,
  dueDate: calendarDate,
  rrule: rrule.optional(),
  notes: note.optional(),
  remindDaysBefore: z.int().min(0).max(60).optional(),
};

export const householdActions = {
  'shopping.add': {
    summary: 'Add a shopping item: a name, optionally a stock item (bought stocks it), quantity, estimated total and category.',
    input: z.strictObject({
      name: title,
      itemId: id.optional(),
      ...shoppingFields,
      /** Accepting (or, in auto, executing) this recommendation: its source and reason are kept, and its outcome recorded. */
      recommendationId: id.optional(),
    }),
    output: shoppingItemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'shopping.quickAdd': {
    summary: 'Quick add: a name and an optional estimated total; linked to the stock item of exactly that name, if one exists.',
    input: z.strictObject({ name: title, estTotalMinor: minorUnits.optional() }),
    output: shoppingItemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'shopping.update': {
    summary: 'Edit an open shopping item: name, quantity, estimated total, category, note.',
    input: z.strictObject({ id, name: title.optional(), ...shoppingFields }),
    output: shoppingItemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'shopping.cancel': {
    summary: 'Take an open item off the list (generators leave its stock item alone for 7 days).',
    input: z.strictObject({ id, reason: reason.optional() }),
    output: shoppingItemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'shopping.bought': {
    summary:
      'Mark an item bought — a governed spend (approvals and caps): in one transaction the stock purchase of a linked item, a receipt placeholder in the triage inbox, and the ledger entry on the account the money left.',
    input: z.strictObject({
      id,
      actualTotalMinor: positiveMinor,
      accountId: id.optional(),
      paymentMethod: label.optional(),
      vendor: z.string().trim().min(1).max(200).optional(),
      /** The quantity bought, if not the listed one. */
      qty: qty.optional(),
      /** The day bought, if not today. */
      boughtOn: calendarDate.optional(),
    }),
    output: z.object({ item: shoppingItemSchema, receiptId: id, ledgerEntryId: id.nullable(), stockEntrySeq: z.int().nullable() }),
    execClass: 'prod',
    exempt: false,
  },
  'shopping.generateFromInventory': {
    summary: 'Add the stock items at or below their minimum, or running out within lead time + review period, that no open item lists yet.',
    input: z.strictObject({}),
    output: generatedSchema,
    execClass: 'prod',
    exempt: false,
  },
  'shopping.generateFromNeeds': {
    summary: 'Add the needs due within N days (default 30) that are not on the list yet.',
    input: z.strictObject({ withinDays: z.int().min(0).max(366).default(30) }),
    output: generatedSchema,
    execClass: 'prod',
    exempt: false,
  },
  'schedule.create': {
    summary: 'Add a need, chore or reminder with a due date and an optional RFC 5545 recurrence (bills: bills.create).',
    input: z.strictObject({
      kind: z.enum(['need', 'chore', 'reminder']),
      ...scheduleFields,
      itemId: id.optional(),
      qty: qty.optional(),
      estTotalMinor: minorUnits.optional(),
      category: label.optional(),
    }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'schedule.update': {
    summary: 'Change a schedule entry or bill: title, due date, recurrence (null: none), amount, account, autopay, reminder days, notes.',
    input: z.strictObject({
      id,
      title: title.optional(),
      dueDate: calendarDate.optional(),
      rrule: rrule.nullable().optional(),
      notes: note.nullable().optional(),
      remindDaysBefore: z.int().min(0).max(60).optional(),
      qty: qty.nullable().optional(),
      estTotalMinor: minorUnits.nullable().optional(),
      category: label.nullable().optional(),
      payee: title.optional(),
      amountMinor: positiveMinor.optional(),
      accountId: id.nullable().optional(),
      autopay: z.boolean().optional(),
    }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'schedule.archive': {
    summary: 'End a schedule entry or bill: no more occurrences, history kept.',
    input: z.strictObject({ id, reason }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'schedule.complete': {
    summary: 'Mark one occurrence of a need, chore or reminder done.',
    input: z.strictObject({ id, occurrenceDate: calendarDate, note: note.optional() }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'schedule.skip': {
    summary: 'Skip one occurrence (a bill too: not paid through the console), with a reason.',
    input: z.strictObject({ id, occurrenceDate: calendarDate, reason }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'bills.create': {
    summary: 'Add a bill: payee, amount, first due date, recurrence, category, the account it is paid from, autopay, reminder days.',
    input: z.strictObject({
      payee: title,
      title: title.optional(),
      amountMinor: positiveMinor,
      dueDate: calendarDate,
      rrule: rrule.optional(),
      category: label,
      accountId: id.optional(),
      autopay: z.boolean().default(false),
      remindDaysBefore: z.int().min(0).max(60).default(3),
      notes: note.optional(),
    }),
    output: scheduleEntrySchema,
    execClass: 'prod',
    exempt: false,
  },
  'bills.pay': {
    summary: 'Pay a bill — a governed spend (approvals and caps) that posts the ledger entry and marks the occurrence paid (default: the earliest unpaid).',
    input: z.strictObject({
      id,
      occurrenceDate: calendarDate.optional(),
      amountMinor: positiveMinor.optional(),
      accountId: id.optional(),
      paidOn: calendarDate.optional(),
    }),
    output: z.object({ bill: scheduleEntrySchema, occurrenceDate: calendarDate, ledgerEntryId: id }),
    execClass: 'prod',
    exempt: false,
  },
  'scheduler.dailyTick': {
    summary:
      'The daily tick: expires stale recommendations and scores forecast proposals; proposes needs due within 30 days and stock running out as recommendations (carried out alone by the kinds whose charter is auto); big-ticket items get approval requests; reminders and bill due / overdue notifications are raised.',
    input: z.strictObject({}),
    output: z.object({
      /** New recommendations, by automation kind. */
      recommended: z.record(z.string(), z.int()),
      /** Open proposals of kinds in `auto`: the job dispatches each as `system`, and the charter gate decides. */
      auto: z.array(z.object({ recommendationId: id, action: z.string(), params: z.record(z.string(), z.unknown()) })),
      expired: z.int(),
      forecastHits: z.object({ hits: z.int(), misses: z.int() }),
      approvalsRequested: z.int(),
      reminders: z.int(),
      billsDue: z.int(),
      billsOverdue: z.int(),
      /** Autopay bills due today or overdue: the job pays each with `bills.pay`. */
      autopay: z.array(z.object({ id, occurrenceDate: calendarDate })),
    }),
    execClass: 'prod',
    exempt: false,
  },
  'scheduler.runNow': {
    summary: 'Run a scheduler job now, as `system`, outside its schedule; recorded as a manual run.',
    input: z.strictObject({ job: z.string().min(1).max(64) }),
    output: z.object({ run: jobRunSchema }),
    execClass: 'prod',
    exempt: true,
  },
  'health.check': {
    summary: 'The hourly health check: computes health and notifies when it got worse since the last check.',
    input: z.strictObject({}),
    output: z.object({ level: z.enum(['green', 'yellow', 'red']), previous: z.enum(['green', 'yellow', 'red']).nullable(), reasons: z.array(z.string()) }),
    execClass: 'prod',
    exempt: true,
  },
  'alerts.acknowledgeGroup': {
    summary: 'Acknowledge every open alert of one kind at once, with an optional note.',
    input: z.strictObject({ kind: z.string().min(1).max(64), note: note.optional() }),
    output: z.object({ acknowledged: z.int() }),
    execClass: 'prod',
    exempt: true,
  },
  'notifications.markRead': {
    summary: 'Mark notifications read: the ones given, or all.',
    input: z.union([z.strictObject({ ids: z.array(id).min(1).max(500) }), z.strictObject({ all: z.literal(true) })]),
    output: z.object({ marked: z.int() }),
    execClass: 'prod',
    exempt: true,
  },
} as const satisfies Record<string, ActionSpec>;

export const householdQueries = {
  'shopping.list': {
    summary: 'Shopping items grouped by source, with counts and estimated totals; open ones by default.',
    input: z.strictObject({ status: z.enum([...SHOPPING_STATUSES, 'all']).default('open'), limit: z.int().min(1).max(5000).default(1000) }),
    output: z.object({
      groups: z.array(z.object({ source: shoppingSource, count: z.int(), estTotalMinor: z.int(), items: z.array(shoppingItemSchema) })),
      count: z.int(),
      estTotalMinor: z.int(),
      /** The current band's approval threshold (null: every spend needs one). */
      bigTicketThresholdMinor: z.int().nullable(),
    }),
  },
  'schedule.entries': {
    summary: 'Schedule entries (needs, chores, reminders, bills), active ones by default.',
    input: z.strictObject({ kind: scheduleKind.optional(), includeArchived: z.boolean().default(false) }),
    output: z.array(scheduleEntrySchema),
  },
  'schedule.upcoming': {
    summary: 'The agenda: occurrences overdue (last 60 days) and due within N days, by date.',
    input: z.strictObject({ days: z.int().min(0).max(366).default(14), kind: scheduleKind.optional() }),
    output: z.object({ today: calendarDate, occurrences: z.array(occurrenceSchema) }),
  },
  'bills.list': {
    summary: 'Bills with their next due date, status, overdue occurrences and last payment.',
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.object({ today: calendarDate, bills: z.array(billSchema), dueWithin7DaysMinor: z.int(), overdueMinor: z.int() }),
  },
  'scheduler.runs': {
    summary: 'The scheduler’s recorded runs, newest first, optionally of one job.',
    input: z.strictObject({ job: z.string().min(1).max(64).optional(), limit: z.int().min(1).max(500).default(50) }),
    output: z.array(jobRunSchema),
  },
  'notifications.list': {
    summary: 'The notification centre: newest first, with the unread count.',
    input: z.strictObject({ unreadOnly: z.boolean().default(false), limit: z.int().min(1).max(200).default(50) }),
    output: z.object({ items: z.array(notificationSchema), unread: z.int() }),
  },
  'alerts.groups': {
    summary: 'Open alerts grouped by kind: count, worst severity, one line, where to act, the newest few.',
    input: z.strictObject({}),
    output: z.array(alertGroupSchema),
  },
} as const satisfies Record<string, QuerySpec>;
