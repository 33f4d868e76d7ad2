/**
 * The governance dialogs: go-live on/off, band change, kill switch engage and release.
 * Each asks for a reason (the contract's `reason` rule: 3–500 characters) and shows the
 * engine's refusal, if any, inside the dialog.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { BANDS, BAND_NAMES, type Band } from '../../../shared/domain/bands';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';

interface OpenProps {
  open: boolean;
  onClose: () => void;
}

/** Mounts a dialog's body only while open, so each opening starts with a fresh form. */
function whenOpen<P extends OpenProps>(Body: (props: P) => ReactNode) {
  return function OpenDialog(props: P) {
    return props.open ? <Body {...props} /> : null;
  };
}

function ReasonInput({ value, onChange, error, autoFocus = true }: { value: string; onChange: (v: string) => void; error: string | undefined; autoFocus?: boolean }) {
  return (
    <TextField
      label="Reason"
      name="reason"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      hint="Recorded with the decision and in the audit log."
      autoFocus={autoFocus}
      autoComplete="off"
      maxLength={500}
    />
  );
}

/**
 * Turns state-changing execution on or off (`governance.setGoLive`). Before a Go-live run
 * has completed, the engine refuses to turn it on directly: the dialog explains that and
 * leads to the Go-live playbook instead.
 */
function GoLiveDialogBody(props: OpenProps & { enabled: boolean }) {
  const goLiveDone = useAppStore((s) => s.goLiveDone);
  if (!props.enabled && goLiveDone === false) return <GoLiveFirstBody {...props} />;
  return <SetGoLiveBody {...props} />;
}

function GoLiveFirstBody({ open, onClose }: OpenProps) {
  const openGoLive = useAppStore((s) => s.openGoLive);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open={open} onClose={onClose} title="Turn execution on">
      <p>A new database turns execution on only through the Go-live playbook.</p>
      <p className="muted">
        Its nine steps check health, the owner profile, currency and time zone, spend caps, approval thresholds, locations and first items, the backup
        folder and the scheduler; completing the last one turns execution on. Until a Go-live run has completed once, the engine refuses to turn execution
        on directly.
      </p>
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="primary"
          busy={busy}
          onClick={async () => {
            setBusy(true);
            await openGoLive();
            setBusy(false);
            onClose();
          }}
        >
          Open the Go-live playbook
        </Button>
      </div>
    </Dialog>
  );
}

function SetGoLiveBody({ open, onClose, enabled }: OpenProps & { enabled: boolean }) {
  const [reason, setReason] = useState('');
  const form = useActionForm('governance.setGoLive', () => {
    setReason('');
    onClose();
  });
  const target = !enabled;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ enabled: target, reason });
  };
  return (
    <Dialog open={open} onClose={onClose} title={target ? 'Turn execution on' : 'Turn execution off'}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">
          {target
            ? 'With execution on, prod actions run when every gate passes.'
            : 'With execution off, prod actions are blocked; exempt recovery actions still run.'}
        </p>
        <ReasonInput value={reason} onChange={setReason} error={form.fieldErrors.reason} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={target ? 'primary' : 'danger'} busy={form.busy}>
            {target ? 'Turn execution on' : 'Turn execution off'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Sets the cone band (`governance.setBand`). */
function BandDialogBody({ open, onClose, current }: OpenProps & { current: Band | null }) {
  const [band, setBand] = useState<string>(current ?? 'B');
  const [reason, setReason] = useState('');
  const form = useActionForm('governance.setBand', () => {
    setReason('');
    onClose();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ band: band as Band, reason });
  };
  return (
    <Dialog open={open} onClose={onClose} title="Change band">
      <form className="form" onSubmit={submit} noValidate>
        <SelectField
          label="Band"
          name="band"
          value={band}
          onChange={(e) => setBand(e.target.value)}
          options={BANDS.map((b) => ({ value: b, label: `${b} · ${BAND_NAMES[b]}${b === current ? ' (current)' : ''}` }))}
          error={form.fieldErrors.band}
        />
        <ReasonInput value={reason} onChange={setReason} error={form.fieldErrors.reason} autoFocus={false} />
        <FailureNotice failure={form.failure} shownFields={['band', 'reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Set band
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

type KillSwitchAction = 'governance.engageKillSwitch' | 'governance.releaseKillSwitch';

const KILL_SWITCH_COPY: Record<KillSwitchAction, { title: string; explain: string; submit: string; variant: 'danger' | 'primary' }> = {
  'governance.engageKillSwitch': {
    title: 'Engage the kill switch',
    explain: 'Stops all prod execution at once. Only an owner can release it.',
    submit: 'Engage kill switch',
    variant: 'danger',
  },
  'governance.releaseKillSwitch': {
    title: 'Release the kill switch',
    explain: 'Prod actions can run again once released (if execution is on).',
    submit: 'Release kill switch',
    variant: 'primary',
  },
};

/** A reason-only kill-switch dialog: engage or release, as `action` says. */
function KillSwitchDialogBody({ open, onClose, action }: OpenProps & { action: KillSwitchAction }) {
  const [reason, setReason] = useState('');
  const form = useActionForm(action, () => {
    setReason('');
    onClose();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ reason });
  };
  const copy = KILL_SWITCH_COPY[action];
  return (
    <Dialog open={open} onClose={onClose} title={copy.title}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{copy.explain}</p>
        <ReasonInput value={reason} onChange={setReason} error={form.fieldErrors.reason} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={copy.variant} className={copy.variant === 'danger' ? 'btn-solid' : undefined} busy={form.busy}>
            {copy.submit}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Turns state-changing execution on or off (`governance.setGoLive`); `enabled` is the current setting. */
export const GoLiveDialog = whenOpen(GoLiveDialogBody);
/** Sets the cone band (`governance.setBand`). */
export const BandDialog = whenOpen(BandDialogBody);
const OpenKillSwitchDialog = whenOpen(KillSwitchDialogBody);
/** Engages the kill switch (`governance.engageKillSwitch`). */
export const EngageKillSwitchDialog = (props: OpenProps) => <OpenKillSwitchDialog {...props} action="governance.engageKillSwitch" />;
/** Releases the kill switch (`governance.releaseKillSwitch`; the engine allows owners only). */
export const ReleaseKillSwitchDialog = (props: OpenProps) => <OpenKillSwitchDialog {...props} action="governance.releaseKillSwitch" />;
