/**
 * The decisions explorer: filters, a keyset-paged list, one opened decision, and a
 * pairwise diff of two chosen decisions.
 */
import type { Decision, DecisionSummary, QueryInput, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type DecisionDiff = QueryOutput<'decisions.diff'>;

/** Filters as the form holds them: empty string = no filter. */
export interface DecisionFilters {
  status: string;
  action: string;
  operatorId: string;
  mode: string;
  from: string;
  to: string;
}

export interface DecisionsState {
  decisionFilters: DecisionFilters;
  decisionList: PagedList<DecisionSummary, string>;
  selectedDecisionId: string | null;
  decisionDetail: Loadable<Decision>;
  /** Ids ticked for comparison, oldest tick first, at most two. */
  compareIds: string[];
  diff: Loadable<DecisionDiff>;
}

export interface DecisionsActions {
  /** Replaces the filters and reloads the first page. */
  setDecisionFilters(filters: DecisionFilters): Promise<void>;
  /** (Re)loads from the first page; keeps as many rows as are shown (up to 200). */
  loadDecisions(): Promise<void>;
  loadMoreDecisions(): Promise<void>;
  /** Opens one decision in the detail panel (`null` closes it). */
  selectDecision(id: string | null): Promise<void>;
  /** Goes to the explorer with decision `id` open (from the ops board). */
  openDecision(id: string): Promise<void>;
  /** Ticks or unticks a decision for comparison; a third tick drops the oldest. */
  toggleCompare(id: string): void;
  loadDiff(): Promise<void>;
  closeDiff(): void;
}

export type DecisionsSlice = DecisionsState & DecisionsActions;

export const DECISIONS_PAGE_SIZE = 25;

export const emptyDecisionFilters: DecisionFilters = { status: '', action: '', operatorId: '', mode: '', from: '', to: '' };

export const decisionsInitialState: DecisionsState = {
  decisionFilters: emptyDecisionFilters,
  decisionList: { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null },
  selectedDecisionId: null,
  decisionDetail: idle(),
  compareIds: [],
  diff: idle(),
};

/** The decisions slice over `api`. */
export function createDecisionsSlice(api: ValhallaApi): SliceCreator<DecisionsSlice> {
  // Answers to an older request (filters changed meanwhile) are dropped.
  let listRequest = 0;
  return (set, get) => ({
    ...decisionsInitialState,

    async setDecisionFilters(filters) {
      set({ decisionFilters: filters });
      await get().loadDecisions();
    },

    async loadDecisions() {
      const request = ++listRequest;
      const prev = get().decisionList;
      const limit = Math.min(200, Math.max(DECISIONS_PAGE_SIZE, prev.items.length));
      set({ decisionList: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', error: null } });
      const result = await api.query('decisions.list', decisionsSelectors.queryParams(get().decisionFilters, limit));
      if (request !== listRequest) return;
      set({
        decisionList: result.ok
          ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
          : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
      });
    },

    async loadMoreDecisions() {
      const prev = get().decisionList;
      if (!prev.nextCursor || prev.loadingMore) return;
      const request = ++listRequest;
      set({ decisionList: { ...prev, loadingMore: true } });
      const result = await api.query('decisions.list', decisionsSelectors.queryParams(get().decisionFilters, DECISIONS_PAGE_SIZE, prev.nextCursor));
      if (request !== listRequest) return;
      const now = get().decisionList;
      set({
        decisionList: result.ok
          ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false, error: null }
          : { ...now, loadingMore: false, error: result.error.message },
      });
    },

    async selectDecision(id) {
      set({ selectedDecisionId: id, decisionDetail: id === null ? idle() : loading(get().selectedDecisionId === id ? get().decisionDetail : idle()) });
      if (id === null) return;
      const result = await api.query('decisions.get', { id });
      if (get().selectedDecisionId === id) set({ decisionDetail: settled(result) });
    },

    async openDecision(id) {
      get().navigate('decisions');
      await get().selectDecision(id);
    },

    toggleCompare(id) {
      const ids = get().compareIds;
      set({ compareIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2) });
    },

    async loadDiff() {
      const [a, b] = get().compareIds;
      if (!a || !b) return;
      set({ diff: loading(idle()) });
      const result = await api.query('decisions.diff', { a, b });
      set({ diff: settled(result) });
    },

    closeDiff() {
      set({ diff: idle() });
    },
  });
}

export const decisionsSelectors = {
  /** The `decisions.list` params for the filters (empty ones left out). */
  queryParams(filters: DecisionFilters, limit: number, cursor?: string): QueryInput<'decisions.list'> {
    const params: Record<string, unknown> = { limit };
    for (const [key, value] of Object.entries(filters)) if (value !== '') params[key] = value;
    if (cursor) params.cursor = cursor;
    return params as QueryInput<'decisions.list'>;
  },
  /** Whether any filter is set. */
  hasFilters: (filters: DecisionFilters) => Object.values(filters).some((v) => v !== ''),
  canLoadMore: (s: AppState) => s.decisionList.nextCursor !== null,
  canCompare: (s: AppState) => s.compareIds.length === 2,
};
