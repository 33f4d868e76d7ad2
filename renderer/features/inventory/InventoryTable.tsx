/**
 * The inventory table: thousands of rows, virtualised (only the rows in view are in the
 * DOM, between two spacer rows), sorted by TanStack Table by any column header (the order
 * lives in the store, so it survives leaving for an item's detail and coming back), with
 * a compact "⋯" menu of quick actions per row so the item names get the room.
 */
import { createColumnHelper, type SortingState, type Updater } from '@tanstack/react-table';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ItemRow } from '../../../shared/contract/inventory';
import { formatAmount } from '../../ui/format';
import { Badge } from '../../ui/Badge';
import type { dataTableFeatures} from '../../ui/DataTable';
import { DataTable, RowActionsMenu, useSortableTable, useVirtualRows, valueSort, type RowAction } from '../../ui/DataTable';
import { useAppStoreApi } from '../../store/context';
import { confidenceTone, daysLeftTone, formatDay, formatDaysLeft, formatQty, formatRate } from './format';
import { MovementDialog, type MovementKind, type StockTarget } from './StockDialogs';
import { effectiveSort, sortsDescFirst, sortValue, type InventorySort, type InventoryView, type SortKey } from './view';

export const ROW_HEIGHT = 40;

/** Width (px) under which the table scrolls sideways in its box (name column pinned) rather than squeeze the names; less without the category column. */
const MIN_WIDTH = 1010;
const MIN_WIDTH_NO_CATEGORY = 900;

type QuickAction = 'consume' | 'outOf' | 'more' | 'open';

/** What the cells need that is not in a row: kept out of the column definitions so those stay stable. */
interface RowEnv {
  currency: string;
  pending: ReadonlySet<string>;
  onAction: (row: ItemRow, action: QuickAction) => void;
}
const RowEnvContext = createContext<RowEnv>({ currency: 'EUR', pending: new Set(), onAction: () => undefined });

const helper = createColumnHelper<typeof dataTableFeatures, ItemRow>();

/** A sortable column of `key`: its value from `sortValue`, empty values last either way. */
function sortable(key: SortKey) {
  return { accessorFn: (r: ItemRow) => sortValue(r, key), sortFn: valueSort, sortUndefined: 'last' as const, sortDescFirst: sortsDescFirst(key) };
}

const COLUMNS = helper.columns([
  helper.accessor((r) => sortValue(r, 'name'), {
    id: 'name',
    ...sortable('name'),
    meta: { label: 'Name', className: 'col-name', cellClassName: 'cell-ellipsis', primary: true },
    cell: ({ row }) => (
      <button type="button" className="link" data-action="open" title={row.original.name}>
        {row.original.name}
      </button>
    ),
  }),
  helper.accessor((r) => sortValue(r, 'sku'), {
    id: 'sku',
    ...sortable('sku'),
    meta: { label: 'SKU', className: 'col-sku', cellClassName: 'cell-ellipsis mono-cell' },
    cell: ({ row }) => (row.original.sku === null ? null : <span title={row.original.sku}>{row.original.sku}</span>),
  }),
  helper.accessor((r) => sortValue(r, 'category'), {
    id: 'category',
    ...sortable('category'),
    meta: { label: 'Category', className: 'col-category', cellClassName: 'cell-ellipsis' },
    cell: ({ row }) => (row.original.category === null ? <span className="muted">—</span> : <span title={row.original.category}>{row.original.category}</span>),
  }),
  helper.accessor((r) => sortValue(r, 'onHand'), {
    id: 'onHand',
    ...sortable('onHand'),
    meta: { label: 'On hand', className: 'col-num num', cellClassName: 'nowrap' },
    cell: ({ row }) => {
      const f = row.original.forecast;
      return (
        <>
          {f.belowMin ? (
            <Badge tone="warn" title="At or below its minimum">
              {formatQty(f.onHand)}
            </Badge>
          ) : (
            formatQty(f.onHand)
          )}{' '}
          <span className="unit">{row.original.unit}</span>
        </>
      );
    },
  }),
  helper.accessor((r) => sortValue(r, 'burnRate'), {
    id: 'burnRate',
    ...sortable('burnRate'),
    meta: { label: 'Burn/day', className: 'col-num num' },
    cell: ({ row }) => formatRate(row.original.forecast.burnRatePerDay),
  }),
  helper.accessor((r) => sortValue(r, 'daysLeft'), {
    id: 'daysLeft',
    ...sortable('daysLeft'),
    meta: { label: 'Days left', className: 'col-num num' },
    cell: ({ row }) => {
      const f = row.original.forecast;
      const tone = daysLeftTone(f.daysLeft, row.original.leadTimeDays);
      const days = formatDaysLeft(f.daysLeft);
      return tone ? <Badge tone={tone}>{days}</Badge> : days;
    },
  }),
  helper.accessor((r) => sortValue(r, 'runOutDate'), {
    id: 'runOutDate',
    ...sortable('runOutDate'),
    meta: { label: 'Run-out', className: 'col-date', cellClassName: 'nowrap' },
    cell: ({ row }) => formatDay(row.original.forecast.runOutDate),
  }),
  helper.accessor((r) => sortValue(r, 'confidence'), {
    id: 'confidence',
    ...sortable('confidence'),
    meta: { label: 'Confidence', className: 'col-confidence' },
    cell: ({ row }) => <Badge tone={confidenceTone(row.original.forecast.confidence)}>{row.original.forecast.confidence}</Badge>,
  }),
  helper.accessor((r) => sortValue(r, 'unitCost'), {
    id: 'unitCost',
    ...sortable('unitCost'),
    meta: { label: 'Unit cost', className: 'col-money num' },
    cell: ({ row }) => <UnitCost minor={row.original.unitCostMinor} />,
  }),
  helper.display({
    id: 'actions',
    enableSorting: false,
    meta: { label: 'Actions', className: 'col-actions', actions: true },
    cell: ({ row }) => <ItemActions row={row.original} />,
  }),
]);
const COLUMNS_NO_CATEGORY = COLUMNS.filter((c) => c.id !== 'category');

