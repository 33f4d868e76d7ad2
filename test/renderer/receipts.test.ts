import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/store/index';
import { defaultReceiptFilters, lineDrafts, missingLabel, parseLineDrafts, parseTags, sourceLabel, receiptFiltersSet, receiptListParams, rememberedCategory, vendorMemoryKey, typedCoreFields, withVendorCategory } from '../../renderer/features/receipts/view';
import { parseMoneyInput } from '../../renderer/features/inventory/format';
import { attachmentProblem } from '../../renderer/features/receipts/attachments';
import { fakeApi } from './fake-api';

const ok = <T>(value: T) => ({ ok: true as const, value });

describe('receipt list params', () => {
  it('leaves empty filters out and turns typed amounts into minor units', () => {
    expect(receiptListParams(defaultReceiptFilters, 'EUR')).toEqual({ limit: 50 });
    expect(receiptListParams({ ...defaultReceiptFilters, search: '  croissant ', status: 'complete', category: 'Food', paymentMethod: ' card ', from: '2026-01-01', to: '2026-12-31', minTotal: '-1.50', maxTotal: '20' }, 'EUR', 'c1')).toEqual({
      limit: 50,
      search: 'croissant',
      status: 'complete',
      category: 'Food',
      paymentMethod: 'card',
      from: '2026-01-01',
      to: '2026-12-31',
      minTotalMinor: -150,
      maxTotalMinor: 2000,
      cursor: 'c1',
    });
  });
  it('drops an amount or date that does not parse, and respects the currency digits', () => {
    expect(receiptListParams({ ...defaultReceiptFilters, minTotal: 'abc', from: '2026-1' }, 'EUR')).toEqual({ limit: 50 });
    expect(receiptListParams({ ...defaultReceiptFilters, maxTotal: '500' }, 'JPY')).toEqual({ limit: 50, maxTotalMinor: 500 });
    expect(parseMoneyInput('9.00', 'MYR')).toEqual({ ok: true, minor: 900 });
    expect(parseMoneyInput('9.001', 'MYR').ok).toBe(false);
  });
  it('knows when filters are set', () => {
    expect(receiptFiltersSet(defaultReceiptFilters)).toBe(false);
    expect(receiptFiltersSet({ ...defaultReceiptFilters, search: 'x' })).toBe(true);
  });
});

describe('vendor → category memory', () => {
  it('folds case, spaces and company forms as the engine does, keeps the last category, ignores empties', () => {
    expect(vendorMemoryKey('  Corner   Shop ')).toBe('CORNER SHOP');
    expect(vendorMemoryKey('Corner Shop Sdn. Bhd.')).toBe('CORNER SHOP');
    let memory = withVendorCategory({}, 'Corner Shop', 'Food');
    memory = withVendorCategory(memory, 'corner shop', 'Groceries');
    memory = withVendorCategory(memory, 'Hardware', '  ');
    expect(memory).toEqual({ 'CORNER SHOP': 'Groceries' });
    expect(rememberedCategory(memory, 'CORNER  SHOP SDN BHD')).toBe('Groceries');
    expect(rememberedCategory(memory, 'Other')).toBeNull();
    expect(rememberedCategory(memory, '')).toBeNull();
  });
  it('falls back to the category of the vendor’s latest receipt, as the engine reports it', () => {
    const filed = [{ vendorKey: 'CORNER SHOP', category: 'Food' }, { vendorKey: 'HARDWARE HUT', category: 'Tools' }];
    expect(rememberedCategory({}, 'Hardware Hut', filed)).toBe('Tools');
    // what was typed in this session comes first
    expect(rememberedCategory({ 'CORNER SHOP': 'Treats' }, 'corner shop', filed)).toBe('Treats');
    expect(rememberedCategory({}, 'Nowhere', filed)).toBeNull();
  });
  it('is kept in the store', () => {
    const store = createAppStore({ api: fakeApi() });
    store.getState().rememberVendorCategory('Bakery', 'Food');
    expect(rememberedCategory(store.getState().vendorCategories, 'bakery')).toBe('Food');
    store.dispose();
  });
});

