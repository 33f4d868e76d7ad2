/**
 * Pure helpers of the receipts screens: the list query from the filters (typed amounts in
 * major units, the operator's way → minor units), the vendor → category memory, and how
 * fields read. A receipt's total, tax and line amounts may be negative: a refund.
 */
import type { QueryInput, ReceiptSummary } from '../../../shared/contract';
import type { Tone } from '../../ui/Badge';
import { minorToInput, parseMoneyInput, parseQtyInput } from '../inventory/format';
import { vendorKey } from '../../../shared/domain/vendor';

export type ReceiptStatus = ReceiptSummary['status'];

/** The list's search and filters as typed (amounts are text in major units). */
export interface ReceiptFilters {
  search: string;
  status: '' | ReceiptStatus;
  category: string;
  paymentMethod: string;
  from: string;
  to: string;
  minTotal: string;
  maxTotal: string;
}

export const defaultReceiptFilters: ReceiptFilters = { search: '', status: '', category: '', paymentMethod: '', from: '', to: '', minTotal: '', maxTotal: '' };

/** Whether any search or filter is set. */
export function receiptFiltersSet(f: ReceiptFilters): boolean {
  return (Object.keys(f) as (keyof ReceiptFilters)[]).some((k) => f[k].trim() !== '');
}

/**
 * `receipts.list` params for the filters: empty fields left out, amounts as signed minor
 * units of `currency` (a refund's total is negative); a date or amount that does not parse
 * is left out too (`receiptFilterErrors` says why).
 */
export function receiptListParams(f: ReceiptFilters, currency: string, cursor?: string | null): QueryInput<'receipts.list'> {
  const params: QueryInput<'receipts.list'> = { limit: 50 };
  const search = f.search.trim();
  if (search) params.search = search;
  if (f.status) params.status = f.status;
  if (f.category.trim()) params.category = f.category.trim();
  if (f.paymentMethod.trim()) params.paymentMethod = f.paymentMethod.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.from)) params.from = f.from;
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.to)) params.to = f.to;
  const min = parseMoneyInput(f.minTotal, currency, { signed: true });
  if (min.ok && min.minor !== undefined) params.minTotalMinor = min.minor;
  const max = parseMoneyInput(f.maxTotal, currency, { signed: true });
  if (max.ok && max.minor !== undefined) params.maxTotalMinor = max.minor;
  if (cursor) params.cursor = cursor;
  return params;
}

/** Why a typed min or max total is not used, per filter (`minTotal`, `maxTotal`); empty when both read. */
export function receiptFilterErrors(f: Pick<ReceiptFilters, 'minTotal' | 'maxTotal'>, currency: string): Partial<Record<'minTotal' | 'maxTotal', string>> {
  const errors: Partial<Record<'minTotal' | 'maxTotal', string>> = {};
  for (const key of ['minTotal', 'maxTotal'] as const) {
    const parsed = parseMoneyInput(f[key], currency, { signed: true });
    if (!parsed.ok) errors[key] = parsed.error;
  }
  return errors;
}

/** Whether a receipt is a refund or credit note: its total is negative (money back). */
export function isRefund(r: { totalMinor: number | null }): boolean {
  return r.totalMinor !== null && r.totalMinor < 0;
}

/**
 * A vendor as the memory keys it: the engine's vendor key (case, punctuation and company
 * forms folded, so "Corner Bakery" and "CORNER BAKERY SDN BHD" share one), `''` for none.
 */
export function vendorMemoryKey(vendor: string): string {
  return vendorKey(vendor) ?? '';
}

/**
 * The category last used with `vendor`: this session's memory first, else the category of
 * the vendor's latest receipt as the engine reported it (`receipts.categories`); `null` when neither.
 */
export function rememberedCategory(memory: Readonly<Record<string, string>>, vendor: string, filed: readonly { vendorKey: string; category: string }[] = []): string | null {
  const key = vendorMemoryKey(vendor);
  if (!key) return null;
  return memory[key] ?? filed.find((f) => f.vendorKey === key)?.category ?? null;
}

