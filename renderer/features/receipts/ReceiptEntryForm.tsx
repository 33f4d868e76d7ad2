/**
 * Keyboard-first receipt entry (`receipts.create`): type, Tab, Enter submits. The
 * category is pre-filled from the last category entered with the same vendor. The total is
 * typed the operator's way; a negative total enters a refund or credit note.
 */
import { useEffect, useRef, useState, type FormEvent, type InputHTMLAttributes, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { FieldFrame, Form, MoneyField, TextField } from '../../ui/Field';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { parseMoneyInput } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { parseTags, rememberedCategory } from './view';

/** Today as YYYY-MM-DD in the local time zone. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function ReceiptEntryForm() {
  const { householdCurrency, memory, remember, select, api, lists, loadLists } = useAppStore(
    useShallow((s) => ({
      householdCurrency: inventorySelectors.currency(s),
      memory: s.vendorCategories,
      remember: s.rememberVendorCategory,
      select: s.selectReceipt,
      api: s.stageReceiptFile,
      lists: s.receiptCategories.data,
      loadLists: s.loadReceiptCategories,
    })),
  );
  const listsLoaded = lists !== null;
  useEffect(() => {
    // the category list and each vendor's last category, for the suggestions below
    if (!listsLoaded) void loadLists();
  }, [listsLoaded, loadLists]);
  const [vendor, setVendor] = useState('');
  const [date, setDate] = useState(localToday);
  const [total, setTotal] = useState('');
  const [currency, setCurrency] = useState('');
  const [category, setCategory] = useState('');
  const [categoryTouched, setCategoryTouched] = useState(false);
  const [payment, setPayment] = useState('');
  const [tags, setTags] = useState('');
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [staging, setStaging] = useState(false);
  const vendorRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const cur = currency.trim() === '' ? householdCurrency : currency.trim().toUpperCase();

  const form = useActionForm('receipts.create', (done) => {
    remember(done.result.vendor ?? vendor, done.result.category);
    select(done.result.id);
    setVendor('');
    setTotal('');
    setCategory('');
    setCategoryTouched(false);
    setPayment('');
    setTags('');
    setNotes('');
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
    vendorRef.current?.focus();
  });

  const onVendor = (value: string) => {
    setVendor(value);
    if (!categoryTouched) setCategory(rememberedCategory(memory, value, lists?.vendorCategories) ?? '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(total, cur, { signed: true });
    const tagList = parseTags(tags);
    const values = {
      vendor,
      date,
      totalMinor: amount.ok ? (amount.minor ?? 0) : 0,
      currency: cur,
      ...(category.trim() ? { category: category.trim() } : {}),
      ...(payment.trim() ? { paymentMethod: payment.trim() } : {}),
      ...(tagList.length ? { tags: tagList } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    setLocalErrors({});
    if (!amount.ok || amount.minor === undefined) {
      // the total's problem with the other fields' problems, all at once; nothing is staged or sent
      void form.submit(values, { totalMinor: amount.ok ? 'enter the total' : amount.error });
      return;
    }
    let attachments: { sha256: string; name: string }[] | undefined;
    if (file) {
      setStaging(true);
      const staged = await api(file);
      setStaging(false);
      if (!staged.ok) {
        setLocalErrors({ attachment: staged.error.message });
        return;
      }
      attachments = [{ sha256: staged.value.sha256, name: file.name }];
    }
    void form.submit({ ...values, ...(attachments ? { attachments } : {}) });
  };

  const err = { ...form.fieldErrors, ...localErrors };
  return (
    <Card title="New receipt">
      <Form className="form receipt-entry" onSubmit={(e) => void submit(e)} noValidate aria-label="New receipt">
        <div className="receipt-entry-grid">
          <RefField label="Vendor" inputRef={vendorRef} value={vendor} onChange={(e) => onVendor(e.target.value)} error={err.vendor} autoComplete="off" autoFocus />
          <TextField label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={err.date} />
          <MoneyField label="Total" currency={cur} value={total} onChange={(e) => setTotal(e.target.value)} error={err.totalMinor} hint="Negative for a refund" />
          <TextField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} placeholder={householdCurrency} error={err.currency} maxLength={3} autoComplete="off" />
          <TextField
            label="Category"
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              setCategoryTouched(e.target.value !== '');
            }}
            error={err.category}
            autoComplete="off"
            list="receipt-category-list"
          />
          <TextField label="Payment method" value={payment} onChange={(e) => setPayment(e.target.value)} error={err.paymentMethod} autoComplete="off" placeholder="card, cash…" list="receipt-payment-list" />
          <TextField label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} error={err.tags} autoComplete="off" placeholder="comma separated" />
          <TextField label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={err.notes} autoComplete="off" />
          <RefField label="Attachment" type="file" inputRef={fileRef} onChange={(e) => setFile(e.target.files?.[0] ?? null)} error={err.attachment ?? err.attachments} />
        </div>
        <datalist id="receipt-category-list">
          {(lists?.categories ?? []).map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
        <datalist id="receipt-payment-list">
          {(lists?.paymentMethods ?? []).map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
        <FailureNotice failure={form.failure} shownFields={Object.keys(err)} />
        <div className="form-actions">
          <span className="muted">Enter saves · the category is remembered per vendor</span>
          <Button type="submit" variant="primary" busy={form.busy || staging}>
            Save receipt
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** A labelled input whose element the form keeps (to focus or clear it). */
function RefField({ label, error, inputRef, ...input }: { label: string; error?: string | undefined; inputRef: Ref<HTMLInputElement> } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} error={error}>
      {(control) => <input {...input} {...control} ref={inputRef} />}
    </FieldFrame>
  );
}
