/**
 * The dispatcher's gates, in order (DESIGN.md "The dispatcher"): go-live / kill switch,
 * exec class, cone band, health, automation charter, approval requirement, spend caps.
 * Each returns `pass | warn | block` with a reason; the first `block` stops the action,
 * and every verdict is written into the decision.
 *
 * The charter gate governs automation proposals carried out as `system` (see charterGate).
 * Approval and caps act on spending actions only (see spending.ts).
 */
import { GO_LIVE_PLAYBOOK, type ActionName, type AutomationKind, type DispatchMode, type ExecClass, type GateResult } from '../../../shared/contract';
import { BAND_NAMES, bandAllows, type Band } from '../../../shared/domain/bands';
import type { CapUsage, Health } from '../../../shared/contract';
import { formatMoney, householdCurrency } from '../../../shared/domain/money';
import { raiseAlert } from '../domains/alerts/store';
import { charterCheck } from '../domains/automations/charter';
import { recordKpi } from '../domains/automations/kpi';
import { sql } from '../db/connection';
import { activeRunOf } from '../domains/playbooks/store';
import type { ActionContext } from '../handlers';
import type { Settings } from './settings';
import { addUsage, bandPolicy, CAP_WARNINGS, checkCaps, householdDay, matchingApproval, requestApproval, scopesOf, useApproval, worse, type RiskBucket, type Spend } from './spending';
import type { Db } from '../db/connection';
import type { OperatorRecord } from '../domains/operators/store';
import type { GovernanceRow } from './state';

export interface GateContext {
  db: Db;
  /** The decision's instant. */
  now: string;
  settings: Settings;
  /** What the action spends, for spending actions (resolved in main from its params). */
  spend: Spend | null;
  action: ActionName;
  spec: { execClass: ExecClass; exempt: boolean; minBand?: Band; setup?: boolean };
  params: unknown;
  mode: DispatchMode;
  operator: OperatorRecord | null;
  actor: 'operator' | 'system';
  governance: GovernanceRow;
  health: Health;
  /** Filled by gates that assess a spend; null for actions that spend nothing. */
  assessment: { riskBucket: RiskBucket | null };
}

/**
 * What a gate asks the dispatcher to do inside the action's transaction: `before` the
 * handler and `after` it succeeded (both rolled back with the handler on failure and in
 * plan mode), and `onBlocked` when this gate refused the action in execute mode.
 */
export interface GateEffects {
  before?(ctx: ActionContext): void;
  after?(ctx: ActionContext, result: unknown): void;
  onBlocked?(ctx: ActionContext): void;
}

/** A gate's verdict; `pendingApproval` turns a block into PENDING_APPROVAL. */
export type GateOutcome = GateResult & { pendingApproval?: boolean; effects?: GateEffects };

export interface Gate {
  name: string;
  evaluate(ctx: GateContext): GateOutcome;
}

const pass = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'pass', reason });
const warn = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'warn', reason });
const block = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'block', reason });

export const goLiveGate: Gate = {
  name: 'go-live',
  evaluate({ spec, governance, db }) {
    if (spec.exempt) return pass('go-live', 'exempt control or recovery action');
    if (governance.killEngaged) return block('go-live', `kill switch engaged: ${governance.killReason ?? 'no reason given'}`);
    if (spec.execClass !== 'prod') return pass('go-live', `${spec.execClass} action`);
    if (!governance.goLive) {
      // the Go-live steps ask for operators, locations and first items before execution is on
      if (spec.setup && activeRunOf(db, GO_LIVE_PLAYBOOK)) return pass('go-live', 'execution is off; a setup action of the Go-live run in progress');
      return block('go-live', spec.setup ? 'execution is off: start the Go-live playbook to set up, or turn execution on' : 'execution is off: turn go-live on (Go-live playbook) before prod actions');
    }
    return pass('go-live', 'execution is on');
  },
};

export const execClassGate: Gate = {
  name: 'exec-class',
  evaluate({ spec, mode }) {
    if (spec.execClass === 'sandbox' && mode === 'execute') return block('exec-class', 'sandbox action: runs in plan mode only');
    return pass('exec-class', spec.execClass);
  },
};

export const bandGate: Gate = {
  name: 'band',
  evaluate({ spec, governance }) {
    const current = governance.band;
    if (spec.exempt || !spec.minBand) return pass('band', `band ${current} (${BAND_NAMES[current]}): no minimum band`);
    if (!bandAllows(current, spec.minBand)) {
      return block('band', `band ${current} (${BAND_NAMES[current]}) is below this action's minimum band ${spec.minBand}`);
    }
    return pass('band', `band ${current} meets minimum band ${spec.minBand}`);
  },
};

