/**
 * Playbooks in the console (DOMAIN.md "Playbooks and sessions"): the library
 * (`playbooks.list`), the runs history (`playbooks.runs`, filtered by status, keyset
 * paged), the run open in the run view (`playbooks.run`), and whether a Go-live run has
 * ever completed (the engine refuses `governance.setGoLive` on until then).
 */
import { GO_LIVE_PLAYBOOK, type Dispatched, type PlaybookListItem, type PlaybookRun, type PlaybookRunSummary, type PlaybookStep, type QueryOutput, type Result, type StagedFile, type ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { coalescedRefresh } from '../spending/refresh';

export type PlaybooksTab = 'library' | 'runs';
export type RunStatusFilter = '' | PlaybookRunSummary['status'];

export interface PlaybooksState {
  playbooksTab: PlaybooksTab;
  playbookList: Loadable<PlaybookListItem[]>;
  /** Whether a Go-live run has completed once; `null` until known. */
  goLiveDone: boolean | null;
  runList: PagedList<PlaybookRunSummary, string>;
  runStatusFilter: RunStatusFilter;
  openRunId: string | null;
  runDetail: Loadable<PlaybookRun>;
  /**
   * The definition version the open run pinned: a run's steps carry the evidence recorded,
   * which hides the evidence types each step requires; the definition has them.
   */
}

export interface PlaybooksActions {
  setPlaybooksTab(tab: PlaybooksTab): void;
  loadPlaybooks(): Promise<void>;
  loadGoLiveDone(): Promise<void>;
  loadRuns(): Promise<void>;
  loadMoreRuns(): Promise<void>;
  setRunStatusFilter(status: RunStatusFilter): void;
  /** Opens a run in the run view (`null` closes it) and loads it. */
  openRun(id: string | null): void;
  loadRun(): Promise<void>;
  /** Starts a run of playbook `key` (`playbooks.start`) and opens it; resolves with the envelope. */
  startPlaybook(key: string): Promise<Result<Dispatched<'playbooks.start'>>>;
  /**
   * Leads to the Go-live playbook: opens its run in progress, or starts one; then shows the
   * Playbooks screen. A refusal goes to the notice bar.
   */
  openGoLive(): Promise<void>;
  /** The latest definition of playbook `key` (to write a new version from). */
  getPlaybook(key: string): Promise<Result<QueryOutput<'playbooks.get'>>>;
  /** Stages a step's attachment into the engine's file store (evidence names it by `sha256`). */
  stageEvidenceFile(file: File): Promise<Result<StagedFile>>;
  /** Refetches what is loaded when `tables` (from `db.changed`) touch it (all with none). */
  refreshPlaybooks(tables?: readonly string[]): Promise<void>;
}

export type PlaybooksSlice = PlaybooksState & PlaybooksActions;

/** Tables whose change alters the library and the runs. */
export const PLAYBOOK_TABLES = ['playbook_definitions', 'playbook_runs', 'playbook_run_steps'] as const;

const emptyRuns: PagedList<PlaybookRunSummary, string> = { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null };

export const playbooksInitialState: PlaybooksState = {
  playbooksTab: 'library',
  playbookList: idle(),
  goLiveDone: null,
  runList: emptyRuns,
  runStatusFilter: '',
  openRunId: null,
  runDetail: idle(),
};

const RUN_PAGE = 50;

/** The playbooks slice over `api`. */
export function createPlaybooksSlice(api: ValhallaApi): SliceCreator<PlaybooksSlice> {
  let runsRequest = 0;
  let runRequest = 0;
  return (set, get) => {
    const runParams = (cursor?: string) => {
      const status = get().runStatusFilter;
      return { limit: RUN_PAGE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) };
    };
    const refresh = coalescedRefresh(async (tables) => {
      const s = get();
      const touches = tables === null || PLAYBOOK_TABLES.some((t) => tables.has(t));
      const jobs: Promise<void>[] = [];
      // Band and health decide what is blocked, so a shown run or list follows any change.
      if (s.playbookList.status !== 'idle') jobs.push(s.loadPlaybooks());
      if (s.openRunId) jobs.push(s.loadRun());
      if (touches && s.runList.status !== 'idle') jobs.push(s.loadRuns());
      if (touches && s.goLiveDone !== true) jobs.push(s.loadGoLiveDone());
      await Promise.all(jobs);
    });
    return {
      ...playbooksInitialState,

      setPlaybooksTab(tab) {
        set({ playbooksTab: tab, openRunId: null, runDetail: idle() });
      },

      async loadPlaybooks() {
        set({ playbookList: loading(get().playbookList) });
        set({ playbookList: settled(await api.query('playbooks.list', {})) });
      },

      async loadGoLiveDone() {
        const result = await api.query('playbooks.runs', { key: GO_LIVE_PLAYBOOK, status: 'completed', limit: 1 });
        if (result.ok) set({ goLiveDone: result.value.items.length > 0 });
      },

      async loadRuns() {
        const request = ++runsRequest;
        const prev = get().runList;
        set({ runList: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', loadingMore: false } });
        const result = await api.query('playbooks.runs', runParams());
        if (request !== runsRequest) return;
        set({
          runList: result.ok
            ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
            : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
        });
      },

      async loadMoreRuns() {
        const prev = get().runList;
        if (!prev.nextCursor || prev.loadingMore) return;
        const request = runsRequest;
        set({ runList: { ...prev, loadingMore: true, error: null } });
        const result = await api.query('playbooks.runs', runParams(prev.nextCursor));
        if (request !== runsRequest) return;
        const now = get().runList;
        set({
          runList: result.ok
            ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false }
            : { ...now, loadingMore: false, error: result.error.message },
        });
      },

      setRunStatusFilter(status) {
        set({ runStatusFilter: status });
        void get().loadRuns();
      },

      openRun(id) {
        set({ openRunId: id, runDetail: idle() });
        if (id) void get().loadRun();
      },

      async loadRun() {
        const id = get().openRunId;
        if (!id) return;
        const request = ++runRequest;
        set({ runDetail: loading(get().runDetail) });
        const result = await api.query('playbooks.run', { id });
        if (request !== runRequest || get().openRunId !== id) return;
        set({ runDetail: settled(result) });
      },

      async startPlaybook(key) {
        const result = await get().execute('playbooks.start', { key });
        if (result.ok) get().openRun(result.value.result.id);
        return result;
      },

      async openGoLive() {
        const active = await api.query('playbooks.runs', { key: GO_LIVE_PLAYBOOK, status: 'active', limit: 1 });
        const runId = active.ok ? active.value.items[0]?.id : undefined;
        set({ playbooksTab: 'library' });
        get().navigate('playbooks');
        if (runId) get().openRun(runId);
        else await get().startPlaybook(GO_LIVE_PLAYBOOK);
      },

      getPlaybook(key) {
        return api.query('playbooks.get', { key });
      },

      stageEvidenceFile(file) {
        return api.stageFile(file);
      },

      refreshPlaybooks(tables) {
        return refresh(tables);
      },
    };
  };
}

export const playbooksSelectors = {
  /** The runs in progress (one per playbook at most), from the library. */
  activeRuns(s: AppState): PlaybookRunSummary[] {
    return (s.playbookList.data ?? []).flatMap((p) => (p.latestRun && p.latestRun.id === p.activeRunId ? [p.latestRun] : []));
  },
  /** The Go-live playbook's entry in the library, if loaded. */
  goLive: (s: AppState): PlaybookListItem | null => s.playbookList.data?.find((p) => p.key === GO_LIVE_PLAYBOOK) ?? null,
  /** The evidence types step `stepKey` of the open run requires (`null` until the run is loaded). */
  requiredEvidence(s: AppState, stepKey: string): PlaybookStep['evidence'] | null {
    return s.runDetail.data?.steps.find((step) => step.key === stepKey)?.requiredEvidence ?? null;
  },
};
