/**
 * First run (`setup.status` says not initialized): the owner's name, currency, time zone
 * and an optional PIN → `setup.initialize`. The owner becomes the current operator, and
 * the console opens on the Playbooks screen, which leads into the Go-live playbook.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';

/** Common ISO-4217 codes offered first; any other code the platform knows can be chosen too. */
export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CAD', 'AUD', 'NZD', 'JPY'] as const;

/** The system's IANA time zone, e.g. `Europe/Berlin` (`UTC` when unknown). */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function currencyLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'currency' }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}

/** The onboarding screen. */
export function Onboarding() {
  const [ownerName, setOwnerName] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  const [pin, setPin] = useState('');
  const navigate = useAppStore((s) => s.navigate);
  // Next comes the Go-live playbook: the Playbooks screen leads into it.
  const form = useActionForm('setup.initialize', () => navigate('playbooks'));
  const zonesId = useId();
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);
  const currencies = useMemo(() => COMMON_CURRENCIES.map((c) => ({ value: c, label: currencyLabel(c) })), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ ownerName, currency, timeZone, ...(pin ? { pin } : {}) });
  };

  return (
    <main className="onboarding">
      <Card title="Welcome to Valhalla Console">
        <p className="onboarding-intro">
          Create the owner profile to start. Execution then stays off until you complete the Go-live playbook, which comes next; everything you do is
          decided, recorded and audited.
        </p>
        <form className="form" onSubmit={submit} aria-label="First-run setup" noValidate>
          <TextField
            label="Owner name"
            name="ownerName"
            value={ownerName}
            onChange={(e) => setOwnerName(e.target.value)}
            error={form.fieldErrors.ownerName}
            autoFocus
            autoComplete="name"
            maxLength={80}
          />
          <div className="form-row">
            <SelectField label="Currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} options={currencies} error={form.fieldErrors.currency} />
            <TextField
              label="Time zone"
              name="timeZone"
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
              list={zonesId}
              error={form.fieldErrors.timeZone}
              autoComplete="off"
            />
            <datalist id={zonesId}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
          <TextField
            label="PIN (optional)"
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            hint="4 to 12 digits; asked when someone switches to the owner."
            error={form.fieldErrors.pin}
          />
          <FailureNotice failure={form.failure} shownFields={['ownerName', 'currency', 'timeZone', 'pin']} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={form.busy}>
              Create owner and start
            </Button>
          </div>
        </form>
      </Card>
    </main>
  );
}
