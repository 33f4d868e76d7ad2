/**
 * A receipt's line items as editable rows — description, quantity, amount — with "Add line"
 * and a remove button per row; the sum is shown against the receipt's total (lines need not
 * add up to it: tax, discounts and rounding live outside them). Amounts are typed the
 * operator's way, negative for a refund's lines or a discount.
 */
import { formatAmount } from '../../ui/format';
import { Button } from '../../ui/Button';
import { amountPlaceholder } from '../../ui/locale';
import { parseMoneyInput } from '../inventory/format';
import type { LineDraft } from './view';

interface LineItemsEditorProps {
  drafts: readonly LineDraft[];
  onChange: (drafts: LineDraft[]) => void;
  currency: string;
  /** The receipt's total in minor units, to compare the lines with (null: none). */
  totalMinor: number | null;
  /** Row key → its message. */
  errors: Readonly<Record<number, string>>;
}

export function LineItemsEditor({ drafts, onChange, currency, totalMinor, errors }: LineItemsEditorProps) {
  const patch = (key: number, change: Partial<LineDraft>) => onChange(drafts.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const add = () => onChange([...drafts, { key: Math.max(0, ...drafts.map((d) => d.key)) + 1, description: '', qty: '1', amount: '' }]);
  const sum = drafts.reduce((acc, d) => {
    const a = parseMoneyInput(d.amount, currency, { signed: true });
    return acc + (a.ok && a.minor !== undefined ? a.minor : 0);
  }, 0);
  return (
    <fieldset className="fieldset line-items" aria-label="Line items">
      <legend>Line items</legend>
      {drafts.length ? (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Amount ({currency})
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, i) => (
              <tr key={d.key}>
                <td>
                  <input aria-label={`Line ${i + 1} description`} value={d.description} onChange={(e) => patch(d.key, { description: e.target.value })} autoComplete="off" aria-invalid={errors[d.key] ? true : undefined} />
                  {errors[d.key] ? <p className="field-error">{errors[d.key]}</p> : null}
                </td>
                <td className="num">
                  <input aria-label={`Line ${i + 1} quantity`} className="inline-number" inputMode="decimal" value={d.qty} onChange={(e) => patch(d.key, { qty: e.target.value })} />
                </td>
                <td className="num">
                  <input aria-label={`Line ${i + 1} amount`} className="inline-number" inputMode="decimal" value={d.amount} onChange={(e) => patch(d.key, { amount: e.target.value })} placeholder={amountPlaceholder(currency)} autoComplete="off" />
                </td>
                <td>
                  <Button small variant="ghost" onClick={() => onChange(drafts.filter((x) => x.key !== d.key))} aria-label={`Remove line ${i + 1}`}>
                    ✕
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No line items.</p>
      )}
      <div className="row">
        <Button small onClick={add}>
          Add line
        </Button>
        {drafts.length ? (
          <span className="muted" role="status">
            Lines add up to {formatAmount(sum, currency)}
            {totalMinor !== null ? ` of ${formatAmount(totalMinor, currency)}` : ''}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
