/**
 * Audit report bundles in the console (DOMAIN.md "Alerts, notifications, ops board,
 * reports"): the export form (a range of household days, optionally one work session) with
 * a live preview of what the bundle would hold (`reports.preview`), the export itself
 * (`reports.exportAudit`, a long action followed through `job.progress`), the bundles
 * exported so far (`reports.list`), and a bundle's verification (`reports.verify`, of a
 * listed bundle by path or of a picked file staged with `api.stageFile`). Kept in the
 * store, so leaving the screen while an export runs and coming back shows where it is.
 */
import {
  actionSpec,
  reportRangeInput,
  type ApiError,
  type BundleVerification,
  type Report,
  type ReportCounts,
  type Session,
  type ValhallaApi,
} from '../../../shared/contract';
import { calendarDateIn } from '../../../shared/domain/time';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { describeFailure, issuesToFieldErrors, type FieldErrors } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import type { JobProgress } from '../inventory/importSlice';
import { coalescedRefresh } from '../spending/refresh';
import { lastCalendarMonth } from './view';

export type ReportsTab = 'export' | 'verify';

/** The export form: household days `YYYY-MM-DD` and a session id (`''`: every session). */
export interface ReportForm {
  from: string;
  to: string;
  sessionId: string;
}

export interface ReportExportJob {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** The latest `job.progress` of this export. */
  progress: JobProgress | null;
  report: Report | null;
  error: ApiError | null;
}

/** What is being verified: a listed bundle by its path, or a picked file by its name. */
export type BundleSource = { kind: 'path'; path: string } | { kind: 'file'; name: string };

export interface BundleCheck {
  source: BundleSource | null;
  /** Uploading the picked file into the engine's store. */
  staging: boolean;
  result: Loadable<BundleVerification>;
}

export interface ReportsState {
  reportsTab: ReportsTab;
  reportForm: ReportForm;
  /** Field errors of the form, by field (`from`, `to`, `sessionId`), from the contract's rules or the engine. */
  reportFormErrors: FieldErrors;
  /** What a bundle for the form's range would hold; idle while the range is not valid. */
  reportPreview: Loadable<ReportCounts>;
  /** Sessions for the form's session picker (the newest 100). */
  reportSessions: Loadable<Session[]>;
  reportExport: ReportExportJob;
  reportList: Loadable<Report[]>;
  bundleCheck: BundleCheck;
}

export interface ReportsActions {
  setReportsTab(tab: ReportsTab): void;
  /**
   * Fills an empty form with the last calendar month before `now`'s household day (the
   * household time zone, else the system's), then previews it. A filled form is kept.
   */
  initReportForm(now: Date): void;
  /** Changes the form; previews the range when the contract accepts it, else shows its field errors. */
  setReportForm(patch: Partial<ReportForm>): void;
  previewReport(): Promise<void>;
  loadReportSessions(): Promise<void>;
  /** Dispatches `reports.exportAudit` for the form; resolves `true` when the bundle was written. */
  exportReport(): Promise<boolean>;
  /** Takes a `job.progress` event (subscribed in the store) while an export runs. */
  onReportsJobProgress(progress: JobProgress): void;
  /** Clears a finished export's result or failure; not while one runs. */
  resetReportExport(): void;
  loadReports(): Promise<void>;
  /** Verifies a bundle at `path` on the engine's machine and shows the Verify tab. */
  verifyBundlePath(path: string, againstDatabase?: boolean): Promise<void>;
  /** Stages a picked bundle into the engine's store and verifies it (`null` clears). */
  verifyBundleFile(file: File | null, againstDatabase?: boolean): Promise<void>;
  /** Refetches what is loaded when `tables` (from `db.changed`) touch it (all with none). */
  refreshReports(tables?: readonly string[]): Promise<void>;
}

export type ReportsSlice = ReportsState & ReportsActions;

const idleExport: ReportExportJob = { status: 'idle', progress: null, report: null, error: null };
const idleCheck: BundleCheck = { source: null, staging: false, result: idle() };

export const reportsInitialState: ReportsState = {
  reportsTab: 'export',
  reportForm: { from: '', to: '', sessionId: '' },
  reportFormErrors: {},
  reportPreview: idle(),
  reportSessions: idle(),
  reportExport: idleExport,
  reportList: idle(),
  bundleCheck: idleCheck,
};

/** The range params of the form (`sessionId` left out when none is chosen). */
export function reportRangeParams(form: ReportForm): { from: string; to: string; sessionId?: string } {
  return { from: form.from, to: form.to, ...(form.sessionId ? { sessionId: form.sessionId } : {}) };
}

/** The form's field errors by the contract's range rule (`{}` when it is valid). */
export function reportFormErrors(form: ReportForm): FieldErrors {
  const check = reportRangeInput.safeParse(reportRangeParams(form));
  return check.success ? {} : issuesToFieldErrors(check.error.issues);
}

const SESSION_OPTIONS = 100;

