/**
 * The shopping list (DOMAIN.md "Shopping, needs, schedule, bills").
 *
 * Items come from the operator (`manual`, `quick_add`) or from generators: stock at or below
 * its minimum (`low_stock`), stock the forecast sees running out within lead time + review
 * period (`forecast`), and needs due within N days (`need`). The daily tick does not add them
 * itself: it proposes them as recommendations (automation kinds `forecast_reorder`,
 * `needs_shopping`), carried out by `shopping.add` with a `recommendationId` — by an operator
 * accepting, or as `system` when the kind's charter lets it act alone. Generating never duplicates an
 * open item for the same stock item, nor a need's occurrence (unique indexes make that a
 * property of the table, not of one code path); an item the operator cancelled is left
 * alone for CANCEL_SNOOZE_DAYS. An item whose estimate reaches the band's approval threshold
 * is big-ticket: an approval request is opened for it (bound to `shopping.bought` and the
 * item), and buying it without that approval is refused by the approval gate.
 *
 * `shopping.bought` is a governed spend: the gates reserve and settle the caps; the handler,
 * in the same transaction, marks the item bought, creates a receipt placeholder in the triage
 * inbox, posts the ledger entry (linked to the receipt) and writes the stock purchase of a
 * linked item (source `receipt`, so receipt → ledger → stock stay linked).
 */
import type { ShoppingItem } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { formatMoney, householdCurrency } from '../../../../shared/domain/money';
import { calendarDateIn, dayToDate } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import { bandPolicy, requestApproval, type Spend, type SpendResolvers } from '../../governance/spending';
import { readGovernance } from '../../governance/state';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';
import { REVIEW_PERIOD_DAYS } from '../forecast/method';
import { writeEntries } from '../inventory/actions';
import { forecastRows } from '../inventory/queries';
import { dayOf, getActiveItem } from '../inventory/store';
import { postEntry } from '../ledger/post';
import { insertReceipt } from '../receipts/store';
import { dueOccurrences } from '../schedule/schedule';
import { basisOf, settleRecommendation, type Proposal } from '../automations/recommendations';

/** Days a cancelled item keeps its stock item off generated lists. */
export const CANCEL_SNOOZE_DAYS = 7;
/** The category of an item without one. */
export const DEFAULT_SHOPPING_CATEGORY = 'groceries';

type Row = {
  id: string;
  name: string;
  item_id: string | null;
  qty: number | null;
  est_total_minor: number | null;
  category: string;
  status: ShoppingItem['status'];
  source: ShoppingItem['source'];
  reason: string | null;
  schedule_entry_id: string | null;
  occurrence_date: string | null;
  approval_id: string | null;
  note: string | null;
  actual_total_minor: number | null;
  account_id: string | null;
  payment_method: string | null;
  receipt_id: string | null;
  ledger_entry_id: string | null;
  bought_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  unit: string | null;
  approval_status: string | null;
};

const SELECT = `SELECT s.*, i.unit AS unit, a.status AS approval_status FROM shopping_items s
  LEFT JOIN items i ON i.id = s.item_id LEFT JOIN approvals a ON a.id = s.approval_id`;

/** The current band's approval threshold in minor units (null: every spend needs an approval). */
export function bigTicketThreshold(db: Db): number | null {
  return bandPolicy(db, readGovernance(db).band).approvalThresholdMinor;
}

const isBig = (est: number | null, threshold: number | null) => est !== null && est > 0 && (threshold === null || est >= threshold);

