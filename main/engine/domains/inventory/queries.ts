/**
 * Inventory and forecast queries. Lists read items with their stored statistics and age
 * the forecast to today; nothing here scans the journal except an item's own history.
 */
import type { Expiring, ItemRow } from '../../../../shared/contract/inventory';
import { EngineError } from '../../../../shared/contract';
import { calendarDateIn, dayNumber, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { QueryContext, QueryHandlers } from '../../handlers';
import { forecastOf, METHOD_NAME, rateAt } from '../forecast/method';
import { getItem, listEntries, listLocations, onHandByLocation, readStats, toItem, toStats } from './store';
import { gtinKey } from './barcode';
import { lotsOf } from './lots';

/** The household's today as a day number. */
export function todayDay(ctx: Pick<QueryContext, 'clock' | 'settings'>): number {
  return dayNumber(calendarDateIn(ctx.clock.now(), ctx.settings.timeZone ?? 'UTC'));
}

const ROW_SELECT = `SELECT i.*, l.name AS location_name, s.item_id AS s_item_id, s.on_hand, s.ew_num, s.ew_den, s.ew_day, s.demand_days, s.first_demand_day,
    s.last_demand_day, s.weekly_mean, s.weekly_sd, s.history_weeks, s.last_movement_at
  FROM items i LEFT JOIN item_stats s ON s.item_id = i.id LEFT JOIN locations l ON l.id = i.location_id`;

type JoinedRow = Parameters<typeof toItem>[0] & { location_name: string | null; s_item_id: string | null } & Record<string, unknown>;

function toRow(r: JoinedRow, today: number): ItemRow {
  const stats = toStats(r.s_item_id ? (r as never) : undefined, today);
  const item = toItem(r);
  return { ...item, locationName: r.location_name, forecast: forecastOf(stats, item, today) };
}

/** Every active item with its forecast as of day `today` (one read; the shopping generator's input). */
export function forecastRows(db: Db, today: number): ItemRow[] {
  return selectRows(db, today, ['i.archived_at IS NULL'], {}, Number.MAX_SAFE_INTEGER).items;
}

/** Items with forecasts; `where` is SQL over `i` with named parameters. */
function selectRows(db: Db, today: number, where: string[], args: Record<string, unknown>, limit: number): { items: ItemRow[]; total: number } {
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = sql(db, `${ROW_SELECT} ${clause} ORDER BY i.name COLLATE NOCASE, i.id`).all(args) as JoinedRow[];
  return { items: rows.slice(0, limit).map((r) => toRow(r, today)), total: rows.length };
}

/**
 * Lots of active items whose best-before date is at most `withinDays` days after `today`
 * (a day number, household time zone), expired ones included: soonest first, then by item
 * name; at most `limit` of them (`total` counts them all). `daysLeft` is best-before − today.
 */
export function expiringLots(db: Db, today: number, withinDays: number, limit: number): Expiring {
  const until = dayToDate(today + withinDays);
  const rows = sql(
    db,
    `SELECT l.id, l.item_id, i.name, i.unit, l.remaining, l.best_before, l.purchased_on
     FROM stock_lots l JOIN items i ON i.id = l.item_id
     WHERE l.remaining > 0 AND l.best_before IS NOT NULL AND l.best_before <= ? AND i.archived_at IS NULL
     ORDER BY l.best_before, i.name COLLATE NOCASE, l.purchased_at, l.id`,
  ).all(until) as { id: number; item_id: string; name: string; unit: string; remaining: number; best_before: string; purchased_on: string }[];
  const lots = rows.map((r) => {
    const daysLeft = dayNumber(r.best_before) - today;
    return { lotId: r.id, itemId: r.item_id, name: r.name, unit: r.unit, remaining: r.remaining, bestBefore: r.best_before, purchasedOn: r.purchased_on, daysLeft, expired: daysLeft < 0 };
  });
  return { asOf: dayToDate(today), withinDays, total: lots.length, expired: lots.filter((l) => l.expired).length, lots: lots.slice(0, limit) };
}

export const inventoryQueries: Pick<
  QueryHandlers,
  | 'inventory.locations'
  | 'inventory.items'
  | 'inventory.item'
  | 'inventory.journal'
  | 'inventory.categories'
  | 'inventory.expiring'
  | 'inventory.byBarcode'
  | 'forecast.item'
  | 'forecast.rollup'
  | 'forecast.history'
> = {
  'inventory.locations': (p, ctx) => listLocations(ctx.db, p.includeArchived),

  'inventory.items': (p, ctx) => {
    const today = todayDay(ctx);
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (p.status === 'active') where.push('i.archived_at IS NULL');
    if (p.status === 'archived') where.push('i.archived_at IS NOT NULL');
    if (p.category !== undefined) {
      where.push('i.category = @category');
      args.category = p.category;
    }
    if (p.locationId !== undefined) {
      where.push('i.location_id = @locationId');
      args.locationId = p.locationId;
    }
    if (p.ids !== undefined) {
      where.push('i.id IN (SELECT value FROM json_each(@ids))');
      args.ids = JSON.stringify(p.ids);
    }
    const search = p.search?.trim();
    if (search) {
      where.push("(i.name LIKE @search ESCAPE '\\' OR i.sku LIKE @search ESCAPE '\\' OR i.barcode = @exact)");
      args.search = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.exact = search;
    }
    return { ...selectRows(ctx.db, today, where, args, p.limit), asOf: dayToDate(today) };
  },

  'inventory.item': (p, ctx) => {
    const today = todayDay(ctx);
    const row = sql(ctx.db, `${ROW_SELECT} WHERE i.id = ?`).get(p.id) as JoinedRow | undefined;
    if (!row) throw new EngineError('not_found', `no item ${p.id}`);
    const item = toRow(row, today);
    return { ...item, byLocation: onHandByLocation(ctx.db, p.id), lots: lotsOf(ctx.db, p.id, item.forecast.onHand, dayToDate(today)) };
  },

  'inventory.expiring': (p, ctx) => expiringLots(ctx.db, todayDay(ctx), p.withinDays, p.limit),

  'inventory.byBarcode': (p, ctx) => {
    const today = todayDay(ctx);
    const key = gtinKey(p.code);
    const where = [
      'i.archived_at IS NULL',
      key === null ? 'i.barcode = @code' : "(i.barcode = @code OR (i.barcode NOT GLOB '*[^0-9]*' AND ltrim(i.barcode, '0') = @key))",
    ];
    const { items } = selectRows(ctx.db, today, where, { code: p.code, key }, 3);
    if (items.length > 1) {
      const names = items.map((i) => `"${i.name}" (${i.barcode})`);
      throw new EngineError('conflict', `barcode ${p.code} matches ${items.length === 2 ? 'two' : 'several'} items: ${names.join(' and ')} — give one of them another barcode`);
    }
    return { item: items[0] ?? null };
  },

  'inventory.journal': (p, ctx) => {
    getItem(ctx.db, p.itemId);
    return listEntries(ctx.db, p.itemId, p.limit, p.cursor);
  },

  'inventory.categories': (_p, ctx) =>
    sql(ctx.db, 'SELECT category, count(*) AS items FROM items WHERE category IS NOT NULL AND archived_at IS NULL GROUP BY category ORDER BY category').all() as {
      category: string;
      items: number;
    }[],

  'forecast.item': (p, ctx) => {
    const today = todayDay(ctx);
    const item = getItem(ctx.db, p.itemId);
    return { itemId: item.id, method: METHOD_NAME, ...forecastOf(readStats(ctx.db, item.id, today), item, today) };
  },

  'forecast.rollup': (p, ctx) => {
    const today = todayDay(ctx);
    // Days left from the five stored numbers of each item; full rows only for the winners.
    const candidates = (
      sql(ctx.db, 'SELECT s.item_id, s.on_hand, s.ew_num, s.ew_den, s.ew_day FROM item_stats s JOIN items i ON i.id = s.item_id WHERE i.archived_at IS NULL AND s.demand_days > 0')
        .raw()
        .all() as [string, number, number, number, number][]
    )
      .map(([id, onHand, num, den, day]) => {
        const rate = rateAt({ num, den, day }, today);
        return { id, daysLeft: rate > 0 ? Math.max(0, onHand) / rate : onHand <= 0 ? 0 : Infinity };
      })
      .filter((c) => c.daysLeft <= p.windowDays + 1)
      .sort((a, b) => a.daysLeft - b.daysLeft)
      // a margin past the limit, for ties broken by name and for rounding
      .slice(0, p.limit + 16);
    if (candidates.length === 0) return { asOf: dayToDate(today), items: [] };
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const { items } = selectRows(ctx.db, today, [`i.id IN (SELECT value FROM json_each(@ids))`], { ids: JSON.stringify([...byId.keys()]) }, Number.MAX_SAFE_INTEGER);
    const soon = items
      .filter((r) => r.forecast.daysLeft !== null && r.forecast.daysLeft <= p.windowDays)
      .sort((a, b) => (a.forecast.daysLeft as number) - (b.forecast.daysLeft as number) || a.name.localeCompare(b.name));
    return {
      asOf: dayToDate(today),
      items: soon.slice(0, p.limit).map((r) => ({ itemId: r.id, name: r.name, unit: r.unit, forecast: r.forecast })),
    };
  },

  'forecast.history': (p, ctx) => {
    const today = todayDay(ctx);
    const item = getItem(ctx.db, p.itemId);
    const from = today - p.days + 1;
    const opening = sql(ctx.db, 'SELECT coalesce(sum(qty), 0) AS q FROM stock_journal WHERE item_id = ? AND occurred_day < ?').get(item.id, from) as { q: number };
    const days = sql(
      ctx.db,
      `SELECT occurred_day AS day, sum(qty) AS net, -sum(CASE WHEN kind IN ('consume','sale','spoil') THEN qty ELSE 0 END) AS demand
       FROM stock_journal WHERE item_id = ? AND occurred_day >= ? AND occurred_day <= ? GROUP BY occurred_day`,
    ).all(item.id, from, today) as { day: number; net: number; demand: number }[];
    const byDay = new Map(days.map((d) => [d.day, d]));
    const history: { day: string; onHand: number; demand: number }[] = [];
    let onHand = opening.q;
    for (let d = from; d <= today; d++) {
      const row = byDay.get(d);
      onHand += row?.net ?? 0;
      history.push({ day: dayToDate(d), onHand: Math.round(onHand * 1000) / 1000, demand: Math.max(0, Math.round((row?.demand ?? 0) * 1000) / 1000) });
    }
    const stats = readStats(ctx.db, item.id, today);
    const forecast = forecastOf(stats, item, today);
    const rate = rateAt(stats, today);
    const projection: { day: string; onHand: number }[] = [];
    if (rate > 0 && forecast.onHand > 0) {
      const horizon = Math.min(Math.ceil(forecast.onHand / rate), 365);
      for (let d = 0; d <= horizon; d++) projection.push({ day: dayToDate(today + d), onHand: Math.max(0, Math.round((forecast.onHand - rate * d) * 1000) / 1000) });
    }
    return { itemId: item.id, history, projection, forecast };
  },
};
