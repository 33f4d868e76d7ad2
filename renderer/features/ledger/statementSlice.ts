/**
 * The bank statement import wizard: the account, the file staged into the engine's store
 * (`api.stageFile`), how to read it (encoding, QIF date order, CSV column mapping), the
 * engine's preview (`ledger.previewStatement`, re-run on every change), then the governed
 * `ledger.importStatement` with `job.progress` and its summary. Kept in the store, so
 * leaving the screen while an import runs and coming back shows where it is.
 */
import type { ActionInput, ActionOutput, ApiError, QueryInput, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import type { JobProgress } from '../inventory/importSlice';
import { csvFormFromMapping, csvMappingFromForm, type CsvMappingForm } from './view';

export type StatementPreview = QueryOutput<'ledger.previewStatement'>;
export type StatementSummary = ActionOutput<'ledger.importStatement'>;

export interface StatementOptions {
  encoding: 'utf-8' | 'latin1';
  dateOrder: 'mdy' | 'dmy';
  /** The CSV mapping form; `null` until a preview says the file is CSV. */
  csv: CsvMappingForm | null;
}

export interface StatementImportState {
  accountId: string | null;
  /** The staged file (`null`: none picked yet). */
  file: { name: string; sha256: string } | null;
  /** Uploading the picked file into the engine's store. */
  staging: boolean;
  /** Why the picked file could not be staged. */
  stageError: string | null;
  options: StatementOptions;
  /** The CSV file's header names, kept while a preview with a bad mapping fails (so the form stays). */
  csvColumns: string[] | null;
  preview: Loadable<StatementPreview>;
  job: { status: 'idle' | 'running' | 'done' | 'failed'; progress: JobProgress | null; summary: StatementSummary | null; error: ApiError | null };
}

export interface StatementImportActions {
  setStatementAccount(accountId: string | null): void;
  /** Stages `file` and previews it (`null` clears the file). */
  chooseStatementFile(file: File | null): Promise<void>;
  /** Changes how the file is read and previews it again. */
  setStatementOptions(patch: Partial<StatementOptions>): void;
  previewStatement(): Promise<void>;
  /** Dispatches `ledger.importStatement` for what the preview shows; resolves `true` when it ran. */
  importStatement(): Promise<boolean>;
  onStatementJobProgress(progress: JobProgress): void;
  /** Back to an empty wizard (the account stays chosen); not while an import runs. */
  resetStatementImport(): void;
}

export type StatementImportSlice = { statementImport: StatementImportState } & StatementImportActions;

const defaultOptions: StatementOptions = { encoding: 'utf-8', dateOrder: 'mdy', csv: null };
const idleJob: StatementImportState['job'] = { status: 'idle', progress: null, summary: null, error: null };

export const statementInitialState: StatementImportState = { accountId: null, file: null, staging: false, stageError: null, options: defaultOptions, csvColumns: null, preview: idle(), job: idleJob };

/** The source part of the preview and import params for the wizard's state (`null` without a file). */
export function statementSource(w: StatementImportState): Omit<QueryInput<'ledger.previewStatement'>, 'accountId'> | null {
  if (!w.file) return null;
  const csv = w.options.csv ? csvMappingFromForm(w.options.csv) : null;
  return { fileSha256: w.file.sha256, fileName: w.file.name, encoding: w.options.encoding, dateOrder: w.options.dateOrder, ...(csv ? { csv } : {}) };
}

/** The statement import slice over `api`. */
export function createStatementImportSlice(api: ValhallaApi): SliceCreator<StatementImportSlice> {
  let previewRequest = 0;
  return (set, get) => {
    const patch = (p: Partial<StatementImportState>) => set({ statementImport: { ...get().statementImport, ...p } });
    return {
      statementImport: statementInitialState,

      setStatementAccount(accountId) {
        if (statementSelectors.busy(get())) return;
        patch({ accountId, job: idleJob });
        if (get().statementImport.file) void get().previewStatement();
      },

      async chooseStatementFile(file) {
        if (statementSelectors.busy(get())) return;
        previewRequest += 1;
        patch({ file: null, stageError: null, options: { ...get().statementImport.options, csv: null }, csvColumns: null, preview: idle(), job: idleJob, staging: file !== null });
        if (!file) return;
        const staged = await api.stageFile(file);
        if (!staged.ok) {
          patch({ staging: false, stageError: staged.error.message });
          return;
        }
        patch({ staging: false, file: { name: file.name, sha256: staged.value.sha256 } });
        await get().previewStatement();
      },

      setStatementOptions(options) {
        if (statementSelectors.busy(get())) return;
        patch({ options: { ...get().statementImport.options, ...options }, job: idleJob });
        void get().previewStatement();
      },

      async previewStatement() {
        const w = get().statementImport;
        const source = statementSource(w);
        if (!source) return;
        const request = ++previewRequest;
        patch({ preview: { data: w.preview.data, status: 'loading', error: null } });
        const result = await api.query('ledger.previewStatement', { ...source, ...(w.accountId ? { accountId: w.accountId } : {}) });
        if (request !== previewRequest) return;
        if (!result.ok) {
          patch({ preview: { data: null, status: 'error', error: result.error.message } });
          return;
        }
        const preview = result.value;
        const now = get().statementImport;
        // A CSV seen for the first time: fill the mapping form from the engine's suggestion,
        // and read the file with it when it is complete.
        if (preview.format === 'CSV' && now.options.csv === null) {
          const csv = csvFormFromMapping(preview.suggestedMapping, preview.columns ?? []);
          patch({ options: { ...now.options, csv }, csvColumns: preview.columns ?? [], preview: { data: preview, status: 'ready', error: null } });
          if (!source.csv && csvMappingFromForm(csv)) await get().previewStatement();
          return;
        }
        patch({ preview: { data: preview, status: 'ready', error: null } });
      },

      async importStatement() {
        const s = get();
        const w = s.statementImport;
        const source = statementSource(w);
        if (!source || !w.accountId || !statementSelectors.canImport(s)) return false;
        patch({ job: { ...idleJob, status: 'running' } });
        const params: ActionInput<'ledger.importStatement'> = { accountId: w.accountId, ...source };
        const result = await s.execute('ledger.importStatement', params, { announceFailure: false });
        if (!result.ok) {
          patch({ job: { ...get().statementImport.job, status: 'failed', error: result.error } });
          return false;
        }
        patch({ job: { ...get().statementImport.job, status: 'done', summary: result.value.result } });
        return true;
      },

      onStatementJobProgress(progress) {
        const job = get().statementImport.job;
        if (progress.action === 'ledger.importStatement' && job.status === 'running') patch({ job: { ...job, progress } });
      },

      resetStatementImport() {
        if (statementSelectors.busy(get())) return;
        previewRequest += 1;
        patch({ ...statementInitialState, accountId: get().statementImport.accountId, options: { ...get().statementImport.options, csv: null } });
      },
    };
  };
}

export const statementSelectors = {
  busy: (s: AppState) => s.statementImport.staging || s.statementImport.job.status === 'running',
  /**
   * Whether "Import" may run: an account, a fresh preview for the current options with no
   * row errors and at least one new transaction, and no import under way or just done.
   */
  canImport(s: AppState): boolean {
    const w = s.statementImport;
    const p = w.preview.data;
    if (!w.accountId || !w.file || w.preview.status !== 'ready' || !p) return false;
    if (w.job.status === 'running' || w.job.status === 'done') return false;
    if (p.format === 'CSV' && (!w.options.csv || !csvMappingFromForm(w.options.csv))) return false;
    return p.errors.length === 0 && p.new > 0;
  },
};
