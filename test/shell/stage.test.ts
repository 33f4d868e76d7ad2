/**
 * The shell's stage channel (`CHANNELS.stage`) with the real engine and its real file store
 * on a temp folder, driven through the `ipcMain` stand-in (see stand-ins.ts), and
 * `stageFromPath` itself for the size limit and failures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Result, type StagedFile } from '../../shared/contract';
import type { Engine } from '../../main/engine/types';
import { registerIpc } from '../../main/shell/ipc';
import { isTrustedSender } from '../../main/shell/sender';
import { MAX_PATH_LENGTH, stageFromPath } from '../../main/shell/stage';
import { memoryLogger, openEngine, tempDir } from '../helpers/engine';
import { frameAt, IpcMainStandIn } from './stand-ins';

const ours = frameAt('app://valhalla/index.html');
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function setup(options: Parameters<typeof openEngine>[0] = {}) {
  const { engine } = openEngine(options);
  const log = memoryLogger();
  const ipcMain = new IpcMainStandIn();
  registerIpc(ipcMain, engine, isTrustedSender, log);
  const stage = (path: unknown, frame: ReturnType<typeof frameAt> | null = ours) =>
    ipcMain.invoke(frame, CHANNELS.stage, path) as Promise<Result<StagedFile>>;
  return { engine, log, stage };
}

/** A user's document in a temp folder (outside the store). */
function document(name: string, content: string | Buffer): string {
  const dir = join(tempDir(), 'Documents');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function storeFiles(engine: Engine): string[] {
  const dir = engine.files.dir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('shell stage channel: who may call it', () => {
  const untrusted: [string, ReturnType<typeof frameAt> | null][] = [
    ['a page of another origin', frameAt('https://evil.example/index.html')],
    ['a look-alike host', frameAt('app://valhalla.evil.example/index.html')],
    ['a subframe of our own page', frameAt('app://valhalla/index.html', ours)],
    ['a frame that is gone (null)', null],
  ];
  for (const [label, frame] of untrusted) {
    it(`refuses ${label} with forbidden, logs it, and stores nothing`, async () => {
      const { engine, log, stage } = setup();
      const path = document('bank.csv', 'date,amount\n');
      expect(errorOf(await stage(path, frame)).code).toBe('forbidden');
      const refusals = log.lines.filter((l) => l.message === 'ipc: refused a call from an untrusted frame');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]?.fields).toMatchObject({ channel: CHANNELS.stage, url: frame?.url ?? null });
      expect(storeFiles(engine)).toEqual([]);
    });
  }
});

describe('shell stage channel: storing a file the user picked', () => {
  it('copies a real file into the store and answers { sha256, size, name }', async () => {
    const { engine, stage, log } = setup();
    const content = 'date,sku,qty\n2026-11-01,A-1,3\n';
    const path = document('Verkäufe 2026.csv', content);
    const result = await stage(path);
    expect(result).toEqual({ ok: true, value: { sha256: sha(content), size: Buffer.byteLength(content), name: 'Verkäufe 2026.csv' } });
    expect(readFileSync(engine.files.pathOf(sha(content)), 'utf8')).toBe(content);
    expect(log.lines.some((l) => l.message === 'stage: file stored')).toBe(true);
  });

  it('gives the same sha256 for the same content twice and keeps one copy', async () => {
    const { engine, stage } = setup();
    const a = await stage(document('a.pdf', '%PDF-1.7 receipt'));
    const b = await stage(document('b.pdf', '%PDF-1.7 receipt'));
    expect(a.ok && b.ok && a.value.sha256 === b.value.sha256).toBe(true);
    expect(storeFiles(engine)).toHaveLength(1);
  });

  it('follows a symlink to a regular file, and keeps the name the user saw', async () => {
    const { stage } = setup();
    const target = document('scan-0001.jpg', 'JPEG');
    const link = join(tempDir(), 'receipt.jpg');
    symlinkSync(target, link);
    expect(await stage(link)).toEqual({ ok: true, value: { sha256: sha('JPEG'), size: 4, name: 'receipt.jpg' } });
  });
});

