import { describe, expect, it } from 'vitest';
import type { ItemHistory } from '../../renderer/features/inventory/itemSlice';
import { burnDownData, burnDownSummary, trimQuietStart } from '../../renderer/features/inventory/BurnDownChart';
import { detectDelimiter, firstLine, guessMapping, splitHeader } from '../../renderer/features/inventory/csvHeader';
import { formatDaysLeft, formatSignedQty, minorToInput, parseMoneyInput, parseQtyInput } from '../../renderer/features/inventory/format';
import { importSelectors } from '../../renderer/features/inventory/importSlice';
import { itemChanges, parseDraft, emptyDraft } from '../../renderer/features/inventory/ItemForm';
import { isTypingTarget, matchScore, parseQuickQuantity, quickMatches } from '../../renderer/features/inventory/quick';
import { inventorySelectors } from '../../renderer/features/inventory/slice';
import { defaultView, effectiveSort, emptyFilters, isFiltered, matchesFilters, nextSort, NO_VALUE, searchTerms, sortValue, stockValueMinor, visibleRows } from '../../renderer/features/inventory/view';
import { createAppStore } from '../../renderer/store/index';
import { fakeApi, flush, ok, uuid, type FakeApi } from './fake-api';
import { forecast, itemRow, runningOut } from './inventory-fixtures';

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('inventory table view: sorting', () => {
  // The order itself is TanStack Table's (test/renderer/tables.test.tsx sorts through the table); here: the values it sorts by and which order applies.
  const runningOutView = { filters: { ...emptyFilters, runningOutWithinDays: 14 } };

  it('gives each column a value to sort by: numbers as numbers, confidence by level, nothing as undefined (sorted last)', () => {
    const bread = itemRow('Bread', { sku: 'B-1', category: 'Bakery', unitCostMinor: 250, forecast: runningOut(1, 1, 'medium') });
    const apples = itemRow('Apples', { forecast: { onHand: 12, confidence: 'none' } });
    expect(sortValue(bread, 'name')).toBe('Bread');
    expect(sortValue(bread, 'sku')).toBe('B-1');
    expect(sortValue(bread, 'onHand')).toBe(1);
    expect(sortValue(bread, 'daysLeft')).toBe(1);
    expect(sortValue(bread, 'runOutDate')).toBe('2026-11-22');
    expect(sortValue(bread, 'unitCost')).toBe(250);
    expect(sortValue(bread, 'confidence')).toBeGreaterThan(sortValue(apples, 'confidence') as number);
    for (const key of ['sku', 'category', 'daysLeft', 'runOutDate', 'unitCost'] as const) expect(sortValue(apples, key)).toBeUndefined();
  });

  it('sorts the whole list by name and a running-out view by days left, most urgent first, until the operator chooses', () => {
    expect(effectiveSort(defaultView)).toEqual({ key: 'name', dir: 'asc' });
    expect(effectiveSort({ ...runningOutView, sort: defaultView.sort })).toEqual({ key: 'daysLeft', dir: 'asc' });
    const chosen = nextSort({ ...runningOutView, sort: defaultView.sort }, 'category');
    expect(chosen).toEqual({ key: 'category', dir: 'asc', chosenFor: 'runningOut' });
    expect(effectiveSort({ ...runningOutView, sort: chosen })).toEqual(chosen);
    // an order chosen for a running-out view does not carry over to the whole list, nor the other way round
    expect(effectiveSort({ filters: emptyFilters, sort: chosen })).toEqual({ key: 'name', dir: 'asc' });
  });

  it('flips the direction on the column shown; a new column starts where it is most useful', () => {
    const all = (key: 'name' | 'daysLeft', dir: 'asc' | 'desc' = 'asc') => ({ filters: emptyFilters, sort: { key, dir } });
    expect(nextSort(all('name'), 'name')).toEqual({ key: 'name', dir: 'desc', chosenFor: 'all' });
    expect(nextSort(all('name'), 'daysLeft')).toEqual({ key: 'daysLeft', dir: 'asc', chosenFor: 'all' });
    expect(nextSort(all('name'), 'burnRate')).toEqual({ key: 'burnRate', dir: 'desc', chosenFor: 'all' });
    // in a running-out view days left is already shown ascending: the first click flips it
    expect(nextSort({ ...runningOutView, sort: defaultView.sort }, 'daysLeft')).toEqual({ key: 'daysLeft', dir: 'desc', chosenFor: 'runningOut' });
  });
});

