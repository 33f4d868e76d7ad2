import { describe, expect, it } from 'vitest';
import { liveEngine, manualClock, must } from '../helpers/engine';

describe('decisions explorer queries', () => {
  it('pages newest first with a keyset cursor, without gaps or repeats', () => {
    const { engine } = liveEngine();
    for (let i = 0; i < 7; i++) engine.dispatch('governance.setBand', { band: i % 2 ? 'A' : 'C', reason: `round ${i}` }, 'plan');
    const all = must(engine.query('decisions.list', { limit: 200 })).items.map((d) => d.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must(engine.query('decisions.list', { limit: 3, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    expect([...all].sort().reverse()).toEqual(all);
  });

  it('filters by status, action, operator and calendar dates in the household time zone', () => {
    const clock = manualClock('2026-11-20T22:30:00.000Z'); // 23:30 in Berlin on the 20th
    const { engine, owner } = liveEngine({ clock });
    clock.set('2026-11-20T23:30:00.000Z'); // 00:30 in Berlin on the 21st
    engine.dispatch('governance.setBand', { band: 'x' as never, reason: 'bad' }, 'execute');
    const invalid = must(engine.query('decisions.list', { status: 'INVALID', limit: 50 })).items;
    expect(invalid).toHaveLength(1);
    // going live: one playbooks.start, seven playbooks.completeStep and the two backup steps skipped, on the 20th
    expect(must(engine.query('decisions.list', { action: 'playbooks.completeStep', limit: 50 })).items).toHaveLength(7);
    expect(must(engine.query('decisions.list', { action: 'playbooks.skipStep', limit: 50 })).items).toHaveLength(2);
    expect(must(engine.query('decisions.list', { operatorId: owner.id, limit: 50 })).items.length).toBe(11);
    expect(must(engine.query('decisions.list', { from: '2026-11-21', to: '2026-11-21', limit: 50 })).items.map((d) => d.id)).toEqual(invalid.map((d) => d.id));
    expect(must(engine.query('decisions.list', { to: '2026-11-20', limit: 50 })).items).toHaveLength(11);
  });

  it('diffs two decisions on status, gates, risk and hashes', () => {
    const { engine } = liveEngine();
    const okRun = must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight' }, 'execute')).decision;
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'bank fraud alert' }, 'execute'));
    const refused = engine.dispatch('governance.setBand', { band: 'D', reason: 'freeze' }, 'execute');
    if (refused.ok) throw new Error('expected a block');
    const blocked = refused.error.details?.decision as { id: string };
    const diff = must(engine.query('decisions.diff', { a: okRun.id, b: blocked.id }));
    const byField = Object.fromEntries(diff.fields.map((f) => [f.field, f]));
    expect(byField.status).toMatchObject({ a: 'OK', b: 'BLOCKED', same: false });
    expect(byField.action?.same).toBe(true);
    expect(byField.paramsSha256?.same).toBe(false);
    expect(byField['gate:go-live']).toMatchObject({ a: 'pass: execution is on', same: false });
    expect(String(byField['gate:go-live']?.b)).toMatch(/^block: kill switch engaged/);
    expect(diff.a).not.toHaveProperty('params');
  });

  it('answers not_found for an unknown decision', () => {
    const { engine } = liveEngine();
    const r = engine.query('decisions.get', { id: '01a1fd67-0ff4-737c-b220-a6f01922403b' });
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });
});
