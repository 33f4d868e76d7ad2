/**
 * What leaves the machine (DOMAIN.md "Decisions and the audit log", "Alerts, notifications,
 * ops board, reports"): chain anchors, the installation's signing key, audit report bundles
 * and their verification, backups and restore, and the scheduler's job list.
 *
 * - An **anchor** is a chain head (sequence + hash) recorded outside the database file: a
 *   signed line of the append-only anchors file, a report bundle's manifest, a backup's
 *   manifest. Verification compares the chain with the latest anchor it can find.
 * - A **bundle** is a zip: `report.pdf`, `decisions.csv|jsonl`, `audit-events.csv|jsonl`,
 *   `anchors.jsonl` (the anchors in range), the receipts' attachments under `receipts/`, and
 *   `manifest.json` (every file's SHA-256 and size, the range, the chain head, signed with
 *   the installation's Ed25519 key).
 * - A **backup** is a zip: the database (an online SQLite backup), the anchors file, the
 *   file store, and a signed manifest.
 */
import { z } from 'zod';
import { auditVerificationSchema, calendarDate, chainHeadSchema, id, instant, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

/** A path on the machine running the engine: absolute or relative to the working folder. */
const path = z.string().trim().min(1, 'required').max(4096, 'at most 4096 characters').refine((p) => !p.includes('\0'), 'a path cannot contain NUL');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

/** Where the anchor verification found its anchor, and what it concluded. */
export const ANCHOR_STATUSES = ['ok', 'tampered', 'missing', 'none'] as const;

/** One anchor: a chain head recorded outside the database, signed. */
export const anchorSchema = z.object({
  kind: z.enum(['head', 'begin', 'gap', 'restore', 'backup', 'report']),
  seq: z.int(),
  hash: z.string(),
  at: instant,
  /** Free text: the backup or bundle file, or why the file was (re)started. */
  note: z.string().nullable(),
});
export type Anchor = z.infer<typeof anchorSchema>;

/**
 * The chain checked against its latest anchor. `ok`: the chain reaches the anchor and has
 * the anchored hash there. `tampered`: shorter than the anchor (tail cut), another hash at
 * the anchored sequence (re-hashed), or an anchor whose signature fails. `missing`: the
 * chain has events but no anchors file was found (reported, not ignored). `none`: an empty
 * chain and nothing anchored yet.
 */
export const anchorCheckSchema = z.object({
  status: z.enum(ANCHOR_STATUSES),
  /** The anchor compared with, null when none was found. */
  anchor: anchorSchema.nullable(),
  /** Where it came from: `anchors file` or `backup <file name>`. */
  source: z.string().nullable(),
  message: z.string(),
  /** Lines of the anchors file that record a restart of the file (it was missing). */
  gaps: z.array(anchorSchema),
});
export type AnchorCheck = z.infer<typeof anchorCheckSchema>;

/** `audit.verify`: the whole chain recomputed, then compared with its latest anchor. */
export const auditCheckSchema = auditVerificationSchema.extend({ anchor: anchorCheckSchema });
export type AuditCheck = z.infer<typeof auditCheckSchema>;

/** The installation's Ed25519 public key: printed in every report, shown in About. */
export const installationKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  /** SPKI PEM. */
  publicKeyPem: z.string(),
  /** SHA-256 of the SPKI DER, hex in groups of four (`ab12 cd34 …`). */
  fingerprint: z.string(),
  /** Where the private key is kept: Electron `safeStorage`, or a key file with mode 0600. */
  storage: z.enum(['safeStorage', 'file']),
});
export type InstallationKey = z.infer<typeof installationKeySchema>;

/** A report's range: household days, inclusive, and optionally one work session. */
export const reportRangeInput = z
  .strictObject({ from: calendarDate, to: calendarDate, sessionId: id.optional() })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });

/** What a bundle for the range would hold. */
export const reportCountsSchema = z.object({
  decisions: z.int(),
  auditEvents: z.int(),
  /** First and last audit sequence numbers in the range, null when it has no events. */
  firstSeq: z.int().nullable(),
  lastSeq: z.int().nullable(),
  attachments: z.int(),
  /** Bytes of the attachments. */
  attachmentBytes: z.int(),
  approvals: z.int(),
  sessions: z.int(),
  playbookRuns: z.int(),
});
export type ReportCounts = z.infer<typeof reportCountsSchema>;

