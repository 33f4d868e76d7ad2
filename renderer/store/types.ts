/**
 * The store's full state: the intersection of the feature slices. Each slice declares its
 * state and its actions as separate types and is created by a `SliceCreator`.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AboutSlice } from '../features/about/slice';
import type { AuditSlice } from '../features/audit/slice';
import type { AutomationsSlice } from '../features/automations/slice';
import type { BackupsSlice } from '../features/backups/slice';
import type { BillsSlice } from '../features/bills/slice';
import type { ConnectionSlice } from '../features/connection/slice';
import type { DecisionsSlice } from '../features/decisions/slice';
import type { CommandsSlice } from '../features/dispatch/slice';
import type { ForecastSlice } from '../features/forecast/slice';
import type { GovernanceSlice } from '../features/governance/slice';
import type { ImportSlice } from '../features/inventory/importSlice';
import type { ItemSlice } from '../features/inventory/itemSlice';
import type { InventorySlice } from '../features/inventory/slice';
import type { LedgerSlice } from '../features/ledger/slice';
import type { StatementImportSlice } from '../features/ledger/statementSlice';
import type { NavigationSlice } from '../features/navigation/slice';
import type { NotificationsSlice } from '../features/notifications/slice';
import type { OperatorsSlice } from '../features/operators/slice';
import type { PlaybooksSlice } from '../features/playbooks/slice';
import type { ReceiptsSlice } from '../features/receipts/slice';
import type { CaptureSlice } from '../features/receipts/captureSlice';
import type { ReportsSlice } from '../features/reports/slice';
import type { ScheduleSlice } from '../features/schedule/slice';
import type { SchedulerSlice } from '../features/scheduler/slice';
import type { SessionsSlice } from '../features/sessions/slice';
import type { SettingsSlice } from '../features/settings/slice';
import type { SetupSlice } from '../features/setup/slice';
import type { ShoppingSlice } from '../features/shopping/slice';
import type { SpendingSlice } from '../features/spending/slice';

export type AppState = ConnectionSlice &
  NavigationSlice &
  SetupSlice &
  GovernanceSlice &
  OperatorsSlice &
  DecisionsSlice &
  AuditSlice &
  CommandsSlice &
  InventorySlice &
  ItemSlice &
  ImportSlice &
  ForecastSlice &
  SpendingSlice &
  ReceiptsSlice &
  CaptureSlice &
  LedgerSlice &
  StatementImportSlice &
  PlaybooksSlice &
  SessionsSlice &
  ReportsSlice &
  BackupsSlice &
  SchedulerSlice &
  ShoppingSlice &
  ScheduleSlice &
  BillsSlice &
  NotificationsSlice &
  SettingsSlice &
  AboutSlice &
  AutomationsSlice;

/** Creates one slice of `AppState` (state, actions) with access to the whole store. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
