/**
 * The cash buffer and cash runway (DOMAIN.md "Budget impact / cash buffer", "Cone band"):
 *
 *   buffer  = liquid balance (cash, checking, savings accounts) − approved but unspent approvals
 *   runway  = buffer ÷ average daily outflow (money out of liquid accounts over the last 90 days)
 *   band    = runway ≥ 180 days A, ≥ 60 B, ≥ 21 C, else D (DOMAIN.md's thresholds)
 *
 * Upcoming bills join the buffer when the bills domain exists. With no outflow in 90 days
 * the runway is unbounded and no band is suggested from it.
 */
import type { Band } from '../../../../shared/domain/bands';
import { calendarDateIn, dayNumber, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { SuggestedBandSource } from '../../governance/spending';
import type { QueryHandlers } from '../../handlers';

export const OUTFLOW_WINDOW_DAYS = 90;
const LIQUID = "('cash','checking','savings')";

export interface CashPosition {
  asOf: string;
  liquidMinor: number;
  approvedUnspentMinor: number;
  averageDailyOutflowMinor: number;
  runwayDays: number | null;
  suggestedBand: Band | null;
}

/** The band a runway suggests (DOMAIN.md: ≥ 180 days A, ≥ 60 B, ≥ 21 C, else D). */
export function bandForRunway(days: number): Band {
  return days >= 180 ? 'A' : days >= 60 ? 'B' : days >= 21 ? 'C' : 'D';
}

/** The cash position as of `now` in the household's time zone; null runway without outflows or accounts. */
export function cashPosition(db: Db, now: Date, timeZone: string): CashPosition {
  const asOf = calendarDateIn(now, timeZone);
  const from = dayToDate(dayNumber(asOf) - OUTFLOW_WINDOW_DAYS + 1);
  const liquid = sql(
    db,
    `SELECT coalesce(sum(a.opening_balance_minor), 0) + coalesce((SELECT sum(e.amount_minor) FROM ledger_entries e JOIN ledger_accounts x ON x.id = e.account_id WHERE x.kind IN ${LIQUID}), 0) AS v,
            count(*) AS accounts
     FROM ledger_accounts a WHERE a.kind IN ${LIQUID}`,
  ).get() as { v: number; accounts: number };
  const outflow = sql(
    db,
    `SELECT coalesce(-sum(e.amount_minor), 0) AS v FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
     WHERE a.kind IN ${LIQUID} AND e.amount_minor < 0 AND e.date >= ? AND e.date <= ?`,
  ).get(from, asOf) as { v: number };
  const approved = sql(db, "SELECT coalesce(sum(amount_ceiling_minor), 0) AS v FROM approvals WHERE status = 'approved'").get() as { v: number };
  const daily = Math.round(outflow.v / OUTFLOW_WINDOW_DAYS);
  const buffer = liquid.v - approved.v;
  const runwayDays = liquid.accounts === 0 || daily <= 0 ? null : Math.round((buffer / daily) * 10) / 10;
  return {
    asOf,
    liquidMinor: liquid.v,
    approvedUnspentMinor: approved.v,
    averageDailyOutflowMinor: daily,
    runwayDays,
    suggestedBand: runwayDays === null ? null : bandForRunway(runwayDays),
  };
}

/** The suggested band from the cash runway, once the ledger has liquid accounts and outflows. */
export function runwayBandSource(timeZone: (db: Db) => string): SuggestedBandSource {
  return {
    suggest(db, now) {
      const p = cashPosition(db, now, timeZone(db));
      if (p.suggestedBand === null || p.runwayDays === null) return null;
      return { band: p.suggestedBand, reason: `cash runway ${p.runwayDays} days (buffer ÷ average daily outflow of the last ${OUTFLOW_WINDOW_DAYS} days)` };
    },
  };
}

export const cashBufferQueries: Pick<QueryHandlers, 'ledger.cashBuffer'> = {
  'ledger.cashBuffer': (p, ctx) => {
    const position = cashPosition(ctx.db, ctx.clock.now(), ctx.settings.timeZone ?? 'UTC');
    const start = dayNumber(position.asOf);
    const buffer = position.liquidMinor - position.approvedUnspentMinor;
    const projection = Array.from({ length: p.days + 1 }, (_, d) => ({ day: dayToDate(start + d), bufferMinor: buffer - position.averageDailyOutflowMinor * d }));
    return { ...position, projection };
  },
};