describe('inventory table view: filters and search', () => {
  const location = uuid();
  const rows = [
    itemRow('Oat milk', { sku: 'OAT-1', category: 'Dairy', locationId: location, locationName: 'Fridge', minQty: 2, forecast: { ...runningOut(2, 1), belowMin: true } }),
    itemRow('Rolled oats', { category: 'Pantry', forecast: runningOut(40, 1) }),
    itemRow('Dish soap', { barcode: '4006381333931', forecast: { onHand: 3 } }),
  ];

  it('filters by category, location, “no category”, running out within N days and below minimum', () => {
    const view = (filters: Partial<typeof defaultView.filters>) => ({ ...defaultView, filters: { ...defaultView.filters, ...filters } });
    expect(names(visibleRows(rows, view({ category: 'Dairy' })))).toEqual(['Oat milk']);
    expect(names(visibleRows(rows, view({ category: NO_VALUE })))).toEqual(['Dish soap']);
    expect(names(visibleRows(rows, view({ locationId: location })))).toEqual(['Oat milk']);
    expect(names(visibleRows(rows, view({ locationId: NO_VALUE }))).sort()).toEqual(['Dish soap', 'Rolled oats']);
    expect(names(visibleRows(rows, view({ runningOutWithinDays: 30 })))).toEqual(['Oat milk']);
    expect(names(visibleRows(rows, view({ runningOutWithinDays: 40 })))).toEqual(['Oat milk', 'Rolled oats']);
    expect(names(visibleRows(rows, view({ belowMin: true })))).toEqual(['Oat milk']);
    expect(matchesFilters(rows[2]!, defaultView.filters)).toBe(true);
  });

  it('searches as you type: every word, anywhere in name, SKU, barcode, category or location', () => {
    const search = (text: string) => names(visibleRows(rows, { ...defaultView, search: text }));
    expect(search('oat')).toEqual(['Oat milk', 'Rolled oats']);
    expect(search('OATS  rolled')).toEqual(['Rolled oats']);
    expect(search('oat-1')).toEqual(['Oat milk']);
    expect(search('4006381')).toEqual(['Dish soap']);
    expect(search('fridge')).toEqual(['Oat milk']);
    expect(search('pantry oat')).toEqual(['Rolled oats']);
    expect(search('   ')).toHaveLength(3);
    expect(search('tea')).toEqual([]);
    expect(searchTerms('  Oat  MILK ')).toEqual(['oat', 'milk']);
  });

  it('knows when anything narrows the list', () => {
    expect(isFiltered(defaultView)).toBe(false);
    expect(isFiltered({ ...defaultView, search: ' x ' })).toBe(true);
    expect(isFiltered({ ...defaultView, filters: { ...defaultView.filters, belowMin: true } })).toBe(true);
  });

  it('keeps 4,037 rows quick: filter and search well under a frame budget on a slow machine', () => {
    const many = Array.from({ length: 4037 }, (_, i) => itemRow(`ITEM ${i} ${i % 3 ? 'RETROSPOT' : 'HEART'} CANDLE`, { forecast: runningOut(10 + (i % 50), 0.5 + (i % 7)) }));
    const started = performance.now();
    const shown = visibleRows(many, { ...defaultView, search: 'retro candle' });
    const ms = performance.now() - started;
    expect(shown.length).toBe(2691);
    // a generous bound: it is a smoke test against an accidental quadratic step, not a benchmark
    expect(ms).toBeLessThan(500);
  });

  it('values the stock from integer minor units (rows without a cost or stock count nothing)', () => {
    expect(stockValueMinor([itemRow('a', { unitCostMinor: 125, forecast: { onHand: 3 } }), itemRow('b', { forecast: { onHand: 5 } }), itemRow('c', { unitCostMinor: 99, forecast: { onHand: -1 } })])).toBe(375);
  });
});

