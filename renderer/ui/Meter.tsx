import type { Tone } from './Badge';

export interface MeterProps {
  /** What is measured, e.g. "GLOBAL spend today". */
  label: string;
  /** Use as a fraction of the limit (1 = 100 %); may exceed 1. `null` when there is no limit. */
  fraction: number | null;
  /** How the value reads, e.g. "€260.00 of €1,000.00 (26 %)". */
  valueText: string;
  /** Colour of the filled part. */
  tone?: Tone;
  /** Fractions at which to draw a tick (e.g. warning levels 0.8, 0.9). */
  marks?: readonly number[];
}

/**
 * A horizontal gauge of a used share of a limit (ARIA `meter`): the bar fills up to 100 %
 * (an overflow shows as a full bar), with ticks at `marks`. Widths and positions are set
 * through React's style prop (the CSSOM), which the strict CSP allows.
 */
export function Meter({ label, fraction, valueText, tone = 'info', marks = [] }: MeterProps) {
  const percent = fraction === null ? 0 : Number.isFinite(fraction) ? Math.max(0, fraction * 100) : 100;
  return (
    <div
      className={['meter', `meter-${tone}`, fraction === null ? 'meter-none' : ''].filter(Boolean).join(' ')}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.min(100, Math.round(percent))}
      aria-valuetext={valueText}
    >
      <div className="meter-fill" style={{ width: `${Math.min(100, percent)}%` }} />
      {marks.map((m) => (
        <span key={m} className="meter-mark" style={{ left: `${m * 100}%` }} aria-hidden="true" />
      ))}
    </div>
  );
}
