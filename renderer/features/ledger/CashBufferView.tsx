/**
 * The cash buffer (DOMAIN.md "Budget impact / cash buffer"): liquid balance − approved but
 * unspent approvals, projected 30 days ahead at the average daily outflow of the last 90
 * days, as a line chart, with the figures behind it, the runway and the band it suggests.
 * All in the household currency; a line says which accounts in other currencies are left out.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BAND_NAMES } from '../../../shared/domain/bands';
import { minorUnitDigits } from '../../../shared/domain/money';
import { formatAmount } from '../../ui/format';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { DayChart, type DaySeries } from '../../ui/DayChart';
import { ErrorMessage, Loading } from '../../ui/States';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { bandTone } from '../governance/tones';
import { formatDay } from '../inventory/format';
import { AddAccountDialog } from './AccountDialogs';
import { NoAccounts } from './AccountsView';
import { ledgerSelectors, type CashBuffer } from './slice';

/** Runway thresholds of the suggested band (main/engine/domains/ledger/cash-buffer.ts, DOMAIN.md). */
const BAND_RULE = 'A from 180 days of runway, B from 60, C from 21, else D';

/** The runway in words: `42.5 days`, or why there is none. */
export function formatRunway(buffer: Pick<CashBuffer, 'runwayDays'>): string {
  if (buffer.runwayDays === null) return 'no outflow in the last 90 days';
  return `${buffer.runwayDays.toLocaleString('en', { maximumFractionDigits: 1 })} days`;
}

/** A sentence saying what the chart shows. */
export function cashBufferSummary(b: CashBuffer, currency: string): string {
  const first = b.projection[0];
  const last = b.projection.at(-1);
  const parts = [`Cash buffer ${formatAmount(first?.bufferMinor ?? 0, currency)} on ${formatDay(b.asOf)}`];
  if (last && first && last !== first) parts.push(`${formatAmount(last.bufferMinor, currency)} by ${formatDay(last.day)} at ${formatAmount(b.averageDailyOutflowMinor, currency)} out per day`);
  parts.push(`runway ${formatRunway(b)}`);
  return `${parts.join('; ')}.`;
}

/**
 * The line naming the liquid accounts left out for their currency, e.g. `Not counted:
 * 2 accounts in CAD (CA$1,234.00) — the buffer is in EUR`; null when none are.
 */
export function notCountedNote(b: Pick<CashBuffer, 'currency' | 'otherCurrencies'>): string | null {
  if (b.otherCurrencies.length === 0) return null;
  const parts = b.otherCurrencies.map((o) => `${o.accounts} ${o.accounts === 1 ? 'account' : 'accounts'} in ${o.currency} (${formatAmount(o.balanceMinor, o.currency)})`);
  return `Not counted: ${parts.join(', ')} — the buffer is in ${b.currency}`;
}

export function CashBufferView() {
  const store = useAppStoreApi();
  const [adding, setAdding] = useState(false);
  const { buffer, noAccounts } = useAppStore(useShallow((s) => ({ buffer: s.cashBuffer, noAccounts: ledgerSelectors.noAccounts(s) })));
  useEffect(() => {
    void store.getState().loadCashBuffer();
  }, [store]);
  let body;
  if (noAccounts) body = <NoAccounts onAdd={() => setAdding(true)} />;
  else if (buffer.status === 'error') body = <ErrorMessage title="The cash buffer could not be computed">{buffer.error}</ErrorMessage>;
  else if (!buffer.data) body = <Loading label="Computing the cash buffer…" />;
  else body = <BufferFigures buffer={buffer.data} />;
  return (
    <Card title="Cash buffer and runway">
      {body}
      <AddAccountDialog open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

function BufferFigures({ buffer: b }: { buffer: CashBuffer }) {
  const currency = b.currency;
  const summary = cashBufferSummary(b, currency);
  const notCounted = notCountedNote(b);
  const chart = useMemo(() => {
    const series: DaySeries[] = [{ label: 'Cash buffer', values: b.projection.map((p) => p.bufferMinor), color: 'var(--chart-1)', fill: 'var(--chart-1-fill)' }];
    const digits = minorUnitDigits(currency);
    const compact = new Intl.NumberFormat('en', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    return {
      days: b.projection.map((p) => p.day),
      series,
      format: (v: number) => formatAmount(Math.round(v), currency),
      axisFormat: (v: number) => compact.format(v / 10 ** digits),
    };
  }, [b.projection, currency]);
  const bufferNow = b.liquidMinor - b.approvedUnspentMinor;
  return (
    <div className="cash-buffer">
      <div className="stats stats-wide" role="list" aria-label="Cash buffer figures">
        <Figure label="Liquid balance" value={formatAmount(b.liquidMinor, currency)} detail="Cash, checking and savings accounts" />
        <Figure label="Approved, unspent" value={formatAmount(b.approvedUnspentMinor, currency)} detail="Approvals granted but not used yet" />
        <Figure label="Buffer today" value={bufferNow < 0 ? <Badge tone="bad">{formatAmount(bufferNow, currency)}</Badge> : formatAmount(bufferNow, currency)} detail="Liquid balance − approved, unspent" />
        <Figure label="Average daily outflow" value={formatAmount(b.averageDailyOutflowMinor, currency)} detail="Money out over the last 90 days ÷ 90" />
        <Figure label="Runway" value={formatRunway(b)} detail="Buffer ÷ average daily outflow" />
        <Figure
          label="Suggested band"
          value={
            b.suggestedBand ? (
              <Badge tone={bandTone(b.suggestedBand)}>
                Band {b.suggestedBand} · {BAND_NAMES[b.suggestedBand]}
              </Badge>
            ) : (
              <span className="muted">none</span>
            )
          }
          detail={BAND_RULE}
        />
      </div>
      {notCounted ? <p className="muted">{notCounted}</p> : null}
      <p className="muted">{summary}</p>
      <DayChart days={chart.days} series={chart.series} label={`Cash buffer projection: ${summary}`} leftLabel={`Buffer (${currency})`} format={chart.format} axisFormat={chart.axisFormat} leftFromZero={false} />
    </div>
  );
}

function Figure({ label, value, detail }: { label: string; value: ReactNode; detail: string }) {
  return (
    <div className="stat" role="listitem">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      <span className="stat-detail">{detail}</span>
    </div>
  );
}
