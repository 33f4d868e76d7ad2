/** One shortcut: the keys (each shown as a key cap) and what they do. */
export interface KeyHint {
  keys: readonly string[];
  label: string;
}

/** A visible line of keyboard shortcuts, e.g. `↑ ↓ move · A approve`. */
export function KeyHints({ hints, label = 'Keyboard shortcuts' }: { hints: readonly KeyHint[]; label?: string }) {
  return (
    <ul className="key-hints" aria-label={label}>
      {hints.map((h) => (
        <li key={h.label}>
          {h.keys.map((k) => (
            <kbd key={k}>{k}</kbd>
          ))}{' '}
          {h.label}
        </li>
      ))}
    </ul>
  );
}
