/**
 * The receipts vault: rows, line items, attachments (content-addressed files), and the
 * FTS5 index kept in step on every write.
 */
import type { Receipt, ReceiptCapture, ReceiptSummary } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import { vendorKey } from '../../../../shared/domain/vendor';

export { vendorKey };

/** Fields a receipt must have to be complete; missing ones put it in the triage inbox. */
const REQUIRED = ['vendor', 'date', 'totalMinor'] as const;

type Row = {
  rowid_key: number;
  id: string;
  status: Receipt['status'];
  vendor: string | null;
  vendor_key: string | null;
  date: string | null;
  total_minor: number | null;
  currency: string;
  tax_minor: number | null;
  category: string | null;
  payment_method: string | null;
  tags_json: string;
  notes: string | null;
  address: string | null;
  ocr_text: string | null;
  source: string;
  source_ref: string | null;
  void_reason: string | null;
  needs_review: 0 | 1;
  created_at: string;
  updated_at: string;
};

/** What a receipt's required fields lack. */
export function missingFields(r: { vendor: string | null; date: string | null; totalMinor: number | null }): string[] {
  return REQUIRED.filter((f) => r[f] === null || r[f] === '');
}


const toSummary = (r: Row): ReceiptSummary => {
  const base = { vendor: r.vendor, date: r.date, totalMinor: r.total_minor };
  return {
    id: r.id,
    status: r.status,
    ...base,
    currency: r.currency,
    taxMinor: r.tax_minor,
    category: r.category,
    paymentMethod: r.payment_method,
    tags: JSON.parse(r.tags_json) as string[],
    notes: r.notes,
    address: r.address,
    missing: r.status === 'void' ? [] : missingFields(base),
    needsReview: r.needs_review === 1,
    source: r.source,
    sourceRef: r.source_ref,
    voidReason: r.void_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

function row(db: Db, id: string): Row {
  const r = sql(db, 'SELECT * FROM receipts WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new EngineError('not_found', `no receipt ${id}`);
  return r;
}

/** One receipt, whole. Throws `not_found`. */
export function getReceipt(db: Db, id: string): Receipt {
  const r = row(db, id);
  const lines = sql(db, 'SELECT description, qty, amount_minor AS amountMinor FROM receipt_lines WHERE receipt_id = ? ORDER BY idx').all(id) as Receipt['lines'];
  const attachments = sql(db, 'SELECT sha256, name, size, media_type AS mediaType FROM receipt_attachments WHERE receipt_id = ? ORDER BY name').all(id) as Receipt['attachments'];
  const ledgerEntry = (sql(
    db,
    `SELECT e.id, e.account_id AS accountId, a.name AS accountName, e.date, e.amount_minor AS amountMinor, e.payee
     FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.receipt_id = ?`,
  ).get(id) ?? null) as Receipt['ledgerEntry'];
  const stockEntries = sql(
    db,
    `SELECT j.seq, j.item_id AS itemId, i.name AS itemName, i.unit, j.kind, j.qty, j.unit_cost_minor AS unitCostMinor, j.occurred_at AS occurredAt
     FROM stock_journal j JOIN items i ON i.id = j.item_id WHERE j.source = 'receipt' AND j.source_ref = ? ORDER BY j.seq`,
  ).all(id) as Receipt['stockEntries'];
  return { ...toSummary(r), ocrText: r.ocr_text, lines, attachments, ledgerEntry, stockEntries, capture: captureOf(db, id) };
}

type CaptureRow = {
  file_sha256: string;
  file_name: string;
  media_type: string;
  pages_json: string;
  proposed_json: string;
  confidence: number;
  extractor: string;
  read_ms: number;
  status: ReceiptCapture['status'];
  corrections_json: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
};

/** What capture read and proposed for receipt `id`, or null when it was not captured. */
export function captureOf(db: Db, id: string): ReceiptCapture | null {
  const c = sql(db, 'SELECT * FROM receipt_captures WHERE receipt_id = ?').get(id) as CaptureRow | undefined;
  if (!c) return null;
  return {
    fileSha256: c.file_sha256,
    fileName: c.file_name,
    mediaType: c.media_type,
    pages: JSON.parse(c.pages_json) as ReceiptCapture['pages'],
    proposed: JSON.parse(c.proposed_json) as ReceiptCapture['proposed'],
    confidence: c.confidence,
    extractor: c.extractor,
    readMs: c.read_ms,
    status: c.status,
    outcomes: c.corrections_json === null ? null : (JSON.parse(c.corrections_json) as ReceiptCapture['outcomes']),
    confirmedBy: c.confirmed_by,
    confirmedAt: c.confirmed_at,
  };
}

/** A receipt's status from its fields: void stays void; missing a required field or awaiting review needs attention. */
function statusOf(current: Receipt['status'] | null, fields: Pick<ReceiptFields, 'vendor' | 'date' | 'totalMinor'>, needsReview: boolean): Receipt['status'] {
  if (current === 'void') return 'void';
  return missingFields(fields).length || needsReview ? 'needs_attention' : 'complete';
}

export { toSummary as toReceiptSummary };
export type ReceiptRow = Row;

/** A receipt's writable fields, as stored. */
export interface ReceiptFields {
  vendor: string | null;
  date: string | null;
  totalMinor: number | null;
  currency: string;
  taxMinor: number | null;
  category: string | null;
  paymentMethod: string | null;
  tags: string[];
  notes: string | null;
  address: string | null;
  ocrText: string | null;
}

function index(db: Db, rowid: number, f: Pick<ReceiptFields, 'vendor' | 'notes' | 'tags' | 'ocrText'>): void {
  sql(db, 'DELETE FROM receipts_fts WHERE rowid = ?').run(rowid);
  sql(db, 'INSERT INTO receipts_fts (rowid, vendor, notes, tags, ocr_text) VALUES (?, ?, ?, ?, ?)').run(rowid, f.vendor ?? '', f.notes ?? '', f.tags.join(' '), f.ocrText ?? '');
}

/**
 * Rebuilds the whole search index from the receipts table (after a restore replaced the
 * rows): the same fields `index` writes, for every receipt.
 */
export function reindexAllReceipts(db: Db): void {
  db.exec(`DELETE FROM receipts_fts;
    INSERT INTO receipts_fts (rowid, vendor, notes, tags, ocr_text)
      SELECT rowid_key, coalesce(vendor, ''), coalesce(notes, ''), coalesce((SELECT group_concat(value, ' ') FROM json_each(tags_json)), ''), coalesce(ocr_text, '')
      FROM receipts;`);
}

/**
 * Inserts a receipt (status from its required fields, and needing attention while
 * `needsReview`: a capture awaiting confirmation) and indexes it; returns its id.
 */
export function insertReceipt(db: Db, input: { id: string; now: string; source: string; sourceRef: string | null; needsReview?: boolean } & ReceiptFields): string {
  const needsReview = input.needsReview === true;
  const status = statusOf(null, input, needsReview);
  const info = sql(
    db,
    `INSERT INTO receipts (id, status, vendor, vendor_key, date, total_minor, currency, tax_minor, category, payment_method, tags_json, notes, address, ocr_text, source, source_ref, needs_review, created_at, updated_at)
     VALUES (@id, @status, @vendor, @vendorKey, @date, @totalMinor, @currency, @taxMinor, @category, @paymentMethod, @tags, @notes, @address, @ocrText, @source, @sourceRef, @review, @now, @now)`,
  ).run({ ...input, status, review: needsReview ? 1 : 0, vendorKey: vendorKey(input.vendor), tags: JSON.stringify(input.tags) });
  index(db, Number(info.lastInsertRowid), input);
  return input.id;
}

/**
 * Updates a receipt's fields; recomputes status (unless void) and the index. `reviewed`
 * ends a capture's review (the operator confirmed its fields); otherwise review is kept.
 */
export function updateReceipt(db: Db, id: string, fields: ReceiptFields, now: string, options: { reviewed?: boolean } = {}): void {
  const r = row(db, id);
  const needsReview = options.reviewed ? false : r.needs_review === 1;
  const status = statusOf(r.status, fields, needsReview);
  sql(
    db,
    `UPDATE receipts SET status = @status, vendor = @vendor, vendor_key = @vendorKey, date = @date, total_minor = @totalMinor, currency = @currency, tax_minor = @taxMinor,
       category = @category, payment_method = @paymentMethod, tags_json = @tags, notes = @notes, address = @address, ocr_text = @ocrText, needs_review = @review, updated_at = @now WHERE id = @id`,
  ).run({ ...fields, id, status, now, review: needsReview ? 1 : 0, vendorKey: vendorKey(fields.vendor), tags: JSON.stringify(fields.tags) });
  index(db, r.rowid_key, fields);
}

export function fieldsOf(r: Receipt): ReceiptFields {
  return {
    vendor: r.vendor,
    date: r.date,
    totalMinor: r.totalMinor,
    currency: r.currency,
    taxMinor: r.taxMinor,
    category: r.category,
    paymentMethod: r.paymentMethod,
    tags: r.tags,
    notes: r.notes,
    address: r.address,
    ocrText: r.ocrText,
  };
}

/** FTS5 query text for what the operator typed: each word a prefix term, quotes escaped. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ') : null;
}
