// @vitest-environment jsdom
/**
 * Forms (issue 15, part 6) over the REAL engine: every error at once, next to its field, in
 * words a person uses. A form with two bad fields — one only the form can see (an amount
 * that does not parse), one the contract's schema rejects (an empty name) — shows both
 * messages together, each tied to its control (`aria-invalid`, `aria-describedby`), and a
 * summary at the top lists both with links that move focus into the field; nothing is sent.
 * The engine's own refusal is translated the same way; zod's raw wording never shows.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../main/engine/types';
import { describeFailure, INVALID_FIELDS_MESSAGE } from '../../renderer/features/dispatch/failure';
import { plainFieldMessage } from '../../renderer/features/dispatch/messages';
import { AddAccountDialog, RecordEntryDialog } from '../../renderer/features/ledger/AccountDialogs';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { liveEngine, must } from '../helpers/engine';
import { engineApi } from './engine-api';

afterEach(cleanup);

async function mount(engine: Engine, ui: React.ReactNode) {
  const store = createAppStore({ api: engineApi(engine) });
  await store.getState().loadGovernance();
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

const decisions = (engine: Engine) => must(engine.query('decisions.list', { limit: 200 })).items.length;

/** The text of the elements `control`'s aria-describedby names. */
function description(control: HTMLElement): string {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('a form with two bad fields', () => {
  it('shows both messages at once, each tied to its field, and a summary listing both; nothing is sent', async () => {
    const { engine } = liveEngine();
    const before = decisions(engine);
    await mount(engine, <AddAccountDialog open onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Add account' });
    // the name left empty (the schema's rule), the opening balance not an amount (the form's own check)
    fireEvent.change(within(dialog).getByLabelText('Opening balance (EUR)'), { target: { value: '12,3,4x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));

    const name = within(dialog).getByLabelText('Name');
    const opening = within(dialog).getByLabelText('Opening balance (EUR)');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(opening.getAttribute('aria-invalid')).toBe('true');
    expect(description(name)).toContain('This field is required');
    expect(description(opening)).not.toBe('');
    expect(description(opening)).not.toContain('This field is required');
    // zod's wording never reaches the operator
    expect(dialog.textContent).not.toMatch(/Too small|expected string|received/);

    const summary = within(dialog).getByRole('group', { name: '2 fields need correcting' });
    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Name', 'Opening balance (EUR)']);
    // each link is described by its field's message and moves focus into the field
    expect(description(links[0] as HTMLElement)).toBe('This field is required');
    fireEvent.click(links[1] as HTMLElement);
    expect(document.activeElement).toBe(opening);

    expect(decisions(engine)).toBe(before);
    expect(must(engine.query('ledger.accounts', {}))).toEqual([]);

    // corrected, the account is added and the summary is gone
    fireEvent.change(name, { target: { value: 'Everyday checking' } });
    fireEvent.change(opening, { target: { value: '12.34' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add account' }));
    await waitFor(() => expect(must(engine.query('ledger.accounts', {})).map((a) => [a.name, a.openingBalanceMinor])).toEqual([['Everyday checking', 1234]]));
  });

  it('a form with one bad field shows its message next to it and no summary', async () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Cash', kind: 'cash', currency: 'EUR', openingBalanceMinor: 0 }, 'execute')).result;
    await mount(engine, <RecordEntryDialog account={account} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Record entry: Cash' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record entry' }));
    const amount = within(dialog).getByLabelText('Amount (EUR)');
    await waitFor(() => expect(amount.getAttribute('aria-invalid')).toBe('true'));
    expect(description(amount)).toMatch(/amount/i);
    expect(within(dialog).queryByRole('group', { name: /fields need correcting/ })).toBeNull();
  });
});

describe('field messages in plain words', () => {
  it('translates zod’s wording in one place, and keeps the contract’s own', () => {
    expect(plainFieldMessage('qty', 'Invalid input: expected number, received NaN')).toBe('Enter a number');
    expect(plainFieldMessage('name', 'Too small: expected string to have >=1 characters')).toBe('This field is required');
    expect(plainFieldMessage('name', 'Too big: expected string to have <=64 characters')).toBe('Enter at most 64 characters');
    expect(plainFieldMessage('days', 'Invalid input: expected int, received number')).toBe('Enter a whole number');
    expect(plainFieldMessage('accountId', 'must be an id (UUID)')).toBe('Choose one');
    expect(plainFieldMessage('amountMinor', 'Too small: expected number to be >0')).toBe('Enter an amount above 0');
    expect(plainFieldMessage('kind', 'Invalid option: expected one of "cash"|"checking"')).toBe('Choose one of the options');
    expect(plainFieldMessage('date', 'must be a date YYYY-MM-DD')).toBe('Enter a date');
    expect(plainFieldMessage('reason', 'give a reason of at least 3 characters')).toBe('give a reason of at least 3 characters');
  });

  it('the engine’s refusal of several fields: each field’s problem in plain words, the message does not repeat them', () => {
    const { engine } = liveEngine();
    const refused = engine.dispatch('ledger.createAccount', { name: '', kind: 'vault', currency: 'EUR', openingBalanceMinor: 0 } as never, 'execute');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const view = describeFailure(refused.error);
    expect(view.fieldErrors).toEqual({ name: 'This field is required', kind: 'Choose one of the options' });
    expect(view.message).toBe(INVALID_FIELDS_MESSAGE);
    expect(must(engine.query('ledger.accounts', {}))).toEqual([]);
  });
});
