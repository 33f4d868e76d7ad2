/**
 * One item: its fields (edit, archive), quick actions, forecast (burn rate, days left,
 * run-out date, confidence with its basis, reorder point, suggested order, waste warning),
 * on-hand per location, the stock by lot with best-before dates (consumed oldest first), the
 * burn-down chart and the stock journal (cursor-paged, undo with a reason).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JournalEntry, Lot } from '../../../shared/contract/inventory';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ListFooter } from '../../ui/ListFooter';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatAmount, formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { governanceSelectors } from '../governance/slice';
import { BurnDownChart } from './BurnDownChart';
import { confidenceTone, daysLeftTone, formatDay, formatDaysLeft, formatQty, formatRate, formatSignedQty, bestBeforeStatus, todayIn } from './format';
import { EditItemDialog } from './ItemForm';
import { HISTORY_DAY_CHOICES, itemSelectors, type ItemDetail as Detail } from './itemSlice';
import { inventorySelectors } from './slice';
import { ArchiveItemDialog, MovementDialog, UndoEntryDialog, type MovementKind } from './StockDialogs';

/** The detail of the open item (`selectedItemId`). */
export function ItemDetail() {
  const { detail, close } = useAppStore(useShallow((s) => ({ detail: s.itemDetail, close: s.closeItem })));
  const back = (
    <Button small variant="ghost" onClick={close}>
      ← Back to inventory
    </Button>
  );
  if (!detail.data) {
    return (
      <>
        <div className="page-header">{back}</div>
        {detail.status === 'error' ? <ErrorMessage title="The item could not be loaded">{detail.error}</ErrorMessage> : <Loading label="Loading the item…" />}
      </>
    );
  }
  return <ItemView item={detail.data} back={back} />;
}

