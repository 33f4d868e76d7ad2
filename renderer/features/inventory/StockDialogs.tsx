/**
 * Stock movements that need more than a click: a purchase (quantity, unit cost, the day it
 * was bought and the best-before date), a consumption (quantity and day), a stock count
 * (counted quantity and a reason), a transfer between locations; undoing a journal entry
 * (with a reason) and archiving an item. Each dialog checks its values with the contract's
 * schema and its own checks (dates, amounts), shows every problem at once next to its field,
 * and shows the engine's refusal inside the dialog. A day before today backdates the entry.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JournalEntry } from '../../../shared/contract/inventory';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { MoneyField, SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { formatQty, formatSignedQty, parseMoneyInput, parseQtyInput, stockDateErrors, todayIn } from './format';
import { inventorySelectors } from './slice';
import './grocy.css';

export const MOVEMENT_KINDS = ['purchase', 'consume', 'count', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

const KIND_LABELS: Record<MovementKind, string> = { purchase: 'Record purchase', consume: 'Consume', count: 'Stock count', transfer: 'Transfer' };

/** Today in the household's time zone, for the date fields' default and limit. */
function useToday(): string {
  const timeZone = useAppStore(governanceSelectors.timeZone);
  return todayIn(timeZone);
}

/** What a stock dialog needs to know of the item. */
export interface StockTarget {
  id: string;
  name: string;
  unit: string;
  locationId: string | null;
  onHand: number;
}

interface MovementProps {
  item: StockTarget | null;
  kind: MovementKind;
  onClose: () => void;
}

/** Location choices for a select: `''` is "no location". */
function useLocationOptions(noneLabel: string) {
  const { locations, status, load } = useAppStore(useShallow((s) => ({ locations: inventorySelectors.locations(s), status: s.locations.status, load: s.loadLocations })));
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);
  return [{ value: '', label: noneLabel }, ...locations.map((l) => ({ value: l.id, label: l.name }))];
}

/** The purchase / stock count / transfer dialog for one item; `kind` is the tab it opens on. */
export function MovementDialog({ item, kind, onClose }: MovementProps) {
  if (!item) return null;
  return <MovementBody key={`${item.id}:${kind}`} item={item} initialKind={kind} onClose={onClose} />;
}

function MovementBody({ item, initialKind, onClose }: { item: StockTarget; initialKind: MovementKind; onClose: () => void }) {
  const [kind, setKind] = useState<MovementKind>(initialKind);
  const forms = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The dialog focuses its first control (the kind switch); the quantity is where typing starts.
    forms.current?.querySelector<HTMLElement>('form input')?.focus();
  }, [kind]);
  return (
    <Dialog open onClose={onClose} title={`${KIND_LABELS[kind]}: ${item.name}`}>
      <div className="segmented" role="radiogroup" aria-label="Movement">
        {MOVEMENT_KINDS.map((k) => (
          <label key={k} className={k === kind ? 'segment segment-on' : 'segment'}>
            <input type="radio" name="movement-kind" value={k} checked={k === kind} onChange={() => setKind(k)} />
            {KIND_LABELS[k]}
          </label>
        ))}
      </div>
      <p className="muted">
        On hand now: <strong>{formatQty(item.onHand)}</strong> {item.unit}
      </p>
      <div ref={forms}>
        {kind === 'purchase' ? <PurchaseForm item={item} onClose={onClose} /> : null}
        {kind === 'consume' ? <ConsumeForm item={item} onClose={onClose} /> : null}
        {kind === 'count' ? <CountForm item={item} onClose={onClose} /> : null}
        {kind === 'transfer' ? <TransferForm item={item} onClose={onClose} /> : null}
      </div>
    </Dialog>
  );
}

function FormButtons({ busy, submit, onClose }: { busy: boolean; submit: string; onClose: () => void }) {
  return (
    <div className="form-actions">
      <Button onClick={onClose}>Cancel</Button>
      <Button type="submit" variant="primary" busy={busy}>
        {submit}
      </Button>
    </div>
  );
}

