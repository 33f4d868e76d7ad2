/**
 * The steps of a purchase request that ask something first: reject, send back for
 * revision and archive (a note), and approve a RED or UNKNOWN request (an owner's
 * override reason) — each one `purchases.advance`.
 */
import { useState, type FormEvent } from 'react';
import type { Purchase } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextField } from '../../ui/Field';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { STEP_TARGET, type PurchaseStepId } from './purchasesSlice';
import { RiskBadge } from './RiskBadge';

type NoteStep = Extract<PurchaseStepId, 'reject' | 'revise' | 'archive' | 'override'>;

const COPY: Record<NoteStep, { title: string; explain: string; submit: string; variant: 'primary' | 'danger' | 'secondary' }> = {
  reject: { title: 'Reject', explain: 'The request ends here; it can only be archived afterwards.', submit: 'Reject request', variant: 'danger' },
  revise: { title: 'Send back', explain: 'The requester edits the request and marks it ready again.', submit: 'Send back for revision', variant: 'primary' },
  archive: { title: 'Archive', explain: 'Archived requests leave the board (show them with “Show archived”).', submit: 'Archive', variant: 'secondary' },
  override: {
    title: 'Approve with override',
    explain: 'The engine judged this spend RED or UNKNOWN. Only an owner may approve it, and the reason is recorded with the decision and in the audit log.',
    submit: 'Approve with override',
    variant: 'danger',
  },
};

/** Whether a step id is one this dialog handles. */
export function isNoteStep(id: PurchaseStepId): id is NoteStep {
  return id in COPY;
}

/** The dialog of `step` for `purchase`; closes itself when the request moved on. */
export function StepDialog({ purchase, step, onClose }: { purchase: Purchase; step: NoteStep; onClose: () => void }) {
  const [text, setText] = useState('');
  const form = useActionForm('purchases.advance', onClose);
  const copy = COPY[step];
  const to = STEP_TARGET[step] ?? 'ARCHIVED';
  const override = step === 'override';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim() === '' ? undefined : text;
    void form.submit(override ? { id: purchase.id, to, overrideReason: text } : { id: purchase.id, to, note: value });
  };
  return (
    <Dialog open onClose={onClose} title={`${copy.title}: ${purchase.title}`}>
      <Form className="form" onSubmit={submit}>
        <p className="muted">{copy.explain}</p>
        {override ? (
          <p className="row">
            <RiskBadge bucket={purchase.riskBucket} />
          </p>
        ) : null}
        <TextField
          label={override ? 'Override reason' : 'Note'}
          name={override ? 'overrideReason' : 'note'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={override ? form.fieldErrors.overrideReason : form.fieldErrors.note}
          hint={override ? 'Required: at least 3 characters.' : 'Optional. Kept in the request’s history.'}
          autoFocus
          autoComplete="off"
          maxLength={override ? 500 : 2000}
        />
        <FailureNotice failure={form.failure} shownFields={['note', 'overrideReason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={copy.variant} className={copy.variant === 'danger' ? 'btn-solid' : undefined} busy={form.busy}>
            {copy.submit}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
