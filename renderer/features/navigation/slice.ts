/** Which screen is shown. State-based routing: the console is one window with four screens. */
import { mayQuery, type QueryName } from '../../../shared/contract';
import type { Role } from '../../../shared/domain/roles';
import type { SliceCreator } from '../../store/types';

/** The screens, each with the query it cannot work without (to hide what a role may not read). */
export const ROUTES = [
  { id: 'ops', label: 'Ops board', needs: 'opsboard.summary' },
  { id: 'decisions', label: 'Decisions', needs: 'decisions.list' },
  { id: 'audit', label: 'Audit log', needs: 'audit.list' },
  { id: 'operators', label: 'Operators', needs: 'permissions.matrix' },
] as const satisfies readonly { id: string; label: string; needs: QueryName }[];

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

export const navigationSelectors = {
  /**
   * The screens `role` may open (all while no operator is known). Only a convenience:
   * main refuses the queries behind a hidden screen anyway.
   */
  routesFor(role: Role | null | undefined): Route[] {
    return ROUTES.filter((r) => !role || mayQuery(role, r.needs));
  },
  /** The route to show: the chosen one if `role` may open it, else the ops board. */
  effectiveRoute(route: RouteId, role: Role | null | undefined): RouteId {
    return navigationSelectors.routesFor(role).some((r) => r.id === route) ? route : 'ops';
  },
};
