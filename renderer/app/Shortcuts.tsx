/**
 * The "?" overlay: the keyboard shortcuts that work everywhere and those of the current
 * screen. Pressing `?` anywhere outside a text field (and outside an open dialog) opens it;
 * Escape closes it and focus returns where it was.
 */
import { useEffect, useState } from 'react';
import { isTypingTarget } from '../features/inventory/quick';
import type { RouteId } from '../features/navigation/slice';
import { Dialog } from '../ui/Dialog';
import { KeyHints, type KeyHint } from '../ui/KeyHints';

/** Shortcuts that work on every screen. */
export const GLOBAL_SHORTCUTS: readonly KeyHint[] = [
  { keys: ['/'], label: 'quick entry: find an item, record a purchase or consumption, scan a barcode' },
  { keys: ['Ctrl', 'K'], label: 'quick entry from inside a text field' },
  { keys: ['?'], label: 'this list of shortcuts' },
  { keys: ['Tab'], label: 'first stop: "Skip to content"; then the navigation, the top bar and the screen' },
  { keys: ['Esc'], label: 'close a dialog, a menu or the quick entry' },
];

/** Each screen's own shortcuts (keys that act only while its list or form has focus). */
export const SCREEN_SHORTCUTS: Partial<Record<RouteId, readonly KeyHint[]>> = {
  approvals: [
    { keys: ['↑', '↓'], label: 'move through the inbox' },
    { keys: ['Home', 'End'], label: 'first or last request' },
    { keys: ['Enter'], label: 'show the request’s details' },
    { keys: ['A'], label: 'approve the selected request (asks for a note)' },
    { keys: ['D'], label: 'deny the selected request' },
  ],
  purchases: [{ keys: ['N'], label: 'new purchase request' }],
  inventory: [
    { keys: ['↑', '↓'], label: 'move through the item list' },
    { keys: ['Enter'], label: 'open the item' },
  ],
  playbooks: [{ keys: ['Ctrl', 'Enter'], label: 'complete the current step' }],
  sessions: [{ keys: ['Ctrl', 'Enter'], label: 'add the note to the session' }],
};

/** Opens on `?`; lists the global shortcuts and those of `route` with its `label`. */
export function ShortcutsOverlay({ route, label }: { route: RouteId; label: string }) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const own = SCREEN_SHORTCUTS[route];
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <div className="shortcuts">
        <section className="detail-section" aria-label="Everywhere">
          <h3>Everywhere</h3>
          <KeyHints hints={GLOBAL_SHORTCUTS} label="Shortcuts everywhere" />
        </section>
        <section className="detail-section" aria-label={`On ${label}`}>
          <h3>On {label}</h3>
          {own ? <KeyHints hints={own} label={`Shortcuts on ${label}`} /> : <p className="muted">This screen has no shortcuts of its own: Tab and Shift+Tab reach every control, Enter or Space acts.</p>}
        </section>
      </div>
    </Dialog>
  );
}
