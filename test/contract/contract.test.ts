import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTION_PERMISSIONS,
  actions,
  EVENT_NAMES,
  events,
  QUERY_NAMES,
  QUERY_PERMISSIONS,
  queries,
  type QueryName,
} from '../../shared/contract';
import { actionHandlers, queryHandlers } from '../../main/engine/engine';
import { NO_SUGGESTED_BAND } from '../../main/engine/governance/spending';
import { liveEngine, must, tempDir } from '../helpers/engine';
import { JPEG_16x12, stage } from '../helpers/files';

const QIF_STATEMENT = '!Type:Bank\nD11/20/2026\nT-12.50\nPCorner Shop\n^\n';

/** What an auditor may do (DOMAIN.md: "read everything, export, change nothing"): switch who is signed in, export, verify. */
const AUDITOR_ACTIONS = new Set(['operators.switch', 'reports.exportAudit', 'audit.check']);

describe('contract', () => {
  it('every action and query has exactly one handler, and no handler lacks a declaration', () => {
    const runtime = { chain: null, anchor: null, anchorWriteError: null, integrity: null, suggested: NO_SUGGESTED_BAND, clock: { now: () => new Date() } };
    expect(Object.keys(actionHandlers(runtime)).sort()).toEqual(Object.keys(actions).sort());
    expect(Object.keys(queryHandlers(NO_SUGGESTED_BAND)).sort()).toEqual(Object.keys(queries).sort());
  });

  it('every action and query has a permission entry, naming only known roles', () => {
    expect(Object.keys(ACTION_PERMISSIONS).sort()).toEqual(Object.keys(actions).sort());
    expect(Object.keys(QUERY_PERMISSIONS).sort()).toEqual(Object.keys(queries).sort());
    for (const roles of Object.values(QUERY_PERMISSIONS)) expect(roles.length).toBeGreaterThan(0);
    expect(ACTION_PERMISSIONS['governance.releaseKillSwitch']).toEqual(['owner']);
    // auditors change nothing; switching who is signed in is the one action every role has
    for (const name of Object.keys(actions) as (keyof typeof actions)[]) {
      if (!AUDITOR_ACTIONS.has(name)) expect(ACTION_PERMISSIONS[name], name).not.toContain('auditor');
    }
  });

  it("the preload allow-list equals the contract's names", () => {
    expect([...QUERY_NAMES].sort()).toEqual(Object.keys(queries).sort());
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(actions).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('names follow <domain>.<noun|verb>', () => {
    for (const name of [...QUERY_NAMES, ...ACTION_NAMES]) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });

  it('every query answers with the shape its output schema declares, on a populated database', async () => {
    const { engine } = liveEngine();
    const statement = await engine.files.putStream(Readable.from([QIF_STATEMENT]), 'statement.qif');
    const receiptsCsv = await engine.files.putStream(Readable.from(['Vendor,Date,Total\nCorner Shop,2026-11-20,12.50\n']), 'receipts.csv');
    const item = must(engine.dispatch('inventory.createItem', { name: 'Coffee beans', unit: 'kg', minQty: 1, shelfLifeDays: 90 }, 'execute')).result;
    must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3, unitCostMinor: 1299 }, 'execute'));
    must(engine.dispatch('inventory.consume', { itemId: item.id, qty: 0.5 }, 'execute'));
    const purchase = must(engine.dispatch('purchases.create', { title: 'Espresso machine', amountMinor: 26000, category: 'Kitchen' }, 'execute')).result;
    const approval = must(engine.dispatch('approvals.request', { action: 'purchases.execute', params: { id: purchase.id }, title: 'Espresso machine' }, 'execute')).result;
    const photo = await stage(engine, JPEG_16x12, 'till.jpg');
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR', tags: ['food'], attachments: [{ sha256: photo, name: 'till.jpg' }] }, 'execute')).result;
    must(engine.dispatch('bills.create', { payee: 'City power', amountMinor: 6400, dueDate: '2026-11-25', rrule: 'FREQ=MONTHLY', category: 'Utilities' }, 'execute'));
    must(engine.dispatch('shopping.quickAdd', { name: 'Coffee beans', estTotalMinor: 1200 }, 'execute'));
    must(engine.dispatch('scheduler.dailyTick', {}, 'execute'));
    const a = must(engine.dispatch('governance.setBand', { band: 'C', reason: 'first change' }, 'execute')).decision;
    const session = must(engine.dispatch('sessions.start', { notes: 'contract check' }, 'execute')).result;
    const run = must(engine.dispatch('playbooks.start', { key: 'weekly-review' }, 'execute')).result;
    must(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: 'go-live-state', evidence: { note: 'on, band B, green' } }, 'execute'));
    const b = must(engine.dispatch('governance.engageKillSwitch', { reason: 'drill' }, 'execute')).decision;
    const backups = join(tempDir(), 'backups');
    must(engine.dispatch('backup.configure', { folder: backups }, 'execute'));
    const backup = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    const bundle = must(await engine.dispatchAsync('reports.exportAudit', { from: '2026-11-01', to: '2026-11-30' }, 'execute')).result;
    const samples: { [K in QueryName]: unknown } = {
      'setup.status': {},
      'governance.state': {},
      'operators.list': {},
      'permissions.matrix': {},
      'decisions.list': { limit: 5 },
      'decisions.get': { id: a.id },
      'decisions.diff': { a: a.id, b: b.id },
      'audit.list': { limit: 5 },
      'audit.verify': {},
      'alerts.list': { status: 'all' },
      'opsboard.summary': {},
      'inventory.locations': {},
      'inventory.items': {},
      'inventory.item': { id: item.id },
      'inventory.journal': { itemId: item.id },
      'inventory.categories': {},
      'inventory.expiring': {},
      'inventory.byBarcode': { code: '4001234567890' },
      'forecast.item': { itemId: item.id },
      'forecast.rollup': { limit: 5, windowDays: 365 },
      'forecast.history': { itemId: item.id, days: 30 },
      'approvals.list': {},
      'approvals.get': { id: approval.id },
      'caps.usage': {},
      'governance.bandPolicies': {},
      'governance.assess': { action: 'purchases.execute', params: { id: purchase.id } },
      'purchases.list': {},
      'purchases.get': { id: purchase.id },
      'receipts.list': { search: 'corner' },
      'receipts.get': { id: receipt.id },
      'receipts.attachment': { receiptId: receipt.id, sha256: photo },
      'receipts.previewCsv': { fileSha256: receiptsCsv.sha256 },
      'receipts.triage': {},
      'receipts.categories': {},
      'receipts.captureStats': {},
      'ledger.accounts': {},
      'ledger.entries': {},
      'ledger.previewStatement': { fileSha256: statement.sha256 },
      'reconcile.suggestions': {},
      'reconcile.unmatched': { limit: 5 },
      'ledger.cashBuffer': {},
      'playbooks.list': {},
      'playbooks.get': { key: 'go-live' },
      'playbooks.runs': {},
      'playbooks.run': { id: run.id },
      'sessions.active': {},
      'sessions.list': {},
      'sessions.get': { id: session.id },
      'reports.preview': { from: '2026-11-01', to: '2026-11-30' },
      'reports.list': {},
      'reports.verify': { path: bundle.path },
      'installation.key': {},
      'backup.status': {},
      'backup.inspect': { path: backup.path },
      'scheduler.jobs': {},
      'scheduler.runs': {},
      'shopping.list': { status: 'all' },
      'schedule.entries': {},
      'schedule.upcoming': { days: 30 },
      'bills.list': {},
      'notifications.list': {},
      'alerts.groups': {},
      'settings.get': {},
      'recommendations.list': {},
      'charter.list': {},
      'kpi.series': { domain: 'forecast', metric: 'hit_rate' },
      'kpi.metrics': {},
      'tripwire.list': {},
      'tripwire.evaluations': {},
    };
    for (const name of QUERY_NAMES) {
      const value = must(await engine.queryAsync(name, samples[name]));
      const parsed = queries[name].output.safeParse(value);
      expect(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it('every action result matches its output schema', () => {
    const { engine } = liveEngine();
    const results = [
      must(engine.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute')),
      must(engine.dispatch('governance.setBand', { band: 'A', reason: 'busy season' }, 'execute')),
      must(engine.dispatch('governance.engageKillSwitch', { reason: 'drill' }, 'execute')),
    ];
    const names = ['operators.create', 'governance.setBand', 'governance.engageKillSwitch'] as const;
    names.forEach((name, i) => expect(actions[name].output.safeParse(results[i]?.result).success).toBe(true));
  });

  it('guests see the ops board only; auditors read everything and change nothing', () => {
    const { engine } = liveEngine();
    const guest = must(engine.dispatch('operators.create', { name: 'Gus', role: 'guest' }, 'execute')).result;
    const auditor = must(engine.dispatch('operators.create', { name: 'Aud', role: 'auditor' }, 'execute')).result;
    expect(engine.query('opsboard.summary', {}, { operatorId: guest.id }).ok).toBe(true);
    const refused = engine.query('audit.list', { limit: 5 }, { operatorId: guest.id });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    expect(engine.query('audit.verify', {}, { operatorId: auditor.id }).ok).toBe(true);
    const change = engine.dispatch('governance.engageKillSwitch', { reason: 'auditor tries' }, 'execute', { operatorId: auditor.id });
    expect(change.ok ? null : change.error.code).toBe('forbidden');
  });
});
