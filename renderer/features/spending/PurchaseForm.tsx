/**
 * Drafting a purchase request (`purchases.create`: title, amount, category, vendor,
 * notes, optionally an item and quantity from the inventory) and editing one
 * (`purchases.update`: title, amount, category, vendor, quote, notes). Amounts are typed
 * in major units and sent as integer minor units; the contract's schemas give the field
 * errors.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActionInput, Purchase } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { minorToInput, parseQtyInput, parseRequiredMoney } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { capsSelectors } from './capsSlice';
import { purchasesSelectors } from './purchasesSlice';

/** The form's text values. */
export interface PurchaseDraft {
  title: string;
  amount: string;
  category: string;
  vendor: string;
  quote: string;
  notes: string;
  itemId: string;
  qty: string;
}

export const emptyPurchaseDraft: PurchaseDraft = { title: '', amount: '', category: '', vendor: '', quote: '', notes: '', itemId: '', qty: '' };

/** A request's fields as draft text (for editing). */
export function purchaseDraftOf(p: Purchase, currency: string): PurchaseDraft {
  return {
    title: p.title,
    amount: minorToInput(p.amountMinor, currency),
    category: p.category,
    vendor: p.vendor ?? '',
    quote: p.quote ?? '',
    notes: p.notes ?? '',
    itemId: p.itemId ?? '',
    qty: p.qty === null ? '' : String(p.qty),
  };
}

/** Params from draft text, and the problems found before the schema's check (the amount's). */
export interface ParsedDraft<T> {
  values: T;
  errors: Record<string, string>;
}

/**
 * Draft text → `purchases.create` params: blanks left out, the amount parsed to minor
 * units (missing when it is not an amount: `errors.amountMinor` says why), the quantity
 * only with an item.
 */
export function parseCreateDraft(d: PurchaseDraft, currency: string): ParsedDraft<ActionInput<'purchases.create'>> {
  const amount = parseRequiredMoney(d.amount, currency, 26000);
  const text = (v: string) => (v.trim() === '' ? undefined : v);
  return {
    values: {
      title: d.title,
      amountMinor: amount.minor as number,
      category: d.category,
      vendor: text(d.vendor),
      notes: text(d.notes),
      itemId: d.itemId || undefined,
      qty: d.itemId ? parseQtyInput(d.qty) : undefined,
    },
    errors: amount.error ? { amountMinor: amount.error } : {},
  };
}

/** Draft text → `purchases.update` params for request `id` (cleared optional fields become `null`). */
export function parseUpdateDraft(id: string, d: PurchaseDraft, currency: string): ParsedDraft<ActionInput<'purchases.update'>> {
  const amount = parseRequiredMoney(d.amount, currency, 26000);
  const nullable = (v: string) => (v.trim() === '' ? null : v);
  return {
    values: { id, title: d.title, amountMinor: amount.minor, category: d.category, vendor: nullable(d.vendor), quote: nullable(d.quote), notes: nullable(d.notes) },
    errors: amount.error ? { amountMinor: amount.error } : {},
  };
}

/** Categories to suggest: those of existing requests and of cap policies, sorted, GLOBAL left out. */
function useCategorySuggestions(): string[] {
  const { purchases, scopes } = useAppStore(useShallow((s) => ({ purchases: purchasesSelectors.list(s), scopes: capsSelectors.scopes(s) })));
  return useMemo(() => {
    const all = new Set<string>([...purchases.map((p) => p.category), ...scopes.map((s) => s.scope)]);
    all.delete('GLOBAL');
    return [...all].sort((a, b) => a.localeCompare(b));
  }, [purchases, scopes]);
}

interface FieldsProps {
  draft: PurchaseDraft;
  set: (patch: Partial<PurchaseDraft>) => void;
  errors: Record<string, string>;
  currency: string;
  mode: 'create' | 'edit';
}

