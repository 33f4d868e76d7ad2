/** Which screen is shown. State-based routing: the console is one window with a handful of screens. */
import { mayDispatch, mayQuery, type ActionName, type QueryName } from '../../../shared/contract';
import type { Role } from '../../../shared/domain/roles';
import type { SliceCreator } from '../../store/types';

/**
 * The screens, each with the query it cannot work without (to hide what a role may not
 * read) and, for a screen that only acts, the action it exists for.
 */
export const ROUTES = [
  { id: 'ops', label: 'Ops board', needs: 'opsboard.summary' },
  { id: 'inventory', label: 'Inventory', needs: 'inventory.items' },
  { id: 'import', label: 'Import', needs: 'inventory.items', acts: 'inventory.importSales' },
  { id: 'shopping', label: 'Shopping', needs: 'shopping.list' },
  { id: 'automations', label: 'Automations', needs: 'recommendations.list' },
  { id: 'schedule', label: 'Schedule', needs: 'schedule.upcoming' },
  { id: 'bills', label: 'Bills', needs: 'bills.list' },
  { id: 'receipts', label: 'Receipts', needs: 'receipts.list' },
  { id: 'ledger', label: 'Ledger', needs: 'ledger.accounts' },
  { id: 'purchases', label: 'Purchases', needs: 'purchases.list' },
  { id: 'approvals', label: 'Approvals', needs: 'approvals.list' },
  { id: 'caps', label: 'Caps and bands', needs: 'caps.usage' },
  { id: 'playbooks', label: 'Playbooks', needs: 'playbooks.list' },
  { id: 'sessions', label: 'Sessions', needs: 'sessions.list' },
  { id: 'decisions', label: 'Decisions', needs: 'decisions.list' },
  { id: 'audit', label: 'Audit log', needs: 'audit.list' },
  { id: 'reports', label: 'Reports', needs: 'reports.list' },
  { id: 'backups', label: 'Backups', needs: 'backup.status' },
  { id: 'scheduler', label: 'Scheduler', needs: 'scheduler.jobs' },
  { id: 'operators', label: 'Operators', needs: 'permissions.matrix' },
  { id: 'settings', label: 'Settings', needs: 'settings.get' },
  { id: 'about', label: 'About', needs: 'installation.key' },
] as const satisfies readonly { id: string; label: string; needs: QueryName; acts?: ActionName }[];

export type RouteId = (typeof ROUTES)[number]['id'];
export type Route = (typeof ROUTES)[number];

export interface NavigationState {
  route: RouteId;
}

export interface NavigationActions {
  navigate(route: RouteId): void;
}

export type NavigationSlice = NavigationState & NavigationActions;

export const navigationInitialState: NavigationState = { route: 'ops' };

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  ...navigationInitialState,
  navigate: (route) => set({ route }),
});

/** Whether `route` (e.g. a notification's or an alert group's, as the engine names it) is a screen of this build. */
export function isRouteId(route: string | null | undefined): route is RouteId {
  return ROUTES.some((r) => r.id === route);
}

export const navigationSelectors = {
  /**
   * The screens `role` may open (all while no operator is known). Only a convenience:
   * main refuses the queries and actions behind a hidden screen anyway.
   */
  routesFor(role: Role | null | undefined): Route[] {
    return ROUTES.filter((r) => !role || (mayQuery(role, r.needs) && (!('acts' in r) || mayDispatch(role, r.acts))));
  },
  /** The route to show: the chosen one if `role` may open it, else the ops board. */
  effectiveRoute(route: RouteId, role: Role | null | undefined): RouteId {
    return navigationSelectors.routesFor(role).some((r) => r.id === route) ? route : 'ops';
  },
};
