import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAnchorsPath, defaultKeyPath } from '../../main/engine/engine';
import { rowCanonical, type AuditRow } from '../../main/engine/governance/audit';
import { sha256Hex } from '../../main/engine/governance/canonical';
import { fileKeyVault, loadOrCreateKey } from '../../main/engine/governance/installation-key';
import { closeEngine, liveEngine, must, openEngine, tempDir } from '../helpers/engine';

/** Anchor lines of a database's anchors file, parsed. */
function anchorLines(dbPath: string): { kind: string; seq: number; hash: string; sig: string }[] {
  return readFileSync(defaultAnchorsPath(dbPath), 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { kind: string; seq: number; hash: string; sig: string });
}

/** A populated database, closed, copied whole (database, anchors file, key) into a fresh folder. */
function copiedDataFolder(): { dbPath: string } {
  const { engine, dbPath } = liveEngine();
  must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight' }, 'execute'));
  must(engine.dispatch('governance.setBand', { band: 'B', reason: 'payday' }, 'execute'));
  closeEngine(engine);
  const copy = join(tempDir(), 'copy');
  cpSync(join(dbPath, '..'), copy, { recursive: true });
  return { dbPath: join(copy, 'valhalla.sqlite') };
}

describe('chain anchors', () => {
  it('anchors the chain head after every executed decision, signed, and verify finds the chain at its anchor', () => {
    const { engine, dbPath } = liveEngine();
    const before = anchorLines(dbPath).length;
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight' }, 'execute'));
    engine.dispatch('governance.setBand', { band: 'C', reason: 'again' }, 'execute'); // refused: still audited, still anchored
    must(engine.dispatch('governance.setBand', { band: 'A', reason: 'plan only' }, 'plan')); // plan: no audit event, no anchor
    const lines = anchorLines(dbPath);
    expect(lines.length).toBe(before + 2);
    expect(lines[0]).toMatchObject({ kind: 'begin', seq: 0 });
    const head = must(engine.query('governance.state', {})).chainHead;
    expect(lines.at(-1)).toMatchObject({ kind: 'head', seq: head?.seq, hash: head?.hash });
    const check = must(engine.query('audit.verify', {}));
    expect(check.ok).toBe(true);
    expect(check.anchor).toMatchObject({ status: 'ok', source: 'anchors file', anchor: { seq: head?.seq } });
  });

  it('a tail cut in a copy of the database fails verification against the anchor, and health turns red', () => {
    const { dbPath } = copiedDataFolder();
    const db = new Database(dbPath);
    const last = (db.prepare('SELECT max(seq) AS n FROM audit_events').get() as { n: number }).n;
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq > ?').run(last - 3);
    db.close();

    const { engine } = openEngine({ dbPath });
    const check = must(engine.query('audit.verify', {}));
    expect(check.ok).toBe(true); // the chain alone cannot tell
    expect(check.anchor.status).toBe('tampered');
    expect(check.anchor.message).toMatch(new RegExp(`chain ends at event ${last - 3}.*records event ${last}.*tail was cut`));
    const state = must(engine.query('governance.state', {}));
    expect(state.health.level).toBe('red');
    expect(state.health.reasons.map((r) => r.code)).toContain('audit_anchor');
    // red health blocks prod actions
    const refused = engine.dispatch('governance.setBand', { band: 'C', reason: 'try' }, 'execute');
    expect(refused.ok ? null : refused.error.code).toBe('blocked');
    // that refusal's decision extends the cut chain, but is not anchored: the tampering stays visible
    const lines = anchorLines(dbPath);
    expect(lines.at(-1)?.seq).toBe(last);
    closeEngine(engine);
    const { engine: reopened } = openEngine({ dbPath });
    expect(must(reopened.query('audit.verify', {})).anchor.status).toBe('tampered');
  });

  it('audit.check (the daily audit verify job) raises a critical alert for a cut tail, and refuses params it does not take', () => {
    const { dbPath } = copiedDataFolder();
    const db = new Database(dbPath);
    db.exec('DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 2 FROM audit_events);');
    db.close();
    const { engine } = openEngine({ dbPath });
    const bad = engine.dispatch('audit.check', { deep: true }, 'execute', { actor: 'system' });
    expect(bad.ok ? null : bad.error.code).toBe('invalid');
    // exempt: it runs while red health blocks prod actions
    const check = must(engine.dispatch('audit.check', {}, 'execute', { actor: 'system' })).result;
    expect(check.anchor.status).toBe('tampered');
    const alerts = must(engine.query('alerts.list', { status: 'open' }));
    expect(alerts.find((a) => a.kind === 'audit_chain')).toMatchObject({ severity: 'critical', message: expect.stringMatching(/tail was cut/) });
  });

  it('an edited event with the chain re-hashed after it verifies alone, but not against the anchor', () => {
    const { dbPath } = copiedDataFolder();
    const db = new Database(dbPath);
    db.exec('DROP TRIGGER audit_events_no_update');
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as AuditRow[];
    const target = rows.find((r) => r.entity === 'governance')!;
    let prev = target.prev_hash;
    const update = db.prepare('UPDATE audit_events SET after_json = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const r of rows.filter((x) => x.seq >= target.seq)) {
      const after = r.seq === target.seq ? r.after_json.replace('"band":"C"', '"band":"A"').replace('"band":"B"', '"band":"A"') : r.after_json;
      const hash = sha256Hex(`${prev}\n${rowCanonical({ ...r, after_json: after })}`);
      update.run(after, prev, hash, r.seq);
      prev = hash;
    }
    db.close();

    const { engine } = openEngine({ dbPath });
    const check = must(engine.query('audit.verify', {}));
    expect(check.ok).toBe(true);
    expect(check.anchor.status).toBe('tampered');
    expect(check.anchor.message).toMatch(/re-hashed/);
  });

  it('an anchors file edited by hand is tampered: its signature fails', () => {
    const { dbPath } = copiedDataFolder();
    const path = defaultAnchorsPath(dbPath);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const last = JSON.parse(lines.at(-1)!) as { seq: number };
    lines[lines.length - 1] = JSON.stringify({ ...last, seq: last.seq - 1 });
    writeFileSync(path, `${lines.join('\n')}\n`);
    const { engine } = openEngine({ dbPath });
    const check = must(engine.query('audit.verify', {}));
    expect(check.anchor.status).toBe('tampered');
    expect(check.anchor.message).toMatch(/signature/);
  });

  it('a missing anchors file is reported (health yellow), then started again with a gap line every later check names', () => {
    const { dbPath } = copiedDataFolder();
    rmSync(defaultAnchorsPath(dbPath));
    const first = openEngine({ dbPath });
    const check = must(first.engine.query('audit.verify', {}));
    expect(check.anchor.status).toBe('missing');
    expect(must(first.engine.query('governance.state', {})).health.reasons.map((r) => r.code)).toContain('audit_anchor_missing');
    closeEngine(first.engine);
    expect(anchorLines(dbPath)[0]?.kind).toBe('gap');

    const second = openEngine({ dbPath });
    const later = must(second.engine.query('audit.verify', {}));
    expect(later.anchor.status).toBe('ok');
    expect(later.anchor.gaps).toHaveLength(1);
    expect(later.anchor.message).toMatch(/restarted/);
  });

  it('a torn last line (a crash mid-write) is skipped, and the next anchor starts on a line of its own', () => {
    const { engine, dbPath } = liveEngine();
    const path = defaultAnchorsPath(dbPath);
    closeEngine(engine);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"v":1,"kind":"head","seq":`);
    const { engine: reopened } = openEngine({ dbPath });
    expect(must(reopened.query('audit.verify', {})).anchor.status).toBe('ok');
    must(reopened.dispatch('governance.setBand', { band: 'C', reason: 'after the crash' }, 'execute'));
    const last = anchorLines(dbPath).at(-1);
    expect(last).toMatchObject({ kind: 'head', seq: must(reopened.query('governance.state', {})).chainHead?.seq });
    expect(must(reopened.query('governance.state', {})).health.reasons.map((r) => r.code)).not.toContain('audit_anchor_write');
    expect(must(reopened.query('audit.verify', {})).anchor.status).toBe('ok');
  });
});

describe('installation key', () => {
  it('is made once per installation, kept in a 0600 file, and its fingerprint is stable across restarts', () => {
    const { engine, dbPath } = liveEngine();
    const key = must(engine.query('installation.key', {}));
    expect(key).toMatchObject({ algorithm: 'Ed25519', storage: 'file' });
    expect(key.fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(statSync(defaultKeyPath(dbPath)).mode & 0o777).toBe(0o600);
    closeEngine(engine);
    const again = openEngine({ dbPath });
    expect(must(again.engine.query('installation.key', {})).fingerprint).toBe(key.fingerprint);
  });

  it('a key that is not Ed25519 is refused, never replaced', () => {
    const dir = tempDir();
    const path = join(dir, 'k.pem');
    writeFileSync(path, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(() => loadOrCreateKey(fileKeyVault(path))).toThrow(/not Ed25519/);
    expect(existsSync(path)).toBe(true);
  });

  it('signs and verifies; another text or signature does not verify', () => {
    const key = loadOrCreateKey(fileKeyVault(join(tempDir(), 'k.pem')));
    const sig = key.sign('head 12');
    expect(key.verify('head 12', sig)).toBe(true);
    expect(key.verify('head 13', sig)).toBe(false);
    expect(key.verify('head 12', 'AAAA')).toBe(false);
  });
});
