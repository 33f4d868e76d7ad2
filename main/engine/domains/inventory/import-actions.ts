/**
 * Imports as single governed actions: the file is read and classified before the
 * transaction (the preparer, with progress), then written in one transaction with one
 * decision and one audit event naming the file's SHA-256. Importing the same file again
 * changes nothing.
 */
import { EngineError } from '../../../../shared/contract';
import type { ImportSummary } from '../../../../shared/contract/inventory';
import { dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import { zonedDayStart } from '../../governance/time';
import type { ActionContext, ActionHandlers, ActionPreparers } from '../../handlers';
import { demandState, LOOKBACK_DAYS } from '../forecast/method';
import { forEachCsvRow, requireHeader } from './csv';
import { PLAN_KINDS, readSalesFile, readStockCount, type SalesPlan } from './sales-file';
import { checkThresholds } from './actions';
import { dayOf, getItem, refreshItemStats, writeStats } from './store';

interface PreparedSales {
  plan: SalesPlan;
  stockCount: Map<string, number> | null;
  seconds: number;
}

const counts = (ctx: ActionContext) =>
  sql(ctx.db, 'SELECT (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM stock_journal) AS entries').get() as { items: number; entries: number };

/**
 * Opening stock per item, so that on-hand at the end of the history is the target and
 * never negative along the way: max(target − net, −lowest running net).
 */
function openingQuantities(plan: SalesPlan, target: (item: number) => number): Float64Array {
  const running = new Float64Array(plan.items.length);
  const lowest = new Float64Array(plan.items.length);
  for (let i = 0; i < plan.count; i++) {
    const item = plan.item[i] as number;
    running[item] = (running[item] as number) + (plan.qty[i] as number);
    if ((running[item] as number) < (lowest[item] as number)) lowest[item] = running[item] as number;
  }
  const opening = new Float64Array(plan.items.length);
  for (let item = 0; item < plan.items.length; item++) {
    opening[item] = Math.max(target(item) - (running[item] as number), -(lowest[item] as number), 0);
  }
  return opening;
}

/** Opening stock that makes on-hand at the end exactly the counted target (a count is the truth, even if the history then dips below zero). */
function exactOpening(plan: SalesPlan, target: (item: number) => number): Float64Array {
  const net = new Float64Array(plan.items.length);
  for (let i = 0; i < plan.count; i++) net[plan.item[i] as number] = (net[plan.item[i] as number] as number) + (plan.qty[i] as number);
  return net.map((n, item) => target(item) - n);
}

/** Mean daily demand of each item from its first demand day to the end of the history (units/day). */
function meanDailyDemand(plan: SalesPlan): Float64Array {
  const total = new Float64Array(plan.items.length);
  const first = new Int32Array(plan.items.length).fill(2 ** 31 - 1);
  for (let i = 0; i < plan.count; i++) {
    const kind = PLAN_KINDS[plan.kind[i] as number];
    if ((kind === 'sale' || kind === 'spoil') && (plan.qty[i] as number) < 0) {
      const item = plan.item[i] as number;
      total[item] = (total[item] as number) - (plan.qty[i] as number);
      first[item] = Math.min(first[item] as number, plan.day[i] as number);
    }
  }
  const mean = new Float64Array(plan.items.length);
  for (let item = 0; item < plan.items.length; item++) {
    if ((total[item] as number) > 0 && plan.lastDay !== null) mean[item] = (total[item] as number) / (plan.lastDay - (first[item] as number) + 1);
  }
  return mean;
}

/** The summary of an earlier import of the same file, if any. */
function alreadyImported(db: Db, fileSha256: string): ImportSummary | null {
  const row = sql(db, "SELECT summary_json FROM imports WHERE kind = 'sales' AND file_sha256 = ?").get(fileSha256) as { summary_json: string } | undefined;
  return row ? { ...(JSON.parse(row.summary_json) as ImportSummary), alreadyImported: true } : null;
}

function importSales(p: { fileSha256: string; fileName?: string; opening: { mode: string; days?: number }; shiftToToday: boolean }, ctx: ActionContext): ImportSummary {
  const earlier = alreadyImported(ctx.db, p.fileSha256);
  if (earlier) return earlier;
  const prepared = ctx.prepared as PreparedSales | null | undefined;
  if (!prepared) throw new EngineError('internal', 'inventory.importSales runs through dispatchAsync (its file is read before the transaction)');
  const started = Date.now();
  const { plan, stockCount } = prepared;
  const timeZone = ctx.settings.timeZone ?? 'UTC';
  const today = dayOf(ctx.now, timeZone);
  const shift = p.shiftToToday && plan.lastDay !== null ? today - plan.lastDay : 0;
  const before = counts(ctx);

  // Items: stock codes become items; an existing SKU is updated, not duplicated.
  const itemIds: string[] = [];
  const existedBefore: boolean[] = [];
  let itemsCreated = 0;
  let itemsUpdated = 0;
  const findBySku = sql(ctx.db, 'SELECT id, name, unit_cost_minor FROM items WHERE sku = ?');
  const insertItem = sql(
    ctx.db,
    `INSERT INTO items (id, name, sku, unit, unit_cost_minor, source, created_at, updated_at) VALUES (?, ?, ?, 'pcs', ?, 'import', ?, ?)`,
  );
  const updateItem = sql(ctx.db, 'UPDATE items SET name = ?, unit_cost_minor = ?, updated_at = ? WHERE id = ?');
  for (const item of plan.items) {
    const found = findBySku.get(item.code) as { id: string; name: string; unit_cost_minor: number | null } | undefined;
    existedBefore.push(found !== undefined);
    if (found) {
      itemIds.push(found.id);
      if (found.name !== item.name || (item.unitCostMinor !== null && found.unit_cost_minor !== item.unitCostMinor)) {
        updateItem.run(item.name, item.unitCostMinor ?? found.unit_cost_minor, ctx.now, found.id);
        itemsUpdated += 1;
      }
    } else {
      const id = ctx.newId();
      insertItem.run(id, item.name, item.code, item.unitCostMinor, ctx.now, ctx.now);
      itemIds.push(id);
      itemsCreated += 1;
    }
  }

  // Instants in the household time zone, one offset lookup per day.
  const dayStart = new Map<number, number>();
  const instantOf = (day: number, minute: number) => {
    let start = dayStart.get(day);
    if (start === undefined) {
      start = Date.parse(zonedDayStart(dayToDate(day), timeZone));
      dayStart.set(day, start);
    }
    return new Date(start + minute * 60_000).toISOString();
  };

  const insert = sql(
    ctx.db,
    `INSERT INTO stock_journal (item_id, kind, qty, location_id, occurred_at, occurred_day, unit_cost_minor, source, source_ref, note, decision_id)
     VALUES (?, ?, ?, NULL, ?, ?, ?, 'import', ?, ?, ?)`,
  );

  // Opening stock, dated at the start of the history.
  const mean = meanDailyDemand(plan);
  const days = p.opening.mode === 'coverDays' ? (p.opening.days ?? 0) : 0;
  const targetOf = (item: number): number =>
    p.opening.mode === 'stockCount' ? (stockCount?.get(plan.items[item]?.code ?? '') ?? 0) : p.opening.mode === 'coverDays' ? Math.ceil((mean[item] as number) * days) : 0;
  const opening =
    p.opening.mode === 'none'
      ? new Float64Array(plan.items.length)
      : p.opening.mode === 'stockCount'
        ? exactOpening(plan, targetOf)
        : openingQuantities(plan, targetOf);
  let openingEntries = 0;
  if (plan.firstDay !== null) {
    const at = instantOf(plan.firstDay + shift, 0);
    const note = p.opening.mode === 'stockCount' ? 'opening stock from the stock count' : `opening stock: covers ${days} days of average demand at the end`;
    for (let item = 0; item < plan.items.length; item++) {
      if ((opening[item] as number) === 0) continue;
      insert.run(itemIds[item], 'adjust', opening[item], at, plan.firstDay + shift, null, `${p.fileSha256.slice(0, 12)}:opening`, note, ctx.decisionId);
      openingEntries += 1;
    }
  }

  // The movements, and per item what the statistics need.
  const onHand = Float64Array.from(opening);
  const lastAt: (string | null)[] = new Array(plan.items.length).fill(null);
  const asOf = Math.max(today, (plan.lastDay ?? today) + shift);
  const demand: Map<number, number>[] = plan.items.map(() => new Map());
  const firstDemand: (number | null)[] = new Array(plan.items.length).fill(null);
  const tally = { sale: 0, return: 0, adjust: 0, spoil: 0 };
  for (let i = 0; i < plan.count; i++) {
    const item = plan.item[i] as number;
    const kind = PLAN_KINDS[plan.kind[i] as number] as (typeof PLAN_KINDS)[number];
    const qty = plan.qty[i] as number;
    const day = (plan.day[i] as number) + shift;
    const at = instantOf(day, plan.minute[i] as number);
    insert.run(itemIds[item], kind, qty, at, day, kind === 'sale' ? (plan.items[item]?.unitCostMinor ?? null) : null, plan.invoice[i], plan.note[i], ctx.decisionId);
    tally[kind] += 1;
    onHand[item] = (onHand[item] as number) + qty;
    lastAt[item] = at;
    if ((kind === 'sale' || kind === 'spoil') && qty < 0) {
      firstDemand[item] ??= day;
      if (day > asOf - LOOKBACK_DAYS) demand[item]?.set(day, (demand[item]?.get(day) ?? 0) - qty);
    }
  }

  // Statistics from what was just written, as every other write would have left them.
  for (let item = 0; item < plan.items.length; item++) {
    const id = itemIds[item] as string;
    if (existedBefore[item]) {
      // the item may have had history before this file: recompute from the whole journal
      refreshItemStats(ctx.db, id, today);
      continue;
    }
    writeStats(ctx.db, id, {
      ...demandState(demand[item] as Map<number, number>, firstDemand[item] as number | null, asOf),
      onHand: onHand[item] as number,
      lastMovementAt: lastAt[item] ?? null,
    });
  }
  // The central threshold check, as after any other stock decrease (raised once per item while open).
  for (const id of itemIds) checkThresholds(ctx, getItem(ctx.db, id), today);

  const importId = ctx.newId();
  const summary: ImportSummary = {
    importId,
    fileSha256: p.fileSha256,
    alreadyImported: false,
    rows: plan.rows,
    itemsCreated,
    itemsUpdated,
    entries: plan.count + openingEntries,
    sales: tally.sale,
    returns: tally.return,
    adjustments: tally.adjust,
    spoilage: tally.spoil,
    openingEntries,
    skipped: plan.skipped,
    duplicates: plan.duplicates,
    firstDay: plan.firstDay === null ? null : dayToDate(plan.firstDay + shift),
    lastDay: plan.lastDay === null ? null : dayToDate(plan.lastDay + shift),
    shiftDays: shift,
    seconds: Math.round((prepared.seconds + (Date.now() - started) / 1000) * 100) / 100,
  };
  sql(ctx.db, "INSERT INTO imports (id, kind, file_sha256, file_name, at, decision_id, summary_json) VALUES (?, 'sales', ?, ?, ?, ?, ?)").run(
    importId,
    p.fileSha256,
    p.fileName ?? null,
    ctx.now,
    ctx.decisionId,
    JSON.stringify(summary),
  );
  ctx.record({
    entity: 'import',
    entityId: importId,
    before,
    after: { ...counts(ctx), kind: 'sales', fileSha256: p.fileSha256, fileName: p.fileName ?? null, opening: p.opening, shiftDays: shift, summary: { ...summary, skipped: undefined } },
  });
  ctx.touch('items', 'stock_journal', 'item_stats', 'imports');
  return summary;
}

const ITEM_COLUMNS = ['name', 'sku', 'unit', 'category', 'minQty', 'targetQty', 'leadTimeDays', 'unitCost'] as const;

function parseNumber(text: string, line: number, field: string, opts: { integer?: boolean } = {}): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  const ok = opts.integer ? /^\d+$/.test(t) : /^\d+(\.\d{1,3})?$/.test(t);
  if (!ok) throw new EngineError('invalid', `row ${line}, ${field}: "${text.slice(0, 40)}" is not ${opts.integer ? 'a whole number' : 'a number (0 or more, at most 3 decimals)'}`);
  return Number(t);
}