describe('quick entry matching', () => {
  const rows = [
    itemRow('Oat milk', { sku: 'OM1' }),
    itemRow('Oatcakes'),
    itemRow('Rolled oats'),
    itemRow('RED RETROSPOT CAKE CASES'),
    itemRow('Goat cheese'),
  ];

  it('ranks SKU, whole name, name start, word starts, substrings, then letters in order', () => {
    expect(matchScore(rows[0]!, 'om1')).toBe(1000);
    expect(matchScore(rows[0]!, 'oat milk')).toBe(900);
    expect(matchScore(rows[0]!, 'oat')).toBe(800);
    expect(matchScore(rows[3]!, 'red cake')).toBe(600);
    expect(matchScore(rows[2]!, 'oats')).toBe(500);
    expect(matchScore(rows[4]!, 'oat')).toBe(400);
    expect(matchScore(rows[3]!, 'rrcc')).toBeGreaterThan(100);
    expect(matchScore(rows[0]!, 'xyz')).toBe(0);
  });

  it('lists the best matches first, shorter names first on a tie, at most the limit', () => {
    expect(names(quickMatches(rows, 'oat').map((m) => m.item))).toEqual(['Oat milk', 'Oatcakes', 'Rolled oats', 'Goat cheese']);
    expect(quickMatches(rows, 'oat', 2)).toHaveLength(2);
    expect(quickMatches(rows, '  ')).toEqual([]);
    expect(names(quickMatches(rows, 'rtrspt').map((m) => m.item))).toEqual(['RED RETROSPOT CAKE CASES']);
  });

  it('reads the quantity line: default 1, decimals with comma or point, “@ price” for purchases', () => {
    expect(parseQuickQuantity('', 'EUR')).toEqual({ ok: true, qty: 1, unitCostMinor: undefined });
    expect(parseQuickQuantity('2,5', 'EUR')).toEqual({ ok: true, qty: 2.5, unitCostMinor: undefined });
    expect(parseQuickQuantity('12 @ 1.50', 'EUR')).toEqual({ ok: true, qty: 12, unitCostMinor: 150 });
    expect(parseQuickQuantity('3@200', 'JPY')).toEqual({ ok: true, qty: 3, unitCostMinor: 200 });
    expect(parseQuickQuantity('0', 'EUR')).toMatchObject({ ok: false, error: 'the quantity must be more than 0' });
    expect(parseQuickQuantity('two', 'EUR')).toMatchObject({ ok: false });
    expect(parseQuickQuantity('2 @', 'EUR')).toMatchObject({ ok: false, error: 'type a price after “@”' });
    expect(parseQuickQuantity('2 @ 0.505', 'EUR')).toMatchObject({ ok: false, error: 'price: at most 2 decimals' });
  });

  it('does not take "/" from someone typing in a field', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget({ closest: () => null, isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ closest: () => ({}), isContentEditable: false } as unknown as EventTarget)).toBe(true);
  });
});

describe('inventory formats and parsing', () => {
  it('turns typed amounts into integer minor units of the currency, and back', () => {
    expect(parseMoneyInput('1.5', 'EUR')).toEqual({ ok: true, minor: 150 });
    expect(parseMoneyInput('1,05', 'EUR', { locale: 'de-DE' })).toEqual({ ok: true, minor: 105 });
    expect(parseMoneyInput('1,05', 'EUR')).toEqual({ ok: false, error: 'in en-US the decimal separator is ".": write 1.05' });
    expect(parseMoneyInput('1,500', 'EUR')).toEqual({ ok: true, minor: 150000 });
    expect(parseMoneyInput('-1', 'EUR', { signed: true })).toEqual({ ok: true, minor: -100 });
    expect(parseMoneyInput('', 'EUR')).toEqual({ ok: true, minor: undefined });
    expect(parseMoneyInput('120', 'JPY')).toEqual({ ok: true, minor: 120 });
    expect(parseMoneyInput('1.5', 'JPY')).toEqual({ ok: false, error: 'JPY has no decimals' });
    expect(parseMoneyInput('-1', 'EUR')).toEqual({ ok: false, error: 'must not be negative' });
    expect(parseMoneyInput('0.1', 'KWD')).toEqual({ ok: true, minor: 100 });
    expect(minorToInput(150, 'EUR')).toBe('1.50');
    expect(minorToInput(150000, 'EUR')).toBe('1,500.00');
    expect(minorToInput(null, 'EUR')).toBe('');
  });

  it('parses quantities for the schema: blank → default, not a number → NaN', () => {
    expect(parseQtyInput('')).toBeUndefined();
    expect(parseQtyInput(' 2,5 ')).toBe(2.5);
    expect(parseQtyInput('-1')).toBe(-1);
    expect(parseQtyInput('1e3')).toBeNaN();
  });

  it('shows signed quantities and days left for people', () => {
    expect(formatSignedQty(2)).toBe('+2');
    expect(formatSignedQty(-1234.5)).toBe('−1,234.5');
    expect(formatDaysLeft(null)).toBe('—');
    expect(formatDaysLeft(0.4)).toBe('< 1');
    expect(formatDaysLeft(0)).toBe('0');
    expect(formatDaysLeft(12.34)).toBe('12.3');
  });
});

