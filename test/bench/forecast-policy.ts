/**
 * Forecasts judged by the orders they drive (issue 18, item 5), on the real UCI Online
 * Retail year:
 * - quantiles: coverage of the P50 and P90 of demand over lead time + review period (7 + 7
 *   days) on the backtest's rolling origins (latest 12 weeks; and the 24 before them, out of
 *   the sample), target P90 coverage 88–92 %;
 * - reorder policy: each item replayed day by day (policy.ts) under three order-up-to rules —
 *   ours (the P90), the trailing-28-day and trailing-90-day averages × (lead + review), no
 *   safety stock for the averages — with a 7-day lead time for every item (the file has
 *   none), a review every 7 days, lost sales, every item starting empty on day 90 (when the
 *   trailing-90 window is full); the first 28 days (two lead + review cycles) are warm-up
 *   and not scored. Target: ≥ 30 % fewer stock-out item-days than trailing-28 at no more
 *   average stock. Scored on the whole year after warm-up, and separately on the earlier
 *   days and the latest 13 weeks (the backtest's reported window).
 */
import { quantileBacktest } from '../../main/engine/domains/forecast/backtest';
import { LOOKBACK_DAYS, REVIEW_PERIOD_DAYS } from '../../main/engine/domains/forecast/method';
import { comparePolicies, trailingRule, type LevelRule, type PolicyTotals } from '../../main/engine/domains/forecast/policy';
import { leadTimeDemandQuantiles } from '../../main/engine/domains/forecast/quantiles';
import { demandSeries, readSalesFile } from '../../main/engine/domains/inventory/sales-file';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import type { BenchSuite } from './suites';

const LEAD_TIME_DAYS = 7;
const START_DAY = 90;
const WARM_UP_DAYS = 28;
const LATEST_DAYS = 91;

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

const oursRule: LevelRule = (demand, day) => leadTimeDemandQuantiles(demand.subarray(Math.max(0, day - LOOKBACK_DAYS + 1), day + 1), LEAD_TIME_DAYS, REVIEW_PERIOD_DAYS).p90;

const show = (t: PolicyTotals) => ({ stockoutItemDays: t.stockoutItemDays, avgStockUnits: Math.round(t.avgStockUnits), ordersPlaced: t.orders, fillRate: round(t.fillRate) });

export const forecastPolicySuite: BenchSuite = {
  name: 'forecast',
  async run() {
    if (!hasDataset(ONLINE_RETAIL)) return { forecast: { skipped: `no data set at ${ONLINE_RETAIL}` } };
    const { series, firstDay, lastDay } = demandSeries(await readSalesFile(ONLINE_RETAIL));
    const horizon = LEAD_TIME_DAYS + REVIEW_PERIOD_DAYS;
    process.stderr.write('demand quantiles on rolling origins …\n');
    const latest = quantileBacktest(series, firstDay, lastDay, { horizonDays: horizon });
    const earlier = quantileBacktest(series, firstDay, lastDay, { horizonDays: horizon, origins: 24, skipWeeks: 12 });
    process.stderr.write('reorder-policy simulation …\n');
    const end = lastDay - firstDay;
    const windows = [
      { name: 'all', fromDay: START_DAY + WARM_UP_DAYS, toDay: end },
      { name: 'earlier', fromDay: START_DAY + WARM_UP_DAYS, toDay: end - LATEST_DAYS },
      { name: 'latest', fromDay: end - LATEST_DAYS + 1, toDay: end },
    ];
    const sim = comparePolicies(series, { ours: oursRule, trailing28: trailingRule(28, horizon), trailing90: trailingRule(90, horizon) }, windows, {
      leadTimeDays: LEAD_TIME_DAYS,
      reviewPeriodDays: REVIEW_PERIOD_DAYS,
      startDay: START_DAY,
    });
    const versus = (w: string) => {
      const ours = sim.ours?.[w] as PolicyTotals;
      const base = sim.trailing28?.[w] as PolicyTotals;
      return { stockoutReduction: round(1 - ours.stockoutItemDays / base.stockoutItemDays), avgStockRatio: round(ours.avgStockUnits / base.avgStockUnits) };
    };
    const byWindow = (w: string) => ({ ours: show(sim.ours?.[w] as PolicyTotals), trailing28: show(sim.trailing28?.[w] as PolicyTotals), trailing90: show(sim.trailing90?.[w] as PolicyTotals), ...versus(w) });
    return {
      reorderPolicy: {
        ...versus('all'),
        leadTimeDays: LEAD_TIME_DAYS,
        reviewPeriodDays: REVIEW_PERIOD_DAYS,
        items: series.length,
        scoredDays: windows[0] && windows[0].toDay - windows[0].fromDay + 1,
        policies: byWindow('all'),
        earlierDays: byWindow('earlier'),
        latest13Weeks: byWindow('latest'),
        target: '≥ 30 % fewer stock-out item-days than trailing-28 at no more average stock (avgStockRatio ≤ 1)',
      },
      quantiles: {
        horizonDays: horizon,
        itemOrigins: latest.itemOrigins,
        p50Coverage: round(latest.p50Coverage),
        p90Coverage: round(latest.p90Coverage),
        p50Wape: round(latest.p50Wape),
        earlierWeeks: { origins: earlier.origins, itemOrigins: earlier.itemOrigins, p50Coverage: round(earlier.p50Coverage), p90Coverage: round(earlier.p90Coverage), p50Wape: round(earlier.p50Wape) },
        target: 'P90 coverage 88–92 %',
      },
    };
  },
};
