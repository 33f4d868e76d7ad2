/**
 * Receipt actions and queries: entry, edit, void (never erased), SROIE import, search
 * (FTS5 with filters), and the triage inbox (incomplete receipts and likely duplicates).
 */
import { readFileSync } from 'node:fs';
import type { Receipt, ReceiptImportSummary, ReceiptSummary } from '../../../../shared/contract';
import { EngineError, receiptTaxProblem } from '../../../../shared/contract';
import { dayNumber } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import { filters } from '../../db/filters';
import { capList, MAX_STORED_TEXT_CHARS } from '../../governance/limits';
import type { ActionContext, ActionHandlers, ActionPreparers, QueryHandlers } from '../../handlers';
import { checkAttachment } from './attachments';
import { readReceiptCsv, type CsvReceiptsRead } from './csv-import';
import { readSroie, type SroieReceipt } from './sroie';
import { captureOf, fieldsOf, ftsQuery, getReceipt, insertReceipt, missingFields, toReceiptSummary, updateReceipt, type ReceiptFields, type ReceiptRow } from './store';
import { readDocument } from '../../files/store';

/** Attaches staged files to a receipt, each checked from its bytes (type, size, corruption); one already attached is skipped. */
function attach(ctx: ActionContext, receiptId: string, files: readonly { sha256: string; name: string }[]): void {
  for (const f of files) {
    if (!ctx.files.has(f.sha256)) throw new EngineError('not_found', `no staged file ${f.sha256.slice(0, 12)}…: stage the attachment first`);
    const { mediaType, size } = checkAttachment(ctx.files.pathOf(f.sha256), f.name);
    sql(ctx.db, 'INSERT OR IGNORE INTO receipt_attachments (receipt_id, sha256, name, size, media_type) VALUES (?, ?, ?, ?, ?)').run(receiptId, f.sha256, f.name, size, mediaType);
  }
}

/** Sets a receipt's line items to `lines`, in order (amounts in minor units of the receipt's currency). */
function replaceLines(ctx: ActionContext, receiptId: string, lines: readonly { description: string; qty: number; amountMinor: number }[]): void {
  sql(ctx.db, 'DELETE FROM receipt_lines WHERE receipt_id = ?').run(receiptId);
  const insert = sql(ctx.db, 'INSERT INTO receipt_lines (receipt_id, idx, description, qty, amount_minor) VALUES (?, ?, ?, ?, ?)');
  lines.forEach((line, idx) => insert.run(receiptId, idx, line.description, line.qty, line.amountMinor));
  ctx.touch('receipt_lines');
}

/** The two receipts of a duplicate pair, both present and not void. */
function pairOf(ctx: ActionContext, aId: string, bId: string): [Receipt, Receipt] {
  if (aId === bId) throw new EngineError('invalid', 'a receipt is not a duplicate of itself', { issues: [{ path: ['duplicateId'], message: 'must be another receipt' }] });
  const pair: [Receipt, Receipt] = [getReceipt(ctx.db, aId), getReceipt(ctx.db, bId)];
  for (const r of pair) if (r.status === 'void') throw new EngineError('conflict', `the receipt from ${r.vendor ?? 'an unknown vendor'} (${r.id}) is already void`);
  return pair;
}

function audited(ctx: ActionContext, id: string, before: Receipt | null): Receipt {
  const after = getReceipt(ctx.db, id);
  const slim = (r: Receipt | null) => (r ? { ...r, ocrText: r.ocrText ? `${r.ocrText.length} characters` : null } : null);
  ctx.record({ entity: 'receipt', entityId: id, before: slim(before), after: slim(after) });
  ctx.touch('receipts');
  return after;
}

/**
 * Refuses (EngineError `invalid` on `taxMinor`) a tax that does not fit the total
 * (`receiptTaxProblem`: zero or the total's sign, not more than the total in size).
 */
function checkTax(totalMinor: number | null, taxMinor: number | null): void {
  const problem = receiptTaxProblem(totalMinor, taxMinor);
  if (problem) throw new EngineError('invalid', problem, { issues: [{ path: ['taxMinor'], message: problem }] });
}

