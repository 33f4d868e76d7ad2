/**
 * Inventory: every active item with its forecast (`inventory.items`), the locations and
 * categories, and how the table is viewed (sort, filters, search). Refetched on
 * `db.changed` for the tables it shows (see `refreshInventory`): after a stock move that
 * names its items, only those rows.
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import type { Expiring, ItemRow, Location } from '../../../shared/contract/inventory';
import type { Result } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { householdCurrency } from '../../../shared/domain/money';
import { coalescedRefresh } from '../spending/refresh';
import { defaultView, isFiltered, nextSort, type InventoryFilters, type InventoryView, type SortKey } from './view';

export type ItemList = QueryOutput<'inventory.items'>;
export type CategoryCount = QueryOutput<'inventory.categories'>[number];

export interface InventoryState {
  itemList: Loadable<ItemList>;
  locations: Loadable<Location[]>;
  categories: Loadable<CategoryCount[]>;
  inventoryView: InventoryView;
  /** Scroll offset of the table when it was last left (to come back to the same place). */
  inventoryScrollTop: number;
  /** Whether the keyboard quick-entry bar is open. */
  quickEntryOpen: boolean;
  /** Which list the inventory screen shows: every item, or the lots expiring soon (issue 15). */
  inventoryTab: InventoryTab;
  /** The "expiring within N days" list (`inventory.expiring`) and its N. */
  expiring: Loadable<Expiring>;
  expiringWithinDays: number;
}

export type InventoryTab = 'items' | 'expiring';
/** The windows the expiring list offers, in days. */
export const EXPIRING_DAY_CHOICES = [0, 3, 7, 14, 30] as const;

export interface InventoryActions {
  loadItems(): Promise<void>;
  /** Refetches only these items' rows into the loaded list (an item no longer listed, e.g. archived, leaves it). */
  reloadItemRows(ids: readonly string[]): Promise<void>;
  loadLocations(): Promise<void>;
  loadCategories(): Promise<void>;
  /** Sorts by `key`; the same key again flips the direction. */
  sortInventoryBy(key: SortKey): void;
  setInventoryFilters(filters: Partial<InventoryFilters>): void;
  setInventorySearch(search: string): void;
  clearInventoryView(): void;
  rememberInventoryScroll(top: number): void;
  /** Opens or closes the quick-entry bar; opening loads the items if they are not loaded yet. */
  setQuickEntryOpen(open: boolean): void;
  /** Shows the items or the expiring list on the inventory screen (loads the list when shown). */
  setInventoryTab(tab: InventoryTab): void;
  /** Goes to the inventory screen's expiring list (from the ops board). */
  showExpiring(): void;
  loadExpiring(): Promise<void>;
  setExpiringWithinDays(days: number): Promise<void>;
  /** The active item with this barcode (`inventory.byBarcode`): null for none; a refusal names two that match. */
  findByBarcode(code: string): Promise<Result<ItemRow | null>>;
  /**
   * Refetches what is loaded of inventory and forecasts when `tables` (from `db.changed`)
   * touch them; with no tables (after a reconnect), everything loaded. Coalesced: one
   * refresh runs at a time, plus one queued with the union of the tables. `items`: the
   * items the change named (stock moves); without them the whole list is refetched.
   */
  refreshInventory(tables?: readonly string[], items?: readonly string[]): Promise<void>;
}

export type InventorySlice = InventoryState & InventoryActions;

export const inventoryInitialState: InventoryState = {
  itemList: idle(),
  locations: idle(),
  categories: idle(),
  inventoryView: defaultView,
  inventoryScrollTop: 0,
  quickEntryOpen: false,
  inventoryTab: 'items',
  expiring: idle(),
  expiringWithinDays: 7,
};

/** Tables whose change alters what the inventory screens show. */
export const INVENTORY_TABLES = ['items', 'stock_journal', 'item_stats', 'locations', 'imports'] as const;

