/**
 * Keyboard-first quick entry, from anywhere in the console: `/` (when not typing in a
 * field) or Ctrl+K / ⌘K opens a bar; type part of an item's name or its SKU, choose with
 * ↑ ↓ and Enter, type a quantity and press Enter to consume it, or Shift+Enter to record
 * a purchase (`12 @ 1.50` adds a unit cost). Esc steps back, then closes; focus returns
 * to where it was. A line of only 8–14 digits (what a USB barcode scanner types, then Enter)
 * finds the item by its barcode (`inventory.byBarcode`); with none, the item can be created
 * with that barcode right there; a barcode two items share is refused naming both.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actionSpec, mayQuery } from '../../../shared/contract';
import { isScannedCode, type ItemRow } from '../../../shared/contract/inventory';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure, type FailureView } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import { formatQty, minorToInput } from './format';
import { isTypingTarget, parseQuickQuantity, quickMatches } from './quick';
import { inventorySelectors } from './slice';

/** Whether a key event is the quick-entry shortcut: `/` outside a field, or Ctrl+K / ⌘K. */
export function isQuickEntryKey(e: Pick<globalThis.KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean {
  if (e.altKey) return false;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !isTypingTarget(e.target);
}

/** The shortcut listener and, while open, the quick-entry dialog. Mounted once in the layout. */
export function QuickEntry() {
  const { open, setOpen, role } = useAppStore(useShallow((s) => ({ open: s.quickEntryOpen, setOpen: s.setQuickEntryOpen, role: governanceSelectors.currentOperator(s)?.role })));
  const allowed = !role || mayQuery(role, 'inventory.items');
  useEffect(() => {
    if (!allowed) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      // not over another dialog: its fields and Escape belong to it
      if (e.defaultPrevented || !isQuickEntryKey(e) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [allowed, setOpen]);
  if (!open || !allowed) return null;
  return <QuickEntryDialog onClose={() => setOpen(false)} />;
}

type Mode = 'consume' | 'purchase';

function QuickEntryDialog({ onClose }: { onClose: () => void }) {
  const { rows, status, currency, execute, openItem, findByBarcode } = useAppStore(
    useShallow((s) => ({
      rows: inventorySelectors.rows(s),
      status: s.itemList.status,
      currency: inventorySelectors.currency(s),
      execute: s.execute,
      openItem: s.openItem,
      findByBarcode: s.findByBarcode,
    })),
  );
  /** A scanned barcode no item has: offered to create the item with it. */
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [newNameError, setNewNameError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<ItemRow | null>(null);
  const [qtyText, setQtyText] = useState('1');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const qty = useRef<HTMLInputElement>(null);
  const listId = useId();
  const qtyHint = useId();
  const matches = useMemo(() => quickMatches(rows, query), [rows, query]);
  const current = picked ? (rows.find((r) => r.id === picked.id) ?? picked) : null;

  useEffect(() => {
    if (picked) {
      qty.current?.focus();
      qty.current?.select();
    } else {
      search.current?.focus();
    }
  }, [picked]);

  const pick = (item: ItemRow | undefined) => {
    if (!item) return;
    setUnknownCode(null);
    setPicked(item);
    setQtyText('1');
    setProblem(null);
    setFailure(null);
  };

  const back = () => {
    setPicked(null);
    setProblem(null);
    setFailure(null);
  };

  const submit = async (mode: Mode) => {
    if (!current || busy) return;
    setFailure(null);
    const parsed = parseQuickQuantity(qtyText, currency);
    if (!parsed.ok) return setProblem(parsed.error);
    if (mode === 'consume' && parsed.unitCostMinor !== undefined) return setProblem('a price is for purchases: press Shift+Enter');
    const consume = { itemId: current.id, qty: parsed.qty };
    const purchase = { itemId: current.id, kind: 'purchase' as const, qty: parsed.qty, unitCostMinor: parsed.unitCostMinor };
    // the contract's rule for the quantity (at most 3 decimals …), before sending
    const check = mode === 'consume' ? actionSpec('inventory.consume').input.safeParse(consume) : actionSpec('inventory.record').input.safeParse(purchase);
    if (!check.success) return setProblem(check.error.issues[0]?.message ?? 'not valid');
    setProblem(null);
    setBusy(true);
    const result = mode === 'consume' ? await execute('inventory.consume', consume, { announceFailure: false }) : await execute('inventory.record', purchase, { announceFailure: false });
    setBusy(false);
    if (!result.ok) {
      setFailure(describeFailure(result.error));
      return;
    }
    const verb = mode === 'consume' ? 'Consumed' : 'Purchased';
    setDone(`${verb} ${formatQty(parsed.qty)} ${current.unit} of ${current.name} · ${formatQty(result.value.result.onHand)} on hand now`);
    setQuery('');
    setActive(0);
    setPicked(null);
  };

  /** A scanned code: the item with that barcode (or that exact SKU among the loaded rows), else the offer to create it. */
  const scan = async (code: string) => {
    setFailure(null);
    setUnknownCode(null);
    setBusy(true);
    const found = await findByBarcode(code);
    setBusy(false);
    if (!found.ok) return setFailure(describeFailure(found.error));
    if (found.value) return pick(found.value);
    const exact = quickMatches(rows, code, 1).find((m) => m.score >= 1000);
    if (exact) return pick(exact.item);
    setNewName('');
    setNewNameError(null);
    setUnknownCode(code);
  };

  const createWithCode = async (e: FormEvent) => {
    e.preventDefault();
    if (!unknownCode || busy) return;
    const check = actionSpec('inventory.createItem').input.safeParse({ name: newName, barcode: unknownCode });
    if (!check.success) return setNewNameError(check.error.issues[0]?.path[0] === 'name' ? 'Enter the item’s name' : (check.error.issues[0]?.message ?? 'not valid'));
    setNewNameError(null);
    setBusy(true);
    const created = await execute('inventory.createItem', { name: newName.trim(), barcode: unknownCode }, { announceFailure: false });
    if (!created.ok) {
      setBusy(false);
      return setFailure(describeFailure(created.error));
    }
    const row = await findByBarcode(unknownCode);
    setBusy(false);
    if (row.ok && row.value) pick(row.value);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (matches.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const typed = e.currentTarget.value.trim();
      if (isScannedCode(typed)) void scan(typed);
      else pick(matches[Math.min(active, matches.length - 1)]?.item);
    }
  };

  const onQtyKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit(e.shiftKey ? 'purchase' : 'consume');
    } else if (e.key === 'Escape') {
      // one step back to the item search; a second Escape closes
      e.preventDefault();
      e.stopPropagation();
      back();
    }
  };

  const activeId = matches.length ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined;
  return (
    <Dialog open onClose={onClose} title="Quick entry">
      {!current ? (
        <div className="quick-search">
          <label htmlFor={`${listId}-input`}>Item</label>
          <input
            ref={search}
            id={`${listId}-input`}
            role="combobox"
            aria-expanded={matches.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeId}
            aria-describedby={`${listId}-hint`}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
              setUnknownCode(null);
              setFailure(null);
            }}
            onKeyDown={onSearchKey}
            placeholder="Type a name or SKU, or scan a barcode"
            autoComplete="off"
            spellCheck={false}
          />
          <ul id={listId} role="listbox" aria-label="Matching items" className="quick-list">
            {matches.map((m, i) => (
              <li
                key={m.item.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === Math.min(active, matches.length - 1)}
                className={i === Math.min(active, matches.length - 1) ? 'quick-option quick-option-active' : 'quick-option'}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(m.item)}
              >
                <span className="quick-name">{m.item.name}</span>
                <span className="muted">
                  {m.item.sku ? `${m.item.sku} · ` : ''}
                  {formatQty(m.item.forecast.onHand)} {m.item.unit} on hand
                </span>
              </li>
            ))}
          </ul>
          {status === 'loading' && rows.length === 0 ? <Loading label="Loading items…" /> : null}
          {query.trim() && matches.length === 0 && status !== 'loading' && !unknownCode && !isScannedCode(query.trim()) ? <p className="muted">No item matches “{query.trim()}”.</p> : null}
          {unknownCode ? (
            <form className="quick-create" onSubmit={(e) => void createWithCode(e)} aria-label="Create an item with this barcode" noValidate>
              <p>
                No item has barcode <code>{unknownCode}</code>. Create it with this barcode:
              </p>
              <div className={newNameError ? 'field field-invalid' : 'field'}>
                <label htmlFor={`${listId}-new`}>Name of the new item</label>
                <input
                  id={`${listId}-new`}
                  value={newName}
                  onChange={(e) => {
                    setNewName(e.target.value);
                    setNewNameError(null);
                  }}
                  autoComplete="off"
                  autoFocus
                  aria-invalid={newNameError ? true : undefined}
                  aria-describedby={newNameError ? `${listId}-new-error` : undefined}
                />
                {newNameError ? (
                  <p id={`${listId}-new-error`} className="field-error">
                    {newNameError}
                  </p>
                ) : null}
              </div>
              <div className="form-actions">
                <Button onClick={() => setUnknownCode(null)}>Cancel</Button>
                <Button type="submit" variant="primary" busy={busy}>
                  Create item with barcode {unknownCode}
                </Button>
              </div>
            </form>
          ) : null}
          <FailureNotice failure={failure} />
          <p id={`${listId}-hint`} className="field-hint">
            <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> pick · a scanned barcode (8–14 digits) + <kbd>Enter</kbd> finds its item · <kbd>Esc</kbd> close
          </p>
        </div>
      ) : (
        <div className="quick-qty">
          <p className="quick-picked">
            <strong>{current.name}</strong>
            <span className="muted">
              {formatQty(current.forecast.onHand)} {current.unit} on hand
            </span>
            <Button small variant="ghost" onClick={back}>
              Change item
            </Button>
          </p>
          <div className={problem ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${listId}-qty`}>Quantity ({current.unit})</label>
            <input
              ref={qty}
              id={`${listId}-qty`}
              value={qtyText}
              onChange={(e) => {
                setQtyText(e.target.value);
                setProblem(null);
              }}
              onKeyDown={onQtyKey}
              inputMode="decimal"
              autoComplete="off"
              aria-invalid={problem ? true : undefined}
              aria-describedby={qtyHint}
            />
            <p id={qtyHint} className="field-hint">
              <kbd>Enter</kbd> consume · <kbd>Shift</kbd>+<kbd>Enter</kbd> record a purchase (<code>12 @ {minorToInput(150, currency)}</code> adds the unit cost) · <kbd>Esc</kbd> back
            </p>
            {problem ? <p className="field-error">{problem}</p> : null}
          </div>
          <FailureNotice failure={failure} />
          <div className="form-actions">
            <Button
              onClick={() => {
                onClose();
                void openItem(current.id);
              }}
            >
              Open item
            </Button>
            <Button onClick={() => void submit('purchase')} busy={busy}>
              Record purchase
            </Button>
            <Button variant="primary" onClick={() => void submit('consume')} busy={busy}>
              Consume
            </Button>
          </div>
        </div>
      )}
      <p className="quick-done" role="status" aria-live="polite">
        {done}
      </p>
    </Dialog>
  );
}
