/**
 * The governance state row: go-live, kill switch and cone band.
 */
import type { Band } from '../../../shared/domain/bands';
import { sql, type Db } from '../db/connection';

export interface GovernanceRow {
  goLive: boolean;
  goLiveChangedAt: string | null;
  goLiveChangedBy: string | null;
  killEngaged: boolean;
  killReason: string | null;
  killEngagedAt: string | null;
  killEngagedBy: string | null;
  band: Band;
  bandReason: string | null;
  bandSetAt: string | null;
  bandSetBy: string | null;
}

/** Reads the single governance row (created by migration 001). */
export function readGovernance(db: Db): GovernanceRow {
  const r = sql(db, 'SELECT * FROM governance_state WHERE id = 1').get() as Record<string, unknown>;
  return {
    goLive: r.go_live === 1,
    goLiveChangedAt: r.go_live_changed_at as string | null,
    goLiveChangedBy: r.go_live_changed_by as string | null,
    killEngaged: r.kill_engaged === 1,
    killReason: r.kill_reason as string | null,
    killEngagedAt: r.kill_engaged_at as string | null,
    killEngagedBy: r.kill_engaged_by as string | null,
    band: r.band as Band,
    bandReason: r.band_reason as string | null,
    bandSetAt: r.band_set_at as string | null,
    bandSetBy: r.band_set_by as string | null,
  };
}

const COLUMNS: Record<keyof GovernanceRow, string> = {
  goLive: 'go_live',
  goLiveChangedAt: 'go_live_changed_at',
  goLiveChangedBy: 'go_live_changed_by',
  killEngaged: 'kill_engaged',
  killReason: 'kill_reason',
  killEngagedAt: 'kill_engaged_at',
  killEngagedBy: 'kill_engaged_by',
  band: 'band',
  bandReason: 'band_reason',
  bandSetAt: 'band_set_at',
  bandSetBy: 'band_set_by',
};

/** Updates some fields of the governance row; returns `{ before, after }` for the audit event. */
export function updateGovernance(db: Db, patch: Partial<GovernanceRow>): { before: GovernanceRow; after: GovernanceRow } {
  const before = readGovernance(db);
  const entries = Object.entries(patch) as [keyof GovernanceRow, unknown][];
  if (entries.length > 0) {
    const sets = entries.map(([k]) => `${COLUMNS[k]} = @${k}`).join(', ');
    const values = Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v]));
    sql(db, `UPDATE governance_state SET ${sets} WHERE id = 1`).run(values);
  }
  return { before, after: { ...before, ...patch } };
}
