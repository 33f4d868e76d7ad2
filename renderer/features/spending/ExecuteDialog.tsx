/**
 * Making an approved purchase (`purchases.execute`). Before anything is sent, the engine's
 * assessment of that very call (`governance.assess`) is shown — what it would be (OK,
 * PENDING_APPROVAL, BLOCKED), the risk bucket, the matching approval and every gate's
 * verdict — and it is asked again when the actual amount changes or the database does.
 * The account the money leaves from (the ledger entry is posted there; none: no entry) and
 * the payment method go with it. A refusal shows the blocking gate's reason from the
 * decision.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Assessment, Purchase } from '../../../shared/contract';
import { Badge, type Tone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, TextField } from '../../ui/Field';
import { ErrorMessage, Loading } from '../../ui/States';
import { amountPlaceholder } from '../../ui/locale';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { GateTable } from '../governance/GateTable';
import { parseMoneyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { AccountSelect, PaymentMethodField } from '../ledger/AccountSelect';
import { money } from './format';
import { purchasesSelectors } from './purchasesSlice';
import { RiskBadge } from './RiskBadge';

/** OK green, PENDING_APPROVAL yellow, BLOCKED red, INVALID yellow. */
export function wouldBeTone(wouldBe: Assessment['wouldBe']): Tone {
  return wouldBe === 'OK' ? 'ok' : wouldBe === 'BLOCKED' ? 'bad' : 'warn';
}

const WOULD_BE_TEXT: Record<Assessment['wouldBe'], string> = {
  OK: 'Would run: every gate passes',
  PENDING_APPROVAL: 'Would be held for approval',
  BLOCKED: 'Would be blocked',
  INVALID: 'Would be refused as invalid',
};

/** How long typing in the amount waits before asking the engine again. */
const REASSESS_DELAY_MS = 300;

/** The execute dialog of an approved request. */
export function ExecuteDialog({ purchase, onClose }: { purchase: Purchase; onClose: () => void }) {
  const { currency, assessment, assess, clear } = useAppStore(
    useShallow((s) => ({
      currency: inventorySelectors.currency(s),
      assessment: purchasesSelectors.assessmentFor(s, purchase.id),
      assess: s.assessPurchase,
      clear: s.clearAssessment,
    })),
  );
  const [actual, setActual] = useState('');
  const [accountId, setAccountId] = useState('');
  const [payment, setPayment] = useState('');
  const parsed = parseMoneyInput(actual, currency);
  const actualMinor = parsed.ok ? (parsed.minor ?? null) : null;
  const form = useActionForm('purchases.execute', onClose);

  useEffect(() => {
    const timer = setTimeout(() => void assess(purchase.id, actualMinor), actualMinor === null ? 0 : REASSESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [assess, purchase.id, actualMinor]);
  useEffect(() => clear, [clear]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.ok) return;
    void form.submit({
      id: purchase.id,
      ...(actualMinor === null ? {} : { actualAmountMinor: actualMinor }),
      ...(accountId ? { accountId } : {}),
      ...(payment.trim() ? { paymentMethod: payment.trim() } : {}),
    });
  };
  const result = assessment?.result;
  const a = result?.data ?? null;
  return (
    <Dialog open onClose={onClose} title={`Execute: ${purchase.title}`} wide>
      <Form className="form" onSubmit={submit}>
        <p>
          Spends <strong>{money(actualMinor ?? purchase.amountMinor, currency)}</strong> on <strong>{purchase.category}</strong>
          {purchase.vendor ? ` at ${purchase.vendor}` : ''}
          {purchase.itemId && purchase.qty ? ` and stocks ${purchase.qty} of the linked item` : ''}.
        </p>
        <TextField
          label={`Actual amount (${currency}, optional)`}
          name="actualAmount"
          inputMode="decimal"
          value={actual}
          onChange={(e) => setActual(e.target.value)}
          error={parsed.ok ? form.fieldErrors.actualAmountMinor : parsed.error}
          hint={`Leave empty to spend the requested ${money(purchase.amountMinor, currency)}. An approval covers up to its ceiling.`}
          placeholder={amountPlaceholder(currency)}
          autoComplete="off"
        />
        <div className="form-row form-row-top">
          <AccountSelect value={accountId} onChange={setAccountId} noneLabel="No account: no ledger entry" error={form.fieldErrors.accountId} hint="The ledger entry is posted on this account." />
          <PaymentMethodField value={payment} onChange={setPayment} error={form.fieldErrors.paymentMethod} />
        </div>
        <section className="assessment" aria-label="Engine assessment" aria-busy={result?.status === 'loading' || undefined}>
          <h3>What the engine would decide now</h3>
          {!a ? (
            result?.status === 'error' ? <ErrorMessage title="The engine could not assess this">{result.error}</ErrorMessage> : <Loading label="Asking the engine…" />
          ) : (
            <AssessmentView assessment={a} currency={currency} />
          )}
        </section>
        <FailureNotice failure={form.failure} shownFields={['actualAmountMinor', 'accountId', 'paymentMethod']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={a && a.wouldBe !== 'OK' ? 'danger' : 'primary'} busy={form.busy}>
            {a && a.wouldBe !== 'OK' ? 'Try to execute' : 'Execute purchase'}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** One assessment: the verdict, the risk bucket, the spend, the approval and the gates. */
export function AssessmentView({ assessment: a, currency }: { assessment: Assessment; currency: string }) {
  return (
    <>
      <p className="row">
        <Badge tone={wouldBeTone(a.wouldBe)}>{WOULD_BE_TEXT[a.wouldBe]}</Badge>
        <RiskBadge bucket={a.riskBucket} />
      </p>
      <dl className="kv">
        <dt>Spend</dt>
        <dd>{a.spend ? `${money(a.spend.amountMinor, currency)} · ${a.spend.category ?? 'no category'} (${a.spend.kind})` : 'not a spend'}</dd>
        <dt>Approval</dt>
        <dd>
          {a.matchingApprovalId ? `approval …${a.matchingApprovalId.slice(-8)} (approved) covers it` : a.approvalNeeded ? 'needed, none approved yet' : 'not needed'}
        </dd>
      </dl>
      {a.issues.length > 0 ? (
        <ul aria-label="Problems">
          {a.issues.map((i) => (
            <li key={i.path.join('.')}>
              <code>{i.path.join('.')}</code> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <GateTable gates={a.gates} label="Assessed gate verdicts" />
    </>
  );
}
