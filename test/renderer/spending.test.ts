import { describe, expect, it } from 'vitest';
import { approvalsSelectors } from '../../renderer/features/spending/approvalsSlice';
import { parseCategories, thresholdText } from '../../renderer/features/spending/BandPolicies';
import { parseCapPolicyDraft } from '../../renderer/features/spending/CapDialogs';
import { meterText } from '../../renderer/features/spending/CapsScreen';
import { capsSelectors } from '../../renderer/features/spending/capsSlice';
import { capLevel, formatAge, formatDuration, formatExpiry, formatPercent, riskTone } from '../../renderer/features/spending/format';
import { emptyPurchaseDraft, parseCreateDraft, parseUpdateDraft } from '../../renderer/features/spending/PurchaseForm';
import { purchaseSteps, purchasesSelectors } from '../../renderer/features/spending/purchasesSlice';
import { coalescedRefresh } from '../../renderer/features/spending/refresh';
import { createAppStore } from '../../renderer/store/index';
import { fakeApi, flush, governanceState, ok, uuid } from './fake-api';
import { approval, assessment, capUsage, purchase } from './spending-fixtures';

const NOW = new Date('2026-11-21T12:00:00.000Z');

describe('approvals inbox order', () => {
  it('puts pending first, the longest-waiting first, then the rest most recently decided first', () => {
    const oldPending = approval({ title: 'old', requestedAt: '2026-11-19T08:00:00.000Z' });
    const newPending = approval({ title: 'new', requestedAt: '2026-11-21T08:00:00.000Z' });
    const approvedLate = approval({ title: 'approved late', status: 'approved', requestedAt: '2026-11-10T08:00:00.000Z', decidedAt: '2026-11-20T08:00:00.000Z' });
    const deniedEarly = approval({ title: 'denied early', status: 'denied', requestedAt: '2026-11-18T08:00:00.000Z', decidedAt: '2026-11-18T09:00:00.000Z' });
    const used = approval({ title: 'used', status: 'used', requestedAt: '2026-11-01T08:00:00.000Z', decidedAt: '2026-11-02T08:00:00.000Z', usedAt: '2026-11-21T10:00:00.000Z' });
    const order = approvalsSelectors.inboxOrder([approvedLate, newPending, deniedEarly, used, oldPending]).map((a) => a.title);
    expect(order).toEqual(['old', 'new', 'used', 'approved late', 'denied early']);
  });

  it('leaves the given array as it was', () => {
    const list = [approval({ status: 'denied' }), approval()];
    const copy = [...list];
    approvalsSelectors.inboxOrder(list);
    expect(list).toEqual(copy);
  });

  it('knows what may still be decided, and whose request it is', () => {
    expect(approvalsSelectors.decidable(approval(), NOW)).toBe(true);
    expect(approvalsSelectors.decidable(approval({ expiresAt: '2026-11-21T11:59:59.000Z' }), NOW)).toBe(false);
    expect(approvalsSelectors.decidable(approval({ status: 'approved' }), NOW)).toBe(false);
    const mine = approval({ requestedById: 'me' });
    expect(approvalsSelectors.isOwnRequest(mine, 'me')).toBe(true);
    expect(approvalsSelectors.isOwnRequest(mine, 'you')).toBe(false);
    expect(approvalsSelectors.isOwnRequest(approval({ requestedById: null }), null)).toBe(false);
    expect(approvalsSelectors.pendingCount([approval(), approval({ status: 'used' }), approval()])).toBe(2);
  });

  it('says how long ago each approval last moved', () => {
    expect(approvalsSelectors.ageText(approval({ requestedAt: '2026-11-21T09:00:00.000Z' }), NOW)).toBe('waiting 3 h');
    expect(approvalsSelectors.ageText(approval({ status: 'used', decidedAt: '2026-11-19T12:00:00.000Z', usedAt: '2026-11-21T11:55:00.000Z' }), NOW)).toBe('used 5 min ago');
    expect(approvalsSelectors.ageText(approval({ status: 'denied', decidedAt: '2026-11-19T12:00:00.000Z' }), NOW)).toBe('decided 2 d ago');
    expect(approvalsSelectors.ageText(approval({ status: 'expired', expiresAt: '2026-11-21T11:00:00.000Z' }), NOW)).toBe('expired 1 h ago');
  });
});

