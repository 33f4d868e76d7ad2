/**
 * Inventory and forecasts (DOMAIN.md "Inventory and forecasts"): items, locations, the
 * stock journal (the truth; on-hand is derived), and usage forecasts.
 *
 * Quantities are decimal numbers with at most 3 decimals (2.5 kg); money is integer minor
 * units. Days are calendar days in the household time zone.
 */
import { z } from 'zod';
import { calendarDate, id, instant, note, reason } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

const MAX_QTY = 1_000_000_000;

/**
 * Whether `text` is what a barcode scanner types for a GTIN: 8 to 14 digits only (EAN-8,
 * UPC-A, EAN-13, GTIN-14). Such codes compare without leading zeros (GS1: a GTIN is
 * right-aligned in 14 digits), so UPC-A 012345678905 and EAN-13 0012345678905 are one product.
 */
export function isScannedCode(text: string): boolean {
  return /^\d{8,14}$/.test(text);
}

/** A quantity: positive, finite, at most 3 decimals. */
export const qty = z
  .number({ message: 'must be a number' })
  .positive('must be more than 0')
  .max(MAX_QTY, `at most ${MAX_QTY}`)
  .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, 'at most 3 decimals');
/** A quantity that may be zero (minimums, targets, stock counts). */
export const qtyOrZero = z.number({ message: 'must be a number' }).min(0, 'must not be negative').max(MAX_QTY).refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, 'at most 3 decimals');
export const minorUnits = z.int({ message: 'must be a whole number of minor units (cents)' }).min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);
const itemName = z.string().trim().min(1, 'required').max(200, 'at most 200 characters');
const code = z.string().trim().min(1).max(64, 'at most 64 characters');
const label = z.string().trim().min(1).max(64, 'at most 64 characters');
/** A CSV column an import maps a field to, by header name (100 characters, as the ledger's and receipts' mappings). */
const importColumn = z.string().min(1).max(100, 'at most 100 characters');

export const JOURNAL_KINDS = ['purchase', 'consume', 'sale', 'spoil', 'adjust', 'transfer', 'return'] as const;
export const journalKind = z.enum(JOURNAL_KINDS);
export const JOURNAL_SOURCES = ['manual', 'receipt', 'import', 'scheduler'] as const;
export const CONFIDENCE_LEVELS = ['none', 'low', 'medium', 'high'] as const;

const itemFields = {
  name: itemName,
  sku: code.nullable().optional(),
  barcode: code.nullable().optional(),
  unit: z.string().trim().min(1).max(16).default('pcs'),
  category: label.nullable().optional(),
  locationId: id.nullable().optional(),
  minQty: qtyOrZero.default(0),
  targetQty: qtyOrZero.default(0),
  leadTimeDays: z.int().min(0).max(365).default(7),
  shelfLifeDays: z.int().min(1).max(3650).nullable().optional(),
  unitCostMinor: minorUnits.nullable().optional(),
};

export const locationSchema = z.object({ id, name: z.string(), archivedAt: instant.nullable(), createdAt: instant });
export type Location = z.infer<typeof locationSchema>;

