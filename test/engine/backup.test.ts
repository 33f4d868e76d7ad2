import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotationRemovals } from '../../main/engine/backup/backup';
import { canonicalJson } from '../../main/engine/governance/canonical';
import { fileKeyVault, loadOrCreateKey } from '../../main/engine/governance/installation-key';
import { defaultAnchorsPath, defaultKeyPath } from '../../main/engine/engine';
import { LATEST_VERSION } from '../../main/engine/db/migrations';
import { liveEngine, manualClock, must, tempDir } from '../helpers/engine';
import { JPEG_16x12, stage } from '../helpers/files';
import { readEntry, rewriteZip } from '../helpers/zip';

async function withBackupFolder(clock = manualClock('2026-12-01T09:00:00.000Z')) {
  const opened = liveEngine({ clock });
  const folder = join(tempDir(), 'backups');
  must(opened.engine.dispatch('backup.configure', { folder }, 'execute'));
  return { ...opened, folder, clock };
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('backups', () => {
  it('backs up the database, its files and anchors into one verified zip, and records it', async () => {
    const { engine, folder, dbPath } = await withBackupFolder();
    const photo = await stage(engine, JPEG_16x12, 'till.jpg');
    must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-30', totalMinor: 420, currency: 'EUR', attachments: [{ sha256: photo, name: 'till.jpg' }] }, 'execute'));
    const backup = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    expect(backup).toMatchObject({ kind: 'manual', verified: true, schemaVersion: LATEST_VERSION, counts: { receipts: 1 } });
    expect(readdirSync(folder)).toEqual([backup.path.split('/').at(-1)]);
    expect(statSync(backup.path).size).toBe(backup.size);
    const manifest = JSON.parse((await readEntry(backup.path, 'manifest.json')).toString('utf8'));
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['valhalla.sqlite', 'anchors.jsonl', `files/${photo.slice(0, 2)}/${photo}`]));
    // its head is an anchor, followed by the head that recorded the backup
    const lines = readFileSync(defaultAnchorsPath(dbPath), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; seq: number; note: string | null });
    expect(lines.at(-2)).toMatchObject({ kind: 'backup', seq: backup.chainHead!.seq, note: backup.path });
    expect(lines.at(-1)).toMatchObject({ kind: 'head', seq: must(engine.query('governance.state', {})).chainHead!.seq });
    const status = must(engine.query('backup.status', {}));
    expect(status).toMatchObject({ folder, last: { id: backup.id }, staleAfterDays: 2, retention: { daily: 7, weekly: 4, monthly: 12 } });
    expect(must(engine.query('governance.state', {})).health.reasons.map((r) => r.code)).not.toContain('backup_none');
  });

  it('health turns yellow when a folder is set and the last backup is older than two days', async () => {
    const { engine, clock } = await withBackupFolder();
    expect(must(engine.query('governance.state', {})).health.reasons.map((r) => r.code)).toContain('backup_none');
    must(await engine.dispatchAsync('backup.run', {}, 'execute'));
    clock.advance(3 * 86_400_000);
    const reasons = must(engine.query('governance.state', {})).health.reasons;
    expect(reasons.find((r) => r.code === 'backup_stale')?.message).toMatch(/3 days old/);
  });

  it('restores yesterday’s backup: the data returns, the current state was backed up first, and the chain verifies against its anchor', async () => {
    const { engine, folder, clock } = await withBackupFolder();
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'before the backup' }, 'execute'));
    const yesterday = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    clock.advance(86_400_000);
    must(engine.dispatch('governance.setBand', { band: 'A', reason: 'after the backup' }, 'execute'));
    const itemCount = must(engine.query('inventory.items', {})).total;
    must(engine.dispatch('inventory.createItem', { name: 'Flour', unit: 'kg' }, 'execute'));
    expect(must(engine.query('inventory.items', {})).total).toBe(itemCount + 1);

    const preview = must(await engine.queryAsync('backup.inspect', { path: yesterday.path }));
    expect(preview).toMatchObject({ createdAt: yesterday.at, chainHead: yesterday.chainHead, signature: { valid: true, sameInstallation: true } });
    const restored = must(await engine.dispatchAsync('backup.restore', { path: yesterday.path, reason: 'undo the afternoon' }, 'execute')).result;
    expect(restored.after.chainHead).toEqual(yesterday.chainHead);
    // the restore's own events follow on the restored chain
    expect(must(engine.query('governance.state', {})).chainHead!.seq).toBeGreaterThan(yesterday.chainHead!.seq);
    expect(existsSync(restored.preRestoreBackup)).toBe(true);
    expect(must(engine.query('governance.state', {})).band.current).toBe('C');
    expect(must(engine.query('inventory.items', {})).total).toBe(itemCount);

    const check = must(engine.query('audit.verify', {}));
    expect(check).toMatchObject({ ok: true, anchor: { status: 'ok', anchor: { kind: 'restore' } } });
    expect(must(engine.query('governance.state', {})).health.level).not.toBe('red');
    // the history keeps every backup, the pre-restore one included
    const history = must(engine.query('backup.status', {})).history;
    expect(history.map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);
    expect(history.find((b) => b.kind === 'pre-restore')?.path).toBe(restored.preRestoreBackup);
    expect(readdirSync(folder)).toHaveLength(2);
    // the restore is in the restored chain, with what was replaced
    const events = must(engine.query('audit.list', { action: 'backup.restore', limit: 5 })).items;
    expect(events.find((e) => e.entity === 'database')?.after).toMatchObject({ restoredFrom: yesterday.path, reason: 'undo the afternoon' });
  });

  it('refuses a file that is not ours, a truncated one, a changed one and one from a newer schema, and changes nothing', async () => {
    const { engine, dbPath } = await withBackupFolder();
    const good = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    must(engine.dispatch('governance.setBand', { band: 'C', reason: 'a change after the backup' }, 'execute'));
    const head = must(engine.query('governance.state', {})).chainHead;
    const dir = tempDir();

    const text = join(dir, 'notes.zip');
    writeFileSync(text, 'hello');
    const cut = join(dir, 'cut.zip');
    copyFileSync(good.path, cut);
    truncateSync(cut, Math.floor(good.size / 2));
    const changed = join(dir, 'changed.zip');
    await rewriteZip(good.path, changed, (name, data) => (name === 'anchors.jsonl' ? Buffer.concat([data, Buffer.from('\n')]) : data));
    const newer = join(dir, 'newer.zip');
    const key = loadOrCreateKey(fileKeyVault(defaultKeyPath(dbPath)));
    await rewriteZip(good.path, newer, (name, data) => {
      if (name !== 'manifest.json') return data;
      const { signature: _, ...body } = JSON.parse(data.toString('utf8'));
      const next = { ...body, schemaVersion: LATEST_VERSION + 1 };
      return Buffer.from(JSON.stringify({ ...next, signature: { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint, value: key.sign(canonicalJson(next)) } }));
    });
    const other = join(dir, 'report.zip');
    await rewriteZip(good.path, other, (name, data) => (name === 'manifest.json' ? Buffer.from(JSON.stringify({ ...JSON.parse(data.toString('utf8')), kind: 'valhalla-audit-report' })) : data));

    for (const [file, pattern] of [
      [text, /not a complete zip/],
      [cut, /not a complete zip/],
      [changed, /differs from its manifest/],
      [newer, /newer version/],
      [other, /not a backup/],
      [join(dir, 'absent.zip'), /no backup file/],
    ] as const) {
      const r = await engine.dispatchAsync('backup.restore', { path: file, reason: 'try it' }, 'execute');
      expect(r.ok, file).toBe(false);
      expect(r.ok ? '' : r.error.message).toMatch(pattern);
    }
    expect(must(engine.query('governance.state', {})).band.current).toBe('C');
    // the refusals are decisions; nothing else changed
    expect(must(engine.query('audit.verify', {})).anchor.status).toBe('ok');
    expect(must(engine.query('governance.state', {})).chainHead!.seq).toBeGreaterThan(head!.seq);
    expect(must(engine.query('backup.status', {})).history).toHaveLength(1);
  });

  it('refuses to restore while another operator’s work session is active, or another long action runs', async () => {
    const { engine, clock } = await withBackupFolder();
    const backup = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    clock.advance(60_000);
    const sam = must(engine.dispatch('operators.create', { name: 'Sam', role: 'admin' }, 'execute')).result;
    must(engine.dispatch('sessions.start', { notes: 'stocktake' }, 'execute', { operatorId: sam.id }));
    const r = await engine.dispatchAsync('backup.restore', { path: backup.path, reason: 'roll back' }, 'execute');
    expect(code(r)).toBe('conflict');
    expect(r.ok ? '' : r.error.message).toMatch(/Sam's work session is active/);
    must(engine.dispatch('sessions.end', {}, 'execute', { operatorId: sam.id }));

    const running = engine.dispatchAsync('backup.run', {}, 'execute');
    const during = await engine.dispatchAsync('backup.restore', { path: backup.path, reason: 'roll back' }, 'execute');
    expect(code(during)).toBe('conflict');
    expect(during.ok ? '' : during.error.message).toMatch(/another long action/);
    expect(code(await running)).toBe('ok');
  });

  it('configure refuses a folder that cannot be written; run without a folder says to choose one; only an owner restores', async () => {
    const { engine, folder } = await withBackupFolder();
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const bad = engine.dispatch('backup.configure', { folder: join(file, 'sub') }, 'execute');
    expect(code(bad)).toBe('invalid');
    expect(must(engine.query('backup.status', {})).folder).toBe(folder);
    expect(code(engine.dispatch('backup.configure', { folder: '' }, 'execute'))).toBe('invalid');

    const fresh = liveEngine();
    const none = await fresh.engine.dispatchAsync('backup.run', {}, 'execute');
    expect(none.ok ? '' : none.error.message).toMatch(/no backup folder is set/);

    const backup = must(await engine.dispatchAsync('backup.run', {}, 'execute')).result;
    const admin = must(engine.dispatch('operators.create', { name: 'Ada', role: 'admin' }, 'execute')).result;
    expect(code(await engine.dispatchAsync('backup.restore', { path: backup.path, reason: 'not mine to do' }, 'execute', { operatorId: admin.id }))).toBe('forbidden');
    expect(code(await engine.dispatchAsync('backup.restore', { path: backup.path, reason: 'x' }, 'execute'))).toBe('invalid');
  });

  it('the daily backup job backs up through the scheduler as system once a folder is set', async () => {
    const { engine } = await withBackupFolder(manualClock('2026-12-01T04:10:00.000Z'));
    const runs = await engine.scheduler.tick();
    const run = runs.find((r) => r.job === 'daily-backup');
    expect(run).toMatchObject({ status: 'ok' });
    const decision = must(engine.query('decisions.get', { id: run!.decisionId! }));
    expect(decision).toMatchObject({ action: 'backup.run', operatorName: 'system' });
    expect(must(engine.query('backup.status', {})).last?.kind).toBe('scheduled');
    const jobs = must(engine.query('scheduler.jobs', {}));
    expect(jobs.find((j) => j.name === 'daily-backup')).toMatchObject({ lastRun: { status: 'ok' }, nextRunAt: '2026-12-02T02:30:00.000Z' });
  });
});