describe('durations, percentages, risk colours', () => {
  it('says how long a request waits and how long until it expires', () => {
    expect(formatDuration(59_000)).toBe('0 min');
    expect(formatDuration(59 * 60_000)).toBe('59 min');
    expect(formatDuration(47 * 3_600_000 + 59 * 60_000)).toBe('47 h');
    expect(formatDuration(48 * 3_600_000)).toBe('2 d');
    expect(formatDuration(7 * 86_400_000 - 60_000)).toBe('6 d 23 h');
    expect(formatAge('2026-11-21T09:00:00.000Z', NOW)).toBe('3 h');
    expect(formatAge('2026-11-21T12:00:30.000Z', NOW)).toBe('0 min');
    expect(formatExpiry('2026-11-28T12:00:00.000Z', NOW)).toBe('in 7 d');
    expect(formatExpiry('2026-11-21T12:00:00.000Z', NOW)).toBe('expired');
  });

  it('rounds percentages and shows an unbounded use', () => {
    expect(formatPercent(0.26)).toBe('26 %');
    expect(formatPercent(1.004)).toBe('100 %');
    expect(formatPercent(Infinity)).toBe('∞ %');
  });

  it('colours GREEN green, YELLOW yellow, RED and UNKNOWN red, nothing grey', () => {
    expect(['GREEN', 'YELLOW', 'RED', 'UNKNOWN', null].map((b) => riskTone(b as never))).toEqual(['ok', 'warn', 'bad', 'bad', 'neutral']);
  });
});

describe('cap bars', () => {
  it('has levels at 80, 90 and 100 %', () => {
    expect([0, 0.799, 0.8, 0.899, 0.9, 0.999, 1, 1.5, Infinity].map(capLevel)).toEqual(['ok', 'ok', 'warn80', 'warn80', 'warn90', 'warn90', 'full', 'full', 'full']);
  });

  it('gives spend (with today’s override), count and loss against their caps', () => {
    const [spend, count, loss] = capsSelectors.meters(capUsage({ spentMinor: 90000, overrideMinor: 20000, count: 45, lossMinor: 0, dailyLossCapMinor: null }));
    expect(spend).toMatchObject({ kind: 'spend', used: 90000, cap: 120000, fraction: 0.75, level: 'ok' });
    expect(count).toMatchObject({ kind: 'count', used: 45, cap: 50, fraction: 0.9, level: 'warn90' });
    expect(loss).toMatchObject({ kind: 'loss', cap: null, fraction: 0, level: 'ok' });
  });

  it('treats use against a cap of zero as unbounded, and no use as none', () => {
    const [spend, count] = capsSelectors.meters(capUsage({ dailySpendCapMinor: 0, spentMinor: 1, dailyCountCap: 0, count: 0 }));
    expect(spend).toMatchObject({ fraction: Infinity, level: 'full' });
    expect(count).toMatchObject({ fraction: 0, level: 'ok' });
  });

  it('reads the bars’ values in words', () => {
    const [spend, count, loss] = capsSelectors.meters(capUsage({ spentMinor: 26000, count: 1 }));
    expect(meterText(spend!, 'EUR')).toBe('€260.00 of €1,000.00 (26 %)');
    expect(meterText(count!, 'EUR')).toBe('1 of 50 (2 %)');
    expect(meterText({ ...loss!, cap: null }, 'EUR')).toBe('€0.00, no cap');
    expect(capsSelectors.scopeLevel({ utilisation: 0.95 })).toBe('warn90');
  });
});

