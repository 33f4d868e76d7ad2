/**
 * Spend caps and band policy: today's use of every cap scope with its policy
 * (`caps.usage`), and the four bands' approval thresholds and allowed categories with the
 * suggested band (`governance.bandPolicies`).
 */
import type { BandPolicy, CapUsage, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { capLevel, type CapLevel } from './format';

export type CapsUsage = QueryOutput<'caps.usage'>;
export type BandPolicies = QueryOutput<'governance.bandPolicies'>;

export interface CapsState {
  capsUsage: Loadable<CapsUsage>;
  bandPolicies: Loadable<BandPolicies>;
}

export interface CapsActions {
  loadCaps(): Promise<void>;
  loadBandPolicies(): Promise<void>;
}

export type CapsSlice = CapsState & CapsActions;

export const capsInitialState: CapsState = { capsUsage: idle(), bandPolicies: idle() };

/** The caps slice over `api`. */
export function createCapsSlice(api: ValhallaApi): SliceCreator<CapsSlice> {
  return (set, get) => ({
    ...capsInitialState,
    async loadCaps() {
      set({ capsUsage: loading(get().capsUsage) });
      set({ capsUsage: settled(await api.query('caps.usage', {})) });
    },
    async loadBandPolicies() {
      set({ bandPolicies: loading(get().bandPolicies) });
      set({ bandPolicies: settled(await api.query('governance.bandPolicies', {})) });
    },
  });
}

/** One of a scope's three daily caps, as a bar shows it. */
export interface CapMeter {
  kind: 'spend' | 'count' | 'loss';
  label: string;
  /** Used today: minor units for spend and loss, a number of spends for count. */
  used: number;
  /** The cap in force today (spend includes today's owner override); `null` = no cap. */
  cap: number | null;
  /** used ÷ cap (0..∞); 0 without a cap, ∞ for use against a cap of zero. */
  fraction: number;
  level: CapLevel;
}

const fractionOf = (used: number, cap: number | null) => (cap === null ? 0 : cap > 0 ? used / cap : used > 0 ? Infinity : 0);

const NO_SCOPES: CapUsage[] = [];
const NO_BANDS: BandPolicy[] = [];

export const capsSelectors = {
  /** Today's scopes, GLOBAL first (as the engine orders them); a stable empty array while not loaded. */
  scopes: (s: AppState) => s.capsUsage.data?.scopes ?? NO_SCOPES,
  bands: (s: AppState) => s.bandPolicies.data?.bands ?? NO_BANDS,

  /**
   * The three bars of a scope: spend (against the cap plus today's override), count, loss.
   * Reservations in flight are not in `spentMinor` (the engine's `utilisation` counts them).
   */
  meters(u: CapUsage): CapMeter[] {
    const spendCap = u.dailySpendCapMinor === null ? null : u.dailySpendCapMinor + u.overrideMinor;
    const meter = (kind: CapMeter['kind'], label: string, used: number, cap: number | null): CapMeter => {
      const fraction = fractionOf(used, cap);
      return { kind, label, used, cap, fraction, level: capLevel(fraction) };
    };
    return [meter('spend', 'Spend', u.spentMinor, spendCap), meter('count', 'Spends', u.count, u.dailyCountCap), meter('loss', 'Loss', u.lossMinor, u.dailyLossCapMinor)];
  },

  /** The level of a whole scope, from the engine's utilisation of its tightest cap. */
  scopeLevel: (u: Pick<CapUsage, 'utilisation'>): CapLevel => capLevel(u.utilisation),
};
