/**
 * Governance state (go-live, kill switch, band, health, current operator, chain head)
 * shown on every screen, and the ops board summary.
 */
import { DECISION_STATUSES, type GovernanceState, type QueryOutput, type ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type OpsSummary = QueryOutput<'opsboard.summary'>;

export interface GovernanceSliceState {
  governance: Loadable<GovernanceState>;
  summary: Loadable<OpsSummary>;
}

export interface GovernanceActions {
  loadGovernance(): Promise<void>;
  loadSummary(): Promise<void>;
}

export type GovernanceSlice = GovernanceSliceState & GovernanceActions;

export const governanceInitialState: GovernanceSliceState = { governance: idle(), summary: idle() };

/** The governance slice over `api`. */
export function createGovernanceSlice(api: ValhallaApi): SliceCreator<GovernanceSlice> {
  return (set, get) => ({
    ...governanceInitialState,
    async loadGovernance() {
      set({ governance: loading(get().governance) });
      set({ governance: settled(await api.query('governance.state', {})) });
    },
    async loadSummary() {
      set({ summary: loading(get().summary) });
      set({ summary: settled(await api.query('opsboard.summary', {})) });
    },
  });
}

/** One row of "decisions today": a status and its count. */
export interface StatusCount {
  status: string;
  count: number;
}

const NO_REASONS: GovernanceState['health']['reasons'] = [];

export const governanceSelectors = {
  state: (s: AppState) => s.governance.data,
  healthLevel: (s: AppState) => s.governance.data?.health.level ?? null,
  healthReasons: (s: AppState) => s.governance.data?.health.reasons ?? NO_REASONS,
  band: (s: AppState) => s.governance.data?.band.current ?? null,
  goLiveEnabled: (s: AppState) => s.governance.data?.goLive.enabled ?? null,
  killSwitchEngaged: (s: AppState) => s.governance.data?.killSwitch.engaged ?? false,
  currentOperator: (s: AppState) => s.governance.data?.currentOperator ?? null,
  timeZone: (s: AppState) => s.governance.data?.timeZone ?? undefined,

  /**
   * Today's decisions per status in the contract's status order (every known status,
   * zero when absent), then any status the engine added that this build does not know.
   */
  decisionsToday(counts: Record<string, number> | undefined): StatusCount[] {
    const known: readonly string[] = DECISION_STATUSES;
    const rows: StatusCount[] = DECISION_STATUSES.map((status) => ({ status, count: counts?.[status] ?? 0 }));
    for (const [status, count] of Object.entries(counts ?? {})) {
      if (!known.includes(status)) rows.push({ status, count });
    }
    return rows;
  },

  /** Total of `decisionsToday`. */
  decisionsTodayTotal(counts: Record<string, number> | undefined): number {
    return Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);
  },
};