describe('purchase board', () => {
  it('groups requests by status, most recently changed first, sent-back statuses together, archived on demand', () => {
    const older = purchase({ title: 'older draft', updatedAt: '2026-11-20T09:00:00.000Z' });
    const newer = purchase({ title: 'newer draft', updatedAt: '2026-11-21T09:00:00.000Z' });
    const rejected = purchase({ title: 'rejected', status: 'REJECTED' });
    const revise = purchase({ title: 'revise', status: 'REVISION_REQUIRED' });
    const archived = purchase({ title: 'archived', status: 'ARCHIVED' });
    const executed = purchase({ title: 'executed', status: 'EXECUTED' });
    const all = [older, rejected, archived, newer, executed, revise];
    const board = purchasesSelectors.board(all, false);
    expect(board.map((c) => c.title)).toEqual(['Draft', 'Ready', 'Assessed', 'Approved', 'Executed', 'Sent back']);
    const titles = Object.fromEntries(board.map((c) => [c.id, c.purchases.map((p) => p.title)]));
    expect(titles).toMatchObject({ draft: ['newer draft', 'older draft'], ready: [], executed: ['executed'] });
    expect(titles['sent-back']).toHaveLength(2);
    expect(titles['sent-back']).toEqual(expect.arrayContaining(['rejected', 'revise']));
    expect(board.flatMap((c) => c.purchases)).not.toContain(archived);
    const withArchived = purchasesSelectors.board(all, true);
    expect(withArchived.at(-1)).toMatchObject({ id: 'archived', purchases: [archived] });
    expect(purchasesSelectors.archivedCount(all)).toBe(1);
  });

  it('offers the steps the state machine allows, an approval held in the inbox instead of "Approve"', () => {
    const ids = (p: Parameters<typeof purchaseSteps>[0]) => purchaseSteps(p).map((s) => s.id);
    expect(ids({ status: 'DRAFT', approvalId: null, riskBucket: null })).toEqual(['edit', 'ready', 'archive']);
    expect(ids({ status: 'READY', approvalId: null, riskBucket: null })).toEqual(['assess', 'revise', 'archive']);
    expect(ids({ status: 'ASSESSED', approvalId: null, riskBucket: 'GREEN' })).toEqual(['approve', 'reject', 'revise']);
    expect(ids({ status: 'ASSESSED', approvalId: 'a1', riskBucket: 'YELLOW' })).toEqual(['approval', 'reject', 'revise']);
    expect(ids({ status: 'ASSESSED', approvalId: null, riskBucket: 'RED' })).toEqual(['override', 'reject', 'revise']);
    expect(ids({ status: 'ASSESSED', approvalId: null, riskBucket: 'UNKNOWN' })).toEqual(['override', 'reject', 'revise']);
    expect(ids({ status: 'APPROVED', approvalId: 'a1', riskBucket: 'YELLOW' })).toEqual(['execute', 'archive', 'approval']);
    expect(ids({ status: 'EXECUTED', approvalId: null, riskBucket: 'GREEN' })).toEqual(['archive']);
    expect(ids({ status: 'ARCHIVED', approvalId: null, riskBucket: 'GREEN' })).toEqual([]);
  });

  it('tells where a request stands: the assessment’s reason, or why it was sent back', () => {
    const assessed = purchase({
      status: 'ASSESSED',
      history: [
        { at: '2026-11-21T09:00:00.000Z', by: 'Bob', from: 'READY', to: 'ASSESSED', note: 'YELLOW: needs approval' },
        { at: '2026-11-21T09:01:00.000Z', by: 'Bob', from: 'ASSESSED', to: 'ASSESSED', note: 'later' },
      ],
    });
    expect(purchasesSelectors.cardNote(assessed)).toBe('later');
    expect(purchasesSelectors.cardNote(purchase({ status: 'REJECTED', history: [{ at: '2026-11-21T09:00:00.000Z', by: 'Ann', from: 'ASSESSED', to: 'REJECTED', note: 'too dear' }] }))).toBe('too dear');
    expect(purchasesSelectors.cardNote(purchase())).toBeNull();
  });
});

