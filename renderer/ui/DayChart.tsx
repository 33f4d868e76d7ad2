/**
 * A chart over calendar days, drawn by uPlot on a canvas. uPlot sizes and places its
 * elements through the CSSOM (`el.style.x = …`), which the strict CSP allows (it blocks
 * only inline `<style>` and `style=""` markup); its stylesheet is bundled with ours. The
 * library itself is loaded when the first chart is shown (a chunk of our own origin), so
 * screens without a chart neither load it nor depend on the canvas and media queries it
 * needs at load time.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { resolveColour } from './theme';
import { useTheme } from './useTheme';

type UPlot = typeof uPlot;

export interface DaySeries {
  label: string;
  /** One value per day of `days`; `null` where the series has no point. */
  values: (number | null)[];
  /** A CSS colour, or `var(--chart-…)` to follow the theme. */
  color: string;
  /** `line` (default), `dashed`, `step` (holds until the next point) or `bars`. */
  style?: 'line' | 'dashed' | 'step' | 'bars';
  /** The y axis: `left` (default) or `right`. */
  axis?: 'left' | 'right';
  /** A fill under a line, as a CSS colour or `var(--…)`. */
  fill?: string;
}

export interface DayChartProps {
  /** Calendar days `YYYY-MM-DD`, ascending, one per point. */
  days: readonly string[];
  series: readonly DaySeries[];
  /** What the chart shows, for screen readers (the canvas itself is hidden from them). */
  label: string;
  leftLabel?: string;
  rightLabel?: string;
  height?: number;
  /** How legend and axis values read (default: up to 2 decimals). */
  format?: (value: number) => string;
  /** How the y axes' ticks read when shorter than `format` (e.g. `€12K`); default `format`. */
  axisFormat?: (value: number) => string;
  /** Whether the left axis starts at zero (default) or follows the data (for values that may go below zero). */
  leftFromZero?: boolean;
}

const defaultFormat = (v: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(v);
const tickDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const tickMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const AXIS_COLOUR = 'var(--chart-axis)';
const GRID_COLOUR = 'var(--chart-grid)';

/** A data-following axis range: 8 % room above and below, and zero in view (a buffer's danger line). */
function paddedRange(min: number, max: number): [number, number] {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  const pad = (high - low) * 0.08 || 1;
  return [low < 0 ? low - pad : 0, high + pad];
}

function options(UPlot: UPlot, props: DayChartProps, width: number): uPlot.Options {
  const format = props.format ?? defaultFormat;
  const axisFormat = props.axisFormat ?? format;
  const leftFromZero = props.leftFromZero ?? true;
  const hasRight = props.series.some((s) => s.axis === 'right');
  const axis = (scale: string, side: 1 | 3, label: string | undefined, grid: boolean): uPlot.Axis => ({
    scale,
    side,
    label,
    stroke: resolveColour(AXIS_COLOUR),
    grid: { show: grid, stroke: resolveColour(GRID_COLOUR), width: 1 },
    ticks: { show: true, stroke: resolveColour(GRID_COLOUR), width: 1 },
    values: (_u, ticks) => ticks.map((t) => axisFormat(t)),
    size: 56,
  });
  return {
    width,
    height: props.height ?? 280,
    tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'UTC'),
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: { x: { time: true }, left: { auto: true, range: (_u, min, max) => (leftFromZero ? [0, max > 0 ? max * 1.08 : 1] : paddedRange(min, max)) }, right: { auto: true, range: (_u, _min, max) => [0, max > 0 ? max * 3 : 1] } },
    axes: [
      {
        stroke: resolveColour(AXIS_COLOUR),
        grid: { show: false },
        ticks: { show: true, stroke: resolveColour(GRID_COLOUR), width: 1 },
        // day and month (`26 May`); month and year when ticks are a month or more apart
        values: (_u, ticks, _axis, _space, incr) => ticks.map((t) => (incr >= 28 * 86_400 ? tickMonth : tickDay).format(t * 1000)),
      },
      axis('left', 3, props.leftLabel, true),
      ...(hasRight ? [axis('right', 1, props.rightLabel, false)] : []),
    ],
    series: [
      { label: 'Day', value: (_u, ts) => (ts === null ? '—' : new Date(ts * 1000).toISOString().slice(0, 10)) },
      ...props.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          scale: s.axis === 'right' ? 'right' : 'left',
          stroke: resolveColour(s.color),
          width: s.style === 'bars' ? 0 : 2,
          fill: s.style === 'bars' ? resolveColour(s.color) : s.fill && resolveColour(s.fill),
          dash: s.style === 'dashed' ? [6, 5] : undefined,
          spanGaps: false,
          points: { show: false },
          paths: s.style === 'bars' ? UPlot.paths.bars?.({ size: [0.7, 6] }) : s.style === 'step' ? UPlot.paths.stepped?.({ align: 1 }) : undefined,
          value: (_u, v) => (v === null || v === undefined ? '—' : format(v)),
        }),
      ),
    ],
  };
}

/** Days and series as a `<figure>` with a uPlot canvas that follows the container's width. */
export function DayChart({ days, series, label, leftLabel, rightLabel, height = 280, format, axisFormat, leftFromZero }: DayChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // The canvas is drawn in the theme's colours: a theme change redraws it.
  const theme = useTheme();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    import('uplot')
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        const x = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
        const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData;
        const opts = options(UPlot, { days, series, label, leftLabel, rightLabel, height, format, axisFormat, leftFromZero }, Math.max(240, el.clientWidth));
        const chart = new UPlot(opts, data, el);
        plot = chart;
        let width = el.clientWidth;
        if (typeof ResizeObserver === 'undefined') return;
        observer = new ResizeObserver(() => {
          if (el.clientWidth === width) return;
          width = el.clientWidth;
          chart.setSize({ width: Math.max(240, width), height });
        });
        observer.observe(el);
      })
      .catch((err: unknown) => {
        if (!cancelled) setFailed(err instanceof Error ? err.message : String(err));
      });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [days, series, label, leftLabel, rightLabel, height, format, axisFormat, leftFromZero, theme]);

  return (
    <figure className="day-chart">
      <div ref={host} className="day-chart-canvas" aria-hidden="true" />
      <figcaption className={failed ? 'muted' : 'visually-hidden'}>{failed ? `The chart could not be drawn (${failed}). ${label}` : label}</figcaption>
    </figure>
  );
}