function toItem(r: Row, threshold: number | null): ShoppingItem {
  return {
    id: r.id,
    name: r.name,
    itemId: r.item_id,
    qty: r.qty,
    unit: r.unit,
    estTotalMinor: r.est_total_minor,
    category: r.category,
    status: r.status,
    source: r.source,
    reason: r.reason,
    scheduleEntryId: r.schedule_entry_id,
    occurrenceDate: r.occurrence_date,
    bigTicket: isBig(r.est_total_minor, threshold),
    approvalId: r.approval_id,
    approvalStatus: r.approval_status,
    note: r.note,
    actualTotalMinor: r.actual_total_minor,
    accountId: r.account_id,
    paymentMethod: r.payment_method,
    receiptId: r.receipt_id,
    ledgerEntryId: r.ledger_entry_id,
    boughtAt: r.bought_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** One shopping item; throws EngineError `not_found`. */
export function getShoppingItem(db: Db, id: string): ShoppingItem {
  const r = sql(db, `${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  if (!r) throw new EngineError('not_found', `no shopping item ${id}`);
  return toItem(r, bigTicketThreshold(db));
}

function openItem(db: Db, id: string): ShoppingItem {
  const item = getShoppingItem(db, id);
  if (item.status !== 'open') throw new EngineError('conflict', `"${item.name}" is ${item.status}, not open`);
  return item;
}

/** `shopping.bought` spends its actual total, bound to the shopping item (so an approval covers that item only). */
export const shoppingSpend = (params: unknown, db: Db): Spend => {
  const p = params as { id: string; actualTotalMinor: number };
  const item = getShoppingItem(db, p.id);
  return { kind: 'spend', amountMinor: p.actualTotalMinor, category: item.category, target: item.id, bindingParams: { id: item.id }, title: `Buy ${item.name}` };
};

export const SHOPPING_SPEND_RESOLVERS: SpendResolvers = { 'shopping.bought': shoppingSpend };

type NewShopping = {
  name: string;
  itemId: string | null;
  qty: number | null;
  estTotalMinor: number | null;
  category: string;
  source: ShoppingItem['source'];
  reason: string | null;
  scheduleEntryId?: string | null;
  occurrenceDate?: string | null;
  note?: string | null;
};

/**
 * Inserts an open item unless the table's unique indexes say it is listed already (an open
 * item for the same stock item, or the same need occurrence); audits it and, when it is
 * big-ticket, opens its approval request. Returns the item and whether an approval was requested,
 * or null when it was a duplicate.
 */
function insertShopping(ctx: ActionContext, s: NewShopping, threshold: number | null): { item: ShoppingItem; approvalRequested: boolean } | null {
  const id = ctx.newId();
  const info = sql(
    ctx.db,
    `INSERT OR IGNORE INTO shopping_items (id, name, item_id, qty, est_total_minor, category, status, source, reason, schedule_entry_id, occurrence_date, note, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, s.name, s.itemId, s.qty, s.estTotalMinor, s.category, s.source, s.reason, s.scheduleEntryId ?? null, s.occurrenceDate ?? null, s.note ?? null, ctx.actorName, ctx.now, ctx.now);
  if (info.changes === 0) return null;
  const approvalRequested = isBig(s.estTotalMinor, threshold) ? requestBigTicketApproval(ctx, id) : false;
  const item = getShoppingItem(ctx.db, id);
  ctx.record({ entity: 'shopping_item', entityId: id, before: null, after: item });
  ctx.touch('shopping_items');
  return { item, approvalRequested };
}

/** Opens the approval request of a big-ticket item that has none yet; true when one was opened. */
function requestBigTicketApproval(ctx: ActionContext, id: string): boolean {
  const row = sql(ctx.db, 'SELECT * FROM shopping_items WHERE id = ?').get(id) as Row;
  if (row.approval_id !== null || row.est_total_minor === null) return false;
  const spend: Spend = { kind: 'spend', amountMinor: row.est_total_minor, category: row.category, target: id, bindingParams: { id }, title: `Buy ${row.name}` };
  const threshold = bigTicketThreshold(ctx.db);
  const currency = householdCurrency(ctx.settings.currency);
  const why =
    threshold === null
      ? `band ${ctx.governance.band}: every spend needs an approval`
      : `estimated ${formatMoney(row.est_total_minor, currency)} is at or above band ${ctx.governance.band}'s approval threshold of ${formatMoney(threshold, currency)}`;
  const { approval } = requestApproval(ctx, { action: 'shopping.bought', spend, title: `Buy ${row.name}`, reason: why, band: ctx.governance.band, riskBucket: 'YELLOW' });
  sql(ctx.db, 'UPDATE shopping_items SET approval_id = ?, updated_at = ? WHERE id = ?').run(approval.id, ctx.now, id);
  return true;
}

/**
 * Opens approval requests for open big-ticket items that have none (the daily tick's
 * step; an item whose request was denied or expired keeps that one, it is not asked again).
 * Returns how many were opened.
 */
export function requestBigTicketApprovals(ctx: ActionContext): number {
  const threshold = bigTicketThreshold(ctx.db);
  const rows = sql(ctx.db, "SELECT id, est_total_minor FROM shopping_items WHERE status = 'open' AND approval_id IS NULL AND est_total_minor > 0").all() as {
    id: string;
    est_total_minor: number;
  }[];
  let opened = 0;
  for (const r of rows) {
    if (!isBig(r.est_total_minor, threshold)) continue;
    const before = getShoppingItem(ctx.db, r.id);
    if (requestBigTicketApproval(ctx, r.id)) {
      opened += 1;
      ctx.record({ entity: 'shopping_item', entityId: r.id, before, after: getShoppingItem(ctx.db, r.id) });
      ctx.touch('shopping_items');
    }
  }
  return opened;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const fmtQty = (q: number) => String(round3(q));

/** What a generator did: the items it added, those it skipped (listed or snoozed), approval requests opened. */
export interface Generated {
  added: ShoppingItem[];
  skipped: number;
  approvalsRequested: number;
}

/** Counts one generated candidate: added (and its approval request) or skipped (already listed). */
function tally(into: Generated, made: ReturnType<typeof insertShopping>): void {
  if (!made) {
    into.skipped += 1;
    return;
  }
  into.added.push(made.item);
  if (made.approvalRequested) into.approvalsRequested += 1;
}

/** A generated candidate: the item to list, with the proposal's confidence and what it was based on. */
type Candidate = NewShopping & { subject: string; confidence: number; basis: Record<string, unknown> };

/**
 * The forecast's confidence as a number for the charter's gate: high 0.9, medium 0.7, low 0.4
 * (the forecast's own levels, method.ts); a rule (stock at or below its minimum) is 1.
 */
export const FORECAST_CONFIDENCE = { high: 0.9, medium: 0.7, low: 0.4, none: 0 } as const;

/**
 * Stock items at or below their minimum (`low_stock`), or running out within lead time +
 * review period (`forecast`), with the forecast's suggested order quantity and an estimate
 * from the item's unit cost. Leaves out items already on the list (open) and items cancelled
 * within CANCEL_SNOOZE_DAYS (counted as skipped). One read of every active item with its statistics.
 */
function inventoryCandidates(ctx: ActionContext): { candidates: Candidate[]; skipped: number } {
  const timeZone = ctx.settings.timeZone ?? 'UTC';
  const today = dayOf(ctx.now, timeZone);
  const listed = new Set((sql(ctx.db, "SELECT item_id FROM shopping_items WHERE status = 'open' AND item_id IS NOT NULL").all() as { item_id: string }[]).map((r) => r.item_id));
  const snoozeFrom = new Date(Date.parse(ctx.now) - CANCEL_SNOOZE_DAYS * 86_400_000).toISOString();
  const snoozed = new Set(
    (sql(ctx.db, "SELECT DISTINCT item_id FROM shopping_items WHERE status = 'cancelled' AND item_id IS NOT NULL AND updated_at >= ?").all(snoozeFrom) as { item_id: string }[]).map(
      (r) => r.item_id,
    ),
  );
  const candidates: Candidate[] = [];
  let skipped = 0;
  for (const row of forecastRows(ctx.db, today)) {
    const f = row.forecast;
    const horizon = row.leadTimeDays + REVIEW_PERIOD_DAYS;
    const runsOut = f.daysLeft !== null && f.daysLeft <= horizon && f.confidence !== 'none';
    if (!f.belowMin && !runsOut) continue;
    const qty = f.suggestedOrderQty > 0 ? f.suggestedOrderQty : f.belowMin ? Math.max(1, Math.ceil(row.targetQty - f.onHand)) : 0;
    if (qty <= 0) continue;
    if (listed.has(row.id) || snoozed.has(row.id)) {
      skipped += 1;
      continue;
    }
    const reason = f.belowMin
      ? `at or below its minimum: ${fmtQty(f.onHand)} ${row.unit} on hand, minimum ${fmtQty(row.minQty)}`
      : `runs out in about ${Math.floor(f.daysLeft ?? 0)} days (${f.runOutDate ?? dayToDate(today)}), within lead time ${row.leadTimeDays} + review ${REVIEW_PERIOD_DAYS} days; ${f.basis}`;
    const source = f.belowMin ? 'low_stock' : 'forecast';
    candidates.push({
      name: row.name,
      itemId: row.id,
      qty,
      // bounded: a huge target at a high unit cost overflows the integer column (found by the
      // soak's fuzzing); the cap still makes it a big-ticket item needing approval
      estTotalMinor: row.unitCostMinor === null ? null : Math.min(Number.MAX_SAFE_INTEGER, Math.round(row.unitCostMinor * qty)),
      category: row.category ?? DEFAULT_SHOPPING_CATEGORY,
      source,
      reason,
      subject: row.id,
      confidence: f.belowMin ? 1 : FORECAST_CONFIDENCE[f.confidence],
      // a run-out is predicted (and later scored) only for stock still on hand
      basis: { source, itemId: row.id, onHand: f.onHand, runOutDate: runsOut && f.onHand > 0 ? f.runOutDate : null, forecastConfidence: f.confidence },
    });
  }
  return { candidates, skipped };
}

/** Adds what inventoryCandidates finds (the operator's `shopping.generateFromInventory`). */
export function generateFromInventory(ctx: ActionContext): Generated {
  const threshold = bigTicketThreshold(ctx.db);
  const { candidates, skipped } = inventoryCandidates(ctx);
  const generated: Generated = { added: [], skipped, approvalsRequested: 0 };
  for (const c of candidates) tally(generated, insertShopping(ctx, c, threshold));
  return generated;
}

/** The needs due within `withinDays` (and overdue ones), each with its occurrence. */
function needCandidates(ctx: ActionContext, withinDays: number): Candidate[] {
  const today = calendarDateIn(new Date(ctx.now), ctx.settings.timeZone ?? 'UTC');
  return dueOccurrences(ctx.db, today, withinDays, ['need']).map(({ entry, date }) => {
    const itemId = entry.itemId && sql(ctx.db, 'SELECT 1 FROM items WHERE id = ? AND archived_at IS NULL').get(entry.itemId) ? entry.itemId : null;
    return {
      name: entry.title,
      itemId,
      qty: entry.qty,
      estTotalMinor: entry.estTotalMinor,
      category: entry.category ?? DEFAULT_SHOPPING_CATEGORY,
      source: 'need' as const,
      reason: `needed by ${date}`,
      scheduleEntryId: entry.id,
      occurrenceDate: date,
      subject: `need:${entry.id}/${date}`,
      confidence: 1,
      basis: { source: 'need', scheduleEntryId: entry.id, occurrenceDate: date },
    };
  });
}

/** Adds the needs due within `withinDays` (and overdue ones) that are not on the list yet. */
export function generateFromNeeds(ctx: ActionContext, withinDays: number): Generated {
  const threshold = bigTicketThreshold(ctx.db);
  const generated: Generated = { added: [], skipped: 0, approvalsRequested: 0 };
  for (const c of needCandidates(ctx, withinDays)) tally(generated, insertShopping(ctx, c, threshold));
  return generated;
}

/** A candidate as a `shopping.add` proposal (nulls left out: the action's fields are optional). */
function toProposal(c: Candidate): Proposal {
  const params: Record<string, unknown> = { name: c.name, category: c.category };
  if (c.itemId) params.itemId = c.itemId;
  if (c.qty !== null) params.qty = c.qty;
  if (c.estTotalMinor !== null) params.estTotalMinor = c.estTotalMinor;
  return { subject: c.subject, title: `Add ${c.name}${c.qty !== null ? ` × ${fmtQty(c.qty)}` : ''} to the shopping list`, reason: c.reason, action: 'shopping.add', params, confidence: c.confidence, basis: c.basis };
}

/** The forecast reorder proposals of the daily tick (automation kind `forecast_reorder`). */
export const inventoryProposals = (ctx: ActionContext): Proposal[] => inventoryCandidates(ctx).candidates.map(toProposal);

/** The needs → shopping proposals of the daily tick (automation kind `needs_shopping`), for needs not listed yet. */
export function needProposals(ctx: ActionContext, withinDays: number): Proposal[] {
  const listed = sql(ctx.db, 'SELECT 1 FROM shopping_items WHERE schedule_entry_id = ? AND occurrence_date = ?');
  return needCandidates(ctx, withinDays)
    .filter((c) => !listed.get(c.scheduleEntryId, c.occurrenceDate))
    .map(toProposal);
}

function change(ctx: ActionContext, id: string, set: Record<string, unknown>): ShoppingItem {
  const before = getShoppingItem(ctx.db, id);
  const columns = Object.keys(set);
  sql(ctx.db, `UPDATE shopping_items SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`).run({ ...set, now: ctx.now, id });
  const after = getShoppingItem(ctx.db, id);
  ctx.record({ entity: 'shopping_item', entityId: id, before, after });
  ctx.touch('shopping_items');
  return after;
}

function linkedItem(ctx: ActionContext, itemId: string | undefined): { id: string; name: string; category: string | null } | null {
  if (itemId === undefined) return null;
  const item = getActiveItem(ctx.db, itemId);
  if (sql(ctx.db, "SELECT 1 FROM shopping_items WHERE item_id = ? AND status = 'open'").get(itemId)) throw new EngineError('conflict', `"${item.name}" is on the shopping list already: edit that entry`);
  return item;
}

export const shoppingActions: Pick<
  ActionHandlers,
  'shopping.add' | 'shopping.quickAdd' | 'shopping.update' | 'shopping.cancel' | 'shopping.bought' | 'shopping.generateFromInventory' | 'shopping.generateFromNeeds'
> = {
  'shopping.add'(p, ctx) {
    // carrying out a recommendation: it is settled in this decision and its source and reason kept
    const rec = p.recommendationId ? settleRecommendation(ctx, p.recommendationId, 'shopping.add', p) : null;
    const basis = rec ? (basisOf(ctx.db, rec.id) as { source?: ShoppingItem['source']; scheduleEntryId?: string; occurrenceDate?: string }) : {};
    const item = linkedItem(ctx, p.itemId);
    const made = insertShopping(
      ctx,
      {
        name: p.name,
        itemId: item?.id ?? null,
        qty: p.qty ?? null,
        estTotalMinor: p.estTotalMinor ?? null,
        category: p.category ?? item?.category ?? DEFAULT_SHOPPING_CATEGORY,
        source: basis.source ?? 'manual',
        reason: rec?.reason ?? null,
        scheduleEntryId: basis.scheduleEntryId ?? null,
        occurrenceDate: basis.occurrenceDate ?? null,
        note: p.note ?? null,
      },
      bigTicketThreshold(ctx.db),
    );
    if (!made) throw new EngineError('conflict', `"${p.name}" is on the shopping list already`);
    return made.item;
  },

  'shopping.quickAdd'(p, ctx) {
    const match = sql(ctx.db, 'SELECT id, category FROM items WHERE name = ? COLLATE NOCASE AND archived_at IS NULL ORDER BY created_at LIMIT 1').get(p.name) as
      | { id: string; category: string | null }
      | undefined;
    const listed = match && sql(ctx.db, "SELECT 1 FROM shopping_items WHERE item_id = ? AND status = 'open'").get(match.id);
    const made = insertShopping(
      ctx,
      {
        name: p.name,
        // an item already listed is added unlinked rather than refused: quick add never stops the operator
        itemId: match && !listed ? match.id : null,
        qty: match && !listed ? 1 : null,
        estTotalMinor: p.estTotalMinor ?? null,
        category: match?.category ?? DEFAULT_SHOPPING_CATEGORY,
        source: 'quick_add',
        reason: null,
      },
      bigTicketThreshold(ctx.db),
    );
    if (!made) throw new EngineError('conflict', `"${p.name}" is on the shopping list already`);
    return made.item;
  },

  'shopping.update'(p, ctx) {
    const before = openItem(ctx.db, p.id);
    const columns: Record<string, string> = { name: 'name', qty: 'qty', estTotalMinor: 'est_total_minor', category: 'category', note: 'note' };
    const changes = Object.entries(p).filter(([k, v]) => k !== 'id' && v !== undefined);
    if (changes.length === 0) throw new EngineError('invalid', 'nothing to change: give at least one field', { issues: [{ path: [], message: 'no field given' }] });
    const after = change(ctx, p.id, Object.fromEntries(changes.map(([k, v]) => [columns[k] as string, v])));
    // a new estimate at or above the threshold opens the approval request the old one did not need
    if (after.bigTicket && !before.bigTicket && after.approvalId === null && requestBigTicketApproval(ctx, p.id)) return getShoppingItem(ctx.db, p.id);
    return after;
  },

  'shopping.cancel'(p, ctx) {
    const item = openItem(ctx.db, p.id);
    const after = change(ctx, p.id, { status: 'cancelled', note: p.reason ?? item.note });
    if (item.approvalId && (item.approvalStatus === 'pending' || item.approvalStatus === 'approved')) {
      sql(ctx.db, "UPDATE approvals SET status = 'cancelled', decision_note = ? WHERE id = ? AND status IN ('pending','approved')").run(`shopping item cancelled by ${ctx.actorName}`, item.approvalId);
      ctx.record({ entity: 'approval', entityId: item.approvalId, before: { status: item.approvalStatus }, after: { status: 'cancelled' } });
      ctx.touch('approvals');
    }
    return after;
  },

  'shopping.bought'(p, ctx) {
    const item = openItem(ctx.db, p.id);
    const timeZone = ctx.settings.timeZone ?? 'UTC';
    const today = calendarDateIn(new Date(ctx.now), timeZone);
    const date = p.boughtOn ?? today;
    if (date > today) throw new EngineError('invalid', `bought on ${date}: a purchase cannot be in the future (today is ${today})`, { issues: [{ path: ['boughtOn'], message: 'in the future' }] });
    const currency = householdCurrency(ctx.settings.currency);
    const qty = p.qty ?? item.qty;
    const receiptId = ctx.newId();
    insertReceipt(ctx.db, {
      id: receiptId,
      now: ctx.now,
      source: 'shopping',
      sourceRef: item.id,
      vendor: p.vendor ?? null,
      date,
      totalMinor: p.actualTotalMinor,
      currency,
      taxMinor: null,
      category: item.category,
      paymentMethod: p.paymentMethod ?? null,
      tags: ['shopping'],
      notes: `Placeholder for "${item.name}"${qty !== null ? ` × ${fmtQty(qty)}` : ''}, bought ${date}: attach the receipt`,
      address: null,
      ocrText: null,
    });
    // a placeholder waits in the triage inbox until its receipt is attached and checked
    sql(ctx.db, "UPDATE receipts SET status = 'needs_attention' WHERE id = ?").run(receiptId);
    ctx.record({ entity: 'receipt', entityId: receiptId, before: null, after: { id: receiptId, status: 'needs_attention', source: 'shopping', shoppingItemId: item.id, totalMinor: p.actualTotalMinor, date } });
    ctx.touch('receipts');
    const entry = p.accountId
      ? postEntry(ctx, {
          accountId: p.accountId,
          date,
          amountMinor: -p.actualTotalMinor,
          payee: p.vendor ?? item.name,
          category: item.category,
          memo: `Shopping: ${item.name}`,
          receiptId,
          sourceRef: `shopping:${item.id}`,
        })
      : null;
    let stockEntrySeq: number | null = null;
    if (item.itemId && qty !== null && qty > 0) {
      const stock = getActiveItem(ctx.db, item.itemId);
      const written = writeEntries(ctx, [
        {
          itemId: stock.id,
          kind: 'purchase',
          qty,
          locationId: stock.locationId,
          occurredAt: date === today ? ctx.now : `${date}T12:00:00.000Z`,
          unitCostMinor: Math.round(p.actualTotalMinor / qty),
          source: 'receipt',
          sourceRef: receiptId,
          note: `shopping: ${item.name}`,
          reversesSeq: null,
        },
      ]);
      stockEntrySeq = written.entries[0]?.seq ?? null;
    }
    if (item.scheduleEntryId && item.occurrenceDate) {
      sql(
        ctx.db,
        "INSERT OR IGNORE INTO schedule_occurrences (entry_id, occurrence_date, status, at, by, decision_id, ledger_entry_id, note) VALUES (?, ?, 'done', ?, ?, ?, ?, ?)",
      ).run(item.scheduleEntryId, item.occurrenceDate, ctx.now, ctx.actorName, ctx.decisionId, entry?.id ?? null, `bought from the shopping list`);
      ctx.record({ entity: 'schedule_occurrence', entityId: `${item.scheduleEntryId}/${item.occurrenceDate}`, before: null, after: { status: 'done', by: 'shopping.bought' } });
      ctx.touch('schedule_occurrences');
    }
    const after = change(ctx, item.id, {
      status: 'bought',
      qty,
      actual_total_minor: p.actualTotalMinor,
      account_id: p.accountId ?? null,
      payment_method: p.paymentMethod ?? null,
      receipt_id: receiptId,
      ledger_entry_id: entry?.id ?? null,
      bought_at: ctx.now,
    });
    return { item: after, receiptId, ledgerEntryId: entry?.id ?? null, stockEntrySeq };
  },

  'shopping.generateFromInventory'(_p, ctx) {
    return generateFromInventory(ctx);
  },

  'shopping.generateFromNeeds'(p, ctx) {
    return generateFromNeeds(ctx, p.withinDays);
  },
};

export const shoppingQueries: Pick<QueryHandlers, 'shopping.list'> = {
  'shopping.list'(p, ctx) {
    const threshold = bigTicketThreshold(ctx.db);
    const where = p.status === 'all' ? '' : 'WHERE s.status = ?';
    const rows = sql(ctx.db, `${SELECT} ${where} ORDER BY s.source, s.name COLLATE NOCASE, s.id LIMIT ?`).all(...(p.status === 'all' ? [] : [p.status]), p.limit) as Row[];
    const items = rows.map((r) => toItem(r, threshold));
    const groups = new Map<ShoppingItem['source'], ShoppingItem[]>();
    for (const item of items) groups.set(item.source, [...(groups.get(item.source) ?? []), item]);
    const sum = (list: ShoppingItem[]) => Math.min(Number.MAX_SAFE_INTEGER, list.reduce((total, i) => total + (i.estTotalMinor ?? 0), 0));
    return {
      groups: [...groups].map(([source, list]) => ({ source, count: list.length, estTotalMinor: sum(list), items: list })),
      count: items.length,
      estTotalMinor: sum(items),
      bigTicketThresholdMinor: threshold,
    };
  },
};

/** Open items, their estimated total and how many wait on an approval: the ops board's panel. */
export function shoppingSummary(db: Db): { open: number; estTotalMinor: number; awaitingApproval: number; top: ShoppingItem[] } {
  const totals = sql(
    db,
    `SELECT count(*) AS open, coalesce(sum(s.est_total_minor), 0) AS est, coalesce(sum(a.status = 'pending'), 0) AS waiting
     FROM shopping_items s LEFT JOIN approvals a ON a.id = s.approval_id WHERE s.status = 'open'`,
  ).get() as { open: number; est: number; waiting: number };
  const threshold = bigTicketThreshold(db);
  const top = (sql(db, `${SELECT} WHERE s.status = 'open' ORDER BY s.created_at DESC LIMIT 5`).all() as Row[]).map((r) => toItem(r, threshold));
  return { open: totals.open, estTotalMinor: totals.est, awaitingApproval: totals.waiting, top };
}