/** The day field of a purchase or consumption: today by default, a day before backdates it. */
function DayField({ label, value, onChange, today, error }: { label: string; value: string; onChange: (v: string) => void; today: string; error: string | undefined }) {
  return (
    <TextField
      label={label}
      name="occurredOn"
      type="date"
      value={value}
      max={today}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      hint={value && value < today ? 'Earlier than today: recorded as backdated' : 'Today, or the day it happened'}
    />
  );
}

function PurchaseForm({ item, onClose }: { item: StockTarget; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const today = useToday();
  const [qty, setQty] = useState('');
  const [cost, setCost] = useState('');
  const [day, setDay] = useState(today);
  const [bestBefore, setBestBefore] = useState('');
  const [note, setNote] = useState('');
  const form = useActionForm('inventory.record', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const money = parseMoneyInput(cost, currency);
    const local = { ...stockDateErrors({ occurredOn: day, bestBefore }, today), ...(money.ok ? {} : { unitCostMinor: money.error }) };
    void form.submit(
      {
        itemId: item.id,
        kind: 'purchase',
        qty: parseQtyInput(qty) as number,
        unitCostMinor: money.ok ? money.minor : undefined,
        occurredOn: day && day !== today ? day : undefined,
        bestBefore: bestBefore || undefined,
        note: note.trim() || undefined,
      },
      local,
    );
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Record purchase">
      <div className="form-row form-row-top">
        <TextField label={`Quantity (${item.unit})`} name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" />
        <MoneyField label="Unit cost" currency={currency} name="unitCost" value={cost} onChange={(e) => setCost(e.target.value)} error={form.fieldErrors.unitCostMinor} hint="Optional; the item’s cost becomes the weighted average" />
      </div>
      <div className="form-row form-row-top">
        <DayField label="Bought on" value={day} onChange={setDay} today={today} error={form.fieldErrors.occurredOn} />
        <TextField label="Best before" name="bestBefore" type="date" value={bestBefore} min={day || undefined} onChange={(e) => setBestBefore(e.target.value)} error={form.fieldErrors.bestBefore} hint="Optional; the oldest is used first" />
      </div>
      <TextField label="Note" name="note" value={note} onChange={(e) => setNote(e.target.value)} error={form.fieldErrors.note} hint="Optional" autoComplete="off" />
      <FailureNotice failure={form.failure} shownFields={['qty', 'unitCostMinor', 'occurredOn', 'bestBefore', 'note']} />
      <FormButtons busy={form.busy} submit="Record purchase" onClose={onClose} />
    </form>
  );
}

function ConsumeForm({ item, onClose }: { item: StockTarget; onClose: () => void }) {
  const today = useToday();
  const [qty, setQty] = useState('1');
  const [day, setDay] = useState(today);
  const [note, setNote] = useState('');
  const form = useActionForm('inventory.consume', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // an empty quantity is not "1": the field shows what is sent
    const amount = qty.trim() === '' ? Number.NaN : (parseQtyInput(qty) as number);
    void form.submit({ itemId: item.id, qty: amount, occurredOn: day && day !== today ? day : undefined, note: note.trim() || undefined }, stockDateErrors({ occurredOn: day }, today));
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Consume">
      <div className="form-row form-row-top">
        <TextField label={`Quantity (${item.unit})`} name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" hint="The oldest best-before is used first" />
        <DayField label="Consumed on" value={day} onChange={setDay} today={today} error={form.fieldErrors.occurredOn} />
      </div>
      <TextField label="Note" name="note" value={note} onChange={(e) => setNote(e.target.value)} error={form.fieldErrors.note} hint="Optional" autoComplete="off" />
      <FailureNotice failure={form.failure} shownFields={['qty', 'occurredOn', 'note']} />
      <FormButtons busy={form.busy} submit="Consume" onClose={onClose} />
    </form>
  );
}

function CountForm({ item, onClose }: { item: StockTarget; onClose: () => void }) {
  const [counted, setCounted] = useState('');
  const [locationId, setLocationId] = useState('');
  const [reason, setReason] = useState('');
  const options = useLocationOptions('All locations (the whole item)');
  const form = useActionForm('inventory.adjust', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // an empty count is not "0": the schema says it must be a number
    const countedQty = counted.trim() === '' ? Number.NaN : (parseQtyInput(counted) as number);
    void form.submit({ itemId: item.id, countedQty, locationId: locationId || undefined, reason });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Stock count">
      <div className="form-row form-row-top">
        <TextField label={`Counted quantity (${item.unit})`} name="countedQty" inputMode="decimal" value={counted} onChange={(e) => setCounted(e.target.value)} error={form.fieldErrors.countedQty} autoComplete="off" />
        <SelectField label="Where" name="locationId" value={locationId} onChange={(e) => setLocationId(e.target.value)} options={options} error={form.fieldErrors.locationId} />
      </div>
      <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the adjustment and in the audit log." autoComplete="off" maxLength={500} />
      <FailureNotice failure={form.failure} shownFields={['countedQty', 'locationId', 'reason']} />
      <FormButtons busy={form.busy} submit="Record count" onClose={onClose} />
    </form>
  );
}

function TransferForm({ item, onClose }: { item: StockTarget; onClose: () => void }) {
  const [qty, setQty] = useState('');
  const [from, setFrom] = useState(item.locationId ?? '');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const options = useLocationOptions('No location');
  const form = useActionForm('inventory.transfer', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ itemId: item.id, qty: parseQtyInput(qty) as number, fromLocationId: from || null, toLocationId: to || null, note: note.trim() || undefined });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Transfer">
      <TextField label={`Quantity (${item.unit})`} name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" />
      <div className="form-row form-row-top">
        <SelectField label="From" name="fromLocationId" value={from} onChange={(e) => setFrom(e.target.value)} options={options} error={form.fieldErrors.fromLocationId} />
        <SelectField label="To" name="toLocationId" value={to} onChange={(e) => setTo(e.target.value)} options={options} error={form.fieldErrors.toLocationId} />
      </div>
      <TextField label="Note" name="note" value={note} onChange={(e) => setNote(e.target.value)} error={form.fieldErrors.note} hint="Optional" autoComplete="off" />
      <FailureNotice failure={form.failure} shownFields={['qty', 'fromLocationId', 'toLocationId', 'note']} />
      <FormButtons busy={form.busy} submit="Move stock" onClose={onClose} />
    </form>
  );
}

