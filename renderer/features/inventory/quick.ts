/**
 * Keyboard quick entry: finding an item by what the operator types (over the loaded rows)
 * and reading the quantity line. Pure functions, tested without React.
 */
import type { ItemRow } from '../../../shared/contract/inventory';
import { parseMoneyInput } from './format';

export interface QuickMatch {
  item: ItemRow;
  /** Higher is better; see `matchScore`. */
  score: number;
}

const WORD_START = /[\s\-/(),.&+]+/;

/**
 * How well `query` (lower-cased, trimmed) names `item`, or 0 for no match. In order:
 * SKU or barcode exactly (1000), the whole name (900), the name's start (800), every typed
 * word starting a word of the name in order ("red ret" → "RED RETROSPOT …", 600), one word
 * starting a word (500), a substring anywhere (400), the letters in order with gaps (fuzzy,
 * 100–300, tighter is better).
 */
export function matchScore(item: ItemRow, query: string): number {
  if (!query) return 0;
  if (item.sku?.toLowerCase() === query || item.barcode?.toLowerCase() === query) return 1000;
  const name = item.name.toLowerCase().trim();
  if (name === query) return 900;
  if (name.startsWith(query)) return 800;
  const words = name.split(WORD_START).filter(Boolean);
  const typed = query.split(/\s+/).filter(Boolean);
  if (typed.length > 1 && wordsInOrder(words, typed)) return 600;
  if (typed.length === 1 && words.some((w) => w.startsWith(query))) return 500;
  if (name.includes(query)) return 400;
  if (item.sku?.toLowerCase().startsWith(query)) return 350;
  const gaps = subsequenceGaps(name, query.replace(/\s+/g, ''));
  return gaps === null ? 0 : 100 + Math.max(0, 200 - gaps * 10);
}

/** Whether each typed word starts a word of `words`, in order. */
function wordsInOrder(words: readonly string[], typed: readonly string[]): boolean {
  let at = 0;
  for (const t of typed) {
    while (at < words.length && !words[at]?.startsWith(t)) at += 1;
    if (at === words.length) return false;
    at += 1;
  }
  return true;
}

/** The number of skipped characters when `needle`'s letters are found in order in `hay`, or null. */
function subsequenceGaps(hay: string, needle: string): number | null {
  if (!needle) return null;
  let gaps = 0;
  let at = hay.indexOf(needle[0] as string);
  if (at < 0) return null;
  for (let i = 1; i < needle.length; i++) {
    const next = hay.indexOf(needle[i] as string, at + 1);
    if (next < 0) return null;
    gaps += next - at - 1;
    at = next;
  }
  return gaps;
}

/**
 * The best `limit` items for `query`: highest score first, then the shorter name (the
 * more specific match), then by name. An empty query matches nothing.
 */
export function quickMatches(items: readonly ItemRow[], query: string, limit = 8): QuickMatch[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const found: QuickMatch[] = [];
  for (const item of items) {
    const score = matchScore(item, q);
    if (score > 0) found.push({ item, score });
  }
  found.sort((a, b) => b.score - a.score || a.item.name.length - b.item.name.length || a.item.name.localeCompare(b.item.name));
  return found.slice(0, limit);
}

export type QuickQuantity = { ok: true; qty: number; unitCostMinor: number | undefined } | { ok: false; error: string };

/**
 * The quantity line: `''` → 1; `2.5` or `2,5`; for a purchase optionally `@ price` in the
 * currency, written the operator's way (`12 @ 1.50` in en-US, `12 @ 1,50` in de-DE → 12 at
 * 150 minor units). Refuses zero, negatives and anything else with a short message (the
 * contract checks the quantity again).
 */
export function parseQuickQuantity(text: string, currency: string): QuickQuantity {
  const [qtyPart = '', pricePart, extra] = text.split('@').map((s) => s.trim());
  if (extra !== undefined) return { ok: false, error: 'one “@ price” at most' };
  const qtyText = qtyPart.replace(',', '.');
  const qty = qtyText === '' ? 1 : /^(\d+\.?\d*|\.\d+)$/.test(qtyText) ? Number(qtyText) : Number.NaN;
  if (!Number.isFinite(qty)) return { ok: false, error: 'type a quantity such as 2 or 2.5' };
  if (qty <= 0) return { ok: false, error: 'the quantity must be more than 0' };
  if (pricePart === undefined) return { ok: true, qty, unitCostMinor: undefined };
  const price = parseMoneyInput(pricePart, currency);
  if (!price.ok) return { ok: false, error: `price: ${price.error}` };
  if (price.minor === undefined) return { ok: false, error: 'type a price after “@”' };
  return { ok: true, qty, unitCostMinor: price.minor };
}

/** Whether a key event comes from somewhere the operator is typing (so "/" must not open quick entry). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  return el.isContentEditable || el.closest('input, textarea, select, [contenteditable="true"]') !== null;
}
