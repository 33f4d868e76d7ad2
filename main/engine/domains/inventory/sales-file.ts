/**
 * Reading a shop's sales file — the UCI Online Retail layout
 * (`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`) —
 * into a plan of stock movements, before any transaction. Every row is either planned,
 * skipped with a reason, or reported as an exact duplicate; a malformed row stops the
 * whole import with an error naming its row and field.
 *
 * How rows become movements:
 * - a priced line (UnitPrice > 0, Quantity > 0) is a `sale`;
 * - a `C…` invoice (cancellation) with a negative quantity is a `return` (stock back in);
 * - an unpriced line (UnitPrice 0) is the shop's own stock correction, not a sale: a
 *   negative one is `spoil` when its note says the goods were damaged or destroyed, else
 *   an `adjust` (out); a positive one an `adjust` (in, "found");
 * - `A…` invoices (bad-debt adjustments) and non-product codes (postage, fees, discounts,
 *   samples, gift vouchers: anything but 5 digits and optional letters) are skipped.
 */
import { createHash } from 'node:crypto';
import { EngineError } from '../../../../shared/contract';
import { dayNumber } from '../../../../shared/domain/time';
import { forEachCsvRow, requireHeader } from './csv';

export const SALES_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

/** Movement kinds of a plan, by code. */
export const PLAN_KINDS = ['sale', 'return', 'adjust', 'spoil'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

const PRODUCT_CODE = /^\d{5}[A-Za-z]*$/;
const DAMAGE = /damag|thrown|destroy|smash|crush|wet|rust|broken|unsaleable|mould|mold|faulty|cracked/i;
const EXAMPLES = 5;

export interface PlanItem {
  code: string;
  name: string;
  /** The last unit price of a priced line, in minor units (pence), or null. */
  unitCostMinor: number | null;
}

/**
 * The movements, columnar to keep a year of sales small in memory: entry i moves
 * `qty[i]` (signed change of on-hand) of item `item[i]` on day `day[i]` at minute
 * `minute[i]` of that day, from invoice `invoice[i]`.
 */
export interface SalesPlan {
  rows: number;
  items: PlanItem[];
  count: number;
  item: Int32Array;
  kind: Uint8Array;
  qty: Float64Array;
  day: Int32Array;
  minute: Int16Array;
  invoice: string[];
  note: (string | null)[];
  skipped: { reason: string; count: number; examples: string[] }[];
  duplicates: { count: number; examples: string[] };
  firstDay: number | null;
  lastDay: number | null;
}

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const DATE_UCI = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** `[day number, minute of day]` of an InvoiceDate, or null when it is not a date. */
function parseDate(text: string): [number, number] | null {
  let y: number, mo: number, d: number, h: number, mi: number;
  const iso = DATE_ISO.exec(text);
  if (iso) [y, mo, d, h, mi] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5])];
  else {
    const uci = DATE_UCI.exec(text);
    if (!uci) return null;
    [mo, d, y, h, mi] = [Number(uci[1]), Number(uci[2]), Number(uci[3]), Number(uci[4]), Number(uci[5])];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const date = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const day = dayNumber(date);
  if (!Number.isFinite(day) || new Date(day * 86_400_000).toISOString().slice(0, 10) !== date) return null;
  return [day, h * 60 + mi];
}

class Growable {
  item = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  qty = new Float64Array(1 << 16);
  day = new Int32Array(1 << 16);
  minute = new Int16Array(1 << 16);
  invoice: string[] = [];
  note: (string | null)[] = [];
  count = 0;

  push(item: number, kind: PlanKind, qty: number, day: number, minute: number, invoice: string, note: string | null): void {
    if (this.count === this.item.length) this.grow();
    const i = this.count++;
    this.item[i] = item;
    this.kind[i] = PLAN_KINDS.indexOf(kind);
    this.qty[i] = qty;
    this.day[i] = day;
    this.minute[i] = minute;
    this.invoice.push(invoice);
    this.note.push(note);
  }

