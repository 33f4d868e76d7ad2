import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import type { Engine } from '../../main/engine/types';
import { liveEngine, manualClock, must, refusal } from '../helpers/engine';

/** Row counts of what scheduling and paying may change, and the decisions by status. */
function counts(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const decisions = db.prepare('SELECT status, count(*) AS n FROM decisions GROUP BY status').all() as { status: string; n: number }[];
    return {
      entries: n('schedule_entries'),
      occurrences: n('schedule_occurrences'),
      ledger: n('ledger_entries'),
      capUsage: (db.prepare('SELECT coalesce(sum(spent_minor), 0) AS n FROM cap_usage').get() as { n: number }).n,
      decisions: Object.fromEntries(decisions.map((d) => [d.status, d.n])) as Record<string, number>,
    };
  } finally {
    db.close();
  }
}

/** A live household on 2027-01-10 (Europe/Berlin) with a checking account of €1,000.00. */
function household(start = '2027-01-10T09:00:00.000Z') {
  const clock = manualClock(start);
  const opened = liveEngine({ clock });
  const { engine } = opened;
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 100000 }, 'execute')).result;
  return { ...opened, clock, account };
}

const balance = (engine: Engine, accountId: string) => must(engine.query('ledger.accounts', {})).find((a) => a.id === accountId)?.balanceMinor;

