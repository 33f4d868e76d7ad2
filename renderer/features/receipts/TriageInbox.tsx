/**
 * The triage inbox (`receipts.triage`): receipts needing attention, with what is missing
 * and a quick form to complete them; likely duplicate pairs side by side, resolved by
 * merging one into the other (`receipts.merge`) or keeping both (`receipts.dismissDuplicate`).
 */
import { useState, type FormEvent } from 'react';
import type { ReceiptSummary } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { formatDay } from '../inventory/format';
import { money } from '../spending/format';
import { missingLabel, typedCoreFields } from './view';

export function TriageInbox() {
  const triage = useAppStore((s) => s.triage);
  if (!triage.data) return triage.status === 'error' ? <ErrorMessage title="The triage inbox could not be loaded">{triage.error}</ErrorMessage> : <Loading label="Loading the triage inbox…" />;
  const { needsAttention, duplicates } = triage.data;
  return (
    <>
      <Card title={`Likely duplicates (${duplicates.length})`}>
        {duplicates.length === 0 ? (
          <EmptyState title="No likely duplicates" />
        ) : (
          <ul className="triage-list" aria-label="Likely duplicates">
            {duplicates.map((d) => (
              <DuplicatePair key={`${d.a.id}-${d.b.id}`} a={d.a} b={d.b} why={d.why} />
            ))}
          </ul>
        )}
      </Card>
      <Card title={`Needs attention (${needsAttention.length})`}>
        {needsAttention.length === 0 ? (
          <EmptyState title="Every receipt is complete" />
        ) : (
          <ul className="triage-list" aria-label="Needs attention">
            {needsAttention.map((r) => (
              <CompleteRow key={r.id} receipt={r} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function Side({ r, label }: { r: ReceiptSummary; label: string }) {
  return (
    <div className="triage-side" aria-label={label} role="group">
      <strong>{r.vendor ?? 'Unknown vendor'}</strong>
      <span>{r.date ? formatDay(r.date) : 'no date'}</span>
      <span>{money(r.totalMinor, r.currency)}</span>
      <span className="muted">
        {r.source}
        {r.sourceRef ? ` · ${r.sourceRef.split(':')[0]}` : ''}
        {r.notes ? ` · ${r.notes}` : ''}
      </span>
    </div>
  );
}

function DuplicatePair({ a, b, why }: { a: ReceiptSummary; b: ReceiptSummary; why: string }) {
  const merge = useActionForm('receipts.merge');
  const dismiss = useActionForm('receipts.dismissDuplicate');
  const busy = merge.busy || dismiss.busy;
  const label = `${a.vendor ?? 'Unknown vendor'}, ${money(a.totalMinor, a.currency)}`;
  return (
    <li className="triage-item" aria-label={`Likely duplicate: ${label}`}>
      <p className="muted">{why}</p>
      <div className="triage-pair">
        <Side r={a} label="Left receipt" />
        <Side r={b} label="Right receipt" />
      </div>
      <div className="row">
        <Button small disabled={busy} onClick={() => void merge.submit({ keepId: a.id, duplicateId: b.id })} title="Keep the left receipt; it takes what it lacks from the right one, which is voided as merged">
          Merge into left
        </Button>
        <Button small disabled={busy} onClick={() => void merge.submit({ keepId: b.id, duplicateId: a.id })} title="Keep the right receipt; it takes what it lacks from the left one, which is voided as merged">
          Merge into right
        </Button>
        <Button small variant="ghost" disabled={busy} onClick={() => void dismiss.submit({ aId: a.id, bId: b.id })}>
          Not a duplicate
        </Button>
      </div>
      <FailureNotice failure={merge.failure ?? dismiss.failure} />
    </li>
  );
}

function CompleteRow({ receipt: r }: { receipt: ReceiptSummary }) {
  const fields = new Set(r.missing.map((m) => m.replace(/^unreadable /, '')));
  const [vendor, setVendor] = useState('');
  const [date, setDate] = useState('');
  const [total, setTotal] = useState('');
  const [totalError, setTotalError] = useState<string | undefined>();
  const form = useActionForm('receipts.update');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const core = typedCoreFields({ vendor, date, total }, r.currency);
    if (!core.ok) {
      setTotalError(core.error);
      return;
    }
    setTotalError(undefined);
    void form.submit({ id: r.id, ...core.fields });
  };
  const label = `${r.vendor ?? 'Unknown vendor'} ${r.date ?? ''}`.trim();
  return (
    <li className="triage-item">
      <form className="form triage-complete" onSubmit={submit} noValidate aria-label={`Complete ${label}`}>
        <p>
          <strong>{r.vendor ?? 'Unknown vendor'}</strong> · {r.date ? formatDay(r.date) : 'no date'} · {money(r.totalMinor, r.currency)}{' '}
          <span className="muted">{r.sourceRef ? `(${r.sourceRef.split(':')[0]}) ` : ''}missing: {r.missing.map(missingLabel).join(', ')}</span>
        </p>
        <div className="row">
          {fields.has('vendor') ? <TextField label="Vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} error={form.fieldErrors.vendor} autoComplete="off" /> : null}
          {fields.has('date') ? <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={form.fieldErrors.date} /> : null}
          {fields.has('totalMinor') || fields.has('total') ? (
            <TextField label={`Total (${r.currency})`} inputMode="decimal" value={total} onChange={(e) => setTotal(e.target.value)} error={totalError ?? form.fieldErrors.totalMinor} autoComplete="off" />
          ) : null}
          <Button type="submit" small variant="primary" busy={form.busy}>
            Complete
          </Button>
        </div>
        <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
      </form>
    </li>
  );
}