describe('rotation', () => {
  const at = (day: string, time = '03:30') => ({ at: `${day}T${time}:00.000Z`, day });

  it('keeps the newest of each of the last 7 days, 4 weeks and 12 months, and always the newest', () => {
    const days: { at: string; day: string }[] = [];
    for (let d = new Date('2025-10-01'); d <= new Date('2026-12-04'); d = new Date(d.getTime() + 86_400_000)) days.push(at(d.toISOString().slice(0, 10)));
    days.push(at('2026-12-04', '12:00'));
    const removed = new Set(rotationRemovals(days, '2026-12-04').map((b) => b.at));
    const kept = days.filter((b) => !removed.has(b.at)).map((b) => b.at.slice(0, 16));
    expect(kept).toContain('2026-12-04T12:00'); // newest overall
    expect(kept).not.toContain('2026-12-04T03:30'); // the same day's older one
    for (const d of ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']) expect(kept).toContain(`${d}T03:30`);
    expect(kept).toContain('2026-11-22T03:30'); // Sunday: newest of its ISO week
    expect(kept).toContain('2026-11-15T03:30');
    expect(kept).toContain('2026-10-31T03:30'); // newest of October
    expect(kept).toContain('2026-01-31T03:30'); // twelfth month back
    expect(kept).not.toContain('2025-12-31T03:30'); // thirteenth: gone
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
  });

  it('removes nothing from an empty or a single backup', () => {
    expect(rotationRemovals([], '2026-12-04')).toEqual([]);
    expect(rotationRemovals([at('2020-01-01')], '2026-12-04')).toEqual([]);
  });
});

describe('Go-live steps 7 and 8', () => {
  it('step 7 completes only once a backup folder is set and a backup verified; step 8 once the daily backup job is due', async () => {
    const { engine } = liveEngine();
    const run = must(engine.dispatch('playbooks.start', { key: 'go-live' }, 'execute')).result;
    for (const step of run.steps.slice(0, 6)) must(engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: step.key, evidence: { note: 'ok' } }, 'execute'));
    const complete = (key: string) => engine.dispatch('playbooks.completeStep', { runId: run.id, stepKey: key, evidence: { note: 'ok' } }, 'execute');
    const first = complete('backup-folder');
    expect(first.ok ? '' : first.error.message).toMatch(/choose a backup folder/);
    must(engine.dispatch('backup.configure', { folder: join(tempDir(), 'b') }, 'execute'));
    const second = complete('backup-folder');
    expect(second.ok ? '' : second.error.message).toMatch(/make a first backup/);
    must(await engine.dispatchAsync('backup.run', {}, 'execute'));
    must(complete('backup-folder'));
    must(complete('scheduler-review'));
  });
});
