/**
 * The shopping list in the console (DOMAIN.md "Shopping, needs, schedule, bills"): the open
 * items grouped by source with counts and estimated totals (`shopping.list`). Refetched on
 * `db.changed` for the tables it reads; every change goes through the dispatcher.
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type ShoppingList = QueryOutput<'shopping.list'>;

export interface ShoppingState {
  shoppingList: Loadable<ShoppingList>;
}

export interface ShoppingActions {
  loadShopping(): Promise<void>;
  /** Refetches the list when loaded and `tables` (from `db.changed`) touch it (always with none). */
  refreshShopping(tables?: readonly string[]): Promise<void>;
}

export type ShoppingSlice = ShoppingState & ShoppingActions;

/** Tables whose change alters the list: its items, their approvals, and the band's threshold. */
export const SHOPPING_TABLES = ['shopping_items', 'approvals', 'governance_state', 'band_policy'] as const;

export const shoppingInitialState: ShoppingState = { shoppingList: idle() };

/** The shopping slice over `api`. */
export function createShoppingSlice(api: ValhallaApi): SliceCreator<ShoppingSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      if (get().shoppingList.status !== 'idle' && (tables === null || SHOPPING_TABLES.some((t) => tables.has(t)))) await get().loadShopping();
    });
    return {
      ...shoppingInitialState,

      async loadShopping() {
        set({ shoppingList: loading(get().shoppingList) });
        set({ shoppingList: settled(await api.query('shopping.list', { status: 'open', limit: 1000 })) });
      },

      refreshShopping(tables) {
        return refresh(tables);
      },
    };
  };
}
