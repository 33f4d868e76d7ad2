/**
 * The bank statement import wizard: the account, the file staged into the engine's store
 * (`api.stageFile`), how to read it (encoding, QIF date order, CSV column mapping), the
 * engine's preview (`ledger.previewStatement`, re-run on every change), the operator's review
 * (rows left out, where each account of a file of several goes), then the governed
 * `ledger.importStatement` with `job.progress` and its summary. Kept in the store, so leaving
 * the screen while an import runs and coming back shows where it is.
 */
import type { Account, ActionInput, ActionOutput, ApiError, CsvMapping, QueryInput, QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import type { JobProgress } from '../inventory/importSlice';
import { accountsToImport, namesSeveralAccounts, rememberedSources, reviewCounts, reviewLines, rowsToImport, type SourceAccounts } from './importReview';
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
  /**
   * Whether the operator set the CSV columns. Until then the engine reads the file its own
   * way — the mapping remembered for the account, a bank's preset or a guess from the header
   * (`preview.mappingSource` says which) — and the form shows the header's suggestion.
   */
  csvTouched: boolean;
  /** Why the form took over from the engine's own mapping (the one remembered did not fit the file), else `null`. */
  csvNote: string | null;
  /** The CSV file's header names, kept while a preview with a bad mapping fails (so the form stays). */
  csvColumns: string[] | null;
  preview: Loadable<StatementPreview>;
  /** Row numbers the operator unchecked in the review (new rows are checked until then). */
  excluded: number[];
  /** For a file of several accounts: where each goes (see SourceAccounts). */
  sourceAccounts: SourceAccounts;
  job: { status: 'idle' | 'running' | 'done' | 'failed'; progress: JobProgress | null; summary: StatementSummary | null; error: ApiError | null };
}

export interface StatementImportActions {
  setStatementAccount(accountId: string | null): void;
  /** Stages `file` and previews it (`null` clears the file). */
  chooseStatementFile(file: File | null): Promise<void>;
  /** Changes how the file is read and previews it again; a CSV form passed here is the operator's (see `csvTouched`). */
  setStatementOptions(patch: Partial<StatementOptions>): void;
  /** Reads the file with the CSV form from now on instead of the engine's own mapping, and previews it again. */
  editStatementCsvColumns(): void;
  previewStatement(): Promise<void>;
  /** Checks (`true`) or unchecks rows of the review; rows that cannot be chosen (duplicates, unreadable, of an account left out) are ignored. */
  setStatementRowsIncluded(rows: readonly number[], included: boolean): void;
  /** Sends an account the file names to a ledger account, or leaves it out (`null`). */
  setStatementSourceAccount(source: string, accountId: string | null): void;
  /** Dispatches `ledger.importStatement` for what the review chose; resolves `true` when it ran. */
  importStatement(): Promise<boolean>;
  onStatementJobProgress(progress: JobProgress): void;
  /** Back to an empty wizard (the account stays chosen); not while an import runs. */
  resetStatementImport(): void;
}

export type StatementImportSlice = { statementImport: StatementImportState } & StatementImportActions;

const defaultOptions: StatementOptions = { encoding: 'utf-8', dateOrder: 'mdy', csv: null };
const idleJob: StatementImportState['job'] = { status: 'idle', progress: null, summary: null, error: null };

/** What a new file starts from: no review choices, the engine's own CSV mapping. */
const freshFile = { csvTouched: false, csvNote: null, csvColumns: null, excluded: [], sourceAccounts: {} } satisfies Partial<StatementImportState>;

export const statementInitialState: StatementImportState = { accountId: null, file: null, staging: false, stageError: null, options: defaultOptions, ...freshFile, preview: idle(), job: idleJob };

/** The CSV mapping the operator set, `null` while none (or an incomplete one) is set. */
function operatorMapping(w: StatementImportState): CsvMapping | null {
  return w.csvTouched && w.options.csv ? csvMappingFromForm(w.options.csv) : null;
}

