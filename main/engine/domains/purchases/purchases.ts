/**
 * Purchase requests: the workflow for a planned spend (the seeds' state machine)
 *
 *   DRAFT → READY (quote or notes attached) → ASSESSED (risk bucket computed; an approval
 *   is requested when the band needs one) → APPROVED | REJECTED | REVISION_REQUIRED →
 *   EXECUTED (the spend, through approvals and caps) → ARCHIVED
 *
 * Every transition is an action, audited with the request before and after. An approval
 * decided in the approvals inbox moves its request to APPROVED or REJECTED. Approving a
 * RED request needs an owner's override reason.
 */
import type { Approval, Purchase } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/contract';
import { formatMoney, householdCurrency } from '../../../../shared/domain/money';
import { calendarDateIn } from '../../../../shared/domain/time';
import { sql, type Db } from '../../db/connection';
import type { Actor } from '../../governance/dispatcher';
import { evaluateGates } from '../../governance/dispatcher';
import type { Gate } from '../../governance/gates';
import type { HealthRuntime } from '../../governance/health';
import { requestApproval, type Spend, type SpendResolvers } from '../../governance/spending';
import type { ApprovalListener } from '../../governance/spending-actions';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';
import { writeEntries } from '../inventory/actions';
import { getActiveItem } from '../inventory/store';
import { postEntry } from '../ledger/post';

