/**
 * The inventory table: thousands of rows, virtualised (only the rows in view are in the
 * DOM, between two spacer rows), sortable by column header, with quick actions per row.
 * Rows are memoised and get their data as props: no row subscribes to the store. One
 * click handler on the body serves every row's buttons (`data-action`).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ItemRow } from '../../../shared/contract/inventory';
import { formatMoney } from '../../../shared/domain/money';
import { Badge } from '../../ui/Badge';
import { useAppStoreApi } from '../../store/context';
import { confidenceTone, daysLeftTone, formatDay, formatDaysLeft, formatQty, formatRate } from './format';
import { MovementDialog, type MovementKind, type StockTarget } from './StockDialogs';
import type { InventorySort, SortKey } from './view';

export const ROW_HEIGHT = 40;

interface Column {
  id: string;
  label: string;
  sort?: SortKey;
  className?: string;
}

const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Name', sort: 'name', className: 'col-name' },
  { id: 'sku', label: 'SKU', className: 'col-sku' },
  { id: 'category', label: 'Category', sort: 'category', className: 'col-category' },
  { id: 'onHand', label: 'On hand', sort: 'onHand', className: 'col-num num' },
  { id: 'burnRate', label: 'Burn/day', sort: 'burnRate', className: 'col-num num' },
  { id: 'daysLeft', label: 'Days left', sort: 'daysLeft', className: 'col-num num' },
  { id: 'runOutDate', label: 'Run-out', sort: 'runOutDate', className: 'col-date' },
  { id: 'confidence', label: 'Confidence', sort: 'confidence', className: 'col-confidence' },
  { id: 'unitCost', label: 'Unit cost', className: 'col-money num' },
  { id: 'actions', label: 'Quick actions', className: 'col-actions' },

];

export interface InventoryTableProps {
  rows: readonly ItemRow[];
  /** Whether to show the category column (left out while no item has a category, to give names room). */
  showCategory: boolean;
  sort: InventorySort;
  currency: string;
  onSort: (key: SortKey) => void;
  /** Scroll offset to start at (coming back from an item's detail). */
  initialScrollTop: number;
  /** The item to focus when the table appears (the one whose detail was just closed). */
  focusItemId?: string | null;
}