export const healthGate: Gate = {
  name: 'health',
  evaluate({ spec, health }) {
    const why = health.reasons.map((r) => r.message).join('; ');
    if (health.level === 'red' && spec.execClass === 'prod' && !spec.exempt) return block('health', `health is red: ${why}`);
    if (health.level !== 'green') return warn('health', `health is ${health.level}: ${why}`);
    return pass('health', 'health is green');
  },
};

/**
 * The automation charter (DOMAIN.md "Automations, charter and tripwire"): an action carrying
 * a `recommendationId` is a proposal being carried out. As `system` — the automation acting
 * alone — every gate of its kind's charter must pass (mode auto, prod use, trials, acceptance
 * rate, the proposal's confidence); the verdict names each with its figures. An operator
 * accepting it is an operator's decision: the charter does not gate that.
 */
export const charterGate: Gate = {
  name: 'charter',
  evaluate({ actor, params, db, operator }) {
    const recommendationId = (params as { recommendationId?: unknown } | null)?.recommendationId;
    if (typeof recommendationId !== 'string') {
      return pass('charter', actor === 'system' ? 'not an automation proposal: no charter governs this action' : 'operator action: no automation charter applies');
    }
    const rec = sql(db, 'SELECT kind, confidence FROM recommendations WHERE id = ?').get(recommendationId) as { kind: AutomationKind; confidence: number } | undefined;
    if (!rec) return block('charter', `no recommendation ${recommendationId}`);
    if (actor === 'operator') return pass('charter', `${operator?.name ?? 'an operator'} accepts a ${rec.kind} recommendation: an operator's decision, not the automation's`);
    const check = charterCheck(db, rec.kind, rec.confidence);
    const figures = check.checks.map((c) => `${c.pass ? '✓' : '✗'} ${c.reason}`).join('; ');
    return check.pass ? pass('charter', `charter ${rec.kind} passed: ${figures}`) : block('charter', `charter ${rec.kind} holds this as a recommendation: ${figures}`);
  },
};

/** Cap adherence, a KPI a tripwire may watch: 1 for a spend settled within its caps, 0 for one refused for breaking them. */
const capAdherence = (value: 0 | 1) => (c: ActionContext) => {
  recordKpi(c, { domain: 'caps', metric: 'adherence', value, source: 'engine' });
};

const money = (minor: number, ctx: GateContext) => formatMoney(minor, householdCurrency(ctx.settings.currency));

/**
 * Approval requirement (DOMAIN.md): a spend at or above the band's approval threshold
 * (every spend in band D) needs a matching approved approval — bound to this action,
 * target and params, with a ceiling covering the amount — which is then used. Without
 * one the action is held (PENDING_APPROVAL) and one request is created. Missing amount or
 * category is risk UNKNOWN and refused as RED; so is a category the band does not allow,
 * and a spend that would break a cap (no request is made for what could never run).
 */
export const approvalGate: Gate = {
  name: 'approval',
  evaluate(ctx) {
    const { spend } = ctx;
    if (!spend) return pass('approval', 'not a spend: no approval required');
    if (spend.amountMinor === null || spend.category === null) {
      ctx.assessment.riskBucket = 'UNKNOWN';
      const missing = [spend.amountMinor === null ? 'amount' : null, spend.category === null ? 'category' : null].filter(Boolean).join(' and ');
      return block('approval', `risk UNKNOWN (missing ${missing}) counts as RED: refused`);
    }
    const band = ctx.governance.band;
    const policy = bandPolicy(ctx.db, band);
    if (policy.allowedCategories && !policy.allowedCategories.includes(spend.category)) {
      ctx.assessment.riskBucket = 'RED';
      return block('approval', `band ${band} (${BAND_NAMES[band]}) does not allow spending on "${spend.category}"`);
    }
    const threshold = policy.approvalThresholdMinor;
    if (threshold !== null && spend.amountMinor < threshold) {
      ctx.assessment.riskBucket = worse(ctx.assessment.riskBucket, 'GREEN');
      return pass('approval', `${money(spend.amountMinor, ctx)} is under band ${band}'s approval threshold of ${money(threshold, ctx)}`);
    }
    ctx.assessment.riskBucket = worse(ctx.assessment.riskBucket, 'YELLOW');
    const match = matchingApproval(ctx.db, ctx.action, spend, ctx.now);
    if (match) {
      return {
        ...pass('approval', `approved by ${match.decidedBy ?? '?'}${match.selfApproved ? ' (self-approved)' : ''} up to ${money(match.amountCeilingMinor, ctx)}: approval ${match.id}`),
        effects: { after: (c) => useApproval(c, match.id) },
      };
    }
    const caps = checkCaps(ctx.db, householdDay(ctx.now, ctx.settings.timeZone), spend, ctx.settings.currency);
    if (caps.breach) {
      ctx.assessment.riskBucket = 'RED';
      return { ...block('approval', caps.breach), effects: { onBlocked: capAdherence(0) } };
    }
    const why = threshold === null ? `band ${band} (${BAND_NAMES[band]}): every spend needs an approval` : `${money(spend.amountMinor, ctx)} is at or above band ${band}'s approval threshold of ${money(threshold, ctx)}`;
    return {
      ...block('approval', `needs approval: ${why}`),
      pendingApproval: true,
      effects: {
        onBlocked: (c) =>
          requestApproval(c, { action: ctx.action, spend, title: spend.title ?? `${ctx.action} ${spend.target}`, reason: why, band, riskBucket: 'YELLOW' }),
      },
    };
  },
};

