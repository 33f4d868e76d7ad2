/**
 * A progress bar: a fraction 0–1, or `null` for "under way, amount unknown" (an animated
 * stripe). The width is set through React's style prop, i.e. the CSSOM, which the strict
 * CSP allows.
 */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={percent === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className="progress-bar" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