/** The reports slice over `api`. */
export function createReportsSlice(api: ValhallaApi): SliceCreator<ReportsSlice> {
  let previewRequest = 0;
  let checkRequest = 0;
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      const s = get();
      const jobs: Promise<void>[] = [];
      // Any decision may fall in the range, so a shown preview follows every change.
      if (s.reportPreview.status !== 'idle') jobs.push(s.previewReport());
      if (s.reportList.status !== 'idle' && (tables === null || tables.has('reports'))) jobs.push(s.loadReports());
      if (s.reportSessions.status !== 'idle' && (tables === null || tables.has('sessions'))) jobs.push(s.loadReportSessions());
      await Promise.all(jobs);
    });
    const patchExport = (patch: Partial<ReportExportJob>) => set({ reportExport: { ...get().reportExport, ...patch } });

    return {
      ...reportsInitialState,

      setReportsTab(tab) {
        set({ reportsTab: tab });
      },

      initReportForm(now) {
        const form = get().reportForm;
        if (form.from || form.to) return;
        const timeZone = governanceSelectors.timeZone(get()) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
        get().setReportForm(lastCalendarMonth(calendarDateIn(now, timeZone)));
      },

      setReportForm(patch) {
        const form = { ...get().reportForm, ...patch };
        const errors = reportFormErrors(form);
        set({ reportForm: form, reportFormErrors: errors });
        if (Object.keys(errors).length > 0) {
          previewRequest += 1;
          set({ reportPreview: idle() });
          return;
        }
        void get().previewReport();
      },

      async previewReport() {
        const form = get().reportForm;
        if (Object.keys(reportFormErrors(form)).length > 0) return;
        const request = ++previewRequest;
        set({ reportPreview: loading(get().reportPreview) });
        const result = await api.query('reports.preview', reportRangeParams(form));
        if (request === previewRequest) set({ reportPreview: settled(result) });
      },

      async loadReportSessions() {
        set({ reportSessions: loading(get().reportSessions) });
        const result = await api.query('sessions.list', { limit: SESSION_OPTIONS });
        set({ reportSessions: result.ok ? { data: result.value.items, status: 'ready', error: null } : { data: null, status: 'error', error: result.error.message } });
      },

      async exportReport() {
        if (get().reportExport.status === 'running') return false;
        const params = reportRangeParams(get().reportForm);
        // the action's own schema has no from ≤ to rule (the engine checks it when it runs):
        // the range rule of the preview says it before anything is sent
        const check = actionSpec('reports.exportAudit').input.safeParse(params);
        const errors = check.success ? reportFormErrors(get().reportForm) : issuesToFieldErrors(check.error.issues);
        if (Object.keys(errors).length > 0) {
          set({ reportFormErrors: errors });
          return false;
        }
        set({ reportExport: { ...idleExport, status: 'running' }, reportFormErrors: {} });
        const result = await get().execute('reports.exportAudit', params, { announceFailure: false });
        if (!result.ok) {
          patchExport({ status: 'failed', error: result.error });
          set({ reportFormErrors: describeFailure(result.error).fieldErrors });
          return false;
        }
        patchExport({ status: 'done', report: result.value.result });
        return true;
      },

      onReportsJobProgress(progress) {
        if (progress.action === 'reports.exportAudit' && get().reportExport.status === 'running') patchExport({ progress });
      },

      resetReportExport() {
        if (get().reportExport.status !== 'running') set({ reportExport: idleExport });
      },

      async loadReports() {
        set({ reportList: loading(get().reportList) });
        set({ reportList: settled(await api.query('reports.list', { limit: 50 })) });
      },

      async verifyBundlePath(path, againstDatabase = true) {
        const request = ++checkRequest;
        set({ reportsTab: 'verify', bundleCheck: { source: { kind: 'path', path }, staging: false, result: { data: null, status: 'loading', error: null } } });
        const result = await api.query('reports.verify', { path, againstDatabase });
        if (request === checkRequest) set({ bundleCheck: { ...get().bundleCheck, result: settled(result) } });
      },

      async verifyBundleFile(file, againstDatabase = true) {
        const request = ++checkRequest;
        if (!file) {
          set({ bundleCheck: idleCheck });
          return;
        }
        set({ bundleCheck: { source: { kind: 'file', name: file.name }, staging: true, result: { data: null, status: 'loading', error: null } } });
        const staged = await api.stageFile(file);
        if (request !== checkRequest) return;
        if (!staged.ok) {
          set({ bundleCheck: { ...get().bundleCheck, staging: false, result: { data: null, status: 'error', error: staged.error.message } } });
          return;
        }
        set({ bundleCheck: { ...get().bundleCheck, staging: false } });
        const result = await api.query('reports.verify', { fileSha256: staged.value.sha256, againstDatabase });
        if (request === checkRequest) set({ bundleCheck: { ...get().bundleCheck, result: settled(result) } });
      },

      refreshReports(tables) {
        return refresh(tables);
      },
    };
  };
}

export const reportsSelectors = {
  exportBusy: (s: AppState) => s.reportExport.status === 'running',
  /** Whether the form's range is valid (the preview and Export can run). */
  formValid: (s: AppState) => Object.keys(s.reportFormErrors).length === 0 && s.reportForm.from !== '' && s.reportForm.to !== '',
  /** The newest exported bundle, from the list or the export just done. */
  latestBundle(s: AppState): Report | null {
    const listed = s.reportList.data?.[0] ?? null;
    const justDone = s.reportExport.report;
    if (!justDone) return listed;
    return !listed || justDone.at >= listed.at ? justDone : listed;
  },
};
