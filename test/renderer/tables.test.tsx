// @vitest-environment jsdom
/**
 * The sortable data tables (renderer/ui/DataTable.tsx on TanStack Table): inventory items,
 * receipts and ledger entries. Sorting by a header click toggles `aria-sort` and the row
 * order (numbers numerically, dates chronologically, empty values last); the inventory's
 * order lives in the store and survives re-renders and leaving the table; a running-out
 * view is sorted by days left; the row menu works from the keyboard.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntryRow, ReceiptSummary } from '../../shared/contract';
import type { ItemRow } from '../../shared/contract/inventory';
import { InventoryTable } from '../../renderer/features/inventory/InventoryTable';
import { EntriesTable } from '../../renderer/features/ledger/EntriesTable';
import { ReceiptsTable } from '../../renderer/features/receipts/ReceiptsTable';
import { StoreProvider, useAppStore } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { forgetRememberedSorting } from '../../renderer/ui/DataTable';
import { fakeApi, uuid } from './fake-api';
import { itemRow, runningOut } from './inventory-fixtures';
import { withScrollAreaHeight } from './layout';

withScrollAreaHeight(600);
afterEach(() => {
  cleanup();
  forgetRememberedSorting();
});

function mount(ui: ReactNode) {
  const store = createAppStore({ api: fakeApi() });
  const view = render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return { store, ...view };
}

/** The text of column `n` (0-based) of every data row, top to bottom. */
function column(table: HTMLElement, n: number): string[] {
  return Array.from(table.querySelectorAll('tbody tr[data-id]')).map((tr) => (tr.querySelectorAll('td')[n]?.textContent ?? '').trim());
}
const header = (table: HTMLElement, name: string) => within(table).getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortButton = (table: HTMLElement, name: string) => within(table).getByRole('button', { name });

