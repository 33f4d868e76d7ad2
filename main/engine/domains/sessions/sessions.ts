/**
 * Session actions and queries: start (snapshot), end (summary), the active session, history.
 * The dispatcher stamps every decision and audit event with the active session's id.
 */
import { EngineError } from '../../../../shared/contract';
import { sql } from '../../db/connection';
import { filters } from '../../db/filters';
import { zonedDayStart } from '../../governance/time';
import type { ActionHandlers, QueryHandlers } from '../../handlers';
import { activeSessionRow, captureSnapshot, sessionRow, sessionSummary, toSession, type SessionRow } from './store';

export const sessionActions: Pick<ActionHandlers, 'sessions.start' | 'sessions.end'> = {
  'sessions.start'(p, ctx) {
    const active = activeSessionRow(ctx.db);
    if (active) {
      throw new EngineError('conflict', `a session is already active (started by ${active.started_by} at ${active.started_at}): end it before starting another`, {
        sessionId: active.id,
      });
    }
    const id = ctx.newId();
    const snapshot = captureSnapshot(ctx.db, { now: ctx.now, settings: ctx.settings, governance: ctx.governance, health: ctx.health() });
    sql(ctx.db, "INSERT INTO sessions (id, status, started_at, started_by, started_by_id, start_notes, snapshot_json) VALUES (?, 'active', ?, ?, ?, ?, ?)").run(
      id,
      ctx.now,
      ctx.actorName,
      ctx.operator?.id ?? null,
      p.notes || null,
      JSON.stringify(snapshot),
    );
    const session = toSession(ctx.db, sessionRow(ctx.db, id));
    ctx.record({ entity: 'session', entityId: id, before: null, after: { ...session, summary: undefined } });
    ctx.touch('sessions');
    return session;
  },

  'sessions.end'(p, ctx) {
    const active = activeSessionRow(ctx.db);
    if (!active) throw new EngineError('conflict', 'no session is active: there is nothing to end');
    const before = toSession(ctx.db, active);
    const summary = sessionSummary(ctx.db, active.id);
    sql(ctx.db, "UPDATE sessions SET status = 'ended', ended_at = ?, ended_by = ?, ended_by_id = ?, end_notes = ?, summary_json = ? WHERE id = ?").run(
      ctx.now,
      ctx.actorName,
      ctx.operator?.id ?? null,
      p.notes || null,
      JSON.stringify(summary),
      active.id,
    );
    const after = toSession(ctx.db, sessionRow(ctx.db, active.id));
    ctx.record({ entity: 'session', entityId: active.id, before: { ...before, snapshot: undefined }, after: { ...after, snapshot: undefined } });
    ctx.touch('sessions');
    return after;
  },
};

export const sessionQueries: Pick<QueryHandlers, 'sessions.active' | 'sessions.list' | 'sessions.get'> = {
  'sessions.active': (_p, ctx) => {
    const row = activeSessionRow(ctx.db);
    return row ? toSession(ctx.db, row) : null;
  },
  'sessions.list': (p, ctx) => {
    const timeZone = ctx.settings.timeZone ?? 'UTC';
    const f = filters({ limit: p.limit + 1 })
      .when(p.from === undefined ? undefined : zonedDayStart(p.from, timeZone, 0), 'from', 'started_at >= @from')
      .when(p.to === undefined ? undefined : zonedDayStart(p.to, timeZone, 1), 'to', 'started_at < @to')
      .when(p.operatorId, 'operatorId', '(started_by_id = @operatorId OR ended_by_id = @operatorId)')
      .when(p.cursor, 'cursor', 'id < @cursor');
    const rows = sql(ctx.db, `SELECT * FROM sessions ${f.clause()} ORDER BY id DESC LIMIT @limit`).all(f.args) as SessionRow[];
    const page = rows.slice(0, p.limit);
    return { items: page.map((r) => toSession(ctx.db, r)), nextCursor: rows.length > p.limit ? (page.at(-1)?.id ?? null) : null };
  },
  'sessions.get': (p, ctx) => toSession(ctx.db, sessionRow(ctx.db, p.id)),
};
