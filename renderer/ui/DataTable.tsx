/**
 * The shared parts of the console's long, sortable tables (inventory items, receipts,
 * ledger entries), on TanStack Table v9 (state and sorted row model) and TanStack Virtual
 * (only the rows in view are in the DOM, between two spacer rows):
 *
 * - `dataTableFeatures`: the feature set every such table registers (sorting, its sorted row
 *   model, typed column meta), and `valueSort`, the comparator of their columns;
 * - `useVirtualRows`: the row virtualiser, measuring each row (a stacked row on a phone is taller);
 * - `DataTable`: the markup — sort buttons in the column headers with `aria-sort`, cells
 *   labelled for the narrow layout (tables.css: below 760 px each row is a card of
 *   label: value pairs; up to 900 px the table scrolls inside its box, first column pinned);
 * - `RowActionsMenu`: a compact per-row "⋯" menu button (WAI-ARIA menu button pattern).
 *
 * TanStack owns state and row models; this module owns markup, styles and keyboard.
 */
import {
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  type Column,
  type ReactTable,
  type Row,
  type RowData,
  type SortFn,
  type SortingState,
  type TableOptions,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type HTMLAttributes, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import './tables.css';

/** What a column tells the markup beyond TanStack's definition. */
export interface DataColumnMeta {
  /** The column's name: header text, and the label of its value in a stacked (narrow) row. */
  label: string;
  /** Classes of the column's `<col>`, header and cells (widths, `num` for right-aligned numbers). */
  className?: string;
  /** Classes of the cells only (e.g. `cell-ellipsis`). */
  cellClassName?: string;
  /** The row's title in a stacked row: shown first, across the card, without a label. */
  primary?: boolean;
  /** A cell of row controls (the actions menu): no label in a stacked row, placed top right. */
  actions?: boolean;
}

/** The feature set of every data table: sorting (client-side, stable) and typed column meta. */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnMeta: metaHelper<DataColumnMeta>(),
});
export type DataTableFeatures = typeof dataTableFeatures;
/** A table instance made with `useTable({ features: dataTableFeatures, … })`. */
// the selected state is not read through this type; `any` keeps every selector assignable
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableInstance<TData extends RowData> = ReactTable<DataTableFeatures, TData, any>;

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Compares two cell values ascending: numbers numerically (minor units stay integers), text case-insensitively with numbers in it in order, ISO dates as text (chronological). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The comparator of a data table's columns (ascending; TanStack reverses it for descending).
 * Columns return `undefined` for "no value" and set `sortUndefined: 'last'`, so empty cells
 * go last in either direction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const valueSort: SortFn<DataTableFeatures, any> = (a, b, id) => compareValues(a.getValue(id), b.getValue(id));

/** `aria-sort` of a column's header: only the first (primary) sort is announced; tie-breakers are not. */
export function ariaSortOf<TData extends RowData>(column: Column<DataTableFeatures, TData, unknown>): 'ascending' | 'descending' | undefined {
  const sorted = column.getIsSorted();
  if (!sorted || column.getSortIndex() !== 0) return undefined;
  return sorted === 'asc' ? 'ascending' : 'descending';
}

/** Width at and below which rows are stacked as cards (keep in step with tables.css). */
export const STACKED_QUERY = '(max-width: 760px)';

/** Whether the window matches `query` now, following changes (false where there is no `matchMedia`, as in tests). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => (typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query).matches : false),
    () => false,
  );
}

/** Sort orders chosen in the tables that keep no order in the store, by table name, for as long as the window is open (leaving a screen and coming back keeps them). */
const rememberedSorting = new Map<string, SortingState>();

/**
 * A table's sorting state, starting at `initial` (or at what was chosen last in table `name`
 * this session) and remembered when changed.
 */
export function useRememberedSorting(name: string, initial: SortingState): [SortingState, (next: SortingState | ((old: SortingState) => SortingState)) => void] {
  const [sorting, setSorting] = useState<SortingState>(() => rememberedSorting.get(name) ?? initial);
  const set = useCallback(
    (next: SortingState | ((old: SortingState) => SortingState)) => {
      setSorting((old) => {
        const value = typeof next === 'function' ? next(old) : next;
        rememberedSorting.set(name, value);
        return value;
      });
    },
    [name],
  );
  return [sorting, set];
}

