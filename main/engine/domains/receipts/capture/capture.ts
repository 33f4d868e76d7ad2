/**
 * Receipt capture (issue 17): scans, photos and PDFs become receipts in the triage inbox,
 * read on this machine and never sent anywhere.
 *
 * `receipts.capture` reads each file before its transaction (the preparer: OCR or a PDF's
 * text layer through the engine's {@link DocumentReader}, then {@link extractFields}); the
 * handler files one receipt per file read, with the file attached, its text searchable, the
 * proposed fields and their boxes kept, and `needs_review` set. A file that cannot be read
 * is named with why and the batch goes on; a batch of which no file could be read is refused
 * (its decision says why). The same file twice adds nothing, and is not read again.
 *
 * `receipts.confirmCapture` takes the operator's values and records, per field, whether the
 * proposal was accepted, corrected, or added where there was none: the measure of the
 * extractor, read back by `receipts.captureStats`.
 */
import { Readable } from 'node:stream';
import type { CaptureField, CaptureOutcome, ExtractedFields, ReceiptCapture } from '../../../../../shared/contract';
import { CAPTURE_FIELDS, EngineError } from '../../../../../shared/contract';
import { vendorKey } from '../../../../../shared/domain/vendor';
import { sql, type Db } from '../../../db/connection';
import { householdCurrency } from '../../../../../shared/domain/money';
import { readSettings } from '../../../governance/settings';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../../handlers';
import { checkAttachment } from '../attachments';
import { fieldsOf, getReceipt, insertReceipt, updateReceipt } from '../store';
import { extractFields } from './fields';
import type { ReadDocument } from './reader';

/** Which reader and rules propose the fields; kept with each capture, so figures can be compared across versions. */
export const EXTRACTOR = 'tesseract.js 7 eng/4.0.0_best_int, block and sparse readings voted; pdf.js text layer; field rules 1';

/** How many known vendors (the most recently filed) the extractor may snap a read name to. */
const KNOWN_VENDORS = 5000;

/** One file read and its proposal, as the preparer hands it to the handler. */
interface CapturedFile {
  name: string;
  sha256: string;
  mediaType: string;
  /** Bytes, as checked from the file. */
  size: number;
  pages: ReceiptCapture['pages'];
  ocrText: string;
  proposed: ExtractedFields;
  confidence: number;
  readMs: number;
}

interface CapturePrepared {
  read: CapturedFile[];
  /** Files captured before: not read again (the handler looks up their receipt). */
  before: { name: string; sha256: string }[];
  problems: { file: string; reason: string }[];
}

/** The vendors of receipts filed so far (not void), most recent first: what a read name may be snapped to. */
function knownVendors(db: Db): string[] {
  return (
    sql(db, `SELECT vendor FROM receipts WHERE status != 'void' AND vendor IS NOT NULL GROUP BY vendor_key ORDER BY max(rowid_key) DESC LIMIT ?`).all(KNOWN_VENDORS) as {
      vendor: string;
    }[]
  ).map((r) => r.vendor);
}

/** The mean confidence of the vendor, date and total proposals, 0–1 (a missing one counts 0). */
export function captureConfidence(fields: ExtractedFields): number {
  const parts = [fields.vendor, fields.date, fields.totalMinor].map((f) => f?.confidence ?? 0);
  return Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 1000) / 1000;
}

/** The text of a read document, one line per line, pages apart by a blank line. */
function documentText(doc: ReadDocument): string {
  return doc.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n\n');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const capturePreparers: ActionPreparers = {
  async 'receipts.capture'(p, { db, files, progress, services }) {
    const settings = readSettings(db);
    const defaultCurrency = p.currency ?? householdCurrency(settings.currency);
    const vendors = knownVendors(db);
    const reader = services.documentReader();
    const out: CapturePrepared = { read: [], before: [], problems: [] };
    for (const [index, f] of p.files.entries()) {
      progress({ phase: 'reading', done: index, total: p.files.length, unit: 'items' });
      try {
        if (!files.has(f.sha256)) throw new EngineError('not_found', `${f.name}: the file was not staged (stage it first)`);
        if (capturedBefore(db, f.sha256)) {
          out.before.push({ name: f.name, sha256: f.sha256 });
          continue;
        }
        const path = files.pathOf(f.sha256);
        const { mediaType, size } = checkAttachment(path, f.name);
        const started = performance.now();
        const doc = await reader.read(path, f.name);
        const readMs = Math.round(performance.now() - started);
        const pages: ReceiptCapture['pages'] = [];
        for (const page of doc.pages) {
          const image = page.image ? { sha256: (await files.putStream(Readable.from([page.image.bytes]), `${f.name}.page-${page.page}`)).sha256, mediaType: page.image.mediaType } : null;
          pages.push({ page: page.page, width: page.width, height: page.height, source: page.source, rotation: page.rotation, image });
        }
        const proposed = extractFields(doc.pages, { knownVendors: vendors, defaultCurrency });
        out.read.push({ name: f.name, sha256: f.sha256, mediaType, size, pages, ocrText: documentText(doc), proposed, confidence: captureConfidence(proposed), readMs });
      } catch (error) {
        // every reason names its file, so a joined refusal reads on its own
        const reason = message(error);
        out.problems.push({ file: f.name, reason: reason.startsWith(f.name) ? reason : `${f.name}: ${reason}` });
      }
    }
    progress({ phase: 'reading', done: p.files.length, total: p.files.length, unit: 'items' });
    return out;
  },
};

