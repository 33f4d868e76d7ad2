/**
 * One opened item: its detail with per-location stock (`inventory.item`), its on-hand and
 * demand history with the projected burn-down (`forecast.history`), and its stock journal
 * (`inventory.journal`, newest first, cursor-paged by seq).
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import type { JournalEntry } from '../../../shared/contract/inventory';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type ItemDetail = QueryOutput<'inventory.item'>;
export type ItemHistory = QueryOutput<'forecast.history'>;

export interface ItemState {
  selectedItemId: string | null;
  itemDetail: Loadable<ItemDetail>;
  itemHistory: Loadable<ItemHistory>;
  journal: PagedList<JournalEntry, number>;
  /** Days of history the chart shows. */
  historyDays: number;
}

export interface ItemActions {
  /** Goes to the inventory screen with item `id` open (from the table, the ops board, quick entry). */
  openItem(id: string): Promise<void>;
  /** Back to the table. */
  closeItem(): void;
  /** Reloads the open item's detail, history and journal (keeping as many journal rows as shown). */
  reloadItem(): Promise<void>;
  loadMoreJournal(): Promise<void>;
  setHistoryDays(days: number): Promise<void>;
}

export type ItemSlice = ItemState & ItemActions;

export const JOURNAL_PAGE_SIZE = 50;
export const HISTORY_DAY_CHOICES = [90, 180, 365] as const;

const emptyJournal: PagedList<JournalEntry, number> = { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null };

export const itemInitialState: ItemState = {
  selectedItemId: null,
  itemDetail: idle(),
  itemHistory: idle(),
  journal: emptyJournal,
  historyDays: 180,
};

/** The item slice over `api`. */
export function createItemSlice(api: ValhallaApi): SliceCreator<ItemSlice> {
  // Answers for an item no longer open, or superseded by a newer request, are dropped.
  let journalRequest = 0;

  async function loadDetail(get: () => AppState, set: (p: Partial<AppState>) => void, id: string) {
    const result = await api.query('inventory.item', { id });
    if (get().selectedItemId === id) set({ itemDetail: settled(result) });
  }

  async function loadHistory(get: () => AppState, set: (p: Partial<AppState>) => void, id: string) {
    const days = get().historyDays;
    const result = await api.query('forecast.history', { itemId: id, days });
    if (get().selectedItemId === id && get().historyDays === days) set({ itemHistory: settled(result) });
  }

  async function loadJournal(get: () => AppState, set: (p: Partial<AppState>) => void, id: string) {
    const request = ++journalRequest;
    const prev = get().journal;
    const limit = Math.min(500, Math.max(JOURNAL_PAGE_SIZE, prev.items.length));
    set({ journal: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', error: null } });
    const result = await api.query('inventory.journal', { itemId: id, limit });
    if (request !== journalRequest || get().selectedItemId !== id) return;
    set({
      journal: result.ok
        ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
        : { ...emptyJournal, status: 'error', error: result.error.message },
    });
  }

  return (set, get) => ({
    ...itemInitialState,

    async openItem(id) {
      get().navigate('inventory');
      if (get().selectedItemId !== id) set({ selectedItemId: id, itemDetail: loading(idle()), itemHistory: loading(idle()), journal: emptyJournal });
      await get().reloadItem();
    },

    closeItem() {
      journalRequest += 1;
      set({ selectedItemId: null, itemDetail: idle(), itemHistory: idle(), journal: emptyJournal });
    },

    async reloadItem() {
      const id = get().selectedItemId;
      if (!id) return;
      await Promise.all([loadDetail(get, set, id), loadHistory(get, set, id), loadJournal(get, set, id)]);
    },

    async loadMoreJournal() {
      const id = get().selectedItemId;
      const prev = get().journal;
      if (!id || prev.nextCursor === null || prev.loadingMore) return;
      const request = ++journalRequest;
      set({ journal: { ...prev, loadingMore: true } });
      const result = await api.query('inventory.journal', { itemId: id, limit: JOURNAL_PAGE_SIZE, cursor: prev.nextCursor });
      if (request !== journalRequest || get().selectedItemId !== id) return;
      const now = get().journal;
      set({
        journal: result.ok
          ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false, error: null }
          : { ...now, loadingMore: false, error: result.error.message },
      });
    },

    async setHistoryDays(days) {
      set({ historyDays: days, itemHistory: loading(get().itemHistory) });
      const id = get().selectedItemId;
      if (id) await loadHistory(get, set, id);
    },
  });
}

export const itemSelectors = {
  canLoadMoreJournal: (s: AppState) => s.journal.nextCursor !== null,
  /** Whether an entry may be undone: not an undo itself and not undone already. */
  canUndo: (entry: JournalEntry) => entry.reversesSeq === null && entry.reversedBySeq === null,
};
