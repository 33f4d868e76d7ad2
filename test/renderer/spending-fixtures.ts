/**
 * Builders for spending values as the engine's queries return them (`approvals.list`,
 * `purchases.list`, `caps.usage`, `governance.assess`), for renderer tests.
 */
import type { Approval, Assessment, CapUsage, Purchase } from '../../shared/contract';
import { uuid } from './fake-api';

/** A pending 260.00 Kitchen approval for `purchases.execute`, requested by Bob, overridable. */
export function approval(overrides: Partial<Approval> = {}): Approval {
  const target = uuid();
  return {
    id: uuid(),
    status: 'pending',
    action: 'purchases.execute',
    target,
    title: 'Espresso machine',
    reason: "needs approval: €260.00 is at or above band B's approval threshold of €200.00",
    amountCeilingMinor: 26000,
    category: 'Kitchen',
    band: 'B',
    riskBucket: 'YELLOW',
    params: { id: target },
    paramsSha256: 'd'.repeat(64),
    requestedBy: 'Bob',
    requestedById: uuid(),
    requestedAt: '2026-11-21T09:00:00.000Z',
    expiresAt: '2026-11-28T09:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    selfApproved: false,
    usedAt: null,
    usedByDecisionId: null,
    ...overrides,
  };
}

/** A drafted 45.00 Kitchen purchase request by Bob, overridable. */
export function purchase(overrides: Partial<Purchase> = {}): Purchase {
  return {
    id: uuid(),
    status: 'DRAFT',
    title: 'Kettle',
    itemId: null,
    qty: null,
    amountMinor: 4500,
    category: 'Kitchen',
    vendor: null,
    quote: null,
    notes: 'quote attached',
    riskBucket: null,
    approvalId: null,
    accountId: null,
    paymentMethod: null,
    ledgerEntryId: null,
    createdBy: 'Bob',
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    history: [{ at: '2026-11-21T09:00:00.000Z', by: 'Bob', from: null, to: 'DRAFT', note: null }],
    ...overrides,
  };
}

/** Today's use of a scope with the default GLOBAL caps (1,000.00 spend, 50 spends, 250.00 loss), overridable. */
export function capUsage(overrides: Partial<CapUsage> = {}): CapUsage {
  return {
    scope: 'GLOBAL',
    dailySpendCapMinor: 100000,
    dailyCountCap: 50,
    dailyLossCapMinor: 25000,
    day: '2026-11-21',
    spentMinor: 0,
    count: 0,
    lossMinor: 0,
    overrideMinor: 0,
    utilisation: 0,
    ...overrides,
  };
}

/** An assessment of `purchases.execute` that would run (every gate passes), overridable. */
export function assessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    action: 'purchases.execute',
    valid: true,
    issues: [],
    spend: { amountMinor: 26000, category: 'Kitchen', kind: 'spend', target: uuid() },
    riskBucket: 'YELLOW',
    gates: [
      { gate: 'go-live', verdict: 'pass', reason: 'execution is on' },
      { gate: 'approval', verdict: 'pass', reason: 'approved by Ann up to €260.00' },
      { gate: 'caps', verdict: 'pass', reason: 'within caps (26 % of the tightest daily cap after this spend)' },
    ],
    wouldBe: 'OK',
    approvalNeeded: true,
    matchingApprovalId: uuid(),
    ...overrides,
  };
}