describe('the inventory table', () => {
  const rows: ItemRow[] = [
    itemRow('oat milk', { category: 'Dairy', forecast: runningOut(6, 1, 'high') }),
    itemRow('Apples', { category: null, forecast: { onHand: 12, burnRatePerDay: 0, confidence: 'none' } }),
    itemRow('Coffee beans', { category: 'Pantry', unitCostMinor: 1299, forecast: runningOut(2, 0.25, 'low') }),
    itemRow('Bread', { category: 'Bakery', unitCostMinor: 250, forecast: runningOut(1, 1, 'medium') }),
  ];

  /** The table as the inventory screen wires it: its order in the store, sorted by the store's action. */
  function Wired({ items }: { items: readonly ItemRow[] }) {
    const view = useAppStore((s) => s.inventoryView);
    const sortBy = useAppStore((s) => s.sortInventoryBy);
    return <InventoryTable rows={items} showCategory view={view} currency="EUR" onSort={sortBy} initialScrollTop={0} />;
  }

  it('sorts by a header click: aria-sort on that header only, the same header flips, empty values last either way', () => {
    const { store, rerender, unmount } = mount(<Wired items={rows} />);
    const table = screen.getByRole('table', { name: 'Items' });
    expect(column(table, 0)).toEqual(['Apples', 'Bread', 'Coffee beans', 'oat milk']);
    expect(header(table, 'Name').getAttribute('aria-sort')).toBe('ascending');

    fireEvent.click(sortButton(table, 'Name'));
    expect(header(table, 'Name').getAttribute('aria-sort')).toBe('descending');
    expect(column(table, 0)).toEqual(['oat milk', 'Coffee beans', 'Bread', 'Apples']);

    fireEvent.click(sortButton(table, 'Days left'));
    expect(header(table, 'Days left').getAttribute('aria-sort')).toBe('ascending');
    expect(header(table, 'Name').getAttribute('aria-sort')).toBeNull();
    expect(column(table, 0)).toEqual(['Bread', 'oat milk', 'Coffee beans', 'Apples']);
    fireEvent.click(sortButton(table, 'Days left'));
    expect(header(table, 'Days left').getAttribute('aria-sort')).toBe('descending');
    // Apples never runs out: last in both directions
    expect(column(table, 0)).toEqual(['Coffee beans', 'oat milk', 'Bread', 'Apples']);

    // the order survives new data (a stock move reloads rows) and leaving the table
    rerender(
      <StoreProvider store={store}>
        <Wired items={rows.map((r) => ({ ...r }))} />
      </StoreProvider>,
    );
    expect(column(screen.getByRole('table', { name: 'Items' }), 0)).toEqual(['Coffee beans', 'oat milk', 'Bread', 'Apples']);
    unmount();
    render(
      <StoreProvider store={store}>
        <Wired items={rows} />
      </StoreProvider>,
    );
    const again = screen.getByRole('table', { name: 'Items' });
    expect(header(again, 'Days left').getAttribute('aria-sort')).toBe('descending');
    expect(column(again, 0)).toEqual(['Coffee beans', 'oat milk', 'Bread', 'Apples']);
  });

  it('sorts numbers numerically, confidence by level and money in minor units; ties fall back to the name', () => {
    const tied = [...rows, itemRow('Aubergine', { forecast: { onHand: 12 } })];
    mount(<Wired items={tied} />);
    const table = screen.getByRole('table', { name: 'Items' });
    fireEvent.click(sortButton(table, 'On hand'));
    expect(header(table, 'On hand').getAttribute('aria-sort')).toBe('descending');
    expect(column(table, 0)).toEqual(['Apples', 'Aubergine', 'oat milk', 'Coffee beans', 'Bread']);
    fireEvent.click(sortButton(table, 'Confidence'));
    expect(column(table, 0).slice(0, 3)).toEqual(['oat milk', 'Bread', 'Coffee beans']);
    fireEvent.click(sortButton(table, 'Unit cost'));
    expect(header(table, 'Unit cost').getAttribute('aria-sort')).toBe('ascending');
    // €2.50 before €12.99 (as text "12.99" would come first); no cost last
    expect(column(table, 0)).toEqual(['Bread', 'Coffee beans', 'Apples', 'Aubergine', 'oat milk']);
  });

  it('sorts a running-out view by days left, most urgent first, until another order is chosen for it', () => {
    const { store } = mount(<Wired items={rows.filter((r) => r.forecast.daysLeft !== null)} />);
    act(() => store.getState().setInventoryFilters({ runningOutWithinDays: 14 }));
    const table = screen.getByRole('table', { name: 'Items' });
    expect(header(table, 'Days left').getAttribute('aria-sort')).toBe('ascending');
    expect(column(table, 0)).toEqual(['Bread', 'oat milk', 'Coffee beans']);
    fireEvent.click(sortButton(table, 'Name'));
    expect(column(table, 0)).toEqual(['Bread', 'Coffee beans', 'oat milk']);
    // back to the whole list: its own default, by name
    act(() => store.getState().setInventoryFilters({ runningOutWithinDays: null }));
    expect(header(table, 'Name').getAttribute('aria-sort')).toBe('ascending');
    act(() => store.getState().setInventoryFilters({ runningOutWithinDays: 14 }));
    expect(header(table, 'Name').getAttribute('aria-sort')).toBe('ascending');
  });

  it('puts the quick actions in a menu that works from the keyboard; Escape closes it and focus returns to its button', () => {
    mount(<Wired items={rows} />);
    const table = screen.getByRole('table', { name: 'Items' });
    const button = within(table).getByRole('button', { name: 'Actions for Bread' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = screen.getByRole('menu', { name: 'Actions for Bread' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Consume 1', 'Out of', 'More stock actions…', 'Open details']);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[3]);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    // ↑ opens it on the last entry
    fireEvent.keyDown(button, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Open details' }));
  });

  it('disables the stock-taking entries of an item with nothing on hand', () => {
    mount(<Wired items={[itemRow('Empty jar', { forecast: { onHand: 0 } })]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Empty jar' }));
    const menu = screen.getByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Consume 1' }).getAttribute('aria-disabled')).toBe('true');
    expect(within(menu).getByRole('menuitem', { name: 'Open details' }).getAttribute('aria-disabled')).toBeNull();
  });
});

function receipt(vendor: string, date: string | null, totalMinor: number | null, overrides: Partial<ReceiptSummary> = {}): ReceiptSummary {
  return {
    id: uuid(),
    status: 'complete',
    vendor,
    date,
    totalMinor,
    currency: 'EUR',
    taxMinor: null,
    category: null,
    paymentMethod: null,
    tags: [],
    notes: null,
    address: null,
    missing: [],
    needsReview: false,
    source: 'manual',
    sourceRef: null,
    voidReason: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

describe('the receipts table', () => {
  // in the engine's order (newest entered first), not by date
  const receipts = [
    receipt('Corner Bakery', '2026-02-01', 999),
    receipt('Hardware Hut', '2026-11-20', 25_000),
    receipt('No-date Deli', null, 1000),
    receipt('Book Nook', '2026-10-05', -1200, { status: 'needs_attention' }),
  ];

  it('lists the newest receipt date first, then sorts by any header: totals in minor units, dates chronologically', () => {
    mount(<ReceiptsTable items={receipts} selectedId={null} onSelect={() => undefined} canLoadMore={false} onLoadMore={() => undefined} />);
    const table = screen.getByRole('table', { name: 'Receipts' });
    expect(header(table, 'Date').getAttribute('aria-sort')).toBe('descending');
    expect(column(table, 1)).toEqual(['Hardware Hut', 'RefundBook Nook', 'Corner Bakery', 'No-date Deli']);
    fireEvent.click(sortButton(table, 'Date'));
    expect(header(table, 'Date').getAttribute('aria-sort')).toBe('ascending');
    // undated last either way
    expect(column(table, 1)).toEqual(['Corner Bakery', 'RefundBook Nook', 'Hardware Hut', 'No-date Deli']);

    fireEvent.click(sortButton(table, 'Total'));
    expect(header(table, 'Total').getAttribute('aria-sort')).toBe('descending');
    expect(header(table, 'Date').getAttribute('aria-sort')).toBeNull();
    expect(column(table, 1)).toEqual(['Hardware Hut', 'No-date Deli', 'Corner Bakery', 'RefundBook Nook']);
    fireEvent.click(sortButton(table, 'Total'));
    expect(column(table, 1)).toEqual(['RefundBook Nook', 'Corner Bakery', 'No-date Deli', 'Hardware Hut']);
  });

  it('keeps the chosen order when it is left and shown again, and says a sort orders only the receipts loaded so far', () => {
    const first = mount(<ReceiptsTable items={receipts} selectedId={null} onSelect={() => undefined} canLoadMore onLoadMore={() => undefined} />);
    expect(screen.queryByText(/loaded so far/)).toBeNull();
    fireEvent.click(sortButton(screen.getByRole('table', { name: 'Receipts' }), 'Vendor'));
    expect(screen.getByText('Sorted among the 4 receipts loaded so far; scrolling down loads more.')).toBeTruthy();
    first.unmount();
    mount(<ReceiptsTable items={receipts} selectedId={null} onSelect={() => undefined} canLoadMore={false} onLoadMore={() => undefined} />);
    const table = screen.getByRole('table', { name: 'Receipts' });
    expect(header(table, 'Vendor').getAttribute('aria-sort')).toBe('ascending');
    expect(column(table, 1)).toEqual(['RefundBook Nook', 'Corner Bakery', 'Hardware Hut', 'No-date Deli']);
  });
});

function entry(payee: string, date: string, amountMinor: number): LedgerEntryRow {
  return { id: uuid(), accountId: uuid(), date, amountMinor, payee, category: null, memo: null, receiptId: null, bankTransactionId: null, source: 'manual', importId: null, createdAt: '2026-11-21T09:00:00.000Z', receiptVendor: null };
}

describe('the ledger entries table', () => {
  const entries = [entry('Rent', '2026-11-01', -95_000), entry('Salary', '2026-11-25', 310_000), entry('Coffee', '2026-09-30', -450), entry('Refund', '2026-11-25', 9_00)];

  it('lists the newest date first (ties in the engine’s order) and sorts amounts numerically', () => {
    mount(<EntriesTable entries={entries} currency="EUR" canLoadMore={false} loadingMore={false} onLoadMore={() => undefined} onOpenReceipt={() => undefined} onCategorize={() => undefined} />);
    const table = screen.getByRole('table', { name: 'Entries' });
    expect(header(table, 'Date').getAttribute('aria-sort')).toBe('descending');
    expect(column(table, 1)).toEqual(['Salary', 'Refund', 'Rent', 'Coffee']);
    fireEvent.click(sortButton(table, 'Amount'));
    expect(header(table, 'Amount').getAttribute('aria-sort')).toBe('descending');
    expect(column(table, 4)).toEqual(['+€3,100.00', '+€9.00', '−€4.50', '−€950.00']);
    fireEvent.click(sortButton(table, 'Amount'));
    expect(header(table, 'Amount').getAttribute('aria-sort')).toBe('ascending');
    expect(column(table, 1)).toEqual(['Rent', 'Coffee', 'Refund', 'Salary']);
  });
});
