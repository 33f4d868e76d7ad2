// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalsScreen } from '../../renderer/features/spending/ApprovalsScreen';
import { CapsScreen } from '../../renderer/features/spending/CapsScreen';
import { ExecuteDialog } from '../../renderer/features/spending/ExecuteDialog';
import { PurchasesScreen } from '../../renderer/features/spending/PurchasesScreen';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, uuid, type FakeApi } from './fake-api';
import { approval, assessment, capUsage, purchase } from './spending-fixtures';

afterEach(cleanup);

/** Mounts `ui` over a store whose governance state (current operator, band) is loaded. */
async function mount(ui: ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  await store.getState().loadGovernance();
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

const operator = (role: string) => ({ id: uuid(), name: role === 'owner' ? 'Astrid' : 'Ann', role, hasPin: false, createdAt: '2026-11-21T09:00:00.000Z' });

function approvalsApi(role: string, extra: Parameters<typeof fakeApi>[0] = {}) {
  const pending = approval({ requestedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  const api = fakeApi({
    'governance.state': () => ok(governanceState({ currentOperator: operator(role) })),
    'approvals.list': () => ok([pending]),
    'approvals.get': () => ok({ ...pending, decisions: [] }),
    ...extra,
  });
  return { api, pending };
}

describe('ApprovalsScreen', () => {
  it('lists a pending request with amount, risk, requester and age, and shows the keyboard hints', async () => {
    const { api } = approvalsApi('approver');
    await mount(<ApprovalsScreen />, api);
    const inbox = await screen.findByRole('listbox', { name: 'Approvals inbox' });
    const option = within(inbox).getByRole('option');
    expect(option.textContent).toContain('€260.00');
    expect(option.textContent).toContain('Risk YELLOW');
    expect(option.textContent).toContain('by Bob');
    expect(option.textContent).toContain('waiting 3 h');
    expect(screen.getByRole('list', { name: 'Inbox shortcuts' }).textContent).toMatch(/A\s*approve.*D\s*deny/);
  });

  it('approves from the keyboard: focus selects the first, A asks for a note, Enter sends it', async () => {
    const { api, pending } = approvalsApi('approver', {
      'approvals.decide': () => ok({ decision: decisionSummary({ action: 'approvals.decide' }), result: approval({ status: 'approved' }) }),
    });
    await mount(<ApprovalsScreen />, api);
    const inbox = await screen.findByRole('listbox', { name: 'Approvals inbox' });
    act(() => within(inbox).getAllByRole('option')[0]!.focus());
    await waitFor(() => expect(within(inbox).getByRole('option').getAttribute('aria-selected')).toBe('true'));
    expect(await screen.findByRole('region', { name: 'Approval: Espresso machine' })).toBeTruthy();
    fireEvent.keyDown(inbox, { key: 'a' });
    const dialog = await screen.findByRole('dialog', { name: 'Approve: Espresso machine' });
    fireEvent.change(within(dialog).getByLabelText('Note'), { target: { value: 'worth it' } });
    fireEvent.submit(within(dialog).getByLabelText('Note').closest('form')!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsOf('approvals.decide')).toEqual([
      { kind: 'dispatch', name: 'approvals.decide', params: { approvalId: pending.id, decision: 'approve', note: 'worth it' }, mode: 'execute' },
    ]);
  });

  it('D denies; a refusal (separation of duties) stays in the dialog with its reason', async () => {
    const { api } = approvalsApi('owner', {
      'approvals.decide': () => ({
        ok: false,
        error: { code: 'forbidden', message: 'separation of duties: a requester may not decide its own request (an owner may, with "single operator" on)' },
      }),
    });
    await mount(<ApprovalsScreen />, api);
    const inbox = await screen.findByRole('listbox', { name: 'Approvals inbox' });
    act(() => within(inbox).getAllByRole('option')[0]!.focus());
    fireEvent.keyDown(inbox, { key: 'D' });
    const dialog = await screen.findByRole('dialog', { name: 'Deny: Espresso machine' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deny' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Not allowed');
    expect(alert.textContent).toContain('separation of duties');
    expect(api.callsOf('approvals.decide')[0]?.params).toMatchObject({ decision: 'deny' });
  });

  it('a role that may not decide gets no A / D, and is told why', async () => {
    const { api } = approvalsApi('buyer');
    await mount(<ApprovalsScreen />, api);
    const inbox = await screen.findByRole('listbox', { name: 'Approvals inbox' });
    expect(screen.getByText('Your role (buyer) may not decide approvals.')).toBeTruthy();
    act(() => within(inbox).getAllByRole('option')[0]!.focus());
    fireEvent.keyDown(inbox, { key: 'a' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when nothing waits for a decision', async () => {
    const api = fakeApi({ 'governance.state': () => ok(governanceState()), 'approvals.list': () => ok([]) });
    await mount(<ApprovalsScreen />, api);
    expect(await screen.findByText('Nothing waits for a decision')).toBeTruthy();
  });
});

describe('ExecuteDialog', () => {
  it('shows the engine’s assessment first, then the refusal with the blocking gate’s reason', async () => {
    const p = purchase({ status: 'APPROVED', title: 'Espresso machine', amountMinor: 26000, approvalId: uuid() });
    const reason = 'would break the GLOBAL daily spend cap: €0.00 used + €260.00 > €200.00';
    const api = fakeApi({
      'governance.state': () => ok(governanceState()),
      'governance.assess': () =>
        ok(assessment({ wouldBe: 'BLOCKED', riskBucket: 'RED', gates: [{ gate: 'approval', verdict: 'pass', reason: 'approved by Ann' }, { gate: 'caps', verdict: 'block', reason }] })),
      'purchases.execute': () => ({ ok: false, error: { code: 'blocked', message: reason, details: { decision: { id: uuid(), gates: [{ gate: 'caps', verdict: 'block', reason }] } } } }),
    });
    let closed = 0;
    await mount(<ExecuteDialog purchase={p} onClose={() => (closed += 1)} />, api);
    const dialog = screen.getByRole('dialog', { name: 'Execute: Espresso machine' });
    const assessed = within(dialog).getByRole('region', { name: 'Engine assessment' });
    await within(assessed).findByText('Would be blocked');
    expect(within(assessed).getByText('Risk RED')).toBeTruthy();
    expect(within(assessed).getByRole('table', { name: 'Assessed gate verdicts' }).textContent).toContain(reason);
    expect(api.callsOf('governance.assess')[0]?.params).toEqual({ action: 'purchases.execute', params: { id: p.id } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Try to execute' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Blocked');
    expect(within(alert).getByRole('list', { name: 'Gate verdicts' }).textContent).toContain(reason);
    expect(closed).toBe(0);
  });
});

describe('CapsScreen', () => {
  const bands = {
    bands: [
      { band: 'A', approvalThresholdMinor: 50000, allowedCategories: null, updatedAt: null, updatedBy: null },
      { band: 'B', approvalThresholdMinor: 20000, allowedCategories: null, updatedAt: null, updatedBy: null },
      { band: 'C', approvalThresholdMinor: 5000, allowedCategories: null, updatedAt: null, updatedBy: null },
      { band: 'D', approvalThresholdMinor: null, allowedCategories: ['Groceries'], updatedAt: '2026-11-21T09:00:00.000Z', updatedBy: 'Astrid' },
    ],
    suggestedBand: 'C',
    suggestedReason: 'runway 40 days',
  };
  const capsApi = (role: string) =>
    fakeApi({
      'governance.state': () => ok(governanceState({ currentOperator: operator(role) })),
      'caps.usage': () => ok({ day: '2026-11-21', scopes: [capUsage({ spentMinor: 85000, count: 3, utilisation: 0.85 }), capUsage({ scope: 'Kitchen', dailySpendCapMinor: 9000, dailyCountCap: null, dailyLossCapMinor: null })] }),
      'governance.bandPolicies': () => ok(bands),
    });

  it('shows each scope’s bars with their level, the bands with the current one marked and the suggestion', async () => {
    await mount(<CapsScreen />, capsApi('owner'));
    const global = await screen.findByRole('region', { name: 'GLOBAL caps' });
    expect(within(global).getByRole('meter', { name: 'GLOBAL spend today' }).getAttribute('aria-valuetext')).toBe('€850.00 of €1,000.00 (85 %)');
    expect(within(global).getByText('85 % · over 80 %')).toBeTruthy();
    const kitchen = screen.getByRole('region', { name: 'Kitchen caps' });
    expect(within(kitchen).getByRole('meter', { name: 'Kitchen spends today' }).getAttribute('aria-valuetext')).toBe('0, no cap');
    const table = await screen.findByRole('table', { name: 'Band policies' });
    const current = table.querySelector('tr[aria-current="true"]');
    expect(current?.textContent).toContain('B · steady');
    expect(within(table).getAllByRole('row')[4]?.textContent).toContain('Groceries');
    expect(screen.getByText('runway 40 days')).toBeTruthy();
    expect(screen.getByText('differs from the current band')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit GLOBAL policy' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Override GLOBAL cap for today' })).toBeTruthy();
  });

  it('saves a policy with a reason; an empty cap means no cap', async () => {
    const api = capsApi('owner');
    api.answer('caps.setPolicy', () => ok({ decision: decisionSummary({ action: 'caps.setPolicy' }), result: { scope: 'GLOBAL', dailySpendCapMinor: 20000, dailyCountCap: null, dailyLossCapMinor: 25000 } }));
    await mount(<CapsScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit GLOBAL policy' }));
    const dialog = screen.getByRole('dialog', { name: 'Cap policy: GLOBAL' });
    fireEvent.change(within(dialog).getByLabelText('Daily spend cap (EUR)'), { target: { value: '200' } });
    fireEvent.change(within(dialog).getByLabelText('Daily spends (count)'), { target: { value: '' } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Tight week' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsOf('caps.setPolicy')[0]?.params).toEqual({ scope: 'GLOBAL', dailySpendCapMinor: 20000, dailyCountCap: null, dailyLossCapMinor: 25000, reason: 'Tight week' });
  });

  it('is read-only for an approver', async () => {
    await mount(<CapsScreen />, capsApi('approver'));
    expect(await screen.findByText('Read-only: only an owner may change band policies.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Override/ })).toBeNull();
  });
});

describe('PurchasesScreen', () => {
  it('shows the board with each request’s amount and risk, and advances a ready one with one click', async () => {
    const ready = purchase({ title: 'Kettle', status: 'READY' });
    const held = purchase({
      title: 'Espresso machine',
      status: 'ASSESSED',
      amountMinor: 26000,
      riskBucket: 'YELLOW',
      approvalId: uuid(),
      history: [{ at: '2026-11-21T09:00:00.000Z', by: 'Bob', from: 'READY', to: 'ASSESSED', note: 'YELLOW: needs approval' }],
    });
    const api = fakeApi({
      'governance.state': () => ok(governanceState()),
      'purchases.list': () => ok([ready, held]),
      'caps.usage': () => ok({ day: '2026-11-21', scopes: [] }),
      'purchases.advance': () => ok({ decision: decisionSummary({ action: 'purchases.advance' }), result: { ...ready, status: 'ASSESSED' } }),
    });
    await mount(<PurchasesScreen />, api);
    const assessedColumn = await screen.findByRole('region', { name: 'Assessed' });
    const card = within(assessedColumn).getByRole('article', { name: 'Espresso machine' });
    expect(card.textContent).toContain('€260.00');
    expect(card.textContent).toContain('Risk YELLOW');
    expect(card.textContent).toContain('YELLOW: needs approval');
    expect(within(card).getByRole('button', { name: 'Open approval' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Approve' })).toBeNull();
    const readyCard = within(screen.getByRole('region', { name: 'Ready' })).getByRole('article', { name: 'Kettle' });
    expect(readyCard.textContent).toContain('Not assessed');
    fireEvent.click(within(readyCard).getByRole('button', { name: 'Assess' }));
    await waitFor(() => expect(api.callsOf('purchases.advance')).toHaveLength(1));
    expect(api.callsOf('purchases.advance')[0]?.params).toEqual({ id: ready.id, to: 'ASSESSED' });
  });

  it('N opens the new-request form, which checks the amount before sending', async () => {
    const api = fakeApi({ 'governance.state': () => ok(governanceState()), 'purchases.list': () => ok([]), 'caps.usage': () => ok({ day: '2026-11-21', scopes: [] }) });
    await mount(<PurchasesScreen />, api);
    expect(await screen.findByText('No purchase requests yet')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'n' });
    const dialog = await screen.findByRole('dialog', { name: 'New purchase request' });
    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: 'Espresso machine' } });
    fireEvent.change(within(dialog).getByLabelText('Amount (EUR)'), { target: { value: '260.005' } });
    fireEvent.change(within(dialog).getByLabelText('Category'), { target: { value: 'Kitchen' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    expect(await within(dialog).findByText('260.005 is ambiguous in en-US: write 260005, or 260.00 (at most 2 decimals)')).toBeTruthy();
    expect(api.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
  });
});
