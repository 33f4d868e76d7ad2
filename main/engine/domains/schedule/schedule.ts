/**
 * The schedule (DOMAIN.md "Shopping, needs, schedule, bills"): needs, chores, reminders and
 * bills, each with a due date and an optional RFC 5545 recurrence (./recurrence). Open
 * occurrences are computed from the rule; a handled one (done, skipped, paid) is a row of
 * `schedule_occurrences`. Paying a bill is a governed spend that posts its ledger entry.
 *
 * Days are household calendar dates `YYYY-MM-DD` in the household's time zone (UTC when none
 * is set). Overdue occurrences count back 60 days for the agenda and the bills, and 400 days
 * for an entry's `nextDue` and the bill a payment defaults to.
 */
import type { Bill, Occurrence, ScheduleEntry } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { calendarDateIn, dayNumber, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { Spend, SpendResolvers } from '../../governance/spending';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';
import { getActiveItem } from '../inventory/store';
import { getAccount } from '../ledger/ledger';
import { postEntry } from '../ledger/post';
import { describeRule, occurrencesBetween, parseRule } from './recurrence';

/** Days back an unhandled occurrence still shows as overdue (agenda, bills, the daily tick). */
export const OVERDUE_LOOKBACK_DAYS = 60;
/** Days back `nextDue` (and a payment's default occurrence) looks for an unhandled occurrence. */
export const NEXT_DUE_LOOKBACK_DAYS = 400;
/** Days ahead `nextDue` looks; none within them means nothing is left (null). */
export const NEXT_DUE_AHEAD_DAYS = 365;

type Row = {
  id: string;
  kind: ScheduleEntry['kind'];
  title: string;
  notes: string | null;
  due_date: string;
  rrule: string | null;
  item_id: string | null;
  qty: number | null;
  est_total_minor: number | null;
  category: string | null;
  remind_days_before: number;
  payee: string | null;
  amount_minor: number | null;
  account_id: string | null;
  autopay: number;
  active: number;
  created_by: string;
  created_at: string;
  updated_at: string;
};

type HandledRow = {
  occurrence_date: string;
  status: 'done' | 'skipped' | 'paid';
  at: string;
  by: string;
  ledger_entry_id: string | null;
};

const addDays = (date: string, days: number) => dayToDate(dayNumber(date) + days);

/** The household's calendar date of an instant (UTC when no time zone is set). */
function householdDate(instant: Date, timeZone: string | null): string {
  return calendarDateIn(instant, timeZone ?? 'UTC');
}

function readRow(db: Db, id: string): Row {
  const row = sql(db, 'SELECT * FROM schedule_entries WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new EngineError('not_found', `no schedule entry ${id}`);
  return row;
}

/** The handled occurrences of an entry by date. */
function handledOf(db: Db, entryId: string): Map<string, HandledRow> {
  const rows = sql(db, 'SELECT occurrence_date, status, at, by, ledger_entry_id FROM schedule_occurrences WHERE entry_id = ?').all(entryId) as HandledRow[];
  return new Map(rows.map((r) => [r.occurrence_date, r]));
}

const ruleOf = (r: Row) => ({ dueDate: r.due_date, rrule: r.rrule });

/** Unhandled occurrence dates of an entry within `from`…`to` (inclusive), ascending. */
function openDates(r: Row, handled: Map<string, HandledRow>, from: string, to: string): string[] {
  return occurrencesBetween(ruleOf(r), from, to).filter((d) => !handled.has(d));
}

/**
 * The earliest unhandled occurrence of an active entry from `anchor − 400 days` (not before
 * its due date) to `anchor + 365 days`; `anchor` is today, else — without a clock — the
 * latest handled occurrence or the due date. Null when inactive or none in that window.
 */
function nextDueOf(r: Row, handled: Map<string, HandledRow>, today: string | undefined): string | null {
  if (!r.active) return null;
  const anchor = today ?? [...handled.keys()].reduce((a, b) => (b > a ? b : a), r.due_date);
  const from = addDays(anchor, -NEXT_DUE_LOOKBACK_DAYS);
  return openDates(r, handled, from > r.due_date ? from : r.due_date, addDays(anchor, NEXT_DUE_AHEAD_DAYS))[0] ?? null;
}

function toEntry(r: Row, nextDue: string | null): ScheduleEntry {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    notes: r.notes,
    dueDate: r.due_date,
    rrule: r.rrule,
    recurrence: r.rrule ? describeRule(r.rrule) : null,
    itemId: r.item_id,
    qty: r.qty,
    estTotalMinor: r.est_total_minor,
    category: r.category,
    remindDaysBefore: r.remind_days_before,
    payee: r.payee,
    amountMinor: r.amount_minor,
    accountId: r.account_id,
    autopay: r.autopay === 1,
    active: r.active === 1,
    nextDue,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const entryOf = (db: Db, r: Row, today: string | undefined) => toEntry(r, nextDueOf(r, handledOf(db, r.id), today));

/**
 * One schedule entry or bill, with `nextDue` counted from `today` (`YYYY-MM-DD`, the
 * household date; without it, from the entry's latest handled occurrence — see nextDueOf).
 * Throws EngineError `not_found`.
 */
export function getScheduleEntry(db: Db, id: string, today?: string): ScheduleEntry {
  return entryOf(db, readRow(db, id), today);
}

/** A bill by id; throws EngineError `not_found` for an unknown id or an entry that is not a bill. */
function readBill(db: Db, id: string): Row {
  const row = sql(db, "SELECT * FROM schedule_entries WHERE id = ? AND kind = 'bill'").get(id) as Row | undefined;
  if (!row) throw new EngineError('not_found', `no bill ${id}`);
  return row;
}

function activeRows(db: Db, kinds?: readonly string[], includeArchived = false): Row[] {
  const rows = sql(db, `SELECT * FROM schedule_entries ${includeArchived ? '' : 'WHERE active = 1'} ORDER BY title, id`).all() as Row[];
  return kinds ? rows.filter((r) => kinds.includes(r.kind)) : rows;
}

/**
 * The unhandled occurrences of active entries (optionally of some kinds) from
 * `today − 60 days` to `today + withinDays` (dates `YYYY-MM-DD`, both inclusive), by date
 * then title: what the daily tick turns into shopping items, reminders and bill notices.
 */
export function dueOccurrences(db: Db, today: string, withinDays: number, kinds?: string[]): Array<{ entry: ScheduleEntry; date: string }> {
  const out: Array<{ entry: ScheduleEntry; date: string }> = [];
  for (const r of activeRows(db, kinds)) {
    const handled = handledOf(db, r.id);
    const dates = openDates(r, handled, addDays(today, -OVERDUE_LOOKBACK_DAYS), addDays(today, withinDays));
    if (dates.length === 0) continue;
    const entry = toEntry(r, nextDueOf(r, handled, today));
    for (const date of dates) out.push({ entry, date });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.entry.title.localeCompare(b.entry.title));
}

// ----- actions -----

const invalid = (field: string, message: string): never => {
  throw new EngineError('invalid', message, { issues: [{ path: [field], message }] });
};

/** The stored form of a rule, checked against its due date; null for none. */
const checkedRule = (rule: string | null | undefined, dueDate: string) => (rule ? parseRule(rule, dueDate).rule : null);

function recordEntry(ctx: ActionContext, before: ScheduleEntry | null, id: string, extra: Record<string, unknown> = {}): ScheduleEntry {
  const today = householdDate(new Date(ctx.now), ctx.settings.timeZone);
  const after = getScheduleEntry(ctx.db, id, today);
  ctx.record({ entity: 'schedule_entry', entityId: id, before, after: { ...after, ...extra } });
  ctx.touch('schedule_entries');
  return after;
}

/**
 * Checks that `date` is an occurrence of an active entry not handled yet. Throws EngineError
 * `conflict` (archived, or handled already) or `invalid` naming the nearest occurrences.
 */
function requireOpenOccurrence(db: Db, r: Row, date: string): void {
  if (!r.active) throw new EngineError('conflict', `"${r.title}" is archived: its occurrences can no longer be handled`);
  if (occurrencesBetween(ruleOf(r), date, date).length === 0) {
    const before = occurrencesBetween(ruleOf(r), addDays(date, -NEXT_DUE_LOOKBACK_DAYS), addDays(date, -1)).at(-1);
    const after = occurrencesBetween(ruleOf(r), addDays(date, 1), addDays(date, NEXT_DUE_LOOKBACK_DAYS))[0];
    const nearest = [before, after].filter((d): d is string => d !== undefined);
    invalid('occurrenceDate', `${date} is not an occurrence of "${r.title}" (${nearest.length ? `nearest: ${nearest.join(', ')}` : 'none near it'})`);
  }
  const handled = sql(db, 'SELECT status, at, by FROM schedule_occurrences WHERE entry_id = ? AND occurrence_date = ?').get(r.id, date) as HandledRow | undefined;
  if (handled) throw new EngineError('conflict', `the ${date} occurrence of "${r.title}" is already ${handled.status} (by ${handled.by} at ${handled.at})`);
}

/** Writes a handled occurrence for the current decision, audited. */
function handle(ctx: ActionContext, r: Row, date: string, status: HandledRow['status'], note: string | null, ledgerEntryId: string | null = null): void {
  sql(ctx.db, 'INSERT INTO schedule_occurrences (entry_id, occurrence_date, status, at, by, decision_id, ledger_entry_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    r.id,
    date,
    status,
    ctx.now,
    ctx.actorName,
    ctx.decisionId,
    ledgerEntryId,
    note,
  );
  ctx.record({ entity: 'schedule_occurrence', entityId: `${r.id}/${date}`, before: null, after: { entryId: r.id, date, status, by: ctx.actorName, ledgerEntryId, note } });
  ctx.touch('schedule_occurrences');
}

/** The spend of `bills.pay`: the amount given or the bill's, in its category, bound to the bill. Throws EngineError `not_found`. */
export const billSpend = (params: unknown, db: Db): Spend => {
  const p = params as { id: string; amountMinor?: number };
  const bill = readBill(db, p.id);
  return { kind: 'spend', amountMinor: p.amountMinor ?? bill.amount_minor, category: bill.category, target: bill.id, bindingParams: { id: bill.id }, title: `Bill: ${bill.payee ?? bill.title}` };
};

export const BILL_SPEND_RESOLVERS: SpendResolvers = { 'bills.pay': billSpend };

const BILL_ONLY = ['payee', 'amountMinor', 'accountId', 'autopay'] as const;
const NOT_FOR_BILLS = ['qty', 'estTotalMinor'] as const;
const COLUMNS: Record<string, string> = {
  title: 'title',
  dueDate: 'due_date',
  rrule: 'rrule',
  notes: 'notes',
  remindDaysBefore: 'remind_days_before',
  qty: 'qty',
  estTotalMinor: 'est_total_minor',
  category: 'category',
  payee: 'payee',
  amountMinor: 'amount_minor',
  accountId: 'account_id',
  autopay: 'autopay',
};

export const scheduleActions: Pick<ActionHandlers, 'schedule.create' | 'schedule.update' | 'schedule.archive' | 'schedule.complete' | 'schedule.skip' | 'bills.create' | 'bills.pay'> = {
  'schedule.create'(p, ctx) {
    const rule = checkedRule(p.rrule, p.dueDate);
    if (p.itemId) getActiveItem(ctx.db, p.itemId);
    const id = ctx.newId();
    sql(
      ctx.db,
      `INSERT INTO schedule_entries (id, kind, title, notes, due_date, rrule, item_id, qty, est_total_minor, category, remind_days_before, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, p.kind, p.title, p.notes ?? null, p.dueDate, rule, p.itemId ?? null, p.qty ?? null, p.estTotalMinor ?? null, p.category ?? null, p.remindDaysBefore ?? 3, ctx.actorName, ctx.now, ctx.now);
    return recordEntry(ctx, null, id);
  },

  'bills.create'(p, ctx) {
    const rule = checkedRule(p.rrule, p.dueDate);
    if (p.accountId) getAccount(ctx.db, p.accountId);
    const id = ctx.newId();
    sql(
      ctx.db,
      `INSERT INTO schedule_entries (id, kind, title, notes, due_date, rrule, category, remind_days_before, payee, amount_minor, account_id, autopay, created_by, created_at, updated_at)
       VALUES (?, 'bill', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, p.title ?? p.payee, p.notes ?? null, p.dueDate, rule, p.category, p.remindDaysBefore, p.payee, p.amountMinor, p.accountId ?? null, p.autopay ? 1 : 0, ctx.actorName, ctx.now, ctx.now);
    return recordEntry(ctx, null, id);
  },

  'schedule.update'(p, ctx) {
    const r = readRow(ctx.db, p.id);
    if (!r.active) throw new EngineError('conflict', `"${r.title}" is archived and can no longer be changed`);
    const isBill = r.kind === 'bill';
    for (const field of isBill ? NOT_FOR_BILLS : BILL_ONLY) {
      if (p[field] !== undefined) invalid(field, isBill ? `a bill has an amount, not ${field}` : `${field} is for bills only (this is a ${r.kind})`);
    }
    if (isBill && p.category === null) invalid('category', 'a bill needs a category (its spend is assessed by it)');
    const changes = Object.entries(p).filter(([k, v]) => k !== 'id' && v !== undefined) as [string, unknown][];
    if (changes.length === 0) throw new EngineError('conflict', 'nothing to change');
    const values = Object.fromEntries(changes);
    if (p.rrule !== undefined || p.dueDate !== undefined) values.rrule = checkedRule(p.rrule === undefined ? r.rrule : p.rrule, p.dueDate ?? r.due_date);
    if (p.accountId) getAccount(ctx.db, p.accountId);
    if (p.autopay !== undefined) values.autopay = p.autopay ? 1 : 0;
    const before = getScheduleEntry(ctx.db, p.id, householdDate(new Date(ctx.now), ctx.settings.timeZone));
    const set = Object.keys(values).map((k) => `${COLUMNS[k]} = @${k}`);
    sql(ctx.db, `UPDATE schedule_entries SET ${set.join(', ')}, updated_at = @now WHERE id = @id`).run({ ...values, now: ctx.now, id: p.id });
    return recordEntry(ctx, before, p.id);
  },

  'schedule.archive'(p, ctx) {
    const r = readRow(ctx.db, p.id);
    if (!r.active) throw new EngineError('conflict', `"${r.title}" is archived already`);
    const before = entryOf(ctx.db, r, householdDate(new Date(ctx.now), ctx.settings.timeZone));
    sql(ctx.db, 'UPDATE schedule_entries SET active = 0, updated_at = ? WHERE id = ?').run(ctx.now, p.id);
    return recordEntry(ctx, before, p.id, { archiveReason: p.reason });
  },

  'schedule.complete'(p, ctx) {
    const r = readRow(ctx.db, p.id);
    if (r.kind === 'bill') invalid('id', `"${r.title}" is a bill: pay it with bills.pay, or skip the occurrence`);
    requireOpenOccurrence(ctx.db, r, p.occurrenceDate);
    handle(ctx, r, p.occurrenceDate, 'done', p.note ?? null);
    return getScheduleEntry(ctx.db, p.id, householdDate(new Date(ctx.now), ctx.settings.timeZone));
  },

  'schedule.skip'(p, ctx) {
    const r = readRow(ctx.db, p.id);
    requireOpenOccurrence(ctx.db, r, p.occurrenceDate);
    handle(ctx, r, p.occurrenceDate, 'skipped', p.reason);
    return getScheduleEntry(ctx.db, p.id, householdDate(new Date(ctx.now), ctx.settings.timeZone));
  },

  'bills.pay'(p, ctx) {
    const r = readBill(ctx.db, p.id);
    const today = householdDate(new Date(ctx.now), ctx.settings.timeZone);
    if (!r.active) throw new EngineError('conflict', `bill "${r.title}" is archived`);
    const occurrenceDate = p.occurrenceDate ?? nextDueOf(r, handledOf(ctx.db, r.id), today);
    if (!occurrenceDate) throw new EngineError('conflict', `bill "${r.title}" has no unpaid occurrence within ${NEXT_DUE_LOOKBACK_DAYS} days back or ${NEXT_DUE_AHEAD_DAYS} days ahead`);
    requireOpenOccurrence(ctx.db, r, occurrenceDate);
    const accountId = p.accountId ?? r.account_id;
    if (!accountId) invalid('accountId', `choose the account the bill "${r.title}" is paid from`);
    const entry = postEntry(ctx, {
      accountId: accountId as string,
      date: p.paidOn ?? today,
      amountMinor: -(p.amountMinor ?? (r.amount_minor as number)),
      payee: r.payee,
      category: r.category,
      memo: `Bill ${r.title} due ${occurrenceDate}`,
      receiptId: null,
      sourceRef: `bill:${r.id}/${occurrenceDate}`,
    });
    handle(ctx, r, occurrenceDate, 'paid', null, entry.id);
    return { bill: getScheduleEntry(ctx.db, r.id, today), occurrenceDate, ledgerEntryId: entry.id };
  },
};

// ----- queries -----

const STATUS_ORDER: Record<Bill['status'], number> = { overdue: 0, due: 1, upcoming: 2, paid_up: 3, ended: 4 };

export const scheduleQueries: Pick<QueryHandlers, 'schedule.entries' | 'schedule.upcoming' | 'bills.list'> = {
  'schedule.entries'(p, ctx) {
    const today = householdDate(ctx.clock.now(), ctx.settings.timeZone);
    const entries = activeRows(ctx.db, p.kind ? [p.kind] : undefined, p.includeArchived).map((r) => entryOf(ctx.db, r, today));
    return entries.sort((a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.title.localeCompare(b.title));
  },

  // Open occurrences from 60 days back (overdue) and handled ones from today on (ticks on the agenda).
  'schedule.upcoming'(p, ctx) {
    const today = householdDate(ctx.clock.now(), ctx.settings.timeZone);
    const occurrences: Occurrence[] = [];
    for (const r of activeRows(ctx.db, p.kind ? [p.kind] : undefined)) {
      const handled = handledOf(ctx.db, r.id);
      for (const date of occurrencesBetween(ruleOf(r), addDays(today, -OVERDUE_LOOKBACK_DAYS), addDays(today, p.days))) {
        const done = handled.get(date);
        if (done && date < today) continue;
        const status: Occurrence['status'] = done ? done.status : date < today ? 'overdue' : date === today ? 'due' : 'upcoming';
        occurrences.push({
          entryId: r.id,
          kind: r.kind,
          title: r.title,
          date,
          status,
          daysUntil: dayNumber(date) - dayNumber(today),
          amountMinor: r.amount_minor ?? r.est_total_minor,
          payee: r.payee,
        });
      }
    }
    occurrences.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
    return { today, occurrences };
  },

  'bills.list'(p, ctx) {
    const today = householdDate(ctx.clock.now(), ctx.settings.timeZone);
    let dueWithin7DaysMinor = 0;
    let overdueMinor = 0;
    const bills: Bill[] = activeRows(ctx.db, ['bill'], p.includeArchived).map((r) => {
      const handled = handledOf(ctx.db, r.id);
      const entry = toEntry(r, nextDueOf(r, handled, today));
      const paid = [...handled.values()].filter((h) => h.status === 'paid').sort((a, b) => b.occurrence_date.localeCompare(a.occurrence_date))[0];
      const lastPaid = paid ? { date: paid.occurrence_date, at: paid.at, by: paid.by, ledgerEntryId: paid.ledger_entry_id } : null;
      if (!r.active) return { ...entry, status: 'ended', overdue: [], lastPaid };
      const amount = r.amount_minor ?? 0;
      const overdue = openDates(r, handled, addDays(today, -OVERDUE_LOOKBACK_DAYS), addDays(today, -1));
      const next = openDates(r, handled, today, addDays(today, NEXT_DUE_AHEAD_DAYS))[0];
      overdueMinor += overdue.length * amount;
      dueWithin7DaysMinor += openDates(r, handled, today, addDays(today, 7)).length * amount;
      const status: Bill['status'] = overdue.length ? 'overdue' : !next ? 'paid_up' : dayNumber(next) - dayNumber(today) <= r.remind_days_before ? 'due' : 'upcoming';
      return { ...entry, status, overdue, lastPaid };
    });
    bills.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.title.localeCompare(b.title));
    return { today, bills, dueWithin7DaysMinor, overdueMinor };
  },
};
