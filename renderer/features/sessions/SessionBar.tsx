/**
 * The frame's session bar: the active session's operator and ticking elapsed time with
 * End session…, or Start session… when none is active (only the one that applies is
 * offered; the engine refuses a second start or an end without a session anyway).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, type Session } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextAreaField } from '../../ui/Field';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { useNow } from '../spending/useNow';
import { formatElapsed, sessionsSelectors } from './slice';

/** The session bar in the top bar. */
export function SessionBar() {
  const { active, status, load, role, timeZone } = useAppStore(
    useShallow((s) => ({
      active: sessionsSelectors.active(s),
      status: s.activeSession.status,
      load: s.loadActiveSession,
      role: governanceSelectors.currentOperator(s)?.role,
      timeZone: governanceSelectors.timeZone(s),
    })),
  );
  const [dialog, setDialog] = useState<'start' | 'end' | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  if (status !== 'ready') return null;
  const mayAct = !role || mayDispatch(role, active ? 'sessions.end' : 'sessions.start');
  return (
    <div className="session-bar" role="group" aria-label="Work session">
      {active ? (
        <>
          {/* compact: the top bar must fit the operator switcher on the same line */}
          <Badge tone="info" title={`Started by ${active.startedBy} at ${formatInstant(active.startedAt, timeZone)}`}>
            <span className="dot" aria-hidden="true" />
            Session<span className="visually-hidden"> by {active.startedBy}</span>
            <Elapsed since={active.startedAt} />
          </Badge>
          {mayAct ? (
            <Button small onClick={() => setDialog('end')}>
              End session…
            </Button>
          ) : null}
        </>
      ) : (
        <>
          <span className="muted">No session</span>
          {mayAct ? (
            <Button small onClick={() => setDialog('start')}>
              Start session…
            </Button>
          ) : null}
        </>
      )}
      <SessionDialog open={dialog !== null} kind={dialog ?? 'start'} active={active} onClose={() => setDialog(null)} />
    </div>
  );
}

function Elapsed({ since }: { since: string }) {
  const now = useNow(1000);
  return (
    <span className="session-elapsed" aria-label="Session elapsed time" title="Elapsed time of the active session">
      {formatElapsed(since, now)}
    </span>
  );
}

function SessionDialog({ open, kind, active, onClose }: { open: boolean; kind: 'start' | 'end'; active: Session | null; onClose: () => void }) {
  return open ? <SessionDialogBody kind={kind} active={active} onClose={onClose} /> : null;
}

function SessionDialogBody({ kind, active, onClose }: { kind: 'start' | 'end'; active: Session | null; onClose: () => void }) {
  const [notes, setNotes] = useState('');
  const form = useActionForm(kind === 'start' ? 'sessions.start' : 'sessions.end', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(notes.trim() ? { notes: notes.trim() } : {});
  };
  return (
    <Dialog open onClose={onClose} title={kind === 'start' ? 'Start a work session' : 'End the work session'}>
      <form
        className="form"
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        }}
        noValidate
      >
        <p className="muted">
          {kind === 'start'
            ? 'Starting takes a snapshot (band, health, cap usage, open approvals, stock value, chain head); every decision until the end carries the session.'
            : `Ending adds the summary of what happened since ${active ? active.startedBy : 'the start'} started it.`}
        </p>
        <TextAreaField label="Notes (optional)" name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={form.fieldErrors.notes} rows={3} autoFocus />
        <FailureNotice failure={form.failure} shownFields={['notes']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            {kind === 'start' ? 'Start session' : 'End session'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
