import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/engine/reports/verify';
import { closeEngine, liveEngine, manualClock, must, tempDir } from '../helpers/engine';
import { JPEG_16x12, stage } from '../helpers/files';
import { entryNames, readEntry, rewriteZip } from '../helpers/zip';

/** A month of activity: band changes, a kill switch drill, a receipt with a photo, a session. */
async function monthOfActivity() {
  const clock = manualClock('2026-11-03T09:00:00.000Z');
  const opened = liveEngine({ clock });
  const { engine } = opened;
  must(engine.dispatch('governance.setBand', { band: 'C', reason: 'cash is tight' }, 'execute'));
  clock.advance(86_400_000);
  const session = must(engine.dispatch('sessions.start', { notes: 'month-end' }, 'execute')).result;
  must(engine.dispatch('governance.engageKillSwitch', { reason: 'card lost' }, 'execute'));
  must(engine.dispatch('governance.releaseKillSwitch', { reason: 'card found' }, 'execute'));
  const photo = await stage(engine, JPEG_16x12, 'till.jpg');
  must(engine.dispatch('receipts.create', { vendor: 'Corner Shop, "the" one', date: '2026-11-04', totalMinor: 1250, currency: 'EUR', attachments: [{ sha256: photo, name: 'till.jpg' }] }, 'execute'));
  must(engine.dispatch('sessions.end', { notes: 'done' }, 'execute'));
  clock.set('2026-12-02T10:00:00.000Z');
  return { ...opened, clock, session };
}

async function exportNovember(engine: Awaited<ReturnType<typeof monthOfActivity>>['engine'], extra: Record<string, unknown> = {}) {
  const outPath = join(tempDir(), 'november.zip');
  const report = must(await engine.dispatchAsync('reports.exportAudit', { from: '2026-11-01', to: '2026-11-30', outPath, ...extra }, 'execute')).result;
  return report;
}

