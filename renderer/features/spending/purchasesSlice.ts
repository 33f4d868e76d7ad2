/**
 * Purchase requests (`purchases.list`), shown as a board by status; the one opened in the
 * detail dialog; and the engine's assessment of executing one (`governance.assess` of
 * `purchases.execute`), so the operator sees what will happen before it happens.
 */
import { PURCHASE_STATUSES, type Assessment, type Purchase, type ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type PurchaseStatus = Purchase['status'];

/** The assessment of executing one purchase request with the given params. */
export interface PurchaseAssessment {
  purchaseId: string;
  actualAmountMinor: number | null;
  result: Loadable<Assessment>;
}

export interface PurchasesState {
  purchaseList: Loadable<Purchase[]>;
  /** Whether the board shows the ARCHIVED column. */
  showArchived: boolean;
  selectedPurchaseId: string | null;
  purchaseAssessment: PurchaseAssessment | null;
}

export interface PurchasesActions {
  loadPurchases(): Promise<void>;
  setShowArchived(show: boolean): void;
  /** Opens one request in the detail dialog (`null` closes it). */
  selectPurchase(id: string | null): void;
  /** Goes to the purchases board with request `id` open (from an approval). */
  openPurchase(id: string): void;
  /** Asks the engine what executing request `purchaseId` would do now; `actualAmountMinor` when it differs from the request. */
  assessPurchase(purchaseId: string, actualAmountMinor?: number | null): Promise<void>;
  clearAssessment(): void;
}

export type PurchasesSlice = PurchasesState & PurchasesActions;

export const purchasesInitialState: PurchasesState = { purchaseList: idle(), showArchived: false, selectedPurchaseId: null, purchaseAssessment: null };

/** The purchases slice over `api`. */
export function createPurchasesSlice(api: ValhallaApi): SliceCreator<PurchasesSlice> {
  let assessRequest = 0;
  return (set, get) => ({
    ...purchasesInitialState,

    async loadPurchases() {
      set({ purchaseList: loading(get().purchaseList) });
      set({ purchaseList: settled(await api.query('purchases.list', {})) });
    },

    setShowArchived(show) {
      set({ showArchived: show });
    },

    selectPurchase(id) {
      set({ selectedPurchaseId: id });
    },

    openPurchase(id) {
      get().navigate('purchases');
      set({ selectedPurchaseId: id });
      if (get().purchaseList.status === 'idle') void get().loadPurchases();
    },

    async assessPurchase(purchaseId, actualAmountMinor = null) {
      const request = ++assessRequest;
      const prev = get().purchaseAssessment;
      const same = prev?.purchaseId === purchaseId && prev.actualAmountMinor === actualAmountMinor;
      set({ purchaseAssessment: { purchaseId, actualAmountMinor, result: same ? loading(prev.result) : loading(idle()) } });
      const params = actualAmountMinor === null ? { id: purchaseId } : { id: purchaseId, actualAmountMinor };
      const result = await api.query('governance.assess', { action: 'purchases.execute', params });
      if (request === assessRequest) set({ purchaseAssessment: { purchaseId, actualAmountMinor, result: settled(result) } });
    },

    clearAssessment() {
      assessRequest += 1;
      set({ purchaseAssessment: null });
    },
  });
}

/** A column of the board: one status, or the two "sent back" statuses together. */
export interface BoardColumn {
  id: string;
  title: string;
  statuses: readonly PurchaseStatus[];
  purchases: Purchase[];
}

/** The board's columns, in workflow order (REJECTED and REVISION_REQUIRED share one). */
export const BOARD_COLUMNS: readonly { id: string; title: string; statuses: readonly PurchaseStatus[] }[] = [
  { id: 'draft', title: 'Draft', statuses: ['DRAFT'] },
  { id: 'ready', title: 'Ready', statuses: ['READY'] },
  { id: 'assessed', title: 'Assessed', statuses: ['ASSESSED'] },
  { id: 'approved', title: 'Approved', statuses: ['APPROVED'] },
  { id: 'executed', title: 'Executed', statuses: ['EXECUTED'] },
  { id: 'sent-back', title: 'Rejected or revision', statuses: ['REJECTED', 'REVISION_REQUIRED'] },
  { id: 'archived', title: 'Archived', statuses: ['ARCHIVED'] },
];

const NO_PURCHASES: Purchase[] = [];

export const purchasesSelectors = {
  /** The loaded requests (a stable empty array while none are loaded). */
  list: (s: AppState) => s.purchaseList.data ?? NO_PURCHASES,
  selected: (s: AppState) => s.purchaseList.data?.find((p) => p.id === s.selectedPurchaseId) ?? null,

  /**
   * The board: every column of BOARD_COLUMNS (the archived one only with `showArchived`),
   * each with its requests, the most recently changed first. A status this build does not
   * know is not lost: it is put in the first column.
   */
  board(purchases: readonly Purchase[], showArchived: boolean): BoardColumn[] {
    const columns = BOARD_COLUMNS.filter((c) => showArchived || c.id !== 'archived').map((c) => ({ ...c, purchases: [] as Purchase[] }));
    const known: readonly string[] = PURCHASE_STATUSES;
    for (const p of [...purchases].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id))) {
      const column = columns.find((c) => c.statuses.includes(p.status)) ?? (known.includes(p.status) ? null : columns[0]);
      column?.purchases.push(p);
    }
    return columns;
  },

  /** The number of archived requests (for the "show archived" toggle). */
  archivedCount: (purchases: readonly Purchase[]) => purchases.filter((p) => p.status === 'ARCHIVED').length,

  /** The assessment when it is for `purchaseId` (else null). */
  assessmentFor: (s: AppState, purchaseId: string) => (s.purchaseAssessment?.purchaseId === purchaseId ? s.purchaseAssessment : null),

  /**
   * The engine's reason at the last assessment (the history note of the step to ASSESSED,
   * e.g. `YELLOW: needs approval: …`), or null.
   */
  assessmentNote(p: Purchase): string | null {
    for (let i = p.history.length - 1; i >= 0; i -= 1) {
      const h = p.history[i];
      if (h?.to === 'ASSESSED') return h.note;
    }
    return null;
  },
};