describe('item form', () => {
  it('parses the draft: blanks left to the schema’s defaults, money in minor units, bad whole numbers refused', () => {
    const parsed = parseDraft({ ...emptyDraft, name: 'Rye flour', unit: 'kg', minQty: '1', unitCost: '2.40', leadTimeDays: '3' }, 'EUR');
    expect(parsed).toEqual({
      ok: true,
      values: { name: 'Rye flour', sku: undefined, barcode: undefined, unit: 'kg', category: undefined, locationId: undefined, minQty: 1, targetQty: undefined, leadTimeDays: 3, shelfLifeDays: undefined, unitCostMinor: 240 },
    });
    expect(parseDraft({ ...emptyDraft, leadTimeDays: 'soon', unitCost: 'x' }, 'EUR')).toEqual({ ok: false, errors: { leadTimeDays: 'must be a whole number of days', unitCostMinor: 'must be an amount such as 1,234.56' } });
  });

  it('sends only what changed; a cleared optional field becomes null', () => {
    const item = itemRow('Rye flour', { sku: 'RF', unit: 'kg', minQty: 1, unitCostMinor: 240 });
    const same = parseDraft({ ...emptyDraft, name: 'Rye flour', sku: 'RF', unit: 'kg', minQty: '1', targetQty: '0', leadTimeDays: '7', unitCost: '2.40' }, 'EUR');
    expect(same.ok && itemChanges(item, same.values)).toBeNull();
    const changed = parseDraft({ ...emptyDraft, name: 'Rye flour', sku: '', unit: 'kg', minQty: '2', leadTimeDays: '7', unitCost: '2.40' }, 'EUR');
    expect(changed.ok && itemChanges(item, changed.values)).toEqual({ id: item.id, sku: null, minQty: 2 });
  });
});

describe('items CSV header', () => {
  it('finds the delimiter and the columns, quotes and BOM removed', () => {
    expect(firstLine('\uFEFFName;SKU\r\nx;y')).toBe('Name;SKU');
    expect(detectDelimiter('Name;SKU;Unit')).toBe(';');
    expect(detectDelimiter('Name\tSKU')).toBe('\t');
    expect(detectDelimiter('"Name, long";SKU')).toBe(';');
    expect(detectDelimiter('Name')).toBe(',');
    expect(splitHeader('"Item ""name""", Code ,Unit', ',')).toEqual(['Item "name"', 'Code', 'Unit']);
  });

  it('guesses the mapping from usual header names, one column per field', () => {
    expect(guessMapping(['Description', 'StockCode', 'UnitPrice', 'Qty'])).toEqual({ name: 'Description', sku: 'StockCode', unitCost: 'UnitPrice' });
    expect(guessMapping(['Item name', 'Min qty', 'Lead time', 'Category'])).toEqual({ name: 'Item name', minQty: 'Min qty', leadTimeDays: 'Lead time', category: 'Category' });
  });
});