interface PreparedItems {
  rows: { line: number; values: Partial<Record<(typeof ITEM_COLUMNS)[number], string>> }[];
}

function importItems(p: { fileSha256: string }, ctx: ActionContext): { created: number; updated: number; rows: number } {
  const prepared = ctx.prepared as PreparedItems | undefined;
  if (!prepared) throw new EngineError('internal', 'inventory.importItems runs through dispatchAsync (its file is read before the transaction)');
  let created = 0;
  let updated = 0;
  for (const { line, values } of prepared.rows) {
    const name = values.name?.trim();
    if (!name) throw new EngineError('invalid', `row ${line}, name: empty`);
    const sku = values.sku?.trim() || null;
    const fields = {
      name,
      sku,
      unit: values.unit?.trim() || 'pcs',
      category: values.category?.trim() || null,
      min_qty: parseNumber(values.minQty ?? '', line, 'minQty') ?? 0,
      target_qty: parseNumber(values.targetQty ?? '', line, 'targetQty') ?? 0,
      lead_time_days: parseNumber(values.leadTimeDays ?? '', line, 'leadTimeDays', { integer: true }) ?? 7,
      unit_cost_minor: values.unitCost ? Math.round((parseNumber(values.unitCost, line, 'unitCost') ?? 0) * 100) : null,
    };
    const existing = sku ? (sql(ctx.db, 'SELECT * FROM items WHERE sku = ?').get(sku) as Record<string, unknown> | undefined) : undefined;
    if (existing) {
      sql(ctx.db, 'UPDATE items SET name = @name, unit = @unit, category = @category, min_qty = @min_qty, target_qty = @target_qty, lead_time_days = @lead_time_days, unit_cost_minor = @unit_cost_minor, updated_at = @now WHERE id = @id').run({
        ...fields,
        id: existing.id,
        now: ctx.now,
      });
      ctx.record({ entity: 'item', entityId: existing.id as string, before: existing, after: { ...existing, ...fields } });
      updated += 1;
    } else {
      const id = ctx.newId();
      sql(
        ctx.db,
        `INSERT INTO items (id, name, sku, unit, category, min_qty, target_qty, lead_time_days, unit_cost_minor, source, created_at, updated_at)
         VALUES (@id, @name, @sku, @unit, @category, @min_qty, @target_qty, @lead_time_days, @unit_cost_minor, 'import', @now, @now)`,
      ).run({ ...fields, id, now: ctx.now });
      ctx.record({ entity: 'item', entityId: id, before: null, after: { id, ...fields } });
      created += 1;
    }
  }
  ctx.touch('items');
  return { created, updated, rows: prepared.rows.length };
}

