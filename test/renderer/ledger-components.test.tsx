// @vitest-environment jsdom
/**
 * The statement wizard's CSV column mapping form in the DOM (the e2e cannot reach it until
 * the engine reads CSV): the selects list the file's columns and start from the engine's
 * suggestion; a change previews again; row errors show and keep "Import" disabled; a
 * mapping the engine refuses shows its message and the form stays. The cash buffer names
 * the accounts it leaves out for their currency. Reconciliation lists what is unmatched
 * on each side under the suggestions.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueryOutput } from '../../shared/contract';
import { CashBufferView } from '../../renderer/features/ledger/CashBufferView';
import { ReconcileView } from '../../renderer/features/ledger/ReconcileView';
import { StatementImport } from '../../renderer/features/ledger/StatementImport';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { fakeApi, ok, uuid } from './fake-api';

afterEach(cleanup);

const accountId = uuid();
const account = { id: accountId, name: 'Everyday checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 0, balanceMinor: 0, entries: 0, createdAt: '2026-11-21T09:00:00.000Z' };

function preview(csv: Record<string, unknown> | undefined): QueryOutput<'ledger.previewStatement'> {
  const memoMapped = csv?.memo === 'notes';
  return {
    format: 'CSV',
    columns: ['date', 'amount', 'payee', 'notes'],
    suggestedMapping: { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' },
    transactions: 2,
    new: 2,
    duplicates: 0,
    firstDate: '2019-01-23',
    lastDate: '2019-01-23',
    rows: [{ row: 1, date: '2019-01-23', amountMinor: -1000, payee: 'Payee Name', memo: memoMapped ? 'Note Text' : null, bankTransactionId: null, category: null, duplicate: false, account: null }],
    errors: memoMapped ? [{ row: 2, message: 'date "23/01/2019" does not match yyyy-MM-dd' }] : [],
    accounts: [{ source: null, transactions: 2, accountId: null }],
    mappingSource: 'guessed',
    preset: null,
    notes: [],
  };
}

describe('CSV mapping in the statement wizard', () => {
  it('starts from the suggestion, previews again on a change, and shows row errors', async () => {
    const api = fakeApi({
      'ledger.accounts': () => ok([account]),
      'ledger.previewStatement': (p) => {
        const csv = (p as { csv?: Record<string, unknown> }).csv;
        return csv?.delimiter === '|' ? { ok: false, error: { code: 'invalid', message: 'the header has one column: is the delimiter right?' } } : ok(preview(csv));
      },
    });
    Object.assign(api, { stageFile: async (file: File) => ok({ sha256: 'b'.repeat(64), size: file.size, name: file.name }) });
    const store = createAppStore({ api });
    await store.getState().loadAccounts();
    render(
      <StoreProvider store={store}>
        <StatementImport />
      </StoreProvider>,
    );
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['date,amount\n'], 'data.csv', { type: 'text/csv' })] } });
    const mapping = await screen.findByRole('group', { name: 'CSV columns' });
    await waitFor(() => expect((within(mapping).getByLabelText('Date') as HTMLSelectElement).value).toBe('date'));
    expect((within(mapping).getByLabelText('Amount') as HTMLSelectElement).value).toBe('amount');
    expect((within(mapping).getByLabelText('Memo') as HTMLSelectElement).value).toBe('');
    expect([...(within(mapping).getByLabelText('Memo') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'date', 'amount', 'payee', 'notes']);
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', false);

    fireEvent.change(within(mapping).getByLabelText('Memo'), { target: { value: 'notes' } });
    await waitFor(() => expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { memo: 'notes' } }));
    const errors = await screen.findByRole('list', { name: 'Row errors' });
    expect(errors.textContent).toContain('Row 2: date "23/01/2019" does not match yyyy-MM-dd');
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', true);

    // a mapping the engine refuses as a whole: its message shows, and the form stays to fix it
    fireEvent.change(within(mapping).getByLabelText('Delimiter'), { target: { value: '|' } });
    expect(await screen.findByText('the header has one column: is the delimiter right?')).toBeTruthy();
    expect(screen.getByText('The statement could not be read')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'CSV columns' })).toBe(mapping);
    expect(screen.getByRole('button', { name: /^Import/ })).toHaveProperty('disabled', true);
    fireEvent.change(within(mapping).getByLabelText('Delimiter'), { target: { value: '' } });
    await screen.findByRole('list', { name: 'Row errors' });

    // debit/credit columns instead of one amount column
    fireEvent.click(within(mapping).getByRole('radio', { name: 'Debit and credit columns' }));
    expect(await within(mapping).findByText('choose the debit or the credit column')).toBeTruthy();
    store.dispose();
  });
});

describe('cash buffer view', () => {
  const buffer = (otherCurrencies: QueryOutput<'ledger.cashBuffer'>['otherCurrencies']): QueryOutput<'ledger.cashBuffer'> => ({
    asOf: '2026-11-21',
    currency: 'EUR',
    liquidMinor: 150_000,
    approvedUnspentMinor: 0,
    averageDailyOutflowMinor: 50,
    runwayDays: 3000,
    upcomingBillsMinor: 0,
    upcomingBills: [],
    suggestedBand: 'A',
    projection: [{ day: '2026-11-21', bufferMinor: 150_000 }],
    otherCurrencies,
  });

  async function shown(value: QueryOutput<'ledger.cashBuffer'>) {
    const store = createAppStore({ api: fakeApi({ 'ledger.accounts': () => ok([account]), 'ledger.cashBuffer': () => ok(value) }) });
    await store.getState().loadAccounts();
    render(
      <StoreProvider store={store}>
        <CashBufferView />
      </StoreProvider>,
    );
    await screen.findByRole('list', { name: 'Cash buffer figures' });
  }

  it('says under the figures which accounts in other currencies are not counted, with their balance', async () => {
    await shown(
      buffer([
        { currency: 'CAD', accounts: 2, balanceMinor: 123_400 },
        { currency: 'USD', accounts: 1, balanceMinor: 500 },
      ]),
    );
    expect(screen.getByText('Not counted: 2 accounts in CAD (CA$1,234.00), 1 account in USD ($5.00) — the buffer is in EUR')).toBeTruthy();
  });

  it('says nothing of other currencies when every account is in the household currency', async () => {
    await shown(buffer([]));
    expect(screen.queryByText(/Not counted/)).toBeNull();
  });
});

describe('reconcile view: what is unmatched', () => {
  async function shown(unmatched: QueryOutput<'reconcile.unmatched'>) {
    const counts = { suggestions: [], unmatchedReceipts: unmatched.receipts.total, unmatchedEntries: unmatched.outflows.total };
    const api = fakeApi({ 'ledger.accounts': () => ok([account]), 'reconcile.suggestions': () => ok(counts), 'reconcile.unmatched': () => ok(unmatched) });
    const store = createAppStore({ api });
    await store.getState().loadAccounts();
    render(
      <StoreProvider store={store}>
        <ReconcileView />
      </StoreProvider>,
    );
    await screen.findByRole('list', { name: 'Reconciliation counts' });
    return store;
  }

  it('lists both sides under the suggestions, says when a side is capped, and a receipt’s vendor opens it', async () => {
    const receiptId = uuid();
    const store = await shown({
      receipts: {
        items: [
          { id: receiptId, vendor: "McDonald's", date: '2009-04-02', totalMinor: 660, currency: 'CAD' },
          { id: uuid(), vendor: 'Bakery', date: '2009-03-30', totalMinor: 450, currency: 'EUR' },
        ],
        total: 60,
      },
      outflows: { items: [{ id: uuid(), accountId, accountName: 'Everyday checking', date: '2009-04-01', amountMinor: -2500, currency: 'EUR', payee: 'TIM HORTONS' }], total: 1 },
    });
    expect(screen.getByText('No matches to review')).toBeTruthy();
    const receipts = await screen.findByRole('table', { name: 'Unmatched receipts' });
    expect(within(receipts).getAllByRole('row').map((r) => r.textContent)).toEqual(['DateVendorTotal', "2 Apr 2009McDonald'sCA$6.60", '30 Mar 2009Bakery€4.50']);
    expect(screen.getByText('2 of 60 shown, newest first')).toBeTruthy();
    const outflows = screen.getByRole('table', { name: 'Unmatched outflows' });
    expect(within(outflows).getAllByRole('row')[1]?.textContent).toBe('1 Apr 2009TIM HORTONSEveryday checking−€25.00');
    expect(screen.queryByText(/1 of 1 shown/)).toBeNull();

    fireEvent.click(within(receipts).getByRole('button', { name: "Open receipt: McDonald's" }));
    expect(store.getState()).toMatchObject({ route: 'receipts', receiptsTab: 'list', selectedReceiptId: receiptId });
    store.dispose();
  });

  it('says so when nothing is unmatched on a side', async () => {
    const store = await shown({ receipts: { items: [], total: 0 }, outflows: { items: [], total: 0 } });
    expect(await screen.findByText('No unmatched receipts')).toBeTruthy();
    expect(screen.getByText('No unmatched outflows')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Unmatched receipts' })).toBeNull();
    store.dispose();
  });
});