type Row = {
  id: string;
  status: Purchase['status'];
  title: string;
  item_id: string | null;
  qty: number | null;
  amount_minor: number;
  category: string;
  vendor: string | null;
  quote: string | null;
  notes: string | null;
  risk_bucket: Purchase['riskBucket'];
  approval_id: string | null;
  account_id: string | null;
  payment_method: string | null;
  ledger_entry_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

type HistoryRow = { at: string; by: string; from_status: Purchase['status'] | null; to_status: Purchase['status']; note: string | null };

export function getPurchase(db: Db, id: string): Purchase {
  const r = sql(db, 'SELECT * FROM purchases WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new EngineError('not_found', `no purchase request ${id}`);
  const history = (sql(db, 'SELECT at, by, from_status, to_status, note FROM purchase_history WHERE purchase_id = ? ORDER BY rowid').all(id) as HistoryRow[]).map((h) => ({
    at: h.at,
    by: h.by,
    from: h.from_status,
    to: h.to_status,
    note: h.note,
  }));
  return {
    id: r.id,
    status: r.status,
    title: r.title,
    itemId: r.item_id,
    qty: r.qty,
    amountMinor: r.amount_minor,
    category: r.category,
    vendor: r.vendor,
    quote: r.quote,
    notes: r.notes,
    riskBucket: r.risk_bucket,
    approvalId: r.approval_id,
    accountId: r.account_id,
    paymentMethod: r.payment_method,
    ledgerEntryId: r.ledger_entry_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    history,
  };
}

/** The spend of `purchases.execute`: the request's amount (or the actual one given), bound to the request. */
export const purchaseSpend = (params: unknown, db: Db): Spend => {
  const p = params as { id: string; actualAmountMinor?: number };
  const purchase = getPurchase(db, p.id);
  return { kind: 'spend', amountMinor: p.actualAmountMinor ?? purchase.amountMinor, category: purchase.category, target: purchase.id, bindingParams: { id: purchase.id }, title: purchase.title };
};

export const PURCHASE_SPEND_RESOLVERS: SpendResolvers = { 'purchases.execute': purchaseSpend };

const ALLOWED: Record<Purchase['status'], Purchase['status'][]> = {
  DRAFT: ['READY', 'ARCHIVED'],
  READY: ['ASSESSED', 'REVISION_REQUIRED', 'ARCHIVED'],
  ASSESSED: ['APPROVED', 'REJECTED', 'REVISION_REQUIRED'],
  REVISION_REQUIRED: ['READY', 'ARCHIVED'],
  APPROVED: ['EXECUTED', 'ARCHIVED'],
  REJECTED: ['ARCHIVED'],
  EXECUTED: ['ARCHIVED'],
  ARCHIVED: [],
};

function transition(ctx: ActionContext, id: string, to: Purchase['status'], note: string | null, set: Record<string, unknown> = {}): Purchase {
  const before = getPurchase(ctx.db, id);
  if (!ALLOWED[before.status].includes(to)) {
    throw new EngineError('conflict', `a purchase request cannot go from ${before.status} to ${to} (allowed: ${ALLOWED[before.status].join(', ') || 'none'})`);
  }
  const columns = Object.keys(set);
  sql(ctx.db, `UPDATE purchases SET status = @to, updated_at = @now${columns.map((c) => `, ${c} = @${c}`).join('')} WHERE id = @id`).run({ ...set, to, now: ctx.now, id });
  sql(ctx.db, 'INSERT INTO purchase_history (purchase_id, at, by, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)').run(id, ctx.now, ctx.actorName, before.status, to, note);
  const after = getPurchase(ctx.db, id);
  ctx.record({ entity: 'purchase', entityId: id, before: { ...before, history: undefined }, after: { ...after, history: undefined } });
  ctx.touch('purchases');
  return after;
}

/** Keeps a request in step with its approval's decision (a listener of `approvals.decide`). */
export const followApproval: ApprovalListener = (ctx, approval: Approval) => {
  if (approval.action !== 'purchases.execute') return;
  const row = sql(ctx.db, 'SELECT status FROM purchases WHERE id = ? AND approval_id = ?').get(approval.target, approval.id) as { status: string } | undefined;
  if (!row || row.status !== 'ASSESSED') return;
  if (approval.status === 'approved') transition(ctx, approval.target, 'APPROVED', `approval ${approval.id} approved by ${approval.decidedBy ?? '?'}`);
  if (approval.status === 'denied') transition(ctx, approval.target, 'REJECTED', `approval ${approval.id} denied by ${approval.decidedBy ?? '?'}${approval.decisionNote ? `: ${approval.decisionNote}` : ''}`);
};

/**
 * The purchase actions. `assessDeps` lets ASSESSED compute the request's risk bucket with
 * the real gates, as `governance.assess` does.
 */
export function purchaseActions(assessDeps: { gates: readonly Gate[]; runtime: HealthRuntime; spendResolvers: SpendResolvers }): Pick<
  ActionHandlers,
  'purchases.create' | 'purchases.update' | 'purchases.advance' | 'purchases.execute'
> {
  return {
    'purchases.create'(p, ctx) {
      if (p.itemId) getActiveItem(ctx.db, p.itemId);
      if ((p.itemId === undefined) !== (p.qty === undefined)) throw new EngineError('invalid', 'give both an item and a quantity, or neither', { issues: [{ path: ['qty'], message: 'goes with itemId' }] });
      const id = ctx.newId();
      sql(
        ctx.db,
        `INSERT INTO purchases (id, status, title, item_id, qty, amount_minor, category, vendor, notes, created_by, created_at, updated_at)
         VALUES (?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, p.title, p.itemId ?? null, p.qty ?? null, p.amountMinor, p.category, p.vendor ?? null, p.notes ?? null, ctx.actorName, ctx.now, ctx.now);
      sql(ctx.db, 'INSERT INTO purchase_history (purchase_id, at, by, from_status, to_status, note) VALUES (?, ?, ?, NULL, ?, NULL)').run(id, ctx.now, ctx.actorName, 'DRAFT');
      const created = getPurchase(ctx.db, id);
      ctx.record({ entity: 'purchase', entityId: id, before: null, after: { ...created, history: undefined } });
      ctx.touch('purchases');
      return created;
    },

    'purchases.update'(p, ctx) {
      const before = getPurchase(ctx.db, p.id);
      if (before.status !== 'DRAFT' && before.status !== 'REVISION_REQUIRED') throw new EngineError('conflict', `only a draft or a request sent back for revision can be edited (this one is ${before.status})`);
      const columns: Record<string, string> = { title: 'title', amountMinor: 'amount_minor', category: 'category', vendor: 'vendor', quote: 'quote', notes: 'notes' };
      const changes = Object.entries(p).filter(([k, v]) => k !== 'id' && v !== undefined);
      if (changes.length === 0) throw new EngineError('conflict', 'nothing to change');
      sql(ctx.db, `UPDATE purchases SET ${changes.map(([k]) => `${columns[k]} = @${k}`).join(', ')}, updated_at = @now WHERE id = @id`).run({ ...Object.fromEntries(changes), now: ctx.now, id: p.id });
      const after = getPurchase(ctx.db, p.id);
      ctx.record({ entity: 'purchase', entityId: p.id, before: { ...before, history: undefined }, after: { ...after, history: undefined } });
      ctx.touch('purchases');
      return after;
    },

    'purchases.advance'(p, ctx) {
      const purchase = getPurchase(ctx.db, p.id);
      const note = p.note ?? null;
      switch (p.to) {
        case 'READY':
          if (!purchase.quote && !purchase.notes) throw new EngineError('conflict', 'attach a quote or notes before marking the request ready');
          return transition(ctx, p.id, 'READY', note);
        case 'ASSESSED': {
          const actor: Actor = { kind: 'operator', operator: ctx.operator, settings: ctx.settings };
          const { ctx: gate, blocking } = evaluateGates({ db: ctx.db, ...assessDeps }, 'purchases.execute', { id: p.id }, 'plan', actor, ctx.now, ctx.governance);
          const bucket = gate.assessment.riskBucket;
          let approvalId: string | null = null;
          if (blocking?.pendingApproval) {
            approvalId = requestApproval(ctx, {
              action: 'purchases.execute',
              spend: purchaseSpend({ id: p.id }, ctx.db),
              title: purchase.title,
              reason: blocking.reason,
              band: ctx.governance.band,
              riskBucket: 'YELLOW',
            }).approval.id;
          }
          const why = blocking ? `${bucket}: ${blocking.reason}` : `${bucket}: no approval needed`;
          return transition(ctx, p.id, 'ASSESSED', note ? `${note} — ${why}` : why, { risk_bucket: bucket, approval_id: approvalId });
        }
        case 'APPROVED': {
          if (purchase.approvalId) throw new EngineError('conflict', `this request waits on approval ${purchase.approvalId}: decide it in the approvals inbox`);
          if (purchase.riskBucket === 'RED' || purchase.riskBucket === 'UNKNOWN') {
            if (!p.overrideReason || ctx.operator?.role !== 'owner') throw new EngineError('forbidden', `risk ${purchase.riskBucket}: only an owner can approve it, with an override reason`);
            return transition(ctx, p.id, 'APPROVED', `owner override of ${purchase.riskBucket}: ${p.overrideReason}`);
          }
          if (ctx.operator && purchase.createdBy === ctx.operator.name && !(ctx.operator.role === 'owner' && ctx.settings.singleOperator)) {
            throw new EngineError('forbidden', 'separation of duties: the requester may not approve its own purchase request');
          }
          return transition(ctx, p.id, 'APPROVED', note);
        }
        default:
          return transition(ctx, p.id, p.to, note);
      }
    },

    'purchases.execute'(p, ctx) {
      const purchase = getPurchase(ctx.db, p.id);
      if (purchase.status !== 'APPROVED') throw new EngineError('conflict', `only an approved request can be executed (this one is ${purchase.status})`);
      const amount = p.actualAmountMinor ?? purchase.amountMinor;
      // the money leaves an account: the entry is posted in the same transaction as the spend
      const entry = p.accountId
        ? postEntry(ctx, {
            accountId: p.accountId,
            date: calendarDateIn(new Date(ctx.now), ctx.settings.timeZone ?? 'UTC'),
            amountMinor: -amount,
            payee: purchase.vendor ?? purchase.title,
            category: purchase.category,
            memo: `Purchase: ${purchase.title}`,
            receiptId: null,
            sourceRef: `purchase:${purchase.id}`,
          })
        : null;
      if (purchase.itemId && purchase.qty) {
        const item = getActiveItem(ctx.db, purchase.itemId);
        writeEntries(ctx, [
          {
            itemId: item.id,
            kind: 'purchase',
            qty: purchase.qty,
            locationId: item.locationId,
            occurredAt: ctx.now,
            unitCostMinor: Math.round(amount / purchase.qty),
            source: 'manual',
            sourceRef: `purchase:${purchase.id}`,
            note: purchase.title,
            reversesSeq: null,
          },
        ]);
      }
      return transition(ctx, p.id, 'EXECUTED', `spent ${formatMoney(amount, householdCurrency(ctx.settings.currency))}${entry ? ` from account ${entry.accountId}` : ''}`, {
        amount_minor: amount,
        account_id: p.accountId ?? null,
        payment_method: p.paymentMethod ?? null,
        ledger_entry_id: entry?.id ?? null,
      });
    },
  };
}

export const purchaseQueries: Pick<QueryHandlers, 'purchases.list' | 'purchases.get'> = {
  'purchases.list': (p, ctx) => {
    const where = p.status ? 'WHERE status = ?' : '';
    const ids = (sql(ctx.db, `SELECT id FROM purchases ${where} ORDER BY updated_at DESC`).all(...(p.status ? [p.status] : [])) as { id: string }[]).map((r) => r.id);
    return ids.map((id) => getPurchase(ctx.db, id));
  },
  'purchases.get': (p, ctx) => getPurchase(ctx.db, p.id),
};
