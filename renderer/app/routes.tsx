/** The screen for each route of the navigation. */
import type { ComponentType } from 'react';
import { AuditScreen } from '../features/audit/AuditScreen';
import { DecisionsScreen } from '../features/decisions/DecisionsScreen';
import { OpsBoard } from '../features/governance/OpsBoard';
import { ImportScreen } from '../features/inventory/ImportScreen';
import { InventoryScreen } from '../features/inventory/InventoryScreen';
import { LedgerScreen } from '../features/ledger/LedgerScreen';
import type { RouteId } from '../features/navigation/slice';
import { OperatorsScreen } from '../features/operators/OperatorsScreen';
import { PlaybooksScreen } from '../features/playbooks/PlaybooksScreen';
import { ReceiptsScreen } from '../features/receipts/ReceiptsScreen';
import { SessionsScreen } from '../features/sessions/SessionsScreen';
import { ApprovalsScreen } from '../features/spending/ApprovalsScreen';
import { CapsScreen } from '../features/spending/CapsScreen';
import { PurchasesScreen } from '../features/spending/PurchasesScreen';

export const SCREENS: Record<RouteId, ComponentType> = {
  ops: OpsBoard,
  inventory: InventoryScreen,
  import: ImportScreen,
  receipts: ReceiptsScreen,
  ledger: LedgerScreen,
  purchases: PurchasesScreen,
  approvals: ApprovalsScreen,
  caps: CapsScreen,
  playbooks: PlaybooksScreen,
  sessions: SessionsScreen,
  decisions: DecisionsScreen,
  audit: AuditScreen,
  operators: OperatorsScreen,
};
