/**
 * An account's entries, newest first, virtualised (only the rows in view are in the DOM,
 * between two spacer rows); scrolling near the end loads the next page by cursor. An entry
 * linked to a receipt shows the receipt's vendor as a link that opens the receipt; its
 * category is a button that opens the categorise dialog.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type MouseEvent } from 'react';
import type { LedgerEntryRow } from '../../../shared/contract';
import { Badge } from '../../ui/Badge';
import { formatDay } from '../inventory/format';
import { amountClass, formatSignedMoney, receiptLinkLabel } from './view';

export const ENTRY_ROW_HEIGHT = 40;
/** How close to the last loaded row scrolling starts loading the next page. */
const LOAD_AHEAD_ROWS = 20;

const COLUMNS = [
  { id: 'date', label: 'Date', className: 'col-date' },
  { id: 'payee', label: 'Payee', className: 'col-name' },
  { id: 'category', label: 'Category', className: 'col-category' },
  { id: 'memo', label: 'Memo', className: 'col-memo' },
  { id: 'amount', label: 'Amount', className: 'col-amount num' },
  { id: 'receipt', label: 'Receipt', className: 'col-receipt' },
  { id: 'source', label: 'Source', className: 'col-source' },
] as const;

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

/** The virtualised entry list of one account. */
export function EntriesTable({ entries, currency, canLoadMore, loadingMore, onLoadMore, onOpenReceipt, onCategorize }: EntriesTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ENTRY_ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => entries[index]?.id ?? index,
  });
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

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));
  return (
    <div className="vtable-scroll ledger-entries" ref={scroller}>
      <table className="table vtable" aria-label="Entries" aria-rowcount={entries.length + 1}>
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.id} className={c.className} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th key={c.id} scope="col" className={c.className}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody onClick={onClick}>
          {paddingTop > 0 ? (
            <tr className="vspacer" aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((v) => {
            const entry = entries[v.index] as LedgerEntryRow;
            return <EntryRow key={entry.id} entry={entry} index={v.index} currency={currency} receiptLabel={receiptLinkLabel(entry)} />;
          })}
          {paddingBottom > 0 ? (
            <tr className="vspacer" aria-hidden="true">
              <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** One entry; re-renders only when its entry, position, currency or receipt label change. */
const EntryRow = memo(function EntryRow({ entry, index, currency, receiptLabel }: { entry: LedgerEntryRow; index: number; currency: string; receiptLabel: string | null }) {
  return (
    <tr aria-rowindex={index + 2} data-id={entry.id}>
      <td className="nowrap">{formatDay(entry.date)}</td>
      <td className="cell-ellipsis" title={entry.payee ?? undefined}>
        {entry.payee ?? <span className="muted">—</span>}
      </td>
      <td className="cell-ellipsis">
        <button type="button" className="link" data-categorize={entry.id} aria-label={`Category of ${entry.payee ?? 'the entry'}: ${entry.category ?? 'none'}`} title="Set the category">
          {entry.category ?? <span className="muted">Set…</span>}
        </button>
      </td>
      <td className="cell-ellipsis muted" title={entry.memo ?? undefined}>
        {entry.memo ?? ''}
      </td>
      <td className={['num', amountClass(entry.amountMinor)].filter(Boolean).join(' ')}>{formatSignedMoney(entry.amountMinor, currency)}</td>
      <td className="cell-ellipsis">
        {entry.receiptId && receiptLabel ? (
          <button type="button" className="link" data-receipt={entry.receiptId} aria-label={`Open receipt: ${receiptLabel}`} title={`Open the receipt (${receiptLabel})`}>
            {receiptLabel}
          </button>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <Badge tone={entry.source === 'import' ? 'info' : 'neutral'}>{entry.source === 'import' ? 'Imported' : 'Manual'}</Badge>
      </td>
    </tr>
  );
});
