/**
 * The shell's IPC entry with the real engine on a temp SQLite file, driven through a
 * stand-in for `ipcMain` (see stand-ins.ts: Electron cannot run here).
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Result } from '../../shared/contract';
import { registerIpc } from '../../main/shell/ipc';
import { isTrustedSender } from '../../main/shell/sender';
import { memoryLogger, openEngine } from '../helpers/engine';
import { frameAt, IpcMainStandIn } from './stand-ins';

const OWNER = { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' };
const ours = frameAt('app://valhalla/index.html');

function setup() {
  const { engine } = openEngine();
  const log = memoryLogger();
  const ipcMain = new IpcMainStandIn();
  const unregister = registerIpc(ipcMain, engine, isTrustedSender, log);
  const invoke = (frame: Parameters<IpcMainStandIn['invoke']>[0], channel: string, ...args: unknown[]) =>
    ipcMain.invoke(frame, channel, ...args) as Promise<Result<unknown>>;
  return { engine, log, ipcMain, unregister, invoke };
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('shell ipc: registration', () => {
  it('registers exactly the contract’s two call channels and the stage channel, and removes them again', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([CHANNELS.dispatch, CHANNELS.query, CHANNELS.stage].sort());
    expect(ipcMain.handlers.has(CHANNELS.event)).toBe(false);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('shell ipc: senders', () => {
  it('answers our own main frame with the engine’s envelope', async () => {
    const { invoke } = setup();
    expect(await invoke(ours, CHANNELS.query, 'setup.status', {})).toEqual({
      ok: true,
      value: { initialized: false, schemaVersion: expect.any(Number) },
    });
  });

  const untrusted: [string, ReturnType<typeof frameAt> | null][] = [
    ['a page of another origin', frameAt('https://evil.example/index.html')],
    ['another app:// host', frameAt('app://evil/index.html')],
    ['a look-alike host', frameAt('app://valhalla.evil.example/index.html')],
    ['a file:// page', frameAt('file:///tmp/index.html')],
    ['a subframe of our own page', frameAt('app://valhalla/index.html', ours)],
    ['a subframe of another origin inside our page', frameAt('https://evil.example/', ours)],
    ['a frame that is gone (null)', null],
  ];
  for (const [label, frame] of untrusted) {
    it(`refuses ${label} with forbidden, logs it, and the engine does nothing`, async () => {
      const { invoke, log } = setup();
      const dispatched = await invoke(frame, CHANNELS.dispatch, 'setup.initialize', OWNER, 'execute');
      expect(errorOf(dispatched).code).toBe('forbidden');
      expect(errorOf(await invoke(frame, CHANNELS.query, 'setup.status', {})).code).toBe('forbidden');
      const refusals = log.lines.filter((l) => l.message === 'ipc: refused a call from an untrusted frame');
      expect(refusals).toHaveLength(2);
      expect(refusals[0]?.fields).toMatchObject({ channel: CHANNELS.dispatch, url: frame?.url ?? null });
      expect(await invoke(ours, CHANNELS.query, 'setup.status', {})).toMatchObject({ ok: true, value: { initialized: false } });
    });
  }
});

describe('shell ipc: calls', () => {
  it('runs a dispatch through the dispatcher and returns the decision', async () => {
    const { invoke } = setup();
    const result = await invoke(ours, CHANNELS.dispatch, 'setup.initialize', OWNER, 'execute');
    expect(result).toMatchObject({ ok: true, value: { decision: { action: 'setup.initialize', status: 'OK', mode: 'execute' } } });
    expect(await invoke(ours, CHANNELS.query, 'setup.status', {})).toMatchObject({ ok: true, value: { initialized: true } });
  });

  it('plans without changing anything', async () => {
    const { invoke } = setup();
    expect(await invoke(ours, CHANNELS.dispatch, 'setup.initialize', OWNER, 'plan')).toMatchObject({ ok: true });
    expect(await invoke(ours, CHANNELS.query, 'setup.status', {})).toMatchObject({ ok: true, value: { initialized: false } });
  });

  const refused: [string, string, unknown[], string][] = [
    ['an unknown query', CHANNELS.query, ['secrets.dump', {}], 'unknown query'],
    ['an action on the query channel', CHANNELS.query, ['setup.initialize', OWNER], 'unknown query'],
    ['a query on the dispatch channel', CHANNELS.dispatch, ['setup.status', {}, 'execute'], 'unknown action'],
    ['a name that is not a string', CHANNELS.query, [{ toString: () => 'setup.status' }, {}], 'name'],
    ['a dispatch without a mode', CHANNELS.dispatch, ['setup.initialize', OWNER], 'mode'],
    ['a dispatch with a made-up mode', CHANNELS.dispatch, ['setup.initialize', OWNER, 'force'], 'mode'],
  ];
  for (const [label, channel, args, mentions] of refused) {
    it(`refuses ${label} with invalid before the engine runs it`, async () => {
      const { invoke, log } = setup();
      const error = errorOf(await invoke(ours, channel, ...args));
      expect(error.code).toBe('invalid');
      expect(error.message).toContain(mentions);
      expect(log.lines.some((l) => l.message === 'call refused before the engine')).toBe(true);
      expect(await invoke(ours, CHANNELS.query, 'setup.status', {})).toMatchObject({ ok: true, value: { initialized: false } });
    });
  }

  it('passes the engine’s validation of params through (invalid with field paths)', async () => {
    const { invoke } = setup();
    const error = errorOf(await invoke(ours, CHANNELS.dispatch, 'setup.initialize', { ...OWNER, ownerName: '' }, 'execute'));
    expect(error.code).toBe('invalid');
    expect(error.details?.issues?.some((i) => i.path.includes('ownerName'))).toBe(true);
  });
});
