/** Which screen is shown. State-based routing: the console is one window with four screens. */
import type { AppState, SliceCreator } from '../../store/types';

export const ROUTES = [
  { id: 'ops', label: 'Ops board' },
  { id: 'decisions', label: 'Decisions' },
  { id: 'audit', label: 'Audit log' },
  { id: 'operators', label: 'Operators' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

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
  route: (s: AppState) => s.route,
  routeLabel: (s: AppState) => ROUTES.find((r) => r.id === s.route)?.label ?? '',
};
