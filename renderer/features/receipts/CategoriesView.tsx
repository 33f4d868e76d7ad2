/**
 * The category list of receipts (`receipts.categories`): each category with how many
 * receipts are filed under it, renamed (or merged into another by giving its name) or
 * cleared with `receipts.renameCategory`; the payment methods in use, for reference.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';

const n = (v: number) => v.toLocaleString('en');

export function CategoriesView() {
  const { lists, load } = useAppStore(useShallow((s) => ({ lists: s.receiptCategories, load: s.loadReceiptCategories })));
  useEffect(() => {
    void load();
  }, [load]);
  if (!lists.data) return lists.status === 'error' ? <ErrorMessage title="The categories could not be loaded">{lists.error}</ErrorMessage> : <Loading label="Loading the categories…" />;
  const { categories, paymentMethods } = lists.data;
  const names = categories.map((c) => c.name);
  return (
    <div className="grid grid-2">
      <Card title={`Categories (${categories.length})`} className="card-flush">
        {categories.length === 0 ? (
          <EmptyState title="No categories yet">A category typed on a receipt appears here.</EmptyState>
        ) : (
          <table className="table" aria-label="Receipt categories">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Receipts
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <CategoryRow key={c.name} name={c.name} receipts={c.receipts} others={names.filter((x) => x !== c.name)} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={`Payment methods (${paymentMethods.length})`} className="card-flush">
        {paymentMethods.length === 0 ? (
          <EmptyState title="No payment methods yet" />
        ) : (
          <table className="table" aria-label="Payment methods">
            <thead>
              <tr>
                <th scope="col">Payment method</th>
                <th scope="col" className="num">
                  Receipts
                </th>
              </tr>
            </thead>
            <tbody>
              {paymentMethods.map((p) => (
                <tr key={p.name}>
                  <td>{p.name}</td>
                  <td className="num">{n(p.receipts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

/** One category: rename (Enter saves, Esc cancels) or clear, with a confirmation step. */
function CategoryRow({ name, receipts, others }: { name: string; receipts: number; others: readonly string[] }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'clear'>('view');
  const [to, setTo] = useState(name);
  const form = useActionForm('receipts.renameCategory', () => setMode('view'));
  const merges = others.includes(to.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ from: name, to: to.trim() });
  };
  if (mode === 'rename') {
    return (
      <tr>
        <td colSpan={3}>
          <form className="row category-rename" onSubmit={submit} noValidate aria-label={`Rename ${name}`} onKeyDown={(e) => e.key === 'Escape' && setMode('view')}>
            <TextField label={`New name for ${name}`} value={to} onChange={(e) => setTo(e.target.value)} error={form.fieldErrors.to} autoComplete="off" autoFocus hint={merges ? `merges its ${n(receipts)} receipt${receipts === 1 ? '' : 's'} into “${to.trim()}”` : undefined} />
            <Button type="submit" small variant="primary" busy={form.busy}>
              {merges ? 'Merge' : 'Rename'}
            </Button>
            <Button small variant="ghost" onClick={() => setMode('view')}>
              Cancel
            </Button>
            <FailureNotice failure={form.failure} shownFields={Object.keys(form.fieldErrors)} />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td>{name}</td>
      <td className="num">{n(receipts)}</td>
      <td className="row row-end">
        {mode === 'clear' ? (
          <>
            <Button small variant="danger" busy={form.busy} onClick={() => void form.submit({ from: name, to: null })} aria-label={`Clear ${name} from ${n(receipts)} receipt${receipts === 1 ? '' : 's'}`}>
              Clear from {n(receipts)} receipt{receipts === 1 ? '' : 's'}
            </Button>
            <Button small variant="ghost" onClick={() => setMode('view')}>
              Keep
            </Button>
          </>
        ) : (
          <>
            <Button
              small
              onClick={() => {
                setTo(name);
                form.reset();
                setMode('rename');
              }}
              aria-label={`Rename ${name}`}
            >
              Rename
            </Button>
            <Button small variant="ghost" onClick={() => setMode('clear')} aria-label={`Clear ${name}`}>
              Clear
            </Button>
          </>
        )}
        <FailureNotice failure={mode === 'clear' ? form.failure : null} />
      </td>
    </tr>
  );
}
