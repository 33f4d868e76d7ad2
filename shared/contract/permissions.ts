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
/** Who keeps the stock: catalogue edits and stock moves. */
const STOCKKEEPERS: readonly Role[] = ['owner', 'admin', 'buyer', 'staff'];

export const ACTION_PERMISSIONS: Record<ActionName, readonly Role[]> = {
  'setup.initialize': [],
  'operators.create': ['owner', 'admin'],
  'operators.switch': EVERYONE,
  'governance.setGoLive': ['owner', 'admin'],
  'governance.setBand': ['owner', 'admin'],
  'governance.engageKillSwitch': OPERATING,
  'governance.releaseKillSwitch': ['owner'],
  'alerts.acknowledge': OPERATING,
  'inventory.createLocation': STOCKKEEPERS,
  'inventory.archiveLocation': ['owner', 'admin'],
  'inventory.createItem': STOCKKEEPERS,
  'inventory.updateItem': STOCKKEEPERS,
  'inventory.archiveItem': ['owner', 'admin', 'buyer'],
  'inventory.record': STOCKKEEPERS,
  'inventory.consume': STOCKKEEPERS,
  'inventory.outOf': STOCKKEEPERS,
  'inventory.adjust': STOCKKEEPERS,
  'inventory.transfer': STOCKKEEPERS,
  'inventory.undoEntry': ['owner', 'admin', 'buyer'],
  'inventory.importSales': ['owner', 'admin'],
  'inventory.importItems': ['owner', 'admin'],
  'approvals.request': ['owner', 'admin', 'approver', 'bookkeeper', 'buyer', 'staff'],
  // who may decide; separation of duties (not one's own request) is checked by the handler
  'approvals.decide': ['owner', 'admin', 'approver'],
  'approvals.cancel': ['owner', 'admin', 'approver', 'bookkeeper', 'buyer', 'staff'],
  'approvals.expire': ['owner', 'admin'],
  'caps.setPolicy': ['owner', 'admin'],
  'caps.override': ['owner'],
  'governance.setBandPolicy': ['owner'],
  'governance.setActionMinBand': ['owner'],
  'purchases.create': ['owner', 'admin', 'buyer', 'staff', 'bookkeeper'],
  'purchases.update': ['owner', 'admin', 'buyer', 'staff', 'bookkeeper'],
  'purchases.advance': ['owner', 'admin', 'approver', 'buyer', 'bookkeeper'],
  'purchases.execute': ['owner', 'admin', 'buyer'],
  'receipts.create': ['owner', 'admin', 'bookkeeper', 'buyer', 'staff'],
  'receipts.update': ['owner', 'admin', 'bookkeeper', 'buyer', 'staff'],
  'receipts.void': ['owner', 'admin', 'bookkeeper'],
  'receipts.merge': ['owner', 'admin', 'bookkeeper'],
  'receipts.dismissDuplicate': ['owner', 'admin', 'bookkeeper'],
  'receipts.completeMany': ['owner', 'admin', 'bookkeeper', 'buyer', 'staff'],
  'receipts.renameCategory': ['owner', 'admin', 'bookkeeper'],
  'receipts.importSroie': ['owner', 'admin', 'bookkeeper'],
  'receipts.importCsv': ['owner', 'admin', 'bookkeeper'],
  'ledger.createAccount': ['owner', 'admin', 'bookkeeper'],
  'ledger.record': ['owner', 'admin', 'bookkeeper'],
  'ledger.categorize': ['owner', 'admin', 'bookkeeper'],
  'ledger.importStatement': ['owner', 'admin', 'bookkeeper'],
  'reconcile.accept': ['owner', 'admin', 'bookkeeper'],
  'reconcile.reject': ['owner', 'admin', 'bookkeeper'],
  // definitions (built-ins included) are owner/admin's; running them is everyone's work
  'playbooks.define': ['owner', 'admin'],
  'playbooks.start': OPERATING,
  // the step with the enableExecution effect also needs governance.setGoLive's roles (handler)
  'playbooks.completeStep': OPERATING,
  'playbooks.skipStep': OPERATING,
  'playbooks.abandon': OPERATING,
  'sessions.start': OPERATING,
  'sessions.end': OPERATING,
  // the auditor's one action: exporting is reading (DOMAIN.md: "auditor (read everything, export, change nothing)")
  'reports.exportAudit': ['owner', 'admin', 'approver', 'bookkeeper', 'auditor'],
  'backup.configure': ['owner', 'admin'],
  'backup.run': ['owner', 'admin', 'bookkeeper'],
  'backup.restore': ['owner'],
  'audit.check': READERS,
  'shopping.add': STOCKKEEPERS,
  'shopping.quickAdd': STOCKKEEPERS,
  'shopping.update': STOCKKEEPERS,
  'shopping.cancel': STOCKKEEPERS,
  // buying is spending: the purchase roles, and household members who do the shopping
  'shopping.bought': ['owner', 'admin', 'buyer', 'staff'],
  'shopping.generateFromInventory': ['owner', 'admin', 'buyer'],
  'shopping.generateFromNeeds': ['owner', 'admin', 'buyer'],
  'schedule.create': OPERATING,
  'schedule.update': OPERATING,
  'schedule.archive': ['owner', 'admin', 'bookkeeper'],
  'schedule.complete': OPERATING,
  'schedule.skip': OPERATING,
  'bills.create': ['owner', 'admin', 'bookkeeper'],
  'bills.pay': ['owner', 'admin', 'bookkeeper'],
  // the scheduler's own actions run as system; an owner or admin may run them by hand
  'scheduler.dailyTick': ['owner', 'admin'],
  'scheduler.runNow': ['owner', 'admin'],
  'health.check': ['owner', 'admin'],
  'alerts.acknowledgeGroup': OPERATING,
  'notifications.markRead': OPERATING,
  'settings.update': ['owner', 'admin'],
  // money is stored in the household currency's minor units; the time zone moves every household day
  'settings.setCurrencyAndTimeZone': ['owner'],
  // accepting dispatches the proposed action as the operator: its own permission applies too
  'recommendations.accept': STOCKKEEPERS,
  'recommendations.reject': STOCKKEEPERS,
  'recommendations.acceptMany': STOCKKEEPERS,
  'recommendations.rejectMany': STOCKKEEPERS,
  'charter.set': ['owner', 'admin'],
  'kpi.record': OPERATING,
  'tripwire.setPolicy': ['owner', 'admin'],
  'tripwire.evaluate': ['owner', 'admin'],
  'tripwire.resetBaseline': ['owner', 'admin'],
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
  'inventory.locations': READERS,
  'inventory.items': READERS,
  'inventory.item': READERS,
  'inventory.journal': READERS,
  'inventory.categories': READERS,
  'inventory.expiring': READERS,
  'inventory.byBarcode': READERS,
  'forecast.item': READERS,
  // the ops board's "running out soon" panel, which guests see
  'forecast.rollup': EVERYONE,
  'forecast.history': READERS,
  'approvals.list': READERS,
  'approvals.get': READERS,
  'caps.usage': READERS,
  'governance.bandPolicies': READERS,
  'governance.assess': READERS,
  'purchases.list': READERS,
  'purchases.get': READERS,
  'receipts.list': READERS,
  'receipts.get': READERS,
  'receipts.attachment': READERS,
  'receipts.previewCsv': ['owner', 'admin', 'bookkeeper'],
  'receipts.triage': READERS,
  'receipts.categories': READERS,
  'ledger.accounts': READERS,
  'ledger.entries': READERS,
  'ledger.previewStatement': ['owner', 'admin', 'bookkeeper'],
  'reconcile.suggestions': READERS,
  'reconcile.unmatched': READERS,
  'ledger.cashBuffer': READERS,
  'playbooks.list': READERS,
  'playbooks.get': READERS,
  'playbooks.runs': READERS,
  'playbooks.run': READERS,
  'sessions.active': READERS,
  'sessions.list': READERS,
  'sessions.get': READERS,
  'reports.preview': READERS,
  'reports.list': READERS,
  'reports.verify': READERS,
  'installation.key': READERS,
  'backup.status': READERS,
  'backup.inspect': ['owner', 'admin'],
  'scheduler.jobs': READERS,
  'shopping.list': READERS,
  'schedule.entries': READERS,
  'schedule.upcoming': READERS,
  'bills.list': READERS,
  'scheduler.runs': READERS,
  'notifications.list': READERS,
  'alerts.groups': READERS,
  'settings.get': READERS,
  'recommendations.list': READERS,
  'charter.list': READERS,
  'kpi.series': READERS,
  'kpi.metrics': READERS,
  'tripwire.list': READERS,
  'tripwire.evaluations': READERS,
};

/** Whether `role` may run `action` (pure; the dispatcher is the one that enforces it). */
export function mayDispatch(role: Role, action: ActionName): boolean {
  return ACTION_PERMISSIONS[action].includes(role);
}

/** Whether `role` may read `query`. */
export function mayQuery(role: Role, query: QueryName): boolean {
  return QUERY_PERMISSIONS[query].includes(role);
}