  private grow(): void {
    const n = this.item.length * 2;
    const copy = <T extends Int32Array | Uint8Array | Float64Array | Int16Array>(a: T, make: (n: number) => T) => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.item = copy(this.item, (k) => new Int32Array(k));
    this.kind = copy(this.kind, (k) => new Uint8Array(k));
    this.qty = copy(this.qty, (k) => new Float64Array(k));
    this.day = copy(this.day, (k) => new Int32Array(k));
    this.minute = copy(this.minute, (k) => new Int16Array(k));
  }
}

/**
 * Reads and classifies a sales file. Throws EngineError `invalid` (wrong header, wrong
 * delimiter, broken quoting, not UTF-8, a non-numeric Quantity or UnitPrice, a bad
 * InvoiceDate — naming the row and field). `onProgress(rows, fraction)` as it reads.
 */
export async function readSalesFile(path: string, onProgress?: (rows: number, fraction: number) => void): Promise<SalesPlan> {
  const entries = new Growable();
  const items: PlanItem[] = [];
  const itemIndex = new Map<string, number>();
  const seen = new Map<string, number>();
  const skipped = new Map<string, { count: number; examples: string[] }>();
  const duplicates = { count: 0, examples: [] as string[] };
  let rows = 0;
  let header = true;
  let firstDay: number | null = null;
  let lastDay: number | null = null;
  // invoices share their timestamp: parse each distinct one once
  const dates = new Map<string, [number, number]>();

  const skip = (reason: string, example: string) => {
    const s = skipped.get(reason) ?? { count: 0, examples: [] };
    s.count += 1;
    if (s.examples.length < EXAMPLES) s.examples.push(example);
    skipped.set(reason, s);
  };
  const bad = (row: number, field: string, value: string, why: string): never => {
    throw new EngineError('invalid', `row ${row}, ${field}: "${value.slice(0, 40)}" ${why}`, { issues: [{ path: ['file', row, field], message: why }] });
  };

  const onRow = (fields: string[], row: number): void => {
    if (header) {
      requireHeader(fields, SALES_HEADER, 'sales file (UCI Online Retail)');
      header = false;
      return;
    }
    rows += 1;
    const [invoice = '', code = '', description = '', quantityText = '', dateText = '', priceText = ''] = fields;
    // Exact duplicates are found by a digest of the row, not the row itself: a year of rows
    // as strings would double the import's memory. SHA-1 is used as a checksum here.
    const key = createHash('sha1').update(fields.join('\u0001')).digest('base64');
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.count += 1;
      if (duplicates.examples.length < EXAMPLES) duplicates.examples.push(`row ${row} repeats row ${first}`);
      return;
    }
    seen.set(key, row);

    if (!/^-?\d+$/.test(quantityText.trim())) bad(row, 'Quantity', quantityText, 'is not a whole number');
    if (!/^-?\d+(\.\d+)?$/.test(priceText.trim())) bad(row, 'UnitPrice', priceText, 'is not a number');
    let when = dates.get(dateText);
    if (!when) {
      when = parseDate(dateText.trim()) ?? bad(row, 'InvoiceDate', dateText, 'is not a date (YYYY-MM-DD HH:MM or M/D/YYYY H:MM)');
      dates.set(dateText, when);
    }
    const qty = Number(quantityText);
    const price = Number(priceText);

    if (invoice.startsWith('A')) {
      skip('bad-debt adjustment (A… invoice)', `row ${row}: ${invoice}`);
      return;
    }
    if (!PRODUCT_CODE.test(code)) {
      skip('non-product code (postage, fees, discounts, samples, vouchers)', `row ${row}: ${code || '(empty)'}`);
      return;
    }
    if (qty === 0) {
      skip('zero quantity', `row ${row}: ${code}`);
      return;
    }
    const cancellation = invoice.startsWith('C');
    let kind: PlanKind;
    let note: string | null = null;
    if (cancellation) {
      if (qty > 0) {
        skip('cancellation with a positive quantity', `row ${row}: ${invoice}`);
        return;
      }
      kind = 'return';
    } else if (price > 0) {
      kind = qty > 0 ? 'sale' : 'return';
    } else {
      kind = qty < 0 && DAMAGE.test(description) ? 'spoil' : 'adjust';
      note = description.trim() || '(no description)';
    }

    let index = itemIndex.get(code);
    if (index === undefined) {
      index = items.push({ code, name: '', unitCostMinor: null }) - 1;
      itemIndex.set(code, index);
    }
    const item = items[index] as PlanItem;
    if (price > 0 && description.trim()) item.name = description.trim();
    else if (!item.name && description.trim() && kind !== 'adjust' && kind !== 'spoil') item.name = description.trim();
    if (price > 0) item.unitCostMinor = Math.round(price * 100);

    // Sales leave stock, returns come back; adjustments keep the file's sign.
    const change = kind === 'sale' || kind === 'return' ? -qty : qty;
    entries.push(index, kind, change, when[0], when[1], invoice, note);
    firstDay = firstDay === null ? when[0] : Math.min(firstDay, when[0]);
    lastDay = lastDay === null ? when[0] : Math.max(lastDay, when[0]);
  };
  await forEachCsvRow(path, onRow, { onProgress: (p) => onProgress?.(Math.max(0, p.rows - 1), p.fraction) });
  if (header) throw new EngineError('invalid', 'the file is empty: no header row');
  for (const item of items) if (!item.name) item.name = item.code;

  return {
    rows,
    items,
    count: entries.count,
    item: entries.item.subarray(0, entries.count),
    kind: entries.kind.subarray(0, entries.count),
    qty: entries.qty.subarray(0, entries.count),
    day: entries.day.subarray(0, entries.count),
    minute: entries.minute.subarray(0, entries.count),
    invoice: entries.invoice,
    note: entries.note,
    skipped: [...skipped].map(([reason, s]) => ({ reason, ...s })).sort((a, b) => b.count - a.count),
    duplicates,
    firstDay,
    lastDay,
  };
}

