// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReceiptEntryForm } from '../../renderer/features/receipts/ReceiptEntryForm';
import { ReceiptTotal } from '../../renderer/features/receipts/ReceiptTotal';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, ok, uuid, type FakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function mount(ui: ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

describe('a refund’s total', () => {
  it('reads as money back: a Refund badge and the signed amount in the colour of money in; a purchase stays plain', () => {
    render(
      <ul>
        <li data-testid="refund">
          <ReceiptTotal totalMinor={-1250} currency="EUR" />
        </li>
        <li data-testid="purchase">
          <ReceiptTotal totalMinor={1250} currency="EUR" />
        </li>
        <li data-testid="unknown">
          <ReceiptTotal totalMinor={null} currency="EUR" />
        </li>
      </ul>,
    );
    const refund = screen.getByTestId('refund');
    expect(within(refund).getByText('Refund').className).toContain('badge-ok');
    expect(within(refund).getByText('−€12.50').className).toBe('qty-in');
    expect(screen.getByTestId('purchase').textContent).toBe('€12.50');
    expect(screen.getByTestId('unknown').textContent).toBe('—');
  });
});

describe('ReceiptEntryForm', () => {
  const categories = () => ok({ categories: [], paymentMethods: [], vendorCategories: [] });

  it('enters a refund typed the operator’s way (de-DE: -12,50) as a negative total in minor units', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    const api = fakeApi({ 'receipts.categories': categories, 'receipts.create': () => ok({ decision: decisionSummary(), result: { id: uuid(), vendor: 'Baumarkt', category: null } }) });
    mount(<ReceiptEntryForm />, api);
    const form = screen.getByRole('form', { name: 'New receipt' });
    fireEvent.change(within(form).getByLabelText('Vendor'), { target: { value: 'Baumarkt' } });
    const total = within(form).getByLabelText('Total (EUR)');
    expect(total.getAttribute('placeholder')).toBe('1.234,56');
    fireEvent.change(total, { target: { value: '-1.234,50' } });
    fireEvent.submit(form);
    await waitFor(() => expect(api.callsOf('receipts.create')).toHaveLength(1));
    expect(api.callsOf('receipts.create')[0]?.params).toMatchObject({ vendor: 'Baumarkt', totalMinor: -123450, currency: 'EUR' });
  });

  it('says why a total cannot be read, in the field, and sends nothing', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    const api = fakeApi({ 'receipts.categories': categories });
    mount(<ReceiptEntryForm />, api);
    const form = screen.getByRole('form', { name: 'New receipt' });
    fireEvent.change(within(form).getByLabelText('Vendor'), { target: { value: 'Baumarkt' } });
    const total = within(form).getByLabelText('Total (EUR)');
    fireEvent.change(total, { target: { value: '1,234' } });
    fireEvent.submit(form);
    expect(await within(form).findByText('1,234 is ambiguous in de-DE: write 1234, or 1,23 (at most 2 decimals)')).toBeTruthy();
    expect(total.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(total, { target: { value: '12.50' } });
    fireEvent.submit(form);
    expect(await within(form).findByText('in de-DE the decimal separator is ",": write 12,50')).toBeTruthy();
    expect(api.callsOf('receipts.create')).toEqual([]);
  });
});

describe('receipts CSV import: choosing rows', () => {
  it('each row can be left out; an unreadable row is left out; the rows chosen are sent', async () => {
    const { CsvReceiptsImport, rowsToImport } = await import('../../renderer/features/receipts/CsvReceiptsImport');
    const row = (n: number, vendor: string) => ({ row: n, vendor, date: '2026-11-20', totalMinor: 100 * n, currency: 'EUR', taxMinor: null, category: null, paymentMethod: null, notes: null, tags: [], alreadyImported: false });
    const mapping = { vendor: 'vendor', date: 'date', total: 'total', dateFormat: 'yyyy-MM-dd' as const, decimal: '.' as const };
    const preview = { columns: ['vendor', 'date', 'total'], suggestedMapping: mapping, mapping, rowCount: 3, rows: [row(1, 'A'), row(2, 'B'), row(4, 'D')], errors: [{ row: 3, message: 'row 3: date "31.02" is not a date' }] };
    const api = fakeApi({
      'receipts.previewCsv': () => ok(preview),
      'receipts.importCsv': () => ok({ decision: decisionSummary({ action: 'receipts.importCsv' }), result: { rows: 2, imported: 2, needsAttention: 0, alreadyImported: 0, skipped: 2 } }),
    });
    Object.assign(api, { stageFile: async (file: File) => ok({ sha256: 'a'.repeat(64), size: file.size, name: file.name }) });
    mount(<CsvReceiptsImport />, api);
    fireEvent.change(screen.getByLabelText('Receipts CSV'), { target: { files: [new File(['vendor,date,total'], 'r.csv')] } });
    const table = await screen.findByRole('table', { name: 'Receipts in the file' });
    fireEvent.click(within(table).getByRole('checkbox', { name: 'Row 2: import' }));
    expect(screen.getByText(/2 of 3 new rows will be imported; the 1 that cannot be read are left out/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import 2 receipts' }));
    await waitFor(() => expect(api.callsOf('receipts.importCsv')).toHaveLength(1));
    expect(api.callsOf('receipts.importCsv')[0]?.params).toMatchObject({ rows: [1, 4] });
    expect(await screen.findByText(/2 rows left out/)).toBeTruthy();
    // the whole file, read cleanly and nothing left out: no rows sent
    expect(rowsToImport({ ...preview, errors: [] }, new Set())).toBeUndefined();
    // rows past the preview's first ones are imported, not dropped
    expect(rowsToImport({ ...preview, rowCount: 5 }, new Set([2]))).toEqual([1, 4, 5, 6]);
  });
});
