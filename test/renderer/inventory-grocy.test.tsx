// @vitest-environment jsdom
/**
 * Issue 15 in the console: undo from the notice (stock entries, receipt edits), the purchase
 * and consume dialogs' dates with every error at once, a scanned barcode in quick entry, and
 * the pure helpers behind them.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/contract';
import { NoticeBar } from '../../renderer/app/NoticeBar';
import { receiptRestore, UNDO_FROM_TOAST } from '../../renderer/features/dispatch/undo';
import { formatExpiry } from '../../renderer/features/inventory/ExpiringList';
import { bestBeforeStatus, stockDateErrors } from '../../renderer/features/inventory/format';
import { QuickEntry } from '../../renderer/features/inventory/QuickEntry';
import { MovementDialog } from '../../renderer/features/inventory/StockDialogs';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, uuid, type FakeApi } from './fake-api';
import { itemRow } from './inventory-fixtures';

afterEach(cleanup);

function mount(ui: ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

/** A day `n` days before now (YYYY-MM-DD): safely in the past in any time zone for n ≥ 2. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const written = (seq: number, qty: number) => ok({ decision: decisionSummary(), result: { entries: [{ seq, qty }], onHand: 3 } });

describe('undo from the notice', () => {
  it('offers Undo after a stock entry and undoes it at once with the reason "undone from the toast"', async () => {
    const api = fakeApi({ 'inventory.consume': () => written(41, -1), 'inventory.undoEntry': () => written(42, 1) });
    const store = mount(<NoticeBar />, api);
    await store.getState().execute('inventory.consume', { itemId: uuid(), qty: 1 });
    const status = screen.getByRole('status');
    expect(within(status).getByText('Consumption logged')).toBeTruthy();
    fireEvent.click(within(status).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(within(status).getByText('Undone: Consumption logged')).toBeTruthy());
    expect(api.callsOf('inventory.undoEntry')).toEqual([{ kind: 'dispatch', name: 'inventory.undoEntry', params: { seq: 41, reason: UNDO_FROM_TOAST }, mode: 'execute' }]);
    // the undo itself offers no undo
    expect(within(status).queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('says so when the undo is refused', async () => {
    const api = fakeApi({
      'inventory.record': () => written(7, 2),
      'inventory.undoEntry': () => ({ ok: false, error: { code: 'conflict', message: 'cannot undo an inflow of 2 l: only 1 on hand' } }),
    });
    const store = mount(<NoticeBar />, api);
    await store.getState().execute('inventory.record', { itemId: uuid(), kind: 'purchase', qty: 2 });
    fireEvent.click(within(screen.getByRole('status')).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Could not undo: cannot undo an inflow of 2 l: only 1 on hand')).toBeTruthy();
  });

  it('offers no Undo to a role that may not undo entries, nor after other actions', async () => {
    const api = fakeApi({
      'governance.state': () => ok(governanceState({ currentOperator: { id: uuid(), name: 'Sam', role: 'staff', hasPin: false, createdAt: '2026-11-21T09:00:00.000Z' } })),
      'inventory.consume': () => written(3, -1),
      'inventory.createLocation': () => ok({ decision: decisionSummary(), result: {} }),
    });
    const store = mount(<NoticeBar />, api);
    await store.getState().loadGovernance();
    await store.getState().execute('inventory.consume', { itemId: uuid(), qty: 1 });
    expect(screen.getByText('Consumption logged')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await store.getState().execute('inventory.createLocation', { name: 'Pantry' });
    expect(store.getState().notice).toEqual({ kind: 'ok', text: 'Location added' });
  });

  it('restores a receipt’s previous fields, and cannot empty a vendor that was empty', () => {
    const before = {
      id: uuid(),
      vendor: 'Corner Shop',
      date: '2026-11-20',
      totalMinor: 1250,
      currency: 'EUR',
      category: null,
      paymentMethod: 'card',
      tags: ['food'],
      notes: null,
      lines: [{ description: 'Bread', qty: 1, amountMinor: 1250 }],
    } as unknown as Receipt;
    const sent = { id: before.id, vendor: 'Corner Shop Ltd', totalMinor: 1300, category: 'Groceries', paymentMethod: null, tags: ['food', 'weekly'], notes: 'x', lines: [] };
    expect(receiptRestore(before, sent)).toEqual({
      id: before.id,
      reason: UNDO_FROM_TOAST,
      vendor: 'Corner Shop',
      totalMinor: 1250,
      category: null,
      paymentMethod: 'card',
      tags: ['food'],
      notes: null,
      lines: [{ description: 'Bread', qty: 1, amountMinor: 1250 }],
    });
    expect(receiptRestore({ ...before, vendor: null }, { id: before.id, vendor: 'New vendor' })).toBeNull();
  });
});

describe('purchase and consume dialogs', () => {
  const target = { id: uuid(), name: 'Milk', unit: 'l', locationId: null, onHand: 4 };

  it('shows every problem at once next to its field and sends nothing', async () => {
    const api = fakeApi();
    mount(<MovementDialog item={target} kind="purchase" onClose={() => undefined} />, api);
    const form = screen.getByRole('form', { name: 'Record purchase' });
    fireEvent.change(within(form).getByLabelText(/Unit cost/), { target: { value: '1.2.3' } });
    fireEvent.change(within(form).getByLabelText('Bought on'), { target: { value: '2999-01-10' } });
    fireEvent.change(within(form).getByLabelText('Best before'), { target: { value: '2999-01-01' } });
    fireEvent.submit(form);
    await waitFor(() => expect(within(form).getByText('The date cannot be in the future')).toBeTruthy());
    expect(within(form).getByText('Best before cannot be before the day it was bought')).toBeTruthy();
    expect(within(form).getByLabelText('Quantity (l)').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText(/Unit cost/).getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
  });

  it('records a backdated purchase with its best-before, and a backdated consumption', async () => {
    const api = fakeApi({ 'inventory.record': () => written(1, 2), 'inventory.consume': () => written(2, -1) });
    const closed: string[] = [];
    mount(<MovementDialog item={target} kind="purchase" onClose={() => closed.push('x')} />, api);
    const form = screen.getByRole('form', { name: 'Record purchase' });
    fireEvent.change(within(form).getByLabelText('Quantity (l)'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Bought on'), { target: { value: daysAgo(10) } });
    fireEvent.change(within(form).getByLabelText('Best before'), { target: { value: daysAgo(2) } });
    expect(within(form).getByText('Earlier than today: recorded as backdated')).toBeTruthy();
    fireEvent.submit(form);
    await waitFor(() => expect(closed).toHaveLength(1));
    expect(api.callsOf('inventory.record')[0]?.params).toEqual({ itemId: target.id, kind: 'purchase', qty: 2, occurredOn: daysAgo(10), bestBefore: daysAgo(2) });
    cleanup();
    mount(<MovementDialog item={target} kind="consume" onClose={() => closed.push('y')} />, api);
    const consume = screen.getByRole('form', { name: 'Consume' });
    expect((within(consume).getByLabelText(/^Quantity/) as HTMLInputElement).value).toBe('1');
    fireEvent.change(within(consume).getByLabelText('Consumed on'), { target: { value: daysAgo(8) } });
    fireEvent.submit(consume);
    await waitFor(() => expect(closed).toHaveLength(2));
    expect(api.callsOf('inventory.consume')[0]?.params).toEqual({ itemId: target.id, qty: 1, occurredOn: daysAgo(8) });
  });
});

describe('a scanned barcode in quick entry', () => {
  const oats = itemRow('Oats', { barcode: '4001234567892', forecast: { onHand: 3 } });

  async function open(api: FakeApi) {
    api.answer('inventory.items', () => ok({ items: [oats], total: 1, asOf: '2026-11-21' }));
    const store = mount(<QuickEntry />, api);
    await store.getState().loadItems();
    fireEvent.keyDown(document.body, { key: '/' });
    const dialog = await screen.findByRole('dialog', { name: 'Quick entry' });
    return { dialog, search: within(dialog).getByRole('combobox', { name: 'Item' }) };
  }

  const scan = (search: HTMLElement, code: string) => {
    fireEvent.change(search, { target: { value: code } });
    fireEvent.keyDown(search, { key: 'Enter' });
  };

  it('finds the item by barcode and opens it for a consumption or purchase', async () => {
    const api = fakeApi({ 'inventory.byBarcode': () => ok({ item: oats }) });
    const { dialog, search } = await open(api);
    scan(search, '04001234567892');
    expect(await within(dialog).findByLabelText('Quantity (pcs)')).toBeTruthy();
    expect(within(dialog).getByText('Oats')).toBeTruthy();
    expect(api.callsOf('inventory.byBarcode')[0]?.params).toEqual({ code: '04001234567892' });
  });

  it('offers to create an unknown barcode’s item in place, then picks it', async () => {
    const created = itemRow('Rye bread', { barcode: '12345670' });
    let exists = false;
    const api = fakeApi({
      'inventory.byBarcode': () => ok({ item: exists ? created : null }),
      'inventory.createItem': () => {
        exists = true;
        return ok({ decision: decisionSummary(), result: created });
      },
    });
    const { dialog, search } = await open(api);
    scan(search, '12345670');
    const form = await within(dialog).findByRole('form', { name: 'Create an item with this barcode' });
    fireEvent.submit(form);
    expect(await within(form).findByText('Enter the item’s name')).toBeTruthy();
    expect(api.callsOf('inventory.createItem')).toEqual([]);
    fireEvent.change(within(form).getByLabelText('Name of the new item'), { target: { value: 'Rye bread' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create item with barcode 12345670' }));
    expect(await within(dialog).findByLabelText('Quantity (pcs)')).toBeTruthy();
    expect(api.callsOf('inventory.createItem')[0]?.params).toEqual({ name: 'Rye bread', barcode: '12345670' });
  });

  it('shows the refusal naming both items when two share the barcode', async () => {
    const message = 'barcode 12345678905 matches two items: "Beans (glass)" (0012345678905) and "Beans (tin)" (012345678905) — give one of them another barcode';
    const api = fakeApi({ 'inventory.byBarcode': () => ({ ok: false, error: { code: 'conflict', message } }) });
    const { dialog, search } = await open(api);
    scan(search, '12345678905');
    expect(await within(dialog).findByText(message, { exact: false })).toBeTruthy();
    expect(within(dialog).queryByLabelText('Quantity (pcs)')).toBeNull();
  });
});

describe('date helpers', () => {
  it('checks the dates of a stock entry as typed', () => {
    expect(stockDateErrors({ occurredOn: '2026-11-21', bestBefore: '2026-11-30' }, '2026-11-21')).toEqual({});
    expect(stockDateErrors({ occurredOn: '' }, '2026-11-21')).toEqual({ occurredOn: 'Enter a date' });
    expect(stockDateErrors({ occurredOn: '2026-11-22', bestBefore: '2026-11-01' }, '2026-11-21')).toEqual({
      occurredOn: 'The date cannot be in the future',
      bestBefore: 'Best before cannot be before the day it was bought',
    });
  });

  it('words days left and the best-before badge', () => {
    expect([-3, -1, 0, 1, 5].map(formatExpiry)).toEqual(['Expired 3 days ago', 'Expired yesterday', 'Expires today', 'Tomorrow', 'In 5 days']);
    expect(bestBeforeStatus('2026-11-19', '2026-11-21')).toEqual({ tone: 'bad', text: 'Expired 2 days ago' });
    expect(bestBeforeStatus('2026-11-24', '2026-11-21')).toEqual({ tone: 'warn', text: 'Expires in 3 days' });
    expect(bestBeforeStatus('2026-12-24', '2026-11-21')).toBeNull();
    expect(bestBeforeStatus(null, '2026-11-21')).toBeNull();
  });
});