export interface SortableTableOptions<TData extends RowData & { id: string }> {
  columns: TableOptions<DataTableFeatures, TData>['columns'];
  /** The rows, in any order (the table sorts them). */
  data: readonly TData[];
  /** The order shown: one column, or a column then its tie-breakers. */
  sorting: SortingState;
  /** A header asked for another order (TanStack's updater: a value or a function of the old one). */
  onSortingChange: (updater: Updater<SortingState>) => void;
}

/**
 * A data table instance as every sortable table of the console makes it: the shared feature
 * set, rows keyed by their `id`, one sorted column at a time (a click toggles ascending and
 * descending; there is no "unsorted").
 */
export function useSortableTable<TData extends RowData & { id: string }>({ columns, data, sorting, onSortingChange }: SortableTableOptions<TData>): DataTableInstance<TData> {
  return useTable({
    features: dataTableFeatures,
    columns,
    data: data as TData[],
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
}

/** Forgets every remembered sort order (for tests, and a new session in the same window). */
export function forgetRememberedSorting(): void {
  rememberedSorting.clear();
}

export interface VirtualRowsOptions {
  count: number;
  getKey: (index: number) => string | number;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** A row's height in the table layout (px); a first guess where rows are stacked. */
  rowHeight: number;
  /** A stacked row's first guess (px). */
  stackedRowHeight?: number;
  initialOffset?: number;
  overscan?: number;
}

/**
 * The row virtualiser of a data table. Rows are measured as they render (a stacked row on a
 * phone is taller than a table row); where nothing can be measured (no layout, as in
 * tests), a row counts as `rowHeight`.
 */
export function useVirtualRows({ count, getKey, scrollRef, rowHeight, stackedRowHeight = rowHeight * 4, initialOffset = 0, overscan = 10 }: VirtualRowsOptions): Virtualizer<HTMLDivElement, HTMLTableRowElement> {
  const stacked = useMediaQuery(STACKED_QUERY);
  const estimate = stacked ? stackedRowHeight : rowHeight;
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLTableRowElement>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    overscan,
    initialOffset,
    getItemKey: getKey,
    measureElement: (el, entry) => {
      const size = entry?.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
      return size > 0 ? Math.round(size) : estimate;
    },
  });
  // the layout changed (phone ↔ table): forget the old sizes
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, estimate]);
  return virtualizer;
}

export interface DataTableProps<TData extends RowData> {
  table: DataTableInstance<TData>;
  /** The table's accessible name. */
  label: string;
  virtualizer: Virtualizer<HTMLDivElement, HTMLTableRowElement>;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Extra classes of the scroll box (its height). */
  className?: string;
  /** Width (px) below which the table scrolls sideways inside its box, first column pinned, instead of squeezing its columns. */
  minWidth: number;
  /** Attributes of a data row (`data-id`, a class, `aria-selected`); `aria-rowindex` and the key are set here. */
  rowProps?: (row: TData) => HTMLAttributes<HTMLTableRowElement> & { 'data-id'?: string };
  /** Handlers on the body, for delegated clicks and keys (one handler serves every row). */
  bodyProps?: Pick<HTMLAttributes<HTMLTableSectionElement>, 'onClick' | 'onKeyDown'>;
  /** Shown under the header when set (e.g. that a sort orders only the rows loaded so far). */
  note?: ReactNode;
}

/**
 * A virtualised, sortable table: sort buttons in the headers (click, Enter or Space; the same
 * column again flips the direction; `aria-sort` on the header cell), rows from the table's
 * sorted row model, each cell labelled for the stacked layout.
 */
