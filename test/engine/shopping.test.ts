import { describe, expect, it } from 'vitest';
import type { Engine } from '../../main/engine/types';
import { liveEngine, must } from '../helpers/engine';

function refusal(result: { ok: boolean; error?: { code: string; message: string } }) {
  if (result.ok || !result.error) throw new Error('expected a refusal');
  return result.error;
}

/** Counts of the rows a shopping action may touch. */
function counts(engine: Engine) {
  const list = must(engine.query('shopping.list', { status: 'all' }));
  const entries = must(engine.query('ledger.entries', { limit: 200 }));
  const receipts = must(engine.query('receipts.list', { limit: 200 }));
  return { shopping: list.count, statuses: list.groups.flatMap((g) => g.items.map((i) => i.status)).sort(), entries: entries.items.length, receipts: receipts.items.length };
}

/** A pantry with rice (running low), oil (plenty), a TV (big-ticket) and a checking account. */
function household() {
  const opened = liveEngine();
  const { engine } = opened;
  const item = (name: string, fields: Record<string, unknown>) => must(engine.dispatch('inventory.createItem', { name, unit: 'pcs', category: 'Groceries', ...fields }, 'execute')).result;
  const rice = item('Rice', { minQty: 2, targetQty: 10, leadTimeDays: 3, unitCostMinor: 249 });
  const oil = item('Oil', { minQty: 1, targetQty: 3, leadTimeDays: 3, unitCostMinor: 599 });
  const tv = item('Television', { minQty: 1, targetQty: 1, leadTimeDays: 7, unitCostMinor: 45000, category: 'Home' });
  must(engine.dispatch('inventory.record', { itemId: rice.id, kind: 'purchase', qty: 3, unitCostMinor: 249 }, 'execute'));
  must(engine.dispatch('inventory.consume', { itemId: rice.id, qty: 2 }, 'execute'));
  must(engine.dispatch('inventory.record', { itemId: oil.id, kind: 'purchase', qty: 3, unitCostMinor: 599 }, 'execute'));
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 100000 }, 'execute')).result;
  return { ...opened, rice, oil, tv, account };
}

