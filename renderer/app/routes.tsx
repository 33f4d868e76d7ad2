/**
 * The screen for each route of the navigation. The ops board (the first screen) is in the
 * main bundle; every other screen is its own chunk, loaded when first opened (from the app's
 * own files: no network), so start-up parses only what the first screen needs.
 */
import { lazy, type ComponentType } from 'react';
import { OpsBoard } from '../features/governance/OpsBoard';
import type { RouteId } from '../features/navigation/slice';

/** A lazily loaded named export. */
function screen<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): ComponentType {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const SCREENS: Record<RouteId, ComponentType> = {
  ops: OpsBoard,
  inventory: screen(() => import('../features/inventory/InventoryScreen'), (m) => m.InventoryScreen),
  import: screen(() => import('../features/inventory/ImportScreen'), (m) => m.ImportScreen),
  shopping: screen(() => import('../features/shopping/ShoppingScreen'), (m) => m.ShoppingScreen),
  automations: screen(() => import('../features/automations/AutomationsScreen'), (m) => m.AutomationsScreen),
  schedule: screen(() => import('../features/schedule/ScheduleScreen'), (m) => m.ScheduleScreen),
  bills: screen(() => import('../features/bills/BillsScreen'), (m) => m.BillsScreen),
  receipts: screen(() => import('../features/receipts/ReceiptsScreen'), (m) => m.ReceiptsScreen),
  ledger: screen(() => import('../features/ledger/LedgerScreen'), (m) => m.LedgerScreen),
  purchases: screen(() => import('../features/spending/PurchasesScreen'), (m) => m.PurchasesScreen),
  approvals: screen(() => import('../features/spending/ApprovalsScreen'), (m) => m.ApprovalsScreen),
  caps: screen(() => import('../features/spending/CapsScreen'), (m) => m.CapsScreen),
  playbooks: screen(() => import('../features/playbooks/PlaybooksScreen'), (m) => m.PlaybooksScreen),
  sessions: screen(() => import('../features/sessions/SessionsScreen'), (m) => m.SessionsScreen),
  decisions: screen(() => import('../features/decisions/DecisionsScreen'), (m) => m.DecisionsScreen),
  audit: screen(() => import('../features/audit/AuditScreen'), (m) => m.AuditScreen),
  reports: screen(() => import('../features/reports/ReportsScreen'), (m) => m.ReportsScreen),
  backups: screen(() => import('../features/backups/BackupsScreen'), (m) => m.BackupsScreen),
  scheduler: screen(() => import('../features/scheduler/SchedulerScreen'), (m) => m.SchedulerScreen),
  operators: screen(() => import('../features/operators/OperatorsScreen'), (m) => m.OperatorsScreen),
  settings: screen(() => import('../features/settings/SettingsScreen'), (m) => m.SettingsScreen),
  about: screen(() => import('../features/about/AboutScreen'), (m) => m.AboutScreen),
};