function powerBill(engine: Engine, accountId: string | undefined, fields: Record<string, unknown> = {}) {
  return must(
    engine.dispatch(
      'bills.create',
      { payee: 'Power Co', amountMinor: 8500, dueDate: '2027-01-15', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', category: 'Utilities', ...(accountId ? { accountId } : {}), ...fields },
      'execute',
    ),
  ).result;
}

describe('bills', () => {
  it('a monthly bill falls on the 15th of each month in the agenda, and turns due within its reminder days', () => {
    const { engine, clock, account } = household();
    const bill = powerBill(engine, account.id);
    expect(bill).toMatchObject({ kind: 'bill', title: 'Power Co', recurrence: 'every month on the 15th', nextDue: '2027-01-15', remindDaysBefore: 3, autopay: false, active: true });

    const agenda = must(engine.query('schedule.upcoming', { days: 70, kind: 'bill' }));
    expect(agenda.today).toBe('2027-01-10');
    expect(agenda.occurrences.map((o) => [o.date, o.status, o.daysUntil, o.amountMinor, o.payee])).toEqual([
      ['2027-01-15', 'upcoming', 5, 8500, 'Power Co'],
      ['2027-02-15', 'upcoming', 36, 8500, 'Power Co'],
      ['2027-03-15', 'upcoming', 64, 8500, 'Power Co'],
    ]);
    expect(must(engine.query('bills.list', {})).bills[0]?.status).toBe('upcoming');

    clock.advance(3 * 86_400_000);
    const list = must(engine.query('bills.list', {}));
    expect(list).toMatchObject({ today: '2027-01-13', dueWithin7DaysMinor: 8500, overdueMinor: 0 });
    expect(list.bills[0]).toMatchObject({ status: 'due', overdue: [], lastPaid: null, nextDue: '2027-01-15' });
  });

  it('refuses a rule rrule cannot expand, a date in another format and a bill of zero, and changes nothing', () => {
    const { engine, dbPath, account } = household();
    const before = counts(dbPath);
    const attempts: [Record<string, unknown>, RegExp][] = [
      [{ rrule: 'FREQ=SOMETIMES' }, /./],
      [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=40' }, /BYMONTHDAY values must be 1 to 31/],
      [{ rrule: 'FREQ=DAILY;COUNT=0' }, /COUNT must be a whole number of at least 1/],
      [{ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, /yields no date at all/],
      [{ rrule: 'FREQ=MONTHLY;UNTIL=20260101' }, /UNTIL 2026-01-01 is before the due date 2027-01-15/],
      [{ rrule: 'FREQ=MONTHLY;DTSTART=20270101' }, /leave DTSTART out/],
      [{ dueDate: '15/01/2027' }, /./],
      [{ amountMinor: 0 }, /./],
    ];
    for (const [fields, message] of attempts) {
      const error = refusal(engine.dispatch('bills.create', { payee: 'Power Co', amountMinor: 8500, dueDate: '2027-01-15', category: 'Utilities', accountId: account.id, ...fields }, 'execute'));
      expect(error.code, JSON.stringify(fields)).toBe('invalid');
      expect(error.message).toMatch(message);
      expect(error.details?.issues?.[0]?.path).toEqual([Object.keys(fields)[0]]);
    }
    // the same rules on a chore, through the engine's own check (past the contract's syntax)
    expect(refusal(engine.dispatch('schedule.create', { kind: 'chore', title: 'Bins', dueDate: '2027-01-11', rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'execute')).code).toBe('invalid');
    const after = counts(dbPath);
    expect({ ...after, decisions: undefined }).toEqual({ ...before, decisions: undefined });
    expect(after.decisions.OK).toBe(before.decisions.OK);
    expect(Object.values(after.decisions).reduce((a, b) => a + b, 0) - Object.values(before.decisions).reduce((a, b) => a + b, 0)).toBe(attempts.length + 1);
    expect(must(engine.query('schedule.entries', {}))).toEqual([]);
  });

  it('paying posts the ledger entry and marks the occurrence paid, once; the next payment takes the next occurrence', () => {
    const { engine, dbPath, account } = household();
    const bill = powerBill(engine, account.id);

    const paid = must(engine.dispatch('bills.pay', { id: bill.id }, 'execute'));
    expect(paid.decision).toMatchObject({ status: 'OK', riskBucket: 'GREEN' });
    expect(paid.result).toMatchObject({ occurrenceDate: '2027-01-15', bill: { nextDue: '2027-02-15' } });
    expect(balance(engine, account.id)).toBe(100000 - 8500);
    const entry = must(engine.query('ledger.entries', { accountId: account.id, limit: 10 })).items[0];
    expect(entry).toMatchObject({ id: paid.result.ledgerEntryId, date: '2027-01-10', amountMinor: -8500, payee: 'Power Co', category: 'Utilities', memo: 'Bill Power Co due 2027-01-15' });
    const audit = must(engine.query('audit.list', { decisionId: paid.decision.id, limit: 20 })).items.map((e) => e.entity);
    expect(audit).toEqual(expect.arrayContaining(['ledger_entry', 'ledger_balance', 'schedule_occurrence', 'cap_usage', 'decision']));
    expect(must(engine.query('bills.list', {})).bills[0]?.lastPaid).toMatchObject({ date: '2027-01-15', by: 'Olga Owner', ledgerEntryId: paid.result.ledgerEntryId });

    const before = counts(dbPath);
    const twice = refusal(engine.dispatch('bills.pay', { id: bill.id, occurrenceDate: '2027-01-15' }, 'execute'));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toMatch(/the 2027-01-15 occurrence of "Power Co" is already paid/);
    const notOne = refusal(engine.dispatch('bills.pay', { id: bill.id, occurrenceDate: '2027-01-20' }, 'execute'));
    expect(notOne.code).toBe('invalid');
    expect(notOne.message).toMatch(/2027-01-20 is not an occurrence of "Power Co" \(nearest: 2027-01-15, 2027-02-15\)/);
    expect({ ...counts(dbPath), decisions: undefined }).toEqual({ ...before, decisions: undefined });

    const next = must(engine.dispatch('bills.pay', { id: bill.id, amountMinor: 9120, paidOn: '2027-01-11' }, 'execute')).result;
    expect(next.occurrenceDate).toBe('2027-02-15');
    expect(balance(engine, account.id)).toBe(100000 - 8500 - 9120);
    expect(must(engine.query('schedule.upcoming', { days: 40, kind: 'bill' })).occurrences.map((o) => [o.date, o.status])).toEqual([
      ['2027-01-15', 'paid'],
      ['2027-02-15', 'paid'],
    ]);
  });

  it('a bill without an account asks for one; updating refuses bill fields on a chore', () => {
    const { engine, account } = household();
    const bill = powerBill(engine, undefined);
    const noAccount = refusal(engine.dispatch('bills.pay', { id: bill.id }, 'execute'));
    expect(noAccount.code).toBe('invalid');
    expect(noAccount.message).toMatch(/choose the account the bill "Power Co" is paid from/);
    expect(noAccount.details?.issues?.[0]?.path).toEqual(['accountId']);
    const updated = must(engine.dispatch('schedule.update', { id: bill.id, accountId: account.id, amountMinor: 9000, rrule: 'FREQ=MONTHLY;BYMONTHDAY=28' }, 'execute')).result;
    expect(updated).toMatchObject({ accountId: account.id, amountMinor: 9000, recurrence: 'every month on the 28th', nextDue: '2027-01-28' });
    expect(must(engine.dispatch('bills.pay', { id: bill.id }, 'execute')).result.occurrenceDate).toBe('2027-01-28');

    const chore = must(engine.dispatch('schedule.create', { kind: 'chore', title: 'Bins', dueDate: '2027-01-11' }, 'execute')).result;
    const wrong = refusal(engine.dispatch('schedule.update', { id: chore.id, amountMinor: 500 }, 'execute'));
    expect(wrong.code).toBe('invalid');
    expect(wrong.details?.issues?.[0]?.path).toEqual(['amountMinor']);
    expect(refusal(engine.dispatch('schedule.update', { id: chore.id, rrule: 'FREQ=MONTHLY;BYMONTHDAY=40' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('bills.pay', { id: chore.id }, 'execute')).code).toBe('not_found');
  });

  it('paying over the band threshold waits for an approval, then goes through', () => {
    const { engine, account } = household();
    const ann = must(engine.dispatch('operators.create', { name: 'Ann', role: 'approver' }, 'execute')).result;
    const rent = powerBill(engine, account.id, { payee: 'Landlord', amountMinor: 26000, category: 'Housing' });

    const held = refusal(engine.dispatch('bills.pay', { id: rent.id }, 'execute'));
    expect(held.code).toBe('pending_approval');
    expect((held.details?.decision as { status: string }).status).toBe('PENDING_APPROVAL');
    expect(balance(engine, account.id)).toBe(100000);
    const [approval] = must(engine.query('approvals.list', { status: 'pending' }));
    expect(approval).toMatchObject({ action: 'bills.pay', target: rent.id, amountCeilingMinor: 26000, title: 'Bill: Landlord' });

    must(engine.dispatch('approvals.decide', { approvalId: approval?.id ?? '', decision: 'approve' }, 'execute', { operatorId: ann.id }));
    const paid = must(engine.dispatch('bills.pay', { id: rent.id }, 'execute'));
    expect(paid.decision.status).toBe('OK');
    expect(balance(engine, account.id)).toBe(100000 - 26000);
  });

  it('an exhausted spend cap blocks the payment and changes nothing', () => {
    const { engine, dbPath, account } = household();
    const bill = powerBill(engine, account.id);
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 5000, dailyCountCap: null, dailyLossCapMinor: null, reason: 'tight day' }, 'execute'));
    const before = counts(dbPath);
    const blocked = refusal(engine.dispatch('bills.pay', { id: bill.id }, 'execute'));
    expect(blocked.code).toBe('blocked');
    expect(blocked.message).toMatch(/GLOBAL daily spend cap/);
    const after = counts(dbPath);
    expect({ ...after, decisions: undefined }).toEqual({ ...before, decisions: undefined });
    expect(after.decisions.BLOCKED).toBe((before.decisions.BLOCKED ?? 0) + 1);
    expect(must(engine.query('bills.list', {})).bills[0]).toMatchObject({ nextDue: '2027-01-15', lastPaid: null });
  });

  it('a bill unpaid past its due date is overdue in the list and the agenda, and is what a payment takes first', () => {
    const { engine, account } = household();
    const bill = powerBill(engine, account.id, { dueDate: '2026-12-05', rrule: 'FREQ=MONTHLY;BYMONTHDAY=5' });
    const list = must(engine.query('bills.list', {}));
    expect(list.bills[0]).toMatchObject({ status: 'overdue', overdue: ['2026-12-05', '2027-01-05'], nextDue: '2026-12-05' });
    expect(list.overdueMinor).toBe(2 * 8500);
    expect(must(engine.query('schedule.upcoming', { days: 0 })).occurrences.map((o) => [o.date, o.status, o.daysUntil])).toEqual([
      ['2026-12-05', 'overdue', -36],
      ['2027-01-05', 'overdue', -5],
    ]);
    expect(must(engine.dispatch('bills.pay', { id: bill.id }, 'execute')).result.occurrenceDate).toBe('2026-12-05');
    must(engine.dispatch('schedule.skip', { id: bill.id, occurrenceDate: '2027-01-05', reason: 'paid at the counter' }, 'execute'));
    expect(must(engine.query('bills.list', {})).bills[0]).toMatchObject({ status: 'upcoming', overdue: [], nextDue: '2027-02-05' });

    const ended = must(engine.dispatch('schedule.archive', { id: bill.id, reason: 'moved out' }, 'execute')).result;
    expect(ended).toMatchObject({ active: false, nextDue: null });
    expect(must(engine.query('bills.list', {})).bills).toEqual([]);
    expect(must(engine.query('bills.list', { includeArchived: true })).bills[0]?.status).toBe('ended');
    expect(refusal(engine.dispatch('bills.pay', { id: bill.id }, 'execute')).code).toBe('conflict');
  });
});

describe('chores', () => {
  it('completing and skipping occurrences of a weekly chore moves the agenda on to the next one', () => {
    const { engine, dbPath } = household();
    const bins = must(engine.dispatch('schedule.create', { kind: 'chore', title: 'Bins out', dueDate: '2027-01-11', rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO', remindDaysBefore: 0 }, 'execute')).result;
    expect(bins).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO', recurrence: 'every week on Monday', nextDue: '2027-01-11' });
    const agenda = () => must(engine.query('schedule.upcoming', { days: 14, kind: 'chore' })).occurrences.map((o) => [o.date, o.status]);
    expect(agenda()).toEqual([
      ['2027-01-11', 'upcoming'],
      ['2027-01-18', 'upcoming'],
    ]);

    const done = must(engine.dispatch('schedule.complete', { id: bins.id, occurrenceDate: '2027-01-11', note: 'early' }, 'execute'));
    expect(done.result.nextDue).toBe('2027-01-18');
    expect(must(engine.query('audit.list', { decisionId: done.decision.id, limit: 20 })).items.map((e) => e.entity)).toContain('schedule_occurrence');
    expect(agenda()).toEqual([
      ['2027-01-11', 'done'],
      ['2027-01-18', 'upcoming'],
    ]);

    const before = counts(dbPath);
    expect(refusal(engine.dispatch('schedule.complete', { id: bins.id, occurrenceDate: '2027-01-11' }, 'execute')).code).toBe('conflict');
    expect(refusal(engine.dispatch('schedule.complete', { id: bins.id, occurrenceDate: '2027-01-12' }, 'execute')).message).toMatch(/nearest: 2027-01-11, 2027-01-18/);
    expect({ ...counts(dbPath), decisions: undefined }).toEqual({ ...before, decisions: undefined });

    expect(must(engine.dispatch('schedule.skip', { id: bins.id, occurrenceDate: '2027-01-18', reason: 'away skiing' }, 'execute')).result.nextDue).toBe('2027-01-25');
    expect(agenda()).toEqual([
      ['2027-01-11', 'done'],
      ['2027-01-18', 'skipped'],
    ]);
    expect(must(engine.query('schedule.upcoming', { days: 15, kind: 'chore' })).occurrences.at(-1)).toMatchObject({ date: '2027-01-25', status: 'upcoming', daysUntil: 15 });
  });

  it('a one-off reminder has exactly one occurrence, its due date; a bill cannot be completed', () => {
    const { engine, account } = household();
    const call = must(engine.dispatch('schedule.create', { kind: 'reminder', title: 'Call the plumber', dueDate: '2027-01-10' }, 'execute')).result;
    expect(call).toMatchObject({ rrule: null, recurrence: null, nextDue: '2027-01-10' });
    expect(must(engine.query('schedule.upcoming', { days: 366 })).occurrences.map((o) => [o.title, o.date, o.status])).toEqual([['Call the plumber', '2027-01-10', 'due']]);
    expect(must(engine.dispatch('schedule.complete', { id: call.id, occurrenceDate: '2027-01-10' }, 'execute')).result.nextDue).toBeNull();
    const bill = powerBill(engine, account.id);
    const complete = refusal(engine.dispatch('schedule.complete', { id: bill.id, occurrenceDate: '2027-01-15' }, 'execute'));
    expect(complete.code).toBe('invalid');
    expect(complete.message).toMatch(/pay it with bills.pay/);
  });
});

/** A well-formed id that names nothing. */
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('household actions: bad input', () => {
  it('every schedule, shopping, notification and alert-group action refuses bad input with a clear error and changes nothing', () => {
    const { engine, dbPath, account } = household();
    const chore = must(engine.dispatch('schedule.create', { kind: 'chore', title: 'Bins', dueDate: '2027-01-11', rrule: 'FREQ=WEEKLY' }, 'execute')).result;
    const bill = powerBill(engine, account.id);
    const milk = must(engine.dispatch('shopping.quickAdd', { name: 'Milk', estTotalMinor: 350 }, 'execute')).result;
    const db = new Database(dbPath, { readonly: true });
    const snapshot = () =>
      ['schedule_entries', 'schedule_occurrences', 'shopping_items', 'notifications', 'alerts', 'ledger_entries'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
    const before = snapshot();
    const attempts: [Parameters<Engine['dispatch']>[0], unknown, string, RegExp][] = [
      ['schedule.update', { id: chore.id, dueDate: '11.01.2027' }, 'invalid', /dueDate/],
      ['schedule.update', { id: chore.id, rrule: 'FREQ=HOURLY;INTERVAL=-1' }, 'invalid', /./],
      ['schedule.update', { id: MISSING, title: 'x' }, 'not_found', /./],
      ['schedule.archive', { id: chore.id, reason: '' }, 'invalid', /reason/],
      ['schedule.complete', { id: chore.id, occurrenceDate: '2027-01-12' }, 'invalid', /2027-01-12 is not an occurrence/],
      ['schedule.complete', { id: bill.id, occurrenceDate: '2027-01-15' }, 'invalid', /bills.pay/],
      ['schedule.skip', { id: chore.id, occurrenceDate: '2027-01-11' }, 'invalid', /reason/],
      ['bills.pay', { id: bill.id, amountMinor: -5 }, 'invalid', /amountMinor/],
      ['bills.pay', { id: chore.id }, 'not_found', /bill/],
      ['shopping.update', { id: milk.id, estTotalMinor: 3.5 }, 'invalid', /estTotalMinor/],
      ['shopping.update', { id: milk.id, qty: -1 }, 'invalid', /qty/],
      ['shopping.cancel', { id: MISSING }, 'not_found', /./],
      ['shopping.add', { name: 'Bread', itemId: MISSING }, 'not_found', /./],
      ['shopping.generateFromNeeds', { withinDays: 400 }, 'invalid', /withinDays/],
      ['notifications.markRead', { ids: [] }, 'invalid', /./],
      ['notifications.markRead', { all: false }, 'invalid', /./],
      ['alerts.acknowledgeGroup', { kind: '' }, 'invalid', /kind/],
      ['alerts.acknowledgeGroup', { kind: 'no_such_kind' }, 'not_found', /./],
      ['health.check', { now: true }, 'invalid', /./],
      ['scheduler.dailyTick', { force: true }, 'invalid', /./],
    ];
    for (const [action, params, code, message] of attempts) {
      const error = refusal(engine.dispatch(action, params as never, 'execute'));
      expect([action, error.code], JSON.stringify(params)).toEqual([action, code]);
      expect(`${error.message} ${JSON.stringify(error.details ?? {})}`, action).toMatch(message);
    }
    expect(snapshot()).toEqual(before);
    db.close();
  });
});
