/**
 * Spending governance in the console (DOMAIN.md "Risk bucket, approvals and spend caps"):
 * the approvals inbox, the caps and band policies, and the purchase requests — three
 * slices, refetched together on `db.changed` for the tables they show (`refreshSpending`).
 */
import type { ValhallaApi } from '../../../shared/contract';
import type { AppState, SliceCreator } from '../../store/types';
import { createApprovalsSlice, type ApprovalsSlice } from './approvalsSlice';
import { createCapsSlice, type CapsSlice } from './capsSlice';
import { createPurchasesSlice, type PurchasesSlice } from './purchasesSlice';
import { coalescedRefresh } from './refresh';

export interface SpendingRefresh {
  /**
   * Refetches what is loaded of approvals, caps, band policies and purchase requests when
   * `tables` (from `db.changed`) touch them — and a shown assessment on any change, since
   * every gate may see it; with no tables (after a reconnect), everything loaded.
   */
  refreshSpending(tables?: readonly string[]): Promise<void>;
}

export type SpendingSlice = ApprovalsSlice & CapsSlice & PurchasesSlice & SpendingRefresh;

/** Tables whose change alters what the spending screens show, per resource. */
export const SPENDING_TABLES = {
  approvals: ['approvals'],
  caps: ['cap_usage', 'cap_policy', 'settings'],
  bands: ['band_policy', 'action_min_band', 'governance_state'],
  purchases: ['purchases', 'approvals'],
} as const;

/** The spending slices over `api`. */
export function createSpendingSlice(api: ValhallaApi): SliceCreator<SpendingSlice> {
  return (set, get, store) => {
    async function refreshOnce(tables: ReadonlySet<string> | null): Promise<void> {
      const touches = (names: readonly string[]) => tables === null || names.some((n) => tables.has(n));
      const s: AppState = get();
      const jobs: Promise<void>[] = [];
      if (s.approvalList.status !== 'idle' && touches(SPENDING_TABLES.approvals)) jobs.push(s.loadApprovals());
      if (s.selectedApprovalId && touches(SPENDING_TABLES.approvals)) jobs.push(s.selectApproval(s.selectedApprovalId));
      if (s.capsUsage.status !== 'idle' && touches(SPENDING_TABLES.caps)) jobs.push(s.loadCaps());
      if (s.bandPolicies.status !== 'idle' && touches(SPENDING_TABLES.bands)) jobs.push(s.loadBandPolicies());
      if (s.purchaseList.status !== 'idle' && touches(SPENDING_TABLES.purchases)) jobs.push(s.loadPurchases());
      const assessment = s.purchaseAssessment;
      if (assessment) jobs.push(s.assessPurchase(assessment.purchaseId, assessment.actualAmountMinor));
      await Promise.all(jobs);
    }
    return {
      ...createApprovalsSlice(api)(set, get, store),
      ...createCapsSlice(api)(set, get, store),
      ...createPurchasesSlice(api)(set, get, store),
      refreshSpending: coalescedRefresh(refreshOnce),
    };
  };
}
