import { ProgressBar } from './ProgressBar';

/** One progress report of a long action (the shape of the `job.progress` event). */
export interface ProgressReport {
  phase: string;
  done: number;
  /** `null` while the amount is unknown. */
  total: number | null;
  unit: string;
  ratePerSecond: number;
}

const grouped = new Intl.NumberFormat('en');

/** The share done, 0–1, or `null` when the total is unknown (the bar then shows a stripe). */
export function progressFraction(progress: ProgressReport | null): number | null {
  if (!progress || progress.total === null || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/**
 * A long action's progress: a bar for the current phase and a line saying what it does
 * (`Writing audit events: 1,200 of 3,400 rows`). `phaseLabel` names a phase for people;
 * `waiting` is shown before the first report arrives.
 */
export function JobProgress({ progress, label, waiting, phaseLabel = (p) => p }: { progress: ProgressReport | null; label: string; waiting: string; phaseLabel?: (phase: string) => string }) {
  const fraction = progressFraction(progress);
  let text = waiting;
  if (progress) {
    const amount = progress.total === null ? grouped.format(progress.done) : `${grouped.format(progress.done)} of ${grouped.format(progress.total)}`;
    const rate = progress.ratePerSecond > 0 ? ` · ${grouped.format(Math.round(progress.ratePerSecond))} ${progress.unit}/s` : '';
    text = `${phaseLabel(progress.phase)}: ${amount} ${progress.unit}${rate}`;
  }
  return (
    <div className="import-progress">
      <ProgressBar value={fraction} label={label} />
      <p>{text}</p>
    </div>
  );
}
