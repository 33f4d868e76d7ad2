/**
 * The last action's outcome, in a polite live region; it fades on the next action or on
 * dismiss. A notice that can be undone (a stock entry, a receipt edit) offers "Undo" for
 * 10 seconds — a button reachable by keyboard; the countdown pauses while the notice is
 * hovered or has focus.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { commandsSelectors } from '../features/dispatch/slice';
import { UNDO_NOTICE_MS } from '../features/dispatch/undo';
import { useAppStore } from '../store/context';
import '../features/inventory/grocy.css';

const OK_NOTICE_MS = 6000;

/** Shows `notice` from the store. Success notices clear themselves; errors stay until dismissed. */
export function NoticeBar() {
  const { notice, dismiss, undo } = useAppStore(useShallow((s) => ({ notice: commandsSelectors.notice(s), dismiss: s.dismissNotice, undo: s.undoNotice })));
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  useEffect(() => {
    if (notice?.kind !== 'ok' || paused) return;
    const timer = setTimeout(dismiss, notice.undo ? UNDO_NOTICE_MS : OK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss, paused]);
  return (
    <div role="status" aria-live="polite">
      {notice ? (
        <div
          className={`notice notice-${notice.kind}`}
          onMouseEnter={() => setHovered(true)}
          onMouseLeave={() => setHovered(false)}
          onFocus={() => setFocused(true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
          }}
        >
          <p>{notice.text}</p>
          {notice.undo ? (
            <button
              type="button"
              className="btn btn-small notice-undo"
              onClick={() => {
                setFocused(false);
                setHovered(false);
                void undo();
              }}
            >
              Undo
            </button>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