function ItemView({ item, back }: { item: Detail; back: ReactNode }) {
  const { currency, execute, close } = useAppStore(useShallow((s) => ({ currency: inventorySelectors.currency(s), execute: s.execute, close: s.closeItem })));
  const [dialog, setDialog] = useState<'edit' | 'archive' | MovementKind | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // the button that opened the item is gone with the table: start from the item's name
    heading.current?.focus();
  }, [item.id]);
  const f = item.forecast;
  const archived = item.archivedAt !== null;
  const quick = async (action: 'consume' | 'outOf') => {
    setBusy(true);
    if (action === 'consume') await execute('inventory.consume', { itemId: item.id, qty: 1 });
    else await execute('inventory.outOf', { itemId: item.id });
    setBusy(false);
  };
  const target = { id: item.id, name: item.name, unit: item.unit, locationId: item.locationId, onHand: f.onHand };
  const tone = daysLeftTone(f.daysLeft, item.leadTimeDays);

  return (
    <>
      <div className="page-header">{back}</div>
      <div className="page-header item-header">
        <h1 ref={heading} tabIndex={-1}>
          {item.name}
        </h1>
        {archived ? <Badge tone="neutral">Archived</Badge> : null}
        <div className="row">
          <Button small onClick={() => setDialog('edit')} disabled={archived}>
            Edit…
          </Button>
          <Button small variant="danger" onClick={() => setDialog('archive')} disabled={archived}>
            Archive…
          </Button>
        </div>
      </div>
      <div className="row quick-actions" role="toolbar" aria-label="Quick actions">
        <Button variant="primary" busy={busy} disabled={archived || f.onHand <= 0} onClick={() => void quick('consume')}>
          Consume 1
        </Button>
        <Button busy={busy} disabled={archived || f.onHand <= 0} onClick={() => void quick('outOf')}>
          Out of
        </Button>
        <Button disabled={archived || f.onHand <= 0} onClick={() => setDialog('consume')}>
          Consume…
        </Button>
        <Button disabled={archived} onClick={() => setDialog('count')}>
          Stock count…
        </Button>
        <Button disabled={archived} onClick={() => setDialog('purchase')}>
          Record purchase…
        </Button>
        <Button disabled={archived} onClick={() => setDialog('transfer')}>
          Transfer…
        </Button>
      </div>

      <Card title="Forecast">
        <div className="stats stats-wide">
          <Stat label="On hand" value={`${formatQty(f.onHand)} ${item.unit}`} detail={f.belowMin ? `At or below the minimum of ${formatQty(item.minQty)}` : `Minimum ${formatQty(item.minQty)} · target ${formatQty(item.targetQty)}`} warn={f.belowMin} />
          <Stat label="Burn rate" value={f.burnRatePerDay > 0 ? `${formatRate(f.burnRatePerDay)} / day` : 'Not used'} detail={`From ${f.demandDays} ${f.demandDays === 1 ? 'day' : 'days'} with demand${f.lastDemandOn ? `, last on ${formatDay(f.lastDemandOn)}` : ''}`} />
          <div className="stat">
            <span className="stat-label">Days left</span>
            <span className="stat-value">{tone ? <Badge tone={tone}>{formatDaysLeft(f.daysLeft)}</Badge> : formatDaysLeft(f.daysLeft)}</span>
            <span className="stat-detail">{f.runOutDate ? `Runs out on ${formatDay(f.runOutDate)}` : 'No run-out date'}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Confidence</span>
            <span className="stat-value">
              <Badge tone={confidenceTone(f.confidence)}>{f.confidence}</Badge>
            </span>
            <span className="stat-detail">{f.basis}</span>
          </div>
          <Stat label="Reorder point" value={`${formatQty(f.reorderPoint)} ${item.unit}`} detail={`Rate × (lead time ${item.leadTimeDays} d + review) + safety stock`} />
          <Stat
            label="Suggested order"
            value={f.suggestedOrderQty > 0 ? `${formatQty(f.suggestedOrderQty)} ${item.unit}` : 'None'}
            detail={
              f.suggestedOrderQty > 0 && item.unitCostMinor !== null
                ? `≈ ${formatAmount(Math.round(f.suggestedOrderQty * item.unitCostMinor), currency)}`
                : f.suggestedOrderQty > 0
                  ? 'At or below the reorder point'
                  : 'Above the reorder point'
            }
          />
        </div>
        {f.waste ? (
          <p className="waste-warning" role="note">
            <Badge tone="warn">Waste warning</Badge> {f.waste.message}
          </p>
        ) : null}
      </Card>

      <div className="grid grid-2">
        <Card title="Details">
          <dl className="kv">
            <dt>SKU</dt>
            <dd>{item.sku ?? '—'}</dd>
            <dt>Barcode</dt>
            <dd>{item.barcode ?? '—'}</dd>
            <dt>Unit</dt>
            <dd>{item.unit}</dd>
            <dt>Category</dt>
            <dd>{item.category ?? '—'}</dd>
            <dt>Location</dt>
            <dd>{item.locationName ?? '—'}</dd>
            <dt>Lead time</dt>
            <dd>{item.leadTimeDays} days</dd>
            <dt>Shelf life</dt>
            <dd>{item.shelfLifeDays === null ? '—' : `${item.shelfLifeDays} days`}</dd>
            <dt>Unit cost</dt>
            <dd>{item.unitCostMinor === null ? '—' : formatAmount(item.unitCostMinor, currency)}</dd>
            <dt>Source</dt>
            <dd>{item.source}</dd>
          </dl>
        </Card>
        <Card title="On hand per location" className="card-flush">
          {item.byLocation.length === 0 ? (
            <EmptyState title="No stock recorded yet" />
          ) : (
            <table className="table" aria-label="On hand per location">
              <thead>
                <tr>
                  <th scope="col">Location</th>
                  <th scope="col" className="num">
                    On hand
                  </th>
                </tr>
              </thead>
              <tbody>
                {item.byLocation.map((l) => (
                  <tr key={l.locationId ?? 'none'}>
                    <td>{l.locationName ?? <span className="muted">No location</span>}</td>
                    <td className="num">
                      {formatQty(l.onHand)} {item.unit}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      <LotsCard lots={item.lots} unit={item.unit} />
      <HistoryCard unit={item.unit} />
      <JournalCard unit={item.unit} archived={archived} />

      <EditItemDialog item={dialog === 'edit' ? item : null} onClose={() => setDialog(null)} />
      <ArchiveItemDialog item={dialog === 'archive' ? item : null} onClose={() => setDialog(null)} onArchived={close} />
      <MovementDialog
        item={dialog === 'count' || dialog === 'purchase' || dialog === 'transfer' || dialog === 'consume' ? target : null}
        kind={dialog === 'count' || dialog === 'transfer' || dialog === 'consume' ? dialog : 'purchase'}
        onClose={() => setDialog(null)}
      />
    </>
  );
}

function LotsCard({ lots, unit }: { lots: Lot[]; unit: string }) {
  const timeZone = useAppStore(governanceSelectors.timeZone);
  const today = todayIn(timeZone);
  return (
    <Card title="Stock by best-before" className="card-flush">
      {lots.length === 0 ? (
        <EmptyState title="No stock on hand" />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Stock by best-before">
            <caption className="visually-hidden">Lots in the order they are used: the earliest best-before first, undated last</caption>
            <thead>
              <tr>
                <th scope="col">Best before</th>
                <th scope="col" className="num">
                  Remaining
                </th>
                <th scope="col">Bought on</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((lot, i) => {
                const status = bestBeforeStatus(lot.bestBefore, today);
                return (
                  <tr key={lot.lotId ?? `rest-${i}`}>
                    <td>
                      {lot.bestBefore ? formatDay(lot.bestBefore) : <span className="muted">No date</span>}
                      {status ? (
                        <>
                          {' '}
                          <Badge tone={status.tone}>{status.text}</Badge>
                        </>
                      ) : null}
                    </td>
                    <td className="num">
                      {formatQty(lot.remaining)} {unit}
                    </td>
                    <td>{lot.entrySeq === null && lot.bestBefore === null ? <span className="muted">Earlier stock</span> : formatDay(lot.purchasedOn)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function Stat({ label, value, detail, warn = false }: { label: string; value: string; detail: string; warn?: boolean }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{warn ? <Badge tone="warn">{value}</Badge> : value}</span>
      <span className="stat-detail">{detail}</span>
    </div>
  );
}

function HistoryCard({ unit }: { unit: string }) {
  const { history, days, setDays } = useAppStore(useShallow((s) => ({ history: s.itemHistory, days: s.historyDays, setDays: s.setHistoryDays })));
  const choices = (
    <div className="segmented segmented-small" role="group" aria-label="History length">
      {HISTORY_DAY_CHOICES.map((d) => (
        <button key={d} type="button" className={d === days ? 'segment segment-on' : 'segment'} aria-pressed={d === days} onClick={() => void setDays(d)}>
          {d} days
        </button>
      ))}
    </div>
  );
  return (
    <Card title="Burn-down" actions={choices}>
      {history.data ? (
        <BurnDownChart history={history.data} unit={unit} />
      ) : history.status === 'error' ? (
        <ErrorMessage title="The history could not be loaded">{history.error}</ErrorMessage>
      ) : (
        <Loading label="Loading the history…" />
      )}
    </Card>
  );
}

const KIND_TONES: Record<string, 'ok' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  purchase: 'ok',
  return: 'ok',
  consume: 'info',
  sale: 'info',
  spoil: 'bad',
  adjust: 'warn',
  transfer: 'neutral',
};

function JournalCard({ unit, archived }: { unit: string; archived: boolean }) {
  const { journal, canLoadMore, loadMore, timeZone, currency } = useAppStore(
    useShallow((s) => ({
      journal: s.journal,
      canLoadMore: itemSelectors.canLoadMoreJournal(s),
      loadMore: s.loadMoreJournal,
      timeZone: governanceSelectors.timeZone(s),
      currency: inventorySelectors.currency(s),
    })),
  );
  const [undo, setUndo] = useState<JournalEntry | null>(null);
  let body: ReactNode;
  if (journal.status === 'idle' || journal.status === 'loading') body = <Loading label="Loading the journal…" />;
  else if (journal.status === 'error') body = <ErrorMessage title="The journal could not be loaded">{journal.error}</ErrorMessage>;
  else if (journal.items.length === 0) body = <EmptyState title="No movements yet">Purchases, consumption, counts and transfers show here.</EmptyState>;
  else {
    body = (
      <>
        <div className="table-wrap">
          <table className="table" aria-label="Stock journal">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Unit cost
                </th>
                <th scope="col">Source</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Undo</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {journal.items.map((e) => (
                <tr key={e.seq} className={e.reversedBySeq !== null ? 'row-undone' : undefined}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap">{formatInstant(e.occurredAt, timeZone)}</td>
                  <td>
                    <Badge tone={KIND_TONES[e.kind] ?? 'neutral'}>{e.kind}</Badge>
                  </td>
                  <td className={e.qty < 0 ? 'num qty-out' : 'num qty-in'}>
                    {formatSignedQty(e.qty)} {unit}
                  </td>
                  <td className="num">{e.unitCostMinor === null ? '—' : formatAmount(e.unitCostMinor, currency)}</td>
                  <td>
                    {e.source}
                    {e.sourceRef ? <span className="muted"> · {e.sourceRef}</span> : null}
                  </td>
                  <td className="cell-note">
                    {e.note ?? ''}
                    {e.reversedBySeq !== null ? <span className="muted"> (undone by #{e.reversedBySeq})</span> : null}
                  </td>
                  <td>
                    {itemSelectors.canUndo(e) && !archived ? (
                      <Button small variant="ghost" onClick={() => setUndo(e)} aria-label={`Undo entry ${e.seq}`}>
                        Undo…
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ListFooter shown={journal.items.length} canLoadMore={canLoadMore} loadingMore={journal.loadingMore} onLoadMore={() => void loadMore()} endLabel="first entry reached" error={journal.error} />
      </>
    );
  }
  return (
    <Card title="Stock journal" className="card-flush">
      {body}
      <UndoEntryDialog entry={undo} unit={unit} onClose={() => setUndo(null)} />
    </Card>
  );
}
