/**
 * Changing a cap scope's policy (`caps.setPolicy`: daily spend, count and loss caps, a
 * blank one meaning no cap, with a reason) and an owner's override of today's spend cap
 * (`caps.override`: an extra amount, with a reason).
 */
import { useState, type FormEvent } from 'react';
import type { CapUsage } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { minorToInput, parseIntInput, parseMoneyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from './format';

/** The form's text values: blank = no cap. */
export interface CapPolicyDraft {
  scope: string;
  spend: string;
  count: string;
  loss: string;
  reason: string;
}

/**
 * Draft text → `caps.setPolicy` params: blanks become `null` (no cap), money in minor
 * units; `errors` holds what is not a number (the schema checks the rest).
 */
export function parseCapPolicyDraft(d: CapPolicyDraft, currency: string) {
  const errors: Record<string, string> = {};
  const moneyCap = (field: string, text: string) => {
    const parsed = parseMoneyInput(text, currency);
    if (!parsed.ok) errors[field] = parsed.error;
    return parsed.ok ? (parsed.minor ?? null) : null;
  };
  const count = parseIntInput(d.count);
  if (Number.isNaN(count)) errors.dailyCountCap = 'must be a whole number of spends';
  const values = {
    scope: d.scope,
    dailySpendCapMinor: moneyCap('dailySpendCapMinor', d.spend),
    dailyCountCap: count === undefined || Number.isNaN(count) ? null : count,
    dailyLossCapMinor: moneyCap('dailyLossCapMinor', d.loss),
    reason: d.reason,
  };
  return { values, errors };
}

/** Edits the policy of `usage`'s scope, or adds one for a category when `usage` is null. */
export function CapPolicyDialog({ usage, onClose }: { usage: CapUsage | null; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [draft, setDraft] = useState<CapPolicyDraft>({
    scope: usage?.scope ?? '',
    spend: minorToInput(usage?.dailySpendCapMinor, currency),
    count: usage?.dailyCountCap === null || usage?.dailyCountCap === undefined ? '' : String(usage.dailyCountCap),
    loss: minorToInput(usage?.dailyLossCapMinor, currency),
    reason: '',
  });
  const form = useActionForm('caps.setPolicy', onClose);
  const set = (patch: Partial<CapPolicyDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseCapPolicyDraft(draft, currency);
    // the caps that do not parse and the schema's problems (a missing reason…), all at once
    void form.submit(parsed.values, parsed.errors);
  };
  const errors = form.fieldErrors;
  return (
    <Dialog open onClose={onClose} title={usage ? `Cap policy: ${usage.scope}` : 'Add a category cap'}>
      <Form className="form" onSubmit={submit} aria-label="Cap policy">
        {usage ? null : (
          <TextField label="Category" name="scope" value={draft.scope} onChange={(e) => set({ scope: e.target.value })} error={errors.scope} hint="A spend counts against GLOBAL and its category’s caps." autoComplete="off" maxLength={64} />
        )}
        <p className="muted">Leave a cap empty for no cap.</p>
        <div className="form-row form-row-top">
          <MoneyField label="Daily spend cap" currency={currency} name="spend" value={draft.spend} onChange={(e) => set({ spend: e.target.value })} error={errors.dailySpendCapMinor} />
          <TextField label="Daily spends (count)" name="count" inputMode="numeric" value={draft.count} onChange={(e) => set({ count: e.target.value })} error={errors.dailyCountCap} autoComplete="off" />
          <MoneyField label="Daily loss cap" currency={currency} name="loss" value={draft.loss} onChange={(e) => set({ loss: e.target.value })} error={errors.dailyLossCapMinor} />
        </div>
        <TextField label="Reason" name="reason" value={draft.reason} onChange={(e) => set({ reason: e.target.value })} error={errors.reason} hint="Recorded with the decision and in the audit log." autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['scope', 'dailySpendCapMinor', 'dailyCountCap', 'dailyLossCapMinor', 'reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save policy
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** An owner's override: raises today's spend cap of `usage`'s scope by an amount. */
export function OverrideDialog({ usage, onClose }: { usage: CapUsage; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [extra, setExtra] = useState('');
  const [reason, setReason] = useState('');
  const form = useActionForm('caps.override', onClose);
  const parsed = parseMoneyInput(extra, currency);
  const extraMinor = parsed.ok ? (parsed.minor ?? 0) : 0;
  const capToday = (usage.dailySpendCapMinor ?? 0) + usage.overrideMinor;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = parsed.ok ? (parsed.minor === undefined ? `enter the amount to add, e.g. ${minorToInput(30000, currency)}` : null) : parsed.error;
    void form.submit({ scope: usage.scope, extraMinor: parsed.ok ? (parsed.minor ?? 1) : 1, reason }, problem ? { extraMinor: problem } : {});
  };
  return (
    <Dialog open onClose={onClose} title={`Override today’s ${usage.scope} cap`}>
      <Form className="form" onSubmit={submit} aria-label="Cap override">
        <p className="muted">
          Today’s spend cap is {money(capToday, currency)}; {money(usage.spentMinor, currency)} spent. The override ends with the day and is audited.
        </p>
        <MoneyField
          label="Extra for today"
          currency={currency}
          name="extra"
          value={extra}
          onChange={(e) => setExtra(e.target.value)}
          error={form.fieldErrors.extraMinor}
          hint={extraMinor > 0 ? `Today’s cap becomes ${money(capToday + extraMinor, currency)}.` : undefined}
          autoFocus
        />
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the decision and in the audit log." autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['extraMinor', 'reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" className="btn-solid" busy={form.busy}>
            Override cap
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