export const STOCK_COUNT_HEADER = ['StockCode', 'Quantity'] as const;

/**
 * Reads a stock count (`StockCode,Quantity`: on hand at the end of the sales history).
 * Throws EngineError `invalid` naming the row for a bad quantity or a repeated code.
 */
export async function readStockCount(path: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let header = true;
  await forEachCsvRow(path, (fields, row) => {
    if (header) {
      requireHeader(fields, STOCK_COUNT_HEADER, 'stock count');
      header = false;
      return;
    }
    const [code = '', text = ''] = fields.map((f) => f.trim());
    if (!/^\d+(\.\d{1,3})?$/.test(text)) throw new EngineError('invalid', `row ${row}, Quantity: "${text.slice(0, 40)}" is not a quantity (0 or more, at most 3 decimals)`);
    if (counts.has(code)) throw new EngineError('invalid', `row ${row}, StockCode: ${code} is counted twice`);
    counts.set(code, Number(text));
  });
  if (header) throw new EngineError('invalid', 'the stock count is empty: no header row');
  return counts;
}

/**
 * Daily demand per item from a plan (sales and spoilage, in units), for the forecast
 * backtest. Series are indexed from the plan's first day.
 */
export function demandSeries(plan: SalesPlan): { series: { code: string; firstDemandDay: number; demand: Float64Array }[]; firstDay: number; lastDay: number } {
  const firstDay = plan.firstDay ?? 0;
  const lastDay = plan.lastDay ?? 0;
  const span = lastDay - firstDay + 1;
  const series = plan.items.map((item) => ({ code: item.code, firstDemandDay: Number.POSITIVE_INFINITY, demand: new Float64Array(span) }));
  for (let i = 0; i < plan.count; i++) {
    const kind = PLAN_KINDS[plan.kind[i] as number];
    const qty = plan.qty[i] as number;
    if ((kind !== 'sale' && kind !== 'spoil') || qty >= 0) continue;
    const s = series[plan.item[i] as number];
    if (!s) continue;
    const day = plan.day[i] as number;
    s.demand[day - firstDay] = (s.demand[day - firstDay] ?? 0) - qty;
    s.firstDemandDay = Math.min(s.firstDemandDay, day);
  }
  return { series: series.filter((s) => Number.isFinite(s.firstDemandDay)), firstDay, lastDay };
}
