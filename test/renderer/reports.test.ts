/**
 * Reports, backups, the scheduler and About in the renderer, without React: the slices'
 * actions over the fake API (what they send, what they keep, how progress is followed) and
 * the pure helpers and selectors the screens read.
 */
import { describe, expect, it } from 'vitest';
import { stepEvidenceInput } from '../../shared/contract';
import { fingerprintGroups } from '../../renderer/features/about/slice';
import { auditSelectors } from '../../renderer/features/audit/slice';
import { backupsSelectors } from '../../renderer/features/backups/slice';
import { ageText, countRows, freshnessView } from '../../renderer/features/backups/view';
import { evidenceFromValues } from '../../renderer/features/playbooks/CurrentStep';
import { SCREEN_ROUTES, screenLabel } from '../../renderer/features/playbooks/view';
import { reportFormErrors, reportsSelectors } from '../../renderer/features/reports/slice';
import { fileName, lastCalendarMonth, previewItems, seqRange, sessionsInRange } from '../../renderer/features/reports/view';
import { schedulerSelectors } from '../../renderer/features/scheduler/slice';
import { createAppStore } from '../../renderer/store/index';
import { decisionSummary, fakeApi, flush, governanceState, ok, uuid } from './fake-api';
import { backupPreview, backupStatus, counts, deferred, job, refused, report, restoreResult, tampered, verification } from './reports-fixtures';

const progress = (action: string, phase: string, done: number, total: number | null) => ({ action, phase, done, total, unit: 'rows', ratePerSecond: 1000 });

