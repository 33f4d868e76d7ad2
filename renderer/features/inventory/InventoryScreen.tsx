/**
 * The inventory screen: every active item with on-hand and forecast in a virtualised,
 * sortable table, filters and search as you type over the loaded rows, quick actions per
 * row, "Add item", locations — or, while an item is open, that item's detail.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatAmount } from '../../ui/format';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { SelectField, TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { formatDay } from './format';
import { InventoryTable } from './InventoryTable';
import { ItemDetail } from './ItemDetail';
import { AddItemDialog } from './ItemForm';
import { ExpiringList } from './ExpiringList';
import { LocationsDialog } from './LocationsDialog';
import { inventorySelectors } from './slice';
import { NO_VALUE, stockValueMinor, visibleRows } from './view';

/** The inventory route: the table, or the open item's detail. */
export function InventoryScreen() {
  const selected = useAppStore((s) => s.selectedItemId);
  // The item last open, so the table can put focus back on its row.
  const lastOpen = useRef<string | null>(null);
  if (selected) lastOpen.current = selected;
  return selected ? <ItemDetail /> : <ItemsView returnTo={lastOpen.current} />;
}

function ItemsView({ returnTo }: { returnTo: string | null }) {
  const store = useAppStoreApi();
  const { list, currency, setQuickEntryOpen, openItem, tab, setTab } = useAppStore(
    useShallow((s) => ({
      list: s.itemList,
      currency: inventorySelectors.currency(s),
      setQuickEntryOpen: s.setQuickEntryOpen,
      openItem: s.openItem,
      tab: s.inventoryTab,
      setTab: s.setInventoryTab,
    })),
  );
  const [dialog, setDialog] = useState<'add' | 'locations' | null>(null);
  useEffect(() => {
    // Loaded once; `db.changed` keeps them fresh, so coming back from an item's detail
    // does not fetch thousands of rows again.
    const s = store.getState();
    if (s.itemList.status !== 'ready') void s.loadItems();
    if (s.locations.status !== 'ready') void s.loadLocations();
    if (s.categories.status !== 'ready') void s.loadCategories();
  }, [store]);

  const rows = list.data?.items;
  const total = rows?.length ?? 0;
  return (
    <>
      <div className="page-header">
        <h1>Inventory</h1>
        <p>
          {list.data
            ? `${total.toLocaleString('en')} ${total === 1 ? 'item' : 'items'} · stock value ${formatAmount(stockValueMinor(list.data.items), currency)} · forecasts as of ${formatDay(list.data.asOf)}`
            : ''}
        </p>
        <div className="row">
          <Button small onClick={() => setQuickEntryOpen(true)} title="Quick entry: press / or Ctrl+K anywhere">
            Quick entry <kbd>/</kbd>
          </Button>
          <Button small onClick={() => setDialog('locations')}>
            Locations…
          </Button>
          <Button small variant="primary" onClick={() => setDialog('add')}>
            Add item
          </Button>
        </div>
      </div>
      <div className="segmented inventory-tabs" role="group" aria-label="Show">
        <button type="button" className={tab === 'items' ? 'segment segment-on' : 'segment'} aria-pressed={tab === 'items'} onClick={() => setTab('items')}>
          All items
        </button>
        <button type="button" className={tab === 'expiring' ? 'segment segment-on' : 'segment'} aria-pressed={tab === 'expiring'} onClick={() => setTab('expiring')}>
          Expiring
        </button>
      </div>
      {tab === 'expiring' ? (
        <ExpiringList />
      ) : !list.data ? (
        list.status === 'error' ? (
          <ErrorMessage title="The inventory could not be loaded">
            <p>{list.error}</p>
            <p>
              <Button small onClick={() => void store.getState().loadItems()}>
                Try again
              </Button>
            </p>
          </ErrorMessage>
        ) : (
          <Loading label="Loading the inventory…" />
        )
      ) : total === 0 ? (
        <NoItems onAdd={() => setDialog('add')} />
      ) : (
        <ItemsTable currency={currency} returnTo={returnTo} />
      )}
      <AddItemDialog open={dialog === 'add'} onClose={() => setDialog(null)} onCreated={(id) => void openItem(id)} />
      <LocationsDialog open={dialog === 'locations'} onClose={() => setDialog(null)} />
    </>
  );
}