/**
 * Spend caps (DOMAIN.md, the seeds' risk guard): GLOBAL and the category's caps must both
 * pass, counting reservations; the amount is reserved before the handler and settled
 * after it, inside the same transaction. Use past 80 % makes the risk YELLOW; crossing
 * 80, 90 and 100 % raises a warning alert.
 *
 * One audit event per scope records the whole move, from the usage before the reservation
 * to the settled usage, with the amount that was reserved (`reservedMinor`): the
 * reservation never outlives the transaction, so no reader can see it apart from its
 * settlement, and a second event for it cost the spend a hashed, indexed row per scope
 * (issue 18, item 4).
 */
export const capsGate: Gate = {
  name: 'caps',
  evaluate(ctx) {
    const { spend } = ctx;
    if (!spend || spend.amountMinor === null) return pass('caps', 'not a spend: no spend cap applies');
    const day = householdDay(ctx.now, ctx.settings.timeZone);
    const { breach, utilisation } = checkCaps(ctx.db, day, spend, ctx.settings.currency);
    if (breach) {
      ctx.assessment.riskBucket = 'RED';
      return { ...block('caps', breach), effects: { onBlocked: capAdherence(0) } };
    }
    const amount = spend.amountMinor;
    const scopes = scopesOf(ctx.db, spend.category);
    // usage before this spend's reservation, per scope: the audit event's before, and an
    // alert fires when the spend crosses a level
    const prior = new Map<string, CapUsage>();
    const effects: GateEffects = {
      before: (c) => {
        for (const scope of scopes) prior.set(scope, addUsage(c.db, day, scope, { reserved_minor: amount }).before);
        c.touch('cap_usage');
      },
      after: (c) => {
        for (const scope of scopes) {
          const settle = spend.kind === 'spend' ? { reserved_minor: -amount, spent_minor: amount, count: 1 } : { loss_minor: amount, count: 1 };
          const settled = addUsage(c.db, day, scope, settle);
          const before = prior.get(scope) ?? settled.before;
          const after = settled.after;
          c.record({ entity: 'cap_usage', entityId: `${day}/${scope}`, before, after: { ...after, reservedMinor: amount } });
          const was = before.utilisation;
          const crossed = CAP_WARNINGS.filter((level) => was < level && after.utilisation >= level).at(-1);
          if (crossed !== undefined) {
            raiseAlert(c, {
              severity: crossed >= 1 ? 'critical' : 'warning',
              kind: `cap_${Math.round(crossed * 100)}`,
              message: `${scope} caps for ${day} are at ${Math.round(after.utilisation * 100)} % after ${c.actorName}'s ${money(amount, ctx)} spend`,
              entity: 'cap_scope',
              entityId: `${day}/${scope}`,
            });
          }
        }
        capAdherence(1)(c);
      },
    };
    if (utilisation > CAP_WARNINGS[0]) {
      ctx.assessment.riskBucket = worse(ctx.assessment.riskBucket, 'YELLOW');
      return { ...warn('caps', `within caps, but at ${Math.round(utilisation * 100)} % of a daily cap after this spend`), effects };
    }
    ctx.assessment.riskBucket = worse(ctx.assessment.riskBucket, 'GREEN');
    return { ...pass('caps', `within caps (${Math.round(utilisation * 100)} % of the tightest daily cap after this spend)`), effects };
  },
};

/** The gate order of DESIGN.md. Later issues replace entries by name, never reorder. */
export const GATES: Gate[] = [goLiveGate, execClassGate, bandGate, healthGate, charterGate, approvalGate, capsGate];

/**
 * Runs the gates in order, stopping at the first block.
 * Returns every verdict given and the blocking one, if any.
 */
export function runGates(ctx: GateContext, gates: readonly Gate[] = GATES): { results: GateOutcome[]; blocking: GateOutcome | null } {
  const results: GateOutcome[] = [];
  for (const gate of gates) {
    const outcome = gate.evaluate(ctx);
    results.push(outcome);
    if (outcome.verdict === 'block') return { results, blocking: outcome };
  }
  return { results, blocking: null };
}
