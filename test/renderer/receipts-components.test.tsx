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
