/**
 * The schedule's dialogs: skip one occurrence with a reason (`schedule.skip`) and end an
 * entry or a bill with a reason (`schedule.archive`).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Occurrence, ScheduleEntry } from '../../../shared/contract';
import { Button, type ButtonVariant } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextField } from '../../ui/Field';
import { FailureNotice } from '../dispatch/FailureNotice';
import type { ActionForm } from '../dispatch/useActionForm';
import { useActionForm } from '../dispatch/useActionForm';
import { formatDay } from '../inventory/format';

interface ReasonDialogProps {
  title: string;
  intro: ReactNode;
  submitLabel: string;
  variant: ButtonVariant;
  form: Pick<ActionForm<'schedule.skip'>, 'fieldErrors' | 'failure' | 'busy'>;
  onSubmit(reason: string): void;
  onClose(): void;
}

/** A dialog asking a reason before an action: what it does, the reason, the refusal if any. */
function ReasonDialog({ title, intro, submitLabel, variant, form, onSubmit, onClose }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(reason);
  };
  return (
    <Dialog open onClose={onClose} title={title}>
      <Form className="form" onSubmit={submit} aria-label={title}>
        <p>{intro}</p>
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={variant} busy={form.busy}>
            {submitLabel}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** Skips one occurrence with a reason (`schedule.skip`). */
export function SkipDialog({ occurrence: o, onClose }: { occurrence: Occurrence; onClose: () => void }) {
  const form = useActionForm('schedule.skip', onClose);
  return (
    <ReasonDialog
      title={`Skip: ${o.title}`}
      intro={`The occurrence of ${formatDay(o.date)} is skipped${o.kind === 'bill' ? ' (not paid through the console)' : ''}; later ones stay on the schedule.`}
      submitLabel="Skip it"
      variant="primary"
      form={form}
      onSubmit={(reason) => void form.submit({ id: o.entryId, occurrenceDate: o.date, reason })}
      onClose={onClose}
    />
  );
}

/** Ends an entry with a reason (`schedule.archive`): no more occurrences, history kept. */
export function ArchiveDialog({ entry, onClose }: { entry: ScheduleEntry; onClose: () => void }) {
  const form = useActionForm('schedule.archive', onClose);
  return (
    <ReasonDialog
      title={`End: ${entry.title}`}
      intro={`No more occurrences of “${entry.title}” are due; what was done, skipped or paid stays in the history.`}
      submitLabel="End it"
      variant="danger"
      form={form}
      onSubmit={(reason) => void form.submit({ id: entry.id, reason })}
      onClose={onClose}
    />
  );
}
