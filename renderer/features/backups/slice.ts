/**
 * Backups in the console (DOMAIN.md "Alerts, notifications, ops board, reports"): the
 * folder, the last backup's age, the history and retention (`backup.status`); "Back up
 * now" (`backup.run`, a long action followed through `job.progress`); and a restore: the
 * file read first (`backup.inspect`), then `backup.restore` with a reason, which backs up
 * the current state before replacing it. Kept in the store, so leaving the screen while a
 * backup runs and coming back shows where it is.
 */
import { actionSpec, type ActionOutput, type ApiError, type BackupPreview, type BackupStatus, type ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { describeFailure, issuesToFieldErrors, type FieldErrors } from '../dispatch/failure';
import type { JobProgress } from '../inventory/importSlice';
import { coalescedRefresh } from '../spending/refresh';

export type BackupRunResult = ActionOutput<'backup.run'>;
export type RestoreResult = ActionOutput<'backup.restore'>;

export interface BackupRunJob {
  status: 'idle' | 'running' | 'done' | 'failed';
  progress: JobProgress | null;
  result: BackupRunResult | null;
  error: ApiError | null;
}

/** The restore dialog: the file, what it holds, and the restore's progress and outcome. */
export interface RestoreState {
  /** The backup file being restored (`null`: the dialog is closed). */
  path: string | null;
  preview: Loadable<BackupPreview>;
  status: 'idle' | 'running' | 'done' | 'failed';
  /** Field errors (`reason`, `path`) from the contract's rules or the engine. */
  fieldErrors: FieldErrors;
  progress: JobProgress | null;
  result: RestoreResult | null;
  error: ApiError | null;
}

export interface BackupsState {
  backupStatus: Loadable<BackupStatus>;
  backupRun: BackupRunJob;
  restore: RestoreState;
}

export interface BackupsActions {
  loadBackupStatus(): Promise<void>;
  /** Dispatches `backup.run` to the configured folder; resolves `true` when the backup was written and verified. */
  runBackup(): Promise<boolean>;
  /** Clears a finished backup's result or failure; not while one runs. */
  resetBackupRun(): void;
  /** Opens the restore dialog for the backup at `path` and reads what it holds (`backup.inspect`). */
  openRestore(path: string): Promise<void>;
  /** Closes the restore dialog; not while the restore runs. */
  closeRestore(): void;
  /** Restores the open backup with `reason` (checked by the contract's rule first); resolves `true` when restored. */
  restoreBackup(reason: string): Promise<boolean>;
  /** Takes a `job.progress` event (subscribed in the store) while a backup or a restore runs. */
  onBackupJobProgress(progress: JobProgress): void;
  /** Refetches what is loaded when `tables` (from `db.changed`) touch it (all with none). */
  refreshBackups(tables?: readonly string[]): Promise<void>;
}

export type BackupsSlice = BackupsState & BackupsActions;

const idleRun: BackupRunJob = { status: 'idle', progress: null, result: null, error: null };
const closedRestore: RestoreState = { path: null, preview: idle(), status: 'idle', fieldErrors: {}, progress: null, result: null, error: null };

export const backupsInitialState: BackupsState = { backupStatus: idle(), backupRun: idleRun, restore: closedRestore };

/** Tables whose change alters the status: the backups themselves and the folder setting. */
const BACKUP_TABLES = ['backups', 'settings'];

/** The backups slice over `api`. */
export function createBackupsSlice(api: ValhallaApi): SliceCreator<BackupsSlice> {
  let inspectRequest = 0;
  return (set, get) => {
    const refresh = coalescedRefresh(async (tables) => {
      const s = get();
      if (s.backupStatus.status !== 'idle' && (tables === null || BACKUP_TABLES.some((t) => tables.has(t)))) await s.loadBackupStatus();
    });
    const patchRun = (patch: Partial<BackupRunJob>) => set({ backupRun: { ...get().backupRun, ...patch } });
    const patchRestore = (patch: Partial<RestoreState>) => set({ restore: { ...get().restore, ...patch } });

    return {
      ...backupsInitialState,

      async loadBackupStatus() {
        set({ backupStatus: loading(get().backupStatus) });
        set({ backupStatus: settled(await api.query('backup.status', {})) });
      },

      async runBackup() {
        if (get().backupRun.status === 'running') return false;
        set({ backupRun: { ...idleRun, status: 'running' } });
        const result = await get().execute('backup.run', {}, { announceFailure: false });
        if (!result.ok) {
          patchRun({ status: 'failed', error: result.error });
          return false;
        }
        patchRun({ status: 'done', result: result.value.result });
        return true;
      },

      resetBackupRun() {
        if (get().backupRun.status !== 'running') set({ backupRun: idleRun });
      },

      async openRestore(path) {
        if (get().restore.status === 'running') return;
        const request = ++inspectRequest;
        set({ restore: { ...closedRestore, path, preview: { data: null, status: 'loading', error: null } } });
        const result = await api.query('backup.inspect', { path });
        if (request === inspectRequest && get().restore.path === path) patchRestore({ preview: settled(result) });
      },

      closeRestore() {
        if (get().restore.status === 'running') return;
        inspectRequest += 1;
        set({ restore: closedRestore });
      },

      async restoreBackup(reason) {
        const { path, status, preview } = get().restore;
        if (path === null || status === 'running' || preview.status !== 'ready') return false;
        const check = actionSpec('backup.restore').input.safeParse({ path, reason });
        if (!check.success) {
          patchRestore({ fieldErrors: issuesToFieldErrors(check.error.issues), error: null, status: 'idle' });
          return false;
        }
        patchRestore({ status: 'running', fieldErrors: {}, error: null, progress: null });
        const result = await get().execute('backup.restore', check.data as { path: string; reason: string }, { announceFailure: false });
        if (!result.ok) {
          patchRestore({ status: 'failed', error: result.error, fieldErrors: describeFailure(result.error).fieldErrors });
          return false;
        }
        patchRestore({ status: 'done', result: result.value.result });
        // every table changed: `db.changed` refetches what is shown, the status included
        void get().loadBackupStatus();
        return true;
      },

      onBackupJobProgress(progress) {
        if (progress.action === 'backup.run' && get().backupRun.status === 'running') patchRun({ progress });
        if (progress.action === 'backup.restore' && get().restore.status === 'running') patchRestore({ progress });
      },

      refreshBackups(tables) {
        return refresh(tables);
      },
    };
  };
}

/** Whether the last backup is fresh, too old, missing, or not set up (no folder). */
export type BackupFreshness = 'fresh' | 'stale' | 'none' | 'unconfigured';

export const backupsSelectors = {
  runBusy: (s: AppState) => s.backupRun.status === 'running',
  restoreBusy: (s: AppState) => s.restore.status === 'running',
  /**
   * How fresh the backups are: `stale` past `staleAfterDays` since the last verified one
   * (health turns yellow then, DOMAIN.md "Health"), `none` with a folder but no backup yet,
   * `unconfigured` with neither.
   */
  freshness(status: BackupStatus): BackupFreshness {
    if (status.ageDays === null) return status.folder ? 'none' : 'unconfigured';
    return status.ageDays > status.staleAfterDays ? 'stale' : 'fresh';
  },
};