/** Undo one journal entry with a reason (`inventory.undoEntry`): a compensating entry; the original stays. */
export function UndoEntryDialog({ entry, unit, onClose }: { entry: JournalEntry | null; unit: string; onClose: () => void }) {
  if (!entry) return null;
  return <UndoBody key={entry.seq} entry={entry} unit={unit} onClose={onClose} />;
}

function UndoBody({ entry, unit, onClose }: { entry: JournalEntry; unit: string; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const form = useActionForm('inventory.undoEntry', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ seq: entry.seq, reason });
  };
  return (
    <Dialog open onClose={onClose} title={`Undo entry #${entry.seq}`}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">
          Writes a compensating entry of {formatSignedQty(-entry.qty)} {unit} ({entry.kind}); entry #{entry.seq} stays in the journal.
        </p>
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Recorded with the undo and in the audit log." autoFocus autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <FormButtons busy={form.busy} submit="Undo entry" onClose={onClose} />
      </form>
    </Dialog>
  );
}

/** Archive an item (`inventory.archiveItem`): it leaves lists and forecasts; its journal stays. */
export function ArchiveItemDialog({ item, onClose, onArchived }: { item: { id: string; name: string } | null; onClose: () => void; onArchived: () => void }) {
  if (!item) return null;
  return <ArchiveBody key={item.id} item={item} onClose={onClose} onArchived={onArchived} />;
}

function ArchiveBody({ item, onClose, onArchived }: { item: { id: string; name: string }; onClose: () => void; onArchived: () => void }) {
  const [reason, setReason] = useState('');
  const form = useActionForm('inventory.archiveItem', onArchived);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ id: item.id, reason: reason.trim() || undefined });
  };
  return (
    <Dialog open onClose={onClose} title={`Archive ${item.name}`}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">The item leaves the inventory list and the forecasts. Its stock journal stays.</p>
        <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} hint="Optional; recorded in the audit log." autoFocus autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" busy={form.busy}>
            Archive item
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