function NoItems({ onAdd }: { onAdd: () => void }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <Card title="Items">
      <EmptyState title="No items yet">
        <p>Add your first item, or import a shop’s sales file to start with a year of history and forecasts.</p>
        <p className="row empty-actions">
          <Button variant="primary" onClick={onAdd}>
            Add item
          </Button>
          <Button onClick={() => navigate('import')}>Import sales</Button>
        </p>
      </EmptyState>
    </Card>
  );
}

function ItemsTable({ currency, returnTo }: { currency: string; returnTo: string | null }) {
  const { rows, view, sortBy, clear, scrollTop, filtered } = useAppStore(
    useShallow((s) => ({
      rows: inventorySelectors.rows(s),
      view: s.inventoryView,
      sortBy: s.sortInventoryBy,
      clear: s.clearInventoryView,
      scrollTop: s.inventoryScrollTop,
      filtered: inventorySelectors.isFiltered(s),
    })),
  );
  // Typing stays responsive: the table follows the search a moment later when busy.
  const deferredView = useDeferredValue(view);
  const computed = useMemo(() => visibleRows(rows, deferredView), [rows, deferredView]);
  const showCategory = useMemo(() => rows.some((r) => r.category !== null), [rows]);

  return (
    <>
      <Toolbar shown={computed.length} total={rows.length} />
      <Card title="Items" className="card-flush">
        {computed.length === 0 ? (
          <EmptyState title={filtered ? 'No item matches the search and filters' : 'No items'}>
            {filtered ? (
              <Button small onClick={clear}>
                Clear search and filters
              </Button>
            ) : null}
          </EmptyState>
        ) : (
          <InventoryTable rows={computed} showCategory={showCategory} view={deferredView} currency={currency} onSort={sortBy} initialScrollTop={scrollTop} focusItemId={returnTo} />
        )}
      </Card>
    </>
  );
}

const WITHIN_CHOICES = ['', '7', '14', '30', '60', '90'];

function Toolbar({ shown, total }: { shown: number; total: number }) {
  const { view, categories, locations, setSearch, setFilters, clear, filtered } = useAppStore(
    useShallow((s) => ({
      view: s.inventoryView,
      categories: inventorySelectors.categories(s),
      locations: inventorySelectors.locations(s),
      setSearch: s.setInventorySearch,
      setFilters: s.setInventoryFilters,
      clear: s.clearInventoryView,
      filtered: inventorySelectors.isFiltered(s),
    })),
  );
  const f = view.filters;
  return (
    <form className="card card-body filters" role="search" aria-label="Item filters" onSubmit={(e) => e.preventDefault()}>
      <TextField label="Search" type="search" value={view.search} onChange={(e) => setSearch(e.target.value)} placeholder="Name, SKU, barcode, category…" autoComplete="off" />
      <SelectField
        label="Category"
        value={f.category}
        onChange={(e) => setFilters({ category: e.target.value })}
        options={[{ value: '', label: 'Any category' }, { value: NO_VALUE, label: 'No category' }, ...categories.map((c) => ({ value: c.category, label: `${c.category} (${c.items})` }))]}
      />
      <SelectField
        label="Location"
        value={f.locationId}
        onChange={(e) => setFilters({ locationId: e.target.value })}
        options={[{ value: '', label: 'Any location' }, { value: NO_VALUE, label: 'No location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))]}
      />
      <SelectField
        label="Running out within"
        value={f.runningOutWithinDays === null ? '' : String(f.runningOutWithinDays)}
        onChange={(e) => setFilters({ runningOutWithinDays: e.target.value === '' ? null : Number(e.target.value) })}
        options={WITHIN_CHOICES.map((d) => ({ value: d, label: d === '' ? 'Any time' : `${d} days` }))}
      />
      <label className="check">
        <input type="checkbox" checked={f.belowMin} onChange={(e) => setFilters({ belowMin: e.target.checked })} />
        Below minimum
      </label>
      <div className="row filters-end">
        <span className="muted" role="status" aria-live="polite">
          {shown === total ? `${total.toLocaleString('en')} ${total === 1 ? 'item' : 'items'}` : `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} items`}
        </span>
        <Button small variant="ghost" onClick={clear} disabled={!filtered}>
          Clear
        </Button>
      </div>
    </form>
  );
}
