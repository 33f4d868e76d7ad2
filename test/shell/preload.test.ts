/**
 * The sandboxed preload's API wired end to end: `createPreloadApi` → the shell's real IPC
 * handlers → the real engine, with stand-ins for `ipcRenderer`/`ipcMain` only (Electron
 * cannot run here; see stand-ins.ts). Also checks the bundle a sandboxed preload needs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { ACTION_NAMES, CHANNELS, QUERY_NAMES, type EventPayload, type Result } from '../../shared/contract';
import { forwardEvents } from '../../main/host/bridge';
import { createPreloadApi, NO_PATH } from '../../main/preload/api';
import { registerIpc } from '../../main/shell/ipc';
import { isTrustedSender } from '../../main/shell/sender';
import { mainBundles } from '../../scripts/bundles.mjs';
import { memoryLogger, openEngine, tempDir } from '../helpers/engine';
import { frameAt, IpcMainStandIn } from './stand-ins';

const OWNER = { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Stands in for `webUtils.getPathForFile`, which needs Electron: a `File` the user "picked"
 * (registered with its path) has that path, one made in script has `''`, and anything that
 * is not a `File` throws, as Electron documents.
 */
function pathsOfPickedFiles() {
  const picked = new Map<File, string>();
  const pathForFile = (file: File) => {
    if (!(file instanceof File)) throw new TypeError('Error processing argument at index 0, conversion failure');
    return picked.get(file) ?? '';
  };
  return { picked, pathForFile };
}

/** The preload in our main frame, talking to the shell's handlers; events sent as `webContents.send` would. */
function wire() {
  const { engine } = openEngine();
  const log = memoryLogger();
  const ipcMain = new IpcMainStandIn();
  registerIpc(ipcMain, engine, isTrustedSender, log);
  const invoked: string[] = [];
  const eventListeners: ((message: unknown) => void)[] = [];
  const { picked, pathForFile } = pathsOfPickedFiles();
  const api = createPreloadApi(
    (channel, ...args) => {
      invoked.push(channel);
      return ipcMain.invoke(frameAt('app://valhalla/index.html'), channel, ...args);
    },
    (channel, listener) => {
      expect(channel).toBe(CHANNELS.event);
      eventListeners.push(listener);
    },
    pathForFile,
  );
  forwardEvents(engine, log, (message) => eventListeners.forEach((listener) => listener(message)));
  return { api, invoked, engine, picked };
}

describe('preload: window.valhalla', () => {
  it('exposes exactly query, dispatch, on and stageFile', () => {
    expect(Object.keys(wire().api).sort()).toEqual(['dispatch', 'on', 'query', 'stageFile']);
  });

  it('stages a picked file through the shell into the engine’s store; the page gets only sha256, size and name', async () => {
    const { api, picked, engine, invoked } = wire();
    const content = 'date,amount\n2026-11-01,-12.50\n';
    const path = join(tempDir(), 'bank statement.csv');
    writeFileSync(path, content);
    const file = new File([content], 'bank statement.csv');
    picked.set(file, path);
    const result = await api.stageFile(file);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(result).toEqual({ ok: true, value: { sha256, size: Buffer.byteLength(content), name: 'bank statement.csv' } });
    expect(JSON.stringify(result)).not.toContain(path);
    expect(engine.files.has(sha256)).toBe(true);
    expect(invoked).toEqual([CHANNELS.stage]);
  });

  it('refuses a File made in script (no path on disk) with invalid, without calling main', async () => {
    const { api, invoked } = wire();
    expect(await api.stageFile(new File(['x'], 'made-up.csv'))).toEqual({ ok: false, error: { code: 'invalid', message: NO_PATH } });
    expect(invoked).toEqual([]);
  });

  it('refuses something that is not a File with invalid, without calling main', async () => {
    const { api, invoked } = wire();
    const result = await (api.stageFile as (f: unknown) => Promise<Result<unknown>>)('/etc/passwd');
    expect(result).toEqual({ ok: false, error: { code: 'invalid', message: 'not a file' } });
    expect(invoked).toEqual([]);
  });

  it('queries and dispatches through the shell to the engine', async () => {
    const { api } = wire();
    expect(await api.query('setup.status', {})).toMatchObject({ ok: true, value: { initialized: false } });
    const result = await api.dispatch('setup.initialize', OWNER, 'execute');
    expect(result).toMatchObject({ ok: true, value: { decision: { action: 'setup.initialize', status: 'OK' } } });
    expect(await api.query('setup.status', {})).toMatchObject({ ok: true, value: { initialized: true } });
  });

  it('refuses names outside the contract without calling main', async () => {
    const { api, invoked } = wire();
    const query = (await (api.query as (n: string, p: unknown) => Promise<Result<unknown>>)('secrets.dump', {})) as Result<unknown>;
    const dispatch = await (api.dispatch as (n: string, p: unknown, m: string) => Promise<Result<unknown>>)('setup.status', {}, 'execute');
    expect(query).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(dispatch).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(invoked).toEqual([]);
    expect(() => (api.on as (e: string, l: () => void) => () => void)('ipc.raw', () => undefined)).toThrow(TypeError);
  });

  it('allows every name of the contract', async () => {
    const { api, invoked } = wire();
    for (const name of QUERY_NAMES) await (api.query as (n: string, p: unknown) => Promise<unknown>)(name, {});
    for (const name of ACTION_NAMES) await (api.dispatch as (n: string, p: unknown, m: string) => Promise<unknown>)(name, {}, 'plan');
    expect(invoked).toHaveLength(QUERY_NAMES.length + ACTION_NAMES.length);
  });

  it('delivers engine events to subscribers until they unsubscribe, and survives a throwing listener', async () => {
    const { api } = wire();
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: EventPayload<'decision.recorded'>[] = [];
    api.on('decision.recorded', () => {
      throw new Error('a broken listener');
    });
    const unsubscribe = api.on('decision.recorded', (payload) => seen.push(payload));
    await api.dispatch('setup.initialize', OWNER, 'execute');
    expect(seen).toEqual([expect.objectContaining({ action: 'setup.initialize', status: 'OK' })]);
    expect(reported).toHaveBeenCalledWith('valhalla: a listener of decision.recorded failed', expect.any(Error));
    unsubscribe();
    await api.dispatch('governance.setGoLive', { enabled: true, reason: 'go-live playbook done' }, 'execute');
    expect(seen).toHaveLength(1);
    reported.mockRestore();
  });
});

describe('bundles', () => {
  async function requiresOf(index: number): Promise<string[]> {
    const options = mainBundles(ROOT)[index];
    if (!options) throw new Error('no such bundle');
    const result = await build({ ...options, write: false, sourcemap: false, logLevel: 'silent' });
    const code = result.outputFiles.map((file) => file.text).join('\n');
    return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort();
  }

  it('the preload is one file that requires only electron (a sandboxed preload can require nothing else)', async () => {
    expect(await requiresOf(1)).toEqual(['electron']);
  });

  it('the main bundle leaves only electron, better-sqlite3, pdfkit (which reads its data files from its own folder) and Node built-ins to require', async () => {
    const external = (await requiresOf(0)).filter((name) => !name.startsWith('node:') && !builtinModules.includes(name));
    expect(external).toEqual(['better-sqlite3', 'electron', 'pdfkit']);
    // what the bundle requires must ship: a production dependency, packed by electron-builder
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of external.filter((n) => n !== 'electron')) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });
});
