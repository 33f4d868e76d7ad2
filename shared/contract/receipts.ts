/**
 * Receipts (DOMAIN.md "Receipts and the ledger"): the vault of receipts with line items,
 * tags, OCR text and attachments; the triage inbox; full-text search; receipt imports.
 * Money is integer minor units with an ISO-4217 currency. A negative total is a refund or a
 * credit note (money back): its tax is zero or negative too (`receiptTaxProblem`).
 */
import { z } from 'zod';
import { CAPTURE_FIELDS, extractedFieldsSchema } from './capture';
import { CSV_DATE_FORMATS } from './ledger';
import { calendarDate, currency, id, instant, note, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const RECEIPT_STATUSES = ['needs_attention', 'complete', 'void'] as const;

/** The largest attachment: 25 MiB, ample for a phone photo or a scanned multi-page PDF. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Media types an attachment may have (sniffed from its bytes in main). */
export const ATTACHMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'application/pdf'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)');
const label = z.string().trim().min(1).max(64);
/** Signed integer minor units: a refund's total, tax and lines are negative. */
const signedMinorUnits = z.int({ message: 'must be a whole number of minor units (cents)' }).min(-Number.MAX_SAFE_INTEGER, 'too large').max(Number.MAX_SAFE_INTEGER, 'too large');

/**
 * Why a receipt's tax does not fit its total, in words, or null when it does: the tax is
 * zero or has the total's sign (a refund's tax is negative or zero), and is not more than
 * the total in size. Amounts in minor units of one currency; null (unknown) fits anything.
 */
export function receiptTaxProblem(totalMinor: number | null, taxMinor: number | null): string | null {
  if (totalMinor === null || taxMinor === null || taxMinor === 0) return null;
  if (totalMinor >= 0 && taxMinor < 0) return 'tax is negative but the total is not (only a refund has negative tax)';
  if (totalMinor < 0 && taxMinor > 0) return 'tax is positive on a refund (a refund’s tax is negative or zero)';
  return Math.abs(taxMinor) > Math.abs(totalMinor) ? 'tax is more than the total' : null;
}

/** A line item: a refund's lines and a discount line have negative amounts. */
export const receiptLineSchema = z.object({ description: z.string().trim().min(1).max(200), qty: z.number().positive().max(1e6).default(1), amountMinor: signedMinorUnits });

const receiptFields = {
  vendor: z.string().trim().min(1).max(200),
  date: calendarDate,
  /** Negative for a refund or credit note. */
  totalMinor: signedMinorUnits,
  currency,
  taxMinor: signedMinorUnits.optional(),
  category: label.optional(),
  paymentMethod: label.optional(),
  tags: z.array(label).max(20).optional(),
  notes: note.optional(),
  lines: z.array(receiptLineSchema).max(500).optional(),
  attachments: z.array(z.strictObject({ sha256, name: z.string().trim().min(1).max(255) })).max(20).optional(),
};

/** How a captured field ended at confirmation: as proposed, corrected, or entered where nothing was proposed. */
export const CAPTURE_OUTCOMES = ['accepted', 'corrected', 'added'] as const;
export type CaptureOutcome = (typeof CAPTURE_OUTCOMES)[number];

/** The most files one capture takes (the console sends them one at a time, for progress and cancel). */
export const MAX_CAPTURE_FILES = 20;

/** A page of a captured document as it was read; `image` is the stored picture the boxes refer to, null when it is the file itself. */
export const capturePageSchema = z.object({
  page: z.int().min(1),
  width: z.number(),
  height: z.number(),
  source: z.enum(['ocr', 'pdf-text']),
  rotation: z.int(),
  image: z.object({ sha256: z.string(), mediaType: z.string() }).nullable(),
});

