/**
 * The triage inbox (`receipts.triage`): receipts needing attention, with what is missing
 * and a quick form to complete each, or several at once (`receipts.completeMany` fills the
 * fields they lack); likely duplicate pairs side by side, resolved by merging one into the
 * other (`receipts.merge`) or keeping both (`receipts.dismissDuplicate`).
 */
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Dispatched, ReceiptSummary } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { MoneyField, TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { formatDay } from '../inventory/format';
import { money } from '../spending/format';
import { ReceiptTotal } from './ReceiptTotal';
import { missingLabel, sourceLabel, typedCoreFields } from './view';

export function TriageInbox() {
  const triage = useAppStore((s) => s.triage);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // kept here, not in the bulk form: completing the last receipts unmounts the form
  const [bulkResult, setBulkResult] = useState<string | null>(null);
  const toggle = useCallback((id: string, on: boolean) => {
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const listed = triage.data?.needsAttention;
  // only receipts still in the inbox stay selected (a completed one leaves it)
  const selected = useMemo(() => (listed ?? []).filter((r) => picked.has(r.id)), [listed, picked]);
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
        {bulkResult ? (
          <p role="status" aria-label="Bulk completion result" className="triage-bulk-result">
            {bulkResult}
          </p>
        ) : null}
        {needsAttention.length === 0 ? (
          <EmptyState title="Every receipt is complete" />
        ) : (
          <>
            <BulkComplete all={needsAttention} selected={selected} onSelect={(ids) => setPicked(new Set(ids))} onResult={setBulkResult} />
            <ul className="triage-list" aria-label="Needs attention">
              {needsAttention.map((r) => (r.needsReview ? <ReviewRow key={r.id} receipt={r} /> : <CompleteRow key={r.id} receipt={r} selected={picked.has(r.id)} onSelect={toggle} />))}
            </ul>
          </>
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
      <span>
        <ReceiptTotal totalMinor={r.totalMinor} currency={r.currency} />
      </span>
      <span className="muted">
        {r.source}
        {sourceLabel(r) ? ` · ${sourceLabel(r)}` : ''}
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

/**
 * Bulk completion: select receipts (or all), type the fields they share — a vendor, a date,
 * a category, a payment method — and fill them where empty, in one decision.
 */
function BulkComplete({
  all,
  selected,
  onSelect,
  onResult,
}: {
  all: readonly ReceiptSummary[];
  selected: readonly ReceiptSummary[];
  onSelect: (ids: string[]) => void;
  onResult: (text: string | null) => void;
}) {
  const [vendor, setVendor] = useState('');
  const [date, setDate] = useState('');
  const [category, setCategory] = useState('');
  const [paymentMethod, setPaymentMethod] = useState('');
  const onDone = useCallback(
    (d: Dispatched<'receipts.completeMany'>) => {
      const { updated, completed, unchanged } = d.result;
      onResult(`Filled ${updated} receipt${updated === 1 ? '' : 's'}; ${completed} now complete${unchanged ? `; ${unchanged} already had every field given` : ''}.`);
      setVendor('');
      setDate('');
      setCategory('');
      setPaymentMethod('');
      onSelect([]);
    },
    [onSelect, onResult],
  );
  const form = useActionForm('receipts.completeMany', onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onResult(null);
    const text = (v: string) => (v.trim() ? v.trim() : undefined);
    void form.submit({ ids: selected.map((r) => r.id), vendor: text(vendor), date: text(date), category: text(category), paymentMethod: text(paymentMethod) });
  };
  const allSelected = selected.length === all.length;
  return (
    <form className="form triage-bulk" onSubmit={submit} noValidate aria-label="Complete selected receipts">
      <div className="row">
        <label className="checkbox">
          <input type="checkbox" checked={allSelected} ref={(el) => void (el && (el.indeterminate = selected.length > 0 && !allSelected))} onChange={(e) => onSelect(e.target.checked ? all.map((r) => r.id) : [])} />
          Select all ({all.length})
        </label>
        <span className="muted" role="status">
          {selected.length ? `${selected.length} selected` : 'Select receipts to fill the fields they lack at once'}
        </span>
      </div>
      <div className="row">
        <TextField label="Vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} error={form.fieldErrors.vendor} autoComplete="off" />
        <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={form.fieldErrors.date} />
        <TextField label="Category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" />
        <TextField label="Payment method" value={paymentMethod} onChange={(e) => setPaymentMethod(e.target.value)} error={form.fieldErrors.paymentMethod} autoComplete="off" />
        <Button type="submit" small variant="primary" busy={form.busy} disabled={selected.length === 0}>
          Fill {selected.length || ''} selected
        </Button>
      </div>
      <p className="muted">Only empty fields are filled; a receipt with vendor, date and total becomes complete.</p>
      <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
    </form>
  );
}

/** A captured receipt awaiting review: its proposal, and the way to the review. */
function ReviewRow({ receipt: r }: { receipt: ReceiptSummary }) {
  const { setTab, openReview } = useAppStore(useShallow((s) => ({ setTab: s.setReceiptsTab, openReview: s.openReview })));
  return (
    <li className="triage-item">
      <p>
        <strong>{r.vendor ?? 'Unknown vendor'}</strong> · {r.date ? formatDay(r.date) : 'no date'} · <ReceiptTotal totalMinor={r.totalMinor} currency={r.currency} />{' '}
        <span className="muted">captured from a file: confirm the fields read from it</span>{' '}
        <Button
          small
          onClick={() => {
            setTab('capture');
            void openReview(r.id);
          }}
        >
          Review
        </Button>
      </p>
    </li>
  );
}

function CompleteRow({ receipt: r, selected, onSelect }: { receipt: ReceiptSummary; selected: boolean; onSelect: (id: string, on: boolean) => void }) {
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
          <input type="checkbox" className="triage-select" checked={selected} onChange={(e) => onSelect(r.id, e.target.checked)} aria-label={`Select ${label}`} />{' '}
          <strong>{r.vendor ?? 'Unknown vendor'}</strong> · {r.date ? formatDay(r.date) : 'no date'} · <ReceiptTotal totalMinor={r.totalMinor} currency={r.currency} />{' '}
          <span className="muted">{sourceLabel(r) ? `(${sourceLabel(r)}) ` : ''}missing: {r.missing.map(missingLabel).join(', ')}</span>
        </p>
        <div className="row">
          {fields.has('vendor') ? <TextField label="Vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} error={form.fieldErrors.vendor} autoComplete="off" /> : null}
          {fields.has('date') ? <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={form.fieldErrors.date} /> : null}
          {fields.has('totalMinor') || fields.has('total') ? (
            <MoneyField label="Total" currency={r.currency} value={total} onChange={(e) => setTotal(e.target.value)} error={totalError ?? form.fieldErrors.totalMinor} />
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
