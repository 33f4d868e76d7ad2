/**
 * The inventory table's view over the loaded rows, client-side: filters, search as you
 * type, and which order the table sorts in. `inventory.items` returns every active item
 * with its forecast, so a few thousand rows are filtered here without a round trip and
 * sorted by the table (TanStack Table's sorted row model, InventoryTable.tsx) by the
 * values `sortValue` gives. Pure functions.
 */
import type { ItemRow } from '../../../shared/contract/inventory';
import { CONFIDENCE_LEVELS } from '../../../shared/contract/inventory';

export const SORT_KEYS = ['name', 'sku', 'category', 'onHand', 'burnRate', 'daysLeft', 'runOutDate', 'confidence', 'unitCost'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Which list an order was chosen for: every item, or a "running out within N days" view. */
export type SortContext = 'all' | 'runningOut';

export interface InventorySort {
  key: SortKey;
  dir: SortDir;
  /**
   * The list the operator chose this order for with a column header; absent for the
   * default order. A chosen order holds in its own list only: the running-out views start
   * most urgent first, the whole list by name (see `effectiveSort`).
   */
  chosenFor?: SortContext;
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
/** The whole list's default order: by name. */
export const DEFAULT_SORT: InventorySort = { key: 'name', dir: 'asc' };
/** A running-out view's default order: fewest days left (most urgent) first. */
export const RUNNING_OUT_SORT: InventorySort = { key: 'daysLeft', dir: 'asc' };
export const defaultView: InventoryView = { sort: DEFAULT_SORT, filters: emptyFilters, search: '' };

const CONFIDENCE_RANK: Record<string, number> = Object.fromEntries(CONFIDENCE_LEVELS.map((c, i) => [c, i]));

/**
 * The value column `key` of a row sorts by: text (name, SKU, category), a number (on hand,
 * burn per day, days left, unit cost in minor units), an ISO date (run-out, which sorts chronologically as text), or the
 * confidence's rank (none < low < medium < high). `undefined` where there is none (no
 * SKU, category or cost; never runs out), which the table puts last in either direction.
 */
export function sortValue(row: ItemRow, key: SortKey): string | number | undefined {
  switch (key) {
    case 'name':
      return row.name;
    case 'sku':
      return row.sku ?? undefined;
    case 'category':
      return row.category ?? undefined;
    case 'onHand':
      return row.forecast.onHand;
    case 'burnRate':
      return row.forecast.burnRatePerDay;
    case 'daysLeft':
      return row.forecast.daysLeft ?? undefined;
    case 'runOutDate':
      return row.forecast.runOutDate ?? undefined;
    case 'confidence':
      return CONFIDENCE_RANK[row.forecast.confidence] ?? 0;
    case 'unitCost':
      return row.unitCostMinor ?? undefined;
  }
}

/** Which list the filters make: a running-out view when "Running out within" is set. */
export function sortContext(filters: Pick<InventoryFilters, 'runningOutWithinDays'>): SortContext {
  return filters.runningOutWithinDays === null ? 'all' : 'runningOut';
}

/**
 * The order the table shows for `view`: the operator's chosen order where it was chosen for
 * this list (every item, or a running-out view), else the list's default — by name, or in a
 * running-out view by days left, most urgent first.
 */
export function effectiveSort(view: Pick<InventoryView, 'sort' | 'filters'>): InventorySort {
  const context = sortContext(view.filters);
  if (view.sort.chosenFor === context) return view.sort;
  return context === 'runningOut' ? RUNNING_OUT_SORT : DEFAULT_SORT;
}

/** Whether a column's first click sorts descending (the numbers that matter most first: most on hand, fastest burn, highest confidence). */
export function sortsDescFirst(key: SortKey): boolean {
  return key === 'burnRate' || key === 'onHand' || key === 'confidence';
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

/** The rows to show: filtered and searched, in the order given (a new array; `rows` is not changed). The table sorts them. */
export function visibleRows(rows: readonly ItemRow[], view: Pick<InventoryView, 'filters' | 'search'>): ItemRow[] {
  const terms = searchTerms(view.search);
  return rows.filter((r) => matchesFilters(r, view.filters) && matchesSearch(r, terms));
}

/**
 * The order after a click on column `key`, from the order shown now (`effectiveSort`): the
 * same column flips direction; another starts ascending, or descending where the biggest
 * numbers matter most (`sortsDescFirst`). Chosen for the list the filters make now.
 */
export function nextSort(view: Pick<InventoryView, 'sort' | 'filters'>, key: SortKey): InventorySort {
  const current = effectiveSort(view);
  const chosenFor = sortContext(view.filters);
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc', chosenFor };
  return { key, dir: sortsDescFirst(key) ? 'desc' : 'asc', chosenFor };
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