describe('form parsing', () => {
  it('turns a purchase draft into create params in minor units', () => {
    const parsed = parseCreateDraft({ ...emptyPurchaseDraft, title: 'Espresso machine', amount: '260.5', category: 'Kitchen', vendor: ' ', notes: 'quote' }, 'EUR');
    expect(parsed.errors).toEqual({});
    expect(parsed.values).toEqual({ title: 'Espresso machine', amountMinor: 26050, category: 'Kitchen', vendor: undefined, notes: 'quote', itemId: undefined, qty: undefined });
    const item = uuid();
    expect(parseCreateDraft({ ...emptyPurchaseDraft, amount: '12', itemId: item, qty: '3' }, 'EUR').values).toMatchObject({ itemId: item, qty: 3 });
    expect(parseCreateDraft({ ...emptyPurchaseDraft, amount: '' }, 'EUR').errors).toEqual({ amountMinor: 'enter the amount, e.g. 260.00' });
    expect(parseCreateDraft({ ...emptyPurchaseDraft, amount: '0.125' }, 'EUR').errors).toEqual({ amountMinor: 'at most 2 decimals' });
    expect(parseCreateDraft({ ...emptyPurchaseDraft, amount: '1.234' }, 'EUR').errors).toEqual({ amountMinor: '1.234 is ambiguous in en-US: write 1234, or 1.23 (at most 2 decimals)' });
  });

  it('clears optional fields to null when editing', () => {
    const parsed = parseUpdateDraft('p1', { ...emptyPurchaseDraft, title: 'Kettle', amount: '45', category: 'Kitchen', quote: 'Shop X', notes: '' }, 'EUR');
    expect(parsed.values).toEqual({ id: 'p1', title: 'Kettle', amountMinor: 4500, category: 'Kitchen', vendor: null, quote: 'Shop X', notes: null });
  });

  it('turns blank caps into "no cap" and refuses what is not a number', () => {
    const parsed = parseCapPolicyDraft({ scope: 'GLOBAL', spend: '200', count: '', loss: '250.00', reason: 'tight week' }, 'EUR');
    expect(parsed).toEqual({ values: { scope: 'GLOBAL', dailySpendCapMinor: 20000, dailyCountCap: null, dailyLossCapMinor: 25000, reason: 'tight week' }, errors: {} });
    expect(parseCapPolicyDraft({ scope: 'GLOBAL', spend: 'lots', count: '2.5', loss: '', reason: 'x' }, 'EUR').errors).toEqual({
      dailySpendCapMinor: 'must be an amount such as 1,234.56',
      dailyCountCap: 'must be a whole number of spends',
    });
  });

  it('reads allowed categories, and says thresholds in words', () => {
    expect(parseCategories(' Groceries, Utilities ,,Groceries\nRent')).toEqual(['Groceries', 'Utilities', 'Rent']);
    expect(parseCategories('  ')).toEqual([]);
    expect(thresholdText(20000, 'EUR')).toBe('€200.00 and above');
    expect(thresholdText(null, 'EUR')).toBe('every spend');
  });
});