describe('burn-down chart data', () => {
  const day = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10);
  const history = (onHand: number[], demand: number[], projection: number[]): ItemHistory => ({
    itemId: uuid(),
    history: onHand.map((q, i) => ({ day: day(i), onHand: q, demand: demand[i] ?? 0 })),
    projection: projection.map((q, i) => ({ day: day(onHand.length - 1 + i), onHand: q })),
    forecast: forecast({ onHand: onHand[onHand.length - 1] ?? 0, burnRatePerDay: 2, daysLeft: 2, runOutDate: day(onHand.length + 1), reorderPoint: 5 }),
  });

  it('joins history and projection on one day axis: the projection starts at today’s on-hand', () => {
    const h = history([10, 10, 8, 4], [0, 0, 2, 4], [4, 2, 0]);
    const { days, series } = burnDownData(h);
    expect(days).toEqual([day(0), day(1), day(2), day(3), day(4), day(5)]);
    const [onHand, projected, demand, reorder] = series;
    expect(onHand?.values).toEqual([10, 10, 8, 4, null, null]);
    expect(projected?.values).toEqual([null, null, null, 4, 2, 0]);
    expect(demand?.values).toEqual([0, 0, 2, 4, null, null]);
    expect(demand?.axis).toBe('right');
    expect(reorder?.values).toEqual([5, 5, 5, 5, 5, 5]);
    expect(burnDownSummary(h, 'l')).toContain('4 l on hand today; 6 l used since 1 Oct 2026; burn rate 2 l per day; runs out on');
  });

  it('starts a few days before the first movement, but shows at least two weeks', () => {
    const quiet = Array.from({ length: 30 }, (_, i) => ({ onHand: i < 20 ? 0 : 5, demand: 0, i }));
    expect(trimQuietStart(quiet)[0]?.i).toBe(16);
    const late = Array.from({ length: 30 }, (_, i) => ({ onHand: i < 28 ? 0 : 5, demand: 0, i }));
    expect(trimQuietStart(late)).toHaveLength(14);
    expect(trimQuietStart(Array.from({ length: 30 }, () => ({ onHand: 0, demand: 0 })))).toHaveLength(14);
  });
});

/** The fake API with `stageFile`, answering each file with a made-up SHA-256 from its name. */
function withStaging(api: FakeApi, fail?: string): FakeApi {
  return Object.assign(api, {
    stageFile: async (file: File) => (fail ? { ok: false as const, error: { code: 'invalid' as const, message: fail } } : ok({ sha256: file.name.padEnd(64, '0').slice(0, 64).replace(/[^0-9a-f]/g, 'a'), size: file.size, name: file.name })),
  });
}

const summary = {
  importId: uuid(),
  fileSha256: 'f'.repeat(64),
  alreadyImported: false,
  rows: 5,
  itemsCreated: 2,
  itemsUpdated: 0,
  entries: 4,
  sales: 3,
  returns: 1,
  adjustments: 0,
  spoilage: 0,
  openingEntries: 0,
  skipped: [],
  duplicates: { count: 1, examples: ['row 4 repeats row 3'] },
  firstDay: '2026-11-01',
  lastDay: '2026-11-21',
  shiftDays: 0,
  seconds: 0.2,
};