/** A filed receipt (not void, other than `exceptId`) with the same vendor and total and a date at most a day apart, or null. */
function duplicateOf(db: Db, exceptId: string, vendor: string | null, date: string | null, totalMinor: number | null): string | null {
  const key = vendorKey(vendor);
  if (key === null || date === null || totalMinor === null) return null;
  const r = sql(
    db,
    `SELECT id FROM receipts WHERE id != ? AND status != 'void' AND vendor_key = ? AND total_minor = ? AND date IS NOT NULL AND abs(julianday(date) - julianday(?)) <= 1 ORDER BY rowid_key LIMIT 1`,
  ).get(exceptId, key, totalMinor, date) as { id: string } | undefined;
  return r?.id ?? null;
}

/** The receipt (not void) a file was captured into before, or null. */
function capturedBefore(db: Db, sha256: string): string | null {
  const r = sql(db, `SELECT c.receipt_id AS id FROM receipt_captures c JOIN receipts r ON r.id = c.receipt_id WHERE c.file_sha256 = ? AND r.status != 'void' LIMIT 1`).get(sha256) as
    | { id: string }
    | undefined;
  return r?.id ?? null;
}

/** Files one read file as a receipt awaiting review; returns its id. */
function fileCapture(ctx: ActionContext, f: CapturedFile, currency: string): string {
  const id = ctx.newId();
  const { proposed } = f;
  insertReceipt(ctx.db, {
    id,
    now: ctx.now,
    source: 'capture',
    sourceRef: f.sha256,
    needsReview: true,
    vendor: proposed.vendor?.value ?? null,
    date: proposed.date?.value ?? null,
    totalMinor: proposed.totalMinor?.value ?? null,
    currency: proposed.currency?.value ?? currency,
    taxMinor: null,
    category: null,
    paymentMethod: null,
    tags: [],
    notes: null,
    address: null,
    ocrText: f.ocrText,
  });
  sql(ctx.db, 'INSERT OR IGNORE INTO receipt_attachments (receipt_id, sha256, name, size, media_type) VALUES (?, ?, ?, ?, ?)').run(id, f.sha256, f.name, f.size, f.mediaType);
  sql(
    ctx.db,
    `INSERT INTO receipt_captures (receipt_id, file_sha256, file_name, media_type, pages_json, proposed_json, confidence, extractor, read_ms, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)`,
  ).run(id, f.sha256, f.name, f.mediaType, JSON.stringify(f.pages), JSON.stringify(proposed), f.confidence, EXTRACTOR, f.readMs, ctx.now);
  return id;
}

/** Per field, how the operator's value relates to the proposal. */
export function captureOutcomes(proposed: ExtractedFields, confirmed: Record<CaptureField, string | number>): Record<CaptureField, CaptureOutcome> {
  const same = (field: CaptureField, value: string | number): boolean => {
    const p = proposed[field]?.value;
    if (p === undefined) return false;
    return field === 'vendor' ? vendorKey(String(p)) === vendorKey(String(value)) : p === value;
  };
  return Object.fromEntries(CAPTURE_FIELDS.map((field) => [field, proposed[field] === null ? 'added' : same(field, confirmed[field]) ? 'accepted' : 'corrected'])) as Record<CaptureField, CaptureOutcome>;
}

