/**
 * The console's zustand store, built from the feature slices over one `ValhallaApi`.
 * It subscribes to `db.changed` (refetch what is loaded), to `job.progress` (a running
 * import's, export's or backup's progress) and to the connection state (refetch after a reconnect). Nothing
 * here is persisted: the database owns the data.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ValhallaApi } from '../../shared/contract';
import type { Transport } from '../api/transport';
import { createAboutSlice } from '../features/about/slice';
import { createAutomationsSlice } from '../features/automations/slice';
import { createAuditSlice } from '../features/audit/slice';
import { createBackupsSlice } from '../features/backups/slice';
import { createBillsSlice } from '../features/bills/slice';
import { createConnectionSlice } from '../features/connection/slice';
import { createDecisionsSlice } from '../features/decisions/slice';
import { createCommandsSlice } from '../features/dispatch/slice';
import { createForecastSlice } from '../features/forecast/slice';
import { createGovernanceSlice } from '../features/governance/slice';
import { createImportSlice } from '../features/inventory/importSlice';
import { createItemSlice } from '../features/inventory/itemSlice';
import { createInventorySlice } from '../features/inventory/slice';
import { createLedgerSlice } from '../features/ledger/slice';
import { createStatementImportSlice } from '../features/ledger/statementSlice';
import { createNavigationSlice } from '../features/navigation/slice';
import { createNotificationsSlice } from '../features/notifications/slice';
import { createOperatorsSlice } from '../features/operators/slice';
import { createPlaybooksSlice } from '../features/playbooks/slice';
import { createReceiptsSlice } from '../features/receipts/slice';
import { createCaptureSlice } from '../features/receipts/captureSlice';
import { createReportsSlice } from '../features/reports/slice';
import { createScheduleSlice } from '../features/schedule/slice';
import { createSchedulerSlice } from '../features/scheduler/slice';
import { createSessionsSlice } from '../features/sessions/slice';
import { createSettingsSlice } from '../features/settings/slice';
import { createSetupSlice } from '../features/setup/slice';
import { createShoppingSlice } from '../features/shopping/slice';
import { createSpendingSlice } from '../features/spending/slice';
import type { AppState } from './types';

export type { AppState } from './types';
export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  api: ValhallaApi;
  connection?: Pick<Transport, 'status' | 'onStatus'>;
  /** A setup problem of the client (no token), shown instead of the connection state. */
  problem?: string | null;
}

/** Creates the store and wires its subscriptions; `dispose` removes them. */
export function createAppStore(deps: StoreDeps): AppStore & { dispose(): void } {
  const { api } = deps;
  const store = createStore<AppState>()((...a) => ({
    ...createConnectionSlice(deps.problem ?? null)(...a),
    ...createNavigationSlice(...a),
    ...createSetupSlice(api)(...a),
    ...createGovernanceSlice(api)(...a),
    ...createOperatorsSlice(api)(...a),
    ...createDecisionsSlice(api)(...a),
    ...createAuditSlice(api)(...a),
    ...createCommandsSlice(api)(...a),
    ...createInventorySlice(api)(...a),
    ...createItemSlice(api)(...a),
    ...createImportSlice(api)(...a),
    ...createForecastSlice(api)(...a),
    ...createSpendingSlice(api)(...a),
    ...createReceiptsSlice(api)(...a),
    ...createCaptureSlice(api)(...a),
    ...createLedgerSlice(api)(...a),
    ...createStatementImportSlice(api)(...a),
    ...createPlaybooksSlice(api)(...a),
    ...createSessionsSlice(api)(...a),
    ...createReportsSlice(api)(...a),
    ...createBackupsSlice(api)(...a),
    ...createSchedulerSlice(api)(...a),
    ...createShoppingSlice(api)(...a),
    ...createScheduleSlice(api)(...a),
    ...createBillsSlice(api)(...a),
    ...createNotificationsSlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createAboutSlice(api)(...a),
    ...createAutomationsSlice(api)(...a),
  }));

  const unsubscribers: (() => void)[] = [];
  unsubscribers.push(
    api.on('db.changed', ({ tables, items }) => {
      void store.getState().refresh();
      void store.getState().refreshInventory(tables, items);
      void store.getState().refreshSpending(tables);
      void store.getState().refreshReceipts(tables);
      void store.getState().refreshLedger(tables);
      void store.getState().refreshPlaybooks(tables);
      void store.getState().refreshSessions(tables);
      void store.getState().refreshReports(tables);
      void store.getState().refreshBackups(tables);
      void store.getState().refreshScheduler(tables);
      void store.getState().refreshShopping(tables);
      void store.getState().refreshSchedule(tables);
      void store.getState().refreshBills(tables);
      void store.getState().refreshNotifications(tables);
      void store.getState().refreshSettings(tables);
      void store.getState().refreshAutomations(tables);
    }),
  );
  unsubscribers.push(
    api.on('job.progress', (progress) => {
      store.getState().onJobProgress(progress);
      store.getState().onReceiptsJobProgress(progress);
      store.getState().onStatementJobProgress(progress);
      store.getState().onReportsJobProgress(progress);
      store.getState().onBackupJobProgress(progress);
    }),
  );
  if (deps.connection) {
    const connection = deps.connection;
    store.getState().setConnection(connection.status());
    // The app (which has a connection): once onboarding is known to be done, the household
    // settings load, and with them the stored theme and locale apply (settings slice).
    unsubscribers.push(
      store.subscribe((s) => {
        if (s.setup.data?.initialized && s.settings.status === 'idle') void s.loadSettings();
      }),
    );
    unsubscribers.push(
      connection.onStatus((status) => {
        const wasConnected = store.getState().everConnected;
        store.getState().setConnection(status);
        // After a drop, whatever was shown may be stale.
        if (status === 'open' && wasConnected) {
          void store.getState().refresh();
          void store.getState().refreshInventory();
          void store.getState().refreshSpending();
          void store.getState().refreshReceipts();
          void store.getState().refreshLedger();
          void store.getState().refreshPlaybooks();
          void store.getState().refreshSessions();
          void store.getState().refreshReports();
          void store.getState().refreshBackups();
          void store.getState().refreshScheduler();
          void store.getState().refreshShopping();
          void store.getState().refreshAutomations();
          void store.getState().refreshSchedule();
          void store.getState().refreshBills();
          void store.getState().refreshNotifications();
          void store.getState().refreshSettings();
        }
      }),
    );
  } else {
    store.getState().setConnection('open');
  }

  return Object.assign(store, {
    dispose() {
      for (const off of unsubscribers.splice(0)) off();
    },
  });
}
