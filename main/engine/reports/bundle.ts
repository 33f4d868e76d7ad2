/**
 * The audit report bundle (DOMAIN.md "Alerts, notifications, ops board, reports"): one zip
 * that proves, away from this machine, what was decided in a range of days.
 *
 * Entries, in order: `report.pdf`; `decisions.jsonl` and `decisions.csv`; `audit-events.jsonl`
 * and `audit-events.csv`; `anchors.jsonl` (the anchors file's lines in range); the receipts'
 * attachments under `receipts/`; last `manifest.json` (every other file's SHA-256 and size,
 * the range, the events' sequence numbers, the chain head at export time, the latest anchor,
 * the app version, signed with the installation's Ed25519 key over its RFC 8785 canonical
 * JSON without the `signature` member).
 *
 * Rows are read a page at a time (keyset on the index) and each entry is made only when the
 * zip writer reaches it, so memory does not grow with the range. CSV is RFC 4180 (CRLF,
 * quoted where needed) through `csv-stringify`, UTF-8 with a BOM so spreadsheets open it.
 * JSONL decisions are the contract's `Decision`; JSONL events carry `before`/`after` as
 * values whose RFC 8785 text is what the chain hashed, so anyone can recompute each hash.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { sql, type Db } from '../db/connection';
import type { FileStore } from '../files/store';
import { createZipWriter, type ZipEntryDigest } from '../files/zip';
import { anchorsInRange, type AnchorLog } from '../governance/anchors';
import { rowObject, type AuditRow } from '../governance/audit';
import { canonicalJson } from '../governance/canonical';
import { toSummary, type DecisionRow } from '../governance/decisions';
import type { SigningKey } from '../governance/installation-key';
import type { ProgressReport } from '../handlers';
import { renderReportPdf } from './pdf';
import { ATTACHMENTS_SQL, countRange, decisionFilter, eventFilter, type ResolvedRange, type Snapshot, takeSnapshot } from './range';
import { collectReportSummary } from './summary';
import type { AuditEvent, Decision, ReportCounts } from '../../../shared/contract';

export const BUNDLE_KIND = 'valhalla-audit-report';
export const MANIFEST_NAME = 'manifest.json';
const PAGE = 1000;
const BOM = '\ufeff';
/** Deflate level of the CSV and JSONL entries: 1 writes them about twice as fast as the default 6, somewhat larger. */
const TEXT_COMPRESSION = { compressionLevel: 1 };

export const DECISION_COLUMNS = [
  'id',
  'at',
  'operatorId',
  'operatorName',
  'sessionId',
  'action',
  'mode',
  'status',
  'reason',
  'errorCode',
  'riskBucket',
  'paramsSha256',
  'resultSha256',
  'gates',
  'params',
] as const;
export const EVENT_COLUMNS = ['seq', 'id', 'at', 'operatorId', 'sessionId', 'decisionId', 'action', 'entity', 'entityId', 'before', 'after', 'prevHash', 'hash'] as const;

/** A decision as a JSONL line's object. */
export type BundleDecision = Decision;
/** An audit event as a JSONL line's object: the contract's AuditEvent, `before`/`after` parsed back to values. */
export type BundleEvent = AuditEvent;

/**
 * The CSV record of a decision: its gates and params as JSON text, as stored (`JSON.stringify`
 * of the values, which reads back to the same text: verify regenerates it from the JSONL).
 */
export function decisionRecord(d: BundleDecision): (string | number | null)[] {
  return [d.id, d.at, d.operatorId, d.operatorName, d.sessionId, d.action, d.mode, d.status, d.reason, d.errorCode, d.riskBucket, d.paramsSha256, d.resultSha256, JSON.stringify(d.gates), JSON.stringify(d.params ?? null)];
}

/** A decision's CSV record from its row, the stored JSON texts as they are (what `decisionRecord` writes). */
function decisionRowRecord(r: DecisionRow): (string | number | null)[] {
  return [r.id, r.at, r.operator_id, r.operator_name, r.session_id, r.action, r.mode, r.status, r.reason, r.error_code, r.risk_bucket, r.params_sha256, r.result_sha256, r.gates_json, r.params_json];
}

/** The CSV record of an event: `before`/`after` as the canonical JSON text the chain hashed. */
export function eventRecord(e: BundleEvent): (string | number | null)[] {
  return [e.seq, e.id, e.at, e.operatorId, e.sessionId, e.decisionId, e.action, e.entity, e.entityId, canonicalJson(e.before), canonicalJson(e.after), e.prevHash, e.hash];
}

/** RFC 4180 text of records (CRLF after each, quoted where needed). */
export function csvText(records: (string | number | null)[][]): string {
  return stringify(records, { record_delimiter: 'windows', cast: { number: (n) => String(n) } });
}

/** Rows per chunk written: a chunk's text is small enough for the young generation to collect. */
const CHUNK = 250;

/**
 * Decisions of the range, a page at a time, oldest first. The keyset bounds `at` from below
 * so the `at` index is used on every page (a row-value comparison alone makes SQLite scan
 * from the range's start each time).
 */
