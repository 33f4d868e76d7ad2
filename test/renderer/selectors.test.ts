import { describe, expect, it } from 'vitest';
import { auditSelectors, shortValue } from '../../renderer/features/audit/slice';
import { connectionSelectors } from '../../renderer/features/connection/slice';
import { decisionsSelectors, emptyDecisionFilters } from '../../renderer/features/decisions/slice';
import { diffValue } from '../../renderer/features/decisions/format';
import { describeFailure, issuesToFieldErrors } from '../../renderer/features/dispatch/failure';
import { governanceSelectors } from '../../renderer/features/governance/slice';
import { bandTone, healthTone, statusTone } from '../../renderer/features/governance/tones';
import { navigationSelectors } from '../../renderer/features/navigation/slice';
import { operatorsSelectors } from '../../renderer/features/operators/slice';
import { createAppStore } from '../../renderer/store/index';
import { formatInstantShort, shortId } from '../../renderer/ui/format';
import { fakeApi } from './fake-api';

const state = () => createAppStore({ api: fakeApi() }).getState();

describe('governance selectors', () => {
  it('lists today’s decisions in the contract’s status order with zeros, then unknown statuses', () => {
    expect(governanceSelectors.decisionsToday({ BLOCKED: 2, OK: 5, FUTURE: 1 })).toEqual([
      { status: 'OK', count: 5 },
      { status: 'BLOCKED', count: 2 },
      { status: 'PENDING_APPROVAL', count: 0 },
      { status: 'INVALID', count: 0 },
      { status: 'ERROR', count: 0 },
      { status: 'FUTURE', count: 1 },
    ]);
    expect(governanceSelectors.decisionsTodayTotal({ OK: 5, BLOCKED: 2 })).toBe(7);
  });

  it('returns the same empty arrays while nothing is loaded (so useShallow settles)', () => {
    const s = state();
    expect(governanceSelectors.healthReasons(s)).toBe(governanceSelectors.healthReasons(state()));
    expect(operatorsSelectors.list(s)).toBe(operatorsSelectors.list(state()));
    expect(governanceSelectors.healthLevel(s)).toBeNull();
  });

  it('colours levels: health green/yellow/red, band A–D, decision status', () => {
    expect(['green', 'yellow', 'red', null].map(healthTone)).toEqual(['ok', 'warn', 'bad', 'neutral']);
    expect((['A', 'B', 'C', 'D'] as const).map(bandTone)).toEqual(['ok', 'info', 'warn', 'bad']);
    expect(['OK', 'BLOCKED', 'PENDING_APPROVAL', 'INVALID', 'ERROR'].map(statusTone)).toEqual(['ok', 'bad', 'warn', 'warn', 'bad']);
  });
});

