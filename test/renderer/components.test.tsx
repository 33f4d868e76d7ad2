// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App';
import { DecisionDetail } from '../../renderer/features/decisions/DecisionDetail';
import { BandDialog } from '../../renderer/features/governance/dialogs';
import { KillSwitchBanner } from '../../renderer/features/governance/KillSwitch';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, type FakeApi } from './fake-api';

afterEach(cleanup);

function mount(ui: React.ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

describe('BandDialog', () => {
  it('shows the schema’s field error for a short reason and sends nothing', async () => {
    const api = fakeApi();
    mount(<BandDialog open onClose={() => undefined} current="B" />, api);
    const dialog = screen.getByRole('dialog', { name: 'Change band' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'no' } });
    fireEvent.submit(within(dialog).getByLabelText('Reason').closest('form')!);
    expect(await within(dialog).findByText('give a reason of at least 3 characters')).toBeTruthy();
    expect(within(dialog).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
  });

  it('dispatches in execute mode and closes on success', async () => {
    const api = fakeApi({ 'governance.setBand': () => ok({ decision: decisionSummary(), result: { changed: true } }) });
    let closed = 0;
    mount(<BandDialog open onClose={() => (closed += 1)} current="B" />, api);
    const dialog = screen.getByRole('dialog', { name: 'Change band' });
    fireEvent.change(within(dialog).getByLabelText('Band'), { target: { value: 'D' } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: '  Freeze for audit  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set band' }));
    await waitFor(() => expect(closed).toBe(1));
    expect(api.callsOf('governance.setBand')).toEqual([{ kind: 'dispatch', name: 'governance.setBand', params: { band: 'D', reason: 'Freeze for audit' }, mode: 'execute' }]);
  });

  it('shows a refusal with the gate that blocked it and stays open', async () => {
    const api = fakeApi({
      'governance.setBand': () => ({
        ok: false,
        error: {
          code: 'blocked',
          message: 'Blocked: execution is off',
          details: { decision: { id: 'x', gates: [{ gate: 'go-live', verdict: 'block', reason: 'execution is off (go-live)' }] } },
        },
      }),
    });
    let closed = 0;
    mount(<BandDialog open onClose={() => (closed += 1)} current="B" />, api);
    const dialog = screen.getByRole('dialog', { name: 'Change band' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Steady again' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set band' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Blocked: execution is off');
    expect(within(alert).getByRole('list', { name: 'Gate verdicts' }).textContent).toContain('execution is off (go-live)');
    expect(closed).toBe(0);
  });

  it('shows the engine’s field issues next to the field', async () => {
    const api = fakeApi({
      'governance.setBand': () => ({ ok: false, error: { code: 'invalid', message: 'Invalid params', details: { issues: [{ path: ['reason'], message: 'engine says no' }] } } }),
    });
    mount(<BandDialog open onClose={() => undefined} current="B" />, api);
    const dialog = screen.getByRole('dialog', { name: 'Change band' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Valid locally' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set band' }));
    expect(await within(dialog).findByText('engine says no')).toBeTruthy();
  });
});

describe('KillSwitchBanner', () => {
  it('is absent while released and names who, why and offers Release while engaged', async () => {
    const api = fakeApi({ 'governance.state': () => ok(governanceState()) });
    const store = mount(<KillSwitchBanner />, api);
    await store.getState().loadGovernance();
    expect(screen.queryByRole('alert')).toBeNull();
    api.answer('governance.state', () =>
      ok(governanceState({ killSwitch: { engaged: true, reason: 'card stolen', engagedAt: '2026-11-21T09:00:00.000Z', engagedBy: 'Astrid' } })),
    );
    await store.getState().loadGovernance();
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('KILL SWITCH ENGAGED');
    expect(banner.textContent).toContain('card stolen');
    fireEvent.click(within(banner).getByRole('button', { name: 'Release…' }));
    expect(screen.getByRole('dialog', { name: 'Release the kill switch' })).toBeTruthy();
  });
});

describe('DecisionDetail', () => {
  it('shows status, each gate’s verdict and reason, params and hashes', async () => {
    const d = decisionSummary({ status: 'BLOCKED', action: 'governance.setBand' });
    const api = fakeApi({
      'decisions.get': () =>
        ok({ ...d, gates: [{ gate: 'kill-switch', verdict: 'block', reason: 'kill switch engaged: drill' }], params: { band: 'D', reason: 'freeze' }, result: null }),
    });
    const store = mount(<DecisionDetail />, api);
    expect(screen.getByText('No decision selected')).toBeTruthy();
    await store.getState().selectDecision(d.id);
    const panel = await screen.findByRole('region', { name: 'Decision: governance.setBand' });
    const gates = within(panel).getByRole('table', { name: 'Gate verdicts' });
    expect(within(gates).getByText('kill switch engaged: drill')).toBeTruthy();
    expect(within(gates).getByText('block')).toBeTruthy();
    expect(panel.textContent).toContain('"reason": "freeze"');
    expect(panel.textContent).toContain('b'.repeat(64));
  });
});

describe('App', () => {
  it('shows onboarding on a fresh database and submits setup.initialize with the defaults', async () => {
    const api = fakeApi({
      'setup.status': () => ok({ initialized: false, schemaVersion: 1 }),
      'governance.state': () => ok(governanceState({ initialized: false, currentOperator: null })),
      'setup.initialize': () => ok({ decision: decisionSummary(), result: { owner: {} } }),
    });
    const store = createAppStore({ api });
    render(<App store={store} />);
    const form = await screen.findByRole('form', { name: 'First-run setup' });
    expect((within(form).getByLabelText('Currency') as HTMLSelectElement).value).toBe('EUR');
    const zone = (within(form).getByLabelText('Time zone') as HTMLInputElement).value;
    expect(zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    fireEvent.submit(form);
    expect(await within(form).findByText('This field is required')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Owner name'), { target: { value: 'Astrid' } });
    fireEvent.submit(form);
    await waitFor(() => expect(api.callsOf('setup.initialize')).toHaveLength(1));
    expect(api.callsOf('setup.initialize')[0]).toEqual({ kind: 'dispatch', name: 'setup.initialize', params: { ownerName: 'Astrid', currency: 'EUR', timeZone: zone }, mode: 'execute' });
  });

  it('shows the console frame once initialized, with navigation and governance badges', async () => {
    const api = fakeApi({
      'setup.status': () => ok({ initialized: true, schemaVersion: 1 }),
      'governance.state': () => ok(governanceState({ band: { current: 'C', reason: 'x', setAt: null, setBy: null } })),
      'operators.list': () => ok([]),
      'opsboard.summary': () => ok({ state: governanceState(), recentDecisions: [], openAlerts: [], decisionsToday: {}, activeSession: null, pendingApprovals: 0, alertGroups: [], shopping: { open: 0, estTotalMinor: 0, awaitingApproval: 0, top: [] }, billsDue: [], unreadNotifications: 0, expiringSoon: { asOf: '2026-11-21', withinDays: 7, total: 0, expired: 0, lots: [] }, automations: { auto: ['needs_shopping'], tripped: [], openRecommendations: 0 } }),
    });
    render(<App store={createAppStore({ api })} />);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(within(nav).getByRole('list')).getAllByRole('button').map((b) => b.textContent)).toEqual(['Ops board', 'Inventory', 'Import', 'Shopping', 'Automations', 'Schedule', 'Bills', 'Receipts', 'Ledger', 'Purchases', 'Approvals', 'Caps and bands', 'Playbooks', 'Sessions', 'Decisions', 'Audit log', 'Reports', 'Backups', 'Scheduler', 'Operators', 'Settings', 'About']);
    expect(await screen.findByText('Band C · conserve')).toBeTruthy();
    expect(await screen.findByText('No decisions yet')).toBeTruthy();
    expect(screen.getByText('No open alerts')).toBeTruthy();
  });
});
