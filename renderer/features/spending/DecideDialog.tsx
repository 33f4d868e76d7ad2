/**
 * Approve or deny one pending approval with a note (`approvals.decide`). The engine's
 * refusal — separation of duties, already decided, expired — stays in the dialog.
 */
import { useState, type FormEvent } from 'react';
import type { Approval } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { inventorySelectors } from '../inventory/slice';
import { money } from './format';
import { RiskBadge } from './RiskBadge';

export type Decision = 'approve' | 'deny';

/** The decide dialog for `approval`; closes itself when the decision is recorded. */
export function DecideDialog({ approval, decision, onClose }: { approval: Approval; decision: Decision; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [note, setNote] = useState('');
  const form = useActionForm('approvals.decide', onClose);
  const approve = decision === 'approve';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ approvalId: approval.id, decision, note: note.trim() === '' ? undefined : note });
  };
  return (
    <Dialog open onClose={onClose} title={`${approve ? 'Approve' : 'Deny'}: ${approval.title}`}>
      <Form className="form" onSubmit={submit}>
        <dl className="kv">
          <dt>Amount up to</dt>
          <dd>
            <strong>{money(approval.amountCeilingMinor, currency)}</strong> · {approval.category ?? 'no category'}
          </dd>
          <dt>Risk</dt>
          <dd>
            <RiskBadge bucket={approval.riskBucket} />
          </dd>
          <dt>Requested by</dt>
          <dd>{approval.requestedBy}</dd>
          <dt>Why held</dt>
          <dd>{approval.reason ?? '—'}</dd>
        </dl>
        <TextField
          label="Note"
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={form.fieldErrors.note}
          hint={approve ? 'Optional. Recorded with the decision and in the audit log.' : 'Say why: the requester sees it on the request.'}
          autoFocus
          autoComplete="off"
          maxLength={2000}
        />
        <FailureNotice failure={form.failure} shownFields={['note']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={approve ? 'primary' : 'danger'} className={approve ? undefined : 'btn-solid'} busy={form.busy}>
            {approve ? 'Approve' : 'Deny'}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