describe('coalesced refresh', () => {
  it('runs once at a time and then once more with the union of the tables asked for meanwhile', async () => {
    const runs: (string[] | null)[] = [];
    let release: () => void = () => undefined;
    const refresh = coalescedRefresh(async (tables) => {
      runs.push(tables ? [...tables].sort() : null);
      if (runs.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = refresh(['approvals']);
    void refresh(['cap_usage']);
    void refresh(['purchases']);
    release();
    await first;
    await flush();
    expect(runs).toEqual([['approvals'], ['cap_usage', 'purchases']]);
    await refresh();
    expect(runs.at(-1)).toBeNull();
  });
});

describe('spending slices', () => {
  it('load the inbox for the chosen filter and refetch it when approvals change, not for other tables', async () => {
    const api = fakeApi({
      'governance.state': () => ok(governanceState()),
      'approvals.list': () => ok([approval()]),
    });
    const store = createAppStore({ api });
    await store.getState().loadApprovals();
    expect(api.callsOf('approvals.list').at(-1)?.params).toEqual({ status: 'pending', limit: 100 });
    await store.getState().setInboxFilter('all');
    expect(api.callsOf('approvals.list').at(-1)?.params).toEqual({ limit: 100 });
    const before = api.callsOf('approvals.list').length;
    await store.getState().refreshSpending(['items']);
    expect(api.callsOf('approvals.list')).toHaveLength(before);
    await store.getState().refreshSpending(['approvals']);
    expect(api.callsOf('approvals.list')).toHaveLength(before + 1);
    // caps were never loaded: not fetched
    expect(api.callsOf('caps.usage')).toHaveLength(0);
    store.dispose();
  });

  it('refetch on db.changed only what is loaded and touched, and re-ask a shown assessment on any change', async () => {
    const p = purchase({ status: 'APPROVED' });
    const api = fakeApi({
      'governance.state': () => ok(governanceState()),
      'setup.status': () => ok({ initialized: true }),
      'caps.usage': () => ok({ day: '2026-11-21', scopes: [capUsage()] }),
      'purchases.list': () => ok([p]),
      'governance.assess': () => ok(assessment()),
    });
    const store = createAppStore({ api });
    await store.getState().loadCaps();
    await store.getState().loadPurchases();
    await store.getState().assessPurchase(p.id);
    const count = (name: string) => api.callsOf(name).length;
    const [caps, purchases, assess] = [count('caps.usage'), count('purchases.list'), count('governance.assess')];
    api.emit('db.changed', { tables: ['cap_policy'] });
    await flush();
    await flush();
    expect([count('caps.usage'), count('purchases.list'), count('governance.assess')]).toEqual([caps + 1, purchases, assess + 1]);
    expect(api.callsOf('governance.assess').at(-1)?.params).toEqual({ action: 'purchases.execute', params: { id: p.id } });
    store.getState().clearAssessment();
    api.emit('db.changed', { tables: ['purchases'] });
    await flush();
    await flush();
    expect([count('purchases.list'), count('governance.assess')]).toEqual([purchases + 1, assess + 1]);
    store.dispose();
  });

  it('assess with the actual amount, and drop an answer overtaken by a newer question', async () => {
    const p = purchase({ status: 'APPROVED' });
    const answers: ((v: unknown) => void)[] = [];
    const api = fakeApi();
    api.query = ((name: string, params: unknown) => {
      api.calls.push({ kind: 'query', name, params });
      return new Promise<unknown>((resolve) => answers.push(resolve));
    }) as typeof api.query;
    const store = createAppStore({ api });
    const first = store.getState().assessPurchase(p.id);
    const second = store.getState().assessPurchase(p.id, 25000);
    expect(api.callsOf('governance.assess').map((c) => c.params)).toEqual([
      { action: 'purchases.execute', params: { id: p.id } },
      { action: 'purchases.execute', params: { id: p.id, actualAmountMinor: 25000 } },
    ]);
    answers[1]?.(ok(assessment({ wouldBe: 'OK' })));
    await second;
    answers[0]?.(ok(assessment({ wouldBe: 'BLOCKED' })));
    await first;
    expect(store.getState().purchaseAssessment).toMatchObject({ purchaseId: p.id, actualAmountMinor: 25000, result: { status: 'ready', data: { wouldBe: 'OK' } } });
    expect(purchasesSelectors.assessmentFor(store.getState(), 'other')).toBeNull();
    store.dispose();
  });
});