function PurchaseFields({ draft, set, errors, currency, mode }: FieldsProps) {
  const categories = useCategorySuggestions();
  const listId = useId();
  const { items, itemsStatus, loadItems } = useAppStore(useShallow((s) => ({ items: inventorySelectors.rows(s), itemsStatus: s.itemList.status, loadItems: s.loadItems })));
  useEffect(() => {
    if (mode === 'create' && itemsStatus === 'idle') void loadItems();
  }, [mode, itemsStatus, loadItems]);
  const itemOptions = useMemo(
    () => [{ value: '', label: 'No item' }, ...[...items].sort((a, b) => a.name.localeCompare(b.name)).map((i) => ({ value: i.id, label: `${i.name} (${i.unit})` }))],
    [items],
  );
  return (
    <>
      <TextField label="Title" name="title" value={draft.title} onChange={(e) => set({ title: e.target.value })} error={errors.title} autoComplete="off" maxLength={200} />
      <div className="form-row form-row-top">
        <MoneyField label="Amount" currency={currency} name="amount" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} error={errors.amountMinor} hint={`The expected total, e.g. ${minorToInput(26000, currency)}`} />
        <TextField label="Category" name="category" list={listId} value={draft.category} onChange={(e) => set({ category: e.target.value })} error={errors.category} autoComplete="off" maxLength={64} />
        <datalist id={listId}>
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
      <TextField label="Vendor" name="vendor" value={draft.vendor} onChange={(e) => set({ vendor: e.target.value })} error={errors.vendor} autoComplete="off" maxLength={200} />
      {mode === 'edit' ? (
        <TextAreaField label="Quote" name="quote" value={draft.quote} onChange={(e) => set({ quote: e.target.value })} error={errors.quote} hint="What the vendor offered. A quote or notes make the request ready." maxLength={2000} />
      ) : null}
      <TextAreaField
        label="Notes"
        name="notes"
        value={draft.notes}
        onChange={(e) => set({ notes: e.target.value })}
        error={errors.notes}
        hint={mode === 'create' ? 'Why, and any quote. A request needs a quote or notes before it is ready.' : undefined}
        maxLength={2000}
      />
      {mode === 'create' ? (
        <div className="form-row form-row-top">
          <SelectField
            label="Stock item (optional)"
            name="itemId"
            value={draft.itemId}
            onChange={(e) => set({ itemId: e.target.value })}
            options={itemOptions}
            error={errors.itemId}
            hint={itemsStatus === 'loading' ? 'Loading items…' : 'Executing the request stocks this item.'}
          />
          <TextField
            label="Quantity"
            name="qty"
            inputMode="decimal"
            value={draft.qty}
            onChange={(e) => set({ qty: e.target.value })}
            error={errors.qty}
            disabled={!draft.itemId}
            autoComplete="off"
          />
        </div>
      ) : null}
    </>
  );
}

/** The "new purchase request" dialog; `onCreated` gets the new request. */
export function CreatePurchaseDialog({ onClose, onCreated }: { onClose: () => void; onCreated?: (p: Purchase) => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [draft, setDraft] = useState<PurchaseDraft>(emptyPurchaseDraft);
  const form = useActionForm('purchases.create', (d) => {
    onCreated?.(d.result);
    onClose();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseCreateDraft(draft, currency);
    // The schema checks the other fields too, all shown at once; an amount problem keeps the request from being sent.
    void form.submit(parsed.values, parsed.errors);
  };
  const errors = form.fieldErrors;
  return (
    <Dialog open onClose={onClose} title="New purchase request">
      <Form className="form" onSubmit={submit} aria-label="New purchase request">
        <PurchaseFields draft={draft} set={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} currency={currency} mode="create" />
        <FailureNotice failure={form.failure} shownFields={['title', 'amountMinor', 'category', 'vendor', 'notes', 'itemId', 'qty']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Create draft
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

/** The edit dialog of a draft or a request sent back for revision. */
export function EditPurchaseDialog({ purchase, onClose }: { purchase: Purchase; onClose: () => void }) {
  const currency = useAppStore(inventorySelectors.currency);
  const [draft, setDraft] = useState<PurchaseDraft>(() => purchaseDraftOf(purchase, currency));
  const form = useActionForm('purchases.update', onClose);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseUpdateDraft(purchase.id, draft, currency);
    void form.submit(parsed.values, parsed.errors);
  };
  const errors = form.fieldErrors;
  return (
    <Dialog open onClose={onClose} title={`Edit: ${purchase.title}`}>
      <Form className="form" onSubmit={submit} aria-label="Edit purchase request">
        <PurchaseFields draft={draft} set={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} currency={currency} mode="edit" />
        <FailureNotice failure={form.failure} shownFields={['title', 'amountMinor', 'category', 'vendor', 'quote', 'notes']} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            Save
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