describe('audit report bundle', () => {
  it('holds the PDF, CSV and JSONL of decisions and events, the attachments and a signed manifest, and verifies intact', async () => {
    const { engine } = await monthOfActivity();
    const preview = must(engine.query('reports.preview', { from: '2026-11-01', to: '2026-11-30' }));
    const report = await exportNovember(engine);
    expect(report.counts).toEqual(preview);
    expect(report.counts.attachments).toBe(1);
    const names = await entryNames(report.path);
    expect(names).toEqual(['report.pdf', 'decisions.jsonl', 'decisions.csv', 'audit-events.jsonl', 'audit-events.csv', 'anchors.jsonl', expect.stringMatching(/^receipts\/2026-11-04_.*_till\.jpg$/), 'manifest.json']);

    const pdf = await readEntry(report.path, 'report.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = (await readEntry(report.path, 'decisions.csv')).toString('utf8');
    expect(csv.startsWith('\ufeffid,at,operatorId')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // RFC 4180 read back by another library: every decision, quotes and commas intact
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(report.counts.decisions);
    const receipt = records.find((r) => r.action === 'receipts.create')!;
    expect(JSON.parse(receipt.params!).vendor).toBe('Corner Shop, "the" one');
    const events = (await readEntry(report.path, 'audit-events.jsonl')).toString('utf8').trim().split('\n');
    expect(events).toHaveLength(report.counts.auditEvents);
    expect(JSON.parse(events[0]!).seq).toBe(report.counts.firstSeq);

    const manifest = JSON.parse((await readEntry(report.path, 'manifest.json')).toString('utf8'));
    const key = must(engine.query('installation.key', {}));
    expect(manifest).toMatchObject({ kind: 'valhalla-audit-report', range: { from: '2026-11-01', to: '2026-11-30' }, signature: { algorithm: 'Ed25519', fingerprint: key.fingerprint } });
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(names.slice(0, -1));

    const verified = must(await engine.queryAsync('reports.verify', { path: report.path }));
    expect(verified).toMatchObject({ status: 'intact', againstDatabase: true, signature: { valid: true, sameInstallation: true }, problems: [] });
    expect(verified.eventsChecked).toBe(report.counts.auditEvents);
    // the export itself is a decision with an audit event
    const list = must(engine.query('audit.list', { action: 'reports.exportAudit', limit: 5 }));
    expect(list.items.some((e) => e.entity === 'report' && (e.after as { sha256: string }).sha256 === report.sha256)).toBe(true);
  });

  it('verify names a changed byte in decisions.csv with its row, a changed event by sequence, an added and a missing file, a forged signature', async () => {
    const { engine } = await monthOfActivity();
    const report = await exportNovember(engine);
    const dir = tempDir();

    const flipped = join(dir, 'flipped.zip');
    await rewriteZip(report.path, flipped, (name, data) => {
      if (name !== 'decisions.csv') return data;
      const copy = Buffer.from(data);
      const at = copy.indexOf('governance.setBand');
      copy[at] = 'G'.charCodeAt(0);
      return copy;
    });
    const a = await verifyBundle(flipped);
    expect(a.status).toBe('tampered');
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]).toMatchObject({ file: 'decisions.csv', row: expect.any(Number) });
    expect(a.problems[0]!.row).toBeGreaterThan(0);

    const edited = join(dir, 'edited.zip');
    await rewriteZip(report.path, edited, (name, data) => (name === 'audit-events.jsonl' ? Buffer.from(data.toString('utf8').replace('"cash is tight"', '"cash is fine"')) : data));
    const b = await verifyBundle(edited);
    expect(b.problems.map((p) => p.file)).toContain('audit-events.jsonl');
    expect(b.problems.find((p) => p.file === 'audit-events.jsonl' && p.seq !== null)?.message).toMatch(/was changed/);

    const added = join(dir, 'added.zip');
    await rewriteZip(report.path, added, undefined, { 'extra.txt': Buffer.from('hello') });
    expect((await verifyBundle(added)).problems).toEqual([expect.objectContaining({ file: 'extra.txt', message: expect.stringMatching(/added/) })]);

    const missing = join(dir, 'missing.zip');
    await rewriteZip(report.path, missing, (name, data) => (name.startsWith('receipts/') ? null : data));
    expect((await verifyBundle(missing)).problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/missing/) })]);

    const forged = join(dir, 'forged.zip');
    await rewriteZip(report.path, forged, (name, data) => {
      if (name !== 'manifest.json') return data;
      const m = JSON.parse(data.toString('utf8'));
      m.range.to = '2026-12-31';
      return Buffer.from(JSON.stringify(m));
    });
    const f = await verifyBundle(forged);
    expect(f.signature.valid).toBe(false);
    expect(f.problems[0]).toMatchObject({ file: 'manifest.json', message: expect.stringMatching(/signature does not verify/) });
  });

  it('against a database whose tail was cut, verify names the events the database lacks', async () => {
    const { engine, dbPath } = await monthOfActivity();
    const report = await exportNovember(engine);
    closeEngine(engine);
    const db = new Database(dbPath);
    const head = report.chainHead!.seq;
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq > ?').run(head - 2);
    const result = await verifyBundle(report.path, { db });
    db.close();
    expect(result.status).toBe('tampered');
    expect(result.problems.some((p) => p.seq === head && /not in this database/.test(p.message))).toBe(true);
    expect(result.problems.some((p) => p.file === 'manifest.json' && /tail was cut/.test(p.message))).toBe(true);
  });

  it('a file that is not a bundle is said so, not called tampered', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.zip'), 'not a zip at all');
    expect((await verifyBundle(join(dir, 'x.zip'))).status).toBe('not_a_bundle');
    const { engine } = await monthOfActivity();
    const report = await exportNovember(engine);
    const noManifest = join(dir, 'nomanifest.zip');
    await rewriteZip(report.path, noManifest, (name, data) => (name === 'manifest.json' ? null : data));
    expect((await verifyBundle(noManifest)).status).toBe('not_a_bundle');
  });

  it('an empty range makes a valid small bundle; one session’s bundle holds only its events', async () => {
    const { engine, session } = await monthOfActivity();
    const empty = must(await engine.dispatchAsync('reports.exportAudit', { from: '2020-01-01', to: '2020-01-31', outPath: join(tempDir(), 'empty.zip') }, 'execute')).result;
    expect(empty.counts).toMatchObject({ decisions: 0, auditEvents: 0, firstSeq: null, attachments: 0 });
    expect((await verifyBundle(empty.path)).status).toBe('intact');

    const one = must(await engine.dispatchAsync('reports.exportAudit', { from: '2026-11-01', to: '2026-11-30', sessionId: session.id, outPath: join(tempDir(), 'session.zip') }, 'execute')).result;
    const events = (await readEntry(one.path, 'audit-events.jsonl')).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { sessionId: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.sessionId === session.id)).toBe(true);
    expect((await verifyBundle(one.path)).status).toBe('intact');
  });

  it('bad input is refused with a reason and leaves no file: reversed range, unknown session, existing file, unwritable folder, not a .zip', async () => {
    const { engine } = await monthOfActivity();
    const dir = tempDir();
    const code = async (params: Record<string, unknown>) => {
      const r = await engine.dispatchAsync('reports.exportAudit', params, 'execute');
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code({ from: '2026-11-30', to: '2026-11-01', outPath: join(dir, 'a.zip') })).toBe('invalid');
    expect(await code({ from: '2026-11-01', to: '2026-11-30', sessionId: '01a241e8-9441-7001-98a6-caf734c68071', outPath: join(dir, 'b.zip') })).toBe('not_found');
    writeFileSync(join(dir, 'exists.zip'), 'x');
    expect(await code({ from: '2026-11-01', to: '2026-11-30', outPath: join(dir, 'exists.zip') })).toBe('conflict');
    expect(await code({ from: '2026-11-01', to: '2026-11-30', outPath: join(dir, 'report.pdf') })).toBe('invalid');
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(await code({ from: '2026-11-01', to: '2026-11-30', outPath: join(locked, 'c.zip') })).toBe('invalid');
    }
    const blocker = join(dir, 'file-not-folder');
    writeFileSync(blocker, 'x');
    expect(await code({ from: '2026-11-01', to: '2026-11-30', outPath: join(blocker, 'c.zip') })).toBe('invalid');
    expect(readdirSync(dir).sort()).toEqual(['exists.zip', 'file-not-folder', ...(process.getuid?.() !== 0 ? ['locked'] : [])].sort());
    // each refusal is a decision
    const refused = must(engine.query('decisions.list', { action: 'reports.exportAudit', limit: 20 }));
    expect(refused.items.filter((d) => d.status !== 'OK').length).toBeGreaterThanOrEqual(5);
  });

  it('a guest may not export; an auditor may', async () => {
    const { engine } = await monthOfActivity();
    const guest = must(engine.dispatch('operators.create', { name: 'Gus', role: 'guest' }, 'execute')).result;
    const auditor = must(engine.dispatch('operators.create', { name: 'Aud', role: 'auditor' }, 'execute')).result;
    const params = { from: '2026-11-01', to: '2026-11-30' };
    const byGuest = await engine.dispatchAsync('reports.exportAudit', { ...params, outPath: join(tempDir(), 'g.zip') }, 'execute', { operatorId: guest.id });
    expect(byGuest.ok ? null : byGuest.error.code).toBe('forbidden');
    expect((await engine.dispatchAsync('reports.exportAudit', { ...params, outPath: join(tempDir(), 'a.zip') }, 'execute', { operatorId: auditor.id })).ok).toBe(true);
  });

  it('the default folder is reports/ beside the database, and plan mode writes nothing', async () => {
    const { engine, dbPath } = await monthOfActivity();
    const plan = must(await engine.dispatchAsync('reports.exportAudit', { from: '2026-11-01', to: '2026-11-30' }, 'plan')).result;
    expect(plan.size).toBe(0);
    const folder = join(dbPath, '..', 'reports');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    const report = await exportNovember(engine, { outPath: undefined });
    expect(report.path.startsWith(folder)).toBe(true);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('Month-end’s export step takes the bundle’s SHA-256 as evidence, and refuses one this installation did not export', async () => {
    const { engine } = await monthOfActivity();
    const report = await exportNovember(engine);
    const run = must(engine.dispatch('playbooks.start', { key: 'month-end' }, 'execute')).result;
    for (const step of run.steps.slice(0, -1)) must(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: step.key, evidence: { number: 0 } }, 'execute'));
    const last = run.steps.at(-1)!;
    expect(last).toMatchObject({ key: 'audit-report', requiredEvidence: ['bundle'], link: 'reports' });
    const wrong = engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: last.key, evidence: { bundleSha256: 'a'.repeat(64) } }, 'execute');
    expect(wrong.ok ? null : wrong.error.code).toBe('not_found');
    const done = must(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: last.key, evidence: { bundleSha256: report.sha256 } }, 'execute')).result;
    expect(done.status).toBe('completed');
  });
});

