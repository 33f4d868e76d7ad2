/** Operator profiles and the role × action permission matrix. */
import type { Operator, QueryOutput, ValhallaApi } from '../../../shared/contract';
import type { Role } from '../../../shared/domain/roles';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type PermissionMatrix = QueryOutput<'permissions.matrix'>;

export interface OperatorsState {
  operators: Loadable<Operator[]>;
  matrix: Loadable<PermissionMatrix>;
}

export interface OperatorsActions {
  loadOperators(): Promise<void>;
  loadMatrix(): Promise<void>;
}

export type OperatorsSlice = OperatorsState & OperatorsActions;

export const operatorsInitialState: OperatorsState = { operators: idle(), matrix: idle() };

/** The operators slice over `api`. */
export function createOperatorsSlice(api: ValhallaApi): SliceCreator<OperatorsSlice> {
  return (set, get) => ({
    ...operatorsInitialState,
    async loadOperators() {
      set({ operators: loading(get().operators) });
      set({ operators: settled(await api.query('operators.list', {})) });
    },
    async loadMatrix() {
      set({ matrix: loading(get().matrix) });
      set({ matrix: settled(await api.query('permissions.matrix', {})) });
    },
  });
}

/** One row of the permission matrix as shown: a call and, per role, whether it is allowed. */
export interface MatrixRow {
  name: string;
  summary: string;
  kind: 'action' | 'query';
  /** `observe | sandbox | prod` for actions, `null` for queries. */
  execClass: string | null;
  exempt: boolean;
  allowed: Record<string, boolean>;
}

const NO_OPERATORS: Operator[] = [];

export const operatorsSelectors = {
  /** The operators (a stable empty array while none are loaded, so `useShallow` settles). */
  list: (s: AppState) => s.operators.data ?? NO_OPERATORS,

  /** The matrix as rows (actions first, then queries), each with one boolean per role. */
  matrixRows(matrix: PermissionMatrix | null): MatrixRow[] {
    if (!matrix) return [];
    const allowed = (roles: readonly Role[]) => Object.fromEntries(matrix.roles.map((r) => [r, roles.includes(r)]));
    return [
      ...matrix.actions.map((a) => ({ name: a.name, summary: a.summary, kind: 'action' as const, execClass: a.execClass, exempt: a.exempt, allowed: allowed(a.roles) })),
      ...matrix.queries.map((q) => ({ name: q.name, summary: q.summary, kind: 'query' as const, execClass: null, exempt: false, allowed: allowed(q.roles) })),
    ];
  },
};