/** How many rows a receipts CSV preview lists (the counts cover the whole file). */
const PREVIEW_ROWS = 500;

/** How many unreadable rows a refused import names; the message counts the rest. */
const ROW_ERRORS_LISTED = 20;

/**
 * The refusal of an import with unreadable rows: how many, the first ROW_ERRORS_LISTED
 * (fewer when they would pass MAX_STORED_TEXT_CHARS), and "… and N more".
 */
function rowErrors(errors: readonly { message: string }[]): EngineError {
  const head = `${errors.length} row${errors.length === 1 ? '' : 's'} could not be read, nothing was imported: `;
  const listed = capList(
    errors.map((e) => e.message),
    { max: MAX_STORED_TEXT_CHARS - head.length, separator: '; ', maxItems: ROW_ERRORS_LISTED },
  );
  return new EngineError('invalid', `${head}${listed}`);
}

export const receiptActions: Pick<ActionHandlers, 'receipts.create' | 'receipts.update' | 'receipts.void' | 'receipts.merge' | 'receipts.dismissDuplicate' | 'receipts.completeMany' | 'receipts.renameCategory' | 'receipts.importSroie' | 'receipts.importCsv'> = {
  'receipts.create'(p, ctx) {
    checkTax(p.totalMinor, p.taxMinor ?? null);
    const id = ctx.newId();
    insertReceipt(ctx.db, {
      id,
      now: ctx.now,
      source: 'manual',
      sourceRef: null,
      vendor: p.vendor,
      date: p.date,
      totalMinor: p.totalMinor,
      currency: p.currency,
      taxMinor: p.taxMinor ?? null,
      category: p.category ?? null,
      paymentMethod: p.paymentMethod ?? null,
      tags: [...new Set(p.tags ?? [])],
      notes: p.notes ?? null,
      address: null,
      ocrText: null,
    });
    replaceLines(ctx, id, p.lines ?? []);
    attach(ctx, id, p.attachments ?? []);
    return audited(ctx, id, null);
  },

  'receipts.update'(p, ctx) {
    const before = getReceipt(ctx.db, p.id);
    if (before.status === 'void') throw new EngineError('conflict', 'a void receipt cannot be edited');
    const fields: ReceiptFields = { ...fieldsOf(before) };
    const given = Object.entries(p).filter(([k, v]) => k !== 'id' && k !== 'attachments' && k !== 'lines' && k !== 'reason' && v !== undefined);
    if (given.length === 0 && !p.attachments?.length && p.lines === undefined) throw new EngineError('conflict', 'nothing to change');
    Object.assign(fields, Object.fromEntries(given));
    checkTax(fields.totalMinor, fields.taxMinor);
    updateReceipt(ctx.db, p.id, fields, ctx.now);
    if (p.lines !== undefined) replaceLines(ctx, p.id, p.lines);
    attach(ctx, p.id, p.attachments ?? []);
    return audited(ctx, p.id, before);
  },

  'receipts.void'(p, ctx) {
    const before = getReceipt(ctx.db, p.id);
    if (before.status === 'void') throw new EngineError('conflict', 'the receipt is already void');
    sql(ctx.db, "UPDATE receipts SET status = 'void', void_reason = ?, updated_at = ? WHERE id = ?").run(p.reason, ctx.now, p.id);
    return audited(ctx, p.id, before);
  },

  'receipts.merge'(p, ctx) {
    const [keep, dup] = pairOf(ctx, p.keepId, p.duplicateId);
    if (keep.currency !== dup.currency) throw new EngineError('conflict', `the receipts are in different currencies (${keep.currency}, ${dup.currency}): not duplicates`);
    if (keep.ledgerEntry && dup.ledgerEntry) throw new EngineError('conflict', 'both receipts are matched to bank entries: they are not duplicates, dismiss the pair instead');
    const fields = fieldsOf(keep);
    const from = fieldsOf(dup);
    for (const key of ['vendor', 'date', 'totalMinor', 'taxMinor', 'category', 'paymentMethod', 'notes', 'address', 'ocrText'] as const) {
      if (fields[key] === null && from[key] !== null) Object.assign(fields, { [key]: from[key] });
    }
    fields.tags = [...new Set([...fields.tags, ...from.tags])].slice(0, 20);
    updateReceipt(ctx.db, keep.id, fields, ctx.now);
    sql(ctx.db, 'INSERT OR IGNORE INTO receipt_attachments (receipt_id, sha256, name, size, media_type) SELECT ?, sha256, name, size, media_type FROM receipt_attachments WHERE receipt_id = ?').run(keep.id, dup.id);
    if (keep.lines.length === 0) sql(ctx.db, 'INSERT INTO receipt_lines (receipt_id, idx, description, qty, amount_minor) SELECT ?, idx, description, qty, amount_minor FROM receipt_lines WHERE receipt_id = ?').run(keep.id, dup.id);
    if (dup.ledgerEntry) {
      sql(ctx.db, 'UPDATE ledger_entries SET receipt_id = ? WHERE id = ?').run(keep.id, dup.ledgerEntry.id);
      ctx.record({ entity: 'ledger_entry', entityId: dup.ledgerEntry.id, before: { receiptId: dup.id }, after: { receiptId: keep.id } });
      ctx.touch('ledger_entries');
    }
    sql(ctx.db, "UPDATE receipts SET status = 'void', void_reason = ?, updated_at = ? WHERE id = ?").run(`merged into ${keep.id} (duplicate of ${keep.vendor ?? 'a receipt'} ${keep.date ?? ''})`.trim(), ctx.now, dup.id);
    audited(ctx, dup.id, dup);
    return audited(ctx, keep.id, keep);
  },

  'receipts.completeMany'(p, ctx) {
    const given = { vendor: p.vendor, date: p.date, category: p.category, paymentMethod: p.paymentMethod };
    const receipts = p.ids.map((id) => getReceipt(ctx.db, id));
    const voided = receipts.find((r) => r.status === 'void');
    if (voided) throw new EngineError('conflict', `the receipt from ${voided.vendor ?? 'an unknown vendor'} (${voided.id}) is void: it cannot be completed`);
    let updated = 0;
    let completed = 0;
    for (const before of receipts) {
      const fields: ReceiptFields = { ...fieldsOf(before) };
      let filled = false;
      for (const [key, value] of Object.entries(given) as [keyof typeof given, string | undefined][]) {
        if (value !== undefined && fields[key] === null) {
          fields[key] = value;
          filled = true;
        }
      }
      if (!filled) continue;
      updateReceipt(ctx.db, before.id, fields, ctx.now);
      updated += 1;
      if (audited(ctx, before.id, before).status === 'complete' && before.status !== 'complete') completed += 1;
    }
    return { updated, completed, unchanged: receipts.length - updated };
  },

  'receipts.renameCategory'(p, ctx) {
    const filed = (sql(ctx.db, "SELECT id FROM receipts WHERE status != 'void' AND category = ? ORDER BY rowid_key").all(p.from) as { id: string }[]).map((r) => r.id);
    if (filed.length === 0) throw new EngineError('not_found', `no receipt is filed under the category "${p.from}"`);
    for (const id of filed) {
      const before = getReceipt(ctx.db, id);
      updateReceipt(ctx.db, id, { ...fieldsOf(before), category: p.to }, ctx.now);
      audited(ctx, id, before);
    }
    return { from: p.from, to: p.to, receipts: filed.length };
  },

  'receipts.dismissDuplicate'(p, ctx) {
    pairOf(ctx, p.aId, p.bId);
    const [a, b] = p.aId < p.bId ? [p.aId, p.bId] : [p.bId, p.aId];
    const info = sql(ctx.db, 'INSERT OR IGNORE INTO receipt_duplicate_dismissals (a_id, b_id, reason, at, by) VALUES (?, ?, ?, ?, ?)').run(a, b, p.reason ?? null, ctx.now, ctx.actorName);
    if (info.changes === 0) throw new EngineError('conflict', 'this pair was already dismissed');
    ctx.record({ entity: 'receipt_duplicate_dismissal', entityId: `${a}/${b}`, before: null, after: { aId: a, bId: b, reason: p.reason ?? null } });
    ctx.touch('receipts');
    return { aId: a, bId: b };
  },

  'receipts.importCsv'(p, ctx) {
    const read = ctx.prepared as CsvReceiptsRead | undefined;
    if (!read) throw new EngineError('internal', 'receipts.importCsv runs through dispatchAsync (its file is read before the transaction)');
    const chosen = p.rows ? new Set(p.rows) : null;
    if (chosen) {
      const last = Math.max(0, ...read.receipts.map((r) => r.row), ...read.errors.map((e) => e.row));
      const missing = p.rows?.filter((r) => r > last) ?? [];
      if (missing.length > 0) throw new EngineError('invalid', `row ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''} is not in the file (it has ${last} rows)`);
    }
    // a row left out cannot refuse the file
    const errors = chosen ? read.errors.filter((e) => chosen.has(e.row)) : read.errors;
    if (errors.length) throw rowErrors(errors);
    const receipts = chosen ? read.receipts.filter((r) => chosen.has(r.row)) : read.receipts;
    const skippedRows = [...read.receipts.filter((r) => !receipts.includes(r)).map((r) => r.row), ...read.errors.filter((e) => !errors.includes(e)).map((e) => e.row)].sort((a, b) => a - b);
    const summary = { rows: receipts.length, imported: 0, needsAttention: 0, alreadyImported: 0, skipped: skippedRows.length };
    for (const r of receipts) {
      // a row is its file and row number: the same file again adds nothing
      const sourceRef = `${p.fileSha256}:${r.row}`;
      if (sql(ctx.db, "SELECT 1 FROM receipts WHERE source = 'csv' AND source_ref = ?").get(sourceRef)) {
        summary.alreadyImported += 1;
        continue;
      }
      insertReceipt(ctx.db, { id: ctx.newId(), now: ctx.now, source: 'csv', sourceRef, ...r, address: null, ocrText: null });
      summary.imported += 1;
      if (missingFields(r).length) summary.needsAttention += 1;
    }
    ctx.record({
      entity: 'receipt_import',
      entityId: ctx.decisionId,
      before: null,
      after: { ...summary, format: 'CSV', fileSha256: p.fileSha256, fileName: p.fileName ?? null, mapping: p.mapping, skippedRows: capList(skippedRows.map(String)) },
    });
    ctx.touch('receipts');
    return summary;
  },

  'receipts.importSroie'(p, ctx) {
    const prepared = ctx.prepared as { receipts: SroieReceipt[]; problems: { file: string; reason: string }[] } | undefined;
    if (!prepared) throw new EngineError('internal', 'receipts.importSroie runs through dispatchAsync (its files are read before the transaction)');
    const summary: ReceiptImportSummary = { files: p.files.length, imported: 0, needsAttention: 0, alreadyImported: 0, problems: prepared.problems, incomplete: [] };
    for (const r of prepared.receipts) {
      // a receipt is its file name and content: the same file again adds nothing, the same content under another name (a rescan) is kept and shows as a likely duplicate
      const sourceRef = `${r.name}:${r.keySha256}`;
      if (sql(ctx.db, "SELECT 1 FROM receipts WHERE source = 'sroie' AND source_ref = ?").get(sourceRef)) {
        summary.alreadyImported += 1;
        continue;
      }
      const fields = { vendor: r.vendor, date: r.date, totalMinor: r.totalMinor };
      const missing = [...missingFields(fields), ...r.unreadable.map((u) => `unreadable ${u}`)];
      insertReceipt(ctx.db, {
        id: ctx.newId(),
        now: ctx.now,
        source: 'sroie',
        sourceRef,
        ...fields,
        currency: p.currency,
        taxMinor: null,
        category: null,
        paymentMethod: null,
        tags: [],
        notes: r.unreadable.length ? `imported from ${r.name}; could not read ${r.unreadable.join(', ')}` : `imported from ${r.name}`,
        address: r.address,
        ocrText: r.ocrText,
      });
      summary.imported += 1;
      if (missingFields(fields).length) summary.needsAttention += 1;
      if (missing.length) summary.incomplete.push({ file: r.name, missing });
    }
    ctx.record({ entity: 'receipt_import', entityId: ctx.decisionId, before: null, after: { ...summary, incomplete: summary.incomplete.length, files: p.files.map((f) => f.sha256) } });
    ctx.touch('receipts');
    return summary;
  },
};

