/**
 * The open receipt: fields, line items, OCR text, attachments; edit (`receipts.update`)
 * and void with a reason (`receipts.void`).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActionInput, Receipt } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Dialog } from '../../ui/Dialog';
import { MoneyField, SelectField, TextField } from '../../ui/Field';
import { ErrorMessage, Loading } from '../../ui/States';
import { formatInstant, shortId } from '../../ui/format';
import { amountPlaceholder } from '../../ui/locale';
import { useAppStore } from '../../store/context';
import { ChangeCell } from '../audit/ChangeCell';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { receiptRestore } from '../dispatch/undo';
import { formatDay, minorToInput, parseMoneyInput, parseQtyInput } from '../inventory/format';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { operatorsSelectors } from '../operators/slice';
import { money } from '../spending/format';
import { AttachmentGallery } from './Attachments';
import { LineItemsEditor } from './LineItemsEditor';
import { ReceiptTotal } from './ReceiptTotal';
import { RECEIPT_HISTORY_SHOWN } from './slice';
import { lineDrafts, missingLabel, parseLineDrafts, parseTags, RECEIPT_STATUS_LABELS, receiptStatusTone, sourceLabel, typedCoreFields } from './view';

export function ReceiptDetail() {
  const { detail, select } = useAppStore(useShallow((s) => ({ detail: s.receiptDetail, select: s.selectReceipt })));
  const [dialog, setDialog] = useState<'edit' | 'void' | 'stock' | null>(null);
  const r = detail.data;
  return (
    <Card
      title={r ? (r.vendor ?? 'Unknown vendor') : 'Receipt'}
      className="receipt-detail"
      actions={
        <>
          {r && r.status !== 'void' ? (
            <>
              <Button small onClick={() => setDialog('edit')}>
                Edit…
              </Button>
              <Button small variant="danger" onClick={() => setDialog('void')}>
                Void…
              </Button>
            </>
          ) : null}
          <Button small variant="ghost" onClick={() => select(null)} aria-label="Close the receipt">
            ×
          </Button>
        </>
      }
    >
      {!r ? (
        detail.status === 'error' ? (
          <ErrorMessage title="The receipt could not be loaded">{detail.error}</ErrorMessage>
        ) : (
          <Loading label="Loading the receipt…" />
        )
      ) : (
        <div aria-label="Receipt detail" role="region">
          <p className="row">
            <Badge tone={receiptStatusTone(r.status)}>{RECEIPT_STATUS_LABELS[r.status]}</Badge>
            {r.missing.length ? <span className="muted">missing: {r.missing.map(missingLabel).join(', ')}</span> : null}
          </p>
          {r.status === 'void' ? <p className="muted">Voided: {r.voidReason}</p> : null}
          <dl className="kv">
            <dt>Date</dt>
            <dd>{r.date ? formatDay(r.date) : '—'}</dd>
            <dt>Total</dt>
            <dd>
              <strong>
                <ReceiptTotal totalMinor={r.totalMinor} currency={r.currency} />
              </strong>
              {r.taxMinor !== null ? <span className="muted"> · tax {money(r.taxMinor, r.currency)}</span> : null}
            </dd>
            <dt>Category</dt>
            <dd>{r.category ?? '—'}</dd>
            <dt>Payment</dt>
            <dd>{r.paymentMethod ?? '—'}</dd>
            <dt>Tags</dt>
            <dd>{r.tags.length ? r.tags.map((t) => <Badge key={t}>{t}</Badge>) : '—'}</dd>
            <dt>Notes</dt>
            <dd className="pre-line">{r.notes ?? '—'}</dd>
            {r.address ? (
              <>
                <dt>Address</dt>
                <dd>{r.address}</dd>
              </>
            ) : null}
            <dt>Source</dt>
            <dd>
              {r.source}
              {sourceLabel(r) ? ` · ${sourceLabel(r)}` : ''}
            </dd>
          </dl>
          {r.lines.length ? (
            <div className="detail-section">
              <h3>Line items</h3>
              <table className="table" aria-label="Line items">
                <thead>
                  <tr>
                    <th scope="col">Description</th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.lines.map((l, i) => (
                    <tr key={i}>
                      <td>{l.description}</td>
                      <td className="num">{l.qty}</td>
                      <td className="num">{money(l.amountMinor, r.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <AttachmentGallery receipt={r} />
          <ReceiptLinks receipt={r} onAddStock={() => setDialog('stock')} />
          {r.ocrText ? (
            <div className="detail-section">
              <h3>OCR text</h3>
              <pre className="ocr-text" aria-label="OCR text" tabIndex={0}>
                {r.ocrText}
              </pre>
            </div>
          ) : null}
          <ReceiptHistory />
        </div>
      )}
      {r && dialog === 'edit' ? <EditReceiptDialog receipt={r} onClose={() => setDialog(null)} /> : null}
      {r && dialog === 'void' ? <VoidReceiptDialog receipt={r} onClose={() => setDialog(null)} /> : null}
      {r && dialog === 'stock' ? <AddStockDialog receipt={r} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}

/** Receipt → ledger → stock: the bank entry this receipt is matched to, and the stock it bought. */
function ReceiptLinks({ receipt: r, onAddStock }: { receipt: Receipt; onAddStock: () => void }) {
  const openItem = useAppStore((s) => s.openItem);
  return (
    <>
      <div className="detail-section">
        <h3>Bank entry</h3>
        {r.ledgerEntry ? (
          <p aria-label="Matched bank entry">
            {r.ledgerEntry.accountName} · {formatDay(r.ledgerEntry.date)} · {money(r.ledgerEntry.amountMinor, r.currency)}
            {r.ledgerEntry.payee ? ` · ${r.ledgerEntry.payee}` : ''}
          </p>
        ) : (
          <p className="muted">Not matched to a bank entry yet (Ledger → Reconcile)</p>
        )}
      </div>
      <div className="detail-section">
        <h3>Stock bought</h3>
        {r.stockEntries.length ? (
          <ul aria-label="Stock bought">
            {r.stockEntries.map((s) => (
              <li key={s.seq}>
                <button type="button" className="link" onClick={() => void openItem(s.itemId)}>
                  {s.itemName}
                </button>{' '}
                · {s.qty} {s.unit}
                {s.unitCostMinor !== null ? <span className="muted"> at {money(s.unitCostMinor, r.currency)}</span> : null}
                {s.kind === 'return' ? <span className="muted"> (returned)</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No stock recorded against this receipt</p>
        )}
        {r.status !== 'void' ? (
          <div>
            <Button small onClick={onAddStock}>
              Add to stock…
            </Button>
          </div>
        ) : null}
      </div>
    </>
  );
}

/** Record a stock purchase against `receipt` (`inventory.record` with its id). */
function AddStockDialog({ receipt: r, onClose }: { receipt: Receipt; onClose: () => void }) {
  const { items, itemsStatus, loadItems } = useAppStore(useShallow((s) => ({ items: inventorySelectors.rows(s), itemsStatus: s.itemList.status, loadItems: s.loadItems })));
  useEffect(() => {
    if (itemsStatus === 'idle') void loadItems();
  }, [itemsStatus, loadItems]);
  const options = useMemo(() => [{ value: '', label: 'Choose an item' }, ...[...items].sort((a, b) => a.name.localeCompare(b.name)).map((i) => ({ value: i.id, label: `${i.name} (${i.unit})` }))], [items]);
  const [itemId, setItemId] = useState('');
  const [qty, setQty] = useState('1');
  const [cost, setCost] = useState('');
  const [costError, setCostError] = useState<string | undefined>();
  const form = useActionForm('inventory.record', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const unitCost = parseMoneyInput(cost, r.currency);
    if (!unitCost.ok) {
      setCostError(unitCost.error);
      return;
    }
    setCostError(undefined);
    void form.submit({ itemId, kind: 'purchase', qty: parseQtyInput(qty) ?? 1, receiptId: r.id, ...(unitCost.minor !== undefined ? { unitCostMinor: unitCost.minor } : {}) });
  };
  return (
    <Dialog open onClose={onClose} title={`Add to stock: ${r.vendor ?? 'receipt'}`}>
      <form className="form" onSubmit={submit} noValidate aria-label="Add to stock">
        <SelectField label="Item" value={itemId} onChange={(e) => setItemId(e.target.value)} options={options} error={form.fieldErrors.itemId} />
        <TextField label="Quantity" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" />
        <TextField label={`Unit cost (${r.currency}, optional)`} inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} error={costError ?? form.fieldErrors.unitCostMinor} autoComplete="off" placeholder={amountPlaceholder(r.currency)} />
        <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Add to stock
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function EditReceiptDialog({ receipt: r, onClose }: { receipt: Receipt; onClose: () => void }) {
  const [vendor, setVendor] = useState(r.vendor ?? '');
  const [date, setDate] = useState(r.date ?? '');
  const [total, setTotal] = useState(minorToInput(r.totalMinor, r.currency));
  const [category, setCategory] = useState(r.category ?? '');
  const [payment, setPayment] = useState(r.paymentMethod ?? '');
  const [tags, setTags] = useState(r.tags.join(', '));
  const [notes, setNotes] = useState(r.notes ?? '');
  const [lines, setLines] = useState(() => lineDrafts(r.lines, r.currency));
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [totalError, setTotalError] = useState<string | undefined>();
  // undo from the notice: a receipts.update putting back what this edit changed (undo.ts)
  const offerUndo = useAppStore((s) => s.offerUndo);
  const sent = useRef<ActionInput<'receipts.update'> | null>(null);
  const form = useActionForm('receipts.update', () => {
    const restore = sent.current ? receiptRestore(r, sent.current) : null;
    if (restore) offerUndo([{ name: 'receipts.update', params: restore }]);
    onClose();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const core = typedCoreFields({ vendor, date, total }, r.currency);
    const parsedLines = parseLineDrafts(lines, r.currency);
    setTotalError(core.ok ? undefined : core.error);
    setLineErrors(parsedLines.ok ? {} : parsedLines.errors);
    if (!core.ok || !parsedLines.ok) return;
    sent.current = {
      id: r.id,
      ...core.fields,
      category: category.trim() || null,
      paymentMethod: payment.trim() || null,
      tags: parseTags(tags),
      notes: notes.trim() || null,
      lines: parsedLines.lines,
    };
    void form.submit(sent.current);
  };
  const typedTotal = parseMoneyInput(total, r.currency, { signed: true });
  return (
    <Dialog open onClose={onClose} title={`Edit: ${r.vendor ?? 'receipt'}`}>
      <form className="form" onSubmit={submit} noValidate aria-label="Edit receipt">
        <TextField label="Vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} error={form.fieldErrors.vendor} autoComplete="off" />
        <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={form.fieldErrors.date} />
        <MoneyField label="Total" currency={r.currency} value={total} onChange={(e) => setTotal(e.target.value)} error={totalError ?? form.fieldErrors.totalMinor} hint="Negative for a refund" />
        <TextField label="Category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" />
        <TextField label="Payment method" value={payment} onChange={(e) => setPayment(e.target.value)} error={form.fieldErrors.paymentMethod} autoComplete="off" />
        <TextField label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} error={form.fieldErrors.tags} autoComplete="off" hint="Comma separated" />
        <TextField label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={form.fieldErrors.notes} autoComplete="off" />
        <LineItemsEditor
          drafts={lines}
          onChange={(next) => {
            setLines(next);
            setLineErrors({});
          }}
          currency={r.currency}
          totalMinor={typedTotal.ok ? (typedTotal.minor ?? null) : null}
          errors={lineErrors}
        />
        <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The receipt's audit history, newest first: when, which action, who, and what changed
 * (the same before → after view as the audit log).
 */
function ReceiptHistory() {
  const { history, timeZone, operators, loadOperators, operatorsLoaded } = useAppStore(
    useShallow((s) => ({
      history: s.receiptHistory,
      timeZone: governanceSelectors.timeZone(s),
      operators: operatorsSelectors.list(s),
      loadOperators: s.loadOperators,
      operatorsLoaded: s.operators.status !== 'idle',
    })),
  );
  useEffect(() => {
    if (!operatorsLoaded) void loadOperators();
  }, [operatorsLoaded, loadOperators]);
  const events = history.data;
  if (!events) return history.status === 'error' ? <p className="muted">The history could not be loaded: {history.error}</p> : null;
  const who = (id: string | null) => (id ? (operators.find((o) => o.id === id)?.name ?? shortId(id)) : 'system');
  return (
    <div className="detail-section">
      <h3>History</h3>
      <ol className="receipt-history" aria-label="Receipt history">
        {events.map((e) => (
          <li key={e.seq}>
            <p className="receipt-history-head">
              <span className="nowrap">{formatInstant(e.at, timeZone)}</span> · <code>{e.action}</code> · {who(e.operatorId)}
            </p>
            {e.before === null ? <p className="muted">entered</p> : <ChangeCell before={withoutStamp(e.before)} after={withoutStamp(e.after)} />}
          </li>
        ))}
      </ol>
      {events.length >= RECEIPT_HISTORY_SHOWN ? <p className="muted">The latest {RECEIPT_HISTORY_SHOWN} events; the audit log has them all.</p> : null}
    </div>
  );
}

/** A receipt as audited, without `updatedAt` (it changes with every edit and says nothing new). */
function withoutStamp(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { updatedAt: _stamp, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Void `receipt` with a reason (it stays, marked void). */
export function VoidReceiptDialog({ receipt: r, onClose }: { receipt: Pick<Receipt, 'id' | 'vendor'>; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const form = useActionForm('receipts.void', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ id: r.id, reason });
  };
  return (
    <Dialog open onClose={onClose} title={`Void: ${r.vendor ?? 'receipt'}`}>
      <form className="form" onSubmit={submit} noValidate aria-label="Void receipt">
        <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the receipt and in the audit log. The receipt stays, marked void." autoFocus autoComplete="off" />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" className="btn-solid" busy={form.busy}>
            Void receipt
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
