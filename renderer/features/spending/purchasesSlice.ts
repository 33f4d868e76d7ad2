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

/** The board's columns, in workflow order (REJECTED and REVISION_REQUIRED share "Sent back"). */
export const BOARD_COLUMNS: readonly { id: string; title: string; statuses: readonly PurchaseStatus[] }[] = [
  { id: 'draft', title: 'Draft', statuses: ['DRAFT'] },
  { id: 'ready', title: 'Ready', statuses: ['READY'] },
  { id: 'assessed', title: 'Assessed', statuses: ['ASSESSED'] },
  { id: 'approved', title: 'Approved', statuses: ['APPROVED'] },
  { id: 'executed', title: 'Executed', statuses: ['EXECUTED'] },
  { id: 'sent-back', title: 'Sent back', statuses: ['REJECTED', 'REVISION_REQUIRED'] },
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

  /**
   * What a card says about where the request stands: the assessment's reason while
   * ASSESSED, the note of the step that sent it back while REJECTED or REVISION_REQUIRED,
   * else null.
   */
  cardNote(p: Purchase): string | null {
    if (p.status === 'ASSESSED') return purchasesSelectors.assessmentNote(p);
    if (p.status === 'REJECTED' || p.status === 'REVISION_REQUIRED') return p.history.at(-1)?.note ?? null;
    return null;
  },
};

/** Something an operator can do with a request in its status (the engine's state machine, purchases.ts `ALLOWED`). */
export type PurchaseStepId = 'edit' | 'ready' | 'assess' | 'approve' | 'override' | 'approval' | 'execute' | 'reject' | 'revise' | 'archive';

export interface PurchaseStep {
  id: PurchaseStepId;
  label: string;
  /** The action it dispatches (`null`: it only opens something). */
  action: 'purchases.update' | 'purchases.advance' | 'purchases.execute' | null;
  /** Whether it asks for a note or reason first (a dialog). */
  asks: boolean;
}

const STEP: Record<PurchaseStepId, PurchaseStep> = {
  edit: { id: 'edit', label: 'Edit…', action: 'purchases.update', asks: true },
  ready: { id: 'ready', label: 'Mark ready', action: 'purchases.advance', asks: false },
  assess: { id: 'assess', label: 'Assess', action: 'purchases.advance', asks: false },
  approve: { id: 'approve', label: 'Approve', action: 'purchases.advance', asks: false },
  override: { id: 'override', label: 'Approve with override…', action: 'purchases.advance', asks: true },
  approval: { id: 'approval', label: 'Open approval', action: null, asks: false },
  execute: { id: 'execute', label: 'Execute…', action: 'purchases.execute', asks: true },
  reject: { id: 'reject', label: 'Reject…', action: 'purchases.advance', asks: true },
  revise: { id: 'revise', label: 'Send back…', action: 'purchases.advance', asks: true },
  archive: { id: 'archive', label: 'Archive…', action: 'purchases.advance', asks: true },
};

/**
 * The steps valid for a request, in the order buttons show them: the way forward first,
 * then the ways back. A request held on an approval is approved in the approvals inbox
 * (it offers "Open approval", not "Approve"); RED or UNKNOWN needs an owner's override.
 */
export function purchaseSteps(p: Pick<Purchase, 'status' | 'approvalId' | 'riskBucket'>): PurchaseStep[] {
  const ids: PurchaseStepId[] = [];
  switch (p.status) {
    case 'DRAFT':
    case 'REVISION_REQUIRED':
      ids.push('edit', 'ready', 'archive');
      break;
    case 'READY':
      ids.push('assess', 'revise', 'archive');
      break;
    case 'ASSESSED':
      if (!p.approvalId) ids.push(p.riskBucket === 'RED' || p.riskBucket === 'UNKNOWN' ? 'override' : 'approve');
      ids.push('reject', 'revise');
      break;
    case 'APPROVED':
      ids.push('execute', 'archive');
      break;
    case 'REJECTED':
    case 'EXECUTED':
      ids.push('archive');
      break;
    case 'ARCHIVED':
      break;
  }
  if (p.approvalId) ids.splice(p.status === 'ASSESSED' ? 0 : ids.length, 0, 'approval');
  return ids.map((id) => STEP[id]);
}

/** The status a step moves a request to, for `purchases.advance` steps. */
export const STEP_TARGET: Partial<Record<PurchaseStepId, 'READY' | 'ASSESSED' | 'APPROVED' | 'REJECTED' | 'REVISION_REQUIRED' | 'ARCHIVED'>> = {
  ready: 'READY',
  assess: 'ASSESSED',
  approve: 'APPROVED',
  override: 'APPROVED',
  reject: 'REJECTED',
  revise: 'REVISION_REQUIRED',
  archive: 'ARCHIVED',
};