describe('import slice', () => {
  it('stages the file, dispatches importSales in execute mode, takes progress, keeps the summary', async () => {
    const api = withStaging(fakeApi({ 'inventory.importSales': () => ok({ decision: {}, result: summary }) }));
    const store = createAppStore({ api });
    const file = new File(['InvoiceNo,...'], 'sales.csv');
    const running = store.getState().importSales({ file, opening: { mode: 'coverDays', days: 14 }, shiftToToday: true });
    expect(store.getState().salesImport.status).toBe('staging');
    await running;
    const [call] = api.callsOf('inventory.importSales');
    expect(call).toMatchObject({ kind: 'dispatch', mode: 'execute', params: { fileName: 'sales.csv', opening: { mode: 'coverDays', days: 14 }, shiftToToday: true } });
    expect((call?.params as { fileSha256: string }).fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.getState().salesImport).toMatchObject({ status: 'done', summary });
  });

  it('shows job.progress only while its import runs', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = withStaging(fakeApi());
    const store = createAppStore({ api });
    const progress = { action: 'inventory.importSales', phase: 'reading', done: 100, total: 400, unit: 'rows', ratePerSecond: 1000 };
    api.emit('job.progress', progress);
    expect(store.getState().salesImport.progress).toBeNull();
    api.answer('inventory.importSales', () => ok({ decision: {}, result: summary }));
    const original = api.dispatch.bind(api);
    api.dispatch = (async (...args: Parameters<typeof original>) => {
      await new Promise((resolve) => (finish = resolve));
      return original(...args);
    }) as typeof api.dispatch;
    const running = store.getState().importSales({ file: new File(['x'], 'a.csv'), opening: { mode: 'none' }, shiftToToday: false });
    await flush();
    expect(store.getState().salesImport.status).toBe('running');
    api.emit('job.progress', progress);
    api.emit('job.progress', { ...progress, action: 'inventory.importItems' });
    expect(store.getState().salesImport.progress).toEqual(progress);
    expect(importSelectors.fraction(store.getState().salesImport.progress)).toBe(0.25);
    expect(importSelectors.salesBusy(store.getState())).toBe(true);
    finish(null);
    await running;
    expect(store.getState().salesImport.status).toBe('done');
  });

  it('stages a stock count as a second file; a staging failure stops before any dispatch', async () => {
    const api = withStaging(fakeApi({ 'inventory.importSales': () => ok({ decision: {}, result: summary }) }));
    const store = createAppStore({ api });
    await store.getState().importSales({ file: new File(['x'], 'a.csv'), opening: { mode: 'stockCount', file: new File(['y'], 'count.csv') }, shiftToToday: false });
    expect((api.callsOf('inventory.importSales')[0]?.params as { opening: unknown }).opening).toEqual({ mode: 'stockCount', fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const refused = withStaging(fakeApi(), 'The file is larger than the console accepts.');
    const other = createAppStore({ api: refused });
    expect(await other.getState().importSales({ file: new File(['x'], 'big.csv'), opening: { mode: 'none' }, shiftToToday: false })).toBe(false);
    expect(other.getState().salesImport).toMatchObject({ status: 'failed', error: { code: 'invalid', message: 'The file is larger than the console accepts.' } });
    expect(refused.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
  });

  it('keeps the engine’s refusal of a malformed file', async () => {
    const error = { code: 'invalid' as const, message: 'row 3, Quantity: "six" is not a whole number' };
    const api = withStaging(fakeApi({ 'inventory.importSales': () => ({ ok: false, error }) }));
    const store = createAppStore({ api });
    await store.getState().importSales({ file: new File(['x'], 'bad.csv'), opening: { mode: 'none' }, shiftToToday: false });
    expect(store.getState().salesImport).toMatchObject({ status: 'failed', error });
  });
});

describe('inventory slice: loading and refetching', () => {
  it('refetches on db.changed only for the tables it shows, and only what is loaded', async () => {
    const api = fakeApi({
      'inventory.items': () => ok({ items: [itemRow('Oat milk')], total: 1, asOf: '2026-11-21' }),
      'forecast.rollup': () => ok({ asOf: '2026-11-21', items: [] }),
      'governance.state': () => ok({}),
      'setup.status': () => ok({ initialized: true, schemaVersion: 2 }),
    });
    const store = createAppStore({ api });
    await store.getState().loadItems();
    await store.getState().loadRunningOut();
    expect(inventorySelectors.rows(store.getState()).map((r) => r.name)).toEqual(['Oat milk']);
    const count = (name: string) => api.callsOf(name).length;

    api.emit('db.changed', { tables: ['audit_events', 'decisions'] });
    await flush();
    expect([count('inventory.items'), count('forecast.rollup'), count('inventory.locations')]).toEqual([1, 1, 0]);

    api.emit('db.changed', { tables: ['stock_journal', 'item_stats'] });
    await flush();
    expect([count('inventory.items'), count('forecast.rollup'), count('inventory.locations')]).toEqual([2, 2, 0]);
  });

  it('after a stock move naming its items, refetches only those rows; a change to items themselves refetches the list', async () => {
    const oat = itemRow('Oat milk', { forecast: { onHand: 5 } });
    const rice = itemRow('Rice', { forecast: { onHand: 2 } });
    const beans = itemRow('Beans');
    let onHand = 5;
    const api = fakeApi({
      'inventory.items': (p) => {
        const ids = (p as { ids?: string[] }).ids;
        const all = [{ ...oat, forecast: { ...oat.forecast, onHand } }, rice, beans];
        // Beans was archived meanwhile: an ids query no longer finds it
        return ok(ids ? { items: all.filter((r) => ids.includes(r.id) && r.id !== beans.id), total: 2, asOf: '2026-11-21' } : { items: all, total: 3, asOf: '2026-11-21' });
      },
    });
    const store = createAppStore({ api });
    await store.getState().loadItems();
    onHand = 4;
    api.emit('db.changed', { tables: ['stock_journal', 'item_stats', 'decisions'], items: [oat.id] });
    await flush();
    expect(api.callsOf('inventory.items').map((c) => c.params)).toEqual([{}, { ids: [oat.id] }]);
    const rows = () => store.getState().itemList.data?.items.map((r) => [r.name, r.forecast.onHand]);
    expect(rows()).toEqual([
      ['Oat milk', 4],
      ['Rice', 2],
      ['Beans', beans.forecast.onHand],
    ]);
    api.emit('db.changed', { tables: ['stock_journal', 'item_stats'], items: [beans.id] });
    await flush();
    expect(rows()?.map(([name]) => name)).toEqual(['Oat milk', 'Rice']);
    expect(store.getState().itemList.data?.total).toBe(2);
    // a new or edited item: the whole list
    api.emit('db.changed', { tables: ['items', 'stock_journal'], items: [oat.id] });
    await flush();
    // a stock move that names no items: the whole list
    api.emit('db.changed', { tables: ['stock_journal', 'item_stats'] });
    await flush();
    expect(api.callsOf('inventory.items').map((c) => c.params)).toEqual([{}, { ids: [oat.id] }, { ids: [beans.id] }, {}, {}]);
  });

  it('coalesces refreshes: one runs, one more is queued', async () => {
    const api = fakeApi({ 'inventory.items': () => ok({ items: [], total: 0, asOf: '2026-11-21' }) });
    const store = createAppStore({ api });
    await store.getState().loadItems();
    const runs = [store.getState().refreshInventory(['items']), store.getState().refreshInventory(['items']), store.getState().refreshInventory(['stock_journal'])];
    await Promise.all(runs);
    expect(api.callsOf('inventory.items')).toHaveLength(3);
  });

  it('opens an item: detail, history and the first journal page; more pages by cursor', async () => {
    const item = itemRow('Oat milk');
    const entry = (seq: number) => ({ seq, itemId: item.id, kind: 'consume', qty: -1, locationId: null, occurredAt: '2026-11-21T09:00:00.000Z', occurredOn: '2026-11-21', unitCostMinor: null, source: 'manual', sourceRef: null, note: null, reversesSeq: null, reversedBySeq: null, decisionId: null });
    const api = fakeApi({
      'inventory.item': () => ok({ ...item, byLocation: [], lots: [] }),
      'forecast.history': () => ok({ itemId: item.id, history: [], projection: [], forecast: item.forecast }),
      'inventory.journal': (p) => ((p as { cursor?: number }).cursor ? ok({ items: [entry(1)], nextCursor: null }) : ok({ items: [entry(3), entry(2)], nextCursor: 2 })),
    });
    const store = createAppStore({ api });
    await store.getState().openItem(item.id);
    const s = store.getState();
    expect(s.route).toBe('inventory');
    expect(s.itemDetail.data?.name).toBe('Oat milk');
    expect(s.journal.items.map((e) => e.seq)).toEqual([3, 2]);
    await store.getState().loadMoreJournal();
    expect(store.getState().journal.items.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(api.callsOf('inventory.journal')[1]?.params).toEqual({ itemId: item.id, limit: 50, cursor: 2 });
    store.getState().closeItem();
    expect(store.getState().itemDetail.status).toBe('idle');
  });
});
