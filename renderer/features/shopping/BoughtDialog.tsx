/**
 * "Bought…": marks a shopping item bought (`shopping.bought`), a governed spend — the actual
 * total (typed in major units, sent as minor units), the account the money left, how it
 * was paid, the vendor, the quantity of a linked stock item and the day. The engine
 * writes, in one transaction, the stock purchase, a receipt placeholder in the triage
 * inbox and the ledger entry; the dialog then offers the receipt to attach the scan to.
 * A big-ticket item without an approved approval is held (PENDING_APPROVAL) or blocked:
 * the refusal shows the gate's reason.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayQuery, type ActionOutput, type ShoppingItem } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Form, MoneyField, TextField } from '../../ui/Field';
import { shortId } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { minorToInput, parseQtyInput, parseRequiredMoney } from '../inventory/format';
import { inventorySelectors } from '../inventory/slice';
import { AccountSelect, PaymentMethodField } from '../ledger/AccountSelect';
import { todayIn } from '../schedule/view';
import { money } from '../spending/format';
import { approvalView, qtyText } from './view';

type Bought = ActionOutput<'shopping.bought'>;

/** The dialog for `item`: the form, then what was recorded. */
export function BoughtDialog({ item, onClose }: { item: ShoppingItem; onClose: () => void }) {
  const [done, setDone] = useState<Bought | null>(null);
  return (
    <Dialog open onClose={onClose} title={done ? `Bought: ${item.name}` : `Bought… ${item.name}`}>
      {done ? <BoughtResult bought={done} onClose={onClose} /> : <BoughtForm item={item} onClose={onClose} onDone={setDone} />}
    </Dialog>
  );
}

function BoughtForm({ item, onClose, onDone }: { item: ShoppingItem; onClose: () => void; onDone: (b: Bought) => void }) {
  const { currency, timeZone } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), timeZone: governanceSelectors.timeZone(s) })));
  const [total, setTotal] = useState(minorToInput(item.estTotalMinor, currency));
  const [accountId, setAccountId] = useState('');
  const [payment, setPayment] = useState('');
  const [vendor, setVendor] = useState('');
  const [qty, setQty] = useState('');
  const [boughtOn, setBoughtOn] = useState(() => todayIn(timeZone));
  const form = useActionForm('shopping.bought', (d) => onDone(d.result));
  const approval = approvalView(item);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseRequiredMoney(total, currency, 350);
    void form.submit(
      {
        id: item.id,
        actualTotalMinor: amount.minor ?? 1,
        ...(accountId ? { accountId } : {}),
        ...(payment.trim() ? { paymentMethod: payment.trim() } : {}),
        ...(vendor.trim() ? { vendor: vendor.trim() } : {}),
        ...(item.itemId && qty.trim() ? { qty: parseQtyInput(qty) } : {}),
        ...(boughtOn ? { boughtOn } : {}),
      },
      amount.minor === undefined ? { actualTotalMinor: amount.error ?? 'Enter the amount paid' } : {},
    );
  };
  return (
    <Form className="form" onSubmit={submit} aria-label={`Mark ${item.name} bought`}>
      <p>
        Listed: {qtyText(item)} · est. {money(item.estTotalMinor, currency)}
        {item.itemId ? ' · buying it stocks the linked item' : ''}.
      </p>
      {approval ? (
        <p className="row">
          <Badge tone={approval.tone}>{approval.label}</Badge>
          <span className="muted">{item.approvalStatus === 'approved' ? 'The approval covers up to its amount.' : 'Buying it needs an approved approval: the engine holds or blocks it otherwise.'}</span>
        </p>
      ) : null}
      <div className="form-row form-row-top">
        <MoneyField label="Actual total" currency={currency} name="actualTotal" value={total} onChange={(e) => setTotal(e.target.value)} error={form.fieldErrors.actualTotalMinor} />
        <TextField label="Bought on" name="boughtOn" type="date" value={boughtOn} onChange={(e) => setBoughtOn(e.target.value)} error={form.fieldErrors.boughtOn} />
      </div>
      <AccountSelect value={accountId} onChange={setAccountId} noneLabel="No account: no ledger entry" error={form.fieldErrors.accountId} hint="The ledger entry is posted on this account." />
      <div className="form-row form-row-top">
        <PaymentMethodField value={payment} onChange={setPayment} error={form.fieldErrors.paymentMethod} />
        <TextField label="Vendor" name="vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} error={form.fieldErrors.vendor} autoComplete="off" maxLength={200} />
      </div>
      {item.itemId ? (
        <TextField
          label="Quantity bought (optional)"
          name="qty"
          inputMode="decimal"
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={form.fieldErrors.qty}
          hint={`Leave empty for the listed ${qtyText(item)}.`}
          autoComplete="off"
        />
      ) : null}
      <FailureNotice failure={form.failure} shownFields={['actualTotalMinor', 'boughtOn', 'accountId', 'paymentMethod', 'vendor', 'qty']} />
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={form.busy}>
          Mark bought
        </Button>
      </div>
    </Form>
  );
}

/** What the purchase recorded, and the receipt placeholder to attach the scan to. */
function BoughtResult({ bought, onClose }: { bought: Bought; onClose: () => void }) {
  const { currency, openReceipt, role } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), openReceipt: s.openReceipt, role: governanceSelectors.currentOperator(s)?.role })));
  const mayOpenReceipt = !role || mayQuery(role, 'receipts.get');
  const section = useRef<HTMLElement>(null);
  // the form's button that had focus is gone: the outcome takes it, so it is read out
  useEffect(() => section.current?.focus(), []);
  const { item } = bought;
  return (
    <section className="form detail-focus" aria-label="Purchase recorded" ref={section} tabIndex={-1}>
      <p className="row">
        <Badge tone="ok">Bought</Badge> {money(item.actualTotalMinor, currency)}
        {item.paymentMethod ? ` · ${item.paymentMethod}` : ''}
      </p>
      <dl className="kv">
        <dt>Receipt</dt>
        <dd>placeholder {shortId(bought.receiptId)} in the triage inbox</dd>
        <dt>Ledger entry</dt>
        <dd>{bought.ledgerEntryId ? `posted (${shortId(bought.ledgerEntryId)})` : 'none: no account chosen'}</dd>
        <dt>Stock</dt>
        <dd>{bought.stockEntrySeq !== null ? 'purchase recorded on the linked item' : 'no stock item linked'}</dd>
      </dl>
      <div className="form-actions">
        {mayOpenReceipt ? (
          <Button
            onClick={() => {
              onClose();
              openReceipt(bought.receiptId);
            }}
          >
            Attach the receipt
          </Button>
        ) : null}
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </section>
  );
}