async function* decisionPages(db: Db, range: ResolvedRange, snap: Snapshot, onRows: (n: number) => void): AsyncGenerator<DecisionRow[]> {
  const f = decisionFilter(range, snap);
  const page = db.prepare(`SELECT d.* FROM decisions d WHERE ${f.where} AND d.at >= ? AND (d.at, d.id) > (?, ?) ORDER BY d.at, d.id LIMIT ${PAGE}`);
  let after: [string, string] = [range.fromInstant, ''];
  for (;;) {
    const rows = page.all(...f.args, after[0], ...after) as DecisionRow[];
    if (rows.length === 0) return;
    onRows(rows.length);
    yield rows;
    const last = rows[rows.length - 1]!;
    after = [last.at, last.id];
    await yieldToLoop();
  }
}

/** Audit events of the range, a page at a time, by sequence (one lower bound: the index's). */
async function* eventPages(db: Db, range: ResolvedRange, snap: Snapshot, onRows: (n: number) => void): AsyncGenerator<AuditRow[]> {
  const f = eventFilter(db, range, snap);
  if (f.firstSeq === null || f.lastSeq === null) return;
  const page = range.sessionId
    ? db.prepare(`SELECT e.* FROM audit_events e WHERE ${f.where} AND e.seq > ? ORDER BY e.seq LIMIT ${PAGE}`)
    : db.prepare(`SELECT e.* FROM audit_events e WHERE e.seq > ? AND e.seq <= ${f.lastSeq} ORDER BY e.seq LIMIT ${PAGE}`);
  let after = f.firstSeq - 1;
  for (;;) {
    const rows = (range.sessionId ? page.all(...f.args, after) : page.all(after)) as AuditRow[];
    if (rows.length === 0) return;
    onRows(rows.length);
    yield rows;
    after = rows[rows.length - 1]!.seq;
    await yieldToLoop();
  }
}

/**
 * A decision's JSONL line: the contract's Decision, its JSON columns spliced in as stored
 * (parsing and re-writing them changes nothing a reader sees, and costs most of the time).
 */
export function decisionLine(r: DecisionRow): string {
  const head = JSON.stringify(toSummary(r));
  return `${head.slice(0, -1)},"gates":${r.gates_json},"params":${r.params_json},"result":${r.result_json ?? 'null'}}`;
}

