/**
 * The receipts list as a virtualised, sortable table (only the rows in view are in the
 * DOM): newest receipt date first by default, any column by its header; the next page
 * loads as the last loaded rows scroll into view. Sorting orders the receipts loaded so far
 * (the engine pages them newest entered first), and says so while more can load.
 */
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { ReceiptSummary } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import type { dataTableFeatures} from '../../ui/DataTable';
import { compareValues, DataTable, useRememberedSorting, useSortableTable, useVirtualRows, valueSort } from '../../ui/DataTable';
import { formatDay } from '../inventory/format';
import { ReceiptTotal, RefundBadge } from './ReceiptTotal';
import { isRefund, RECEIPT_STATUS_LABELS, receiptStatusTone } from './view';

const ROW_HEIGHT = 40;
/** Width (px) under which the table scrolls sideways in its box (date column pinned). */
const MIN_WIDTH = 620;
/** Newest receipt date first; receipts without a date last. */
export const DEFAULT_RECEIPT_SORTING: SortingState = [{ id: 'date', desc: true }];

const helper = createColumnHelper<typeof dataTableFeatures, ReceiptSummary>();

const COLUMNS = helper.columns([
  helper.accessor((r) => r.date ?? undefined, {
    id: 'date',
    sortFn: valueSort,
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { label: 'Date', className: 'col-date', cellClassName: 'nowrap' },
    cell: ({ row }) => (row.original.date ? formatDay(row.original.date) : <span className="muted">no date</span>),
  }),
  helper.accessor((r) => r.vendor ?? undefined, {
    id: 'vendor',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Vendor', className: 'col-vendor', cellClassName: 'cell-ellipsis', primary: true },
    cell: ({ row }) => (
      <>
        {isRefund(row.original) ? <RefundBadge /> : null}
        <button type="button" className="link" data-select={row.original.id} title={row.original.vendor ?? undefined}>
          {row.original.vendor ?? 'Unknown vendor'}
        </button>
      </>
    ),
  }),
  helper.accessor((r) => r.category ?? undefined, {
    id: 'category',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Category', className: 'col-category', cellClassName: 'cell-ellipsis' },
    cell: ({ row }) => (row.original.category === null ? <span className="muted">—</span> : <span title={row.original.category}>{row.original.category}</span>),
  }),
  helper.accessor((r) => r.totalMinor ?? undefined, {
    id: 'total',
    // integer minor units, numerically; receipts in another currency are grouped by its code rather than compared across currencies
    sortFn: (a, b) => compareValues(a.original.currency, b.original.currency) || compareValues(a.original.totalMinor, b.original.totalMinor),
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { label: 'Total', className: 'col-num num' },
    cell: ({ row }) => <ReceiptTotal totalMinor={row.original.totalMinor} currency={row.original.currency} badge={false} />,
  }),
  helper.accessor((r) => RECEIPT_STATUS_LABELS[r.status], {
    id: 'status',
    sortFn: valueSort,
    meta: { label: 'Status', className: 'col-status' },
    cell: ({ row }) => <Badge tone={receiptStatusTone(row.original.status)}>{RECEIPT_STATUS_LABELS[row.original.status]}</Badge>,
  }),
]);

export interface ReceiptsTableProps {
  items: readonly ReceiptSummary[];
  selectedId: string | null;
  /** A receipt's vendor was clicked: select it (or `null` to close the one open). */
  onSelect: (id: string | null) => void;
  canLoadMore: boolean;
  onLoadMore: () => void;
}

/** The receipts table: sortable headers, virtualised rows, the next page on scrolling near the end. */
export function ReceiptsTable({ items, selectedId, onSelect, canLoadMore, onLoadMore }: ReceiptsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [sorting, setSorting] = useRememberedSorting('receipts', DEFAULT_RECEIPT_SORTING);
  const table = useSortableTable({ columns: COLUMNS, data: items, sorting, onSortingChange: setSorting });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualRows({ count: rows.length, getKey: (i) => rows[i]?.id ?? i, scrollRef: scroller, rowHeight: ROW_HEIGHT, stackedRowHeight: 130, overscan: 12 });
  const last = virtualizer.getVirtualItems().at(-1)?.index ?? 0;
  useEffect(() => {
    if (canLoadMore && last >= items.length - 20) onLoadMore();
  }, [canLoadMore, last, items.length, onLoadMore]);

  const isDefault = useMemo(() => sorting.length === 1 && sorting[0]?.id === 'date' && sorting[0].desc, [sorting]);
  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-select]')?.dataset.select;
    if (id) onSelect(id === selectedId ? null : id);
  };

  return (
    <DataTable
      table={table}
      label="Receipts"
      virtualizer={virtualizer}
      scrollRef={scroller}
      className="receipts-scroll"
      minWidth={MIN_WIDTH}
      rowProps={(r) => ({ 'data-id': r.id, className: r.id === selectedId ? 'row-selected' : undefined, 'aria-selected': r.id === selectedId })}
      bodyProps={{ onClick }}
      note={canLoadMore && !isDefault ? `Sorted among the ${items.length.toLocaleString('en')} receipts loaded so far; scrolling down loads more.` : undefined}
    />
  );
}
