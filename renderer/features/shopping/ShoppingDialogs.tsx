/**
 * The shopping list's dialogs: add an item with details (`shopping.add`: name, an optional
 * stock item — buying it then stocks that item —, quantity, estimated total in major units,
 * category, note) and take an item off the list (`shopping.cancel`, with an optional reason).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type ShoppingItem } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { parseMoneyInput, parseQtyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';

/** "Add with details…". */
export function AddShoppingItemDialog({ onClose }: { onClose: () => void }) {
  const { currency, items, itemsStatus, loadItems, role } = useAppStore(
    useShallow((s) => ({ currency: inventorySelectors.currency(s), items: inventorySelectors.rows(s), itemsStatus: s.itemList.status, loadItems: s.loadItems, role: governanceSelectors.currentOperator(s)?.role })),
  );
  const mayReadItems = !role || mayQuery(role, 'inventory.items');
  useEffect(() => {
    if (mayReadItems && itemsStatus === 'idle') void loadItems();
  }, [mayReadItems, itemsStatus, loadItems]);
  const [name, setName] = useState('');
  const [itemId, setItemId] = useState('');
  const [qty, setQty] = useState('');
  const [total, setTotal] = useState('');
  const [category, setCategory] = useState('');
  const [note, setNote] = useState('');
  const form = useActionForm('shopping.add', onClose);
  const itemOptions = useMemo(
    () => [{ value: '', label: 'No stock item' }, ...[...items].sort((a, b) => a.name.localeCompare(b.name)).map((i) => ({ value: i.id, label: `${i.name} (${i.unit})` }))],
    [items],
  );
  const chooseItem = (id: string) => {
    setItemId(id);
    // the item's name is what the list should say, unless one was typed
    const picked = items.find((i) => i.id === id);
    if (picked && !name.trim()) setName(picked.name);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(total, currency);
    void form.submit(
      {
        name,
        ...(itemId ? { itemId } : {}),
        ...(qty.trim() ? { qty: parseQtyInput(qty) } : {}),
        ...(amount.ok && amount.minor !== undefined ? { estTotalMinor: amount.minor } : {}),
        ...(category.trim() ? { category: category.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      amount.ok ? {} : { estTotalMinor: amount.error },
    );
  };
  return (
    <Dialog open onClose={onClose} title="Add to the shopping list">
      <Form className="form" onSubmit={submit} aria-label="Add to the shopping list">
        <SelectField
          label="Stock item (optional)"
          name="itemId"
          value={itemId}
          onChange={(e) => chooseItem(e.target.value)}
          options={itemOptions}
          error={form.fieldErrors.itemId}
          hint={itemsStatus === 'loading' ? 'Loading items…' : 'Buying it records a stock purchase of this item.'}
        />
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={form.fieldErrors.name} autoComplete="off" maxLength={200} />
        <div className="form-row form-row-top">
          <TextField label="Quantity" name="qty" inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} error={form.fieldErrors.qty} autoComplete="off" />
          <MoneyField label="Estimated total" currency={currency} name="estTotal" value={total} onChange={(e) => setTotal(e.target.value)} error={form.fieldErrors.estTotalMinor} />
        </div>
        <TextField label="Category" name="category" value={category} onChange={(e) => setCategory(e.target.value)} error={form.fieldErrors.category} autoComplete="off" maxLength={64} placeholder="groceries" />
        <TextAreaField label="Note" name="note" value={note} onChange={(e) => setNote(e.target.value)} error={form.fieldErrors.note} maxLength={2000} />
        <FailureNotice failure={form.failure} shownFields={['name', 'itemId', 'qty', 'estTotalMinor', 'category', 'note']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Add to the list
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** "Cancel…": takes `item` off the list; the generators then leave its stock item alone for 7 days. */
export function CancelShoppingItemDialog({ item, onClose }: { item: ShoppingItem; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [reason, setReason] = useState('');
  const form = useActionForm('shopping.cancel', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(reason.trim() ? { id: item.id, reason: reason.trim() } : { id: item.id });
  };
  return (
    <Dialog open onClose={onClose} title={`Take ${item.name} off the list`}>
      <Form className="form" onSubmit={submit} aria-label={`Take ${item.name} off the list`}>
        <p>
          {item.name}
          {item.estTotalMinor !== null ? ` · est. ${money(item.estTotalMinor, currency)}` : ''}
          {item.itemId ? '. Filling from the inventory leaves its stock item alone for 7 days.' : '.'}
        </p>
        <TextField label="Reason (optional)" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={form.fieldErrors.reason} autoComplete="off" maxLength={500} />
        <FailureNotice failure={form.failure} shownFields={['reason']} />
        <div className="form-actions">
          <Button onClick={onClose}>Keep it</Button>
          <Button type="submit" variant="danger" busy={form.busy}>
            Take off the list
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