export const captureActions: Pick<ActionHandlers, 'receipts.capture' | 'receipts.confirmCapture'> = {
  'receipts.capture'(p, ctx) {
    const prepared = ctx.prepared as CapturePrepared | undefined;
    if (!prepared) throw new EngineError('internal', 'receipts.capture runs through dispatchAsync (its files are read before the transaction)');
    const currency = p.currency ?? householdCurrency(ctx.settings.currency);
    const captured: { file: string; receiptId: string; vendor: string | null; date: string | null; totalMinor: number | null; currency: string; confidence: number; duplicateOf: string | null }[] = [];
    const alreadyCaptured: { file: string; receiptId: string }[] = [];
    const problems = [...prepared.problems];
    for (const f of prepared.before) {
      const before = capturedBefore(ctx.db, f.sha256);
      if (before) alreadyCaptured.push({ file: f.name, receiptId: before });
      else problems.push({ file: f.name, reason: `${f.name}: its receipt was voided while the batch was read: capture it again` });
    }
    for (const f of prepared.read) {
      const before = capturedBefore(ctx.db, f.sha256);
      if (before) {
        alreadyCaptured.push({ file: f.name, receiptId: before });
        continue;
      }
      const id = fileCapture(ctx, f, currency);
      const r = getReceipt(ctx.db, id);
      ctx.record({ entity: 'receipt', entityId: id, before: null, after: { ...r, ocrText: r.ocrText ? `${r.ocrText.length} characters` : null, capture: { ...r.capture, pages: r.capture?.pages.length } } });
      captured.push({ file: f.name, receiptId: id, vendor: r.vendor, date: r.date, totalMinor: r.totalMinor, currency: r.currency, confidence: f.confidence, duplicateOf: duplicateOf(ctx.db, id, r.vendor, r.date, r.totalMinor) });
    }
    if (captured.length === 0 && alreadyCaptured.length === 0) {
      throw new EngineError('invalid', problems.map((x) => x.reason).join('; ') || 'no file was read');
    }
    ctx.touch('receipts');
    return { captured, alreadyCaptured, problems };
  },

  'receipts.confirmCapture'(p, ctx) {
    const before = getReceipt(ctx.db, p.id);
    if (!before.capture) throw new EngineError('conflict', 'this receipt was not captured from a file: edit it instead');
    if (before.status === 'void') throw new EngineError('conflict', 'a void receipt cannot be confirmed');
    if (before.capture.status === 'confirmed') throw new EngineError('conflict', `this capture was already confirmed by ${before.capture.confirmedBy ?? 'someone'} at ${before.capture.confirmedAt ?? '?'}`);
    const confirmed = { vendor: p.vendor, date: p.date, totalMinor: p.totalMinor, currency: p.currency };
    const outcomes = captureOutcomes(before.capture.proposed, confirmed);
    updateReceipt(ctx.db, p.id, { ...fieldsOf(before), ...confirmed }, ctx.now, { reviewed: true });
    sql(ctx.db, `UPDATE receipt_captures SET status = 'confirmed', confirmed_json = ?, corrections_json = ?, confirmed_by = ?, confirmed_at = ? WHERE receipt_id = ?`).run(
      JSON.stringify(confirmed),
      JSON.stringify(outcomes),
      ctx.actorName,
      ctx.now,
      p.id,
    );
    const after = getReceipt(ctx.db, p.id);
    const slim = (r: typeof before) => ({ vendor: r.vendor, date: r.date, totalMinor: r.totalMinor, currency: r.currency, status: r.status, needsReview: r.needsReview });
    ctx.record({ entity: 'receipt', entityId: p.id, before: slim(before), after: { ...slim(after), outcomes } });
    ctx.touch('receipts');
    return after;
  },
};

export const captureQueries: Pick<QueryHandlers, 'receipts.captureStats'> = {
  'receipts.captureStats': (_p, ctx) => {
    const rows = sql(ctx.db, `SELECT corrections_json FROM receipt_captures WHERE status = 'confirmed'`).all() as { corrections_json: string }[];
    const counts = new Map(CAPTURE_FIELDS.map((field) => [field, { field, accepted: 0, corrected: 0, added: 0 }]));
    for (const r of rows) {
      for (const [field, outcome] of Object.entries(JSON.parse(r.corrections_json) as Record<CaptureField, CaptureOutcome>)) {
        const c = counts.get(field as CaptureField);
        if (c) c[outcome] += 1;
      }
    }
    const awaiting = sql(ctx.db, `SELECT count(*) AS n FROM receipt_captures c JOIN receipts r ON r.id = c.receipt_id WHERE c.status = 'proposed' AND r.status != 'void'`).get() as { n: number };
    return { confirmed: rows.length, awaitingReview: awaiting.n, fields: [...counts.values()] };
  },
};
