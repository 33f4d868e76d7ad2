/**
 * Decision records (run artifacts): one per dispatch, written by the dispatcher only.
 * Listing is newest first with a keyset cursor on the UUIDv7 id (time-ordered).
 */
import type { Decision, DecisionSummary, QueryOutput, QueryParams } from '../../../shared/contract';
import { EngineError } from '../../../shared/contract';
import { sql, type Db } from '../db/connection';
import { zonedDayStart } from './time';

export type DecisionRow = {
  id: string;
  at: string;
  operator_id: string | null;
  operator_name: string | null;
  session_id: string | null;
  action: string;
  mode: 'plan' | 'execute';
  status: Decision['status'];
  reason: string | null;
  error_code: string | null;
  gates_json: string;
  risk_bucket: Decision['riskBucket'];
  params_json: string;
  params_sha256: string;
  result_json: string | null;
  result_sha256: string | null;
};

/** Writes one decision; runs inside the dispatcher's transaction. */
export function insertDecision(db: Db, d: Decision): void {
  sql(db, 
    `INSERT INTO decisions (id, at, operator_id, operator_name, session_id, action, mode, status, reason, error_code,
       gates_json, risk_bucket, params_json, params_sha256, result_json, result_sha256)
     VALUES (@id, @at, @operatorId, @operatorName, @sessionId, @action, @mode, @status, @reason, @errorCode,
       @gates, @riskBucket, @params, @paramsSha256, @result, @resultSha256)`,
  ).run({
    ...d,
    gates: JSON.stringify(d.gates),
    params: JSON.stringify(d.params ?? null),
    result: d.result === undefined ? null : JSON.stringify(d.result),
  });
}

/** A stored decision row as the contract's DecisionSummary (no JSON columns). */
export const toSummary = (r: DecisionRow): DecisionSummary => ({
  id: r.id,
  at: r.at,
  operatorId: r.operator_id,
  operatorName: r.operator_name,
  sessionId: r.session_id,
  action: r.action,
  mode: r.mode,
  status: r.status,
  reason: r.reason,
  errorCode: r.error_code,
  riskBucket: r.risk_bucket,
  paramsSha256: r.params_sha256,
  resultSha256: r.result_sha256,
});

/** A stored decision row as the contract's Decision (JSON columns parsed). */
export const toDecision = (r: DecisionRow): Decision => ({
  ...toSummary(r),
  gates: JSON.parse(r.gates_json),
  params: JSON.parse(r.params_json),
  result: r.result_json === null ? null : JSON.parse(r.result_json),
});

/** Throws EngineError `not_found` for an unknown id. */
export function getDecision(db: Db, id: string): Decision {
  const row = sql(db, 'SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
  if (!row) throw new EngineError('not_found', `no decision ${id}`);
  return toDecision(row);
}

/**
 * Filtered page of decisions, newest first. `from`/`to` are calendar dates in `timeZone`
 * (inclusive); `cursor` is the last id of the previous page.
 */
export function listDecisions(db: Db, p: QueryParams<'decisions.list'>, timeZone: string): QueryOutput<'decisions.list'> {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: p.limit + 1 };
  const eq = (column: string, key: string, value: unknown) => {
    if (value === undefined) return;
    where.push(`${column} = @${key}`);
    args[key] = value;
  };
  eq('status', 'status', p.status);
  eq('action', 'action', p.action);
  eq('operator_id', 'operatorId', p.operatorId);
  eq('session_id', 'sessionId', p.sessionId);
  eq('risk_bucket', 'riskBucket', p.riskBucket);
  eq('mode', 'mode', p.mode);
  if (p.from) {
    where.push('at >= @from');
    args.from = zonedDayStart(p.from, timeZone, 0);
  }
  if (p.to) {
    where.push('at < @to');
    args.to = zonedDayStart(p.to, timeZone, 1);
  }
  if (p.cursor) {
    where.push('id < @cursor');
    args.cursor = p.cursor;
  }
  const text = `SELECT * FROM decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
  const rows = sql(db, text).all(args) as DecisionRow[];
  const page = rows.slice(0, p.limit);
  return { items: page.map(toSummary), nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
}

/** The fields a diff compares: what matters, never bulky payloads (DOMAIN.md "Decisions"). */
const DIFF_FIELDS = ['action', 'mode', 'status', 'reason', 'errorCode', 'riskBucket', 'operatorName', 'paramsSha256', 'resultSha256'] as const;

/**
 * Compares two decisions field by field, then gate by gate (`gate:<name>` → "verdict: reason").
 * Throws `not_found` when either id is unknown.
 */
export function diffDecisions(db: Db, aId: string, bId: string): QueryOutput<'decisions.diff'> {
  const a = getDecision(db, aId);
  const b = getDecision(db, bId);
  const fields: QueryOutput<'decisions.diff'>['fields'] = DIFF_FIELDS.map((field) => ({
    field,
    a: a[field],
    b: b[field],
    same: a[field] === b[field],
  }));
  const gateNames = [...new Set([...a.gates, ...b.gates].map((g) => g.gate))];
  for (const name of gateNames) {
    const ga = a.gates.find((g) => g.gate === name);
    const gb = b.gates.find((g) => g.gate === name);
    const show = (g: typeof ga) => (g ? `${g.verdict}: ${g.reason}` : null);
    fields.push({ field: `gate:${name}`, a: show(ga), b: show(gb), same: show(ga) === show(gb) });
  }
  const { params: _pa, result: _ra, gates: _ga, ...sa } = a;
  const { params: _pb, result: _rb, gates: _gb, ...sb } = b;
  return { a: sa, b: sb, fields };
}

/** Count of decisions per status since an instant (for the ops board). */
export function countByStatusSince(db: Db, since: string): Record<string, number> {
  const rows = sql(db, "SELECT status, count(*) AS n FROM decisions WHERE at >= ? AND mode = 'execute' GROUP BY status").all(since) as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export function recentDecisions(db: Db, limit: number): DecisionSummary[] {
  return (sql(db, 'SELECT * FROM decisions ORDER BY id DESC LIMIT ?').all(limit) as DecisionRow[]).map(toSummary);
}
