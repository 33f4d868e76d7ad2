// @vitest-environment jsdom
/**
 * The Settings screen in the DOM over the REAL engine (a temp SQLite file; the store talks
 * to it through a `ValhallaApi` that calls the engine directly, `db.changed` included):
 * saving the household name and locale records them and the console's locale follows (amount
 * fields, dates, money); bad input to several fields shows every error at once, next to its
 * field, and sends nothing; the theme radio group shows the theme at once and stores it; the
 * currency is locked once money is recorded, with the engine's reason; a time-zone change asks
 * for a reason; an admin cannot touch the currency or the time zone.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../main/engine/types';
import type { ValhallaApi } from '../../shared/contract';
import { SettingsScreen } from '../../renderer/features/settings/SettingsScreen';
import { localePreview } from '../../renderer/features/settings/view';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { formatAmount, formatInstant } from '../../renderer/ui/format';
import { operatorLocale, setHouseholdLocale } from '../../renderer/ui/locale';
import { liveEngine, must } from '../helpers/engine';

afterEach(() => {
  cleanup();
  setHouseholdLocale(null);
  delete document.documentElement.dataset.theme;
});

/** The console's API straight onto `engine` (no transport: the real engine decides). */
function engineApi(engine: Engine): ValhallaApi {
  return {
    query: (name, params) => engine.queryAsync(name, params),
    dispatch: (name, params, mode) => engine.dispatchAsync(name, params, mode),
    on: (name, listener) => engine.on(name, listener),
    stageFile: async () => ({ ok: false, error: { code: 'invalid', message: 'no files in this test' } }),
  } as ValhallaApi;
}

async function mount(engine: Engine, operatorId?: string) {
  if (operatorId) must(engine.dispatch('operators.switch', { operatorId }, 'execute'));
  const store = createAppStore({ api: engineApi(engine) });
  await store.getState().loadGovernance();
  render(
    <StoreProvider store={store}>
      <SettingsScreen />
    </StoreProvider>,
  );
  await screen.findByRole('form', { name: 'Household settings' });
  return store;
}