/** The source part of the preview and import params for the wizard's state (`null` without a file): the CSV mapping only once the operator set it. */
export function statementSource(w: StatementImportState): Omit<QueryInput<'ledger.previewStatement'>, 'accountId'> | null {
  if (!w.file) return null;
  const csv = operatorMapping(w);
  return { fileSha256: w.file.sha256, fileName: w.file.name, encoding: w.options.encoding, dateOrder: w.options.dateOrder, ...(csv ? { csv } : {}) };
}

/**
 * The CSV mapping to import with: the operator's; else the preview's own when it was a preset
 * or a guess (the form holds it, and sending it keeps the rows the review saw even where the
 * engine would not apply a guess by itself — one with unreadable rows near the top); none
 * for the mapping remembered for the account (the engine applies it again).
 */
function importMapping(w: StatementImportState, p: StatementPreview): CsvMapping | null {
  if (p.format !== 'CSV' || !w.options.csv) return null;
  if (w.csvTouched) return csvMappingFromForm(w.options.csv);
  return p.mappingSource === 'preset' || p.mappingSource === 'guessed' ? csvMappingFromForm(w.options.csv) : null;
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
        patch({ file: null, stageError: null, options: { ...get().statementImport.options, csv: null }, ...freshFile, preview: idle(), job: idleJob, staging: file !== null });
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
        const w = get().statementImport;
        // rows are numbered from the header on: another header line or delimiter numbers them anew
        const before = w.options.csv;
        const renumbered = options.csv !== undefined && options.csv !== null && before !== null && (options.csv.headerLine !== before.headerLine || options.csv.delimiter !== before.delimiter);
        patch({
          options: { ...w.options, ...options },
          ...(options.csv ? { csvTouched: true } : {}),
          ...(renumbered ? { excluded: [] } : {}),
          job: idleJob,
        });
        void get().previewStatement();
      },

      editStatementCsvColumns() {
        if (statementSelectors.busy(get()) || get().statementImport.csvTouched) return;
        patch({ csvTouched: true, job: idleJob });
        void get().previewStatement();
      },

      async previewStatement() {
        const w = get().statementImport;
        const source = statementSource(w);
        if (!source) return;
        const request = ++previewRequest;
        patch({ preview: { data: w.preview.data, status: 'loading', error: null } });
        // the accounts already chosen for a file of several: each read in its account's currency, duplicates checked there
        const chosen = Object.entries(w.sourceAccounts).map(([from, accountId]) => ({ source: from, accountId }));
        let result = await api.query('ledger.previewStatement', { ...source, ...(w.accountId ? { accountId: w.accountId } : {}), ...(chosen.length > 0 ? { accounts: chosen } : {}) });
        if (request !== previewRequest) return;
        if (!result.ok && !source.csv && w.accountId) {
          // The mapping remembered for the account may not fit this file (another bank's
          // columns): read it without the account to get its columns, and let the form take over.
          const plain = await api.query('ledger.previewStatement', source);
          if (request !== previewRequest) return;
          if (plain.ok && plain.value.format === 'CSV') {
            const now = get().statementImport;
            const csv = now.options.csv ?? csvFormFromMapping(plain.value.suggestedMapping, plain.value.columns ?? []);
            patch({
              options: { ...now.options, csv },
              csvTouched: true,
              csvNote: `The mapping remembered for this account does not fit this file (${result.error.message}): set the columns below.`,
              csvColumns: plain.value.columns ?? [],
            });
            if (csvMappingFromForm(csv)) return get().previewStatement();
            result = plain;
          }
        }
        if (!result.ok) {
          patch({ preview: { data: null, status: 'error', error: result.error.message } });
          return;
        }
        const preview = result.value;
        const now = get().statementImport;
        const sourceAccounts = rememberedSources(preview, now.sourceAccounts);
        // A CSV: the form starts from the header's suggestion (what a guess or a preset read
        // the rows with); the columns follow the header the engine read.
        if (preview.format === 'CSV') {
          const csv = now.options.csv ?? csvFormFromMapping(preview.suggestedMapping, preview.columns ?? []);
          patch({ options: { ...now.options, csv }, csvColumns: preview.columns ?? now.csvColumns, sourceAccounts, preview: { data: preview, status: 'ready', error: null } });
          return;
        }
        patch({ sourceAccounts, preview: { data: preview, status: 'ready', error: null } });
      },

      setStatementRowsIncluded(rows, included) {
        const w = get().statementImport;
        const p = w.preview.data;
        if (!p || statementSelectors.busy(get()) || w.job.status === 'done') return;
        const checkable = new Set(reviewLines(p, w.excluded, w.sourceAccounts).lines.flatMap((l) => (l.checkable ? [l.row] : [])));
        const chosen = rows.filter((r) => checkable.has(r));
        const excluded = new Set(w.excluded);
        for (const r of chosen) {
          if (included) excluded.delete(r);
          else excluded.add(r);
        }
        patch({ excluded: [...excluded].sort((a, b) => a - b) });
      },

      setStatementSourceAccount(source, accountId) {
        if (statementSelectors.busy(get())) return;
        patch({ sourceAccounts: { ...get().statementImport.sourceAccounts, [source]: accountId } });
        void get().previewStatement();
      },

      async importStatement() {
        const s = get();
        const w = s.statementImport;
        const source = statementSource(w);
        const p = w.preview.data;
        if (!source || !p || !w.accountId || !statementSelectors.canImport(s)) return false;
        patch({ job: { ...idleJob, status: 'running' } });
        const csv = importMapping(w, p);
        const rows = rowsToImport(p, w.excluded, w.sourceAccounts);
        const { accounts } = accountsToImport(p, w.sourceAccounts);
        const params: ActionInput<'ledger.importStatement'> = { accountId: w.accountId, ...source, ...(csv ? { csv } : {}), ...(rows ? { rows } : {}), ...(accounts ? { accounts } : {}) };
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

/** Why the wizard cannot import yet (`null`: it can). */
export type ImportBlocker = 'no-preview' | 'account' | 'currency' | 'mapping' | 'accounts' | 'nothing';

export const statementSelectors = {
  busy: (s: AppState) => s.statementImport.staging || s.statementImport.job.status === 'running',
  /**
   * The currency the previewed file states (OFX, CAMT.053, MT940), which its account must be
   * in; `null` without a preview or for a file that states none (CSV, QIF) or several.
   */
  fileCurrency(s: AppState): string | null {
    const w = s.statementImport;
    return w.preview.status === 'error' ? null : (w.preview.data?.currency ?? null);
  },
  /**
   * The wizard's account when the file (of one account) is in another currency than it —
   * its rows cannot go in, and the wizard offers the account the file needs — else `null`.
   */
  currencyMismatch(s: AppState): { file: string; account: Account } | null {
    const w = s.statementImport;
    const file = statementSelectors.fileCurrency(s);
    const account = s.accounts.data?.find((a) => a.id === w.accountId) ?? null;
    const p = w.preview.data;
    if (!file || !account || !p || namesSeveralAccounts(p) || account.currency.toUpperCase() === file) return null;
    return { file, account };
  },
  /**
   * What stops "Import" (`null` when it may run), for a fresh preview of the current options
   * with no import under way or just done: `account` — no account chosen (none exists yet:
   * the wizard offers to create it); `currency` — the file is in another currency than the
   * account; `mapping` — a CSV without a complete mapping (the operator's form incomplete, or
   * no mapping the engine could read it with); `accounts` — a file of several accounts with
   * one not yet sent anywhere; `nothing` — no new row chosen.
   */
  importBlocker(s: AppState): ImportBlocker | null {
    const w = s.statementImport;
    const p = w.preview.data;
    if (!w.file || w.preview.status !== 'ready' || !p) return 'no-preview';
    if (w.job.status === 'running' || w.job.status === 'done') return 'no-preview';
    if (!w.accountId) return 'account';
    if (statementSelectors.currencyMismatch(s)) return 'currency';
    if (p.format === 'CSV' && (w.csvTouched ? !w.options.csv || !csvMappingFromForm(w.options.csv) : p.mappingSource === null)) return 'mapping';
    if (accountsToImport(p, w.sourceAccounts).missing.length > 0) return 'accounts';
    return reviewCounts(p, w.excluded, w.sourceAccounts).toImport > 0 ? null : 'nothing';
  },
  /** Whether "Import" may run (see importBlocker). */
  canImport: (s: AppState): boolean => statementSelectors.importBlocker(s) === null,
};
