/**
 * The bare call names, without schemas: the sandboxed preload's allow-list. A contract
 * test proves these lists equal the contract's keys, so they cannot drift.
 */
export const QUERY_NAMES = [
  'setup.status',
  'governance.state',
  'operators.list',
  'permissions.matrix',
  'decisions.list',
  'decisions.get',
  'decisions.diff',
  'audit.list',
  'audit.verify',
  'alerts.list',
  'opsboard.summary',
  'inventory.locations',
  'inventory.items',
  'inventory.item',
  'inventory.journal',
  'inventory.categories',
  'forecast.item',
  'forecast.rollup',
  'forecast.history',
  'approvals.list',
  'approvals.get',
  'caps.usage',
  'governance.bandPolicies',
  'governance.assess',
  'purchases.list',
  'purchases.get',
  'receipts.list',
  'receipts.get',
  'receipts.triage',
] as const;

export const ACTION_NAMES = [
  'setup.initialize',
  'operators.create',
  'operators.switch',
  'governance.setGoLive',
  'governance.setBand',
  'governance.engageKillSwitch',
  'governance.releaseKillSwitch',
  'alerts.acknowledge',
  'inventory.createLocation',
  'inventory.archiveLocation',
  'inventory.createItem',
  'inventory.updateItem',
  'inventory.archiveItem',
  'inventory.record',
  'inventory.consume',
  'inventory.outOf',
  'inventory.adjust',
  'inventory.transfer',
  'inventory.undoEntry',
  'inventory.importSales',
  'inventory.importItems',
  'approvals.request',
  'approvals.decide',
  'approvals.cancel',
  'approvals.expire',
  'caps.setPolicy',
  'caps.override',
  'governance.setBandPolicy',
  'governance.setActionMinBand',
  'purchases.create',
  'purchases.update',
  'purchases.advance',
  'purchases.execute',
  'receipts.create',
  'receipts.update',
  'receipts.void',
  'receipts.importSroie',
] as const;

export const EVENT_NAMES = ['db.changed', 'decision.recorded', 'job.progress'] as const;

/**
 * IPC channels: one per call kind (DESIGN.md "Electron shell and security"), plus `stage`,
 * which copies a file the user picked into the engine's file store (a transport-level call,
 * not an action: it changes no governed state).
 */
export const CHANNELS = {
  query: 'valhalla:query',
  dispatch: 'valhalla:dispatch',
  event: 'valhalla:event',
  stage: 'valhalla:stage',
} as const;