/** The memory with `vendor → category` added (unchanged without both). */
export function withVendorCategory(memory: Readonly<Record<string, string>>, vendor: string, category: string | undefined | null): Record<string, string> {
  const key = vendorMemoryKey(vendor);
  const value = category?.trim();
  if (!key || !value) return { ...memory };
  return { ...memory, [key]: value };
}

/** Tags typed as `a, b c` → `['a', 'b c']` (empty pieces dropped, repeats once). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

export const RECEIPT_STATUS_LABELS: Record<ReceiptStatus, string> = { needs_attention: 'Needs attention', complete: 'Complete', void: 'Void' };

export function receiptStatusTone(status: ReceiptStatus): Tone {
  return status === 'complete' ? 'ok' : status === 'needs_attention' ? 'warn' : 'neutral';
}

const FIELD_LABELS: Record<string, string> = { vendor: 'vendor', date: 'date', totalMinor: 'total' };

/** A missing-field code in words: `totalMinor` → `total`, `unreadable date` stays. */
export function missingLabel(code: string): string {
  return FIELD_LABELS[code] ?? code.replace(/Minor\b/, '');
}

/**
 * Where an imported receipt came from, in words: the SROIE key file (`012.json`), or the
 * row of a CSV file (its source ref is `<file SHA-256>:<row>`); null for one typed in.
 */
export function sourceLabel(r: { source: string; sourceRef: string | null }): string | null {
  if (!r.sourceRef) return null;
  const [file = '', row] = r.sourceRef.split(':');
  if (/^[0-9a-f]{64}$/.test(file)) return row ? `CSV row ${row}` : 'CSV file';
  return file;
}

/**
 * The required fields of a receipt as typed (vendor, date, total as a decimal in
 * `currency`, negative for a refund), keeping only those given: `{ ok: false, error }` when
 * the total is not an amount, else the fields for `receipts.update` (total in minor units).
 */
export function typedCoreFields(
  typed: { vendor: string; date: string; total: string },
  currency: string,
): { ok: false; error: string } | { ok: true; fields: { vendor?: string; date?: string; totalMinor?: number } } {
  const amount = parseMoneyInput(typed.total, currency, { signed: true });
  if (!amount.ok) return { ok: false, error: amount.error };
  return {
    ok: true,
    fields: {
      ...(typed.vendor.trim() ? { vendor: typed.vendor.trim() } : {}),
      ...(typed.date ? { date: typed.date } : {}),
      ...(amount.minor !== undefined ? { totalMinor: amount.minor } : {}),
    },
  };
}

/** A line item as typed in the editor: text fields, and a stable key for React. */
export interface LineDraft {
  key: number;
  description: string;
  qty: string;
  amount: string;
}

/** A receipt's line items as editor rows (amounts back in major units of `currency`, the operator's way). */
export function lineDrafts(lines: readonly { description: string; qty: number; amountMinor: number }[], currency: string): LineDraft[] {
  return lines.map((l, i) => ({ key: i + 1, description: l.description, qty: String(l.qty), amount: minorToInput(l.amountMinor, currency) }));
}

/**
 * The editor rows as `receipts.update` line items: rows left wholly empty are dropped; a
 * row needs a description, a quantity above 0 (empty is 1) and an amount in `currency`
 * (negative for a refund's line or a discount).
 * `{ ok: false, errors }` maps a row's key to its message.
 */
export function parseLineDrafts(
  drafts: readonly LineDraft[],
  currency: string,
): { ok: true; lines: { description: string; qty: number; amountMinor: number }[] } | { ok: false; errors: Record<number, string> } {
  const errors: Record<number, string> = {};
  const lines: { description: string; qty: number; amountMinor: number }[] = [];
  for (const d of drafts) {
    if (!d.description.trim() && !d.qty.trim() && !d.amount.trim()) continue;
    const qty = parseQtyInput(d.qty) ?? 1;
    const amount = parseMoneyInput(d.amount, currency, { signed: true });
    if (!d.description.trim()) errors[d.key] = 'enter what the line is';
    else if (!Number.isFinite(qty) || qty <= 0) errors[d.key] = 'the quantity must be a number above 0';
    else if (!amount.ok) errors[d.key] = amount.error;
    else if (amount.minor === undefined) errors[d.key] = 'enter the amount';
    else lines.push({ description: d.description.trim(), qty, amountMinor: amount.minor });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, lines };
}
