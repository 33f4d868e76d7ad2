/**
 * The inventory table's view over the loaded rows, client-side: filters, search as you
 * type, and sorting. `inventory.items` returns every active item with its forecast, so a
 * few thousand rows are filtered and sorted here without a round trip. Pure functions.
 */
import type { ItemRow } from '../../../shared/contract/inventory';
import { CONFIDENCE_LEVELS } from '../../../shared/contract/inventory';

export const SORT_KEYS = ['name', 'category', 'onHand', 'burnRate', 'daysLeft', 'runOutDate', 'confidence'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface InventorySort {
  key: SortKey;
  dir: SortDir;
}

/** Filters as the toolbar holds them: `''` = any; `NO_VALUE` = items without one. */
export interface InventoryFilters {
  category: string;
  locationId: string;
  /** Only items whose forecast runs out within this many days (`null`: no filter). */
  runningOutWithinDays: number | null;
  belowMin: boolean;
}

export interface InventoryView {
  sort: InventorySort;
  filters: InventoryFilters;
  search: string;
}

/** Filter value for "no category" / "no location". */
export const NO_VALUE = '\u0000none';

export const emptyFilters: InventoryFilters = { category: '', locationId: '', runningOutWithinDays: null, belowMin: false };
export const defaultView: InventoryView = { sort: { key: 'name', dir: 'asc' }, filters: emptyFilters, search: '' };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const CONFIDENCE_RANK: Record<string, number> = Object.fromEntries(CONFIDENCE_LEVELS.map((c, i) => [c, i]));

/** A sort key's value of a row; `null` sorts last in either direction. */
function valueOf(row: ItemRow, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'category':
      return row.category;
    case 'onHand':
      return row.forecast.onHand;
    case 'burnRate':
      return row.forecast.burnRatePerDay;
    case 'daysLeft':
      return row.forecast.daysLeft;
    case 'runOutDate':
      return row.forecast.runOutDate;
    case 'confidence':
      return CONFIDENCE_RANK[row.forecast.confidence] ?? 0;
  }
}

function compareValues(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/**
 * Sorts a copy of `rows` by `sort`. Empty values (no category, never runs out) go last in
 * both directions; ties fall back to the name, then the id, so the order is stable.
 */
export function sortRows(rows: readonly ItemRow[], sort: InventorySort): ItemRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = valueOf(a, sort.key);
    const vb = valueOf(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const c = compareValues(va, vb);
      if (c !== 0) return sign * c;
    }
    return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** Whether `row` passes every filter. */
export function matchesFilters(row: ItemRow, filters: InventoryFilters): boolean {
  if (filters.category === NO_VALUE ? row.category !== null : filters.category !== '' && row.category !== filters.category) return false;
  if (filters.locationId === NO_VALUE ? row.locationId !== null : filters.locationId !== '' && row.locationId !== filters.locationId) return false;
  if (filters.runningOutWithinDays !== null) {
    const days = row.forecast.daysLeft;
    if (days === null || days > filters.runningOutWithinDays) return false;
  }
  if (filters.belowMin && !row.forecast.belowMin) return false;
  return true;
}

const haystacks = new WeakMap<ItemRow, string>();

/** The lower-cased text a search looks in: name, SKU, barcode, category and location (cached per row). */
function haystackOf(row: ItemRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.name, row.sku, row.barcode, row.category, row.locationName].filter(Boolean).join('\n').toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** The words of a search, lower-cased; every one must occur in a row for it to match. */
export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether `row` contains every term (substring match over name, SKU, barcode, category, location). */
export function matchesSearch(row: ItemRow, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const text = haystackOf(row);
  return terms.every((t) => text.includes(t));
}

/** The rows to show: filtered, searched, sorted (a new array; `rows` is not changed). */
export function visibleRows(rows: readonly ItemRow[], view: InventoryView): ItemRow[] {
  const terms = searchTerms(view.search);
  return sortRows(
    rows.filter((r) => matchesFilters(r, view.filters) && matchesSearch(r, terms)),
    view.sort,
  );
}

/** The next sort after clicking column `key`: the same column flips direction; a new one starts ascending (numbers that matter most first: days left ascending, burn rate descending). */
export function nextSort(current: InventorySort, key: SortKey): InventorySort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'burnRate' || key === 'onHand' || key === 'confidence' ? 'desc' : 'asc' };
}

/** Whether any filter or a search is set. */
export function isFiltered(view: InventoryView): boolean {
  const f = view.filters;
  return view.search.trim() !== '' || f.category !== '' || f.locationId !== '' || f.runningOutWithinDays !== null || f.belowMin;
}

/** Sum of on-hand × unit cost over rows with a known cost, in minor units (rounded). */
export function stockValueMinor(rows: readonly ItemRow[]): number {
  let total = 0;
  for (const r of rows) if (r.unitCostMinor !== null && r.forecast.onHand > 0) total += r.forecast.onHand * r.unitCostMinor;
  return Math.round(total);
}
