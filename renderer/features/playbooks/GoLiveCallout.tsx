/**
 * Leads to the Go-live playbook while no Go-live run has completed (a new database turns
 * execution on only through its last step): start it, or continue the run in progress.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { useAppStore } from '../../store/context';
import { playbooksSelectors } from './slice';
import { progressLabel } from './view';

/** Leads to the Go-live playbook while no Go-live run has completed. */
export function GoLiveCallout() {
  const { goLiveDone, goLive, openGoLive } = useAppStore(useShallow((s) => ({ goLiveDone: s.goLiveDone, goLive: playbooksSelectors.goLive(s), openGoLive: s.openGoLive })));
  const [busy, setBusy] = useState(false);
  if (goLiveDone !== false) return null;
  const run = goLive?.latestRun && goLive.latestRun.id === goLive.activeRunId ? goLive.latestRun : null;
  return (
    <section className="callout" aria-labelledby="golive-callout">
      <div>
        <h2 id="golive-callout">Next: go live</h2>
        <p>
          Execution is off on a new database. The Go-live playbook walks through nine checks; completing its last step turns execution on.
          {run ? ` In progress: ${progressLabel(run.progress)}, next “${run.currentStepTitle ?? '—'}”.` : ''}
        </p>
      </div>
      <Button
        variant="primary"
        busy={busy}
        onClick={async () => {
          setBusy(true);
          await openGoLive();
          setBusy(false);
        }}
      >
        {run ? 'Continue Go-live' : 'Start Go-live'}
      </Button>
    </section>
  );
}
