/**
 * Forecasts across items: the ops board's "Running out soon" (`forecast.rollup`, the items
 * that run out soonest within a window of days). Refetched with the inventory
 * (`refreshInventory`) when stock or items change.
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type Rollup = QueryOutput<'forecast.rollup'>;
export type RollupItem = Rollup['items'][number];

/** The ops board panel's question: the 10 items that run out soonest within 30 days. */
export const RUNNING_OUT = { limit: 10, windowDays: 30 } as const;

export interface ForecastState {
  runningOut: Loadable<Rollup>;
}

export interface ForecastActions {
  loadRunningOut(): Promise<void>;
}

export type ForecastSlice = ForecastState & ForecastActions;

export const forecastInitialState: ForecastState = { runningOut: idle() };

/** The forecast slice over `api`. */
export function createForecastSlice(api: ValhallaApi): SliceCreator<ForecastSlice> {
  return (set, get) => ({
    ...forecastInitialState,
    async loadRunningOut() {
      set({ runningOut: loading(get().runningOut) });
      set({ runningOut: settled(await api.query('forecast.rollup', { ...RUNNING_OUT })) });
    },
  });
}

const NONE: RollupItem[] = [];

export const forecastSelectors = {
  /** The items running out soonest (a stable empty array while nothing is loaded). */
  runningOut: (s: AppState) => s.runningOut.data?.items ?? NONE,
};