export const inventoryImportActions: Pick<ActionHandlers, 'inventory.importSales' | 'inventory.importItems'> = {
  'inventory.importSales': (p, ctx) => importSales(p, ctx),
  'inventory.importItems': (p, ctx) => importItems(p, ctx),
};

export const inventoryPreparers: ActionPreparers = {
  async 'inventory.importSales'(p, { db, files, progress }) {
    // the handler answers an already-imported file from its record: no need to read it again
    if (alreadyImported(db, p.fileSha256)) return null;
    const started = Date.now();
    const path = files.pathOf(p.fileSha256);
    const plan = await readSalesFile(path, (rows, fraction) =>
      progress({ phase: 'reading', done: rows, total: fraction > 0 ? Math.max(rows, Math.round(rows / fraction)) : null, unit: 'rows' }),
    );
    const stockCount = p.opening.mode === 'stockCount' ? await readStockCount(files.pathOf(p.opening.fileSha256)) : null;
    return { plan, stockCount, seconds: (Date.now() - started) / 1000 } satisfies PreparedSales;
  },

  async 'inventory.importItems'(p, { files }) {
    const rows: PreparedItems['rows'] = [];
    let columns: Map<string, number> | null = null;
    await forEachCsvRow(
      files.pathOf(p.fileSha256),
      (fields, line) => {
      if (!columns) {
        columns = new Map(fields.map((f, i) => [f.trim(), i]));
        const missing = Object.entries(p.mapping).filter(([, column]) => !columns?.has(column));
        if (missing.length) {
          requireHeader(fields, Object.values(p.mapping), 'items file with the mapped columns');
        }
        return;
      }
      const values: PreparedItems['rows'][number]['values'] = {};
      for (const key of ITEM_COLUMNS) {
        const column = p.mapping[key];
        if (column !== undefined) values[key] = fields[columns.get(column) as number] ?? '';
      }
      rows.push({ line, values });
    },
      { delimiter: p.delimiter },
    );
    if (!columns) throw new EngineError('invalid', 'the file is empty: no header line');
    return { rows } satisfies PreparedItems;
  },
};
