/**
 * A row of labelled figures (`ul.counts`): import previews and summaries, reconciliation,
 * decisions today. Numbers are grouped (`1,252`); a tone colours the figure's edge.
 */
export interface CountItem {
  label: string;
  /** A number (shown grouped) or a short text (a format, a date range). */
  value: number | string;
  /** Adds class `count-<tone>` (ok, warn, bad … as the theme defines them). */
  tone?: string | null | undefined;
  /** Smaller figure, for texts longer than a number. */
  small?: boolean;
}

const grouped = (v: number | string) => (typeof v === 'number' ? v.toLocaleString('en') : v);

export function Counts({ label, items, className }: { label: string; items: readonly CountItem[]; className?: string }) {
  return (
    <ul className={className ? `counts ${className}` : 'counts'} aria-label={label}>
      {items.map((item) => (
        <li key={item.label} className={item.tone ? `count-${item.tone}` : undefined}>
          <span className="stat-label">{item.label}</span>
          <span className={item.small ? 'count count-small' : 'count'}>{grouped(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}
