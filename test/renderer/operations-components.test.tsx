// @vitest-environment jsdom
/**
 * The Scheduler and About screens, the audit screen's anchor check, and a playbook step
 * that takes a report bundle as evidence, in the DOM over the fake API.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { playbookRunSchema, type PlaybookRun } from '../../shared/contract';
import { AboutScreen } from '../../renderer/features/about/AboutScreen';
import { AuditScreen } from '../../renderer/features/audit/AuditScreen';
import { CurrentStep } from '../../renderer/features/playbooks/CurrentStep';
import { SchedulerScreen } from '../../renderer/features/scheduler/SchedulerScreen';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, uuid, type FakeApi } from './fake-api';
import { job, refused, report } from './reports-fixtures';

afterEach(() => {
  cleanup();
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
});

async function mount(ui: ReactNode, api: FakeApi) {
  const store = createAppStore({ api });
  await store.getState().loadGovernance();
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

describe('SchedulerScreen', () => {
  it('lists each job with its cron, next run in the household time zone, and its last run', async () => {
    const decisionId = uuid();
    const api = fakeApi({
      'governance.state': () => ok(governanceState({ timeZone: 'Europe/Berlin' })),
      'scheduler.jobs': () =>
        ok([
          job({ lastRun: { scheduledFor: '2026-12-02T01:00:00.000Z', status: 'refused', decisionId, message: 'no backup folder is set', finishedAt: '2026-12-02T01:00:01.000Z' } }),
          job({ name: 'hourly-health', cron: '0 * * * *', action: 'governance.checkHealth', summary: 'Recompute health.', nextRunAt: '2026-12-02T11:00:00.000Z' }),
        ]),
      'decisions.get': () => ok({ ...decisionSummary({ id: decisionId }), gates: [], params: {}, result: null }),
    });
    const store = await mount(<SchedulerScreen />, api);
    const table = await screen.findByRole('table', { name: 'Scheduled jobs' });
    const rows = within(table).getAllByRole('row');
    // 02:00 UTC is 03:00 in Berlin in December
    expect(rows[1]?.textContent).toContain('3 Dec 2026, 03:00:00');
    expect(rows[1]?.textContent).toContain('0 2 * * *');
    expect(rows[1]?.textContent).toContain('Refused');
    expect(rows[1]?.textContent).toContain('no backup folder is set');
    expect(rows[2]?.textContent).toContain('Not run yet');
    expect(screen.getByText(/Times in Europe\/Berlin/)).toBeTruthy();
    fireEvent.click(within(rows[1]!).getByRole('button', { name: /^Decision …/ }));
    expect(store.getState().route).toBe('decisions');
    await waitFor(() => expect(store.getState().selectedDecisionId).toBe(decisionId));
    store.dispose();
  });

  it('shows the engine’s message when the jobs cannot be read', async () => {
    const store = await mount(<SchedulerScreen />, fakeApi({ 'governance.state': () => ok(governanceState()), 'scheduler.jobs': () => refused('forbidden', 'a guest may not read the scheduler') }));
    expect(await screen.findByText('a guest may not read the scheduler')).toBeTruthy();
    store.dispose();
  });
});

describe('AboutScreen', () => {
  const fingerprint = Array.from({ length: 16 }, (_, i) => `${i.toString(16)}a0${i.toString(16)}`).join(' ');
  const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';

  it('shows the algorithm, the fingerprint in groups, where the private key is, and the PEM', async () => {
    const api = fakeApi({ 'governance.state': () => ok(governanceState()), 'installation.key': () => ok({ algorithm: 'Ed25519', publicKeyPem: pem, fingerprint, storage: 'file' }) });
    const store = await mount(<AboutScreen />, api);
    const card = await screen.findByRole('region', { name: 'Installation key' });
    expect(card.textContent).toContain('Ed25519');
    expect(card.textContent).toContain('0a00 1a01 2a02 3a03 4a04 5a05 6a06 7a07 8a08 9a09 aa0a ba0b ca0c da0d ea0e fa0f');
    expect(card.textContent).toContain('mode 0600');
    expect(card.textContent).toContain('MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=');
    store.dispose();
  });

  it('offers the text to copy by hand when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true });
    const api = fakeApi({ 'governance.state': () => ok(governanceState()), 'installation.key': () => ok({ algorithm: 'Ed25519', publicKeyPem: pem, fingerprint, storage: 'safeStorage' }) });
    const store = await mount(<AboutScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Copy public key' }));
    const field = (await screen.findByLabelText('Copy public key: the text to copy')) as HTMLInputElement;
    expect(field.value).toBe(pem);
    expect(screen.getByText(/The clipboard refused/)).toBeTruthy();
    expect(screen.getByText(/safeStorage/)).toBeTruthy();
    store.dispose();
  });
});

describe('AuditScreen: the anchor check', () => {
  const chain = { ok: true, checked: 120, head: { seq: 120, hash: 'a'.repeat(64) }, firstBadSeq: null };
  const anchor = { kind: 'backup', seq: 130, hash: 'b'.repeat(64), at: '2026-12-01T02:00:00.000Z', note: 'valhalla-backup_2026-12-01.zip' };

  function auditApi(check: Record<string, unknown>) {
    return fakeApi({
      'governance.state': () => ok(governanceState()),
      'audit.list': () => ok({ items: [], nextCursor: null }),
      'operators.list': () => ok([]),
      'audit.verify': () => ok({ ...chain, anchor: check }),
    });
  }

  it('shows a cut tail as tampering, with the anchor compared with', async () => {
    const store = await mount(
      <AuditScreen />,
      auditApi({ status: 'tampered', anchor, source: 'anchors file', message: 'the chain ends at #120 but #130 was anchored: events were removed', gaps: [] }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    const check = await screen.findByRole('region', { name: 'Anchor check' });
    expect(within(check).getByText('Anchor: tampered')).toBeTruthy();
    expect(within(check).getByRole('alert').textContent).toContain('the chain ends at #120 but #130 was anchored: events were removed');
    expect(check.textContent).toContain('#130');
    expect(check.textContent).toContain('anchors file');
    expect(check.textContent).toContain('a backup');
    expect(screen.getByText('Hashes link up, but the anchor disagrees')).toBeTruthy();
    store.dispose();
  });

  it('shows a matching anchor as ok, and a missing anchors file as a warning with its restarts', async () => {
    const api = auditApi({ status: 'ok', anchor: { ...anchor, kind: 'head', seq: 120 }, source: 'anchors file', message: 'The chain matches its latest anchor (#120).', gaps: [] });
    const store = await mount(<AuditScreen />, api);
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByText('Anchor matches')).toBeTruthy();
    expect(screen.getByText('Chain intact')).toBeTruthy();
    expect(screen.queryByText('The chain does not match its anchor')).toBeNull();

    api.answer('audit.verify', () =>
      ok({ ...chain, anchor: { status: 'missing', anchor: null, source: null, message: 'No anchors file was found: the chain’s end cannot be checked.', gaps: [{ ...anchor, kind: 'gap', seq: 90, note: 'file was missing' }] } }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByText('Anchor file missing')).toBeTruthy();
    expect(screen.getByText(/started again once/)).toBeTruthy();
    expect(screen.getByText(/at #90 — file was missing/)).toBeTruthy();
    store.dispose();
  });
});

describe('a playbook step that takes a report bundle', () => {
  function monthEndRun(): PlaybookRun {
    return playbookRunSchema.parse({
      id: uuid(),
      key: 'month-end',
      version: 1,
      title: 'Month-end close',
      builtin: true,
      status: 'active',
      startedAt: '2026-12-02T09:00:00.000Z',
      startedBy: 'Astrid',
      startedById: null,
      sessionId: null,
      endedAt: null,
      endedBy: null,
      abandonReason: null,
      progress: { done: 2, skipped: 0, total: 3 },
      currentStepKey: 'export',
      currentStepTitle: 'Export the audit report',
      description: '',
      steps: [
        {
          key: 'export',
          title: 'Export the audit report',
          instructions: 'Export last month’s bundle.',
          minBand: null,
          redBlocks: true,
          evidence: null,
          approval: false,
          link: 'reports',
          effect: null,
          position: 3,
          requiredEvidence: ['bundle'],
          status: 'todo',
          current: true,
          blockedBy: [],
          by: null,
          byId: null,
          at: null,
          skipReason: null,
          decisionId: null,
        },
      ],
    });
  }

  it('takes the newest bundle’s SHA-256 and completes the step with it', async () => {
    const run = monthEndRun();
    const api = fakeApi({
      'governance.state': () => ok(governanceState()),
      'reports.list': () => ok([report()]),
      'playbooks.completeStep': () => refused('invalid', 'Invalid params', { issues: [{ path: ['evidence', 'bundleSha256'], message: 'no bundle with this SHA-256 was exported here' }] }),
    });
    const store = createAppStore({ api });
    await store.getState().loadGovernance();
    store.setState({ runDetail: { data: run, status: 'ready', error: null } });
    render(
      <StoreProvider store={store}>
        <CurrentStep run={run} step={run.steps[0]!} />
      </StoreProvider>,
    );
    const field = screen.getByLabelText('Report bundle SHA-256') as HTMLInputElement;
    fireEvent.click(await screen.findByRole('button', { name: /^Use the newest bundle/ }));
    expect(field.value).toBe('d'.repeat(64));
    expect(screen.queryByRole('button', { name: /^Use the newest bundle/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Complete step' }));
    await waitFor(() => expect(api.callsOf('playbooks.completeStep')).toHaveLength(1));
    expect(api.callsOf('playbooks.completeStep')[0]?.params).toEqual({ runId: run.id, stepKey: 'export', evidence: { bundleSha256: 'd'.repeat(64) } });
    expect(await screen.findByText('no bundle with this SHA-256 was exported here')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Go to Reports →' }));
    expect(store.getState().route).toBe('reports');
    store.dispose();
  });
});
