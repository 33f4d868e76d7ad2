/**
 * Adding an item (`inventory.createItem`) and editing one (`inventory.updateItem`, only
 * the fields that changed). The contract's schemas give the field errors; numbers typed
 * as text are parsed here first (money into integer minor units).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActionInput } from '../../../shared/contract';
import type { Item } from '../../../shared/contract/inventory';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { MoneyField, SelectField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { minorToInput, parseIntInput, parseMoneyInput, parseQtyInput } from './format';
import { inventorySelectors } from './slice';

/** The form's text values, one per field. */
export interface ItemDraft {
  name: string;
  sku: string;
  barcode: string;
  unit: string;
  category: string;
  locationId: string;
  minQty: string;
  targetQty: string;
  leadTimeDays: string;
  shelfLifeDays: string;
  unitCost: string;
}

export const emptyDraft: ItemDraft = {
  name: '',
  sku: '',
  barcode: '',
  unit: 'pcs',
  category: '',
  locationId: '',
  minQty: '',
  targetQty: '',
  leadTimeDays: '',
  shelfLifeDays: '',
  unitCost: '',
};

/** An item's fields as draft text (for editing). */
export function draftOf(item: Item, currency: string): ItemDraft {
  return {
    name: item.name,
    sku: item.sku ?? '',
    barcode: item.barcode ?? '',
    unit: item.unit,
    category: item.category ?? '',
    locationId: item.locationId ?? '',
    minQty: String(item.minQty),
    targetQty: String(item.targetQty),
    leadTimeDays: String(item.leadTimeDays),
    shelfLifeDays: item.shelfLifeDays === null ? '' : String(item.shelfLifeDays),
    unitCost: minorToInput(item.unitCostMinor, currency),
  };
}

type Parsed = { ok: true; values: ActionInput<'inventory.createItem'> } | { ok: false; errors: Record<string, string> };

/**
 * Draft text → `inventory.createItem` params: blanks are left out (the schema's defaults
 * apply), whole-number and money fields that are not numbers are refused here (the schema
 * checks the ranges).
 */
export function parseDraft(draft: ItemDraft, currency: string): Parsed {
  const errors: Record<string, string> = {};
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const whole = (field: string, v: string) => {
    const n = parseIntInput(v);
    if (Number.isNaN(n)) errors[field] = 'must be a whole number of days';
    return n;
  };
  const money = parseMoneyInput(draft.unitCost, currency);
  if (!money.ok) errors.unitCostMinor = money.error;
  const values: ActionInput<'inventory.createItem'> = {
    name: draft.name,
    sku: text(draft.sku),
    barcode: text(draft.barcode),
    unit: text(draft.unit),
    category: text(draft.category),
    locationId: draft.locationId || undefined,
    minQty: parseQtyInput(draft.minQty),
    targetQty: parseQtyInput(draft.targetQty),
    leadTimeDays: whole('leadTimeDays', draft.leadTimeDays),
    shelfLifeDays: whole('shelfLifeDays', draft.shelfLifeDays),
    unitCostMinor: money.ok ? money.minor : undefined,
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

/**
 * The `inventory.updateItem` params for what changed between `item` and the parsed draft:
 * a cleared optional field becomes `null`; `null` when nothing changed.
 */
export function itemChanges(item: Item, values: ActionInput<'inventory.createItem'>): ActionInput<'inventory.updateItem'> | null {
  const changes: Record<string, unknown> = {};
  const nullable = ['sku', 'barcode', 'category', 'locationId', 'shelfLifeDays', 'unitCostMinor'] as const;
  const required = ['name', 'unit', 'minQty', 'targetQty', 'leadTimeDays'] as const;
  for (const key of nullable) {
    const next = values[key] ?? null;
    if (next !== item[key]) changes[key] = next;
  }
  const defaults = { name: item.name, unit: 'pcs', minQty: 0, targetQty: 0, leadTimeDays: 7 };
  for (const key of required) {
    const next = values[key] ?? defaults[key];
    if (next !== item[key]) changes[key] = next;
  }
  return Object.keys(changes).length ? ({ id: item.id, ...changes } as ActionInput<'inventory.updateItem'>) : null;
}

/** The add-item dialog; `onCreated` gets the new item's id. */
export function AddItemDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: (id: string) => void }) {
  if (!open) return null;
  return <ItemFormBody mode="create" onClose={onClose} onCreated={onCreated} />;
}

