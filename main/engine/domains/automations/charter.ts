/**
 * The charter of each automation kind (DOMAIN.md "Automations, charter and tripwire"; the
 * seeds' "Heimdall confidence charter": confidence threshold + min_trials + min_success_rate
 * + prod_use_enabled). A kind in `auto` executes a proposal alone only when every gate
 * passes; otherwise the proposal stays a recommendation for an operator.
 *
 * Trials are the kind's scored recommendations: accepted as is (a success), edited or
 * rejected by an operator. Expired ones and those the automation executed alone are not
 * trials. The gates use the whole record; the last 30 days are shown beside it.
 */
import type { AutomationKind, Charter, Scorecard } from '../../../../shared/contract';
import { AUTOMATION_KINDS, AUTOMATION_LABELS, EngineError } from '../../../../shared/contract';
import { sql, type Db } from '../../db/connection';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';

/** The window of the scorecard shown beside the all-time one. */
export const SCORECARD_RECENT_DAYS = 30;

type CharterRow = {
  kind: AutomationKind;
  mode: Charter['mode'];
  min_confidence: number;
  min_trials: number;
  min_acceptance_rate: number;
  prod_enabled: number;
  updated_at: string;
  updated_by: string;
};

export interface CharterPolicy {
  kind: AutomationKind;
  mode: Charter['mode'];
  minConfidence: number;
  minTrials: number;
  minAcceptanceRate: number;
  prodEnabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

const toPolicy = (r: CharterRow): CharterPolicy => ({
  kind: r.kind,
  mode: r.mode,
  minConfidence: r.min_confidence,
  minTrials: r.min_trials,
  minAcceptanceRate: r.min_acceptance_rate,
  prodEnabled: r.prod_enabled === 1,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** A kind's charter; throws EngineError `not_found` for a kind without one. */
export function readCharter(db: Db, kind: AutomationKind): CharterPolicy {
  const row = sql(db, 'SELECT * FROM automation_charters WHERE kind = ?').get(kind) as CharterRow | undefined;
  if (!row) throw new EngineError('not_found', `no charter for automation kind "${kind}"`);
  return toPolicy(row);
}

/** A kind's scorecard over recommendations decided at or after `since` (null: all time). */
export function scorecard(db: Db, kind: AutomationKind, since: string | null): Scorecard {
  const counts = sql(
    db,
    `SELECT coalesce(sum(outcome = 'accepted'), 0) AS accepted, coalesce(sum(outcome = 'edited'), 0) AS edited, coalesce(sum(outcome = 'rejected'), 0) AS rejected,
            coalesce(sum(outcome = 'expired'), 0) AS expired, coalesce(sum(outcome = 'auto'), 0) AS auto
     FROM recommendations WHERE kind = ? AND outcome IS NOT NULL AND (? IS NULL OR outcome_at >= ?)`,
  ).get(kind, since, since) as { accepted: number; edited: number; rejected: number; expired: number; auto: number };
  const trials = counts.accepted + counts.edited + counts.rejected;
  return { trials, ...counts, acceptanceRate: trials ? counts.accepted / trials : null, editedRate: trials ? counts.edited / trials : null };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/**
 * The charter's gates for one proposal of `kind` with `confidence` (null: check the kind's
 * standing gates only): mode auto, prod use on, confidence, trials and acceptance rate, each
 * with the figures it compared. `pass` is true when all pass.
 */
export function charterCheck(db: Db, kind: AutomationKind, confidence: number | null): { pass: boolean; checks: { gate: string; pass: boolean; reason: string }[]; policy: CharterPolicy; card: Scorecard } {
  const policy = readCharter(db, kind);
  const card = scorecard(db, kind, null);
  const checks = [
    { gate: 'mode', pass: policy.mode === 'auto', reason: `mode is ${policy.mode}${policy.mode === 'auto' ? '' : ', not auto'}` },
    { gate: 'prod', pass: policy.prodEnabled, reason: policy.prodEnabled ? 'prod use enabled' : 'prod use not enabled' },
    { gate: 'trials', pass: card.trials >= policy.minTrials, reason: `${card.trials} trials ${card.trials >= policy.minTrials ? '≥' : '<'} ${policy.minTrials} required` },
    {
      gate: 'acceptance',
      pass: policy.minAcceptanceRate === 0 || (card.acceptanceRate ?? 0) >= policy.minAcceptanceRate,
      reason:
        card.acceptanceRate === null
          ? `no acceptance rate yet (minimum ${pct(policy.minAcceptanceRate)})`
          : `acceptance ${pct(card.acceptanceRate)} ${card.acceptanceRate >= policy.minAcceptanceRate ? '≥' : '<'} ${pct(policy.minAcceptanceRate)}`,
    },
  ];
  if (confidence !== null) {
    checks.push({ gate: 'confidence', pass: confidence >= policy.minConfidence, reason: `confidence ${confidence.toFixed(2)} ${confidence >= policy.minConfidence ? '≥' : '<'} ${policy.minConfidence.toFixed(2)}` });
  }
  return { pass: checks.every((c) => c.pass), checks, policy, card };
}

/** The charter as the query shows it: policy, scorecards, open recommendations, standing gates. */
export function charterView(db: Db, kind: AutomationKind, now: string): Charter {
  const { checks, policy, card } = charterCheck(db, kind, null);
  const since = new Date(Date.parse(now) - SCORECARD_RECENT_DAYS * 86_400_000).toISOString();
  const open = (sql(db, 'SELECT count(*) AS n FROM recommendations WHERE kind = ? AND outcome IS NULL').get(kind) as { n: number }).n;
  return { ...policy, ...AUTOMATION_LABELS[kind], scorecard: card, last30Days: scorecard(db, kind, since), openRecommendations: open, gates: checks };
}

/**
 * Sets a kind's mode and gates; audited with the charter before and after. Used by
 * `charter.set` and by a THROTTLE tripwire (which moves `auto` back to `suggest`).
 */
export function writeCharter(ctx: ActionContext, kind: AutomationKind, patch: Partial<Pick<CharterPolicy, 'mode' | 'minConfidence' | 'minTrials' | 'minAcceptanceRate' | 'prodEnabled'>>): CharterPolicy {
  const before = readCharter(ctx.db, kind);
  const after = { ...before, ...patch, updatedAt: ctx.now, updatedBy: ctx.actorName };
  sql(
    ctx.db,
    'UPDATE automation_charters SET mode = ?, min_confidence = ?, min_trials = ?, min_acceptance_rate = ?, prod_enabled = ?, updated_at = ?, updated_by = ? WHERE kind = ?',
  ).run(after.mode, after.minConfidence, after.minTrials, after.minAcceptanceRate, after.prodEnabled ? 1 : 0, after.updatedAt, after.updatedBy, kind);
  ctx.record({ entity: 'automation_charter', entityId: kind, before, after });
  ctx.touch('automation_charters');
  return after;
}

export const charterActions: Pick<ActionHandlers, 'charter.set'> = {
  'charter.set'(p, ctx) {
    const before = readCharter(ctx.db, p.kind);
    const same =
      before.mode === p.mode && before.minConfidence === p.minConfidence && before.minTrials === p.minTrials && before.minAcceptanceRate === p.minAcceptanceRate && before.prodEnabled === p.prodEnabled;
    if (same) throw new EngineError('conflict', `the ${AUTOMATION_LABELS[p.kind].label} charter is already set so: nothing to change`);
    writeCharter(ctx, p.kind, { mode: p.mode, minConfidence: p.minConfidence, minTrials: p.minTrials, minAcceptanceRate: p.minAcceptanceRate, prodEnabled: p.prodEnabled });
    return charterView(ctx.db, p.kind, ctx.now);
  },
};

export const charterQueries: Pick<QueryHandlers, 'charter.list'> = {
  'charter.list'(_p, ctx) {
    const now = ctx.clock.now().toISOString();
    return AUTOMATION_KINDS.map((kind) => charterView(ctx.db, kind, now));
  },
};
