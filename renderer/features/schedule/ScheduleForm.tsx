/**
 * Adding a need, chore or reminder (`schedule.create`): the kind, a title, the first due
 * date, a recurrence (none, daily, weekly, monthly, yearly or a custom RRULE), the days
 * before to remind, notes, and for a need the stock item, quantity, estimated total
 * (typed in major units, sent as minor units) and category. Bills are added on the Bills
 * screen.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type ActionInput } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Form, MoneyField, SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { parseIntInput, parseMoneyInput, parseQtyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { noRecurrence, RecurrenceField, RemindDaysField, type RecurrenceValue } from './RecurrenceField';
import { repeatRule, todayIn } from './view';

type Kind = ActionInput<'schedule.create'>['kind'];

const KIND_OPTIONS: { value: Kind; label: string }[] = [
  { value: 'need', label: 'Need (goes on the shopping list)' },
  { value: 'chore', label: 'Chore' },
  { value: 'reminder', label: 'Reminder' },
];

/** The form; it clears after an entry is added, keeping the kind. */
export function ScheduleForm() {
  const { currency, timeZone, items, itemsStatus, loadItems, role } = useAppStore(
    useShallow((s) => ({
      currency: inventorySelectors.currency(s),
      timeZone: governanceSelectors.timeZone(s),
      items: inventorySelectors.rows(s),
      itemsStatus: s.itemList.status,
      loadItems: s.loadItems,
      role: governanceSelectors.currentOperator(s)?.role,
    })),
  );
  const [kind, setKind] = useState<Kind>('need');
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState(() => todayIn(timeZone));
  const [recurrence, setRecurrence] = useState<RecurrenceValue>(noRecurrence);
  const [remind, setRemind] = useState('');
  const [notes, setNotes] = useState('');
  const [itemId, setItemId] = useState('');
  const [qty, setQty] = useState('');
  const [total, setTotal] = useState('');
  const [category, setCategory] = useState('');
  const [added, setAdded] = useState('');
  const form = useActionForm('schedule.create', (d) => {
    setAdded(`Added “${d.result.title}”${d.result.recurrence ? `, ${d.result.recurrence}` : ''}`);
    setTitle('');
    setNotes('');
    setItemId('');
    setQty('');
    setTotal('');
    setRecurrence(noRecurrence);
  });
  const mayReadItems = !role || mayQuery(role, 'inventory.items');
  useEffect(() => {
    if (kind === 'need' && mayReadItems && itemsStatus === 'idle') void loadItems();
  }, [kind, mayReadItems, itemsStatus, loadItems]);
  const itemOptions = useMemo(
    () => [{ value: '', label: 'No stock item' }, ...[...items].sort((a, b) => a.name.localeCompare(b.name)).map((i) => ({ value: i.id, label: `${i.name} (${i.unit})` }))],
    [items],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAdded('');
    const amount = kind === 'need' ? parseMoneyInput(total, currency) : ({ ok: true, minor: undefined } as const);
    const rrule = repeatRule(recurrence.repeat, recurrence.custom);
    const remindDays = parseIntInput(remind);
    void form.submit({
      kind,
      title,
      dueDate,
      ...(rrule !== undefined ? { rrule } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(remindDays !== undefined ? { remindDaysBefore: remindDays } : {}),
      ...(kind === 'need' && itemId ? { itemId } : {}),
      ...(kind === 'need' && qty.trim() ? { qty: parseQtyInput(qty) } : {}),
      ...(amount.ok && amount.minor !== undefined ? { estTotalMinor: amount.minor } : {}),
      ...(kind === 'need' && category.trim() ? { category: category.trim() } : {}),
    }, amount.ok ? {} : { estTotalMinor: amount.error });
  };
  return (
    <Form className="form" onSubmit={submit} aria-label="Add to the schedule">
      <div className="form-row form-row-top">
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} options={KIND_OPTIONS} error={form.fieldErrors.kind} />
        <TextField label="Title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={form.fieldErrors.title} autoComplete="off" maxLength={200} placeholder="Water filter" />
      </div>
      <div className="form-row form-row-top">
        <TextField label="Due date" name="dueDate" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} error={form.fieldErrors.dueDate} />
        <RecurrenceField value={recurrence} onChange={setRecurrence} error={form.fieldErrors.rrule} />
        <RemindDaysField value={remind} onChange={setRemind} error={form.fieldErrors.remindDaysBefore} hint="0–60; empty for the default" />
      </div>
      {kind === 'need' ? (
        <div className="form-row form-row-top">
          <SelectField label="Stock item (optional)" name="itemId" value={itemId} onChange={(e) => setItemId(e.target.value)} options={itemOptions} error={form.fieldErrors.itemId} />
          <TextField label="Quantity" name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" />
          <MoneyField label="Estimated total" currency={currency} name="estTotal" value={total} onChange={(e) => setTotal(e.target.value)} error={form.fieldErrors.estTotalMinor} />
          <TextField label="Category" name="category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" maxLength={64} />
        </div>
      ) : null}
      <TextField label="Notes" name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={form.fieldErrors.notes} autoComplete="off" maxLength={2000} />
      <FailureNotice failure={form.failure} shownFields={['kind', 'title', 'dueDate', 'rrule', 'remindDaysBefore', 'itemId', 'qty', 'estTotalMinor', 'category', 'notes']} />
      <div className="form-actions">
        <p className="quick-done" role="status">
          {added}
        </p>
        <Button type="submit" variant="primary" busy={form.busy}>
          Add to the schedule
        </Button>
      </div>
    </Form>
  );
}