export const receiptPreparers: ActionPreparers = {
  async 'receipts.importCsv'(p, { files }) {
    return readReceiptCsv(readDocument(files, p.fileSha256, 'receipts CSV'), { encoding: p.encoding, currency: p.currency, mapping: p.mapping });
  },
  async 'receipts.importSroie'(p, { files, progress }) {
    const located = p.files.map((f) => ({ name: f.name.replace(/^.*[\\/]/, ''), sha256: f.sha256, path: files.pathOf(f.sha256) }));
    progress({ phase: 'reading', done: 0, total: located.length, unit: 'items' });
    const read = readSroie(located);
    progress({ phase: 'reading', done: located.length, total: located.length, unit: 'items' });
    return read;
  },
};

/** A page image of receipt `receiptId`'s capture with hash `sha256` (name, size, media type), or null. */
function capturePageImage(db: Db, receiptId: string, sha256: string): { name: string; mediaType: string } | null {
  const capture = captureOf(db, receiptId);
  const page = capture?.pages.find((pg) => pg.image?.sha256 === sha256);
  if (!capture || !page?.image) return null;
  return { name: `${capture.fileName} (page ${page.page} as read)`, mediaType: page.image.mediaType };
}

/** Likely duplicates: same vendor after normalisation, same total, dates at most one day apart. */
function duplicatePairs(db: Db, limit: number): { a: ReceiptSummary; b: ReceiptSummary; why: string }[] {
  const rows = sql(
    db,
    `SELECT a.id AS a, b.id AS b FROM receipts a JOIN receipts b
       ON a.vendor_key = b.vendor_key AND a.total_minor = b.total_minor AND a.rowid_key < b.rowid_key
     WHERE a.status != 'void' AND b.status != 'void' AND a.date IS NOT NULL AND b.date IS NOT NULL
       AND abs(julianday(a.date) - julianday(b.date)) <= 1
       AND NOT EXISTS (SELECT 1 FROM receipt_duplicate_dismissals d WHERE d.a_id = min(a.id, b.id) AND d.b_id = max(a.id, b.id))
     LIMIT ?`,
  ).all(limit) as { a: string; b: string }[];
  return rows.map(({ a, b }) => {
    const ra = toReceiptSummary(sql(db, 'SELECT * FROM receipts WHERE id = ?').get(a) as ReceiptRow);
    const rb = toReceiptSummary(sql(db, 'SELECT * FROM receipts WHERE id = ?').get(b) as ReceiptRow);
    const days = Math.abs(dayNumber(ra.date as string) - dayNumber(rb.date as string));
    return { a: ra, b: rb, why: `same vendor and total, ${days === 0 ? 'same day' : '1 day apart'}` };
  });
}

