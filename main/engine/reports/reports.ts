/**
 * The reports domain's calls: `reports.exportAudit` (governed, so the export is itself in
 * the audit log), `reports.preview`, `reports.list`, `reports.verify`, `installation.key`,
 * and `audit.check` (the daily audit verify job's action).
 *
 * The export is a long action: its preparer writes the bundle under a temporary name beside
 * the target (after the gates have passed; see `dispatchAsync`), and the handler renames it
 * into place inside the decision's transaction, so no file carries the final name without
 * its decision, and a failed export leaves no file at all.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EngineError, type Report, type ReportCounts } from '../../../shared/contract';
import { ensureWritableFolder, fsReason } from '../backup/backup';
import { sql, type Db } from '../db/connection';
import { raiseAlert } from '../domains/alerts/store';
import type { ActionHandlers, ActionPreparers, QueryHandlers } from '../handlers';
import { readSettings } from '../governance/settings';
import { writeAuditBundle, type WrittenBundle } from './bundle';
import { countRange, resolveRange, type ResolvedRange } from './range';
import { verifyBundle } from './verify';

/** Where bundles go when no path is given: `reports/` beside the database. */
export function defaultReportsFolder(dbPath: string): string {
  return join(dirname(dbPath), 'reports');
}

/** `audit-report_2026-11-01_2026-11-30[_session-<id8>]_<stamp>.zip` */
export function bundleFileName(range: Pick<ResolvedRange, 'from' | 'to' | 'sessionId'>, at: string): string {
  const session = range.sessionId ? `_session-${range.sessionId.slice(-8)}` : '';
  return `audit-report_${range.from}_${range.to}${session}_${at.replace(/[:.]/g, '-')}.zip`;
}

type Prepared =
  | { kind: 'plan'; outPath: string; range: ResolvedRange; counts: ReportCounts; dispose(): void }
  | { kind: 'written'; outPath: string; range: ResolvedRange; written: WrittenBundle; dispose(): void };

const ZERO_SHA = '0'.repeat(64);

export const reportPreparers: ActionPreparers = {
  async 'reports.exportAudit'(p, ctx) {
    const range = resolveRange(ctx.db, readSettings(ctx.db), p);
    const now = ctx.clock.now().toISOString();
    const outPath = resolve(p.outPath ?? join(defaultReportsFolder(ctx.services.dbPath), bundleFileName(range, now)));
    if (!outPath.toLowerCase().endsWith('.zip')) throw new EngineError('invalid', 'the bundle is a zip: give a path ending in .zip', { issues: [{ path: ['outPath'], message: 'must end in .zip' }] });
    if (existsSync(outPath)) throw new EngineError('conflict', `${outPath} exists already: choose another name (a bundle is never overwritten)`);
    ensureWritableFolder(dirname(outPath));
    if (ctx.mode === 'plan') return { kind: 'plan', outPath, range, counts: countRange(ctx.db, range), dispose: () => undefined } satisfies Prepared;
    const tempPath = join(dirname(outPath), `.${basename(outPath)}.partial-${randomBytes(6).toString('hex')}`);
    try {
      const written = await writeAuditBundle({ db: ctx.db, files: ctx.files, key: ctx.services.key, anchors: ctx.services.anchors }, range, tempPath, { createdAt: now, createdBy: ctx.actorName, appVersion: ctx.services.appVersion }, ctx.progress);
      return { kind: 'written', outPath, range, written, dispose: () => rmSync(tempPath, { force: true }) } satisfies Prepared;
    } catch (error) {
      rmSync(tempPath, { force: true });
      if (error instanceof EngineError) throw error;
      throw new EngineError('invalid', `the bundle could not be written to ${dirname(outPath)}: ${fsReason(error)}; no file was left`);
    }
  },
};

type ReportRow = {
  id: string;
  at: string;
  by: string;
  from_day: string;
  to_day: string;
  session_id: string | null;
  path: string;
  sha256: string;
  size: number;
  manifest_sha256: string;
  head_seq: number | null;
  head_hash: string | null;
  counts_json: string;
};

