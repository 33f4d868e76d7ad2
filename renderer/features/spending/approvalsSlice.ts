/**
 * The approvals inbox: approvals pending first (`approvals.list`), the one opened in the
 * detail panel with the decisions that touched it (`approvals.get`), and the inbox filter.
 */
import type { Approval, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { formatAge } from './format';

export type ApprovalDetail = QueryOutput<'approvals.get'>;

/** What the inbox lists: pending approvals only, or the latest of every status. */
export type InboxFilter = 'pending' | 'all';

export interface ApprovalsState {
  approvalList: Loadable<Approval[]>;
  inboxFilter: InboxFilter;
  selectedApprovalId: string | null;
  approvalDetail: Loadable<ApprovalDetail>;
}

export interface ApprovalsActions {
  loadApprovals(): Promise<void>;
  setInboxFilter(filter: InboxFilter): Promise<void>;
  /** Opens one approval in the detail panel (`null` closes it). */
  selectApproval(id: string | null): Promise<void>;
  /** Goes to the approvals screen with approval `id` open (from a purchase request). */
  openApproval(id: string): Promise<void>;
}

export type ApprovalsSlice = ApprovalsState & ApprovalsActions;

/** How many approvals the inbox loads (the contract's default). */
export const INBOX_LIMIT = 100;

export const approvalsInitialState: ApprovalsState = {
  approvalList: idle(),
  inboxFilter: 'pending',
  selectedApprovalId: null,
  approvalDetail: idle(),
};

/** The approvals slice over `api`. */
export function createApprovalsSlice(api: ValhallaApi): SliceCreator<ApprovalsSlice> {
  // An answer for a filter no longer chosen is dropped.
  let listRequest = 0;
  return (set, get) => ({
    ...approvalsInitialState,

    async loadApprovals() {
      const request = ++listRequest;
      const filter = get().inboxFilter;
      set({ approvalList: loading(get().approvalList) });
      const result = await api.query('approvals.list', filter === 'pending' ? { status: 'pending', limit: INBOX_LIMIT } : { limit: INBOX_LIMIT });
      if (request === listRequest) set({ approvalList: settled(result) });
    },

    async setInboxFilter(filter) {
      if (filter === get().inboxFilter) return;
      set({ inboxFilter: filter, approvalList: idle() });
      await get().loadApprovals();
    },

    async selectApproval(id) {
      const same = get().selectedApprovalId === id;
      set({ selectedApprovalId: id, approvalDetail: id === null ? idle() : same ? loading(get().approvalDetail) : loading(idle()) });
      if (id === null) return;
      const result = await api.query('approvals.get', { id });
      if (get().selectedApprovalId === id) set({ approvalDetail: settled(result) });
    },

    async openApproval(id) {
      get().navigate('approvals');
      await get().selectApproval(id);
    },
  });
}

const NO_APPROVALS: Approval[] = [];

export const approvalsSelectors = {
  /** The loaded approvals (a stable empty array while none are loaded). */
  list: (s: AppState) => s.approvalList.data ?? NO_APPROVALS,

  /**
   * The inbox order: pending first, the longest-waiting first (they expire first); then
   * the rest, most recently decided (or requested) first. Returns a new array.
   */
  inboxOrder(approvals: readonly Approval[]): Approval[] {
    const pending = approvals.filter((a) => a.status === 'pending').sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    const last = (a: Approval) => a.usedAt ?? a.decidedAt ?? a.requestedAt;
    const rest = approvals.filter((a) => a.status !== 'pending').sort((a, b) => last(b).localeCompare(last(a)) || b.id.localeCompare(a.id));
    return [...pending, ...rest];
  },

  /** Whether an approval is pending and not yet past its expiry at `now`. */
  decidable: (a: Pick<Approval, 'status' | 'expiresAt'>, now: Date) => a.status === 'pending' && Date.parse(a.expiresAt) > now.getTime(),

  /** Whether `operatorId` requested `a` (separation of duties: it may not decide it). */
  isOwnRequest: (a: Pick<Approval, 'requestedById'>, operatorId: string | null | undefined) => Boolean(operatorId) && a.requestedById === operatorId,

  /**
   * How long ago the approval last moved, for the inbox: `waiting 3 h` while pending, else
   * `used 5 min ago`, `decided 2 d ago`, `expired 1 h ago` or (cancelled) `requested 4 d ago`.
   */
  ageText(a: Approval, now: Date): string {
    if (a.status === 'pending') return `waiting ${formatAge(a.requestedAt, now)}`;
    const [label, at] = a.usedAt ? ['used', a.usedAt] : a.decidedAt ? ['decided', a.decidedAt] : a.status === 'expired' ? ['expired', a.expiresAt] : ['requested', a.requestedAt];
    return `${label} ${formatAge(at, now)} ago`;
  },

  /** The number of pending approvals among the loaded ones. */
  pendingCount: (approvals: readonly Approval[]) => approvals.filter((a) => a.status === 'pending').length,
};