export const receiptQueries: Pick<QueryHandlers, 'receipts.list' | 'receipts.get' | 'receipts.attachment' | 'receipts.previewCsv' | 'receipts.triage' | 'receipts.categories'> = {
  'receipts.previewCsv': (p, ctx) => {
    const read = readReceiptCsv(readDocument(ctx.files, p.fileSha256, 'receipts CSV'), { encoding: p.encoding, currency: p.currency, mapping: p.mapping });
    const known = sql(ctx.db, "SELECT 1 FROM receipts WHERE source = 'csv' AND source_ref = ?");
    return {
      columns: read.columns,
      suggestedMapping: read.suggestedMapping,
      mapping: read.mapping,
      rowCount: read.receipts.length,
      rows: read.receipts.slice(0, PREVIEW_ROWS).map((r) => ({ ...r, alreadyImported: known.get(`${p.fileSha256}:${r.row}`) !== undefined })),
      errors: read.errors,
    };
  },
  'receipts.list': (p, ctx) => {
    const f = filters({ limit: p.limit + 1 })
      .when(p.status, 'status', 'r.status = @status')
      .when(p.needsReview === undefined ? undefined : p.needsReview ? 1 : 0, 'review', 'r.needs_review = @review')
      .when(p.category, 'category', 'r.category = @category')
      .when(p.paymentMethod, 'paymentMethod', 'r.payment_method = @paymentMethod')
      .when(p.from, 'from', 'r.date >= @from')
      .when(p.to, 'to', 'r.date <= @to')
      .when(p.minTotalMinor, 'min', 'r.total_minor >= @min')
      .when(p.maxTotalMinor, 'max', 'r.total_minor <= @max')
      .when(p.cursor, 'cursor', 'r.rowid_key < (SELECT rowid_key FROM receipts WHERE id = @cursor)');
    const match = p.search ? ftsQuery(p.search) : null;
    // Newest first by insertion. With a search, walk the index's rowids downwards and stop at the limit.
    const text = match
      ? `SELECT r.* FROM receipts_fts ft JOIN receipts r ON r.rowid_key = ft.rowid WHERE receipts_fts MATCH @match ${f.clause('AND')} ORDER BY ft.rowid DESC LIMIT @limit`
      : `SELECT r.* FROM receipts r ${f.clause()} ORDER BY r.rowid_key DESC LIMIT @limit`;
    const rows = sql(ctx.db, text).all(match ? { ...f.args, match } : f.args) as ReceiptRow[];
    const page = rows.slice(0, p.limit).map(toReceiptSummary);
    return { items: page, nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
  },
  'receipts.get': (p, ctx) => getReceipt(ctx.db, p.id),
  'receipts.attachment': (p, ctx) => {
    const a = sql(ctx.db, 'SELECT name, size, media_type AS mediaType FROM receipt_attachments WHERE receipt_id = ? AND sha256 = ?').get(p.receiptId, p.sha256) as
      | { name: string; size: number; mediaType: string }
      | undefined;
    // a captured receipt's page images (a PDF page rendered, a photo turned upright) are read like its attachments
    const page = a ? null : capturePageImage(ctx.db, p.receiptId, p.sha256);
    if (!a && page) {
      const bytes = readFileSync(ctx.files.pathOf(p.sha256));
      return { sha256: p.sha256, ...page, size: bytes.length, dataBase64: bytes.toString('base64') };
    }
    if (!a) throw new EngineError('not_found', `receipt ${p.receiptId} has no attachment ${p.sha256.slice(0, 12)}…`);
    return { sha256: p.sha256, ...a, dataBase64: readFileSync(ctx.files.pathOf(p.sha256)).toString('base64') };
  },
  'receipts.categories': (_p, ctx) => {
    const counts = (column: 'category' | 'payment_method') =>
      sql(ctx.db, `SELECT ${column} AS name, count(*) AS receipts FROM receipts WHERE status != 'void' AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY receipts DESC, name`).all() as { name: string; receipts: number }[];
    // per vendor key, the category of its most recently changed receipt that has one
    const vendorCategories = sql(
      ctx.db,
      `SELECT vendor_key AS vendorKey, category FROM (
         SELECT vendor_key, category, updated_at, rowid_key, row_number() OVER (PARTITION BY vendor_key ORDER BY updated_at DESC, rowid_key DESC) AS n
         FROM receipts WHERE status != 'void' AND vendor_key IS NOT NULL AND category IS NOT NULL)
       WHERE n = 1 ORDER BY updated_at DESC, rowid_key DESC LIMIT 5000`,
    ).all() as { vendorKey: string; category: string }[];
    return { categories: counts('category'), paymentMethods: counts('payment_method'), vendorCategories };
  },
  'receipts.triage': (p, ctx) => ({
    needsAttention: (sql(ctx.db, "SELECT * FROM receipts WHERE status = 'needs_attention' ORDER BY id DESC LIMIT ?").all(p.limit) as ReceiptRow[]).map(toReceiptSummary),
    duplicates: duplicatePairs(ctx.db, p.limit),
  }),
};
