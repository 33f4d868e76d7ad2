// @vitest-environment jsdom
/**
 * The Reports screen in the DOM over the fake API: the export form starts on last month
 * with its preview; a range that ends before it starts names the To field and previews
 * nothing; an export shows its progress, then the path and SHA-256 to copy; a refused
 * export shows the engine's message; the Verify tab shows a tampered bundle's verdict,
 * files and problems; a listed bundle verifies by its path.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportsScreen } from '../../renderer/features/reports/ReportsScreen';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, uuid, type FakeApi } from './fake-api';
import { counts, deferred, refused, report, tampered, verification } from './reports-fixtures';

beforeEach(() => {
  // only Date: the screen's default range is "last month" of this day; timers stay real
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-02T10:00:00.000Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const sessionId = uuid();
const session = {
  id: sessionId,
  status: 'ended',
  startedAt: '2026-11-12T09:00:00.000Z',
  startedBy: 'Astrid',
  startedById: null,
  startNotes: null,
  endedAt: '2026-11-12T11:00:00.000Z',
  endedBy: 'Astrid',
  endedById: null,
  endNotes: null,
  snapshot: null,
  summary: null,
  summaryLive: false,
};

function reportsApi(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'governance.state': () => ok(governanceState()),
    'reports.preview': () => ok(counts()),
    'reports.list': () => ok([report()]),
    'sessions.list': () => ok({ items: [session], nextCursor: null }),
    ...extra,
  });
}

async function mount(api: FakeApi) {
  const store = createAppStore({ api });
  await store.getState().loadGovernance();
  render(
    <StoreProvider store={store}>
      <ReportsScreen />
    </StoreProvider>,
  );
  return store;
}

describe('ReportsScreen: export', () => {
  it('starts on last calendar month and shows what the bundle will hold', async () => {
    const api = reportsApi();
    const store = await mount(api);
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-11-01');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2026-11-30');
    const figures = await screen.findByRole('list', { name: 'What the bundle will hold' });
    expect(figures.textContent).toContain('Decisions42');
    expect(figures.textContent).toContain('Event sequence#12–#68');
    expect(figures.textContent).toContain('Attachment size2.4 MB');
    // the session picker lists the session of the range
    const picker = screen.getByLabelText('Work session') as HTMLSelectElement;
    await waitFor(() => expect(picker.options).toHaveLength(2));
    fireEvent.change(picker, { target: { value: sessionId } });
    await waitFor(() => expect(api.callsOf('reports.preview').at(-1)?.params).toEqual({ from: '2026-11-01', to: '2026-11-30', sessionId }));
    store.dispose();
  });

  it('names the To field when it is before From, previews nothing and cannot export', async () => {
    const api = reportsApi();
    const store = await mount(api);
    await screen.findByRole('list', { name: 'What the bundle will hold' });
    const previews = api.callsOf('reports.preview').length;
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-10-15' } });
    expect(await screen.findByText('from must not be after to')).toBeTruthy();
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Correct the dates to see what the bundle will hold.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export bundle' })).toHaveProperty('disabled', true);
    fireEvent.submit(screen.getByRole('form', { name: 'Export an audit report' }));
    expect(api.callsOf('reports.preview')).toHaveLength(previews);
    expect(api.callsOf('reports.exportAudit')).toEqual([]);
    store.dispose();
  });

  it('exports with progress, then shows the path and the SHA-256 to copy', async () => {
    const running = deferred<ReturnType<typeof ok>>();
    const api = reportsApi({ 'reports.exportAudit': () => running.promise });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const store = await mount(api);
    await screen.findByRole('list', { name: 'What the bundle will hold' });
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }));
    const status = screen.getByRole('status', { name: 'Export status' });
    act(() => api.emit('job.progress', { action: 'reports.exportAudit', phase: 'audit events', done: 40, total: 114, unit: 'rows', ratePerSecond: 2000 }));
    const bar = within(status).getByRole('progressbar', { name: 'Export progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('35');
    expect(status.textContent).toContain('Writing audit events: 40 of 114 rows');
    await act(async () => running.resolve(ok({ decision: decisionSummary({ action: 'reports.exportAudit' }), result: report() })));
    const result = await within(status).findByRole('region', { name: 'Exported bundle' });
    expect(result.textContent).toContain('/data/reports/audit-report_2026-11-01_2026-11-30_2026-12-02T09-00-00-000Z.zip');
    expect(result.textContent).toContain('d'.repeat(64));
    expect(result.textContent).toContain('1.3 MB');
    fireEvent.click(within(result).getByRole('button', { name: 'Copy SHA-256' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('d'.repeat(64)));
    expect(await within(result).findByText('Copied')).toBeTruthy();
    fireEvent.click(within(result).getByRole('button', { name: 'Copy path' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(report().path));
    store.dispose();
  });

  it('shows the engine’s message when an export is refused', async () => {
    const api = reportsApi({
      'reports.exportAudit': () => refused('invalid', 'the bundle could not be written to /data/reports: the disk is full (ENOSPC); no file was left'),
    });
    const store = await mount(api);
    await screen.findByRole('list', { name: 'What the bundle will hold' });
    fireEvent.click(screen.getByRole('button', { name: 'Export bundle' }));
    const alert = await within(screen.getByRole('status', { name: 'Export status' })).findByRole('alert');
    expect(alert.textContent).toContain('the bundle could not be written to /data/reports: the disk is full (ENOSPC); no file was left');
    expect(screen.getByRole('button', { name: 'Clear result' })).toBeTruthy();
    store.dispose();
  });

  it('lists the exported bundles, and Verify checks one by its path in the Verify tab', async () => {
    const api = reportsApi({ 'reports.verify': () => ok(verification()) });
    const store = await mount(api);
    const table = await screen.findByRole('table', { name: 'Exported bundles' });
    const name = 'audit-report_2026-11-01_2026-11-30_2026-12-02T09-00-00-000Z.zip';
    expect(within(table).getByText(name)).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: `Verify ${name}` }));
    expect(await screen.findByText('Intact')).toBeTruthy();
    expect(api.callsOf('reports.verify')[0]?.params).toEqual({ path: report().path, againstDatabase: true });
    expect(screen.getByRole('button', { name: 'Verify a bundle' }).getAttribute('aria-pressed')).toBe('true');
    store.dispose();
  });

  it('says so when no bundle was exported yet', async () => {
    const store = await mount(reportsApi({ 'reports.list': () => ok([]) }));
    expect(await screen.findByText('No bundles exported yet')).toBeTruthy();
    store.dispose();
  });
});

describe('ReportsScreen: verify', () => {
  it('stages a picked zip, verifies it against the database, and shows a tampered verdict with its problems', async () => {
    const api = reportsApi({ 'reports.verify': () => ok(tampered()) });
    Object.assign(api, { stageFile: async (file: File) => ok({ sha256: '9'.repeat(64), size: file.size, name: file.name }) });
    const store = await mount(api);
    fireEvent.click(screen.getByRole('button', { name: 'Verify a bundle' }));
    expect(screen.getByText('No bundle checked yet')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Bundle file (.zip)'), { target: { files: [new File(['PK'], 'november.zip', { type: 'application/zip' })] } });
    const verdict = await screen.findByRole('alert');
    expect(verdict.textContent).toContain('Tampered');
    expect(verdict.textContent).toContain('The bundle was changed after it was signed');
    expect(api.callsOf('reports.verify')[0]?.params).toEqual({ fileSha256: '9'.repeat(64), againstDatabase: true });

    const files = screen.getByRole('table', { name: 'Files in the bundle' });
    expect(within(files).getAllByRole('row').map((r) => r.textContent)).toEqual(['FileSizeStatus', 'report.pdf52 KBOK', 'audit-events.csv30 KBChanged']);
    const problems = screen.getByRole('table', { name: 'Problems found' });
    expect(within(problems).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'FileRowEvent seqProblem',
      'audit-events.csv4#15the event’s hash does not match its content',
      'audit-events.csv——SHA-256 differs from the manifest',
    ]);
    expect(screen.getByText('…and 3 more not listed.')).toBeTruthy();
    expect(screen.getByText('november.zip (picked file)')).toBeTruthy();
    store.dispose();
  });

  it('shows a file that is not a bundle, and the engine’s message when verification fails', async () => {
    const api = reportsApi({ 'reports.verify': () => ok(verification({ status: 'not_a_bundle', message: 'not a zip file', signature: { valid: false, fingerprint: null, sameInstallation: null }, range: null, files: [], chainHead: null, eventsChecked: 0 })) });
    const store = await mount(api);
    fireEvent.click(screen.getByRole('button', { name: 'Verify a bundle' }));
    fireEvent.change(screen.getByLabelText('Or its path on the engine’s machine'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify path' }));
    expect(await screen.findByText('This field is required')).toBeTruthy();
    expect(api.callsOf('reports.verify')).toEqual([]);

    fireEvent.change(screen.getByLabelText('Or its path on the engine’s machine'), { target: { value: '/tmp/notes.txt' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify path' }));
    expect(await screen.findByText('Not a bundle')).toBeTruthy();
    expect(screen.getByText('not a zip file')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Files in the bundle' })).toBeNull();

    api.answer('reports.verify', () => refused('not_found', 'no file at /tmp/gone.zip'));
    fireEvent.change(screen.getByLabelText('Or its path on the engine’s machine'), { target: { value: '/tmp/gone.zip' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify path' }));
    expect(await screen.findByText('no file at /tmp/gone.zip')).toBeTruthy();
    expect(screen.getByText('The bundle could not be checked')).toBeTruthy();
    store.dispose();
  });
});