describe('receipt text helpers', () => {
  it('parses tags and names missing fields', () => {
    expect(parseTags('breakfast, team ,, breakfast')).toEqual(['breakfast', 'team']);
    expect(missingLabel('totalMinor')).toBe('total');
    expect(missingLabel('unreadable date')).toBe('unreadable date');
    expect(sourceLabel({ source: 'sroie', sourceRef: `012.json:${'a'.repeat(64)}` })).toBe('012.json');
    expect(sourceLabel({ source: 'csv', sourceRef: `${'b'.repeat(64)}:2` })).toBe('CSV row 2');
    expect(sourceLabel({ source: 'manual', sourceRef: null })).toBeNull();
  });
});

describe('receipts slice', () => {
  it('loads the list with the filters and pages with the cursor', async () => {
    const api = fakeApi({
      'receipts.list': (p) => {
        const params = p as { cursor?: string };
        return ok({ items: [{ id: params.cursor ? 'r2' : 'r1' }], nextCursor: params.cursor ? null : 'r1' }) as never;
      },
    });
    const store = createAppStore({ api });
    store.getState().setReceiptFilters({ search: 'shop' });
    await store.getState().loadReceipts();
    expect(api.callsOf('receipts.list')[0]?.params).toEqual({ limit: 50, search: 'shop' });
    await store.getState().loadMoreReceipts();
    expect(store.getState().receiptList.items.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(store.getState().receiptList.nextCursor).toBeNull();
    store.dispose();
  });
});

describe('typedCoreFields', () => {
  it('keeps only the typed fields, with the total in minor units, and refuses a total that is not an amount', () => {
    expect(typedCoreFields({ vendor: '  Shop ', date: '', total: '9.50' }, 'EUR')).toEqual({ ok: true, fields: { vendor: 'Shop', totalMinor: 950 } });
    expect(typedCoreFields({ vendor: '', date: '2026-11-20', total: '' }, 'EUR')).toEqual({ ok: true, fields: { date: '2026-11-20' } });
    expect(typedCoreFields({ vendor: 'Shop', date: '', total: 'RM nine' }, 'EUR').ok).toBe(false);
  });
});

describe('attachmentProblem', () => {
  it('refuses a file over the limit with the same words as main, sizes in MiB', () => {
    expect(attachmentProblem({ name: 'holiday-video.jpg', size: 26 * 1024 * 1024, type: 'image/jpeg' })).toBe('holiday-video.jpg is 26 MiB: attachments are limited to 25 MiB');
    expect(attachmentProblem({ name: 'scan.pdf', size: 26.5 * 1024 * 1024, type: 'application/pdf' })).toBe('scan.pdf is 26.5 MiB: attachments are limited to 25 MiB');
    expect(attachmentProblem({ name: 'scan.pdf', size: 25 * 1024 * 1024, type: 'application/pdf' })).toBeNull();
  });
});

describe('line items as typed', () => {
  it('round-trip a receipt’s lines, drop empty rows, default the quantity to 1, and name the row of each problem', () => {
    const drafts = lineDrafts([{ description: 'Milk', qty: 2, amountMinor: 250 }], 'EUR');
    expect(drafts).toEqual([{ key: 1, description: 'Milk', qty: '2', amount: '2.50' }]);
    const typed = [...drafts, { key: 2, description: ' Bread ', qty: '', amount: '4.20' }, { key: 4, description: 'Deposit back', qty: '1', amount: '-0.25' }, { key: 3, description: '', qty: '', amount: '' }];
    expect(parseLineDrafts(typed, 'EUR')).toEqual({
      ok: true,
      lines: [
        { description: 'Milk', qty: 2, amountMinor: 250 },
        { description: 'Bread', qty: 1, amountMinor: 420 },
        { description: 'Deposit back', qty: 1, amountMinor: -25 },
      ],
    });
    const bad = [
      { key: 1, description: '', qty: '1', amount: '1' },
      { key: 2, description: 'x', qty: '0', amount: '1' },
      { key: 3, description: 'x', qty: '1', amount: 'RM 9' },
      { key: 4, description: 'x', qty: '1', amount: '' },
      { key: 5, description: 'fine', qty: '1', amount: '1' },
    ];
    const result = parseLineDrafts(bad, 'EUR');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).map(Number)).toEqual([1, 2, 3, 4]);
    expect(parseLineDrafts([], 'JPY')).toEqual({ ok: true, lines: [] });
  });
});
