/** The kill switch: the top-bar button to engage it, and the red banner with Release while engaged. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { EngageKillSwitchDialog, ReleaseKillSwitchDialog } from './dialogs';
import { governanceSelectors } from './slice';

/** "Kill switch" button (hidden while engaged: the banner offers Release then). */
export function KillSwitchButton() {
  const engaged = useAppStore(governanceSelectors.killSwitchEngaged);
  const [open, setOpen] = useState(false);
  if (engaged) return null;
  return (
    <>
      <Button variant="danger" small onClick={() => setOpen(true)}>
        Kill switch
      </Button>
      <EngageKillSwitchDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** The prominent banner while the kill switch is engaged, with who, when, why and Release. */
export function KillSwitchBanner() {
  const { kill, timeZone } = useAppStore(useShallow((s) => ({ kill: s.governance.data?.killSwitch, timeZone: governanceSelectors.timeZone(s) })));
  const [open, setOpen] = useState(false);
  if (!kill?.engaged) return null;
  return (
    <>
    <div className="banner banner-kill" role="alert">
      <p>
        <strong>KILL SWITCH ENGAGED</strong> — all prod execution is stopped.{' '}
        {kill.reason ? <>Reason: “{kill.reason}”. </> : null}
        {kill.engagedBy ? <>By {kill.engagedBy}</> : null}
        {kill.engagedAt ? <>, {formatInstant(kill.engagedAt, timeZone)}</> : null}
      </p>
      <Button small onClick={() => setOpen(true)}>
        Release…
      </Button>
    </div>
    <ReleaseKillSwitchDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
