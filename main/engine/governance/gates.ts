/**
 * The dispatcher's gates, in order (DESIGN.md "The dispatcher"): go-live / kill switch,
 * exec class, cone band, health, automation charter, approval requirement, spend caps.
 * Each returns `pass | warn | block` with a reason; the first `block` stops the action,
 * and every verdict is written into the decision.
 *
 * The charter, approval and caps gates are extension points: with no automation, no spend
 * and no cap in this build they pass and say why; the approvals/caps issue replaces them.
 */
import type { ActionName, DispatchMode, ExecClass, GateResult } from '../../../shared/contract';
import { BAND_NAMES, bandAllows, type Band } from '../../../shared/domain/bands';
import type { Health } from '../../../shared/contract';
import type { Db } from '../db/connection';
import type { OperatorRecord } from '../domains/operators/store';
import type { GovernanceRow } from './state';

export interface GateContext {
  db: Db;
  action: ActionName;
  spec: { execClass: ExecClass; exempt: boolean; minBand?: Band };
  params: unknown;
  mode: DispatchMode;
  operator: OperatorRecord | null;
  actor: 'operator' | 'system';
  governance: GovernanceRow;
  health: Health;
  /** Filled by gates that assess a spend; null for actions that spend nothing. */
  assessment: { riskBucket: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | null };
}

/** A gate's verdict; `pendingApproval` turns a block into PENDING_APPROVAL. */
export type GateOutcome = GateResult & { pendingApproval?: boolean };

export interface Gate {
  name: string;
  evaluate(ctx: GateContext): GateOutcome;
}

const pass = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'pass', reason });
const warn = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'warn', reason });
const block = (gate: string, reason: string): GateOutcome => ({ gate, verdict: 'block', reason });

export const goLiveGate: Gate = {
  name: 'go-live',
  evaluate({ spec, governance }) {
    if (spec.exempt) return pass('go-live', 'exempt control or recovery action');
    if (governance.killEngaged) return block('go-live', `kill switch engaged: ${governance.killReason ?? 'no reason given'}`);
    if (spec.execClass !== 'prod') return pass('go-live', `${spec.execClass} action`);
    if (!governance.goLive) return block('go-live', 'execution is off: turn go-live on (Go-live playbook) before prod actions');
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

export const charterGate: Gate = {
  name: 'charter',
  evaluate({ actor }) {
    return pass('charter', actor === 'system' ? 'no automation charter governs this action' : 'operator action: no automation charter applies');
  },
};

export const approvalGate: Gate = {
  name: 'approval',
  evaluate() {
    return pass('approval', 'not a spend: no approval required');
  },
};

export const capsGate: Gate = {
  name: 'caps',
  evaluate() {
    return pass('caps', 'not a spend: no spend cap applies');
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
