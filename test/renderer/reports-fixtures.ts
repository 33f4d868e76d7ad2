/**
 * Answers shaped as the engine's reports, backup and scheduler calls return them, each
 * checked against the contract's output schema so a fixture cannot drift from it.
 */
import { actions, queries, type ActionOutput, type QueryOutput, type Result } from '../../shared/contract';
import { uuid } from './fake-api';

const sha = (c: string) => c.repeat(64);

export function counts(overrides: Partial<QueryOutput<'reports.preview'>> = {}): QueryOutput<'reports.preview'> {
  return queries['reports.preview'].output.parse({
    decisions: 42,
    auditEvents: 57,
    firstSeq: 12,
    lastSeq: 68,
    attachments: 3,
    attachmentBytes: 2_400_000,
    approvals: 2,
    sessions: 1,
    playbookRuns: 1,
    ...overrides,
  });
}

export function report(overrides: Record<string, unknown> = {}): ActionOutput<'reports.exportAudit'> {
  return actions['reports.exportAudit'].output.parse({
    id: uuid(),
    at: '2026-12-02T09:00:00.000Z',
    by: 'Astrid',
    from: '2026-11-01',
    to: '2026-11-30',
    sessionId: null,
    path: '/data/reports/audit-report_2026-11-01_2026-11-30_2026-12-02T09-00-00-000Z.zip',
    sha256: sha('d'),
    size: 1_250_000,
    manifestSha256: sha('e'),
    chainHead: { seq: 68, hash: sha('f') },
    counts: counts(),
    ...overrides,
  });
}

export function verification(overrides: Record<string, unknown> = {}): QueryOutput<'reports.verify'> {
  return queries['reports.verify'].output.parse({
    status: 'intact',
    message: 'The bundle is intact: signature valid, 9 files and 57 events check out.',
    signature: { valid: true, fingerprint: 'ab12 cd34 ef56 7890', sameInstallation: true },
    range: { from: '2026-11-01', to: '2026-11-30', sessionId: null },
    chainHead: { seq: 68, hash: sha('f') },
    files: [
      { name: 'report.pdf', size: 52_000, ok: true },
      { name: 'audit-events.csv', size: 30_000, ok: true },
    ],
    eventsChecked: 57,
    againstDatabase: true,
    problems: [],
    moreProblems: 0,
    ...overrides,
  });
}

export const tampered = () =>
  verification({
    status: 'tampered',
    message: 'The bundle was changed after it was signed: 1 file and 2 events do not match.',
    files: [
      { name: 'report.pdf', size: 52_000, ok: true },
      { name: 'audit-events.csv', size: 30_010, ok: false },
    ],
    problems: [
      { file: 'audit-events.csv', row: 4, seq: 15, message: 'the event’s hash does not match its content' },
      { file: 'audit-events.csv', row: null, seq: null, message: 'SHA-256 differs from the manifest' },
    ],
    moreProblems: 3,
  });

const backupCounts = { decisions: 40, auditEvents: 55, items: 12, receipts: 7, ledgerEntries: 20, files: 3 };

export function backup(overrides: Record<string, unknown> = {}) {
  return queries['backup.status'].output.shape.history.element.parse({
    id: uuid(),
    at: '2026-12-01T02:00:00.000Z',
    by: 'system',
    kind: 'scheduled',
    path: '/media/backup/valhalla-backup_2026-12-01.zip',
    size: 3_500_000,
    sha256: sha('a'),
    chainHead: { seq: 60, hash: sha('b') },
    schemaVersion: 12,
    counts: backupCounts,
    verified: true,
    removedAt: null,
    ...overrides,
  });
}

export function backupStatus(overrides: Record<string, unknown> = {}): QueryOutput<'backup.status'> {
  const last = backup();
  return queries['backup.status'].output.parse({
    folder: '/media/backup',
    last,
    ageDays: 1.5,
    staleAfterDays: 7,
    history: [last, backup({ kind: 'manual', at: '2026-11-01T10:00:00.000Z', removedAt: '2026-11-20T02:00:00.000Z', by: 'Astrid' })],
    retention: { daily: 7, weekly: 4, monthly: 12 },
    ...overrides,
  });
}

export function backupPreview(overrides: Record<string, unknown> = {}): QueryOutput<'backup.inspect'> {
  return queries['backup.inspect'].output.parse({
    path: '/media/backup/valhalla-backup_2026-12-01.zip',
    createdAt: '2026-12-01T02:00:00.000Z',
    appVersion: '0.1.0',
    schemaVersion: 12,
    chainHead: { seq: 60, hash: sha('b') },
    counts: backupCounts,
    size: 3_500_000,
    signature: { valid: true, fingerprint: 'ab12 cd34 ef56 7890', sameInstallation: true },
    ...overrides,
  });
}

export function restoreResult(): ActionOutput<'backup.restore'> {
  return actions['backup.restore'].output.parse({
    restoredFrom: '/media/backup/valhalla-backup_2026-12-01.zip',
    preRestoreBackup: '/media/backup/valhalla-backup_2026-12-03_pre-restore.zip',
    before: { chainHead: { seq: 90, hash: sha('c') }, counts: { ...backupCounts, decisions: 70, auditEvents: 90 } },
    after: { chainHead: { seq: 62, hash: sha('b') }, counts: { ...backupCounts, auditEvents: 57 } },
  });
}

export function job(overrides: Record<string, unknown> = {}): QueryOutput<'scheduler.jobs'>[number] {
  return queries['scheduler.jobs'].output.element.parse({
    name: 'daily-backup',
    cron: '0 2 * * *',
    action: 'backup.run',
    summary: 'Back up the database to the backup folder, then rotate.',
    nextRunAt: '2026-12-03T02:00:00.000Z',
    lastRun: null,
    ...overrides,
  });
}

/** A promise settled by the test: a long action still running until `resolve` is called. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const refused = (code: string, message: string, details?: Record<string, unknown>): Result<never> => ({ ok: false, error: { code, message, ...(details ? { details } : {}) } }) as Result<never>;
