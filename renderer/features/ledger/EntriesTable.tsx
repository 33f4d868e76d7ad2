/**
 * An account's entries, virtualised (only the rows in view are in the DOM, between two
 * spacer rows) and sortable by any column header: newest date first by default (ties in
 * the engine's order, newest recorded first), amounts numerically in minor units, dates
 * chronologically. Scrolling near the end loads the next page by cursor; a sort orders the
 * entries loaded so far, and says so while more can load. An entry linked to a receipt
 * shows the receipt's vendor as a link that opens the receipt; its category is a button
 * that opens the categorise dialog.
 */
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { createContext, useContext, useEffect, useRef, type MouseEvent } from 'react';
import type { LedgerEntryRow } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import type { dataTableFeatures} from '../../ui/DataTable';
import { DataTable, useRememberedSorting, useSortableTable, useVirtualRows, valueSort } from '../../ui/DataTable';
import { formatDay } from '../inventory/format';
import { amountClass, formatSignedMoney, receiptLinkLabel } from './view';

export const ENTRY_ROW_HEIGHT = 40;
/** How close to the last loaded row scrolling starts loading the next page. */
const LOAD_AHEAD_ROWS = 20;
/** Width (px) under which the table scrolls sideways in its box (date column pinned). */
const MIN_WIDTH = 860;
/** Newest date first. */
export const DEFAULT_ENTRY_SORTING: SortingState = [{ id: 'date', desc: true }];

/** The account's currency, for the amount cells (kept out of the column definitions so they stay stable). */
const CurrencyContext = createContext('EUR');

const helper = createColumnHelper<typeof dataTableFeatures, LedgerEntryRow>();

const COLUMNS = helper.columns([
  helper.accessor('date', {
    id: 'date',
    sortFn: valueSort,
    sortDescFirst: true,
    meta: { label: 'Date', className: 'col-date', cellClassName: 'nowrap' },
    cell: ({ row }) => formatDay(row.original.date),
  }),
  helper.accessor((e) => e.payee ?? undefined, {
    id: 'payee',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Payee', className: 'col-name', cellClassName: 'cell-ellipsis', primary: true },
    cell: ({ row }) => (row.original.payee === null ? <span className="muted">—</span> : <span title={row.original.payee}>{row.original.payee}</span>),
  }),
  helper.accessor((e) => e.category ?? undefined, {
    id: 'category',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Category', className: 'col-category', cellClassName: 'cell-ellipsis' },
    cell: ({ row }) => {
      const entry = row.original;
      return (
        <button type="button" className="link" data-categorize={entry.id} aria-label={`Category of ${entry.payee ?? 'the entry'}: ${entry.category ?? 'none'}`} title="Set the category">
          {entry.category ?? <span className="muted">Set…</span>}
        </button>
      );
    },
  }),
  helper.accessor((e) => e.memo ?? undefined, {
    id: 'memo',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Memo', className: 'col-memo', cellClassName: 'cell-ellipsis muted' },
    cell: ({ row }) => (row.original.memo === null ? null : <span title={row.original.memo}>{row.original.memo}</span>),
  }),
  helper.accessor('amountMinor', {
    id: 'amount',
    sortFn: valueSort,
    sortDescFirst: true,
    meta: { label: 'Amount', className: 'col-amount num' },
    cell: ({ row }) => <Amount minor={row.original.amountMinor} />,
  }),
  helper.accessor((e) => receiptLinkLabel(e) ?? undefined, {
    id: 'receipt',
    sortFn: valueSort,
    sortUndefined: 'last',
    meta: { label: 'Receipt', className: 'col-receipt', cellClassName: 'cell-ellipsis' },
    cell: ({ row }) => {
      const label = receiptLinkLabel(row.original);
      return row.original.receiptId && label ? (
        <button type="button" className="link" data-receipt={row.original.receiptId} aria-label={`Open receipt: ${label}`} title={`Open the receipt (${label})`}>
          {label}
        </button>
      ) : (
        <span className="muted">—</span>
      );
    },
  }),
  helper.accessor((e) => (e.source === 'import' ? 'Imported' : 'Manual'), {
    id: 'source',
    sortFn: valueSort,
    meta: { label: 'Source', className: 'col-source' },
    cell: ({ row }) => <Badge tone={row.original.source === 'import' ? 'info' : 'neutral'}>{row.original.source === 'import' ? 'Imported' : 'Manual'}</Badge>,
  }),
]);

function Amount({ minor }: { minor: number }) {
  const currency = useContext(CurrencyContext);
  return <span className={amountClass(minor) || undefined}>{formatSignedMoney(minor, currency)}</span>;
}

export interface EntriesTableProps {
  entries: readonly LedgerEntryRow[];
  currency: string;
  canLoadMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpenReceipt: (receiptId: string) => void;
  /** Opens the category of entry `entryId` for editing. */
  onCategorize: (entryId: string) => void;
}

/** The virtualised, sortable entry list of one account. */
export function EntriesTable({ entries, currency, canLoadMore, loadingMore, onLoadMore, onOpenReceipt, onCategorize }: EntriesTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [sorting, setSorting] = useRememberedSorting('ledger-entries', DEFAULT_ENTRY_SORTING);
  const table = useSortableTable({ columns: COLUMNS, data: entries, sorting, onSortingChange: setSorting });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualRows({ count: rows.length, getKey: (i) => rows[i]?.id ?? i, scrollRef: scroller, rowHeight: ENTRY_ROW_HEIGHT, stackedRowHeight: 170 });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (canLoadMore && !loadingMore && lastShown >= entries.length - LOAD_AHEAD_ROWS) onLoadMore();
  }, [canLoadMore, loadingMore, lastShown, entries.length, onLoadMore]);

  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const target = e.target as HTMLElement;
    const receiptId = target.closest<HTMLElement>('[data-receipt]')?.dataset.receipt;
    if (receiptId) onOpenReceipt(receiptId);
    const entryId = target.closest<HTMLElement>('[data-categorize]')?.dataset.categorize;
    if (entryId) onCategorize(entryId);
  };

  const isDefault = sorting.length === 1 && sorting[0]?.id === 'date' && sorting[0].desc;
  return (
    <CurrencyContext.Provider value={currency}>
      <DataTable
        table={table}
        label="Entries"
        virtualizer={virtualizer}
        scrollRef={scroller}
        className="ledger-entries"
        minWidth={MIN_WIDTH}
        rowProps={(e) => ({ 'data-id': e.id })}
        bodyProps={{ onClick }}
        note={canLoadMore && !isDefault ? `Sorted among the ${entries.length.toLocaleString('en')} entries loaded so far; scrolling down loads more.` : undefined}
      />
    </CurrencyContext.Provider>
  );
}