/** The inventory slice over `api`. */
export function createInventorySlice(api: ValhallaApi): SliceCreator<InventorySlice> {
  let itemsRequest = 0;
  let fullLoads = 0;
  /** Items named by `db.changed` since the last refresh; null: some change named none. */
  let namedItems: Set<string> | null = new Set();

  return (set, get) => {
    async function refreshOnce(tables: ReadonlySet<string> | null): Promise<void> {
      const touches = (...names: string[]) => tables === null || names.some((n) => tables.has(n));
      const named = namedItems;
      namedItems = new Set();
      const s = get();
      const jobs: Promise<void>[] = [];
      if (s.itemList.status !== 'idle' && touches('items', 'stock_journal', 'item_stats', 'locations')) {
        // only stock moved, of the items named, and no full load is on its way: refetch those rows
        const rowsOnly = tables !== null && named !== null && named.size > 0 && !touches('items', 'locations') && s.itemList.status === 'ready' && fullLoads === 0;
        jobs.push(rowsOnly ? s.reloadItemRows([...named]) : s.loadItems());
      }
      if (s.locations.status !== 'idle' && touches('locations')) jobs.push(s.loadLocations());
      if (s.categories.status !== 'idle' && touches('items')) jobs.push(s.loadCategories());
      if (s.selectedItemId && touches('items', 'stock_journal', 'item_stats', 'locations')) jobs.push(s.reloadItem());
      if (s.runningOut.status !== 'idle' && touches('items', 'stock_journal', 'item_stats')) jobs.push(s.loadRunningOut());
      if (s.expiring.status !== 'idle' && touches('items', 'stock_journal', 'item_stats')) jobs.push(s.loadExpiring());
      await Promise.all(jobs);
    }
    const refresh = coalescedRefresh(refreshOnce);

    return {
      ...inventoryInitialState,

      async loadItems() {
        const request = ++itemsRequest;
        fullLoads += 1;
        try {
          set({ itemList: loading(get().itemList) });
          const result = await api.query('inventory.items', {});
          if (request === itemsRequest) set({ itemList: settled(result) });
        } finally {
          fullLoads -= 1;
        }
      },

      async reloadItemRows(ids) {
        const request = itemsRequest;
        const result = await api.query('inventory.items', { ids: [...ids] });
        const list = get().itemList.data;
        // a full load started since answers for every row, these included
        if (request !== itemsRequest || !list) return;
        if (!result.ok) {
          await get().loadItems();
          return;
        }
        const fresh = new Map(result.value.items.map((r) => [r.id, r]));
        const gone = new Set(ids.filter((id) => !fresh.has(id)));
        const items = list.items.filter((r) => !gone.has(r.id)).map((r) => fresh.get(r.id) ?? r);
        set({ itemList: { data: { items, total: list.total - (list.items.length - items.length), asOf: result.value.asOf }, status: 'ready', error: null } });
      },

      async loadLocations() {
        set({ locations: loading(get().locations) });
        set({ locations: settled(await api.query('inventory.locations', {})) });
      },

      async loadCategories() {
        set({ categories: loading(get().categories) });
        set({ categories: settled(await api.query('inventory.categories', {})) });
      },

      sortInventoryBy(key) {
        const view = get().inventoryView;
        set({ inventoryView: { ...view, sort: nextSort(view, key) } });
      },

      setInventoryFilters(filters) {
        const view = get().inventoryView;
        set({ inventoryView: { ...view, filters: { ...view.filters, ...filters } } });
      },

      setInventorySearch(search) {
        set({ inventoryView: { ...get().inventoryView, search } });
      },

      clearInventoryView() {
        set({ inventoryView: { ...defaultView, sort: get().inventoryView.sort } });
      },

      rememberInventoryScroll(top) {
        set({ inventoryScrollTop: top });
      },

      setQuickEntryOpen(open) {
        set({ quickEntryOpen: open });
        if (open && get().itemList.status === 'idle') void get().loadItems();
      },

      setInventoryTab(tab) {
        set({ inventoryTab: tab });
        if (tab === 'expiring') void get().loadExpiring();
      },

      showExpiring() {
        get().closeItem();
        get().navigate('inventory');
        get().setInventoryTab('expiring');
      },

      async loadExpiring() {
        const withinDays = get().expiringWithinDays;
        set({ expiring: loading(get().expiring) });
        const result = await api.query('inventory.expiring', { withinDays });
        if (get().expiringWithinDays === withinDays) set({ expiring: settled(result) });
      },

      async setExpiringWithinDays(days) {
        set({ expiringWithinDays: days });
        await get().loadExpiring();
      },

      async findByBarcode(code) {
        const result = await api.query('inventory.byBarcode', { code });
        return result.ok ? { ok: true, value: result.value.item } : result;
      },

      refreshInventory(tables, items) {
        if (tables && !INVENTORY_TABLES.some((t) => tables.includes(t))) return Promise.resolve();
        if (!tables || !items) namedItems = null;
        else for (const id of items) namedItems?.add(id);
        return refresh(tables);
      },
    };
  };
}

const NO_ROWS: ItemRow[] = [];
const NO_LOCATIONS: Location[] = [];
const NO_CATEGORIES: CategoryCount[] = [];

export const inventorySelectors = {
  /** Every loaded row (a stable empty array while none are loaded). */
  rows: (s: AppState) => s.itemList.data?.items ?? NO_ROWS,
  /** The active locations (`inventory.locations` leaves archived ones out; stable empty array while none are loaded). */
  locations: (s: AppState) => s.locations.data ?? NO_LOCATIONS,
  categories: (s: AppState) => s.categories.data ?? NO_CATEGORIES,
  isFiltered: (s: AppState) => isFiltered(s.inventoryView),
  /** The household currency for money columns (`EUR` until governance state is loaded). */
  currency: (s: AppState) => householdCurrency(s.governance.data?.currency),
};