export const reportSchema = z.object({
  id,
  at: instant,
  by: z.string(),
  from: calendarDate,
  to: calendarDate,
  sessionId: id.nullable(),
  path: z.string(),
  /** SHA-256 of the whole zip: the evidence Month-end's export step takes. */
  sha256,
  /** Bytes. */
  size: z.int(),
  manifestSha256: sha256,
  chainHead: chainHeadSchema,
  counts: reportCountsSchema,
});
export type Report = z.infer<typeof reportSchema>;

/** One problem verification found: the file, and the row or sequence where there is one. */
export const verifyProblemSchema = z.object({
  file: z.string(),
  /** Data row (1-based, header excluded) in a CSV or JSONL file. */
  row: z.int().nullable(),
  /** Audit sequence number, where the problem is an event. */
  seq: z.int().nullable(),
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof verifyProblemSchema>;

/**
 * A bundle checked: `intact` (signature, every file, every event), `tampered` (problems
 * name what), or `not_a_bundle` (not a zip, no manifest, or a manifest of another kind).
 */
export const bundleVerificationSchema = z.object({
  status: z.enum(['intact', 'tampered', 'not_a_bundle']),
  message: z.string(),
  signature: z.object({ valid: z.boolean(), fingerprint: z.string().nullable(), sameInstallation: z.boolean().nullable() }),
  range: z.object({ from: calendarDate, to: calendarDate, sessionId: id.nullable() }).nullable(),
  chainHead: chainHeadSchema,
  files: z.array(z.object({ name: z.string(), size: z.int(), ok: z.boolean() })),
  eventsChecked: z.int(),
  /** Whether the events were also checked against this database's chain. */
  againstDatabase: z.boolean(),
  problems: z.array(verifyProblemSchema),
  /** More problems than listed (the list stops at 200). */
  moreProblems: z.int(),
});
export type BundleVerification = z.infer<typeof bundleVerificationSchema>;

/** Counts a backup holds (rows of the main tables). */
export const backupCountsSchema = z.object({
  decisions: z.int(),
  auditEvents: z.int(),
  items: z.int(),
  receipts: z.int(),
  ledgerEntries: z.int(),
  files: z.int(),
});
export type BackupCounts = z.infer<typeof backupCountsSchema>;

export const BACKUP_KINDS = ['manual', 'scheduled', 'pre-restore'] as const;

export const backupSchema = z.object({
  id,
  at: instant,
  by: z.string(),
  kind: z.enum(BACKUP_KINDS),
  path: z.string(),
  /** Bytes of the backup file. */
  size: z.int(),
  sha256,
  chainHead: chainHeadSchema,
  schemaVersion: z.int(),
  counts: backupCountsSchema,
  /** Re-read after writing: every file against the manifest, `integrity_check`, the chain. */
  verified: z.boolean(),
  /** Set when rotation removed the file. */
  removedAt: instant.nullable(),
});
export type Backup = z.infer<typeof backupSchema>;

/** What a backup file holds, read before restoring it. */
export const backupPreviewSchema = z.object({
  path: z.string(),
  createdAt: instant,
  appVersion: z.string(),
  schemaVersion: z.int(),
  chainHead: chainHeadSchema,
  counts: backupCountsSchema,
  /** Bytes of the backup file. */
  size: z.int(),
  signature: z.object({ valid: z.boolean(), fingerprint: z.string(), sameInstallation: z.boolean() }),
});
export type BackupPreview = z.infer<typeof backupPreviewSchema>;

export const backupStatusSchema = z.object({
  /** The folder backups go to; null until one is chosen. */
  folder: z.string().nullable(),
  last: backupSchema.nullable(),
  /** Days since the last verified backup (fractional), null when there is none. */
  ageDays: z.number().nullable(),
  /** Health turns yellow past this many days when a folder is set. */
  staleAfterDays: z.int(),
  /** Newest first, removed ones included (marked). */
  history: z.array(backupSchema),
  /** What rotation keeps: the newest backup of each of the last N days, weeks, months. */
  retention: z.object({ daily: z.int(), weekly: z.int(), monthly: z.int() }),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const jobSchema = z.object({
  name: z.string(),
  cron: z.string(),
  action: z.string(),
  summary: z.string(),
  /** The next occurrence after now, in UTC. */
  nextRunAt: instant,
  lastRun: z
    .object({ scheduledFor: instant, status: z.enum(['running', 'ok', 'refused', 'failed']), decisionId: z.string().nullable(), message: z.string().nullable(), finishedAt: instant.nullable() })
    .nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const reportActions = {
  'reports.exportAudit': {
    summary: 'Write the audit report bundle for a range of household days (optionally one work session): PDF, CSV and JSONL of decisions and audit events, attachments, signed manifest. Written under a temporary name and renamed at the end.',
    input: z
      .strictObject({
        from: calendarDate,
        to: calendarDate,
        sessionId: id.optional(),
        /** The zip to write; default: `reports/` beside the database. An existing file is refused. */
        outPath: path.optional(),
      })
      .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] }),
    output: reportSchema,
    // Writes no household state: an auditor exports while the kill switch is engaged.
    execClass: 'observe',
    exempt: true,
  },
  'backup.configure': {
    summary: 'Choose the folder daily backups are written to (checked to be writable).',
    input: z.strictObject({ folder: path }),
    output: z.object({ folder: z.string() }),
    execClass: 'prod',
    // Go-live step 7 asks for it while execution is off; a backup is recovery, never blocked.
    exempt: true,
  },
  'backup.run': {
    summary: 'Back up now: online SQLite backup, file store and anchors into one zip, verified after writing, then rotated (7 daily, 4 weekly, 12 monthly).',
    input: z.strictObject({ folder: path.optional(), scheduled: z.boolean().default(false) }),
    output: backupSchema.extend({ rotatedOut: z.array(z.string()) }),
    execClass: 'prod',
    exempt: true,
  },
  'backup.restore': {
    summary: 'Replace the data with a backup’s, after backing up the current state. Refuses a file that is not a Valhalla backup, a truncated one, one from a newer schema, or while another operator is mid-action.',
    input: z.strictObject({ path, reason }),
    output: z.object({
      restoredFrom: z.string(),
      preRestoreBackup: z.string(),
      before: z.object({ chainHead: chainHeadSchema, counts: backupCountsSchema }),
      after: z.object({ chainHead: chainHeadSchema, counts: backupCountsSchema }),
    }),
    execClass: 'prod',
    exempt: true,
  },
  'audit.check': {
    summary: 'Verify the audit chain against its latest anchor and raise a critical alert when it fails (the daily audit verify job).',
    input: z.strictObject({}),
    output: auditCheckSchema,
    execClass: 'observe',
    exempt: true,
  },
} as const satisfies Record<string, ActionSpec>;

export const reportQueries = {
  'reports.preview': {
    summary: 'What an audit report bundle for the range would hold: counts of decisions, events, attachments, approvals, sessions, runs.',
    input: reportRangeInput,
    output: reportCountsSchema,
  },
  'reports.list': {
    summary: 'Audit report bundles exported, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(200).default(50) }),
    output: z.array(reportSchema),
  },
  'reports.verify': {
    summary: 'Check a bundle (a path, or a staged file): signature, every file against the manifest, every event’s hash; with `againstDatabase` also each event against this chain.',
    input: z
      .strictObject({ path: path.optional(), fileSha256: sha256.optional(), againstDatabase: z.boolean().default(true) })
      .refine((p) => (p.path === undefined) !== (p.fileSha256 === undefined), { message: 'give a path or a staged file, not both', path: ['path'] }),
    output: bundleVerificationSchema,
  },
  'installation.key': {
    summary: 'The installation’s Ed25519 public key and fingerprint (printed in every report) and where its private key is kept.',
    input: z.strictObject({}),
    output: installationKeySchema,
  },
  'backup.status': {
    summary: 'The backup folder, the last backup and its age, the history, the retention.',
    input: z.strictObject({}),
    output: backupStatusSchema,
  },
  'backup.inspect': {
    summary: 'What a backup file holds (date, schema, counts, chain head, signature), before restoring it. Refuses a file that is not a Valhalla backup.',
    input: z.strictObject({ path }),
    output: backupPreviewSchema,
  },
  'scheduler.jobs': {
    summary: 'The scheduler’s jobs: cron, action, next run, last run.',
    input: z.strictObject({}),
    output: z.array(jobSchema),
  },
} as const satisfies Record<string, QuerySpec>;

/** Queries whose answer needs reading a file as a stream (a zip): answered asynchronously. */
export const ASYNC_QUERIES = ['reports.verify', 'backup.inspect'] as const;
