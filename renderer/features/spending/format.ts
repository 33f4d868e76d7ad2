/**
 * How spending reads in the console: risk buckets and their colours, durations (a
 * request's age, time to expiry), percentages of a cap, and the cap levels of DOMAIN.md
 * (warnings at 80 / 90 / 100 %).
 */
import type { Approval, Purchase } from '../../../shared/contract';
import { formatAmount } from '../../ui/format';
import type { Tone } from '../../ui/Badge';

export type RiskBucket = Approval['riskBucket'];
export type PurchaseStatus = Purchase['status'];

/** GREEN green, YELLOW yellow, RED red; UNKNOWN red too (the canon counts it as RED), told apart by its dashed outline. */
export function riskTone(bucket: RiskBucket | null | undefined): Tone {
  return bucket === 'GREEN' ? 'ok' : bucket === 'YELLOW' ? 'warn' : bucket === 'RED' || bucket === 'UNKNOWN' ? 'bad' : 'neutral';
}

/** What each risk bucket means, for a badge's tooltip (DOMAIN.md "Risk bucket"). */
export const RISK_MEANING: Record<RiskBucket, string> = {
  GREEN: 'within caps and under the band’s approval threshold',
  YELLOW: 'needs approval, or pushes a cap past 80 %',
  RED: 'would break a cap, or the band forbids it',
  UNKNOWN: 'amount or category missing: treated as RED',
};

/** A duration in whole minutes, hours (under two days), or days and hours: `12 min`, `5 h`, `6 d 23 h`, `3 d`. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const rest = hours % 24;
  return rest ? `${Math.floor(hours / 24)} d ${rest} h` : `${Math.floor(hours / 24)} d`;
}

/** How long ago `iso` was at `now`, e.g. `3 h`. */
export function formatAge(iso: string, now: Date): string {
  return formatDuration(now.getTime() - Date.parse(iso));
}

/** Time left until `expiresIso` at `now`: `in 6 d`, or `expired` once past. */
export function formatExpiry(expiresIso: string, now: Date): string {
  const left = Date.parse(expiresIso) - now.getTime();
  return left <= 0 ? 'expired' : `in ${formatDuration(left)}`;
}

/** A fraction as a whole percentage: `0.26` → `26 %`; `∞ %` for an unbounded use (a cap of zero). */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)} %` : '∞ %';
}

/** Where a cap's use stands against the warning levels 80 / 90 / 100 % (CAP_WARNINGS in the engine). */
export type CapLevel = 'ok' | 'warn80' | 'warn90' | 'full';

/** The level of a use fraction: below 0.8 ok, from 0.8 warn80, from 0.9 warn90, from 1 full. */
export function capLevel(fraction: number): CapLevel {
  if (fraction >= 1) return 'full';
  if (fraction >= 0.9) return 'warn90';
  if (fraction >= 0.8) return 'warn80';
  return 'ok';
}

/** Badge colour of a cap level: ok green, 80 % yellow, 90 % and full red. */
export function capLevelTone(level: CapLevel): Tone {
  return level === 'ok' ? 'ok' : level === 'warn80' ? 'warn' : 'bad';
}

/** Words for a cap level, e.g. `over 90 %`. */
export const CAP_LEVEL_TEXT: Record<CapLevel, string> = { ok: 'under 80 %', warn80: 'over 80 %', warn90: 'over 90 %', full: 'at or over 100 %' };

/** Money of the household, or `—` for null. */
export function money(minor: number | null | undefined, currency: string): string {
  return minor === null || minor === undefined ? '—' : formatAmount(minor, currency);
}

/** Board and badge labels of the purchase statuses. */
export const PURCHASE_STATUS_LABELS: Record<PurchaseStatus, string> = {
  DRAFT: 'Draft',
  READY: 'Ready',
  ASSESSED: 'Assessed',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  REVISION_REQUIRED: 'Revision required',
  EXECUTED: 'Executed',
  ARCHIVED: 'Archived',
};

/** Badge colour of an approval status: pending yellow, approved and used green, denied red, expired and cancelled grey. */
export function approvalStatusTone(status: Approval['status']): Tone {
  return status === 'pending' ? 'warn' : status === 'approved' || status === 'used' ? 'ok' : status === 'denied' ? 'bad' : 'neutral';
}
