/**
 * The permission matrix, role × call, as data (DOMAIN.md "Operators and roles").
 * Typed as a total record, so a new action or query without an entry does not compile.
 * `setup.initialize` has no roles: it is allowed only while no operator exists.
 */
import type { Role } from '../domain/roles';
import type { ActionName } from './actions';
import type { QueryName } from './queries';

const OPERATING: readonly Role[] = ['owner', 'admin', 'approver', 'bookkeeper', 'buyer', 'staff'];
const READERS: readonly Role[] = ['owner', 'admin', 'approver', 'bookkeeper', 'buyer', 'staff', 'auditor'];
const EVERYONE: readonly Role[] = [...READERS, 'guest'];

export const ACTION_PERMISSIONS: Record<ActionName, readonly Role[]> = {
  'setup.initialize': [],
  'operators.create': ['owner', 'admin'],
  'operators.switch': EVERYONE,
  'governance.setGoLive': ['owner', 'admin'],
  'governance.setBand': ['owner', 'admin'],
  'governance.engageKillSwitch': OPERATING,
  'governance.releaseKillSwitch': ['owner'],
  'alerts.acknowledge': OPERATING,
};

export const QUERY_PERMISSIONS: Record<QueryName, readonly Role[]> = {
  'setup.status': EVERYONE,
  'governance.state': EVERYONE,
  'operators.list': EVERYONE,
  'permissions.matrix': READERS,
  'decisions.list': READERS,
  'decisions.get': READERS,
  'decisions.diff': READERS,
  'audit.list': READERS,
  'audit.verify': READERS,
  'alerts.list': READERS,
  'opsboard.summary': EVERYONE,
};

/** Whether `role` may run `action` (pure; the dispatcher is the one that enforces it). */
export function mayDispatch(role: Role, action: ActionName): boolean {
  return ACTION_PERMISSIONS[action].includes(role);
}

/** Whether `role` may read `query`. */
export function mayQuery(role: Role, query: QueryName): boolean {
  return QUERY_PERMISSIONS[query].includes(role);
}