function UnitCost({ minor }: { minor: number | null }) {
  const { currency } = useContext(RowEnvContext);
  return minor === null ? '—' : formatAmount(minor, currency);
}

/** A row's "⋯" menu: consume 1, out of, more stock actions, open. */
function ItemActions({ row }: { row: ItemRow }) {
  const { pending, onAction } = useContext(RowEnvContext);
  const busy = pending.has(row.id);
  const empty = row.forecast.onHand <= 0;
  const actions: RowAction[] = [
    { id: 'consume', label: 'Consume 1', disabled: busy || empty },
    { id: 'outOf', label: 'Out of', disabled: busy || empty },
    { id: 'more', label: 'More stock actions…', disabled: busy },
    { id: 'open', label: 'Open details' },
  ];
  return <RowActionsMenu subject={row.name} actions={actions} busy={busy} onAction={(id) => onAction(row, id as QuickAction)} />;
}

/** The table's sorting state for an inventory order: its column, then the name to break ties. */
function sortingOf(sort: InventorySort): SortingState {
  const primary = { id: sort.key, desc: sort.dir === 'desc' };
  return sort.key === 'name' ? [primary] : [primary, { id: 'name', desc: false }];
}

export interface InventoryTableProps {
  /** The rows to show (filtered and searched, any order: the table sorts them). */
  rows: readonly ItemRow[];
  /** Whether to show the category column (left out while no item has a category, to give names room). */
  showCategory: boolean;
  /** The order chosen and the filters (a running-out view sorts by days left unless another order was chosen for it). */
  view: Pick<InventoryView, 'sort' | 'filters'>;
  currency: string;
  /** A column header was clicked (or pressed): the store works out the next order (`nextSort`). */
  onSort: (key: SortKey) => void;
  /** Scroll offset to start at (coming back from an item's detail). */
  initialScrollTop: number;
  /** The item to focus when the table appears (the one whose detail was just closed). */
  focusItemId?: string | null;
}

/** The virtualised, sortable item table with a per-row menu of quick actions. */
export function InventoryTable({ rows, showCategory, view, currency, onSort, initialScrollTop, focusItemId }: InventoryTableProps) {
  const store = useAppStoreApi();
  const scroller = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const [movement, setMovement] = useState<{ item: StockTarget; kind: MovementKind } | null>(null);

  const sort = effectiveSort(view);
  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const key = next[0]?.id as SortKey | undefined;
      if (key) onSort(key);
    },
    [sorting, onSort],
  );
  const table = useSortableTable({ columns: showCategory ? COLUMNS : COLUMNS_NO_CATEGORY, data: rows, sorting, onSortingChange });
  const sorted = table.getRowModel().rows;
  const byId = useMemo(() => new Map(sorted.map((r, i) => [r.id, i])), [sorted]);

  const virtualizer = useVirtualRows({ count: sorted.length, getKey: (i) => sorted[i]?.id ?? i, scrollRef: scroller, rowHeight: ROW_HEIGHT, stackedRowHeight: 190, initialOffset: initialScrollTop });

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

  const onAction = useCallback(
    (row: ItemRow, action: QuickAction) => {
      switch (action) {
        case 'open':
          void store.getState().openItem(row.id);
          break;
        case 'consume':
        case 'outOf':
          void run(row.id, action);
          break;
        case 'more':
          setMovement({ item: { id: row.id, name: row.name, unit: row.unit, locationId: row.locationId, onHand: row.forecast.onHand }, kind: 'purchase' });
          break;
      }
    },
    [store, run],
  );
  const env = useMemo<RowEnv>(() => ({ currency, pending, onAction }), [currency, pending, onAction]);

  // One click handler on the body serves every row's name button.
  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-action="open"]');
    const id = button?.closest<HTMLElement>('tr[data-id]')?.dataset.id;
    if (button && id) void store.getState().openItem(id);
  };

  // Up and down arrows move between rows' name buttons, scrolling the virtual list.
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const tr = (e.target as HTMLElement).closest<HTMLElement>('tr[aria-rowindex]');
    if (!tr) return;
    const index = Number(tr.getAttribute('aria-rowindex')) - 2 + (e.key === 'ArrowDown' ? 1 : -1);
    if (index < 0 || index >= sorted.length) return;
    e.preventDefault();
    focusRow(index);
  };

  return (
    <RowEnvContext.Provider value={env}>
      <DataTable
        table={table}
        label="Items"
        virtualizer={virtualizer}
        scrollRef={scroller}
        minWidth={showCategory ? MIN_WIDTH : MIN_WIDTH_NO_CATEGORY}
        rowProps={(row) => ({ 'data-id': row.id, className: row.forecast.belowMin ? 'row-below-min' : undefined })}
        bodyProps={{ onClick, onKeyDown }}
      />
      <MovementDialog item={movement?.item ?? null} kind={movement?.kind ?? 'purchase'} onClose={() => setMovement(null)} />
    </RowEnvContext.Provider>
  );
}