/** A 24 KiB tmpfs, where the machine lets this process mount one (root on Linux); null elsewhere. */
function tinyDisk(): { path: string; release(): void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const path = join(tempDir(), 'tiny');
  mkdirSync(path);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', path]);
  if (mounted.status !== 0) return null;
  return { path, release: () => void spawnSync('umount', [path]) };
}

describe('a full disk', () => {
  it('mid-export: a clear error, no file left with the final name or a temporary one', async (ctx) => {
    const disk = tinyDisk();
    if (!disk) {
      ctx.skip(); // needs a small tmpfs (root on Linux); said here so a skip is not silent
      return;
    }
    try {
      const { engine } = await monthOfActivity();
      const r = await engine.dispatchAsync('reports.exportAudit', { from: '2026-11-01', to: '2026-11-30', outPath: join(disk.path, 'month.zip') }, 'execute');
      expect(r.ok ? '' : r.error.message).toMatch(/disk is full.*no file was left/);
      expect(readdirSync(disk.path)).toEqual([]);
      // and a backup to the same disk
      must(engine.dispatch('backup.configure', { folder: disk.path }, 'execute'));
      const b = await engine.dispatchAsync('backup.run', {}, 'execute');
      expect(b.ok ? '' : b.error.message).toMatch(/disk is full; nothing was kept/);
      expect(readdirSync(disk.path)).toEqual([]);
    } finally {
      disk.release();
    }
  });
});