export function DataTable<TData extends RowData>({ table, label, virtualizer, scrollRef, className, minWidth, rowProps, bodyProps, note }: DataTableProps<TData>) {
  const rows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));
  const span = headers.length;
  return (
    <div className={['vtable-scroll', 'data-table-scroll', className].filter(Boolean).join(' ')} ref={scrollRef}>
      {note ? <p className="data-table-note muted">{note}</p> : null}
      <table className="table vtable data-table" aria-label={label} aria-rowcount={rows.length + 1} style={{ minWidth }}>
        <colgroup>
          {headers.map((h) => (
            <col key={h.id} className={h.column.columnDef.meta?.className} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {headers.map((h) => {
              const meta = h.column.columnDef.meta;
              const sorted = h.column.getSortIndex() === 0 ? h.column.getIsSorted() : false;
              const classes = [meta?.className, h.column.getCanSort() ? 'th-sortable' : 'th-static'].filter(Boolean).join(' ');
              return (
                <th key={h.id} scope="col" className={classes} aria-sort={ariaSortOf(h.column)}>
                  {h.column.getCanSort() ? (
                    <button type="button" className="sort-button" onClick={h.column.getToggleSortingHandler()}>
                      {meta?.label ?? h.id}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  ) : meta?.actions ? (
                    <span className="visually-hidden">{meta.label}</span>
                  ) : (
                    (meta?.label ?? h.id)
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody {...bodyProps}>
          {paddingTop > 0 ? (
            <tr className="vspacer" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((v) => {
            const row = rows[v.index] as Row<DataTableFeatures, TData> | undefined;
            if (!row) return null;
            return (
              <tr key={row.id} {...rowProps?.(row.original)} aria-rowindex={v.index + 2} data-index={v.index} ref={virtualizer.measureElement}>
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const classes = [meta?.className, meta?.cellClassName, meta?.primary ? 'cell-primary' : null, meta?.actions ? 'cell-actions' : null].filter(Boolean).join(' ');
                  return (
                    <td key={cell.id} className={classes || undefined} data-label={meta?.primary || meta?.actions ? undefined : meta?.label}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr className="vspacer" aria-hidden="true">
              <td colSpan={span} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** One entry of a row's actions menu. */
export interface RowAction {
  id: string;
  label: string;
  disabled?: boolean;
}

export interface RowActionsMenuProps {
  /** What the row is (an item's name): the button is named "Actions for {subject}". */
  subject: string;
  actions: readonly RowAction[];
  onAction: (id: string) => void;
  /** Marks the button busy (an action of the row is running). */
  busy?: boolean;
}

/**
 * A row's actions behind one compact "⋯" button (named "Actions for {subject}"): Enter,
 * Space, ↓ or a click opens the menu on its first entry (↑ on its last); ↑ ↓ Home End move;
 * Enter or a click runs an entry; Escape (or Tab, or a click elsewhere) closes it and focus
 * returns to the button. The menu floats over the page (fixed, beside the button), so the
 * table's scroll box does not clip it; scrolling closes it.
 */
export function RowActionsMenu({ subject, actions, onAction, busy = false }: RowActionsMenuProps) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const name = `Actions for ${subject}`;

  const close = useCallback((refocus: boolean) => {
    setOpen(null);
    if (refocus) button.current?.focus();
  }, []);

  /** Opens the menu beside the button (below it, or above where there is no room below), focus on its first or last entry. */
  const openAt = useCallback(
    (focus: 'first' | 'last') => {
      const r = button.current?.getBoundingClientRect();
      if (r) {
        const width = 200;
        const height = actions.length * 44 + 10;
        const left = Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8));
        const below = r.bottom + 4;
        const top = below + height > window.innerHeight - 8 && r.top - height - 4 > 8 ? r.top - height - 4 : below;
        setPosition({ top, left });
      }
      setOpen(focus);
    },
    [actions.length],
  );

  useEffect(() => {
    if (!open) return;
    const items = menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    (open === 'last' ? items?.[items.length - 1] : items?.[0])?.focus();
    const onPointer = (e: Event) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    const onScroll = (e: Event) => {
      if (!menu.current?.contains(e.target as Node)) close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open, close]);

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      openAt(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(true);
        return; // Tab goes on from the button
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const run = (action: RowAction) => {
    if (action.disabled) return;
    close(true);
    onAction(action.id);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn btn-small btn-ghost row-menu-button"
        aria-label={name}
        title={name}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy || undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={onButtonKey}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open
        ? createPortal(
            <div
              ref={menu}
              id={menuId}
              role="menu"
              aria-label={name}
              className="row-menu"
              style={position ? { top: position.top, left: position.left } : undefined}
              onKeyDown={onMenuKey}
            >
              {actions.map((a) => (
                <button key={a.id} type="button" role="menuitem" tabIndex={-1} className="row-menu-item" aria-disabled={a.disabled || undefined} onClick={() => run(a)}>
                  {a.label}
                </button>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
