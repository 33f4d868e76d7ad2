/**
 * Receipts: the list (`receipts.list`, server-side search and filters, keyset paged), the
 * receipt open in the detail panel (`receipts.get`), the triage inbox (`receipts.triage`),
 * the vendor → category memory of the entry form (in memory only), and a SROIE import
 * (many staged files, then `receipts.importSroie` with `job.progress`).
 */
import type { ApiError, AuditEvent, Result, StagedFile, QueryInput, QueryOutput, Receipt, ReceiptImportSummary, ReceiptSummary, ValhallaApi } from '../../../shared/contract';
import { stageMany } from '../../api/stage-many';
import { idle, loading, settled, type Loadable, type PagedList } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import type { JobProgress } from '../inventory/importSlice';
import { inventorySelectors } from '../inventory/slice';
import { coalescedRefresh } from '../spending/refresh';
import { attachmentProblem } from './attachments';
import { defaultReceiptFilters, receiptListParams, withVendorCategory, type ReceiptFilters } from './view';

export type Triage = QueryOutput<'receipts.triage'>;
export type Attachment = QueryOutput<'receipts.attachment'>;
export type ReceiptsTab = 'list' | 'capture' | 'triage' | 'categories' | 'import';
export type ReceiptCategories = QueryOutput<'receipts.categories'>;

export interface SroieImportState {
  status: 'idle' | 'staging' | 'running' | 'done' | 'failed';
  /** Files staged so far, of `total`. */
  staged: number;
  total: number;
  progress: JobProgress | null;
  summary: ReceiptImportSummary | null;
  error: ApiError | null;
}

export interface ReceiptsState {
  receiptsTab: ReceiptsTab;
  receiptList: PagedList<ReceiptSummary, string>;
  receiptFilters: ReceiptFilters;
  selectedReceiptId: string | null;
  receiptDetail: Loadable<Receipt>;
  /** The open receipt's audit events, newest first (its history). */
  receiptHistory: Loadable<AuditEvent[]>;
  triage: Loadable<Triage>;
  /** Categories and payment methods in use, and each vendor's latest category (`receipts.categories`). */
  receiptCategories: Loadable<ReceiptCategories>;
  /** Vendor key → the category entered with it in this session (ahead of the engine's answer). */
  vendorCategories: Record<string, string>;
  sroieImport: SroieImportState;
}

export interface ReceiptsActions {
  setReceiptsTab(tab: ReceiptsTab): void;
  /** Loads the first page for the current filters (a newer call wins). */
  loadReceipts(): Promise<void>;
  loadMoreReceipts(): Promise<void>;
  setReceiptFilters(patch: Partial<ReceiptFilters>): void;
  clearReceiptFilters(): void;
  selectReceipt(id: string | null): void;
  loadReceiptDetail(): Promise<void>;
  loadTriage(): Promise<void>;
  loadReceiptCategories(): Promise<void>;
  rememberVendorCategory(vendor: string, category: string | undefined | null): void;
  /** Stages one file (an attachment) into the engine's file store. */
  stageReceiptFile(file: File): Promise<Result<StagedFile>>;
  /**
   * Checks `files` here first (type by name and MIME, size — nothing is staged when one
   * fails), stages them, and attaches them to receipt `receiptId` (`receipts.update`, where
   * main checks the bytes). Resolves `null` when attached, else the refusal's message.
   */
  attachToReceipt(receiptId: string, files: readonly File[]): Promise<string | null>;
  /** Reads a staged receipts CSV without importing it (`receipts.previewCsv`). */
  previewReceiptsCsv(input: QueryInput<'receipts.previewCsv'>): Promise<Result<QueryOutput<'receipts.previewCsv'>>>;
  /** One attachment's bytes for a thumbnail or the viewer (cached by SHA-256 while the app runs). */
  loadAttachment(receiptId: string, sha256: string): Promise<Result<Attachment>>;
  /** Stages every file, then dispatches `receipts.importSroie`; resolves `true` when it ran. */
  importSroie(files: readonly File[], currency: string): Promise<boolean>;
  onReceiptsJobProgress(progress: JobProgress): void;
  resetSroieImport(): void;
  /** Refetches what is loaded when `tables` touch receipts (all with none). */
  refreshReceipts(tables?: readonly string[]): Promise<void>;
}