describe('shopping list', () => {
  it('fills from inventory without duplicates, and a second run adds nothing', () => {
    const { engine, rice, oil, tv } = household();
    const first = must(engine.dispatch('shopping.generateFromInventory', {}, 'execute')).result;
    const names = first.added.map((i) => i.name).sort();
    expect(names).toEqual(['Rice', 'Television']);
    expect(first.added.map((i) => i.itemId)).not.toContain(oil.id);
    const riceItem = first.added.find((i) => i.itemId === rice.id);
    // 1 on hand against a target of 10 (young item: capped at the target)
    expect(riceItem).toMatchObject({ source: 'low_stock', qty: 9, estTotalMinor: 9 * 249, bigTicket: false, approvalId: null });
    // 450.00 ≥ band B's 200.00: big-ticket, an approval request is open
    const tvItem = first.added.find((i) => i.itemId === tv.id);
    expect(tvItem).toMatchObject({ bigTicket: true, approvalStatus: 'pending' });
    expect(first.approvalsRequested).toBe(1);

    const second = must(engine.dispatch('shopping.generateFromInventory', {}, 'execute')).result;
    expect(second.added).toEqual([]);
    expect(second.skipped).toBe(2);
    expect(must(engine.query('shopping.list', {})).count).toBe(2);
    expect(must(engine.query('approvals.list', { status: 'pending' }))).toHaveLength(1);
  });

  it('buying writes the stock purchase, a receipt placeholder in triage and the ledger entry, in one decision', () => {
    const { engine, rice, account } = household();
    const listed = must(engine.dispatch('shopping.generateFromInventory', {}, 'execute')).result.added.find((i) => i.itemId === rice.id);
    if (!listed) throw new Error('rice not listed');
    const before = must(engine.query('inventory.item', { id: rice.id })).forecast.onHand;
    const bought = must(engine.dispatch('shopping.bought', { id: listed.id, actualTotalMinor: 2150, accountId: account.id, paymentMethod: 'card', vendor: 'Corner shop' }, 'execute'));
    expect(bought.decision.status).toBe('OK');
    const { item, receiptId, ledgerEntryId, stockEntrySeq } = bought.result;
    expect(item).toMatchObject({ status: 'bought', actualTotalMinor: 2150, accountId: account.id, receiptId, ledgerEntryId });
    expect(must(engine.query('inventory.item', { id: rice.id })).forecast.onHand).toBe(before + 9);
    expect(stockEntrySeq).not.toBeNull();
    const receipt = must(engine.query('receipts.get', { id: receiptId }));
    expect(receipt).toMatchObject({ status: 'needs_attention', totalMinor: 2150, vendor: 'Corner shop' });
    expect(must(engine.query('receipts.triage', {})).needsAttention.map((r) => r.id)).toContain(receiptId);
    // the cash buffer moves: the account is 21.50 lower
    expect(must(engine.query('ledger.accounts', {})).find((a) => a.id === account.id)?.balanceMinor).toBe(100000 - 2150);
    const entry = must(engine.query('ledger.entries', { accountId: account.id, limit: 10 })).items.find((e) => e.id === ledgerEntryId);
    expect(entry).toMatchObject({ amountMinor: -2150, receiptId, payee: 'Corner shop' });
    // one decision wrote it all: its audit events name each part
    const events = must(engine.query('audit.list', { decisionId: bought.decision.id, limit: 100 })).items.map((e) => e.entity);
    expect(events).toEqual(expect.arrayContaining(['receipt', 'ledger_entry', 'stock_entry', 'shopping_item', 'cap_usage']));
    // bought is final
    expect(refusal(engine.dispatch('shopping.bought', { id: listed.id, actualTotalMinor: 100 }, 'execute')).code).toBe('conflict');
  });

  it('a big-ticket item waits for its approval; once approved, buying uses it', () => {
    const { engine, tv, account } = household();
    const listed = must(engine.dispatch('shopping.generateFromInventory', {}, 'execute')).result.added.find((i) => i.itemId === tv.id);
    if (!listed?.approvalId) throw new Error('no approval requested');
    const waiting = engine.dispatch('shopping.bought', { id: listed.id, actualTotalMinor: 44900, accountId: account.id }, 'execute');
    expect(refusal(waiting).code).toBe('pending_approval');
    expect(must(engine.query('shopping.list', {})).groups.flatMap((g) => g.items).find((i) => i.id === listed.id)?.status).toBe('open');
    const approver = must(engine.dispatch('operators.create', { name: 'Ada', role: 'approver' }, 'execute')).result;
    must(engine.dispatch('approvals.decide', { approvalId: listed.approvalId, decision: 'approve', note: 'ok' }, 'execute', { operatorId: approver.id }));
    const bought = must(engine.dispatch('shopping.bought', { id: listed.id, actualTotalMinor: 44900, accountId: account.id }, 'execute'));
    expect(bought.result.item.status).toBe('bought');
    expect(must(engine.query('approvals.get', { id: listed.approvalId })).status).toBe('used');
  });

  it('bad input and an exhausted cap change nothing', () => {
    const { engine, rice, account } = household();
    const milk = must(engine.dispatch('shopping.quickAdd', { name: 'Milk', estTotalMinor: 350 }, 'execute')).result;
    expect(milk).toMatchObject({ source: 'quick_add', itemId: null, estTotalMinor: 350 });
    const linked = must(engine.dispatch('shopping.quickAdd', { name: 'rice' }, 'execute')).result;
    expect(linked.itemId).toBe(rice.id);
    const before = counts(engine);
    for (const bad of [
      { id: milk.id, actualTotalMinor: 0 },
      { id: milk.id, actualTotalMinor: 3.5 },
      { id: milk.id, actualTotalMinor: '350' },
      { id: milk.id, actualTotalMinor: 350, boughtOn: '04/12/2026' },
      { id: milk.id, actualTotalMinor: 350, accountId: 'not-an-id' },
      { id: milk.id, actualTotalMinor: 350, extra: true },
    ]) {
      expect(refusal(engine.dispatch('shopping.bought', bad, 'execute')).code).toBe('invalid');
    }
    expect(refusal(engine.dispatch('shopping.quickAdd', { name: '   ' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('shopping.add', { name: 'Rice again', itemId: rice.id }, 'execute')).code).toBe('conflict');
    expect(refusal(engine.dispatch('shopping.bought', { id: milk.id, actualTotalMinor: 350, boughtOn: '2099-01-01' }, 'execute')).code).toBe('invalid');
    must(engine.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 300, dailyCountCap: null, dailyLossCapMinor: null, reason: 'tight day' }, 'execute'));
    const blocked = engine.dispatch('shopping.bought', { id: milk.id, actualTotalMinor: 350, accountId: account.id }, 'execute');
    expect(refusal(blocked)).toMatchObject({ code: 'blocked' });
    expect(refusal(blocked).message).toMatch(/cap/i);
    expect(counts(engine)).toEqual(before);
    expect(must(engine.query('ledger.accounts', {}))[0]?.balanceMinor).toBe(100000);
  });

  it('a purchase request executed from an account posts its ledger entry', () => {
    const { engine, account } = household();
    const p = must(engine.dispatch('purchases.create', { title: 'Kettle', amountMinor: 4500, category: 'Kitchen', notes: 'quote attached' }, 'execute')).result;
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'READY' }, 'execute'));
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'ASSESSED' }, 'execute'));
    must(engine.dispatch('operators.create', { name: 'Ada', role: 'approver' }, 'execute'));
    const ada = must(engine.query('operators.list', {})).find((o) => o.name === 'Ada');
    must(engine.dispatch('purchases.advance', { id: p.id, to: 'APPROVED' }, 'execute', { operatorId: ada?.id ?? '' }));
    const executed = must(engine.dispatch('purchases.execute', { id: p.id, actualAmountMinor: 4399, accountId: account.id, paymentMethod: 'card' }, 'execute')).result;
    expect(executed).toMatchObject({ status: 'EXECUTED', accountId: account.id, paymentMethod: 'card' });
    expect(executed.ledgerEntryId).not.toBeNull();
    expect(must(engine.query('ledger.accounts', {}))[0]?.balanceMinor).toBe(100000 - 4399);
  });
});