describe('shell stage channel: refusals', () => {
  const invalid: [string, () => unknown][] = [
    ['a directory', () => tempDir()],
    ['a relative path', () => join('Documents', 'bank.csv')],
    ['a path with .. but relative', () => '../../etc/passwd'],
    ['an empty string', () => ''],
    ['a number', () => 42],
    ['an object', () => ({ path: '/etc/hostname' })],
    ['an array of paths', () => ['/etc/hostname']],
    ['undefined', () => undefined],
    ['a path with a NUL byte', () => `${document('x.csv', 'x')}\0.jpg`],
    ['a UNC path (\\\\server\\share)', () => '\\\\attacker.example\\share\\x.csv'],
    ['a network path (//server/share)', () => '//attacker.example/share/x.csv'],
    ['a path longer than PATH_MAX', () => `/${'a'.repeat(MAX_PATH_LENGTH)}`],
    ['a device (/dev/null)', () => '/dev/null'],
  ];
  for (const [label, path] of invalid) {
    it(`refuses ${label} with invalid, logs it, and stores nothing`, async () => {
      const { engine, stage, log } = setup();
      const error = errorOf(await stage(path()));
      expect(error.code).toBe('invalid');
      expect(log.lines.some((l) => l.level === 'warn' && l.message.startsWith('stage:'))).toBe(true);
      expect(storeFiles(engine)).toEqual([]);
    });
  }

  it('refuses a missing file with not_found', async () => {
    const { stage, log } = setup();
    const error = errorOf(await stage(join(tempDir(), 'gone.csv')));
    expect(error.code).toBe('not_found');
    expect(log.lines.some((l) => l.message === 'stage: file refused')).toBe(true);
  });

  it.runIf(process.platform === 'linux')('refuses /proc files (main’s own environment), also behind a symlink', async () => {
    const { engine, stage } = setup();
    expect(existsSync('/proc/self/environ')).toBe(true);
    expect(errorOf(await stage('/proc/self/environ')).code).toBe('invalid');
    const link = join(tempDir(), 'innocent.csv');
    symlinkSync('/proc/self/environ', link);
    expect(errorOf(await stage(link)).code).toBe('invalid');
    expect(errorOf(await stage('/sys/kernel/mm/transparent_hugepage/enabled')).code).toMatch(/invalid|not_found/);
    expect(storeFiles(engine)).toEqual([]);
  });
});

describe('stageFromPath', () => {
  it('refuses a file over the limit with invalid and keeps nothing (no .incoming-* left)', async () => {
    const { engine } = openEngine();
    const log = memoryLogger();
    const result = await stageFromPath(engine, log, document('big.csv', Buffer.alloc(2048, 1)), 1024);
    expect(errorOf(result)).toMatchObject({ code: 'invalid', message: expect.stringContaining('larger than the limit') });
    expect(storeFiles(engine)).toEqual([]);
    expect(existsSync(engine.files.dir) ? readdirSync(engine.files.dir) : []).toEqual([]);
  });

  // A store folder where no file can be created (sysfs refuses even root). Not a folder that
  // is a file: the store would then fail before it reads the source (reported upstream).
  it.runIf(process.platform === 'linux')('answers internal and logs the error when the store itself fails (here: it cannot write)', async () => {
    const { engine } = openEngine({ filesDir: '/sys' });
    const log = memoryLogger();
    const error = errorOf(await stageFromPath(engine, log, document('a.csv', 'a')));
    expect(error).toEqual({ code: 'internal', message: 'The file could not be stored; the details are in the log.' });
    expect(log.lines.some((l) => l.level === 'error' && l.message === 'stage: storing the file failed')).toBe(true);
  });
});