export const itemSchema = z.object({
  id,
  name: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  unit: z.string(),
  category: z.string().nullable(),
  locationId: id.nullable(),
  minQty: z.number(),
  targetQty: z.number(),
  leadTimeDays: z.int(),
  shelfLifeDays: z.int().nullable(),
  unitCostMinor: z.int().nullable(),
  source: z.string(),
  archivedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type Item = z.infer<typeof itemSchema>;

/** What the forecast says about one item, as of today. */
export const forecastSchema = z.object({
  onHand: z.number(),
  /** Units per day, from the demand (consume, sale, spoil) history. */
  burnRatePerDay: z.number(),
  /** Days until on-hand reaches zero at the burn rate; null when nothing is used. */
  daysLeft: z.number().nullable(),
  runOutDate: calendarDate.nullable(),
  confidence: z.enum(CONFIDENCE_LEVELS),
  reorderPoint: z.number(),
  /** Up to the target quantity (or the reorder point plus a review period), when at or below the reorder point. */
  suggestedOrderQty: z.number(),
  belowMin: z.boolean(),
  /** Stock that will expire before the burn rate uses it (shelf life), if any. */
  waste: z.object({ qty: z.number(), message: z.string() }).nullable(),
  demandDays: z.int(),
  lastDemandOn: calendarDate.nullable(),
  /** The forecast's basis in words, without units: history length and the rule used (issue 13, item 7). */
  basis: z.string(),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const itemRowSchema = itemSchema.extend({ locationName: z.string().nullable(), forecast: forecastSchema });
export type ItemRow = z.infer<typeof itemRowSchema>;

export const journalEntrySchema = z.object({
  seq: z.int(),
  itemId: id,
  kind: journalKind,
  /** Signed change of on-hand: + in, − out. */
  qty: z.number(),
  locationId: id.nullable(),
  occurredAt: instant,
  occurredOn: calendarDate,
  unitCostMinor: z.int().nullable(),
  source: z.enum(JOURNAL_SOURCES),
  sourceRef: z.string().nullable(),
  note: z.string().nullable(),
  reversesSeq: z.int().nullable(),
  reversedBySeq: z.int().nullable(),
  decisionId: z.string().nullable(),
  /** The best-before date of the lot a purchase (or another inflow) opened, if one was given. */
  bestBefore: calendarDate.nullable(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/**
 * A lot: the stock of one purchase (or other inflow) still on hand, with its best-before
 * date. Consumption takes the lot with the earliest best-before first (FEFO, "first expired,
 * first out"); lots without a date go last; ties go to the earlier purchase.
 */
export const lotSchema = z.object({
  /** null for the undated remainder that no lot accounts for yet (stock from an import). */
  lotId: z.int().nullable(),
  /** The journal entry that opened the lot; null for stock carried over (migration, import). */
  entrySeq: z.int().nullable(),
  remaining: z.number(),
  bestBefore: calendarDate.nullable(),
  purchasedOn: calendarDate,
  unitCostMinor: z.int().nullable(),
});
export type Lot = z.infer<typeof lotSchema>;

/** A lot expiring within the window or already expired, with days left (negative: days since it expired). */
export const expiringLotSchema = z.object({
  lotId: z.int(),
  itemId: id,
  name: z.string(),
  unit: z.string(),
  remaining: z.number(),
  bestBefore: calendarDate,
  purchasedOn: calendarDate,
  /** Days from today (household time zone) to the best-before date: 0 is today, −2 expired two days ago. */
  daysLeft: z.int(),
  expired: z.boolean(),
});
export type ExpiringLot = z.infer<typeof expiringLotSchema>;

/** The "expiring within N days" list. */
export const expiringSchema = z.object({
  asOf: calendarDate,
  withinDays: z.int(),
  /** Lots in the list in total (the list may be cut at `limit`), and how many of them have expired. */
  total: z.int(),
  expired: z.int(),
  lots: z.array(expiringLotSchema),
});
export type Expiring = z.infer<typeof expiringSchema>;

const entryResult = z.object({ entries: z.array(journalEntrySchema), onHand: z.number() });

/** What an import did: counts, the rows skipped by reason (with examples), duplicates. */
export const importSummarySchema = z.object({
  importId: z.string(),
  fileSha256: z.string(),
  alreadyImported: z.boolean(),
  rows: z.int(),
  itemsCreated: z.int(),
  itemsUpdated: z.int(),
  entries: z.int(),
  sales: z.int(),
  returns: z.int(),
  adjustments: z.int(),
  spoilage: z.int(),
  openingEntries: z.int(),
  skipped: z.array(z.object({ reason: z.string(), count: z.int(), examples: z.array(z.string()) })),
  duplicates: z.object({ count: z.int(), examples: z.array(z.string()) }),
  firstDay: calendarDate.nullable(),
  lastDay: calendarDate.nullable(),
  shiftDays: z.int(),
  seconds: z.number(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

const openingStock = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('coverDays'), days: z.int().min(0).max(3650) }),
  z.strictObject({ mode: z.literal('stockCount'), fileSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)') }),
  z.strictObject({ mode: z.literal('none') }),
]);

export const inventoryActions = {
  'inventory.createLocation': {
    summary: 'Add a location (a flat list: pantry, garage, shop floor …).',
    input: z.strictObject({ name: label }),
    output: locationSchema,
    execClass: 'prod',
    exempt: false,
    setup: true,
  },
  'inventory.archiveLocation': {
    summary: 'Archive an empty location.',
    input: z.strictObject({ id }),
    output: locationSchema,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.createItem': {
    summary: 'Add an item with its unit, category, location, minimum and target, lead time, shelf life and cost.',
    input: z.strictObject(itemFields),
    output: itemSchema,
    execClass: 'prod',
    exempt: false,
    setup: true,
  },
  'inventory.updateItem': {
    summary: 'Edit an item’s fields (only those given change).',
    input: z.strictObject({
      id,
      name: itemName.optional(),
      sku: code.nullable().optional(),
      barcode: code.nullable().optional(),
      unit: z.string().trim().min(1).max(16).optional(),
      category: label.nullable().optional(),
      locationId: id.nullable().optional(),
      minQty: qtyOrZero.optional(),
      targetQty: qtyOrZero.optional(),
      leadTimeDays: z.int().min(0).max(365).optional(),
      shelfLifeDays: z.int().min(1).max(3650).nullable().optional(),
      unitCostMinor: minorUnits.nullable().optional(),
    }),
    output: itemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.archiveItem': {
    summary: 'Archive an item: it leaves lists and forecasts; its journal stays.',
    input: z.strictObject({ id, reason: reason.optional() }),
    output: itemSchema,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.record': {
    summary: 'Record a stock movement: purchase, sale, spoil or return, with quantity, unit cost and time.',
    input: z.strictObject({
      itemId: id,
      kind: z.enum(['purchase', 'sale', 'spoil', 'return']),
      qty,
      unitCostMinor: minorUnits.optional(),
      occurredAt: instant.optional(),
      /**
       * The day it happened (YYYY-MM-DD, household time zone) when not today: a backdated
       * entry, audited as such. Not in the future, at most 5 years back; not with `occurredAt`.
       */
      occurredOn: calendarDate.optional(),
      /** The best-before date of what was bought (a purchase or a return): not before the day it was bought. */
      bestBefore: calendarDate.optional(),
      locationId: id.optional(),
      note: note.optional(),
      /** The receipt a purchase or return is on (receipt → stock): it must exist and not be void. */
      receiptId: id.optional(),
    }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.consume': {
    summary: 'Quick action: consume some (default 1) of an item, oldest best-before first. More than on hand is refused: count it with an adjustment instead.',
    input: z.strictObject({
      itemId: id,
      qty: qty.default(1),
      note: note.optional(),
      /** The day it was consumed (YYYY-MM-DD, household time zone) when not today: backdated, audited as such. */
      occurredOn: calendarDate.optional(),
    }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.outOf': {
    summary: 'Quick action: "out of" — on-hand to zero, the rest logged as consumed.',
    input: z.strictObject({ itemId: id, note: note.optional() }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.adjust': {
    summary: 'Stock count: set on-hand to what was counted, with a reason.',
    input: z.strictObject({ itemId: id, countedQty: qtyOrZero, locationId: id.optional(), reason }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.transfer': {
    summary: 'Move stock of an item from one location to another.',
    input: z.strictObject({ itemId: id, qty, fromLocationId: id.nullable(), toLocationId: id.nullable(), note: note.optional() }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.undoEntry': {
    summary: 'Undo a journal entry with a compensating entry (the original stays).',
    input: z.strictObject({ seq: z.int().positive(), reason }),
    output: entryResult,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.importSales': {
    summary: 'Import a shop’s sales file (UCI Online Retail CSV, gzip or plain): items, sale and return entries, opening stock.',
    input: z.strictObject({
      fileSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)'),
      fileName: z.string().max(255).optional(),
      opening: openingStock.default({ mode: 'coverDays', days: 30 }),
      shiftToToday: z.boolean().default(false),
    }),
    output: importSummarySchema,
    execClass: 'prod',
    exempt: false,
  },
  'inventory.importItems': {
    summary: 'Import items from a CSV with a column mapping (name required; sku, unit, category, min, target, lead time, cost optional).',
    input: z.strictObject({
      fileSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a staged file id (SHA-256)'),
      delimiter: z.enum([',', ';', '\t', '|']).default(','),
      mapping: z.strictObject({
        name: importColumn,
        sku: importColumn.optional(),
        unit: importColumn.optional(),
        category: importColumn.optional(),
        minQty: importColumn.optional(),
        targetQty: importColumn.optional(),
        leadTimeDays: importColumn.optional(),
        unitCost: importColumn.optional(),
      }),
    }),
    output: z.object({ created: z.int(), updated: z.int(), rows: z.int() }),
    execClass: 'prod',
    exempt: false,
  },
} as const satisfies Record<string, ActionSpec>;

export const inventoryQueries = {
  'inventory.locations': {
    summary: 'Locations, active first.',
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.array(locationSchema),
  },
  'inventory.items': {
    summary: 'Items with on-hand and forecast, filtered; the console sorts and virtualises them.',
    input: z.strictObject({
      search: z.string().max(200).optional(),
      category: z.string().max(64).optional(),
      locationId: id.optional(),
      /** Only these items (e.g. those a `db.changed` event names), with the other filters. */
      ids: z.array(id).min(1).max(500).optional(),
      status: z.enum(['active', 'archived', 'all']).default('active'),
      limit: z.int().min(1).max(20_000).default(20_000),
    }),
    output: z.object({ items: z.array(itemRowSchema), total: z.int(), asOf: calendarDate }),
  },
  'inventory.item': {
    summary: 'One item with on-hand, forecast and per-location stock.',
    input: z.strictObject({ id }),
    output: itemRowSchema.extend({
      byLocation: z.array(z.object({ locationId: id.nullable(), locationName: z.string().nullable(), onHand: z.number() })),
      /** The stock by lot, in the order it is consumed (earliest best-before first, undated last). */
      lots: z.array(lotSchema),
    }),
  },
  'inventory.expiring': {
    summary: 'Lots with a best-before date within N days (default 7) or already expired, soonest first, with days left.',
    input: z.strictObject({
      withinDays: z.int({ message: 'must be a whole number of days' }).min(0, 'must not be negative').max(365, 'at most 365 days').default(7),
      limit: z.int().min(1).max(2000).default(500),
    }),
    output: expiringSchema,
  },
  'inventory.byBarcode': {
    summary: 'The active item with this barcode (EAN-8, UPC-A, EAN-13, GTIN-14 compare by GTIN: leading zeros do not count), or null; two matches are refused naming both.',
    input: z.strictObject({ code: z.string().trim().min(1, 'required').max(64, 'at most 64 characters') }),
    output: z.object({ item: itemRowSchema.nullable() }),
  },
  'inventory.journal': {
    summary: 'An item’s stock journal, newest first, with a cursor (the last seen seq).',
    input: z.strictObject({ itemId: id, limit: z.int().min(1).max(500).default(100), cursor: z.int().positive().optional() }),
    output: z.object({ items: z.array(journalEntrySchema), nextCursor: z.int().nullable() }),
  },
  'inventory.categories': {
    summary: 'Categories in use, with item counts.',
    input: z.strictObject({}),
    output: z.array(z.object({ category: z.string(), items: z.int() })),
  },
  'forecast.item': {
    summary: 'The forecast of one item as of today.',
    input: z.strictObject({ itemId: id }),
    output: forecastSchema.extend({ itemId: id, method: z.string() }),
  },
  'forecast.rollup': {
    summary: 'The N items that run out soonest within a window of days.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(10), windowDays: z.int().min(1).max(3650).default(30) }),
    output: z.object({
      asOf: calendarDate,
      items: z.array(z.object({ itemId: id, name: z.string(), unit: z.string(), forecast: forecastSchema })),
    }),
  },
  'forecast.history': {
    summary: 'Daily on-hand and demand of an item over the last N days, and the projected burn-down to run-out.',
    input: z.strictObject({ itemId: id, days: z.int().min(7).max(1100).default(180) }),
    output: z.object({
      itemId: id,
      history: z.array(z.object({ day: calendarDate, onHand: z.number(), demand: z.number() })),
      projection: z.array(z.object({ day: calendarDate, onHand: z.number() })),
      forecast: forecastSchema,
    }),
  },
} as const satisfies Record<string, QuerySpec>;
