// @vitest-environment jsdom
/**
 * The statement wizard in the DOM: the CSV column mapping form lists the file's columns,
 * starts from the engine's suggestion and says where the mapping came from; a change
 * previews again; a mapping the engine refuses shows its message and the form stays. The
 * review lists every row with a real checkbox (duplicates and unreadable rows shown, not
 * importable), sends the rows chosen, and for a file of two accounts waits for where each
 * goes and sends it; what the reader passed over shows, and the summary per account. The cash buffer names
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
import { decisionSummary, fakeApi, ok, uuid } from './fake-api';

afterEach(cleanup);

const accountId = uuid();
const account = { id: accountId, name: 'Everyday checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 0, balanceMinor: 0, entries: 0, createdAt: '2026-11-21T09:00:00.000Z' };

function preview(csv: Record<string, unknown> | undefined): QueryOutput<'ledger.previewStatement'> {
  const memoMapped = csv?.memo === 'notes';
  const row = (n: number) => ({ row: n, date: '2019-01-23', amountMinor: -1000 * n, payee: 'Payee Name', memo: memoMapped ? 'Note Text' : null, bankTransactionId: null, category: null, duplicate: false, account: null });
  return {
    format: 'CSV',
    mapping: null,
    columns: ['date', 'amount', 'payee', 'notes'],
    suggestedMapping: { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' },
    transactions: 2,
    new: 2,
    duplicates: 0,
    firstDate: '2019-01-23',
    lastDate: '2019-01-23',
    rows: [row(1), row(2)],
    errors: memoMapped ? [{ row: 3, message: 'date "23/01/2019" does not match yyyy-MM-dd' }] : [],
    accounts: [{ source: null, transactions: 2, accountId: null }],
    mappingSource: csv ? 'given' : 'guessed',
    preset: null,
    notes: [],
    currency: null,
  };
}

describe('CSV mapping in the statement wizard', () => {
  it('starts from the suggestion and says it was guessed, previews again on a change, and lists unreadable rows in the review', async () => {
    const api = fakeApi({
      'ledger.accounts': () => ok([account]),
      'ledger.previewStatement': (p) => {
        const csv = (p as { csv?: Record<string, unknown> }).csv;
        return csv?.delimiter === '|' ? { ok: false, error: { code: 'invalid', message: 'the header has one column: is the delimiter right?' } } : ok(preview(csv));
      },
    });
    const store = await shownWizard(api);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['date,amount\n'], 'data.csv', { type: 'text/csv' })] } });
    const mapping = await screen.findByRole('group', { name: 'CSV columns' });
    await waitFor(() => expect((within(mapping).getByLabelText('Date') as HTMLSelectElement).value).toBe('date'));
    expect(within(mapping).getByText('Read with a mapping guessed from the header: check the columns below.')).toBeTruthy();
    expect((within(mapping).getByLabelText('Amount') as HTMLSelectElement).value).toBe('amount');
    expect((within(mapping).getByLabelText('Memo') as HTMLSelectElement).value).toBe('');
    expect([...(within(mapping).getByLabelText('Memo') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'date', 'amount', 'payee', 'notes']);
    expect((within(mapping).getByLabelText('Header line') as HTMLInputElement).value).toBe('');
    expect((within(mapping).getByLabelText('Debit/credit indicator') as HTMLSelectElement).value).toBe('');
    expect((within(mapping).getByRole('checkbox', { name: /Amounts are charges \(card export\)/ }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', false);

    fireEvent.change(within(mapping).getByLabelText('Memo'), { target: { value: 'notes' } });
    await waitFor(() => expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { memo: 'notes' } }));
    // the rows are now read with the form: it says so, and the unreadable row is listed in the review, not importable
    expect(await within(mapping).findByText('Read with the columns set below.')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Statement rows' });
    const bad = within(table).getByRole('row', { name: /Row 3 cannot be read/ });
    expect(bad.textContent).toContain('date "23/01/2019" does not match yyyy-MM-dd');
    expect(within(bad).getByRole('checkbox')).toHaveProperty('disabled', true);
    expect(within(bad).getByRole('checkbox')).toHaveProperty('checked', false);
    expect(screen.getByText(/of 3 rows will be imported/).textContent).toBe('2 of 3 rows will be imported');
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', false);

    // card exports: the charges are positive, the form says so to the engine
    fireEvent.click(within(mapping).getByRole('checkbox', { name: /Amounts are charges/ }));
    await waitFor(() => expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { invertSign: true } }));

    // a mapping the engine refuses as a whole: its message shows, and the form stays to fix it
    fireEvent.change(within(mapping).getByLabelText('Delimiter'), { target: { value: '|' } });
    expect(await screen.findByText('the header has one column: is the delimiter right?')).toBeTruthy();
    expect(screen.getByText('The statement could not be read')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'CSV columns' })).toBe(mapping);
    expect(screen.getByRole('button', { name: /^Import/ })).toHaveProperty('disabled', true);
    fireEvent.change(within(mapping).getByLabelText('Delimiter'), { target: { value: '' } });
    await screen.findByRole('table', { name: 'Statement rows' });

    // debit/credit columns instead of one amount column
    fireEvent.click(within(mapping).getByRole('radio', { name: 'Debit and credit columns' }));
    expect(await within(mapping).findByText('choose the debit or the credit column')).toBeTruthy();
    store.dispose();
  });

  it('hides the columns while the mapping remembered for the account reads the file, until asked to set them', async () => {
    const api = fakeApi({
      'ledger.accounts': () => ok([account]),
      'ledger.previewStatement': (p) => ok({ ...preview(undefined), mappingSource: (p as { csv?: unknown }).csv ? 'given' : 'remembered' }),
    });
    const store = await shownWizard(api);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['x'], 'data.csv')] } });
    const mapping = await screen.findByRole('group', { name: 'CSV columns' });
    expect(await within(mapping).findByText('Read with the mapping remembered for this account (from its last CSV import).')).toBeTruthy();
    expect(within(mapping).queryByLabelText('Date')).toBeNull();
    fireEvent.click(within(mapping).getByRole('button', { name: 'Set the columns instead' }));
    expect(await within(mapping).findByLabelText('Date')).toBeTruthy();
    await waitFor(() => expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { date: 'date', amount: 'amount' } }));
    store.dispose();
  });
});

/** An OFX of a checking account and a card, as the engine previews it; `cardLinked`: the card went to a ledger account before. */
function twoAccountPreview(cardLinked: string | null): QueryOutput<'ledger.previewStatement'> {
  const tx = (row: number, payee: string, amountMinor: number, acct: string, duplicate = false) => ({ row, date: '2026-01-0' + row, amountMinor, payee, memo: null, bankTransactionId: `t${row}`, category: null, duplicate, account: acct });
  return {
    format: 'OFX',
    mapping: null,
    columns: null,
    suggestedMapping: null,
    transactions: 4,
    new: 3,
    duplicates: 1,
    firstDate: '2026-01-01',
    lastDate: '2026-01-04',
    rows: [tx(1, 'Bakery', -450, '111-CHK'), tx(2, 'Salary', 250000, '111-CHK'), tx(3, 'Old charge', -1200, '4111-CARD', true), tx(4, 'Fuel', -6000, '4111-CARD')],
    errors: [],
    accounts: [
      { source: '111-CHK', transactions: 2, accountId: accountId },
      { source: '4111-CARD', transactions: 2, accountId: cardLinked },
    ],
    mappingSource: null,
    preset: null,
    notes: ['passed over an investment statement (INVSTMTRS): only bank and card statements are read'],
    currency: 'EUR',
  };
}

