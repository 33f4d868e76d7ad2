/**
 * Automations in the console (DOMAIN.md "Automations, charter and tripwire"): the open
 * recommendations (`recommendations.list`), each kind's charter with its scorecard
 * (`charter.list`), the KPIs recorded (`kpi.metrics`, `kpi.series`), tripwire policies with
 * their latest evaluation (`tripwire.list`) and the evaluations' history
 * (`tripwire.evaluations`). Refetched when their tables change while loaded.
 */
import { AUTOMATION_LABELS, type AutomationKind, type Charter, type QueryOutput, type Recommendation, type TripwireEvaluation, type TripwirePolicy, type ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';
import type { Tone } from '../../ui/Badge';
import { coalescedRefresh } from '../spending/refresh';

export type RecommendationList = QueryOutput<'recommendations.list'>;
export type KpiMetric = QueryOutput<'kpi.metrics'>[number];
export type KpiSeries = QueryOutput<'kpi.series'>;

export interface AutomationsState {
  recommendations: Loadable<RecommendationList>;
  charters: Loadable<Charter[]>;
  tripwires: Loadable<TripwirePolicy[]>;
  tripwireHistory: Loadable<TripwireEvaluation[]>;
  kpiMetrics: Loadable<KpiMetric[]>;
  /** By `domain/metric`. */
  kpiSeries: Record<string, Loadable<KpiSeries>>;
}

export interface AutomationsActions {
  /** Loads recommendations, charters, tripwires, their history and the KPI list. */
  loadAutomations(): Promise<void>;
  loadKpiSeries(domain: string, metric: string): Promise<void>;
  refreshAutomations(tables?: readonly string[]): Promise<void>;
}

export type AutomationsSlice = AutomationsState & AutomationsActions;

/** How many open recommendations the inbox lists, and evaluations the history shows. */
export const RECOMMENDATIONS_SHOWN = 500;
export const EVALUATIONS_SHOWN = 50;
/** The days a KPI chart spans. */
export const KPI_DAYS = 90;

const TABLES = new Set(['recommendations', 'automation_charters', 'kpi_events', 'tripwire_policies', 'tripwire_evaluations', 'shopping_items']);

export const automationsInitialState: AutomationsState = { recommendations: idle(), charters: idle(), tripwires: idle(), tripwireHistory: idle(), kpiMetrics: idle(), kpiSeries: {} };

/** The automations slice over `api`. */
export function createAutomationsSlice(api: ValhallaApi): SliceCreator<AutomationsSlice> {
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      if (get().charters.status === 'idle') return;
      if (tables && ![...tables].some((t) => TABLES.has(t))) return;
      await get().loadAutomations();
      await Promise.all(Object.keys(get().kpiSeries).map((key) => get().loadKpiSeries(...(key.split('/') as [string, string]))));
    });
    return {
      ...automationsInitialState,

      async loadAutomations() {
        const s = get();
        set({ recommendations: loading(s.recommendations), charters: loading(s.charters), tripwires: loading(s.tripwires), tripwireHistory: loading(s.tripwireHistory), kpiMetrics: loading(s.kpiMetrics) });
        const [recommendations, charters, tripwires, tripwireHistory, kpiMetrics] = await Promise.all([
          api.query('recommendations.list', { limit: RECOMMENDATIONS_SHOWN }),
          api.query('charter.list', {}),
          api.query('tripwire.list', {}),
          api.query('tripwire.evaluations', { limit: EVALUATIONS_SHOWN }),
          api.query('kpi.metrics', {}),
        ]);
        set({ recommendations: settled(recommendations), charters: settled(charters), tripwires: settled(tripwires), tripwireHistory: settled(tripwireHistory), kpiMetrics: settled(kpiMetrics) });
      },

      async loadKpiSeries(domain, metric) {
        const key = `${domain}/${metric}`;
        set({ kpiSeries: { ...get().kpiSeries, [key]: loading(get().kpiSeries[key] ?? idle()) } });
        const result = await api.query('kpi.series', { domain, metric, days: KPI_DAYS });
        set({ kpiSeries: { ...get().kpiSeries, [key]: settled(result) } });
      },

      refreshAutomations(tables) {
        return refresh(tables);
      },
    };
  };
}

const MODE_VIEWS: Record<Charter['mode'], { label: string; tone: Tone }> = {
  off: { label: 'Off', tone: 'neutral' },
  suggest: { label: 'Suggest', tone: 'info' },
  auto: { label: 'Auto', tone: 'ok' },
};
const STATUS_VIEWS: Record<TripwireEvaluation['status'], { label: string; tone: Tone }> = {
  ok: { label: 'Holding', tone: 'ok' },
  tripped: { label: 'Tripped', tone: 'bad' },
  insufficient_data: { label: 'Insufficient data', tone: 'neutral' },
};

export const automationsSelectors = {
  modeView: (mode: Charter['mode']) => MODE_VIEWS[mode],
  statusView: (status: TripwireEvaluation['status']) => STATUS_VIEWS[status],
  kindLabel: (kind: AutomationKind) => AUTOMATION_LABELS[kind].label,
  /** A fraction as a percentage ("83 %"); "—" for null. */
  percent: (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`),
  /** Whether a recommendation can still be decided at `now` (open and not past its expiry). */
  decidable: (r: Recommendation, now: string) => r.outcome === null && r.expiresAt > now,
};
