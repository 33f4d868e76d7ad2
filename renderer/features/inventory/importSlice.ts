/**
 * Imports run from the console: the file is staged into the engine's file store
 * (`api.stageFile`), then the governed action references it by SHA-256 —
 * `inventory.importSales` (a shop's sales file, with progress from `job.progress`) or
 * `inventory.importItems` (items from a CSV with a column mapping). Kept in the store, so
 * leaving the screen while an import runs and coming back shows where it is.
 */
import type { ActionInput, ApiError, EventPayload, ValhallaApi } from '../../../shared/contract';
import type { ImportSummary } from '../../../shared/contract/inventory';
import type { AppState, SliceCreator } from '../../store/types';

export type JobProgress = EventPayload<'job.progress'>;
export type ImportStatus = 'idle' | 'staging' | 'running' | 'done' | 'failed';

export interface SalesImportState {
  status: ImportStatus;
  fileName: string | null;
  /** The latest `job.progress` of this import's preparation (reading the file). */
  progress: JobProgress | null;
  summary: ImportSummary | null;
  error: ApiError | null;
  /** `Date.now()` when the import was started (for the elapsed time shown while it runs). */
  startedAt: number | null;
}

export type OpeningChoice = { mode: 'coverDays'; days: number } | { mode: 'stockCount'; file: File } | { mode: 'none' };

export interface SalesImportRequest {
  file: File;
  opening: OpeningChoice;
  shiftToToday: boolean;
}

export type ItemsMapping = ActionInput<'inventory.importItems'>['mapping'];
export type Delimiter = NonNullable<ActionInput<'inventory.importItems'>['delimiter']>;

export interface ItemsImportState {
  status: ImportStatus;
  fileName: string | null;
  result: { created: number; updated: number; rows: number } | null;
  error: ApiError | null;
}

export interface ImportState {
  salesImport: SalesImportState;
  itemsImport: ItemsImportState;
}

export interface ImportActions {
  /** Stages the file(s) and dispatches `inventory.importSales` in execute mode; resolves `true` when it ran. */
  importSales(request: SalesImportRequest): Promise<boolean>;
  /** Takes a `job.progress` event (subscribed in the store) while a sales import runs. */
  onJobProgress(progress: JobProgress): void;
  resetSalesImport(): void;
  /** Stages the file and dispatches `inventory.importItems`; resolves `true` when it ran. */
  importItems(request: { file: File; delimiter: Delimiter; mapping: ItemsMapping }): Promise<boolean>;
  resetItemsImport(): void;
}

export type ImportSlice = ImportState & ImportActions;

const idleSales: SalesImportState = { status: 'idle', fileName: null, progress: null, summary: null, error: null, startedAt: null };
const idleItems: ItemsImportState = { status: 'idle', fileName: null, result: null, error: null };

export const importInitialState: ImportState = { salesImport: idleSales, itemsImport: idleItems };

/** The import slice over `api`. */
export function createImportSlice(api: ValhallaApi): SliceCreator<ImportSlice> {
  return (set, get) => {
    const patchSales = (patch: Partial<SalesImportState>) => set({ salesImport: { ...get().salesImport, ...patch } });
    const patchItems = (patch: Partial<ItemsImportState>) => set({ itemsImport: { ...get().itemsImport, ...patch } });

    return {
      ...importInitialState,

      async importSales({ file, opening, shiftToToday }) {
        if (get().salesImport.status === 'staging' || get().salesImport.status === 'running') return false;
        set({ salesImport: { ...idleSales, status: 'staging', fileName: file.name, startedAt: Date.now() } });
        const staged = await api.stageFile(file);
        if (!staged.ok) {
          patchSales({ status: 'failed', error: staged.error });
          return false;
        }
        let openingParams: ActionInput<'inventory.importSales'>['opening'];
        if (opening.mode === 'stockCount') {
          const count = await api.stageFile(opening.file);
          if (!count.ok) {
            patchSales({ status: 'failed', error: { ...count.error, message: `The stock-count file: ${count.error.message}` } });
            return false;
          }
          openingParams = { mode: 'stockCount', fileSha256: count.value.sha256 };
        } else {
          openingParams = opening;
        }
        patchSales({ status: 'running' });
        const result = await get().execute(
          'inventory.importSales',
          { fileSha256: staged.value.sha256, fileName: file.name, opening: openingParams, shiftToToday },
          { announceFailure: false },
        );
        if (!result.ok) {
          patchSales({ status: 'failed', error: result.error });
          return false;
        }
        patchSales({ status: 'done', summary: result.value.result });
        return true;
      },

      onJobProgress(progress) {
        if (progress.action === 'inventory.importSales' && get().salesImport.status === 'running') patchSales({ progress });
      },

      resetSalesImport() {
        const status = get().salesImport.status;
        if (status !== 'staging' && status !== 'running') set({ salesImport: idleSales });
      },

      async importItems({ file, delimiter, mapping }) {
        if (get().itemsImport.status === 'staging' || get().itemsImport.status === 'running') return false;
        set({ itemsImport: { ...idleItems, status: 'staging', fileName: file.name } });
        const staged = await api.stageFile(file);
        if (!staged.ok) {
          patchItems({ status: 'failed', error: staged.error });
          return false;
        }
        patchItems({ status: 'running' });
        const result = await get().execute('inventory.importItems', { fileSha256: staged.value.sha256, delimiter, mapping }, { announceFailure: false });
        if (!result.ok) {
          patchItems({ status: 'failed', error: result.error });
          return false;
        }
        patchItems({ status: 'done', result: result.value.result });
        return true;
      },

      resetItemsImport() {
        const status = get().itemsImport.status;
        if (status !== 'staging' && status !== 'running') set({ itemsImport: idleItems });
      },
    };
  };
}

export const importSelectors = {
  /** Whether a sales import is under way (staging or running). */
  salesBusy: (s: AppState) => s.salesImport.status === 'staging' || s.salesImport.status === 'running',
  /**
   * Progress as a fraction 0–1 of the reading phase, or `null` when the total is unknown
   * (the engine estimates it from the bytes read, so it may grow while reading).
   */
  fraction(progress: JobProgress | null): number | null {
    if (!progress || progress.total === null || progress.total <= 0) return null;
    return Math.min(1, progress.done / progress.total);
  },
};