/** What capture read from a receipt's file and proposed, and how the operator confirmed it. */
export const receiptCaptureSchema = z.object({
  fileSha256: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  pages: z.array(capturePageSchema),
  proposed: extractedFieldsSchema,
  /** 0–1: the mean confidence of the vendor, date and total proposals (a missing one counts 0). */
  confidence: z.number(),
  /** Which reader and rules made the proposal, e.g. `tesseract.js 7 eng/4.0.0_best_int; fields 1`. */
  extractor: z.string(),
  /** How long reading the file took, in milliseconds. */
  readMs: z.int(),
  status: z.enum(['proposed', 'confirmed']),
  /** Per field, at confirmation: accepted as proposed, corrected, or added (nothing proposed). */
  outcomes: z.partialRecord(z.enum(CAPTURE_FIELDS), z.enum(CAPTURE_OUTCOMES)).nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: instant.nullable(),
});
export type ReceiptCapture = z.infer<typeof receiptCaptureSchema>;

export const receiptSchema = z.object({
  id,
  status: z.enum(RECEIPT_STATUSES),
  vendor: z.string().nullable(),
  date: calendarDate.nullable(),
  totalMinor: z.int().nullable(),
  currency: z.string(),
  taxMinor: z.int().nullable(),
  category: z.string().nullable(),
  paymentMethod: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  address: z.string().nullable(),
  ocrText: z.string().nullable(),
  lines: z.array(z.object({ description: z.string(), qty: z.number(), amountMinor: z.int() })),
  attachments: z.array(z.object({ sha256: z.string(), name: z.string(), size: z.int(), mediaType: z.string() })),
  /** The bank entry this receipt is reconciled to (receipt → ledger), if any. */
  ledgerEntry: z.object({ id, accountId: id, accountName: z.string(), date: calendarDate, amountMinor: z.int(), payee: z.string().nullable() }).nullable(),
  /** The stock this receipt bought (receipt → stock): journal entries recorded against it. */
  stockEntries: z.array(z.object({ seq: z.int(), itemId: id, itemName: z.string(), unit: z.string(), kind: z.string(), qty: z.number(), unitCostMinor: z.int().nullable(), occurredAt: instant })),
  /** Why the receipt needs attention (missing fields), empty when complete. */
  missing: z.array(z.string()),
  /** A captured receipt whose proposed fields the operator has not confirmed yet (it stays in the triage inbox). */
  needsReview: z.boolean(),
  source: z.string(),
  sourceRef: z.string().nullable(),
  voidReason: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  /** What capture read and proposed, for a receipt made from a scan, photo or PDF; else null. */
  capture: receiptCaptureSchema.nullable(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const receiptSummarySchema = receiptSchema.omit({ ocrText: true, lines: true, attachments: true, ledgerEntry: true, stockEntries: true, capture: true });
export type ReceiptSummary = z.infer<typeof receiptSummarySchema>;

export const receiptImportSummarySchema = z.object({
  files: z.int(),
  imported: z.int(),
  needsAttention: z.int(),
  alreadyImported: z.int(),
  /** Per file that was not imported, why. */
  problems: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Per file imported with a field that could not be read, which. */
  incomplete: z.array(z.object({ file: z.string(), missing: z.array(z.string()) })),
});
export type ReceiptImportSummary = z.infer<typeof receiptImportSummarySchema>;

const csvColumn = z.string().trim().min(1).max(100);

/**
 * How the columns of a receipts CSV map to receipt fields: vendor, date and total are
 * required columns (an empty cell makes the receipt need attention); the rest optional.
 * Tags are one cell, separated by `;` or `,` inside it.
 */
export const receiptCsvMappingSchema = z.strictObject({
  vendor: csvColumn,
  date: csvColumn,
  total: csvColumn,
  currency: csvColumn.optional(),
  tax: csvColumn.optional(),
  category: csvColumn.optional(),
  paymentMethod: csvColumn.optional(),
  notes: csvColumn.optional(),
  tags: csvColumn.optional(),
  dateFormat: z.enum(CSV_DATE_FORMATS).default('yyyy-MM-dd'),
  decimal: z.enum(['.', ',']).default('.'),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
});
export type ReceiptCsvMapping = z.infer<typeof receiptCsvMappingSchema>;

const receiptCsvSource = {
  fileSha256: sha256,
  fileName: z.string().max(255).optional(),
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  /** The currency of rows without a currency column or cell. */
  currency: currency.default('EUR'),
};

export const receiptCsvRowSchema = z.object({
  row: z.int(),
  vendor: z.string().nullable(),
  date: calendarDate.nullable(),
  totalMinor: z.int().nullable(),
  currency: z.string(),
  taxMinor: z.int().nullable(),
  category: z.string().nullable(),
  paymentMethod: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  /** Already imported from this file: importing adds it no second time. */
  alreadyImported: z.boolean(),
});

export const receiptActions = {
  'receipts.create': {
    summary: 'Enter a receipt: vendor, date, total (negative for a refund or credit note), currency, and optionally tax (with the total’s sign), category, payment method, tags, notes, line items, attachments.',
    input: z.strictObject(receiptFields),
    output: receiptSchema,
    execClass: 'prod',
    exempt: false,
  },
  'receipts.update': {
    summary: 'Edit a receipt’s fields (only those given change; `lines` replaces every line item, `[]` removes them); a receipt with every required field becomes complete.',
    input: z.strictObject({
      id,
      vendor: receiptFields.vendor.optional(),
      date: calendarDate.optional(),
      totalMinor: signedMinorUnits.optional(),
      currency: currency.optional(),
      taxMinor: signedMinorUnits.nullable().optional(),
      category: label.nullable().optional(),
      paymentMethod: label.nullable().optional(),
      tags: z.array(label).max(20).optional(),
      notes: note.nullable().optional(),
      lines: receiptFields.lines,
      attachments: receiptFields.attachments,
      /** Why, when it is not an ordinary edit (e.g. "undone from the toast"): recorded with the decision's params. */
      reason: reason.optional(),
    }),
    output: receiptSchema,
    execClass: 'prod',
    exempt: false,
  },
  'receipts.void': {
    summary: 'Void a receipt with a reason: it stays, marked void, never erased.',
    input: z.strictObject({ id, reason }),
    output: receiptSchema,
    execClass: 'prod',
    exempt: false,
  },
  'receipts.merge': {
    summary: 'Resolve a likely duplicate: the kept receipt takes what it lacks from the duplicate (fields, tags, attachments, OCR text, line items, bank link), the duplicate is voided as merged.',
    input: z.strictObject({ keepId: id, duplicateId: id }),
    output: receiptSchema,
    execClass: 'prod',
    exempt: false,
  },
  'receipts.completeMany': {
    summary: 'Bulk completion from the triage inbox: fill the given fields (vendor, date, category, payment method) on each receipt where they are empty, never overwriting; the receipts with every required field become complete. One unknown or void receipt refuses the whole batch.',
    input: z
      .strictObject({
        ids: z.array(id).min(1).max(500),
        vendor: receiptFields.vendor.optional(),
        date: calendarDate.optional(),
        category: label.optional(),
        paymentMethod: label.optional(),
      })
      .refine((p) => p.vendor !== undefined || p.date !== undefined || p.category !== undefined || p.paymentMethod !== undefined, { message: 'give at least one field to fill: vendor, date, category or payment method', path: ['vendor'] })
      .refine((p) => new Set(p.ids).size === p.ids.length, { message: 'a receipt is listed twice', path: ['ids'] }),
    output: z.object({
      /** Receipts that had at least one of the fields empty and got it filled. */
      updated: z.int(),
      /** Of those, the ones now complete. */
      completed: z.int(),
      /** Receipts where every given field was already set: unchanged. */
      unchanged: z.int(),
    }),
    execClass: 'prod',
    exempt: false,
  },
  'receipts.renameCategory': {
    summary: 'Edit the category list: rename a category on every receipt filed under it (merging it into another when that exists), or clear it (`to: null`). Void receipts keep theirs.',
    input: z
      .strictObject({ from: label, to: label.nullable() })
      .refine((p) => p.to === null || p.to !== p.from, { message: 'the new name is the same as the old one', path: ['to'] }),
    output: z.object({ from: z.string(), to: z.string().nullable(), receipts: z.int() }),
    execClass: 'prod',
    exempt: false,
  },
  'receipts.dismissDuplicate': {
    summary: 'Say two receipts flagged as likely duplicates are both real: the pair is not flagged again.',
    input: z.strictObject({ aId: id, bId: id, reason: note.optional() }),
    output: z.object({ aId: id, bId: id }),
    execClass: 'prod',
    exempt: false,
  },
  'receipts.importCsv': {
    summary: 'Import receipts from a CSV file through a column mapping: one receipt per row (a negative total is a refund), rows with an empty vendor, date or total go to the triage inbox; a file with an unreadable row imports nothing unless the rows to import are chosen; the same file twice adds nothing.',
    input: z.strictObject({
      ...receiptCsvSource,
      mapping: receiptCsvMappingSchema,
      /** Only these rows (the preview's `row` numbers): the others are left out and named in the decision; a row that cannot be read may then be left out instead of refusing the file. */
      rows: z
        .array(z.int().min(1))
        .min(1)
        .max(1_000_000)
        .refine((r) => new Set(r).size === r.length, 'a row is listed twice')
        .optional(),
    }),
    output: z.object({ rows: z.int(), imported: z.int(), needsAttention: z.int(), alreadyImported: z.int(), skipped: z.int() }),
    execClass: 'prod',
    exempt: false,
  },
  'receipts.importSroie': {
    summary: 'Import receipts in the SROIE layout: per receipt a key JSON (company, date, address, total) and an OCR CSV (box coordinates + text), matched by file name.',
    input: z.strictObject({
      files: z.array(z.strictObject({ name: z.string().min(1).max(255), sha256 })).min(1).max(5000),
      currency: currency.default('MYR'),
    }),
    output: receiptImportSummarySchema,
    execClass: 'prod',
    exempt: false,
  },
  'receipts.capture': {
    summary: 'Capture receipts from scans, photos or PDFs on this machine: each file is read (OCR, or a PDF’s text layer), its vendor, date, total and currency proposed, and it becomes a receipt in the triage inbox with the file attached and its text searchable, until the operator confirms the fields. A file that cannot be read is named with why; the others go on. The same file twice adds nothing.',
    input: z.strictObject({
      files: z
        .array(z.strictObject({ sha256, name: z.string().trim().min(1).max(255) }))
        .min(1)
        .max(MAX_CAPTURE_FILES)
        .refine((f) => new Set(f.map((x) => x.sha256)).size === f.length, 'a file is listed twice'),
      /** The currency of receipts that show none (default: the household's currency). */
      currency: currency.optional(),
    }),
    output: z.object({
      captured: z.array(
        z.object({
          file: z.string(),
          receiptId: id,
          vendor: z.string().nullable(),
          date: calendarDate.nullable(),
          totalMinor: z.int().nullable(),
          currency: z.string(),
          confidence: z.number(),
          /** A receipt already filed with the same vendor, total and a date ± 1 day. */
          duplicateOf: id.nullable(),
        }),
      ),
      /** Files captured before: the receipt they made. */
      alreadyCaptured: z.array(z.object({ file: z.string(), receiptId: id })),
      /** Files that could not be read, and why (each reason names its file). */
      problems: z.array(z.object({ file: z.string(), reason: z.string() })),
    }),
    execClass: 'prod',
    exempt: false,
  },
  'receipts.confirmCapture': {
    summary: 'Confirm or correct a captured receipt’s proposed vendor, date, total and currency: the receipt takes these values and leaves review; per field, whether the proposal was accepted, corrected or added is kept.',
    input: z.strictObject({ id, vendor: receiptFields.vendor, date: calendarDate, totalMinor: signedMinorUnits, currency }),
    output: receiptSchema,
    execClass: 'prod',
    exempt: false,
  },
} as const satisfies Record<string, ActionSpec>;

export const receiptQueries = {
  'receipts.captureStats': {
    summary: 'How well capture proposes fields: over confirmed captures, per field how many proposals were accepted, corrected, or missing (added by the operator); and how many captures await review.',
    input: z.strictObject({}),
    output: z.object({
      confirmed: z.int(),
      awaitingReview: z.int(),
      fields: z.array(z.object({ field: z.enum(CAPTURE_FIELDS), accepted: z.int(), corrected: z.int(), added: z.int() })),
    }),
  },
  'receipts.list': {
    summary: 'Receipts, newest first: full-text search over vendor, notes, tags and OCR text, with filters; a keyset cursor.',
    input: z.strictObject({
      search: z.string().max(200).optional(),
      status: z.enum(RECEIPT_STATUSES).optional(),
      /** Only captured receipts awaiting the operator's confirmation (true) or only the others (false). */
      needsReview: z.boolean().optional(),
      category: z.string().max(64).optional(),
      paymentMethod: z.string().max(64).optional(),
      from: calendarDate.optional(),
      to: calendarDate.optional(),
      /** Bounds on the total in minor units, signed (a refund's total is negative). */
      minTotalMinor: z.int().optional(),
      maxTotalMinor: z.int().optional(),
      limit: z.int().min(1).max(500).default(100),
      cursor: id.optional(),
    }),
    output: z.object({ items: z.array(receiptSummarySchema), nextCursor: id.nullable() }),
  },
  'receipts.previewCsv': {
    summary: 'Read a staged receipts CSV without importing it: its columns, a mapping guessed from them, the receipts it gives (first 500) and per-row errors.',
    input: z.strictObject({ ...receiptCsvSource, mapping: receiptCsvMappingSchema.optional() }),
    output: z.object({
      columns: z.array(z.string()),
      suggestedMapping: receiptCsvMappingSchema.nullable(),
      /** The mapping the rows were read with (the one given, else the suggestion), null when none. */
      mapping: receiptCsvMappingSchema.nullable(),
      rowCount: z.int(),
      rows: z.array(receiptCsvRowSchema),
      errors: z.array(z.object({ row: z.int(), message: z.string() })),
    }),
  },
  'receipts.attachment': {
    summary: 'The bytes of one of a receipt’s attachments (base64), with its media type, for the viewer and thumbnails.',
    input: z.strictObject({ receiptId: id, sha256 }),
    output: z.object({ sha256: z.string(), name: z.string(), mediaType: z.string(), size: z.int(), dataBase64: z.string() }),
  },
  'receipts.get': {
    summary: 'One receipt with its line items, OCR text and attachments.',
    input: z.strictObject({ id }),
    output: receiptSchema,
  },
  'receipts.categories': {
    summary: 'The categories and payment methods in use on receipts (not void), with how many receipts each; and per vendor (its vendor key) the category of its latest receipt that has one, for the entry form to pre-fill.',
    input: z.strictObject({}),
    output: z.object({
      categories: z.array(z.object({ name: z.string(), receipts: z.int() })),
      paymentMethods: z.array(z.object({ name: z.string(), receipts: z.int() })),
      /** At most 5,000 vendors, the most recently filed first. */
      vendorCategories: z.array(z.object({ vendorKey: z.string(), category: z.string() })),
    }),
  },
  'receipts.triage': {
    summary: 'The triage inbox: receipts that need attention, and likely duplicates (same vendor after normalisation, same total, date ± 1 day).',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(200) }),
    output: z.object({
      needsAttention: z.array(receiptSummarySchema),
      duplicates: z.array(z.object({ a: receiptSummarySchema, b: receiptSummarySchema, why: z.string() })),
    }),
  },
} as const satisfies Record<string, QuerySpec>;
