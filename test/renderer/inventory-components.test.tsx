// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunningOutPanel } from '../../renderer/features/forecast/RunningOutPanel';
import { ImportSummaryView } from '../../renderer/features/inventory/ImportScreen';
import { InventoryTable } from '../../renderer/features/inventory/InventoryTable';
import { AddItemDialog } from '../../renderer/features/inventory/ItemForm';
import { QuickEntry } from '../../renderer/features/inventory/QuickEntry';
import { emptyFilters, type SortKey } from '../../renderer/features/inventory/view';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, ok, uuid, type FakeApi } from './fake-api';
import { itemRow, runningOut } from './inventory-fixtures';
import { withScrollAreaHeight } from './layout';

afterEach(cleanup);

function mount(ui: ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

const entries = (itemId: string, onHand: number) => ok({ decision: decisionSummary(), result: { entries: [], onHand, itemId } });

describe('InventoryTable', () => {
  withScrollAreaHeight(600);

  const rows = Array.from({ length: 4037 }, (_, i) => itemRow(`Item ${String(i).padStart(4, '0')}`, { forecast: runningOut(5, 1) }));

  it('puts only a window of 4,037 rows in the page, and says how many there are', () => {
    mount(<InventoryTable rows={rows} showCategory={false} view={{ sort: { key: 'name', dir: 'asc' }, filters: emptyFilters }} currency="EUR" onSort={() => undefined} initialScrollTop={0} />, fakeApi());
    const table = screen.getByRole('table', { name: 'Items' });
    expect(table.getAttribute('aria-rowcount')).toBe('4038');
    const shown = table.querySelectorAll('tbody tr[data-id]').length;
    // 600 px of 40 px rows, plus the overscan
    expect(shown).toBeGreaterThanOrEqual(15);
    expect(shown).toBeLessThan(40);
    expect(within(table).getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts from the column headers and runs quick actions from the row menu through the dispatcher', async () => {
    const sorts: SortKey[] = [];
    const api = fakeApi({ 'inventory.consume': (p) => entries((p as { itemId: string }).itemId, 4), 'inventory.outOf': (p) => entries((p as { itemId: string }).itemId, 0) });
    const small = rows.slice(0, 3);
    mount(<InventoryTable rows={small} showCategory view={{ sort: { key: 'daysLeft', dir: 'desc', chosenFor: 'all' }, filters: emptyFilters }} currency="EUR" onSort={(k) => sorts.push(k)} initialScrollTop={0} />, api);
    const table = screen.getByRole('table', { name: 'Items' });
    expect(within(table).getByRole('columnheader', { name: /Days left/ }).getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(table).getByRole('button', { name: /Burn\/day/ }));
    fireEvent.click(within(table).getByRole('button', { name: /Category/ }));
    expect(sorts).toEqual(['burnRate', 'category']);
    fireEvent.click(within(table).getByRole('button', { name: 'Actions for Item 0001' }));
    fireEvent.click(within(screen.getByRole('menu', { name: 'Actions for Item 0001' })).getByRole('menuitem', { name: 'Consume 1' }));
    fireEvent.click(within(table).getByRole('button', { name: 'Actions for Item 0002' }));
    fireEvent.click(within(screen.getByRole('menu', { name: 'Actions for Item 0002' })).getByRole('menuitem', { name: 'Out of' }));
    await waitFor(() => expect(api.calls.filter((c) => c.kind === 'dispatch')).toHaveLength(2));
    expect(api.callsOf('inventory.consume')).toEqual([{ kind: 'dispatch', name: 'inventory.consume', params: { itemId: small[1]!.id, qty: 1 }, mode: 'execute' }]);
    expect(api.callsOf('inventory.outOf')[0]?.params).toEqual({ itemId: small[2]!.id });
  });
});

describe('QuickEntry', () => {
  const oat = itemRow('Oat milk', { unit: 'l', forecast: { onHand: 10 } });
  const oatcakes = itemRow('Oatcakes', { unit: 'pack', forecast: { onHand: 2 } });

  async function openWithItems(api: FakeApi) {
    api.answer('inventory.items', () => ok({ items: [oat, oatcakes], total: 2, asOf: '2026-11-21' }));
    const store = mount(<QuickEntry />, api);
    await store.getState().loadItems();
    fireEvent.keyDown(document.body, { key: '/' });
    return screen.findByRole('dialog', { name: 'Quick entry' });
  }

  it('opens on "/", picks with arrows and Enter, consumes on Enter', async () => {
    const api = fakeApi({ 'inventory.consume': () => entries(oat.id, 8) });
    const dialog = await openWithItems(api);
    const search = within(dialog).getByRole('combobox', { name: 'Item' });
    fireEvent.change(search, { target: { value: 'oat' } });
    const options = within(dialog).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    expect(within(dialog).getAllByRole('option')[0]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(search, { key: 'Enter' });
    const qty = within(dialog).getByLabelText('Quantity (l)');
    fireEvent.change(qty, { target: { value: '2' } });
    fireEvent.keyDown(qty, { key: 'Enter' });
    expect(await within(dialog).findByText('Consumed 2 l of Oat milk · 8 on hand now')).toBeTruthy();
    expect(api.callsOf('inventory.consume')[0]).toMatchObject({ params: { itemId: oat.id, qty: 2 }, mode: 'execute' });
  });

  it('records a purchase with a unit cost on Shift+Enter, and refuses a bad quantity before sending', async () => {
    const api = fakeApi({ 'inventory.record': () => entries(oatcakes.id, 14) });
    const dialog = await openWithItems(api);
    const search = within(dialog).getByRole('combobox', { name: 'Item' });
    fireEvent.change(search, { target: { value: 'cakes' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    const qty = within(dialog).getByLabelText('Quantity (pack)');
    fireEvent.change(qty, { target: { value: '1.2345' } });
    fireEvent.keyDown(qty, { key: 'Enter' });
    expect(await within(dialog).findByText('at most 3 decimals')).toBeTruthy();
    fireEvent.change(qty, { target: { value: '12 @ 1.50' } });
    fireEvent.keyDown(qty, { key: 'Enter' });
    expect(await within(dialog).findByText('a price is for purchases: press Shift+Enter')).toBeTruthy();
    fireEvent.keyDown(qty, { key: 'Enter', shiftKey: true });
    expect(await within(dialog).findByText('Purchased 12 pack of Oatcakes · 14 on hand now')).toBeTruthy();
    expect(api.callsOf('inventory.record')).toEqual([{ kind: 'dispatch', name: 'inventory.record', params: { itemId: oatcakes.id, kind: 'purchase', qty: 12, unitCostMinor: 150 }, mode: 'execute' }]);
  });

  it('shows the engine’s refusal and stays on the quantity', async () => {
    const api = fakeApi({ 'inventory.consume': () => ({ ok: false, error: { code: 'conflict', message: 'cannot consume 50 l of "Oat milk": only 10 on hand' } }) });
    const dialog = await openWithItems(api);
    const search = within(dialog).getByRole('combobox', { name: 'Item' });
    fireEvent.change(search, { target: { value: 'oat milk' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    const qty = within(dialog).getByLabelText('Quantity (l)');
    fireEvent.change(qty, { target: { value: '50' } });
    fireEvent.keyDown(qty, { key: 'Enter' });
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('only 10 on hand');
    expect(within(dialog).getByLabelText('Quantity (l)')).toBeTruthy();
  });
});

describe('AddItemDialog', () => {
  it('shows the contract’s field errors and sends nothing', async () => {
    const api = fakeApi();
    mount(<AddItemDialog open onClose={() => undefined} />, api);
    const dialog = screen.getByRole('dialog', { name: 'Add item' });
    fireEvent.change(within(dialog).getByLabelText('Minimum'), { target: { value: '-2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add item' }));
    expect(await within(dialog).findByText('This field is required')).toBeTruthy();
    expect(within(dialog).getByText('must not be negative')).toBeTruthy();
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
  });

  it('creates the item with typed numbers and money in minor units, the unit cost typed the operator’s way (de-DE: 2,40)', async () => {
    const language = vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    const api = fakeApi({ 'inventory.createItem': () => ok({ decision: decisionSummary(), result: itemRow('Rye flour') }) });
    let closed = 0;
    mount(<AddItemDialog open onClose={() => (closed += 1)} />, api);
    const dialog = screen.getByRole('dialog', { name: 'Add item' });
    expect(within(dialog).getByLabelText('Unit cost (EUR)').getAttribute('placeholder')).toBe('1.234,56');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Rye flour' } });
    fireEvent.change(within(dialog).getByLabelText('Unit'), { target: { value: 'kg' } });
    fireEvent.change(within(dialog).getByLabelText('Target'), { target: { value: '5' } });
    fireEvent.change(within(dialog).getByLabelText('Unit cost (EUR)'), { target: { value: '2,40' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add item' }));
    await waitFor(() => expect(closed).toBe(1));
    expect(api.callsOf('inventory.createItem')[0]?.params).toEqual({ name: 'Rye flour', unit: 'kg', minQty: 0, targetQty: 5, leadTimeDays: 7, unitCostMinor: 240 });
    language.mockRestore();
  });
});

describe('RunningOutPanel', () => {
  it('has an empty state', async () => {
    mount(<RunningOutPanel />, fakeApi({ 'forecast.rollup': () => ok({ asOf: '2026-11-21', items: [] }) }));
    expect(await screen.findByText('Nothing runs out in the next 30 days')).toBeTruthy();
  });

  it('lists the soonest run-outs and opens an item’s detail', async () => {
    const itemId = uuid();
    const api = fakeApi({
      'forecast.rollup': () => ok({ asOf: '2026-11-21', items: [{ itemId, name: 'Oat milk', unit: 'l', forecast: { ...itemRow('x').forecast, ...runningOut(3, 1.5), suggestedOrderQty: 12 } }] }),
    });
    const store = mount(<RunningOutPanel />, api);
    const table = await screen.findByRole('table', { name: 'Running out soon' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('3 l');
    expect(row.textContent).toContain('23 Nov 2026');
    expect(row.textContent).toContain('12 l');
    fireEvent.click(within(row).getByRole('button', { name: 'Oat milk' }));
    await waitFor(() => expect(store.getState().selectedItemId).toBe(itemId));
    expect(store.getState().route).toBe('inventory');
    expect(api.callsOf('forecast.rollup')[0]?.params).toEqual({ limit: 10, windowDays: 30 });
  });
});

describe('ImportSummaryView', () => {
  it('says plainly when the file was imported before', () => {
    render(
      <ImportSummaryView
        fileName="online_retail.csv.gz"
        summary={{
          importId: uuid(),
          fileSha256: 'a'.repeat(64),
          alreadyImported: true,
          rows: 541909,
          itemsCreated: 4037,
          itemsUpdated: 0,
          entries: 537642,
          sales: 522504,
          returns: 8668,
          adjustments: 2297,
          spoilage: 183,
          openingEntries: 3990,
          skipped: [{ reason: 'bad-debt adjustment (A… invoice)', count: 3, examples: ['row 299984: A563185'] }],
          duplicates: { count: 5268, examples: ['row 519 repeats row 496'] },
          firstDay: '2025-11-13',
          lastDay: '2026-11-21',
          shiftDays: 5461,
          seconds: 10.6,
        }}
      />,
    );
    const region = screen.getByRole('region', { name: 'Import summary' });
    expect(region.textContent).toContain('Already imported — nothing changed');
    expect(within(region).getByRole('list', { name: 'Import counts' }).textContent).toContain('4,037');
    expect(within(region).getByRole('table', { name: 'Skipped rows' }).textContent).toContain('row 299984: A563185');
    expect(region.textContent).toContain('5,268 rows repeat an earlier row exactly');
  });
});
