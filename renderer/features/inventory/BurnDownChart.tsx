/**
 * An item's burn-down: daily on-hand over the history (`forecast.history`), the daily
 * demand as bars on a second axis, the projected on-hand from today to run-out at the
 * burn rate, and the reorder point — with a one-sentence text version for screen readers.
 */
import { useMemo } from 'react';
import { DayChart, type DaySeries } from '../../ui/DayChart';
import { formatDay, formatDaysLeft, formatQty, formatRate } from './format';
import type { ItemHistory } from './itemSlice';

export interface BurnDownData {
  days: string[];
  series: DaySeries[];
}

/**
 * The chart's days (history, then the projection's days after today) and series: on-hand
 * (history only), projection (from today's on-hand on), demand (history only) and the
 * reorder point (flat, when above zero).
 */
export function burnDownData(history: ItemHistory): BurnDownData {
  const past = trimQuietStart(history.history);
  const lastPast = past[past.length - 1]?.day ?? '';
  const future = history.projection.filter((p) => p.day > lastPast);
  const days = [...past.map((p) => p.day), ...future.map((p) => p.day)];
  const pad = (n: number) => new Array<null>(n).fill(null);
  const projectionByDay = new Map(history.projection.map((p) => [p.day, p.onHand]));
  const series: DaySeries[] = [
    { label: 'On hand', values: [...past.map((p) => p.onHand), ...pad(future.length)], color: 'var(--chart-1)', style: 'step', fill: 'var(--chart-1-fill)' },
    {
      label: 'Projected',
      values: days.map((d) => projectionByDay.get(d) ?? null),
      color: 'var(--chart-2)',
      style: 'dashed',
    },
    { label: 'Demand / day', values: [...past.map((p) => p.demand), ...pad(future.length)], color: 'var(--chart-bars)', style: 'bars', axis: 'right' },
  ];
  if (history.forecast.reorderPoint > 0) {
    series.push({ label: 'Reorder point', values: days.map(() => history.forecast.reorderPoint), color: 'var(--chart-3)', style: 'dashed' });
  }
  return { days, series };
}

/** Days kept before an item's first stock or demand, and the fewest days shown. */
const LEAD_IN_DAYS = 3;
const MIN_DAYS = 14;

/**
 * The history without its quiet start (no stock, no demand: the item did not exist yet),
 * keeping a few days before the first movement and at least `MIN_DAYS` days.
 */
export function trimQuietStart<T extends { onHand: number; demand: number }>(days: readonly T[]): T[] {
  const first = days.findIndex((d) => d.onHand !== 0 || d.demand !== 0);
  if (first < 0) return days.slice(-MIN_DAYS);
  return days.slice(Math.max(0, Math.min(first - LEAD_IN_DAYS, days.length - MIN_DAYS)));
}

/** A sentence saying what the chart shows. */
export function burnDownSummary(history: ItemHistory, unit: string): string {
  const f = history.forecast;
  const past = trimQuietStart(history.history);
  const from = past[0]?.day;
  const demand = past.reduce((sum, d) => sum + d.demand, 0);
  const parts = [`${formatQty(f.onHand)} ${unit} on hand today`, `${formatQty(demand)} ${unit} used since ${formatDay(from)}`];
  if (f.burnRatePerDay > 0) parts.push(`burn rate ${formatRate(f.burnRatePerDay)} ${unit} per day`);
  parts.push(f.runOutDate ? `runs out on ${formatDay(f.runOutDate)} (in ${formatDaysLeft(f.daysLeft)} days)` : 'no run-out date: nothing is used');
  return `${parts.join('; ')}.`;
}

/** The burn-down chart of one item's history. */
export function BurnDownChart({ history, unit }: { history: ItemHistory; unit: string }) {
  const data = useMemo(() => burnDownData(history), [history]);
  const summary = burnDownSummary(history, unit);
  return (
    <div className="burn-down">
      <p className="muted">{summary}</p>
      <DayChart days={data.days} series={data.series} label={`Burn-down chart: ${summary}`} leftLabel={`On hand (${unit})`} rightLabel={`Demand (${unit}/day)`} format={formatQty} />
    </div>
  );
}