describe('the default report range', () => {
  it('is the calendar month before today', () => {
    expect(lastCalendarMonth('2026-12-05')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(lastCalendarMonth('2026-12-31')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
  it('reaches back over the new year and knows February’s length', () => {
    expect(lastCalendarMonth('2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(lastCalendarMonth('2028-03-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(lastCalendarMonth('2027-03-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });
  it('starts from the household day, not the system’s', async () => {
    const api = fakeApi({ 'governance.state': () => ok(governanceState({ timeZone: 'Pacific/Auckland' })), 'reports.preview': () => ok(counts()) });
    const store = createAppStore({ api });
    await store.getState().loadGovernance();
    // 30 Nov 12:00 UTC is already 1 December in Auckland
    store.getState().initReportForm(new Date('2026-11-30T12:00:00.000Z'));
    expect(store.getState().reportForm).toEqual({ from: '2026-11-01', to: '2026-11-30', sessionId: '' });
    await flush();
    expect(api.callsOf('reports.preview').map((c) => c.params)).toEqual([{ from: '2026-11-01', to: '2026-11-30' }]);
    store.dispose();
  });
});

describe('the export form', () => {
  it('names the To field when the range ends before it starts (the contract’s rule)', () => {
    expect(reportFormErrors({ from: '2026-11-30', to: '2026-11-01', sessionId: '' })).toEqual({ to: 'from must not be after to' });
    expect(reportFormErrors({ from: '', to: '2026-11-01', sessionId: '' })).toEqual({ from: 'Enter a date' });
    expect(reportFormErrors({ from: '2026-11-01', to: '2026-11-30', sessionId: '' })).toEqual({});
  });

  it('previews a valid range with the session, and stops previewing an invalid one', async () => {
    const api = fakeApi({ 'reports.preview': () => ok(counts()) });
    const store = createAppStore({ api });
    const sessionId = uuid();
    store.getState().setReportForm({ from: '2026-11-01', to: '2026-11-30', sessionId });
    await flush();
    expect(api.callsOf('reports.preview').at(-1)?.params).toEqual({ from: '2026-11-01', to: '2026-11-30', sessionId });
    expect(store.getState().reportPreview.data?.decisions).toBe(42);

    store.getState().setReportForm({ to: '2026-10-01' });
    await flush();
    expect(api.callsOf('reports.preview')).toHaveLength(1);
    expect(store.getState().reportFormErrors).toEqual({ to: 'from must not be after to' });
    expect(store.getState().reportPreview.status).toBe('idle');
    expect(reportsSelectors.formValid(store.getState())).toBe(false);
    store.dispose();
  });

  it('keeps only the answer to the latest range when previews overlap', async () => {
    const slow = deferred<ReturnType<typeof ok>>();
    const api = fakeApi({ 'reports.preview': (p) => ((p as { to: string }).to === '2026-11-30' ? slow.promise : ok(counts({ decisions: 7 }))) });
    const store = createAppStore({ api });
    store.getState().setReportForm({ from: '2026-11-01', to: '2026-11-30' });
    store.getState().setReportForm({ to: '2026-11-15' });
    await flush();
    slow.resolve(ok(counts({ decisions: 99 })));
    await flush();
    expect(store.getState().reportPreview.data?.decisions).toBe(7);
    store.dispose();
  });

  it('lists the sessions that overlap the range, and the chosen one whatever its dates', () => {
    const session = (id: string, startedAt: string, endedAt: string | null) => ({ id, startedAt, endedAt }) as Parameters<typeof sessionsInRange>[0][number];
    const sessions = [
      session('before', '2026-10-02T09:00:00.000Z', '2026-10-02T10:00:00.000Z'),
      session('into', '2026-10-31T22:00:00.000Z', '2026-11-01T01:00:00.000Z'),
      session('during', '2026-11-12T09:00:00.000Z', null),
      session('after', '2026-12-01T09:00:00.000Z', null),
    ];
    expect(sessionsInRange(sessions, '2026-11-01', '2026-11-30', 'UTC', '').map((s) => s.id)).toEqual(['into', 'during']);
    expect(sessionsInRange(sessions, '2026-11-01', '2026-11-30', 'UTC', 'after').map((s) => s.id)).toEqual(['into', 'during', 'after']);
    expect(sessionsInRange(sessions, '', '2026-11-30', 'UTC', '')).toHaveLength(4);
  });

  it('shows the preview’s figures with the sequence range and the attachments’ size', () => {
    const items = previewItems(counts());
    expect(items.map((i) => [i.label, i.value])).toEqual([
      ['Decisions', 42],
      ['Audit events', 57],
      ['Event sequence', '#12–#68'],
      ['Attachments', 3],
      ['Attachment size', '2.4 MB'],
      ['Approvals', 2],
      ['Sessions', 1],
      ['Playbook runs', 1],
    ]);
    expect(seqRange(null, null)).toBe('none');
    expect(seqRange(5, 5)).toBe('#5');
    expect(fileName('C:\\reports\\a.zip')).toBe('a.zip');
  });
});

describe('exporting a bundle', () => {
  it('dispatches in execute mode, follows its own progress only, then keeps the report', async () => {
    const running = deferred<ReturnType<typeof ok>>();
    const api = fakeApi({ 'reports.exportAudit': () => running.promise, 'reports.list': () => ok([]) });
    const store = createAppStore({ api });
    store.getState().setReportForm({ from: '2026-11-01', to: '2026-11-30' });
    const done = store.getState().exportReport();
    expect(reportsSelectors.exportBusy(store.getState())).toBe(true);
    api.emit('job.progress', progress('reports.exportAudit', 'audit events', 20, 114));
    api.emit('job.progress', progress('ledger.importStatement', 'rows', 5, 10));
    expect(store.getState().reportExport.progress).toMatchObject({ phase: 'audit events', done: 20, total: 114 });
    running.resolve(ok({ decision: decisionSummary({ action: 'reports.exportAudit' }), result: report() }));
    expect(await done).toBe(true);
    expect(api.callsOf('reports.exportAudit')).toEqual([{ kind: 'dispatch', name: 'reports.exportAudit', params: { from: '2026-11-01', to: '2026-11-30' }, mode: 'execute' }]);
    expect(store.getState().reportExport).toMatchObject({ status: 'done', report: { sha256: 'd'.repeat(64) } });
    // a late progress event of a finished export changes nothing
    api.emit('job.progress', progress('reports.exportAudit', 'attachments', 3, 3));
    expect(store.getState().reportExport.progress?.phase).toBe('audit events');
    expect(reportsSelectors.latestBundle(store.getState())?.sha256).toBe('d'.repeat(64));
    store.dispose();
  });

  it('sends nothing for an invalid range, and keeps the engine’s refusal with its field', async () => {
    const api = fakeApi({
      'reports.exportAudit': () => refused('not_found', 'no session 01a1fd6c-…', { issues: [{ path: ['sessionId'], message: 'no such session' }] }),
    });
    const store = createAppStore({ api });
    store.getState().setReportForm({ from: '2026-11-30', to: '2026-11-01' });
    expect(await store.getState().exportReport()).toBe(false);
    expect(api.callsOf('reports.exportAudit')).toEqual([]);

    store.getState().setReportForm({ to: '2026-12-01', sessionId: uuid() });
    expect(await store.getState().exportReport()).toBe(false);
    expect(store.getState().reportExport).toMatchObject({ status: 'failed', error: { code: 'not_found', message: 'no session 01a1fd6c-…' } });
    expect(store.getState().reportFormErrors).toEqual({ sessionId: 'no such session' });
    expect(store.getState().notice).toBeNull();
    store.dispose();
  });
});

describe('verifying a bundle', () => {
  it('stages a picked file and verifies it by its SHA-256, against the database', async () => {
    const api = fakeApi({ 'reports.verify': () => ok(tampered()) });
    Object.assign(api, { stageFile: async (file: File) => ok({ sha256: '9'.repeat(64), size: file.size, name: file.name }) });
    const store = createAppStore({ api });
    await store.getState().verifyBundleFile(new File(['PK'], 'bundle.zip'));
    expect(api.callsOf('reports.verify')[0]?.params).toEqual({ fileSha256: '9'.repeat(64), againstDatabase: true });
    expect(store.getState().bundleCheck).toMatchObject({ source: { kind: 'file', name: 'bundle.zip' }, staging: false, result: { status: 'ready', data: { status: 'tampered' } } });
    store.dispose();
  });

  it('shows why a file could not be staged, without verifying', async () => {
    const api = fakeApi();
    Object.assign(api, { stageFile: async () => refused('invalid', 'the file is larger than 512 MiB') });
    const store = createAppStore({ api });
    await store.getState().verifyBundleFile(new File(['x'], 'huge.zip'), false);
    expect(api.callsOf('reports.verify')).toEqual([]);
    expect(store.getState().bundleCheck.result).toEqual({ data: null, status: 'error', error: 'the file is larger than 512 MiB' });
    store.dispose();
  });

  it('verifies a listed bundle by its path and opens the Verify tab', async () => {
    const api = fakeApi({ 'reports.verify': () => ok(verification()) });
    const store = createAppStore({ api });
    await store.getState().verifyBundlePath('/data/reports/a.zip');
    expect(api.callsOf('reports.verify')[0]?.params).toEqual({ path: '/data/reports/a.zip', againstDatabase: true });
    expect(store.getState().reportsTab).toBe('verify');
    expect(store.getState().bundleCheck.result.data?.status).toBe('intact');
    store.dispose();
  });

  it('refetches the list when a bundle is recorded, and the preview on any change', async () => {
    const api = fakeApi({ 'reports.list': () => ok([report()]), 'reports.preview': () => ok(counts()) });
    const store = createAppStore({ api });
    await store.getState().loadReports();
    store.getState().setReportForm({ from: '2026-11-01', to: '2026-11-30' });
    await flush();
    api.emit('db.changed', { tables: ['inventory_items'] });
    await flush();
    expect(api.callsOf('reports.list')).toHaveLength(1);
    expect(api.callsOf('reports.preview')).toHaveLength(2);
    api.emit('db.changed', { tables: ['reports'] });
    await flush();
    expect(api.callsOf('reports.list')).toHaveLength(2);
    store.dispose();
  });
});

describe('backups', () => {
  it('says how fresh the last backup is against the health threshold', () => {
    expect(backupsSelectors.freshness(backupStatus())).toBe('fresh');
    expect(backupsSelectors.freshness(backupStatus({ ageDays: 7.2 }))).toBe('stale');
    expect(backupsSelectors.freshness(backupStatus({ ageDays: null, last: null }))).toBe('none');
    expect(backupsSelectors.freshness(backupStatus({ ageDays: null, last: null, folder: null }))).toBe('unconfigured');
    expect(freshnessView('stale', 7)).toEqual({ label: 'Older than 7 days', tone: 'warn' });
  });

  it('reads an age in minutes, hours, then days', () => {
    expect(ageText(0.0001)).toBe('just now');
    expect(ageText(10 / 1440)).toBe('10 minutes ago');
    expect(ageText(1 / 24)).toBe('1 hour ago');
    expect(ageText(0.5)).toBe('12 hours ago');
    expect(ageText(1)).toBe('1 day ago');
    expect(ageText(2.46)).toBe('2.5 days ago');
  });

  it('backs up now with progress, and keeps a refusal', async () => {
    const running = deferred<ReturnType<typeof ok>>();
    const api = fakeApi({ 'backup.run': () => running.promise, 'backup.status': () => ok(backupStatus()) });
    const store = createAppStore({ api });
    const done = store.getState().runBackup();
    api.emit('job.progress', progress('backup.run', 'database', 40, 100));
    expect(store.getState().backupRun.progress).toMatchObject({ phase: 'database', done: 40 });
    running.resolve(ok({ decision: decisionSummary({ action: 'backup.run' }), result: { ...backupStatus().history[0], rotatedOut: [] } }));
    expect(await done).toBe(true);
    expect(api.callsOf('backup.run')[0]).toMatchObject({ params: {}, mode: 'execute' });
    expect(store.getState().backupRun.status).toBe('done');

    api.answer('backup.run', () => refused('conflict', 'no backup folder is set: choose one in Backups first'));
    store.getState().resetBackupRun();
    expect(await store.getState().runBackup()).toBe(false);
    expect(store.getState().backupRun.error?.message).toBe('no backup folder is set: choose one in Backups first');
    store.dispose();
  });

  it('reads the file before a restore, refuses a short reason without sending, then restores', async () => {
    const api = fakeApi({ 'backup.inspect': () => ok(backupPreview()), 'backup.restore': () => ok({ decision: decisionSummary({ action: 'backup.restore' }), result: restoreResult() }), 'backup.status': () => ok(backupStatus()) });
    const store = createAppStore({ api });
    await store.getState().openRestore('/media/backup/valhalla-backup_2026-12-01.zip');
    expect(store.getState().restore.preview.data?.chainHead?.seq).toBe(60);

    expect(await store.getState().restoreBackup('no')).toBe(false);
    expect(store.getState().restore.fieldErrors).toEqual({ reason: 'give a reason of at least 3 characters' });
    expect(api.callsOf('backup.restore')).toEqual([]);

    expect(await store.getState().restoreBackup('  Disk replaced  ')).toBe(true);
    expect(api.callsOf('backup.restore')[0]).toMatchObject({ params: { path: '/media/backup/valhalla-backup_2026-12-01.zip', reason: 'Disk replaced' }, mode: 'execute' });
    expect(store.getState().restore.result?.after.chainHead?.seq).toBe(62);
    await flush();
    expect(api.callsOf('backup.status')).toHaveLength(1);
    store.getState().closeRestore();
    expect(store.getState().restore.path).toBeNull();
    store.dispose();
  });

  it('keeps the restore dialog open while it runs, with the restore’s own progress', async () => {
    const running = deferred<ReturnType<typeof ok>>();
    const api = fakeApi({ 'backup.inspect': () => ok(backupPreview()), 'backup.restore': () => running.promise });
    const store = createAppStore({ api });
    await store.getState().openRestore('/b.zip');
    const done = store.getState().restoreBackup('Disk replaced');
    api.emit('job.progress', progress('backup.restore', 'files', 1, 3));
    api.emit('job.progress', progress('backup.run', 'database', 9, 10));
    store.getState().closeRestore();
    expect(store.getState().restore).toMatchObject({ path: '/b.zip', status: 'running', progress: { phase: 'files', done: 1 } });
    expect(store.getState().backupRun.progress).toBeNull();
    running.resolve(refused('conflict', 'Bo’s work session is active: restore replaces the data under it; ask them to end it first'));
    expect(await done).toBe(false);
    expect(store.getState().restore).toMatchObject({ status: 'failed', error: { code: 'conflict' } });
    store.dispose();
  });

  it('lines up counts before and after a restore', () => {
    const r = restoreResult();
    expect(countRows(r.before.counts, r.after.counts)[1]).toEqual({ key: 'auditEvents', label: 'Audit events', before: 90, after: 57 });
  });
});

describe('scheduler, about, audit anchor', () => {
  it('colours a job’s last run and picks out the troubled ones', () => {
    expect(schedulerSelectors.runView('refused')).toEqual({ label: 'Refused', tone: 'warn' });
    const failed = job({ name: 'hourly-health', lastRun: { scheduledFor: '2026-12-02T08:00:00.000Z', status: 'failed', decisionId: null, message: 'boom', finishedAt: null } });
    expect(schedulerSelectors.troubled([job(), failed]).map((j) => j.name)).toEqual(['hourly-health']);
  });

  it('refetches the jobs on any change once loaded', async () => {
    const api = fakeApi({ 'scheduler.jobs': () => ok([job()]) });
    const store = createAppStore({ api });
    api.emit('db.changed', { tables: ['decisions'] });
    await flush();
    expect(api.callsOf('scheduler.jobs')).toHaveLength(0);
    await store.getState().loadSchedulerJobs();
    api.emit('db.changed', { tables: ['decisions'] });
    await flush();
    expect(api.callsOf('scheduler.jobs')).toHaveLength(2);
    store.dispose();
  });

  it('groups a fingerprint by four hex digits, in lower case', () => {
    expect(fingerprintGroups('AB12CD34'.repeat(8))).toEqual(Array.from({ length: 8 }, () => ['ab12', 'cd34']).flat());
    expect(fingerprintGroups('ab12 cd34 ef56')).toEqual(['ab12', 'cd34', 'ef56']);
    expect(fingerprintGroups('ab:12:cd')).toEqual(['ab12', 'cd']);
  });

  it('shows a tampered anchor as an error and a missing file as a warning', () => {
    expect(auditSelectors.anchorView('tampered').tone).toBe('bad');
    expect(auditSelectors.anchorView('missing').tone).toBe('warn');
    expect(auditSelectors.anchorView('ok').tone).toBe('ok');
  });
});

describe('playbooks: bundle evidence and the new screens', () => {
  const blank = { note: '', number: '', attachmentSha256: '', receiptId: '', decisionId: '', approvalId: '', bundleSha256: '' };
  it('sends a pasted bundle SHA-256 trimmed and in lower case, which the contract accepts', () => {
    const evidence = evidenceFromValues({ ...blank, bundleSha256: `  ${'AB'.repeat(32)} ` });
    expect(evidence).toEqual({ bundleSha256: 'ab'.repeat(32) });
    expect(stepEvidenceInput.safeParse(evidence).success).toBe(true);
  });
  it('links backup, scheduler and reports steps to their screens', () => {
    expect(SCREEN_ROUTES.backup).toBe('backups');
    expect(SCREEN_ROUTES.scheduler).toBe('scheduler');
    expect(SCREEN_ROUTES.reports).toBe('reports');
    expect(screenLabel('backup')).toBe('Backups');
  });
});