export type ReceiptsSlice = ReceiptsState & ReceiptsActions;

const idleImport: SroieImportState = { status: 'idle', staged: 0, total: 0, progress: null, summary: null, error: null };
const emptyList: PagedList<ReceiptSummary, string> = { items: [], nextCursor: null, status: 'idle', loadingMore: false, error: null };

export const receiptsInitialState: ReceiptsState = {
  receiptsTab: 'list',
  receiptList: emptyList,
  receiptFilters: defaultReceiptFilters,
  selectedReceiptId: null,
  receiptDetail: idle(),
  receiptHistory: idle(),
  triage: idle(),
  receiptCategories: idle(),
  vendorCategories: {},
  sroieImport: idleImport,
};

export const RECEIPT_TABLES = ['receipts', 'receipt_lines', 'receipt_attachments', 'receipt_captures'] as const;
/** How many of a receipt's latest audit events its detail shows. */
export const RECEIPT_HISTORY_SHOWN = 20;

/** The receipts slice over `api`. */
export function createReceiptsSlice(api: ValhallaApi): SliceCreator<ReceiptsSlice> {
  let listRequest = 0;
  let detailRequest = 0;
  // Attachments are content-addressed: the bytes behind a SHA-256 never change.
  const attachments = new Map<string, Promise<Result<Attachment>>>();
  return (set, get) => {
    const patchImport = (patch: Partial<SroieImportState>) => set({ sroieImport: { ...get().sroieImport, ...patch } });
    const refresh = coalescedRefresh(async () => {
      const s = get();
      const jobs: Promise<void>[] = [];
      if (s.receiptList.status !== 'idle') jobs.push(s.loadReceipts());
      if (s.selectedReceiptId) jobs.push(s.loadReceiptDetail());
      if (s.triage.status !== 'idle') jobs.push(s.loadTriage());
      if (s.receiptCategories.status !== 'idle') jobs.push(s.loadReceiptCategories());
      if (s.reviewQueue.status !== 'idle') jobs.push(s.loadReviewQueue());
      if (s.captureStats.status !== 'idle') jobs.push(s.loadCaptureStats());
      await Promise.all(jobs);
    });
    return {
      ...receiptsInitialState,

      setReceiptsTab(tab) {
        set({ receiptsTab: tab });
      },

      async loadReceipts() {
        const request = ++listRequest;
        const prev = get().receiptList;
        set({ receiptList: { ...prev, status: prev.status === 'ready' ? 'ready' : 'loading', loadingMore: false } });
        const result = await api.query('receipts.list', receiptListParams(get().receiptFilters, inventorySelectors.currency(get())));
        if (request !== listRequest) return;
        set({
          receiptList: result.ok
            ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', loadingMore: false, error: null }
            : { items: [], nextCursor: null, status: 'error', loadingMore: false, error: result.error.message },
        });
      },

      async loadMoreReceipts() {
        const prev = get().receiptList;
        if (!prev.nextCursor || prev.loadingMore) return;
        const request = listRequest;
        set({ receiptList: { ...prev, loadingMore: true, error: null } });
        const result = await api.query('receipts.list', receiptListParams(get().receiptFilters, inventorySelectors.currency(get()), prev.nextCursor));
        if (request !== listRequest) return;
        const now = get().receiptList;
        set({
          receiptList: result.ok
            ? { ...now, items: [...now.items, ...result.value.items], nextCursor: result.value.nextCursor, loadingMore: false }
            : { ...now, loadingMore: false, error: result.error.message },
        });
      },

      setReceiptFilters(patch) {
        set({ receiptFilters: { ...get().receiptFilters, ...patch } });
      },

      clearReceiptFilters() {
        set({ receiptFilters: defaultReceiptFilters });
      },

      selectReceipt(id) {
        set({ selectedReceiptId: id, receiptDetail: idle(), receiptHistory: idle() });
        if (id) void get().loadReceiptDetail();
      },

      async loadReceiptDetail() {
        const id = get().selectedReceiptId;
        if (!id) return;
        const request = ++detailRequest;
        set({ receiptDetail: loading(get().receiptDetail), receiptHistory: loading(get().receiptHistory) });
        const [result, history] = await Promise.all([api.query('receipts.get', { id }), api.query('audit.list', { entity: 'receipt', entityId: id, limit: RECEIPT_HISTORY_SHOWN })]);
        if (request !== detailRequest || get().selectedReceiptId !== id) return;
        set({ receiptDetail: settled(result), receiptHistory: history.ok ? { data: history.value.items, status: 'ready', error: null } : { data: null, status: 'error', error: history.error.message } });
      },

      async loadTriage() {
        set({ triage: loading(get().triage) });
        set({ triage: settled(await api.query('receipts.triage', {})) });
      },

      async loadReceiptCategories() {
        set({ receiptCategories: loading(get().receiptCategories) });
        set({ receiptCategories: settled(await api.query('receipts.categories', {})) });
      },

      rememberVendorCategory(vendor, category) {
        set({ vendorCategories: withVendorCategory(get().vendorCategories, vendor, category) });
      },

      stageReceiptFile(file) {
        return api.stageFile(file);
      },

      async attachToReceipt(receiptId, files) {
        for (const file of files) {
          const problem = attachmentProblem(file);
          if (problem) return problem;
        }
        const staging = await stageMany((file) => api.stageFile(file), files);
        if (!staging.ok) return `${staging.file.name}: ${staging.error.message}`;
        const staged = staging.staged.map((s, i) => ({ sha256: s.sha256, name: files[i]?.name ?? s.name }));
        const result = await get().execute('receipts.update', { id: receiptId, attachments: staged }, { announceFailure: false });
        return result.ok ? null : result.error.message;
      },

      previewReceiptsCsv(input) {
        return api.query('receipts.previewCsv', input);
      },

      loadAttachment(receiptId, sha256) {
        const cached = attachments.get(sha256);
        if (cached) return cached;
        const pending = api.query('receipts.attachment', { receiptId, sha256 });
        attachments.set(sha256, pending);
        void pending.then((r) => {
          if (!r.ok) attachments.delete(sha256);
        });
        return pending;
      },

      async importSroie(files, currency) {
        const status = get().sroieImport.status;
        if (status === 'staging' || status === 'running' || files.length === 0) return false;
        set({ sroieImport: { ...idleImport, status: 'staging', total: files.length } });
        const staging = await stageMany((file) => api.stageFile(file), files, { onProgress: (staged) => patchImport({ staged }) });
        if (!staging.ok) {
          patchImport({ status: 'failed', error: { ...staging.error, message: `${staging.file.name}: ${staging.error.message}` } });
          return false;
        }
        const staged = staging.staged.map((s, i) => ({ name: files[i]?.name ?? s.name, sha256: s.sha256 }));
        patchImport({ status: 'running' });
        const result = await get().execute('receipts.importSroie', { files: staged, currency }, { announceFailure: false });
        if (!result.ok) {
          patchImport({ status: 'failed', error: result.error });
          return false;
        }
        patchImport({ status: 'done', summary: result.value.result });
        return true;
      },

      onReceiptsJobProgress(progress) {
        if (progress.action === 'receipts.importSroie' && get().sroieImport.status === 'running') patchImport({ progress });
      },

      resetSroieImport() {
        const status = get().sroieImport.status;
        if (status !== 'staging' && status !== 'running') set({ sroieImport: idleImport });
      },

      refreshReceipts(tables) {
        if (tables && !RECEIPT_TABLES.some((t) => tables.includes(t))) return Promise.resolve();
        return refresh(tables);
      },
    };
  };
}

export const receiptsSelectors = {
  sroieBusy: (s: AppState) => s.sroieImport.status === 'staging' || s.sroieImport.status === 'running',
  /** How many entries the triage inbox holds (needing attention + duplicate pairs), or null before it loads. */
  triageCount: (s: AppState) => (s.triage.data ? s.triage.data.needsAttention.length + s.triage.data.duplicates.length : null),
};
