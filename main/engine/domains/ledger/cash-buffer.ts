/**
 * The cash buffer and cash runway (DOMAIN.md "Budget impact / cash buffer", "Cone band"):
 *
 *   buffer  = liquid balance (cash, checking, savings accounts) − approved but unspent approvals
 *             − unpaid bills overdue or due within BILL_HORIZON_DAYS
 *   runway  = buffer ÷ average daily outflow (money out of liquid accounts over the last 90 days)
 *   band    = runway ≥ 180 days A, ≥ 60 B, ≥ 21 C, else D (DOMAIN.md's thresholds)
 *
 * The projection takes each bill off on its due date (overdue ones at once). With no outflow in 90 days
 * the runway is unbounded and no band is suggested from it. Only accounts in the household
 * currency count (approvals are in it too); liquid accounts in other currencies are listed
 * apart, per currency, as there is no exchange rate to add them with.
 */
import type { Band } from '../../../../shared/domain/bands';
import { householdCurrency } from '../../../../shared/domain/money';
import { calendarDateIn, dayNumber, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { SuggestedBandSource } from '../../governance/spending';
import type { QueryHandlers } from '../../handlers';
import { dueOccurrences } from '../schedule/schedule';

export const OUTFLOW_WINDOW_DAYS = 90;
/** How far ahead unpaid bills count against the buffer. */
export const BILL_HORIZON_DAYS = 30;
const LIQUID = "('cash','checking','savings')";

/** Liquid accounts in a currency other than the household's: left out of the buffer. */
export interface OtherCurrency {
  currency: string;
  accounts: number;
  /** Their summed balance, in minor units of `currency`. */
  balanceMinor: number;
}

export interface CashPosition {
  asOf: string;
  /** The household currency every amount below is in (minor units). */
  currency: string;
  liquidMinor: number;
  approvedUnspentMinor: number;
  upcomingBillsMinor: number;
  upcomingBills: { date: string; amountMinor: number; payee: string }[];
  averageDailyOutflowMinor: number;
  runwayDays: number | null;
  suggestedBand: Band | null;
  otherCurrencies: OtherCurrency[];
}

/** The settings the cash position reads: the household time zone and currency (null: UTC, EUR, as the console shows). */
export type CashSettings = { timeZone: string | null; currency: string | null };

/** The band a runway suggests (DOMAIN.md: ≥ 180 days A, ≥ 60 B, ≥ 21 C, else D). */
export function bandForRunway(days: number): Band {
  return days >= 180 ? 'A' : days >= 60 ? 'B' : days >= 21 ? 'C' : 'D';
}

/**
 * The cash position as of `now` (the day in the household's time zone), in minor units of
 * the household currency: liquid balance and outflows of liquid accounts in that currency
 * only, the others summed per currency in `otherCurrencies` (by code). Null runway without
 * outflows or without liquid accounts in the household currency.
 */
export function cashPosition(db: Db, now: Date, settings: CashSettings): CashPosition {
  const currency = householdCurrency(settings.currency);
  const asOf = calendarDateIn(now, settings.timeZone ?? 'UTC');
  const from = dayToDate(dayNumber(asOf) - OUTFLOW_WINDOW_DAYS + 1);
  const byCurrency = sql(
    db,
    `SELECT a.currency AS currency, count(*) AS accounts,
            sum(a.opening_balance_minor + coalesce((SELECT sum(e.amount_minor) FROM ledger_entries e WHERE e.account_id = a.id), 0)) AS balanceMinor
     FROM ledger_accounts a WHERE a.kind IN ${LIQUID} GROUP BY a.currency ORDER BY a.currency`,
  ).all() as OtherCurrency[];
  const liquid = byCurrency.find((c) => c.currency === currency) ?? { currency, accounts: 0, balanceMinor: 0 };
  const outflow = sql(
    db,
    `SELECT coalesce(-sum(e.amount_minor), 0) AS v FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
     WHERE a.kind IN ${LIQUID} AND a.currency = ? AND e.amount_minor < 0 AND e.date >= ? AND e.date <= ?`,
  ).get(currency, from, asOf) as { v: number };
  const approved = sql(db, "SELECT coalesce(sum(amount_ceiling_minor), 0) AS v FROM approvals WHERE status = 'approved'").get() as { v: number };
  const daily = Math.round(outflow.v / OUTFLOW_WINDOW_DAYS);
  const upcomingBills = dueOccurrences(db, asOf, BILL_HORIZON_DAYS, ['bill']).map((o) => ({ date: o.date, amountMinor: o.entry.amountMinor ?? 0, payee: o.entry.payee ?? o.entry.title }));
  const upcomingBillsMinor = upcomingBills.reduce((sum, b) => sum + b.amountMinor, 0);
  const buffer = liquid.balanceMinor - approved.v - upcomingBillsMinor;
  const runwayDays = liquid.accounts === 0 || daily <= 0 ? null : Math.round((buffer / daily) * 10) / 10;
  return {
    asOf,
    currency,
    liquidMinor: liquid.balanceMinor,
    approvedUnspentMinor: approved.v,
    upcomingBillsMinor,
    upcomingBills,
    averageDailyOutflowMinor: daily,
    runwayDays,
    suggestedBand: runwayDays === null ? null : bandForRunway(runwayDays),
    otherCurrencies: byCurrency.filter((c) => c.currency !== currency),
  };
}

/** The suggested band from the cash runway, once the ledger has liquid accounts and outflows. */
export function runwayBandSource(settings: (db: Db) => CashSettings): SuggestedBandSource {
  return {
    suggest(db, now) {
      const p = cashPosition(db, now, settings(db));
      if (p.suggestedBand === null || p.runwayDays === null) return null;
      return { band: p.suggestedBand, reason: `cash runway ${p.runwayDays} days (buffer ÷ average daily outflow of the last ${OUTFLOW_WINDOW_DAYS} days)` };
    },
  };
}

export const cashBufferQueries: Pick<QueryHandlers, 'ledger.cashBuffer'> = {
  'ledger.cashBuffer': (p, ctx) => {
    const position = cashPosition(ctx.db, ctx.clock.now(), ctx.settings);
    const start = dayNumber(position.asOf);
    const buffer = position.liquidMinor - position.approvedUnspentMinor;
    const billsBy = (day: string) => position.upcomingBills.reduce((sum, b) => (b.date <= day ? sum + b.amountMinor : sum), 0);
    const projection = Array.from({ length: p.days + 1 }, (_, d) => {
      const day = dayToDate(start + d);
      return { day, bufferMinor: buffer - position.averageDailyOutflowMinor * d - billsBy(day) };
    });
    return { ...position, projection };
  },
};
