/**
 * Test helpers: real SQLite files in a fresh temp folder, an injected clock, a logger that
 * keeps its lines. No mocks of our own engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ApiError, Result } from '../../shared/contract';
import { createEngine } from '../../main/engine/engine';
import type { Clock, Engine, EngineOptions, Logger } from '../../main/engine/types';
import { goLive } from './golive';

export { goLive };

const folders: string[] = [];
const engines: Engine[] = [];

/**
 * Closes the engines and removes the folders the last test opened: registered after each
 * test by test/helpers/setup.ts (vitest's `setupFiles`, which runs for every file even where
 * modules are shared between files, as a hook registered here on import would not).
 */
export function releaseTestResources(): void {
  for (const e of engines.splice(0)) e.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
}

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'valhalla-test-'));
  folders.push(dir);
  return dir;
}

/** A clock that stands still until advanced. */
export function manualClock(start = '2026-11-21T09:00:00.000Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = new Date(iso).getTime();
    },
  };
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export type MemoryLogger = Logger & { lines: LogLine[] };

export function memoryLogger(): MemoryLogger {
  const lines: LogLine[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/** Opens a real engine on a temp file; closed after the test. */
export function openEngine(options: Partial<Omit<EngineOptions, 'log'>> & { log?: MemoryLogger } = {}) {
  const dbPath = options.dbPath ?? join(tempDir(), 'valhalla.sqlite');
  const clock = options.clock ?? manualClock();
  const log = options.log ?? memoryLogger();
  const engine = createEngine({ ...options, dbPath, clock, log });
  engines.push(engine);
  return { engine, dbPath, clock, log };
}

/** Closes an engine opened by openEngine early (e.g. to reopen the same file). */
export function closeEngine(engine: Engine): void {
  const i = engines.indexOf(engine);
  if (i >= 0) engines.splice(i, 1);
  engine.close();
}

/** The error of a refused envelope, failing the test when the call succeeded instead. */
export function refusal(result: Result<unknown>): ApiError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** Rows of `table`, read through a second, read-only connection to the database file. */
export function rowCount(dbPath: string, table: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Unwraps an envelope, failing the test with the error when it is not ok. */
export function must<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** An engine with an owner (current operator) and execution on (through the Go-live playbook). */
export function liveEngine(options: Parameters<typeof openEngine>[0] = {}) {
  const opened = openEngine(options);
  const { engine } = opened;
  const { owner } = must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'Europe/Berlin' }, 'execute')).result;
  goLive(engine);
  return { ...opened, owner };
}
