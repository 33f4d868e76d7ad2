/**
 * Minimum band per action: the least permissive band in which an action may run
 * (`governance.bandPolicies` → `actionMinBands`); an owner sets or lifts one with a reason
 * (`governance.setActionMinBand`), others read. Exempt control actions run in every band.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ACTION_NAMES, actionSpec, mayDispatch, type ActionName } from '../../../shared/contract';
import { BAND_NAMES, BANDS, type Band } from '../../../shared/domain/bands';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Dialog } from '../../ui/Dialog';
import { Form, SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { bandTone } from '../governance/tones';

/** Actions a minimum band can apply to: every action that is not an exempt control action. */
export const BANDABLE_ACTIONS: readonly ActionName[] = ACTION_NAMES.filter((name) => !actionSpec(name).exempt);

/** The minimum-band card of the caps and bands screen. */
export function ActionMinBands() {
  const { policies, role } = useAppStore(useShallow((s) => ({ policies: s.bandPolicies, role: governanceSelectors.currentOperator(s)?.role })));
  const [open, setOpen] = useState(false);
  const canEdit = !role || mayDispatch(role, 'governance.setActionMinBand');
  const rows = policies.data?.actionMinBands ?? [];
  return (
    <Card
      title="Minimum band per action"
      actions={
        canEdit ? (
          <Button small onClick={() => setOpen(true)}>
            Set a minimum band…
          </Button>
        ) : null
      }
    >
      {rows.length === 0 ? (
        <p className="muted">No action has a minimum band: every action runs in every band (the approval thresholds and caps still apply).</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Minimum band per action">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Runs in bands</th>
                <th scope="col">Set by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.action}>
                  <td className="mono">{r.action}</td>
                  <td>
                    <Badge tone={bandTone(r.band)}>{`A – ${r.band} (${BAND_NAMES[r.band]})`}</Badge>
                  </td>
                  <td className="muted">{r.source === 'owner' ? 'owner' : 'default'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? null : <p className="muted cap-note">Read-only: only an owner may set minimum bands.</p>}
      {open ? <MinBandDialog onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}

function MinBandDialog({ onClose }: { onClose: () => void }) {
  const [action, setAction] = useState<ActionName>(BANDABLE_ACTIONS[0] as ActionName);
  const [band, setBand] = useState<Band | ''>('C');
  const [reason, setReason] = useState('');
  const form = useActionForm('governance.setActionMinBand', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ action, band: band === '' ? null : band, reason });
  };
  return (
    <Dialog open onClose={onClose} title="Minimum band of an action">
      <Form className="form" onSubmit={submit} aria-label="Minimum band of an action">
        <SelectField label="Action" name="action" value={action} onChange={(e) => setAction(e.target.value as ActionName)} options={BANDABLE_ACTIONS.map((a) => ({ value: a, label: a }))} />
        <SelectField
          label="Runs in"
          name="band"
          value={band}
          onChange={(e) => setBand(e.target.value as Band | '')}
          options={[{ value: '', label: 'every band (no minimum)' }, ...BANDS.map((b) => ({ value: b, label: `bands A – ${b} (refused beyond ${BAND_NAMES[b]})` }))]}
        />
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the decision and in the audit log." autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
