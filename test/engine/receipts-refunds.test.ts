import { describe, expect, it } from 'vitest';

import { liveEngine, must, refusal } from '../helpers/engine';
import { stage } from '../helpers/files';

describe('refunds', () => {
  it('a negative total is a refund: created, listed, filtered by a signed bound, edited, its tax zero or negative', () => {
    const { engine } = liveEngine();
    const base = { vendor: 'Corner Shop', date: '2026-11-20', currency: 'EUR' };
    must(engine.dispatch('receipts.create', { ...base, totalMinor: 2000 }, 'execute'));
    const refund = must(
      engine.dispatch('receipts.create', { ...base, date: '2026-11-21', totalMinor: -1250, taxMinor: -200, notes: 'returned the kettle', lines: [{ description: 'Kettle returned', qty: 1, amountMinor: -1250 }] }, 'execute'),
    ).result;
    expect(refund).toMatchObject({ status: 'complete', totalMinor: -1250, taxMinor: -200, missing: [] });
    expect(refund.lines).toEqual([{ description: 'Kettle returned', qty: 1, amountMinor: -1250 }]);
    expect(must(engine.query('receipts.list', { search: 'kettle' })).items.map((r) => r.totalMinor)).toEqual([-1250]);
    expect(must(engine.query('receipts.list', { maxTotalMinor: -1 })).items.map((r) => r.id)).toEqual([refund.id]);
    expect(must(engine.query('receipts.list', { minTotalMinor: -5000, maxTotalMinor: 5000 })).items).toHaveLength(2);

    expect(refusal(engine.dispatch('receipts.create', { ...base, totalMinor: -1250, taxMinor: 200 }, 'execute')).details).toMatchObject({ issues: [{ path: ['taxMinor'], message: expect.stringMatching(/refund’s tax is negative or zero/) }] });
    expect(refusal(engine.dispatch('receipts.create', { ...base, totalMinor: -1250, taxMinor: -1300 }, 'execute')).message).toMatch(/tax is more than the total/);
    expect(refusal(engine.dispatch('receipts.create', { ...base, totalMinor: 1250, taxMinor: -200 }, 'execute')).message).toMatch(/only a refund has negative tax/);
    // turning a purchase into a refund keeps the tax consistent: its positive tax must go or turn negative too
    const bought = must(engine.dispatch('receipts.create', { ...base, totalMinor: 900, taxMinor: 150 }, 'execute')).result;
    expect(refusal(engine.dispatch('receipts.update', { id: bought.id, totalMinor: -900 }, 'execute')).code).toBe('invalid');
    expect(must(engine.dispatch('receipts.update', { id: bought.id, totalMinor: -900, taxMinor: -150 }, 'execute')).result).toMatchObject({ totalMinor: -900, taxMinor: -150 });
    expect(must(engine.dispatch('receipts.create', { ...base, totalMinor: 0 }, 'execute')).result.totalMinor).toBe(0);
  });
});

describe('refunds from a receipts CSV', () => {
  it('reads a negative total (leading minus, true minus, trailing minus) as a refund and imports it; a positive tax on one is a row error', async () => {
    const { engine } = liveEngine();
    const csv = ['Merchant;Date;Amount;VAT', 'Baumarkt;19.11.2026;-1.234,00;-197,03', 'Bäckerei;20.11.2026;−3,20;', 'Kiosk;21.11.2026;2,50-;', 'Café;21.11.2026;4,50;0,29', ''].join('\n');
    const sha = await stage(engine, Buffer.from(csv, 'utf8'), 'refunds.csv');
    const preview = must(engine.query('receipts.previewCsv', { fileSha256: sha }));
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.vendor, r.totalMinor, r.taxMinor])).toEqual([
      ['Baumarkt', -123400, -19703],
      ['Bäckerei', -320, null],
      ['Kiosk', -250, null],
      ['Café', 450, 29],
    ]);
    const mapping = preview.suggestedMapping;
    if (!mapping) throw new Error('expected a mapping');
    expect(must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'EUR' }, 'execute')).result).toEqual({ rows: 4, imported: 4, needsAttention: 0, alreadyImported: 0, skipped: 0 });
    expect(must(engine.query('receipts.list', { maxTotalMinor: -1 })).items.map((r) => [r.vendor, r.totalMinor, r.status])).toEqual([
      ['Kiosk', -250, 'complete'],
      ['Bäckerei', -320, 'complete'],
      ['Baumarkt', -123400, 'complete'],
    ]);

    const bad = await stage(engine, Buffer.from('Merchant;Date;Amount;VAT\nBaumarkt;19.11.2026;-12,00;1,90\n', 'utf8'), 'bad-refund.csv');
    expect(must(engine.query('receipts.previewCsv', { fileSha256: bad })).errors.map((e) => e.message)).toEqual(['row 1: tax is positive on a refund (a refund’s tax is negative or zero)']);
  });
});

describe('reconciling a refund', () => {
  it('matches a refund receipt with money coming back in (a positive entry), never with an outflow; a purchase still matches only an outflow', () => {
    const { engine } = liveEngine();
    const card = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const refund = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: -1250, currency: 'EUR', notes: 'kettle returned' }, 'execute')).result;
    const purchase = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-20', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    const back = must(engine.dispatch('ledger.record', { accountId: card.id, date: '2026-11-22', amountMinor: 1250, payee: 'CORNER SHOP REFUND' }, 'execute')).result;
    const out = must(engine.dispatch('ledger.record', { accountId: card.id, date: '2026-11-21', amountMinor: -1250, payee: 'BAKERY', category: 'Food' }, 'execute')).result;

    const { suggestions, unmatchedReceipts } = must(engine.query('reconcile.suggestions', {}));
    expect(suggestions.map((s) => [s.receiptId, s.entryId, s.amountMinor])).toEqual(
      expect.arrayContaining([
        [refund.id, back.id, -1250],
        [purchase.id, out.id, 1250],
      ]),
    );
    expect(suggestions).toHaveLength(2);
    expect(unmatchedReceipts).toBe(2);
    // the refund is not the outflow's receipt, nor the purchase the money back's
    expect(refusal(engine.dispatch('reconcile.accept', { receiptId: refund.id, entryId: out.id }, 'execute')).message).toMatch(/amounts do not agree/);
    expect(refusal(engine.dispatch('reconcile.accept', { receiptId: purchase.id, entryId: back.id }, 'execute')).message).toMatch(/amounts do not agree/);

    expect(must(engine.dispatch('reconcile.accept', { receiptId: refund.id, entryId: back.id }, 'execute')).result.receiptId).toBe(refund.id);
    expect(must(engine.query('receipts.get', { id: refund.id })).ledgerEntry).toMatchObject({ id: back.id, amountMinor: 1250 });
    expect(must(engine.query('reconcile.suggestions', {})).suggestions.map((s) => s.receiptId)).toEqual([purchase.id]);
  });
});