async function shownWizard(api: ReturnType<typeof fakeApi>, accounts: unknown[] = [account]) {
  api.answer('ledger.accounts', () => ok(accounts));
  Object.assign(api, { stageFile: async (file: File) => ok({ sha256: 'b'.repeat(64), size: file.size, name: file.name }) });
  const store = createAppStore({ api });
  await store.getState().loadAccounts();
  render(
    <StoreProvider store={store}>
      <StatementImport />
    </StoreProvider>,
  );
  return store;
}

const summaryOf = (overrides: Record<string, unknown>) => ({
  importId: uuid(),
  format: 'OFX',
  transactions: 3,
  added: 2,
  duplicates: 1,
  firstDate: '2026-01-01',
  lastDate: '2026-01-04',
  skipped: 1,
  accounts: [],
  notes: [],
  csvMapping: null,
  ...overrides,
});

describe('statement import review', () => {
  const card = { ...account, id: uuid(), name: 'Visa card', kind: 'card' };

  it('lists every row with a real checkbox; unchecking one imports the rest, naming the rows; notes and the per-account summary show', async () => {
    const api = fakeApi({ 'ledger.previewStatement': () => ok(twoAccountPreview(card.id)) });
    api.answer('ledger.importStatement', () =>
      ok({
        decision: decisionSummary({ action: 'ledger.importStatement' }),
        result: summaryOf({
          accounts: [
            { source: '111-CHK', accountId, transactions: 1, added: 1, duplicates: 0 },
            { source: '4111-CARD', accountId: card.id, transactions: 2, added: 1, duplicates: 1 },
          ],
          notes: ['passed over an investment statement (INVSTMTRS): only bank and card statements are read'],
        }),
      }),
    );
    const store = await shownWizard(api, [account, card]);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['x'], 'export.ofx')] } });
    const table = await screen.findByRole('table', { name: 'Statement rows' });
    // what the reader passed over
    expect(within(screen.getByRole('list', { name: 'Passed over' })).getByText(/investment statement/)).toBeTruthy();
    // both accounts were linked before: preselected, nothing to choose
    const step = screen.getByRole('group', { name: 'Accounts in this file' });
    expect((within(step).getByLabelText('111-CHK') as HTMLSelectElement).value).toBe(accountId);
    expect((within(step).getByLabelText('4111-CARD') as HTMLSelectElement).value).toBe(card.id);
    expect(within(table).getByRole('columnheader', { name: 'Account in file' })).toBeTruthy();

    const boxes = within(table).getAllByRole('checkbox');
    expect(boxes.map((b) => (b as HTMLInputElement).getAttribute('aria-label'))).toEqual(['Include all rows', 'Import row 1', 'Import row 2', 'Row 3: already in the account', 'Import row 4']);
    expect(boxes.map((b) => (b as HTMLInputElement).checked)).toEqual([true, true, true, false, true]);
    expect(boxes[3]).toHaveProperty('disabled', true);
    expect(within(table).getByRole('row', { name: /Row 3/ }).textContent).toContain('already in the account');
    expect(screen.getByText(/rows will be imported/).textContent).toBe('3 of 4 rows will be imported');

    fireEvent.click(within(table).getByRole('checkbox', { name: 'Import row 2' }));
    expect(screen.getByText(/rows will be imported/).textContent).toBe('2 of 4 rows will be imported');
    expect((within(table).getByRole('checkbox', { name: 'Include all rows' }) as HTMLInputElement).indeterminate).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Import 2 transactions' }));
    const summary = await screen.findByRole('region', { name: 'Statement import summary' });
    expect(api.callsOf('ledger.importStatement')[0]?.params).toMatchObject({
      rows: [1, 3, 4],
      accounts: [
        { source: '111-CHK', accountId },
        { source: '4111-CARD', accountId: card.id },
      ],
    });
    const perAccount = within(summary).getByRole('table', { name: 'Imported per account' });
    expect(within(perAccount).getAllByRole('row').map((r) => r.textContent)).toEqual(['Account in fileLedger accountTransactionsAddedDuplicates', '111-CHKEveryday checking110', '4111-CARDVisa card211']);
    expect(within(summary).getByRole('list', { name: 'Statement import counts' }).textContent).toContain('Skipped1');
    expect(within(summary).getByRole('list', { name: 'Passed over' }).textContent).toContain('investment statement');
    store.dispose();
  });

  it('a file of two accounts waits for a choice for the one not seen before; "Leave out" leaves its rows out', async () => {
    const api = fakeApi({ 'ledger.previewStatement': () => ok(twoAccountPreview(null)) });
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summaryOf({}) }));
    const store = await shownWizard(api, [account, card]);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['x'], 'export.ofx')] } });
    const step = await screen.findByRole('group', { name: 'Accounts in this file' });
    const cardSelect = within(step).getByLabelText('4111-CARD') as HTMLSelectElement;
    expect(cardSelect.value).toBe('');
    expect(within(step).getByText('2 transactions · not chosen yet')).toBeTruthy();
    expect(screen.getByText('Choose where each account of the file goes (or leave it out) first.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import 3 transactions' })).toHaveProperty('disabled', true);

    fireEvent.change(cardSelect, { target: { value: 'leave-out' } });
    const table = screen.getByRole('table', { name: 'Statement rows' });
    expect(within(table).getByRole('checkbox', { name: 'Row 4: its account is left out' })).toHaveProperty('disabled', true);
    expect(within(table).getByRole('row', { name: /Row 4/ }).textContent).toContain('Account left out');
    // the choice re-reads the file with the accounts chosen
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByRole('button', { name: 'Import 2 transactions' }));
    await screen.findByRole('region', { name: 'Statement import summary' });
    const params = api.callsOf('ledger.importStatement')[0]?.params;
    expect(params).toMatchObject({ accounts: [{ source: '111-CHK', accountId }, { source: '4111-CARD', accountId: null }] });
    expect(params).not.toHaveProperty('rows');
    store.dispose();
  });

  it('"Exclude all" leaves nothing to import; "Include all" brings the rows back', async () => {
    const api = fakeApi({ 'ledger.previewStatement': () => ok(preview(undefined)) });
    const store = await shownWizard(api);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['x'], 'data.csv')] } });
    await screen.findByRole('table', { name: 'Statement rows' });
    fireEvent.click(screen.getByRole('button', { name: 'Exclude all' }));
    expect(screen.getByText(/rows will be imported/).textContent).toBe('0 of 2 rows will be imported');
    expect(screen.getByText('No row is chosen: include at least one.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import 0 transactions' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Include all' }));
    expect(screen.getByRole('button', { name: 'Import 2 transactions' })).toHaveProperty('disabled', false);
    store.dispose();
  });

  it('a refusal shows the engine’s message, naming the file, line and field', async () => {
    const api = fakeApi({ 'ledger.previewStatement': () => ok(preview(undefined)) });
    api.answer('ledger.importStatement', () => ({ ok: false, error: { code: 'invalid', message: 'data.csv: 1 row could not be read: row 2 (line 3): date "x" is not a date in the format yyyy-MM-dd' } }));
    const store = await shownWizard(api);
    fireEvent.change(screen.getByLabelText('Statement file'), { target: { files: [new File(['x'], 'data.csv')] } });
    fireEvent.click(await screen.findByRole('button', { name: 'Import 2 transactions' }));
    expect(await screen.findByText(/row 2 \(line 3\): date "x" is not a date/)).toBeTruthy();
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
