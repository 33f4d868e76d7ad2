/**
 * Work sessions in the console (DOMAIN.md "Playbooks and sessions"): the active session
 * (`sessions.active`, shown in the frame's session bar and on the ops board), the history
 * (`sessions.list`, filtered by start date and operator, keyset paged) and the session
 * open in the detail panel (`sessions.get`).
 */
import type { Session, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

/** The history's filters: start days `YYYY-MM-DD` (inclusive; `''` open) and an operator id (`''` any). */
export interface SessionFilters {
  from: string;
  to: string;
  operatorId: string;
}

export interface SessionsState {
  activeSession: Loadable<Session | null>;
  sessionList: PagedList<Session, string>;
  sessionFilters: SessionFilters;
  selectedSessionId: string | null;
  sessionDetail: Loadable<Session>;
}

export interface SessionsActions {
  loadActiveSession(): Promise<void>;
  loadSessions(): Promise<void>;
  loadMoreSessions(): Promise<void>;
  setSessionFilters(patch: Partial<SessionFilters>): void;
  selectSession(id: string | null): void;
  loadSessionDetail(): Promise<void>;
  /** Refetches what is loaded (the active session's live summary follows every change). */
  refreshSessions(tables?: readonly string[]): Promise<void>;
}

export type SessionsSlice = SessionsState & SessionsActions;

export const defaultSessionFilters: SessionFilters = { from: '', to: '', operatorId: '' };
const emptyList: PagedList<Session, string> = { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null };

export const sessionsInitialState: SessionsState = {
  activeSession: idle(),
  sessionList: emptyList,
  sessionFilters: defaultSessionFilters,
  selectedSessionId: null,
  sessionDetail: idle(),
};

/** `sessions.list` params for `filters` (empty ones left out). */
export function sessionListParams(filters: SessionFilters, cursor?: string) {
  return {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.operatorId ? { operatorId: filters.operatorId } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The sessions slice over `api`. */
export function createSessionsSlice(api: ValhallaApi): SliceCreator<SessionsSlice> {
  let listRequest = 0;
  let detailRequest = 0;
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      const s = get();
      const sessionsTouched = tables === null || tables.has('sessions');
      const jobs: Promise<void>[] = [];
      // Every decision of an active session changes its live summary.
      if (s.activeSession.status !== 'idle') jobs.push(s.loadActiveSession());
      if (s.selectedSessionId && (sessionsTouched || s.sessionDetail.data?.status === 'active')) jobs.push(s.loadSessionDetail());
      if (sessionsTouched && s.sessionList.status !== 'idle') jobs.push(s.loadSessions());
      await Promise.all(jobs);
    });
    return {
      ...sessionsInitialState,

      async loadActiveSession() {
        // "No session" is an answer too: keep showing it while refetching.
        if (get().activeSession.status !== 'ready') set({ activeSession: loading(get().activeSession) });
        set({ activeSession: settled(await api.query('sessions.active', {})) });
      },

      async loadSessions() {
        const request = ++listRequest;
        const prev = get().sessionList;
        set({ sessionList: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', loadingMore: false } });
        const result = await api.query('sessions.list', sessionListParams(get().sessionFilters));
        if (request !== listRequest) return;
        set({
          sessionList: result.ok
            ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
            : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
        });
      },

      async loadMoreSessions() {
        const prev = get().sessionList;
        if (!prev.nextCursor || prev.loadingMore) return;
        const request = listRequest;
        set({ sessionList: { ...prev, loadingMore: true, error: null } });
        const result = await api.query('sessions.list', sessionListParams(get().sessionFilters, prev.nextCursor));
        if (request !== listRequest) return;
        const now = get().sessionList;
        set({
          sessionList: result.ok
            ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false }
            : { ...now, loadingMore: false, error: result.error.message },
        });
      },

      setSessionFilters(patch) {
        set({ sessionFilters: { ...get().sessionFilters, ...patch } });
        void get().loadSessions();
      },

      selectSession(id) {
        set({ selectedSessionId: id, sessionDetail: idle() });
        if (id) void get().loadSessionDetail();
      },

      async loadSessionDetail() {
        const id = get().selectedSessionId;
        if (!id) return;
        const request = ++detailRequest;
        set({ sessionDetail: loading(get().sessionDetail) });
        const result = await api.query('sessions.get', { id });
        if (request === detailRequest && get().selectedSessionId === id) set({ sessionDetail: settled(result) });
      },

      refreshSessions(tables) {
        return refresh(tables);
      },
    };
  };
}

export const sessionsSelectors = {
  active: (s: AppState): Session | null => s.activeSession.data ?? null,
};

/** Elapsed time `h:mm:ss` (or `m:ss` under an hour) from `startedAt` to `now`. */
export function formatElapsed(startedAt: string, now: Date): string {
  const total = Math.max(0, Math.floor((now.getTime() - Date.parse(startedAt)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