describe('decisions selectors', () => {
  it('builds list params from the filters, with cursor and limit', () => {
    expect(decisionsSelectors.queryParams({ ...emptyDecisionFilters, action: 'governance.setBand', mode: 'plan' }, 10, 'c')).toEqual({
      limit: 10,
      action: 'governance.setBand',
      mode: 'plan',
      cursor: 'c',
    });
    expect(decisionsSelectors.hasFilters(emptyDecisionFilters)).toBe(false);
    expect(decisionsSelectors.hasFilters({ ...emptyDecisionFilters, to: '2026-11-30' })).toBe(true);
  });

  it('shows diff values compactly: gates as gate: verdict lines, null as a dash', () => {
    expect(diffValue(null)).toBe('—');
    expect(diffValue('OK')).toBe('OK');
    expect(
      diffValue([
        { gate: 'go-live', verdict: 'block', reason: 'execution is off' },
        { gate: 'health', verdict: 'pass', reason: 'green' },
      ]),
    ).toBe('go-live: block\nhealth: pass');
    expect(diffValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe('audit selectors', () => {
  it('shows only the fields that changed, before → after', () => {
    expect(auditSelectors.describeChange({ band: 'B', bandReason: null, same: 1 }, { band: 'C', bandReason: 'runway', same: 1 })).toEqual({
      kind: 'changed',
      changes: [
        { field: 'band', before: 'B', after: 'C' },
        { field: 'bandReason', before: 'null', after: 'runway' },
      ],
    });
  });

  it('shows a created entity as its non-null fields, hashes shortened', () => {
    expect(auditSelectors.describeChange(null, { action: 'x', reason: null, paramsSha256: 'f'.repeat(64) })).toEqual({
      kind: 'created',
      fields: [
        { field: 'action', value: 'x' },
        { field: 'paramsSha256', value: `${'f'.repeat(12)}…` },
      ],
    });
  });

  it('handles scalars, removals and no change', () => {
    expect(auditSelectors.describeChange(undefined, 'EUR')).toEqual({ kind: 'changed', changes: [{ field: 'value', before: '—', after: 'EUR' }] });
    expect(auditSelectors.describeChange({ a: 1 }, null)).toEqual({ kind: 'removed', fields: [{ field: 'a', value: '1' }] });
    expect(auditSelectors.describeChange({ a: 1 }, { a: 1 })).toEqual({ kind: 'none' });
    expect(auditSelectors.describeChange(null, null)).toEqual({ kind: 'none' });
  });

  it('cuts long values with an ellipsis', () => {
    expect(shortValue('x'.repeat(100))).toHaveLength(60);
    expect(shortValue('x'.repeat(100)).endsWith('…')).toBe(true);
  });

  it('shows a list of named records (attachments) by their names, other lists as JSON', () => {
    const sha = 'a'.repeat(64);
    expect(shortValue([{ sha256: sha, name: 'till.jpg', size: 120 }, { sha256: sha, name: 'invoice.pdf', size: 9 }])).toBe('till.jpg, invoice.pdf');
    expect(shortValue([{ sha256: sha, size: 120 }])).toBe(`[{"sha256":"${sha.slice(0, 47)}…`);
    expect(shortValue([{ description: 'Croissant', qty: 4, amountMinor: 800 }, { description: 'Coffee', qty: 1, amountMinor: 450 }])).toBe('Croissant, Coffee');
    expect(shortValue([])).toBe('[]');
    expect(shortValue(['a', 'b'])).toBe('["a","b"]');
  });

  it('shortens UUIDs to their distinguishing tail and leaves short ids alone', () => {
    expect(shortId('01a1fd6c-6652-72ca-9e73-e7d2b647e93c')).toBe('…b647e93c');
    expect(shortId('timeZone')).toBe('timeZone');
    expect(shortId(null)).toBe('—');
  });
});

describe('operators selectors', () => {
  it('turns the permission matrix into rows with one boolean per role', () => {
    const rows = operatorsSelectors.matrixRows({
      roles: ['owner', 'staff'],
      actions: [{ name: 'governance.releaseKillSwitch', summary: 'Release', execClass: 'prod', exempt: true, roles: ['owner'] }],
      queries: [{ name: 'audit.list', summary: 'List', roles: ['owner', 'staff'] }],
    });
    expect(rows).toEqual([
      { name: 'governance.releaseKillSwitch', summary: 'Release', kind: 'action', execClass: 'prod', exempt: true, allowed: { owner: true, staff: false } },
      { name: 'audit.list', summary: 'List', kind: 'query', execClass: null, exempt: false, allowed: { owner: true, staff: true } },
    ]);
    expect(operatorsSelectors.matrixRows(null)).toEqual([]);
  });
});

describe('failure view', () => {
  it('reads the blocking gates from details.decision, blocks first, passes left out', () => {
    const view = describeFailure({
      code: 'blocked',
      message: 'blocked by go-live',
      details: {
        decision: {
          id: 'd1',
          gates: [
            { gate: 'permission', verdict: 'pass', reason: 'ok' },
            { gate: 'health', verdict: 'warn', reason: 'yellow' },
            { gate: 'go-live', verdict: 'block', reason: 'execution is off' },
          ],
        },
      },
    });
    expect(view.gates.map((g) => g.gate)).toEqual(['go-live', 'health']);
    expect(view.decisionId).toBe('d1');
    expect(view.message).toBe('blocked by go-live');
  });

  it('maps field issues to dotted paths, first message per path', () => {
    expect(
      issuesToFieldErrors([
        { path: ['reason'], message: 'too short' },
        { path: ['reason'], message: 'second' },
        { path: ['items', 0, 'qty'], message: 'bad qty' },
        { path: [], message: 'whole form' },
      ]),
    ).toEqual({ reason: 'too short', 'items.0.qty': 'bad qty', '': 'whole form' });
  });

  it('tolerates missing or odd details', () => {
    expect(describeFailure({ code: 'internal', message: 'boom', details: { decision: 'nonsense' } })).toEqual({
      code: 'internal',
      message: 'boom',
      gates: [],
      decisionId: null,
      fieldErrors: {},
    });
  });
});

describe('connection selectors', () => {
  it('says nothing while connected or first connecting, and distinguishes a drop from never connecting', () => {
    const s = state();
    expect(connectionSelectors.banner({ ...s, connection: 'open' })).toBeNull();
    expect(connectionSelectors.banner({ ...s, connection: 'connecting', everConnected: false })).toBeNull();
    expect(connectionSelectors.banner({ ...s, connection: 'closed', everConnected: true })).toMatch(/Disconnected/);
    expect(connectionSelectors.banner({ ...s, connection: 'closed', everConnected: false })).toMatch(/Cannot reach/);
    expect(connectionSelectors.banner({ ...s, connectionProblem: 'No access token.' })).toBe('No access token.');
  });
});

describe('formatting', () => {
  it('shows only the time for today (in the time zone) and the date otherwise', () => {
    const now = new Date('2026-11-21T12:00:00.000Z');
    expect(formatInstantShort('2026-11-21T09:29:48.000Z', 'UTC', now)).toBe('09:29:48');
    expect(formatInstantShort('2026-11-20T09:29:48.000Z', 'UTC', now)).toBe('20 Nov, 09:29');
    // 23:30 UTC on the 20th is already the 21st in Berlin.
    expect(formatInstantShort('2026-11-20T23:30:00.000Z', 'Europe/Berlin', now)).toBe('00:30:00');
    expect(formatInstantShort(null)).toBe('—');
  });
});

describe('navigation selectors', () => {
  it('hides the screens a role may not read: a guest sees the ops board only', () => {
    expect(navigationSelectors.routesFor('guest').map((r) => r.id)).toEqual(['ops']);
    expect(navigationSelectors.routesFor('auditor').map((r) => r.id)).toEqual([
      'ops', 'inventory', 'shopping', 'automations', 'schedule', 'bills', 'receipts', 'ledger', 'purchases', 'approvals', 'caps', 'playbooks', 'sessions', 'decisions', 'audit', 'reports', 'backups', 'scheduler', 'operators', 'settings', 'about',
    ]);
    expect(navigationSelectors.routesFor('owner').map((r) => r.id)).toEqual([
      'ops', 'inventory', 'import', 'shopping', 'automations', 'schedule', 'bills', 'receipts', 'ledger', 'purchases', 'approvals', 'caps', 'playbooks', 'sessions', 'decisions', 'audit', 'reports', 'backups', 'scheduler', 'operators', 'settings', 'about',
    ]);
    expect(navigationSelectors.routesFor(null)).toHaveLength(22);
  });

  it('falls back to the ops board when the chosen screen is hidden for the role', () => {
    expect(navigationSelectors.effectiveRoute('audit', 'guest')).toBe('ops');
    expect(navigationSelectors.effectiveRoute('audit', 'owner')).toBe('audit');
  });
});