const toReport = (r: ReportRow): Report => ({
  id: r.id,
  at: r.at,
  by: r.by,
  from: r.from_day,
  to: r.to_day,
  sessionId: r.session_id,
  path: r.path,
  sha256: r.sha256,
  size: r.size,
  manifestSha256: r.manifest_sha256,
  chainHead: r.head_seq === null || r.head_hash === null ? null : { seq: r.head_seq, hash: r.head_hash },
  counts: JSON.parse(r.counts_json) as ReportCounts,
});

/** The report row of an exported bundle by its zip's SHA-256, or null (Month-end's evidence check). */
export function reportBySha256(db: Db, sha256: string): Report | null {
  const row = sql(db, 'SELECT * FROM reports WHERE sha256 = ? ORDER BY at DESC LIMIT 1').get(sha256) as ReportRow | undefined;
  return row ? toReport(row) : null;
}

export const reportActions: Pick<ActionHandlers, 'reports.exportAudit' | 'audit.check'> = {
  'reports.exportAudit'(_p, ctx) {
    const prep = ctx.prepared as Prepared | undefined;
    if (!prep) throw new EngineError('invalid', 'reports.exportAudit writes a file: dispatch it as a long action (the console and the CLI do)');
    if (prep.kind === 'plan') {
      return { id: ctx.decisionId, at: ctx.now, by: ctx.actorName, from: prep.range.from, to: prep.range.to, sessionId: prep.range.sessionId, path: prep.outPath, sha256: ZERO_SHA, size: 0, manifestSha256: ZERO_SHA, chainHead: null, counts: prep.counts };
    }
    const { written, outPath, range } = prep;
    if (existsSync(outPath)) throw new EngineError('conflict', `${outPath} appeared while the bundle was written: it was not overwritten`);
    try {
      renameSync(written.tempPath, outPath);
    } catch (error) {
      throw new EngineError('invalid', `the bundle could not be moved to ${outPath}: ${fsReason(error)}`);
    }
    const report: Report = {
      id: ctx.newId(),
      at: ctx.now,
      by: ctx.actorName,
      from: range.from,
      to: range.to,
      sessionId: range.sessionId,
      path: outPath,
      sha256: written.sha256,
      size: written.size,
      manifestSha256: written.manifestSha256,
      chainHead: written.chainHead,
      counts: written.counts,
    };
    sql(
      ctx.db,
      `INSERT INTO reports (id, at, by, from_day, to_day, session_id, path, sha256, size, manifest_sha256, head_seq, head_hash, counts_json, decision_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(report.id, report.at, report.by, report.from, report.to, report.sessionId, report.path, report.sha256, report.size, report.manifestSha256, report.chainHead?.seq ?? null, report.chainHead?.hash ?? null, JSON.stringify(report.counts), ctx.decisionId);
    ctx.record({ entity: 'report', entityId: report.id, before: null, after: report });
    ctx.touch('reports');
    return report;
  },

  'audit.check'(_p, ctx) {
    const check = ctx.services.checkAudit();
    if (ctx.mode === 'execute' && (!check.ok || check.anchor.status === 'tampered' || check.anchor.status === 'missing')) {
      const what = !check.ok ? `the audit chain fails verification at event ${check.firstBadSeq}` : check.anchor.message;
      raiseAlert(ctx, { severity: 'critical', kind: 'audit_chain', message: `Audit verify: ${what}` });
    }
    return check;
  },
};

export const reportQueries: Pick<QueryHandlers, 'reports.preview' | 'reports.list' | 'reports.verify' | 'installation.key'> = {
  'reports.preview': (p, ctx) => countRange(ctx.db, resolveRange(ctx.db, ctx.settings, p)),
  'reports.list': (p, ctx) => (sql(ctx.db, 'SELECT * FROM reports ORDER BY at DESC LIMIT ?').all(p.limit) as ReportRow[]).map(toReport),
  'reports.verify': async (p, ctx) => {
    const path = p.fileSha256 ? ctx.files.pathOf(p.fileSha256) : resolve(p.path!);
    if (!existsSync(path)) throw new EngineError('not_found', `no file at ${path}`);
    return verifyBundle(path, { ...(p.againstDatabase ? { db: ctx.db } : {}), fingerprint: ctx.services.key.fingerprint });
  },
  'installation.key': (_p, ctx) => {
    const { algorithm, publicKeyPem, fingerprint, storage } = ctx.services.key;
    return { algorithm, publicKeyPem, fingerprint, storage };
  },
};
