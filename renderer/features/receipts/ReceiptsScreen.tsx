/**
 * The receipts route: the vault (entry form, search and filters, list, detail panel), the
 * triage inbox, the category list, and the imports, as four views of one screen.
 */
import { useEffect, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { MoneyField, SelectField, TextField } from '../../ui/Field';
import { ListFooter } from '../../ui/ListFooter';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { inventorySelectors } from '../inventory/slice';
import { CaptureView } from './CaptureView';
import { CategoriesView } from './CategoriesView';
import { CsvReceiptsImport } from './CsvReceiptsImport';
import { ReceiptDetail } from './ReceiptDetail';
import { ReceiptEntryForm } from './ReceiptEntryForm';
import { ReceiptsTable } from './ReceiptsTable';
import { receiptsSelectors, type ReceiptsTab } from './slice';
import { SroieImport } from './SroieImport';
import { TriageInbox } from './TriageInbox';
import { RECEIPT_STATUS_LABELS, receiptFilterErrors, receiptFiltersSet, type ReceiptStatus } from './view';

const TABS: { id: ReceiptsTab; label: string }[] = [
  { id: 'list', label: 'Receipts' },
  { id: 'capture', label: 'Capture' },
  { id: 'triage', label: 'Triage inbox' },
  { id: 'categories', label: 'Categories' },
  { id: 'import', label: 'Import' },
];

/** The receipts screen. */
export function ReceiptsScreen() {
  const store = useAppStoreApi();
  const { tab, setTab, triageCount, reviewCount } = useAppStore(
    useShallow((s) => ({ tab: s.receiptsTab, setTab: s.setReceiptsTab, triageCount: receiptsSelectors.triageCount(s), reviewCount: s.reviewQueue.data?.length ?? 0 })),
  );
  useEffect(() => {
    if (store.getState().triage.status === 'idle') void store.getState().loadTriage();
  }, [store]);
  // Files dropped anywhere on the screen are captured (the Capture view shows their progress).
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer.files.length || e.defaultPrevented) return;
    e.preventDefault();
    setTab('capture');
    void store.getState().captureFiles([...e.dataTransfer.files]);
  };
  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files')) e.preventDefault();
  };
  return (
    <div className="receipts-screen" onDrop={onDrop} onDragOver={onDragOver}>
      <div className="page-header">
        <h1>Receipts</h1>
        <p>The vault of receipts: enter, search, complete and resolve duplicates. Voided receipts stay, never erased.</p>
        <div className="segmented receipts-tabs" role="group" aria-label="Receipts views">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={t.id === tab ? 'segment segment-on' : 'segment'} aria-pressed={t.id === tab} onClick={() => setTab(t.id)}>
              {t.label}
              {t.id === 'triage' && triageCount ? <Badge tone="warn">{triageCount}</Badge> : null}
              {t.id === 'capture' && reviewCount ? <Badge tone="warn">{reviewCount}</Badge> : null}
            </button>
          ))}
        </div>
      </div>
      {tab === 'list' ? (
        <VaultView />
      ) : tab === 'capture' ? (
        <CaptureView />
      ) : tab === 'triage' ? (
        <TriageInbox />
      ) : tab === 'categories' ? (
        <CategoriesView />
      ) : (
        <>
          <SroieImport />
          <CsvReceiptsImport />
        </>
      )}
    </div>
  );
}

function VaultView() {
  const selected = useAppStore((s) => s.selectedReceiptId);
  return (
    <>
      <ReceiptEntryForm />
      <Filters />
      <div className={selected ? 'receipts-split' : undefined}>
        <ReceiptList />
        {selected ? <ReceiptDetail /> : null}
      </div>
    </>
  );
}

const STATUS_OPTIONS = [{ value: '', label: 'Any status' }, ...(['needs_attention', 'complete', 'void'] as const).map((s) => ({ value: s, label: RECEIPT_STATUS_LABELS[s] }))];

function Filters() {
  const store = useAppStoreApi();
  const { filters, setFilters, clear, currency } = useAppStore(
    useShallow((s) => ({ filters: s.receiptFilters, setFilters: s.setReceiptFilters, clear: s.clearReceiptFilters, currency: inventorySelectors.currency(s) })),
  );
  const amountErrors = receiptFilterErrors(filters, currency);
  // Search as you type, server-side: the list follows the filters a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => void store.getState().loadReceipts(), 250);
    return () => clearTimeout(timer);
  }, [store, filters]);
  return (
    <form className="card card-body filters" role="search" aria-label="Receipt filters" onSubmit={(e) => e.preventDefault()}>
      <TextField label="Search" type="search" value={filters.search} onChange={(e) => setFilters({ search: e.target.value })} placeholder="Vendor, notes, tags, OCR text…" autoComplete="off" />
      <SelectField label="Status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as '' | ReceiptStatus })} options={STATUS_OPTIONS} />
      <TextField label="Category" value={filters.category} onChange={(e) => setFilters({ category: e.target.value })} autoComplete="off" list="receipt-category-list" />
      <TextField label="Payment method" value={filters.paymentMethod} onChange={(e) => setFilters({ paymentMethod: e.target.value })} autoComplete="off" list="receipt-payment-list" />
      <TextField label="From" type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      <TextField label="To" type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      <MoneyField label="Min total" currency={currency} className="inline-number" value={filters.minTotal} onChange={(e) => setFilters({ minTotal: e.target.value })} error={amountErrors.minTotal} />
      <MoneyField label="Max total" currency={currency} className="inline-number" value={filters.maxTotal} onChange={(e) => setFilters({ maxTotal: e.target.value })} error={amountErrors.maxTotal} />
      <div className="row filters-end">
        <Button small variant="ghost" onClick={clear} disabled={!receiptFiltersSet(filters)}>
          Clear
        </Button>
      </div>
    </form>
  );
}

function ReceiptList() {
  const store = useAppStoreApi();
  const { list, selectedId, select, filtered } = useAppStore(
    useShallow((s) => ({ list: s.receiptList, selectedId: s.selectedReceiptId, select: s.selectReceipt, filtered: receiptFiltersSet(s.receiptFilters) })),
  );
  let body;
  if (list.status === 'error') {
    body = (
      <ErrorMessage title="The receipts could not be loaded">
        <p>{list.error}</p>
        <Button small onClick={() => void store.getState().loadReceipts()}>
          Try again
        </Button>
      </ErrorMessage>
    );
  } else if (list.status !== 'ready') {
    body = <Loading label="Loading receipts…" />;
  } else if (list.items.length === 0) {
    body = <EmptyState title={filtered ? 'No receipt matches the search and filters' : 'No receipts yet'}>{filtered ? null : <p>Enter one above, or import the SROIE set.</p>}</EmptyState>;
  } else {
    body = (
      <>
        <ReceiptsTable items={list.items} selectedId={selectedId} onSelect={select} canLoadMore={list.nextCursor !== null && !list.loadingMore && list.error === null} onLoadMore={() => void store.getState().loadMoreReceipts()} />
        <ListFooter shown={list.items.length} canLoadMore={list.nextCursor !== null} loadingMore={list.loadingMore} onLoadMore={() => void store.getState().loadMoreReceipts()} endLabel="end of list" error={list.error} />
      </>
    );
  }
  return (
    <Card title="Receipts" className="card-flush">
      {body}
    </Card>
  );
}
