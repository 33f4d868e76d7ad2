/**
 * A report's range: household days (inclusive) turned into UTC instants, the audit
 * sequence numbers they cover, and the counts a bundle for it would hold.
 */
import { EngineError, type ReportCounts } from '../../../shared/contract';
import { householdCurrency } from '../../../shared/domain/money';
import { sql, type Db } from '../db/connection';
import type { Settings } from '../governance/settings';
import { zonedDayStart } from '../governance/time';

/** A resolved range: `fromInstant` inclusive, `toInstant` exclusive (the day after `to` starts). */
export interface ResolvedRange {
  from: string;
  to: string;
  sessionId: string | null;
  fromInstant: string;
  toInstant: string;
  timeZone: string;
  currency: string;
}

/** Upper bounds captured when an export starts, so rows committed while it streams stay out. */
export interface Snapshot {
  /** Largest decisions rowid at the start. */
  maxDecisionRowid: number;
  /** The chain head at the start (0/genesis for an empty chain). */
  headSeq: number;
}

/**
 * Resolves `{ from, to, sessionId? }` in the household time zone. Throws EngineError
 * `invalid` when `from` is after `to`, `not_found` for an unknown session.
 */
export function resolveRange(db: Db, settings: Settings, p: { from: string; to: string; sessionId?: string | undefined }): ResolvedRange {
  if (p.from > p.to) throw new EngineError('invalid', `the range starts (${p.from}) after it ends (${p.to})`, { issues: [{ path: ['to'], message: 'from must not be after to' }] });
  if (p.sessionId !== undefined && !sql(db, 'SELECT 1 FROM sessions WHERE id = ?').get(p.sessionId)) throw new EngineError('not_found', `no session ${p.sessionId}`);
  const timeZone = settings.timeZone ?? 'UTC';
  return {
    from: p.from,
    to: p.to,
    sessionId: p.sessionId ?? null,
    fromInstant: zonedDayStart(p.from, timeZone),
    toInstant: zonedDayStart(p.to, timeZone, 1),
    timeZone,
    currency: householdCurrency(settings.currency),
  };
}

/** The snapshot of now: the bounds an export reads up to. */
export function takeSnapshot(db: Db): Snapshot {
  const row = sql(db, 'SELECT (SELECT coalesce(max(rowid), 0) FROM decisions) AS d, (SELECT coalesce(max(seq), 0) FROM audit_events) AS s').get() as { d: number; s: number };
  return { maxDecisionRowid: row.d, headSeq: row.s };
}

/** SQL condition and arguments selecting the range's executed decisions (`d` is the table alias). */
export function decisionFilter(range: ResolvedRange, snap: Snapshot): { where: string; args: unknown[] } {
  const where = [`d.mode = 'execute'`, 'd.at >= ?', 'd.at < ?', 'd.rowid <= ?'];
  const args: unknown[] = [range.fromInstant, range.toInstant, snap.maxDecisionRowid];
  if (range.sessionId) {
    where.push('d.session_id = ?');
    args.push(range.sessionId);
  }
  return { where: where.join(' AND '), args };
}

/**
 * SQL condition selecting the range's audit events (`e` is the alias). Without a session the
 * events are the contiguous run of sequence numbers from the first event at or after the
 * range's start to the last before its end, so the bundle's events verify as one chain.
 */
export function eventFilter(db: Db, range: ResolvedRange, snap: Snapshot): { where: string; args: unknown[]; firstSeq: number | null; lastSeq: number | null } {
  if (range.sessionId) {
    const where = 'e.session_id = ? AND e.at >= ? AND e.at < ? AND e.seq <= ?';
    const args = [range.sessionId, range.fromInstant, range.toInstant, snap.headSeq];
    const b = sql(db, `SELECT min(seq) AS lo, max(seq) AS hi FROM audit_events e WHERE ${where}`).get(...args) as { lo: number | null; hi: number | null };
    return { where, args, firstSeq: b.lo, lastSeq: b.hi };
  }
  const lo = (sql(db, 'SELECT min(seq) AS n FROM audit_events WHERE at >= ? AND seq <= ?').get(range.fromInstant, snap.headSeq) as { n: number | null }).n;
  const hi = (sql(db, 'SELECT max(seq) AS n FROM audit_events WHERE at < ? AND seq <= ?').get(range.toInstant, snap.headSeq) as { n: number | null }).n;
  if (lo === null || hi === null || lo > hi) return { where: '0', args: [], firstSeq: null, lastSeq: null };
  return { where: 'e.seq BETWEEN ? AND ?', args: [lo, hi], firstSeq: lo, lastSeq: hi };
}

/** SQL selecting the attachments of receipts dated in the range (household days), not voided. */
export const ATTACHMENTS_SQL = `SELECT a.receipt_id AS receiptId, a.sha256, a.name, a.size, r.date, r.vendor
  FROM receipt_attachments a JOIN receipts r ON r.id = a.receipt_id
  WHERE r.date >= ? AND r.date <= ? AND r.status != 'void'
  ORDER BY r.date, a.receipt_id, a.sha256`;

/** What a bundle for the range holds, counted (cheap aggregate queries). */
export function countRange(db: Db, range: ResolvedRange, snap: Snapshot = takeSnapshot(db)): ReportCounts {
  const d = decisionFilter(range, snap);
  const e = eventFilter(db, range, snap);
  const decisions = (sql(db, `SELECT count(*) AS n FROM decisions d WHERE ${d.where}`).get(...d.args) as { n: number }).n;
  const auditEvents = (sql(db, `SELECT count(*) AS n FROM audit_events e WHERE ${e.where}`).get(...e.args) as { n: number }).n;
  const att = sql(db, `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM (${ATTACHMENTS_SQL})`).get(range.from, range.to) as { n: number; bytes: number };
  // with a session, the same rules as the PDF's summary: approvals its events created or
  // changed, the runs started in it (summary.ts)
  const bind = { from: range.fromInstant, to: range.toInstant, session: range.sessionId };
  const approvals = (
    sql(
      db,
      `SELECT count(*) AS n FROM approvals a WHERE ((a.requested_at >= @from AND a.requested_at < @to) OR (a.decided_at >= @from AND a.decided_at < @to))
         AND (@session IS NULL OR a.id IN (SELECT entity_id FROM audit_events WHERE session_id = @session AND entity = 'approval'))`,
    ).get(bind) as { n: number }
  ).n;
  const sessions = (
    sql(db, 'SELECT count(*) AS n FROM sessions s WHERE s.started_at < @to AND (s.ended_at IS NULL OR s.ended_at >= @from) AND (@session IS NULL OR s.id = @session)').get(bind) as { n: number }
  ).n;
  const playbookRuns = (
    sql(db, 'SELECT count(*) AS n FROM playbook_runs r WHERE r.started_at < @to AND (r.ended_at IS NULL OR r.ended_at >= @from) AND (@session IS NULL OR r.session_id = @session)').get(bind) as { n: number }
  ).n;
  return { decisions, auditEvents, firstSeq: e.firstSeq, lastSeq: e.lastSeq, attachments: att.n, attachmentBytes: att.bytes, approvals, sessions, playbookRuns };
}
