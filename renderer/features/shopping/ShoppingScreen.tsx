/**
 * The Shopping route: the open list grouped by source with counts and estimated totals;
 * quick add from the keyboard (`Milk, 3.50` and Enter), an item added with a stock link,
 * the generators (low stock and forecast run-outs, needs due within 30 days), and per row
 * Bought… (a governed spend: the approval and caps decide) and Cancel….
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch, mayQuery, type ActionOutput, type ShoppingItem } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Form, TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { inventorySelectors } from '../inventory/slice';
import { money } from '../spending/format';
import { BoughtDialog } from './BoughtDialog';
import { AddShoppingItemDialog, CancelShoppingItemDialog } from './ShoppingDialogs';
import type { ShoppingList } from './slice';
import { approvalView, parseQuickAdd, qtyText, quickAddExample, SOURCE_LABELS } from './view';

type Open = { kind: 'add' } | { kind: 'bought'; item: ShoppingItem } | { kind: 'cancel'; item: ShoppingItem } | null;

/** The shopping screen. */
export function ShoppingScreen() {
  const store = useAppStoreApi();
  const { list, currency, role } = useAppStore(useShallow((s) => ({ list: s.shoppingList, currency: inventorySelectors.currency(s), role: governanceSelectors.currentOperator(s)?.role })));
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => {
    void store.getState().loadShopping();
  }, [store]);
  const mayAdd = !role || mayDispatch(role, 'shopping.quickAdd');
  const data = list.data;
  return (
    <>
      <div className="page-header">
        <h1>Shopping</h1>
        {data ? (
          <p>
            {data.count} open · est. {money(data.estTotalMinor, currency)}
            {data.bigTicketThresholdMinor !== null ? ` · big ticket from ${money(data.bigTicketThresholdMinor, currency)}` : ' · every spend needs an approval in this band'}
          </p>
        ) : null}
      </div>
      <Card
        title="Add to the list"
        actions={
          mayAdd ? (
            <Button small onClick={() => setOpen({ kind: 'add' })}>
              Add with details…
            </Button>
          ) : null
        }
      >
        <div className="shop-add">
          {mayAdd ? <QuickAdd currency={currency} /> : null}
          <Generators />
        </div>
      </Card>
      {list.status === 'error' ? (
        <ErrorMessage title="The shopping list could not be loaded">{list.error}</ErrorMessage>
      ) : !data ? (
        <Loading label="Loading the shopping list…" />
      ) : data.groups.length === 0 ? (
        <Card title="The list">
          <EmptyState title="Nothing to buy">Quick add an item above, or fill the list from the inventory and the schedule’s needs.</EmptyState>
        </Card>
      ) : (
        data.groups.map((g) => <SourceGroup key={g.source} group={g} currency={currency} onOpen={setOpen} />)
      )}
      {open?.kind === 'add' ? <AddShoppingItemDialog onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'bought' ? <BoughtDialog item={open.item} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'cancel' ? <CancelShoppingItemDialog item={open.item} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

/** One input: `name` or `name, estimated total`, Enter adds it (`shopping.quickAdd`) and clears the field. */
function QuickAdd({ currency }: { currency: string }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [added, setAdded] = useState('');
  const form = useActionForm('shopping.quickAdd', (d) => {
    setText('');
    setAdded(`Added ${d.result.name}${d.result.estTotalMinor !== null ? ` (est. ${money(d.result.estTotalMinor, currency)})` : ''}`);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const line = parseQuickAdd(text, currency);
    setAdded('');
    if (!line.ok) {
      setProblem(line.error);
      return;
    }
    setProblem(undefined);
    void form.submit(line.estTotalMinor === undefined ? { name: line.name } : { name: line.name, estTotalMinor: line.estTotalMinor });
  };
  return (
    <Form className="form shop-quick" onSubmit={submit} aria-label="Quick add">
      <TextField
        label="Quick add"
        name="quickAdd"
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={problem ?? form.fieldErrors.name ?? form.fieldErrors.estTotalMinor}
        hint={`A name, optionally a comma and the estimated total in ${currency} — “${quickAddExample(currency)}” — then Enter. An item of exactly that name in the inventory is linked.`}
        placeholder={quickAddExample(currency)}
        autoComplete="off"
        enterKeyHint="done"
      />
      <FailureNotice failure={form.failure} shownFields={['name', 'estTotalMinor']} />
      <p className="quick-done" role="status">
        {added}
      </p>
    </Form>
  );
}

type Generated = ActionOutput<'shopping.generateFromInventory'>;

/** Words for a generator's result: `Added 5 · 2 already listed · 1 approval requested`. */
function generatedText(from: string, g: Generated): string {
  const parts = [g.added.length === 0 ? `Nothing new to add from ${from}` : `Added ${g.added.length} from ${from}`];
  if (g.skipped > 0) parts.push(`${g.skipped} already listed or lately cancelled`);
  if (g.approvalsRequested > 0) parts.push(`${g.approvalsRequested} ${g.approvalsRequested === 1 ? 'approval' : 'approvals'} requested`);
  return parts.join(' · ');
}

/** "Fill from inventory" and "Add needs due in 30 days", each saying how many it added. */
function Generators() {
  const role = useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
  const [result, setResult] = useState('');
  const inventory = useActionForm('shopping.generateFromInventory', (d) => setResult(generatedText('the inventory', d.result)));
  const needs = useActionForm('shopping.generateFromNeeds', (d) => setResult(generatedText('the needs due within 30 days', d.result)));
  const mayInventory = !role || mayDispatch(role, 'shopping.generateFromInventory');
  const mayNeeds = !role || mayDispatch(role, 'shopping.generateFromNeeds');
  if (!mayInventory && !mayNeeds) return null;
  return (
    <div className="shop-generators">
      <div className="row">
        {mayInventory ? (
          <Button
            busy={inventory.busy}
            onClick={() => {
              setResult('');
              void inventory.submit({});
            }}
          >
            Fill from inventory
          </Button>
        ) : null}
        {mayNeeds ? (
          <Button
            busy={needs.busy}
            onClick={() => {
              setResult('');
              void needs.submit({ withinDays: 30 });
            }}
          >
            Add needs due in 30 days
          </Button>
        ) : null}
      </div>
      <p className="muted">Items at or below their minimum or running out within lead time, and needs on the schedule; an item already on the list is not added twice.</p>
      <FailureNotice failure={inventory.failure} />
      <FailureNotice failure={needs.failure} />
      <p className="quick-done" role="status">
        {result}
      </p>
    </div>
  );
}

function SourceGroup({ group, currency, onOpen }: { group: ShoppingList['groups'][number]; currency: string; onOpen: (open: Open) => void }) {
  const title = SOURCE_LABELS[group.source];
  return (
    <Card
      title={title}
      className="card-flush"
      actions={
        <span className="muted">
          {group.count} {group.count === 1 ? 'item' : 'items'} · est. {money(group.estTotalMinor, currency)}
        </span>
      }
    >
      <ul className="shop-list" aria-label={`${title}: ${group.count} ${group.count === 1 ? 'item' : 'items'}`}>
        {group.items.map((item) => (
          <ShoppingRow key={item.id} item={item} currency={currency} onOpen={onOpen} />
        ))}
      </ul>
    </Card>
  );
}

function ShoppingRow({ item, currency, onOpen }: { item: ShoppingItem; currency: string; onOpen: (open: Open) => void }) {
  const { openItem, openApproval, role } = useAppStore(useShallow((s) => ({ openItem: s.openItem, openApproval: s.openApproval, role: governanceSelectors.currentOperator(s)?.role })));
  const approval = approvalView(item);
  const mayOpenItem = item.itemId !== null && (!role || mayQuery(role, 'inventory.item'));
  const mayOpenApproval = item.approvalId !== null && (!role || mayQuery(role, 'approvals.list'));
  const itemId = item.itemId;
  const approvalId = item.approvalId;
  return (
    <li className="shop-row">
      <div className="shop-main">
        <span className="shop-name">
          {mayOpenItem && itemId ? (
            <button type="button" className="link" onClick={() => void openItem(itemId)} aria-label={`${item.name}: open the stock item`}>
              {item.name}
            </button>
          ) : (
            item.name
          )}
        </span>
        {item.reason ? <span className="shop-reason">{item.reason}</span> : null}
        {item.note ? <span className="shop-reason">{item.note}</span> : null}
      </div>
      <dl className="shop-figures">
        <div>
          <dt>Qty</dt>
          <dd>{qtyText(item)}</dd>
        </div>
        <div>
          <dt>Est. total</dt>
          <dd>{money(item.estTotalMinor, currency)}</dd>
        </div>
      </dl>
      <div className="shop-actions">
        {approval ? (
          mayOpenApproval && approvalId ? (
            <button type="button" className="badge-button link" onClick={() => void openApproval(approvalId)} aria-label={`${approval.label}: open the approval of ${item.name}`}>
              <Badge tone={approval.tone}>{approval.label}</Badge>
            </button>
          ) : (
            <Badge tone={approval.tone}>{approval.label}</Badge>
          )
        ) : null}
        {!role || mayDispatch(role, 'shopping.bought') ? (
          <Button small variant="primary" onClick={() => onOpen({ kind: 'bought', item })} aria-label={`Bought… ${item.name}`}>
            Bought…
          </Button>
        ) : null}
        {!role || mayDispatch(role, 'shopping.cancel') ? (
          <Button small variant="ghost" onClick={() => onOpen({ kind: 'cancel', item })} aria-label={`Cancel… ${item.name}`}>
            Cancel…
          </Button>
        ) : null}
      </div>
    </li>
  );
}
