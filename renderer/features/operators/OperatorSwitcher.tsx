/** The top-bar operator switcher: `operators.switch`, asking for the PIN when the operator has one. */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Operator } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { operatorsSelectors } from './slice';

/** A labelled select of operators; choosing one switches (after a PIN dialog if needed). */
export function OperatorSwitcher() {
  const { operators, current } = useAppStore(useShallow((s) => ({ operators: operatorsSelectors.list(s), current: governanceSelectors.currentOperator(s) })));
  const [pinFor, setPinFor] = useState<Operator | null>(null);
  // A switch without a PIN has no form to show a refusal in: it goes to the notice bar.
  const form = useActionForm('operators.switch', undefined, { announceFailure: true });

  const choose = (id: string) => {
    const target = operators.find((o) => o.id === id);
    if (!target || target.id === current?.id || form.busy) return;
    if (target.hasPin) setPinFor(target);
    else void form.submit({ operatorId: target.id });
  };

  const options = operators.length ? operators : current ? [current] : [];
  return (
    <div className="topbar-group">
      <label htmlFor="operator-switcher">Operator</label>
      {/* Busy, not disabled: a disabled select drops the keyboard focus of the operator who just switched. */}
      <select id="operator-switcher" value={current?.id ?? ''} onChange={(e) => choose(e.target.value)} aria-busy={form.busy}>
        {current ? null : <option value="">—</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.role})
          </option>
        ))}
      </select>
      {pinFor ? <PinDialog operator={pinFor} onClose={() => setPinFor(null)} /> : null}
    </div>
  );
}

function PinDialog({ operator, onClose }: { operator: Operator; onClose: () => void }) {
  const [pin, setPin] = useState('');
  const form = useActionForm('operators.switch', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ operatorId: operator.id, pin });
  };
  return (
    <Dialog open onClose={onClose} title={`Switch to ${operator.name}`}>
      <Form className="form" onSubmit={submit}>
        <TextField
          label="PIN"
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          error={form.fieldErrors.pin}
        />
        <FailureNotice failure={form.failure} shownFields={['pin']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Switch
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
