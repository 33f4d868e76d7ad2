/**
 * Rolling-origin backtest of the burn-rate forecast (Tashman 2000, "Out-of-sample tests of
 * forecasting accuracy"): from each origin, forecast the total demand of every item over
 * the next `horizonDays` using only history up to the origin, and compare with what
 * happened. Scores are WAPE = Σ|actual − forecast| / Σ actual and
 * bias = Σ(forecast − actual) / Σ actual, over all items and origins.
 *
 * Baselines, measured on the same data and origins: the trailing 90-day average daily
 * demand (what Grocy add-ons use) and the trailing 28-day average.
 */
import { demandState, LOOKBACK_DAYS, rateAt } from './method';
import { demandQuantiles } from './quantiles';

/** Daily demand of one item: `demand[d - firstDay]` units on day number `d`. */
export interface DemandSeries {
  firstDemandDay: number;
  demand: Float64Array;
}

export interface BacktestScore {
  wape: number;
  bias: number;
}

export interface BacktestResult {
  origins: number;
  horizonDays: number;
  itemsScored: number;
  actualUnits: number;
  method: BacktestScore;
  trailing90: BacktestScore;
  trailing28: BacktestScore;
}

/** Where the rolling origins lie: how many, the horizon after each, the latest ones left out. */
export interface OriginOptions {
  /** Weekly origins scored (default 12). */
  origins?: number;
  /** Days after each origin whose demand is forecast (default 14). */
  horizonDays?: number;
  /** Latest origins left out (default 0). */
  skipWeeks?: number;
}

/**
 * The rolling origins both backtests score: weekly, the latest `horizonDays` before
 * `lastDay`, `skipWeeks` latest left out, origins before `firstDay` skipped. Calls `visit`
 * for each origin (a day number) and each item with demand by then, with the item's actual
 * units over the `horizon` days after it. Returns the origin count and horizon used.
 */
function eachOrigin(
  series: readonly DemandSeries[],
  firstDay: number,
  lastDay: number,
  options: OriginOptions,
  visit: (s: DemandSeries, origin: number, actual: number, horizon: number) => void,
): { origins: number; horizon: number } {
  const horizon = options.horizonDays ?? 14;
  const origins = options.origins ?? 12;
  const skip = options.skipWeeks ?? 0;
  for (let k = 0; k < origins; k++) {
    const origin = lastDay - horizon - 7 * (skip + k);
    if (origin < firstDay) continue;
    for (const s of series) {
      if (s.firstDemandDay > origin) continue;
      let actual = 0;
      for (let d = origin + 1; d <= origin + horizon; d++) actual += d > lastDay ? 0 : (s.demand[d - firstDay] ?? 0);
      visit(s, origin, actual, horizon);
    }
  }
  return { origins, horizon };
}

/**
 * Runs the backtest. `series` share `firstDay` (day number of index 0); `lastDay` is the
 * last day with data. Origins are weekly, the latest `horizonDays` before `lastDay`;
 * `skipWeeks` leaves out that many latest origins, to choose parameters on earlier ones
 * than those reported.
 */
export function backtest(series: DemandSeries[], firstDay: number, lastDay: number, options: OriginOptions = {}): BacktestResult {
  const sums = { method: { err: 0, bias: 0 }, trailing90: { err: 0, bias: 0 }, trailing28: { err: 0, bias: 0 } };
  let actualTotal = 0;
  let scored = 0;
  const at = (s: DemandSeries, day: number) => (day < firstDay || day > lastDay ? 0 : (s.demand[day - firstDay] ?? 0));
  const window = (s: DemandSeries, origin: number, days: number) => {
    let total = 0;
    for (let d = origin - days + 1; d <= origin; d++) total += at(s, d);
    return total / days;
  };
  const { origins, horizon } = eachOrigin(series, firstDay, lastDay, options, (s, origin, actual, horizon) => {
    const recent = new Map<number, number>();
    for (let d = Math.max(s.firstDemandDay, origin - LOOKBACK_DAYS + 1); d <= origin; d++) {
      const q = at(s, d);
      if (q > 0) recent.set(d, q);
    }
    const forecasts = {
      method: rateAt(demandState(recent, s.firstDemandDay, origin), origin) * horizon,
      trailing90: window(s, origin, 90) * horizon,
      trailing28: window(s, origin, 28) * horizon,
    };
    for (const key of ['method', 'trailing90', 'trailing28'] as const) {
      sums[key].err += Math.abs(actual - forecasts[key]);
      sums[key].bias += forecasts[key] - actual;
    }
    actualTotal += actual;
    scored += 1;
  });
  const score = (s: { err: number; bias: number }): BacktestScore => ({
    wape: actualTotal > 0 ? s.err / actualTotal : 0,
    bias: actualTotal > 0 ? s.bias / actualTotal : 0,
  });
  return {
    origins,
    horizonDays: horizon,
    itemsScored: scored,
    actualUnits: actualTotal,
    method: score(sums.method),
    trailing90: score(sums.trailing90),
    trailing28: score(sums.trailing28),
  };
}

/** How well the demand quantiles (quantiles.ts) covered what happened. */
export interface QuantileBacktestResult {
  origins: number;
  horizonDays: number;
  itemOrigins: number;
  /** Share of item-origins whose actual demand over the horizon was ≤ the P50 / ≤ the P90. */
  p50Coverage: number;
  p90Coverage: number;
  /** WAPE of the P50 taken as the point forecast (the median minimises absolute error). */
  p50Wape: number;
}

/**
 * The same rolling origins as `backtest` (weekly, the latest `horizonDays` before `lastDay`,
 * `skipWeeks` latest left out), scoring the P50 and P90 of demandQuantiles over
 * `horizonDays` (default 14 = a 7-day lead time + the 7-day review period) against the actual
 * demand of every item with history at the origin.
 */
export function quantileBacktest(series: DemandSeries[], firstDay: number, lastDay: number, options: OriginOptions = {}): QuantileBacktestResult {
  let n = 0;
  let under50 = 0;
  let under90 = 0;
  let err = 0;
  let actualTotal = 0;
  const { origins, horizon } = eachOrigin(series, firstDay, lastDay, options, (s, origin, actual, horizon) => {
    const index = origin - firstDay;
    const q = demandQuantiles(s.demand.subarray(Math.max(0, index - LOOKBACK_DAYS + 1), index + 1), horizon);
    n += 1;
    if (actual <= q.p50 + 1e-9) under50 += 1;
    if (actual <= q.p90 + 1e-9) under90 += 1;
    err += Math.abs(actual - q.p50);
    actualTotal += actual;
  });
  return {
    origins,
    horizonDays: horizon,
    itemOrigins: n,
    p50Coverage: n > 0 ? under50 / n : 0,
    p90Coverage: n > 0 ? under90 / n : 0,
    p50Wape: actualTotal > 0 ? err / actualTotal : 0,
  };
}