/** The virtualised, sortable item table with per-row quick actions. */
export function InventoryTable({ rows, showCategory, sort, currency, onSort, initialScrollTop, focusItemId }: InventoryTableProps) {
  const columns = useMemo(() => (showCategory ? COLUMNS : COLUMNS.filter((c) => c.id !== 'category')), [showCategory]);
  const store = useAppStoreApi();
  const scroller = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const [movement, setMovement] = useState<{ item: StockTarget; kind: MovementKind } | null>(null);
  const byId = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialOffset: initialScrollTop,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  // Keep where the operator was, for the way back from an item's detail.
  useEffect(() => {
    const el = scroller.current;
    return () => store.getState().rememberInventoryScroll(el?.scrollTop ?? 0);
  }, [store]);

  const focusRow = useCallback(
    (index: number) => {
      virtualizer.scrollToIndex(index, { align: 'auto' });
      // the row may only exist after the virtualiser re-renders
      requestAnimationFrame(() => requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`tr[aria-rowindex="${index + 2}"] [data-action="open"]`)?.focus()));
    },
    [virtualizer],
  );

  useEffect(() => {
    if (!focusItemId) return;
    const index = byId.get(focusItemId);
    if (index !== undefined) focusRow(index);
    // only when coming back from a detail, not on every change of rows
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusItemId]);

  const run = useCallback(
    async (itemId: string, action: 'consume' | 'outOf') => {
      setPending((p) => new Set(p).add(itemId));
      const execute = store.getState().execute;
      if (action === 'consume') await execute('inventory.consume', { itemId, qty: 1 });
      else await execute('inventory.outOf', { itemId });
      setPending((p) => {
        const next = new Set(p);
        next.delete(itemId);
        return next;
      });
    },
    [store],
  );

  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-action]');
    const id = button?.closest<HTMLElement>('tr[data-id]')?.dataset.id;
    const index = id === undefined ? undefined : byId.get(id);
    const row = index === undefined ? undefined : rows[index];
    if (!button || !row) return;
    switch (button.dataset.action) {
      case 'open':
        void store.getState().openItem(row.id);
        break;
      case 'consume':
      case 'outOf':
        void run(row.id, button.dataset.action);
        break;
      case 'more':
        setMovement({ item: { id: row.id, name: row.name, unit: row.unit, locationId: row.locationId, onHand: row.forecast.onHand }, kind: 'purchase' });
        break;
    }
  };

  // Up and down arrows move between rows' name buttons, scrolling the virtual list.
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const tr = (e.target as HTMLElement).closest<HTMLElement>('tr[aria-rowindex]');
    if (!tr) return;
    const index = Number(tr.getAttribute('aria-rowindex')) - 2 + (e.key === 'ArrowDown' ? 1 : -1);
    if (index < 0 || index >= rows.length) return;
    e.preventDefault();
    focusRow(index);
  };

  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));

  return (
    <>
      <div className="vtable-scroll" ref={scroller}>
        <table className="table vtable" aria-label="Items" aria-rowcount={rows.length + 1}>
          <colgroup>
            {columns.map((c) => (
              <col key={c.id} className={c.className} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => (
                <th key={c.id} scope="col" className={c.className} aria-sort={c.sort && sort.key === c.sort ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(c.sort as SortKey)}>
                      {c.label}
                      <span className="sort-mark" aria-hidden="true">
                        {sort.key === c.sort ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody onClick={onClick} onKeyDown={onKeyDown}>
            {paddingTop > 0 ? (
              <tr className="vspacer" aria-hidden="true">
                <td colSpan={columns.length} style={{ height: paddingTop }} />
              </tr>
            ) : null}
            {items.map((v) => {
              const row = rows[v.index] as ItemRow;
              return <ItemRowView key={row.id} row={row} index={v.index} currency={currency} showCategory={showCategory} busy={pending.has(row.id)} />;
            })}
            {paddingBottom > 0 ? (
              <tr className="vspacer" aria-hidden="true">
                <td colSpan={columns.length} style={{ height: paddingBottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <MovementDialog item={movement?.item ?? null} kind={movement?.kind ?? 'purchase'} onClose={() => setMovement(null)} />
    </>
  );
}

interface RowProps {
  row: ItemRow;
  index: number;
  currency: string;
  showCategory: boolean;
  busy: boolean;
}

/** One item row; re-renders only when its row object, position, currency or busy flag change. */
const ItemRowView = memo(function ItemRowView({ row, index, currency, showCategory, busy }: RowProps) {
  const f = row.forecast;
  const tone = daysLeftTone(f.daysLeft, row.leadTimeDays);
  const days = formatDaysLeft(f.daysLeft);
  return (
    <tr aria-rowindex={index + 2} data-id={row.id} className={f.belowMin ? 'row-below-min' : undefined}>
      <td className="cell-ellipsis">
        <button type="button" className="link" data-action="open" title={row.name}>
          {row.name}
        </button>
      </td>
      <td className="cell-ellipsis mono-cell">{row.sku ?? ''}</td>
      {showCategory ? <td className="cell-ellipsis">{row.category ?? <span className="muted">—</span>}</td> : null}
      <td className="num nowrap">
        {f.belowMin ? (
          <Badge tone="warn" title="At or below its minimum">
            {formatQty(f.onHand)}
          </Badge>
        ) : (
          formatQty(f.onHand)
        )}{' '}
        <span className="unit">{row.unit}</span>
      </td>
      <td className="num">{formatRate(f.burnRatePerDay)}</td>
      <td className="num">{tone ? <Badge tone={tone}>{days}</Badge> : days}</td>
      <td className="nowrap">{formatDay(f.runOutDate)}</td>
      <td>
        <Badge tone={confidenceTone(f.confidence)}>{f.confidence}</Badge>
      </td>
      <td className="num">{row.unitCostMinor === null ? '—' : formatMoney(row.unitCostMinor, currency)}</td>
      <td className="row-actions">
        <button type="button" className="btn btn-small" data-action="consume" aria-label={`Consume 1: ${row.name}`} disabled={busy || f.onHand <= 0}>
          Consume 1
        </button>
        <button type="button" className="btn btn-small" data-action="outOf" aria-label={`Out of: ${row.name}`} disabled={busy || f.onHand <= 0}>
          Out of
        </button>
        <button type="button" className="btn btn-small btn-ghost" data-action="more" aria-label={`More stock actions: ${row.name}`} disabled={busy}>
          More…
        </button>
      </td>
    </tr>
  );
});
