/** The last action's outcome, in a polite live region; it fades on the next action or on dismiss. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { commandsSelectors } from '../features/dispatch/slice';
import { useAppStore } from '../store/context';

const OK_NOTICE_MS = 6000;

/** Shows `notice` from the store. Success notices clear themselves; errors stay until dismissed. */
export function NoticeBar() {
  const { notice, dismiss } = useAppStore(useShallow((s) => ({ notice: commandsSelectors.notice(s), dismiss: s.dismissNotice })));
  useEffect(() => {
    if (notice?.kind !== 'ok') return;
    const timer = setTimeout(dismiss, OK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div role="status" aria-live="polite">
      {notice ? (
        <div className={`notice notice-${notice.kind}`}>
          <p>{notice.text}</p>
          <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
