/**
 * Reorder-policy simulation (issue 18, item 5, "Forecasts judged by the orders they drive"):
 * replays one item's real daily demand against a periodic-review, order-up-to policy — the
 * (R, S) policy of Silver, Pyke & Thomas, "Inventory and Production Management in Supply
 * Chains", 4th ed., §6.6 — and counts what the orders did: days with unmet demand, stock
 * held, orders placed.
 *
 * The day, in order: (1) orders due that morning arrive; (2) the day's demand takes what is
 * on hand, and demand that finds the shelf empty is lost (lost sales, not backorders: a shop's
 * customer buys elsewhere); (3) on a review day, after the day's demand, the policy orders
 * up to its level: qty = ⌈S − (on hand + on order)⌉ when positive. An order placed at the end
 * of day d arrives the morning of day d + leadTimeDays + 1 (ordered Monday evening with a
 * 7-day lead time, on the shelf the next Tuesday morning), so one order protects the
 * leadTimeDays + reviewPeriodDays days that follow its review — the horizon the level is set
 * for.
 */
import { EngineError } from '../../../../shared/contract';
import type { DemandSeries } from './backtest';

export interface PolicySimulationOptions {
  /** Days from placing an order to having it on the shelf the morning after; integer ≥ 0. */
  leadTimeDays: number;
  /** Days between reviews; integer ≥ 1. */
  reviewPeriodDays: number;
  /** Index of the first day simulated (the first review is at its end); stock starts at 0, nothing on order. */
  startDay: number;
  /** First and last index of the days scored (inclusive); days before scoreFromDay are the warm-up. */
  scoreFromDay: number;
  scoreToDay: number;
}

/** What a policy's orders did over the scored days of one item. Units are the item's units. */
export interface PolicyOutcome {
  /** Scored days on which some demand found the shelf empty. */
  stockoutDays: number;
  /** Units demanded but not served, over the scored days. */
  unitsShort: number;
  /** Units demanded over the scored days. */
  unitsDemanded: number;
  /** Σ end-of-day on-hand over the scored days (divide by the days for the average). */
  stockUnitDays: number;
  /** Orders placed on scored days (qty > 0). */
  orders: number;
  /** Units ordered on scored days. */
  unitsOrdered: number;
  /** Days scored. */
  days: number;
}

function checkOptions(o: PolicySimulationOptions, days: number): void {
  const whole = (x: number) => Number.isInteger(x) && x >= 0;
  if (!whole(o.leadTimeDays)) throw new EngineError('invalid', `lead time must be a whole number of days ≥ 0, got ${o.leadTimeDays}`);
  if (!whole(o.reviewPeriodDays) || o.reviewPeriodDays < 1) throw new EngineError('invalid', `review period must be a whole number of days ≥ 1, got ${o.reviewPeriodDays}`);
  if (days === 0) throw new EngineError('invalid', 'the demand series is empty');
  if (!whole(o.startDay) || !whole(o.scoreFromDay) || !whole(o.scoreToDay) || o.startDay > o.scoreFromDay || o.scoreFromDay > o.scoreToDay || o.scoreToDay >= days)
    throw new EngineError('invalid', `need 0 ≤ startDay ≤ scoreFromDay ≤ scoreToDay < ${days} days of demand, got ${o.startDay}, ${o.scoreFromDay}, ${o.scoreToDay}`);
}

/**
 * Simulates one item. `demand[d]` is the units demanded on day index d (negative counts as
 * 0); `orderUpTo(d)` is the policy's level S in units at the review at the end of day d,
 * which may use demand[0..d] only. Throws EngineError `invalid` for an empty series, a
 * negative or fractional lead time or review period, or days out of range; and when the
 * level is negative or not a finite number.
 */