/** The edit dialog of `item`. */
export function EditItemDialog({ item, onClose }: { item: Item | null; onClose: () => void }) {
  if (!item) return null;
  return <ItemFormBody key={item.id} mode="edit" item={item} onClose={onClose} />;
}

type BodyProps = { onClose: () => void } & ({ mode: 'create'; onCreated?: ((id: string) => void) | undefined } | { mode: 'edit'; item: Item });

function ItemFormBody(props: BodyProps) {
  const { currency, locations, categories, locationStatus, categoryStatus, loadLocations, loadCategories } = useAppStore(
    useShallow((s) => ({
      currency: inventorySelectors.currency(s),
      locations: inventorySelectors.locations(s),
      categories: inventorySelectors.categories(s),
      locationStatus: s.locations.status,
      categoryStatus: s.categories.status,
      loadLocations: s.loadLocations,
      loadCategories: s.loadCategories,
    })),
  );
  useEffect(() => {
    if (locationStatus === 'idle') void loadLocations();
    if (categoryStatus === 'idle') void loadCategories();
  }, [locationStatus, categoryStatus, loadLocations, loadCategories]);

  const [draft, setDraft] = useState<ItemDraft>(() => (props.mode === 'edit' ? draftOf(props.item, currency) : emptyDraft));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [unchanged, setUnchanged] = useState(false);
  const create = useActionForm('inventory.createItem', (d) => {
    if (props.mode === 'create') props.onCreated?.(d.result.id);
    props.onClose();
  });
  const update = useActionForm('inventory.updateItem', props.onClose);
  const form = props.mode === 'create' ? create : update;
  const errors = { ...form.fieldErrors, ...localErrors };

  const field = (key: keyof ItemDraft) => ({
    name: key,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
    autoComplete: 'off',
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setUnchanged(false);
    const parsed = parseDraft(draft, currency);
    setLocalErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    if (props.mode === 'create') {
      void create.submit(parsed.values);
      return;
    }
    const changes = itemChanges(props.item, parsed.values);
    if (changes) void update.submit(changes);
    else setUnchanged(true);
  };

  const locationOptions = [{ value: '', label: 'No location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))];
  const shown = ['name', 'sku', 'barcode', 'unit', 'category', 'locationId', 'minQty', 'targetQty', 'leadTimeDays', 'shelfLifeDays', 'unitCostMinor'];
  return (
    <Dialog open onClose={props.onClose} title={props.mode === 'create' ? 'Add item' : `Edit ${props.item.name}`} wide>
      <form className="form" onSubmit={submit} noValidate aria-label={props.mode === 'create' ? 'Add item' : 'Edit item'}>
        <div className="form-row form-row-top">
          <TextField label="Name" {...field('name')} error={errors.name} maxLength={200} />
          <TextField label="Unit" {...field('unit')} error={errors.unit} hint="pcs, kg, l, pack …" maxLength={16} />
        </div>
        <div className="form-row form-row-top">
          <TextField label="SKU" {...field('sku')} error={errors.sku} hint="Optional" maxLength={64} />
          <TextField label="Barcode" {...field('barcode')} error={errors.barcode} hint="Optional" maxLength={64} />
          <TextField label="Category" {...field('category')} error={errors.category} hint="Optional" list="item-categories" maxLength={64} />
          <datalist id="item-categories">
            {categories.map((c) => (
              <option key={c.category} value={c.category} />
            ))}
          </datalist>
          <SelectField label="Location" {...field('locationId')} options={locationOptions} error={errors.locationId} />
        </div>
        <div className="form-row form-row-top">
          <TextField label="Minimum" {...field('minQty')} inputMode="decimal" error={errors.minQty} hint="Alert at or below (default 0)" />
          <TextField label="Target" {...field('targetQty')} inputMode="decimal" error={errors.targetQty} hint="Restock up to (default 0)" />
          <TextField label="Lead time (days)" {...field('leadTimeDays')} inputMode="numeric" error={errors.leadTimeDays} hint="Order to delivery (default 7)" />
          <TextField label="Shelf life (days)" {...field('shelfLifeDays')} inputMode="numeric" error={errors.shelfLifeDays} hint="Optional; for waste warnings" />
          <MoneyField label="Unit cost" currency={currency} {...field('unitCost')} error={errors.unitCostMinor} hint="Optional" />
        </div>
        {unchanged ? <p className="muted" role="status">Nothing changed: every field already has that value.</p> : null}
        <FailureNotice failure={form.failure} shownFields={shown} />
        <div className="form-actions">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={form.busy}>
            {props.mode === 'create' ? 'Add item' : 'Save changes'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