/** An event's JSONL line: the contract's AuditEvent, `before`/`after` spliced in as stored (canonical JSON). */
export function eventLine(r: AuditRow): string {
  const { before: _b, after: _a, ...fields } = rowObject(r);
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)},"before":${r.before_json},"after":${r.after_json},"prevHash":"${r.prev_hash}","hash":"${r.hash}"}`;
}

/** An event's CSV record from its row: the stored canonical texts are what `eventRecord` writes. */
function eventRowRecord(r: AuditRow): (string | number | null)[] {
  return [r.seq, r.id, r.at, r.operator_id, r.session_id, r.decision_id, r.action, r.entity, r.entity_id, r.before_json, r.after_json, r.prev_hash, r.hash];
}

/** A stream of lines: JSONL (one object per line) or CSV (BOM, header, records), a chunk of rows at a time. */
function textStream<T>(pages: AsyncGenerator<T[]>, format: { kind: 'jsonl'; line: (row: T) => string } | { kind: 'csv'; header: readonly string[]; record: (row: T) => (string | number | null)[] }): Readable {
  return Readable.from(
    (async function* () {
      if (format.kind === 'csv') yield Buffer.from(BOM + csvText([[...format.header]]), 'utf8');
      for await (const rows of pages) {
        for (let i = 0; i < rows.length; i += CHUNK) {
          const chunk = rows.slice(i, i + CHUNK);
          const text = format.kind === 'jsonl' ? chunk.map((r) => `${format.line(r)}\n`).join('') : csvText(chunk.map(format.record));
          yield Buffer.from(text, 'utf8');
        }
      }
    })(),
    { objectMode: false },
  );
}

/** A name safe inside a zip on every system: no folders, no control or reserved characters. */
export function safeEntryName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 0x20 || '<>:"/\\|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, 120);
  return cleaned || 'file';
}

export interface BundleMeta {
  createdAt: string;
  createdBy: string;
  appVersion: string;
}

export interface WrittenBundle {
  /** Where the zip was written (the temporary name the handler renames). */
  tempPath: string;
  sha256: string;
  size: number;
  manifestSha256: string;
  counts: ReportCounts;
  chainHead: { seq: number; hash: string } | null;
}

export interface BundleDeps {
  db: Db;
  files: FileStore;
  key: SigningKey;
  anchors: AnchorLog;
}

/**
 * Writes the bundle for `range` to `tempPath` and resolves with its digests. Reports
 * progress per phase. Rejects with the file system's error (the temporary file removed).
 */
export async function writeAuditBundle(deps: BundleDeps, range: ResolvedRange, tempPath: string, meta: BundleMeta, progress: (p: ProgressReport) => void): Promise<WrittenBundle> {
  const { db, files, key } = deps;
  const snap = takeSnapshot(db);
  const counts = countRange(db, range, snap);
  const head = snap.headSeq === 0 ? null : { seq: snap.headSeq, hash: (sql(db, 'SELECT hash FROM audit_events WHERE seq = ?').get(snap.headSeq) as { hash: string }).hash };
  const firstPrevHash = counts.firstSeq === null ? null : (sql(db, 'SELECT prev_hash FROM audit_events WHERE seq = ?').get(counts.firstSeq) as { prev_hash: string }).prev_hash;
  const summary = collectReportSummary(db, range);
  const zip = createZipWriter(tempPath, new Date(meta.createdAt));
  const latestAnchor = deps.anchors.latest()?.anchor ?? null;

  let decisionsDone = 0;
  let eventsDone = 0;
  const onDecisions = (n: number) => {
    decisionsDone += n;
    progress({ phase: 'decisions', done: Math.min(decisionsDone, counts.decisions * 2), total: counts.decisions * 2, unit: 'rows' });
  };
  const onEvents = (n: number) => {
    eventsDone += n;
    progress({ phase: 'audit events', done: Math.min(eventsDone, counts.auditEvents * 2), total: counts.auditEvents * 2, unit: 'rows' });
  };
  try {
    zip.addLazy(
      'report.pdf',
      () =>
        renderReportPdf(summary, {
          generatedAt: meta.createdAt,
          generatedBy: meta.createdBy,
          appVersion: meta.appVersion,
          chainHead: head,
          keyFingerprint: key.fingerprint,
          publicKeyPem: key.publicKeyPem,
        }) as unknown as Readable,
      { compress: false },
    );
    zip.addLazy('decisions.jsonl', () => textStream(decisionPages(db, range, snap, onDecisions), { kind: 'jsonl', line: decisionLine }), TEXT_COMPRESSION);
    zip.addLazy('decisions.csv', () => textStream(decisionPages(db, range, snap, onDecisions), { kind: 'csv', header: DECISION_COLUMNS, record: decisionRowRecord }), TEXT_COMPRESSION);
    zip.addLazy('audit-events.jsonl', () => textStream(eventPages(db, range, snap, onEvents), { kind: 'jsonl', line: eventLine }), TEXT_COMPRESSION);
    zip.addLazy('audit-events.csv', () => textStream(eventPages(db, range, snap, onEvents), { kind: 'csv', header: EVENT_COLUMNS, record: eventRowRecord }), TEXT_COMPRESSION);
    zip.addLazy('anchors.jsonl', () =>
      Readable.from(
        (async function* () {
          const lines = await anchorsInRange(deps.anchors.path, range.fromInstant, range.toInstant);
          yield Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
        })(),
      ),
    );
    const attachments = db.prepare(ATTACHMENTS_SQL).all(range.from, range.to) as { receiptId: string; sha256: string; name: string; size: number; date: string }[];
    let attachmentsDone = 0;
    const seen = new Set<string>();
    for (const a of attachments) {
      if (!files.has(a.sha256)) continue;
      let name = `receipts/${a.date}_${a.receiptId.slice(-12)}_${safeEntryName(a.name)}`;
      while (seen.has(name)) name = `${name}_`;
      seen.add(name);
      zip.addLazy(
        name,
        () => {
          attachmentsDone += 1;
          progress({ phase: 'attachments', done: attachmentsDone, total: attachments.length, unit: 'items' });
          return files.openRead(a.sha256);
        },
        { compress: false },
      );
    }

    const digests: ZipEntryDigest[] = await zip.digests();
    const body = {
      kind: BUNDLE_KIND,
      formatVersion: 1,
      appVersion: meta.appVersion,
      createdAt: meta.createdAt,
      createdBy: meta.createdBy,
      range: { from: range.from, to: range.to, sessionId: range.sessionId, fromInstant: range.fromInstant, toInstant: range.toInstant, timeZone: range.timeZone },
      chainHead: head,
      events: { count: counts.auditEvents, firstSeq: counts.firstSeq, lastSeq: counts.lastSeq, firstPrevHash, contiguous: range.sessionId === null },
      decisions: { count: counts.decisions, mode: 'execute' },
      latestAnchor,
      counts,
      files: digests,
    };
    const manifest = signManifest(body, key);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    zip.addBuffer(MANIFEST_NAME, manifestBytes);
    const { sha256, size } = await zip.finish();
    const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
    return { tempPath, sha256, size, manifestSha256, counts, chainHead: head };
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

/** The signed manifest: the body plus `signature { algorithm, publicKeyPem, fingerprint, value }` over its canonical JSON. */
export function signManifest<T extends object>(body: T, key: SigningKey): T & { signature: { algorithm: 'Ed25519'; publicKeyPem: string; fingerprint: string; value: string } } {
  return { ...body, signature: { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint, value: key.sign(canonicalJson(body)) } };
}
