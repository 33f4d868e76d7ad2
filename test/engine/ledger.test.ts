import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { liveEngine, manualClock, must, refusal, tempDir } from '../helpers/engine';
import { stage } from '../helpers/files';

describe('ledger', () => {
  it('records money in freely and money out as a governed spend with a category', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 100000 }, 'execute')).result;
    must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 250000, payee: 'Employer' }, 'execute'));
    const out = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -4500, payee: 'Grocer', category: 'Groceries' }, 'execute'));
    expect(out.decision.riskBucket).toBe('GREEN');
    expect(must(engine.query('ledger.accounts', {}))[0]).toMatchObject({ balanceMinor: 100000 + 250000 - 4500, entries: 2 });
    // an outflow without a category is risk UNKNOWN, refused as RED
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -100, payee: 'Someone' }, 'execute')).message).toMatch(/risk UNKNOWN \(missing category\)/);
    // a large outflow needs an approval
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -30000, payee: 'Sofa shop', category: 'Home' }, 'execute')).code).toBe('pending_approval');
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 0 }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('ledger.createAccount', { name: 'checking', kind: 'checking', currency: 'EUR' }, 'execute')).code).toBe('conflict');
    expect(refusal(engine.dispatch('ledger.createAccount', { name: 'Wallet', kind: 'piggy', currency: 'EURO' }, 'execute')).details?.issues?.map((i) => i.path[0]).sort()).toEqual(['currency', 'kind']);
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-02-30', amountMinor: 5 }, 'execute')).code).toBe('invalid');
  });

  it('lists entries by booking date, newest first, whatever order they were recorded in, paging by a keyset cursor', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Cash', kind: 'cash', currency: 'EUR' }, 'execute')).result;
    for (const [date, amountMinor] of [['2026-11-10', 100], ['2026-11-20', 200], ['2026-11-01', 300], ['2026-11-20', 400], ['2026-11-15', 500]] as const) {
      must(engine.dispatch('ledger.record', { accountId: account.id, date, amountMinor, payee: `p${amountMinor}` }, 'execute'));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must(engine.query('ledger.entries', { accountId: account.id, limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((e) => `${e.date}/${e.amountMinor}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['2026-11-20/400', '2026-11-20/200', '2026-11-15/500', '2026-11-10/100', '2026-11-01/300']);
  });

  it('refuses statements it cannot read, naming the problem, and changes nothing', async () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const attempt = async (text: string) => {
      const path = join(tempDir(), 'statement');
      writeFileSync(path, text);
      const staged = await engine.files.putPath(path);
      return engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: staged.sha256 }, 'execute');
    };
    expect(refusal(await attempt('<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"></Document>')).message).toMatch(/broken CAMT.053: no statement/);
    expect(refusal(await attempt('!Type:Invst\nD01/02/2020\nT-10.00\n^\n')).message).toMatch(/QIF type "Invst" is not a bank, cash or card account/);
    expect(refusal(await attempt('!Type:Bank\nD31/31/2020\nT-10.00\n^\n')).message).toMatch(/row 1 \(line 2\): unreadable date/);
    expect(refusal(await attempt('OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT>x</STMTTRN></BANKTRANLIST>')).code).toBe('invalid');
    expect(must(engine.query('ledger.accounts', {}))[0]?.entries).toBe(0);
  });
});

describe('reconciliation', () => {
  it('suggests the receipt for a bank outflow of the same amount within three days, by vendor similarity; accepting links them once', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const corner = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop GmbH', date: '2026-11-18', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    const other = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-19', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-01', totalMinor: 1250, currency: 'EUR' }, 'execute'));
    const entry = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -1250, payee: 'CORNER SHOP', category: 'Food' }, 'execute')).result;
    const { suggestions, unmatchedEntries } = must(engine.query('reconcile.suggestions', {}));
    expect(suggestions.map((s) => [s.receiptId, s.daysApart])).toEqual([
      [corner.id, 2],
      [other.id, 1],
    ]);
    expect(suggestions[0]?.similarity).toBeGreaterThan(suggestions[1]?.similarity ?? 1);
    expect(unmatchedEntries).toBe(1);

    must(engine.dispatch('reconcile.reject', { receiptId: other.id, entryId: entry.id }, 'execute'));
    expect(refusal(engine.dispatch('reconcile.reject', { receiptId: other.id, entryId: entry.id }, 'execute')).message).toMatch(/already turned down/);
    expect(refusal(engine.dispatch('reconcile.reject', { receiptId: other.id, entryId: 'nope' }, 'execute')).code).toBe('invalid');
    expect(must(engine.query('reconcile.suggestions', {})).suggestions.map((s) => s.receiptId)).toEqual([corner.id]);
    const linked = must(engine.dispatch('reconcile.accept', { receiptId: corner.id, entryId: entry.id }, 'execute')).result;
    expect(linked.receiptId).toBe(corner.id);
    // the entries list carries the linked receipt's vendor, so the console needs no lookup per link
    expect(must(engine.query('ledger.entries', { accountId: account.id })).items.map((e) => [e.receiptId, e.receiptVendor])).toEqual([[corner.id, corner.vendor]]);
    expect(must(engine.query('reconcile.suggestions', {})).suggestions).toEqual([]);
    expect(refusal(engine.dispatch('reconcile.accept', { receiptId: other.id, entryId: entry.id }, 'execute')).message).toMatch(/already linked/);
  });

  it('lists what is unmatched on each side, newest first: complete unlinked receipts and outflows without a receipt, capped, with the totals', async () => {
    const { engine } = liveEngine();
    const card = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const cad = must(engine.dispatch('ledger.createAccount', { name: 'CIBC chequing', kind: 'checking', currency: 'CAD' }, 'execute')).result;
    const receipt = (vendor: string, date: string, totalMinor: number, currency = 'EUR') => must(engine.dispatch('receipts.create', { vendor, date, totalMinor, currency }, 'execute')).result;
    const outflow = (accountId: string, date: string, amountMinor: number, payee: string) => must(engine.dispatch('ledger.record', { accountId, date, amountMinor, payee, category: 'Food' }, 'execute')).result;
    const bakery = receipt('Bakery', '2026-11-10', 450);
    const grocer = receipt('Grocer', '2026-11-12', 2399, 'CAD');
    const linked = receipt('Corner Shop', '2026-11-14', 1250);
    const voided = receipt('Kiosk', '2026-11-15', 300);
    must(engine.dispatch('receipts.void', { id: voided.id, reason: 'scanned twice' }, 'execute'));
    // an imported slip without a date needs attention: not a receipt to match yet
    const slips = await stage(engine, Buffer.from('Vendor,Date,Total\nNo date yet,,1.00\n', 'utf8'), 'slips.csv');
    const mapping = must(engine.query('receipts.previewCsv', { fileSha256: slips })).suggestedMapping;
    if (!mapping) throw new Error('expected a mapping');
    must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: slips, mapping, currency: 'EUR' }, 'execute'));
    expect(must(engine.query('receipts.triage', {})).needsAttention.map((r) => r.vendor)).toEqual(['No date yet']);
    const fuel = outflow(card.id, '2026-11-09', -6000, 'Fuel station');
    const tim = outflow(cad.id, '2026-11-13', -660, 'TIM HORTONS');
    const shop = outflow(card.id, '2026-11-14', -1250, 'CORNER SHOP');
    must(engine.dispatch('ledger.record', { accountId: card.id, date: '2026-11-16', amountMinor: 250000, payee: 'Employer' }, 'execute')); // income
    must(engine.dispatch('reconcile.accept', { receiptId: linked.id, entryId: shop.id }, 'execute'));

    const all = must(engine.query('reconcile.unmatched', {}));
    expect(all.receipts).toEqual({
      items: [
        { id: grocer.id, vendor: 'Grocer', date: '2026-11-12', totalMinor: 2399, currency: 'CAD' },
        { id: bakery.id, vendor: 'Bakery', date: '2026-11-10', totalMinor: 450, currency: 'EUR' },
      ],
      total: 2,
    });
    expect(all.outflows).toEqual({
      items: [
        { id: tim.id, accountId: cad.id, accountName: 'CIBC chequing', date: '2026-11-13', amountMinor: -660, currency: 'CAD', payee: 'TIM HORTONS' },
        { id: fuel.id, accountId: card.id, accountName: 'Card', date: '2026-11-09', amountMinor: -6000, currency: 'EUR', payee: 'Fuel station' },
      ],
      total: 2,
    });
    // the totals are the counts the suggestions report
    expect(must(engine.query('reconcile.suggestions', {}))).toMatchObject({ unmatchedReceipts: 2, unmatchedEntries: 2 });

    const capped = must(engine.query('reconcile.unmatched', { limit: 1 }));
    expect([capped.receipts.items.map((r) => r.id), capped.receipts.total]).toEqual([[grocer.id], 2]);
    expect([capped.outflows.items.map((e) => e.id), capped.outflows.total]).toEqual([[tim.id], 2]);
    expect(refusal(engine.query('reconcile.unmatched', { limit: 0 })).code).toBe('invalid');
    expect(refusal(engine.query('reconcile.unmatched', { limit: 501 })).code).toBe('invalid');
  });

  it('refuses a link whose amounts disagree, or unknown ids', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Shop', date: '2026-11-18', totalMinor: 999, currency: 'EUR' }, 'execute')).result;
    const entry = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-18', amountMinor: -1000, payee: 'Shop', category: 'Food' }, 'execute')).result;
    expect(refusal(engine.dispatch('reconcile.accept', { receiptId: receipt.id, entryId: entry.id }, 'execute')).message).toMatch(/amounts do not agree/);
    expect(refusal(engine.dispatch('reconcile.accept', { receiptId: receipt.id, entryId: '01a1fd67-0ff4-737c-b220-a6f01922403b' }, 'execute')).code).toBe('not_found');
  });
});

describe('cash buffer and the suggested band', () => {
  it('buffer = liquid balance − approved unspent approvals; runway = buffer ÷ average daily outflow; the band follows DOMAIN.md’s thresholds', () => {
    const clock = manualClock('2026-11-21T09:00:00.000Z');
    const { engine } = liveEngine({ clock });
    expect(must(engine.query('ledger.cashBuffer', {}))).toMatchObject({ runwayDays: null, suggestedBand: null });
    const checking = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 900_000 }, 'execute')).result;
    must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR', openingBalanceMinor: -50_000 }, 'execute'));
    // 90 days of 100.00 a day, recorded as one outflow per month of 30 days
    for (const date of ['2026-09-10', '2026-10-10', '2026-11-10']) {
      must(engine.dispatch('caps.override', { scope: 'GLOBAL', extraMinor: 300_000, reason: 'rent' }, 'execute'));
      must(engine.dispatch('governance.setBandPolicy', { band: 'B', approvalThresholdMinor: 1_000_000, allowedCategories: null, reason: 'test' }, 'execute'));
      must(engine.dispatch('ledger.record', { accountId: checking.id, date, amountMinor: -300_000, payee: 'Landlord', category: 'Rent' }, 'execute'));
    }
    const buffer = must(engine.query('ledger.cashBuffer', { days: 10 }));
    expect(buffer).toMatchObject({ liquidMinor: 0, averageDailyOutflowMinor: 10_000, runwayDays: 0, suggestedBand: 'D' });
    expect(buffer.projection).toHaveLength(11);
    expect(buffer.projection[10]?.bufferMinor).toBe(-100_000);
    must(engine.dispatch('ledger.record', { accountId: checking.id, date: '2026-11-20', amountMinor: 3_000_000, payee: 'Salary' }, 'execute'));
    expect(must(engine.query('ledger.cashBuffer', {}))).toMatchObject({ runwayDays: 300, suggestedBand: 'A' });
    // the engine's suggested band comes from the runway now: health says it differs from band B
    const state = must(engine.query('governance.state', {}));
    expect(state.health.reasons.find((r) => r.code === 'suggested_band')?.message).toMatch(/suggested band A differs from band B: cash runway 300 days/);
  });

  it('counts only accounts in the household currency and lists the others per currency', () => {
    const clock = manualClock('2026-11-21T09:00:00.000Z');
    const { engine } = liveEngine({ clock });
    const eur = must(engine.dispatch('ledger.createAccount', { name: 'Girokonto', kind: 'checking', currency: 'EUR', openingBalanceMinor: 500_000 }, 'execute')).result;
    const cad = must(engine.dispatch('ledger.createAccount', { name: 'CIBC chequing', kind: 'checking', currency: 'CAD', openingBalanceMinor: 100_000 }, 'execute')).result;
    must(engine.dispatch('ledger.createAccount', { name: 'Tangerine savings', kind: 'savings', currency: 'CAD', openingBalanceMinor: 23_400 }, 'execute'));
    must(engine.dispatch('ledger.createAccount', { name: 'Visa', kind: 'card', currency: 'CAD', openingBalanceMinor: -9_999 }, 'execute'));
    must(engine.dispatch('ledger.record', { accountId: eur.id, date: '2026-11-10', amountMinor: -9_000, payee: 'Bakery', category: 'Food' }, 'execute'));
    // a CAD outflow would shorten the EUR runway if it were counted
    must(engine.dispatch('ledger.record', { accountId: cad.id, date: '2026-11-10', amountMinor: -18_000, payee: 'Grocer', category: 'Food' }, 'execute'));
    const buffer = must(engine.query('ledger.cashBuffer', {}));
    expect(buffer).toMatchObject({ currency: 'EUR', liquidMinor: 491_000, averageDailyOutflowMinor: 100, runwayDays: 4910, suggestedBand: 'A' });
    // the card is not liquid, in any currency
    expect(buffer.otherCurrencies).toEqual([{ currency: 'CAD', accounts: 2, balanceMinor: 105_400 }]);
  });
});

describe('categorising entries', () => {
  it('files entries under a category or none, leaves those already under it, and refuses bad input changing nothing', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const a = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 5000, payee: 'Salary' }, 'execute')).result;
    const b = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 1200, payee: 'Refund', category: 'Income' }, 'execute')).result;
    const categories = () => must(engine.query('ledger.entries', { accountId: account.id })).items.map((e) => [e.payee, e.category]).sort();

    expect(refusal(engine.dispatch('ledger.categorize', { entryIds: [a.id, a.id], category: 'Income' }, 'execute')).message).toMatch(/listed twice/);
    expect(refusal(engine.dispatch('ledger.categorize', { entryIds: [], category: 'Income' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('ledger.categorize', { entryIds: [a.id], category: '' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('ledger.categorize', { entryIds: [a.id, '01a1fd67-0ff4-737c-b220-a6f01922403b'], category: 'Income' }, 'execute')).code).toBe('not_found');
    expect(categories()).toEqual([
      ['Refund', 'Income'],
      ['Salary', null],
    ]);

    const done = must(engine.dispatch('ledger.categorize', { entryIds: [a.id, b.id], category: 'Income' }, 'execute'));
    expect(done.result).toEqual({ changed: 1, unchanged: 1 });
    const events = must(engine.query('audit.list', { decisionId: done.decision.id, limit: 10 })).items.filter((e) => e.entity === 'ledger_entry');
    expect(events.map((e) => [e.entityId, e.before, e.after])).toEqual([[a.id, { category: null }, { category: 'Income' }]]);
    must(engine.dispatch('ledger.categorize', { entryIds: [b.id], category: null }, 'execute'));
    expect(categories()).toEqual([
      ['Refund', null],
      ['Salary', 'Income'],
    ]);
  });
});