const decisions = (engine: Engine) => must(engine.query('decisions.list', { limit: 200 })).items.length;
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('SettingsScreen', () => {
  it('saves the household name and locale; the preview, amount fields, dates and money follow the locale', async () => {
    const { engine } = liveEngine();
    const store = await mount(engine);
    const form = screen.getByRole('form', { name: 'Household settings' });
    fireEvent.change(field('Household name'), { target: { value: 'The Lindqvists' } });
    fireEvent.change(field('Locale'), { target: { value: 'de-DE' } });
    // the preview shows the typed locale before anything is saved
    const preview = localePreview('de-DE', 'en-US', 'EUR', 'Europe/Berlin');
    expect(preview.number).toBe('1.234.567,89');
    expect(preview.amount.replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(within(form).getByText('Amount').nextElementSibling?.textContent).toBe(preview.amount);
    expect(within(form).getByText('Number').nextElementSibling?.textContent).toBe('1.234.567,89');
    expect(within(form).getByText('Preview in de-DE')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save household settings' }));
    await waitFor(() => expect(must(engine.query('settings.get', {}))).toMatchObject({ householdName: 'The Lindqvists', locale: 'de-DE' }));
    await waitFor(() => expect(operatorLocale()).toBe('de-DE'));
    // the audit log has each change with before and after
    const events = must(engine.query('audit.list', { entity: 'setting', limit: 10 })).items;
    expect(events.map((e) => [e.entityId, e.before, e.after])).toEqual(expect.arrayContaining([['householdName', null, 'The Lindqvists'], ['locale', null, 'de-DE']]));
    // money and dates in the household locale; without one, the console's own formats
    expect(formatAmount(123456, 'EUR').replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(formatInstant('2026-11-21T09:10:00.000Z', 'UTC')).toMatch(/^21\. Nov\. 2026/);
    setHouseholdLocale(null);
    expect(formatAmount(123456, 'EUR')).toBe('€1,234.56');
    expect(formatInstant('2026-11-21T09:10:00.000Z', 'UTC')).toBe('21 Nov 2026, 09:10:00');
    store.dispose();
  });

  it('shows every error at once next to its field, and sends nothing', async () => {
    const { engine } = liveEngine();
    const store = await mount(engine);
    const before = decisions(engine);
    fireEvent.change(field('Household name'), { target: { value: 'x'.repeat(81) } });
    fireEvent.change(field('Locale'), { target: { value: 'xx-YY' } });
    fireEvent.change(field('Time zone'), { target: { value: 'Mars/Olympus_Mons' } });
    // a changed time zone asks for a reason, left empty here
    expect(field('Reason for changing the currency or time zone')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save household settings' }));
    for (const [label, message] of [
      ['Household name', /at most 80 characters/i],
      ['Locale', /language tag the console knows/],
      ['Time zone', /IANA time zone/],
      ['Reason for changing the currency or time zone', /at least 3 characters/],
    ] as const) {
      const control = await waitFor(() => {
        const c = field(label);
        expect(c.getAttribute('aria-invalid')).toBe('true');
        return c;
      });
      const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ');
      const error = describedBy.map((id) => document.getElementById(id)).find((el) => el?.className === 'field-error');
      expect(error?.textContent, label).toMatch(message);
    }
    expect(decisions(engine)).toBe(before);
    expect(must(engine.query('settings.get', {}))).toMatchObject({ householdName: null, locale: null, timeZone: 'Europe/Berlin' });
    store.dispose();
  });

  it('changes the time zone with a reason, as the owner', async () => {
    const { engine } = liveEngine();
    const store = await mount(engine);
    fireEvent.change(field('Time zone'), { target: { value: 'Europe/London' } });
    fireEvent.change(field('Reason for changing the currency or time zone'), { target: { value: 'we moved to London' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save household settings' }));
    await waitFor(() => expect(must(engine.query('settings.get', {})).timeZone).toBe('Europe/London'));
    const decision = must(engine.query('decisions.list', { action: 'settings.setCurrencyAndTimeZone', limit: 5 })).items[0];
    expect(must(engine.query('decisions.get', { id: decision!.id })).params).toEqual({ timeZone: 'Europe/London', reason: 'we moved to London' });
    store.dispose();
  });

  it('switches the theme from the radio group: shown at once and stored as the household’s', async () => {
    const { engine } = liveEngine();
    const store = await mount(engine);
    const group = screen.getByRole('radiogroup', { name: 'Theme' });
    expect((within(group).getByRole('radio', { name: /^System/ }) as HTMLInputElement).checked).toBe(true);
    await act(async () => {
      fireEvent.click(within(group).getByRole('radio', { name: /^Dark/ }));
    });
    expect(document.documentElement.dataset.theme).toBe('dark');
    await waitFor(() => expect(must(engine.query('settings.get', {})).theme).toBe('dark'));
    expect((within(group).getByRole('radio', { name: /^Dark/ }) as HTMLInputElement).checked).toBe(true);
    // loading the stored settings applies their theme (as at start-up)
    document.documentElement.dataset.theme = 'light';
    await act(() => store.getState().loadSettings());
    expect(document.documentElement.dataset.theme).toBe('dark');
    store.dispose();
  });

  it('locks the currency once money is recorded, saying why', async () => {
    const { engine } = liveEngine();
    must(engine.dispatch('ledger.createAccount', { name: 'Cash', kind: 'cash', currency: 'EUR', openingBalanceMinor: 5000 }, 'execute'));
    const store = await mount(engine);
    const currency = screen.getByLabelText('Currency') as HTMLSelectElement;
    expect(currency.disabled).toBe(true);
    expect(screen.getByText(/It can no longer change: money has been recorded in EUR \(1 accounts with an opening balance\)/)).toBeTruthy();
    store.dispose();
  });

  it('an admin may change the name, locale and theme, but not the currency or the time zone', async () => {
    const { engine } = liveEngine();
    const admin = must(engine.dispatch('operators.create', { name: 'Ada Admin', role: 'admin' }, 'execute')).result;
    const store = await mount(engine, admin.id);
    expect((screen.getByLabelText('Currency') as HTMLSelectElement).disabled).toBe(true);
    expect(field('Time zone').disabled).toBe(true);
    expect(field('Household name').disabled).toBe(false);
    expect(screen.getByText('Only an owner can change the time zone.')).toBeTruthy();
    store.dispose();
  });
});
