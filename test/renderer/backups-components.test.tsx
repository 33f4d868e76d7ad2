// @vitest-environment jsdom
/**
 * The Backups screen in the DOM over the fake API: the folder, the last backup's age
 * against the threshold, the history; Back up now with progress; Restore… reads the file
 * first, refuses a short reason without sending, shows the engine's refusal (another
 * operator mid-action), and after a restore what changed; a typed path that is not a
 * backup shows the engine's message; roles that may not restore see no Restore….
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupsScreen } from '../../renderer/features/backups/BackupsScreen';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, governanceState, ok, uuid, type FakeApi } from './fake-api';
import { backup, backupPreview, backupStatus, deferred, refused, restoreResult } from './reports-fixtures';

afterEach(cleanup);

const operator = (role: string) => ({ id: uuid(), name: role === 'owner' ? 'Astrid' : 'Bo', role, hasPin: false, createdAt: '2026-11-21T09:00:00.000Z' });

function backupsApi(extra: Parameters<typeof fakeApi>[0] = {}, role = 'owner') {
  return fakeApi({
    'governance.state': () => ok(governanceState({ currentOperator: operator(role) })),
    'backup.status': () => ok(backupStatus()),
    'backup.inspect': () => ok(backupPreview()),
    ...extra,
  });
}

async function mount(api: FakeApi) {
  const store = createAppStore({ api });
  await store.getState().loadGovernance();
  render(
    <StoreProvider store={store}>
      <BackupsScreen />
    </StoreProvider>,
  );
  await screen.findByRole('region', { name: 'History' });
  return store;
}

describe('BackupsScreen', () => {
  it('shows the folder, the last backup’s age, the retention and the history', async () => {
    const store = await mount(backupsApi());
    expect((screen.getByLabelText('Folder') as HTMLInputElement).value).toBe('/media/backup');
    expect(screen.getByText('Up to date')).toBeTruthy();
    expect(screen.getByText('1.5 days ago')).toBeTruthy();
    expect(screen.getByText(/the newest backup of each of the last 7 days, 4 weeks and 12 months/)).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Backup history' })).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('Scheduled');
    expect(rows[1]?.textContent).toContain('#60');
    expect(rows[1]?.textContent).toContain('Verified');
    expect(within(rows[1]!).getByRole('button', { name: /^Restore…/ })).toBeTruthy();
    // a backup rotation removed cannot be restored
    expect(rows[2]?.textContent).toContain('by rotation');
    expect(within(rows[2]!).queryByRole('button')).toBeNull();
    store.dispose();
  });

  it('warns when the last backup is older than the health threshold', async () => {
    const store = await mount(backupsApi({ 'backup.status': () => ok(backupStatus({ ageDays: 9.25 })) }));
    expect(screen.getByText('Older than 7 days')).toBeTruthy();
    expect(screen.getByText(/Health turns yellow when the last verified backup is older than 7 days/)).toBeTruthy();
    store.dispose();
  });

  it('saves the folder through backup.configure and shows the engine’s refusal next to it', async () => {
    const api = backupsApi({ 'backup.configure': () => refused('invalid', 'the folder is not writable', { issues: [{ path: ['folder'], message: '/mnt/ro is not writable (EROFS)' }] }) });
    const store = await mount(api);
    fireEvent.change(screen.getByLabelText('Folder'), { target: { value: '/mnt/ro' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save folder' }));
    expect(await screen.findByText('/mnt/ro is not writable (EROFS)')).toBeTruthy();
    expect(api.callsOf('backup.configure')[0]).toMatchObject({ params: { folder: '/mnt/ro' }, mode: 'execute' });
    store.dispose();
  });

  it('backs up now with progress and says where the verified backup went', async () => {
    const running = deferred<ReturnType<typeof ok>>();
    const api = backupsApi({ 'backup.run': () => running.promise });
    const store = await mount(api);
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    const status = screen.getByRole('status', { name: 'Backup status' });
    act(() => api.emit('job.progress', { action: 'backup.run', phase: 'files', done: 2, total: 8, unit: 'items', ratePerSecond: 0 }));
    expect(within(status).getByRole('progressbar', { name: 'Backup progress' }).getAttribute('aria-valuenow')).toBe('25');
    expect(status.textContent).toContain('Copying stored files: 2 of 8 items');
    const written = backup({ kind: 'manual', path: '/media/backup/valhalla-backup_2026-12-02.zip', by: 'Astrid' });
    await act(async () => running.resolve(ok({ decision: decisionSummary({ action: 'backup.run' }), result: { ...written, rotatedOut: ['/media/backup/old.zip'] } })));
    expect(await within(status).findByText('Backed up and verified')).toBeTruthy();
    expect(status.textContent).toContain('/media/backup/valhalla-backup_2026-12-02.zip');
    expect(status.textContent).toContain('Rotation removed 1 older backup.');
    store.dispose();
  });

  it('cannot back up before a folder is chosen', async () => {
    const store = await mount(backupsApi({ 'backup.status': () => ok(backupStatus({ folder: null, last: null, ageDays: null, history: [] })) }));
    expect(screen.getByText('No backup folder')).toBeTruthy();
    expect(screen.getByText('No backups yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Back up now' })).toHaveProperty('disabled', true);
    store.dispose();
  });
});

describe('restoring a backup', () => {
  async function openDialog(api: FakeApi) {
    const store = await mount(api);
    const rows = within(screen.getByRole('table', { name: 'Backup history' })).getAllByRole('row');
    fireEvent.click(within(rows[1]!).getByRole('button', { name: /^Restore…/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore a backup' });
    await within(dialog).findByRole('region', { name: 'The backup' });
    return { store, dialog };
  }

  it('shows what the file holds, and a reason under 3 characters is refused without sending', async () => {
    const api = backupsApi();
    const { store, dialog } = await openDialog(api);
    expect(api.callsOf('backup.inspect')[0]?.params).toEqual({ path: '/media/backup/valhalla-backup_2026-12-01.zip' });
    const held = within(dialog).getByRole('region', { name: 'The backup' });
    expect(held.textContent).toContain('database schema 12');
    expect(held.textContent).toContain('#60');
    expect(held.textContent).toContain('This installation');
    expect(within(held).getByRole('list', { name: 'What the backup holds' }).textContent).toContain('Audit events55');
    expect(within(dialog).getByRole('note').textContent).toContain('The current state is backed up first');

    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'ok' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore this backup' }));
    expect(await within(dialog).findByText('give a reason of at least 3 characters')).toBeTruthy();
    expect(within(dialog).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(api.callsOf('backup.restore')).toEqual([]);
    store.dispose();
  });

  it('shows the engine’s refusal while another operator is mid-action, and stays open', async () => {
    const api = backupsApi({ 'backup.restore': () => refused('conflict', 'another long action (an import, export or backup) is in progress: restore when it has finished') });
    const { store, dialog } = await openDialog(api);
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Disk replaced' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore this backup' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Conflict');
    expect(alert.textContent).toContain('another long action (an import, export or backup) is in progress: restore when it has finished');
    expect(screen.getByRole('dialog', { name: 'Restore a backup' })).toBe(dialog);
    store.dispose();
  });

  it('restores with the reason, then shows heads and counts before and after and refreshes', async () => {
    const api = backupsApi({ 'backup.restore': () => ok({ decision: decisionSummary({ action: 'backup.restore' }), result: restoreResult() }) });
    const { store, dialog } = await openDialog(api);
    const statusCalls = api.callsOf('backup.status').length;
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: ' Disk replaced ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore this backup' }));
    const outcome = await within(dialog).findByRole('region', { name: 'Restore result' });
    expect(api.callsOf('backup.restore')[0]).toMatchObject({ params: { path: '/media/backup/valhalla-backup_2026-12-01.zip', reason: 'Disk replaced' }, mode: 'execute' });
    const rows = within(outcome).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toContain('Chain head#90#62');
    expect(rows).toContain('Audit events9057');
    expect(outcome.textContent).toContain('/media/backup/valhalla-backup_2026-12-03_pre-restore.zip');
    await waitFor(() => expect(api.callsOf('backup.status').length).toBeGreaterThan(statusCalls));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    store.dispose();
  });

  it('restores from a typed path: a file that is not a backup shows the engine’s message', async () => {
    const api = backupsApi({ 'backup.inspect': () => refused('invalid', '/tmp/photo.jpg is not a Valhalla backup (no manifest.json)') });
    const store = await mount(api);
    fireEvent.click(screen.getByRole('button', { name: 'Restore from file…' }));
    expect(await screen.findByText('This field is required')).toBeTruthy();
    expect(api.callsOf('backup.inspect')).toEqual([]);
    fireEvent.change(screen.getByLabelText('Backup file'), { target: { value: '/tmp/photo.jpg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Restore from file…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore a backup' });
    expect(await within(dialog).findByText('/tmp/photo.jpg is not a Valhalla backup (no manifest.json)')).toBeTruthy();
    expect(within(dialog).queryByLabelText('Reason')).toBeNull();
    store.dispose();
  });

  it('offers no restore to a role that may not restore', async () => {
    const store = await mount(backupsApi({}, 'bookkeeper'));
    expect(screen.queryByRole('button', { name: /^Restore…/ })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Restore from a file' })).toBeNull();
    expect(screen.queryByLabelText('Folder')).toBeNull();
    expect(screen.getByRole('button', { name: 'Back up now' })).toBeTruthy();
    store.dispose();
  });
});