export function simulatePolicy(demand: ArrayLike<number>, orderUpTo: (day: number) => number, options: PolicySimulationOptions): PolicyOutcome {
  checkOptions(options, demand.length);
  const { leadTimeDays, reviewPeriodDays, startDay, scoreFromDay, scoreToDay } = options;
  const arriving = new Float64Array(scoreToDay + leadTimeDays + 2);
  const out: PolicyOutcome = { stockoutDays: 0, unitsShort: 0, unitsDemanded: 0, stockUnitDays: 0, orders: 0, unitsOrdered: 0, days: scoreToDay - scoreFromDay + 1 };
  let onHand = 0;
  let onOrder = 0;
  for (let d = startDay; d <= scoreToDay; d++) {
    const received = arriving[d] as number;
    onHand += received;
    onOrder -= received;
    const want = Math.max(0, demand[d] ?? 0);
    const served = Math.min(want, onHand);
    onHand -= served;
    const scored = d >= scoreFromDay;
    if (scored) {
      out.unitsDemanded += want;
      if (want > served + 1e-9) {
        out.stockoutDays += 1;
        out.unitsShort += want - served;
      }
      out.stockUnitDays += onHand;
    }
    if ((d - startDay) % reviewPeriodDays !== 0) continue;
    const level = orderUpTo(d);
    if (!Number.isFinite(level) || level < 0) throw new EngineError('invalid', `order-up-to level must be a finite number ≥ 0, got ${level} on day ${d}`);
    const qty = Math.ceil(level - onHand - onOrder - 1e-9);
    if (qty <= 0) continue;
    onOrder += qty;
    arriving[d + leadTimeDays + 1] = (arriving[d + leadTimeDays + 1] as number) + qty;
    if (scored) {
      out.orders += 1;
      out.unitsOrdered += qty;
    }
  }
  return out;
}

/**
 * An order-up-to rule: the level S in units for the review at the end of day index `day`,
 * from `demand[0..day]` only (the index is days since the data's first day).
 */
export type LevelRule = (demand: Float64Array, day: number) => number;

/** Totals of one policy over all items, for one scored window. */
export interface PolicyTotals {
  stockoutItemDays: number;
  /** Mean over the window's days of Σ end-of-day on-hand over items, units. */
  avgStockUnits: number;
  orders: number;
  /** Units served ÷ units demanded. */
  fillRate: number;
  days: number;
}

/** A scored window: day indices (days since the data's first day), inclusive. */
export interface ScoreWindow {
  name: string;
  fromDay: number;
  toDay: number;
}

/**
 * Runs every rule over every item on the same days (simulatePolicy with `options` less the
 * score window) and totals each rule's outcome in each window: `result[rule][window]`.
 * Items start with nothing on hand and nothing on order on `startDay`; a rule's level is
 * computed once per review and shared by the windows. Throws as simulatePolicy does.
 */
export function comparePolicies(
  series: readonly DemandSeries[],
  rules: Record<string, LevelRule>,
  windows: readonly ScoreWindow[],
  options: Omit<PolicySimulationOptions, 'scoreFromDay' | 'scoreToDay'>,
): Record<string, Record<string, PolicyTotals>> {
  const result: Record<string, Record<string, PolicyTotals>> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const sums = windows.map(() => ({ stockoutItemDays: 0, stockUnitDays: 0, orders: 0, served: 0, demanded: 0 }));
    for (const s of series) {
      const levels = new Map<number, number>();
      const level = (day: number) => {
        let cached = levels.get(day);
        if (cached === undefined) {
          cached = rule(s.demand, day);
          levels.set(day, cached);
        }
        return cached;
      };
      windows.forEach((w, i) => {
        const o = simulatePolicy(s.demand, level, { ...options, scoreFromDay: w.fromDay, scoreToDay: w.toDay });
        const t = sums[i] as (typeof sums)[number];
        t.stockoutItemDays += o.stockoutDays;
        t.stockUnitDays += o.stockUnitDays;
        t.orders += o.orders;
        t.served += o.unitsDemanded - o.unitsShort;
        t.demanded += o.unitsDemanded;
      });
    }
    result[name] = Object.fromEntries(
      windows.map((w, i) => {
        const t = sums[i] as (typeof sums)[number];
        const days = w.toDay - w.fromDay + 1;
        return [w.name, { stockoutItemDays: t.stockoutItemDays, avgStockUnits: t.stockUnitDays / days, orders: t.orders, fillRate: t.demanded > 0 ? t.served / t.demanded : 1, days }];
      }),
    );
  }
  return result;
}

/**
 * The trailing-average rule: the mean daily demand of the last `windowDays` days (days before
 * the data count as 0) × `horizonDays`, with no safety stock.
 */
export function trailingRule(windowDays: number, horizonDays: number): LevelRule {
  return (demand, day) => {
    let total = 0;
    for (let d = Math.max(0, day - windowDays + 1); d <= day; d++) total += Math.max(0, demand[d] ?? 0);
    return (total / windowDays) * horizonDays;
  };
}
