import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { canonicalJson, hashValue } from '../../main/engine/governance/canonical';
import { closeEngine, liveEngine, must, openEngine } from '../helpers/engine';
import { createEngine } from '../../main/engine/engine';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys and formats numbers per JCS, so equal values hash equal', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, 'é'] })).toBe('{"a":[1e+21,0.1,"é"],"b":1}');
    expect(hashValue({ x: 1, y: 2 })).toBe(hashValue({ y: 2, x: 1 }));
    expect(canonicalJson({ z: null })).toBe(canonicalize({ z: null }));
  });
});

describe('audit chain', () => {
  it('records before and after values for every state change, chained from the genesis hash', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight this month' }, 'execute'));
    const events = must(engine.query('audit.list', { limit: 200 })).items;
    const bandEvent = events.find((e) => e.action === 'governance.setBand' && e.entity === 'governance');
    expect(bandEvent?.before).toMatchObject({ band: 'B' });
    expect(bandEvent?.after).toMatchObject({ band: 'C', bandReason: 'cash is tight this month', bandSetBy: 'Olga Owner' });
    const ordered = [...events].reverse();
    expect(ordered[0]?.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]?.prevHash).toBe(ordered[i - 1]?.hash);
    expect(must(engine.query('audit.verify', {}))).toMatchObject({ ok: true, checked: events.length, firstBadSeq: null });
  });

  it('lists events of one action, or of every action of a domain, paging with the same filter; a malformed filter is refused', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight' }, 'execute'));
    must(engine.dispatch('governance.setBand', { band: 'B', reason: 'cash is back' }, 'execute'));
    must(engine.dispatch('receipts.create', { vendor: 'Corner Bakery', date: '2026-11-20', totalMinor: 450, currency: 'EUR' }, 'execute'));
    const all = must(engine.query('audit.list', { limit: 200 })).items;
    const exact = must(engine.query('audit.list', { action: 'governance.setBand', limit: 200 })).items;
    expect(exact.length).toBe(all.filter((e) => e.action === 'governance.setBand').length);
    expect(exact.length).toBeGreaterThanOrEqual(2);
    expect(new Set(exact.map((e) => e.action))).toEqual(new Set(['governance.setBand']));
    // a domain matches all its actions, and only those
    const domain = must(engine.query('audit.list', { action: 'governance', limit: 200 })).items;
    expect(domain.map((e) => e.seq)).toEqual(all.filter((e) => e.action.startsWith('governance.')).map((e) => e.seq));
    // paging keeps the filter
    const first = must(engine.query('audit.list', { action: 'governance.setBand', limit: 1 }));
    const second = must(engine.query('audit.list', { action: 'governance.setBand', limit: 1, cursor: first.nextCursor ?? undefined }));
    expect(second.items.map((e) => e.action)).toEqual(['governance.setBand']);
    expect(second.items[0]?.seq).toBeLessThan(first.items[0]?.seq ?? 0);
    expect(must(engine.query('audit.list', { action: 'receipts.merge', limit: 10 })).items).toEqual([]);
    // one entity's history
    const receipt = all.find((e) => e.entity === 'receipt');
    const history = must(engine.query('audit.list', { entity: 'receipt', entityId: receipt?.entityId ?? '', limit: 10 })).items;
    expect(history.map((e) => [e.action, e.entityId])).toEqual([['receipts.create', receipt?.entityId]]);
    expect(must(engine.query('audit.list', { entity: 'receipt', entityId: 'no-such-receipt', limit: 10 })).items).toEqual([]);
    const bad = engine.query('audit.list', { action: "receipts%' OR 1=1 --", limit: 10 });
    expect(bad.ok ? null : bad.error.code).toBe('invalid');
  });

  it('refuses UPDATE and DELETE on the audit table', () => {
    const { engine, dbPath } = liveEngine();
    closeEngine(engine);
    const db = new Database(dbPath);
    expect(() => db.prepare("UPDATE audit_events SET entity = 'x' WHERE seq = 1").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/append-only: DELETE refused/);
    db.close();
  });

  it('finds the first tampered event even when the triggers were dropped', () => {
    const { engine, dbPath, log } = liveEngine();
    must(engine.dispatch('governance.setBand', { band: 'A', reason: 'good season ahead' }, 'execute'));
    const total = must(engine.query('audit.verify', {})).checked;
    closeEngine(engine);
    const db = new Database(dbPath);
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET after_json = '{"band":"D"}' WHERE seq = 3`).run();
    db.close();
    const reopened = createEngine({ dbPath, log });
    try {
      const verdict = must(reopened.query('audit.verify', {}));
      expect(verdict).toMatchObject({ ok: false, firstBadSeq: 3, checked: 2 });
      expect(verdict.head?.seq).toBe(total);
      const state = must(reopened.query('governance.state', {}));
      expect(state.health.level).toBe('red');
      expect(state.health.reasons.map((r) => r.code)).toContain('audit_chain');
      // red health blocks prod actions, but not exempt ones
      const blocked = reopened.dispatch('operators.create', { name: 'Sam', role: 'staff' }, 'execute');
      expect(blocked.ok).toBe(false);
      if (!blocked.ok) expect(blocked.error.message).toMatch(/health is red/);
      expect(reopened.dispatch('governance.engageKillSwitch', { reason: 'audit chain broken' }, 'execute').ok).toBe(true);
      expect(log.lines.some((l) => l.message === 'audit chain fails verification')).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it('detects a deleted middle event as a break in sequence', () => {
    const { engine, dbPath } = liveEngine();
    closeEngine(engine);
    const db = new Database(dbPath);
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    db.close();
    const { engine: reopened } = openEngine({ dbPath });
    expect(must(reopened.query('audit.verify', {}))).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('row canonical form', () => {
  it('the fast row serializer writes exactly what the canonicalize library writes', async () => {
    const { rowCanonical, rowObject } = await import('../../main/engine/governance/audit');
    const samples = [
      { seq: 1, id: 'a', at: '2026-11-21T09:00:00.000Z', operator_id: null, session_id: null, decision_id: null, action: 'x.y', entity: 'e', entity_id: null, before_json: 'null', after_json: '{"a":1}' },
      { seq: 987654, id: 'ü"\\\n\u2028', at: '', operator_id: '😀', session_id: 'ß', decision_id: '\u0000\u001f', action: '</script>', entity: 'é', entity_id: '\ud800', before_json: '{"q":"\\"x\\""}', after_json: '[1e+21]' },
    ];
    for (const r of samples) expect(rowCanonical(r)).toBe(canonicalJson(rowObject(r)));
  });

  it("SQLite's json_object, used by verification, writes the same text for stored rows", async () => {
    const { appendAudit, rowCanonical, sqlRowCanonical } = await import('../../main/engine/governance/audit');
    const { engine, dbPath } = liveEngine();
    closeEngine(engine);
    const db = new Database(dbPath);
    const awkward = 'ü"\\\n\r\t\b\f\u0000\u001f\u007f\u2028\u2029é😀</script>';
    appendAudit(db, { at: '2026-11-21T09:00:00.000Z', operatorId: awkward, sessionId: null, decisionId: null, action: awkward }, [
      { entity: awkward, entityId: awkward, before: { s: awkward, n: [1e21, -0, 0.1] }, after: null },
    ]);
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Parameters<typeof rowCanonical>[0][];
    for (const r of rows) expect(sqlRowCanonical(db, r.seq)).toBe(rowCanonical(r));
    db.close();
  });
});
