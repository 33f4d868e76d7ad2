/**
 * Property-based fuzzing of the whole contract (issue 18, item 2), free of vitest so
 * `npm test` (a fast run) and `npm run soak` (a long one) share it.
 *
 * Every action and every query the contract declares (read from `actions` and `queries`,
 * so a new call is fuzzed without a line here) gets `numRuns` params from fast-check (see
 * fuzz-inputs.ts): params shaped by the call's own schema, mutations of those, and junk.
 * Actions go through `engine.call('dispatch', …)` — the transports' entry — in `plan` and
 * `execute` (and now and then a junk mode), queries through `engine.call('query', …)`.
 * For each call:
 *
 * - (a) nothing throws; the answer is an envelope that survives JSON;
 * - (b) `{ ok: true, value }` or `{ ok: false, error: { code, message } }` with `code` one of
 *   ERROR_CODES, and never `internal` (an unexpected throw caught at the boundary is a crash);
 *   a message at most MAX_MESSAGE_CHARS and a whole refusal at most MAX_REFUSAL_CHARS;
 * - (c) an `invalid` refusal, and any call in `plan` mode, leaves every table but
 *   `decisions` and (execute only) `audit_events` exactly as it was;
 * - (d) an action with a valid mode carries its decision, which `decisions.get` finds, with
 *   its action, mode and a status matching the code, stored in at most MAX_DECISION_CHARS
 *   of JSON (INVALID ones in at most MAX_INVALID_DECISION_CHARS);
 * - (e) a query, or an action refused for its mode, changes nothing at all;
 * and at the end `audit.verify` is ok.
 *
 * State is compared through a second, read-only connection: per table a hash of its rows
 * (`decisions` and `audit_events`, append-only, by count and last rowid), recomputed only
 * when SQLite's `data_version` says another connection committed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { actions, ERROR_CODES, queries, type ActionName, type ErrorCode, type QueryName } from '../../shared/contract';
import { MAX_STORED_TEXT_CHARS } from '../../main/engine/governance/limits';
import type { Engine } from '../../main/engine/types';
import { junkParams, mutated, nastyScalar, ownObject, schemaArbitrary, type ValuePools } from './fuzz-inputs';
import { unwrap, type Envelope } from './unwrap';

/**
 * The most characters of JSON one decision may take: a reason and each gate's reason are
 * cut at MAX_STORED_TEXT_CHARS, invalid params are stored whole only up to 4,096
 * characters of canonical JSON, valid params are bounded by their schemas — 16 × 4,096
 * (64 KiB) leaves room for JSON escaping (up to 6 characters for one) and a dozen gates.
 */
export const MAX_DECISION_CHARS = 16 * MAX_STORED_TEXT_CHARS;
/** The most for an INVALID decision: params (4,096) and reason (4,096), each escaped at most ~3×, and the fixed fields. */
export const MAX_INVALID_DECISION_CHARS = 8 * MAX_STORED_TEXT_CHARS;
/** The longest error message: a stored reason (MAX_STORED_TEXT_CHARS) and the "… N more characters" it may end with. */
export const MAX_MESSAGE_CHARS = MAX_STORED_TEXT_CHARS + 64;
/** The most characters of JSON a refusal may take: its decision, and up to 100 field issues of at most 2,048 characters each. */
export const MAX_REFUSAL_CHARS = 64 * MAX_STORED_TEXT_CHARS;

/** Keys whose string values the engine reads as file system paths: kept inside the fuzz's scratch folder. */
const PATH_KEYS = new Set(['path', 'folder', 'outPath', 'backupFolder', 'dataFolder', 'dir', 'directory', 'file']);
/** Append-only tables, fingerprinted by count and last rowid. */
const APPEND_ONLY = new Set(['decisions', 'audit_events']);

type Kind = 'action' | 'query';

/** What the fuzzer needs of an engine (a wrapper around one, in the harness's own test). */
export type FuzzedEngine = Pick<Engine, 'call' | 'query' | 'dbPath'>;

export interface FuzzProgress {
  kind: Kind;
  name: string;
  /** Names done so far, this one included, of `total`. */
  done: number;
  total: number;
  /** Calls made so far in all. */
  inputs: number;
  failures: number;
}

export interface FuzzOptions {
  engine: FuzzedEngine;
  /** Params generated per action and per query. */
  numRuns: number;
  /** fast-check's seed; each name runs with `seed` plus its index. Default: random (reported). */
  seed?: number;
  /** Only these actions and queries (default: every one of the contract). */
  names?: readonly string[];
  /** Where path params point (default: a temporary folder, removed at the end). */
  scratchDir?: string;
  /** Called before each name's runs, e.g. to put governance back (operator, kill switch, go-live) after the previous name's. */
  beforeEachName?: (kind: Kind, name: string) => void | Promise<void>;
  onProgress?: (progress: FuzzProgress) => void;
}

/** One name's counts. `outcomes` counts `ok` and each refusal code. */
export interface NameStats {
  kind: Kind;
  inputs: number;
  /** Inputs its schema accepted (they reached permission, gates and handler). */
  schemaValid: number;
  /** Schema-valid examples found to mutate. */
  validExamples: number;
  outcomes: Record<string, number>;
  /** Time spent on this name, shrinking included. */
  seconds: number;
}

/** A property that failed, with fast-check's shrunk counterexample and what replays it. */
export interface FuzzFailure {
  kind: Kind;
  name: string;
  /** What was wrong, e.g. "threw TypeError: …" or "invalid changed state: items". */
  error: string;
  /** The shrunk params and mode, as a bounded preview (long strings and deep values shortened). */
  counterexample: string;
  seed: number;
  path: string;
  /** `fuzzContract({ …, names: [name], seed, numRuns })` finds it again (on an engine in the same state). */
  replay: string;
}

export interface FuzzReport {
  seed: number;
  numRuns: number;
  actions: number;
  queries: number;
  /** Calls made in all, shrinking included. */
  inputs: number;
  ok: number;
  refusals: Partial<Record<ErrorCode, number>>;
  byName: Record<string, NameStats>;
  /** Names for which no schema-valid example was found (their mutations start from near-valid params). */
  withoutValidExample: string[];
  failures: FuzzFailure[];
  auditVerified: boolean;
  seconds: number;
}

/** A bounded, readable rendering of any value: strings past 120 characters and nesting past 8 levels are shortened. */
export function preview(value: unknown, depth = 8): string {
  if (typeof value === 'string') return value.length > 120 ? `${JSON.stringify(value.slice(0, 60))}…(${value.length} chars)` : JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth <= 0) return Array.isArray(value) ? '[…]' : '{…}';
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map((v) => preview(v, depth - 1));
    return `[${shown.join(',')}${value.length > 8 ? `,…(${value.length} items)` : ''}]`;
  }
  const entries = Object.entries(value);
  const shown = entries.slice(0, 12).map(([k, v]) => `${JSON.stringify(k)}:${preview(v, depth - 1)}`);
  const tag = Object.getPrototypeOf(value) === Object.prototype ? '' : `${(value as object).constructor?.name ?? 'null-proto'}`;
  return `${tag}{${shown.join(',')}${entries.length > 12 ? `,…(${entries.length} keys)` : ''}}`;
}

/** `value` with every string under a path key moved into `scratch` (no `..`, no leading `/`); what the schema refuses anyway is left. */
function confinePaths(value: unknown, scratch: string, depth = 8): unknown {
  if (value === null || typeof value !== 'object' || depth <= 0 || value instanceof Date || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return value;
  if (Array.isArray(value)) return value.map((v) => confinePaths(v, scratch, depth - 1));
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => {
    if (PATH_KEYS.has(k) && typeof v === 'string' && v.trim() !== '' && v.length <= 4096 && !v.includes('\0')) {
      return [k, join(scratch, 'p', v.replace(/\.\./g, '__').replace(/^[/~\\]+/, ''))];
    }
    return [k, confinePaths(v, scratch, depth - 1)];
  });
  const copy = ownObject(entries);
  if (Object.getPrototypeOf(value) === null) Object.setPrototypeOf(copy, null);
  return copy;
}

/** Reads the database beside the engine: table fingerprints, and strings to shape params with. */
function observer(dbPath: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string | null }[])
    .filter((t) => !/CREATE VIRTUAL TABLE/i.test(t.sql ?? ''))
    .map((t) => t.name);
  const quoted = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const readers = tables.map((t) => ({
    name: t,
    rows: APPEND_ONLY.has(t) ? db.prepare(`SELECT count(*), max(rowid) FROM ${quoted(t)}`).raw() : db.prepare(`SELECT * FROM ${quoted(t)}`).raw(),
    sample: APPEND_ONLY.has(t) ? db.prepare(`SELECT id FROM ${quoted(t)} ORDER BY rowid DESC LIMIT 20`).raw() : db.prepare(`SELECT * FROM ${quoted(t)} LIMIT 200`).raw(),
  }));
  let cached: { version: number; tables: Map<string, string> } | null = null;
  return {
    /** Per table, a hash of its rows (append-only ones: count and last rowid); cached while nothing was committed. */
    fingerprint(): Map<string, string> {
      const version = db.pragma('data_version', { simple: true }) as number;
      if (cached && cached.version === version) return cached.tables;
      const result = new Map<string, string>();
      for (const r of readers) result.set(r.name, createHash('sha1').update(JSON.stringify(r.rows.all())).digest('hex'));
      cached = { version, tables: result };
      return result;
    },
    /** Short strings stored in the database (ids, names, keys, codes) and the contract's call names, so shaped params name what exists. */
    pools(): ValuePools {
      const strings = new Set<string>();
      for (const r of readers) {
        for (const row of r.sample.all() as unknown[][]) for (const v of row) if (typeof v === 'string' && v.length > 0 && v.length <= 120) strings.add(v);
      }
      // the contract's own names too: params that name an action (approvals, assess) need one
      return { strings: [...[...strings].slice(0, 400), ...Object.keys(actions), ...Object.keys(queries)] };
    },
    close: () => db.close(),
  };
}

function changedTables(before: Map<string, string>, after: Map<string, string>, ignore: ReadonlySet<string>): string[] {
  return [...after.keys()].filter((t) => !ignore.has(t) && before.get(t) !== after.get(t));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const STATUS_OF: Record<ErrorCode, string[]> = {
  invalid: ['INVALID'],
  forbidden: ['BLOCKED'],
  blocked: ['BLOCKED'],
  pending_approval: ['PENDING_APPROVAL'],
  not_found: ['ERROR'],
  conflict: ['ERROR'],
  internal: ['ERROR'],
};

interface CallOutcome {
  problems: string[];
  outcome: string;
}

/** Makes one call and checks properties (a)–(e); returns what was wrong (nothing when all hold) and the outcome. */
async function checkCall(engine: FuzzedEngine, watch: ReturnType<typeof observer>, kind: Kind, name: string, params: unknown, mode: unknown): Promise<CallOutcome> {
  const problems: string[] = [];
  const before = watch.fingerprint();
  let result: unknown;
  try {
    result = kind === 'action' ? await engine.call('dispatch', name, params, mode) : await engine.call('query', name, params);
  } catch (error) {
    return { problems: [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`], outcome: 'threw' };
  }
  const after = watch.fingerprint();
  // (a) an envelope that survives JSON (the WebSocket's and the CLI's transport)
  let json: string;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    problems.push(`the answer is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    json = '';
  }
  // (b) its shape and code
  if (!isRecord(result) || typeof result.ok !== 'boolean') return { problems: [...problems, `not an envelope: ${preview(result, 2)}`], outcome: 'not an envelope' };
  let code: ErrorCode | null = null;
  if (result.ok) {
    if (!('value' in result)) problems.push('ok without a value');
  } else {
    const error = result.error;
    if (!isRecord(error) || typeof error.message !== 'string') return { problems: [...problems, `a refusal without { code, message }: ${preview(error, 2)}`], outcome: 'not an envelope' };
    if (!(ERROR_CODES as readonly unknown[]).includes(error.code)) problems.push(`unknown error code ${preview(error.code)}`);
    else code = error.code as ErrorCode;
    if (code === 'internal') problems.push(`internal error (a crash caught at the boundary): ${error.message.slice(0, 300)}`);
    if (error.message.length > MAX_MESSAGE_CHARS) problems.push(`a message of ${error.message.length} characters`);
    if (json.length > MAX_REFUSAL_CHARS) problems.push(`a refusal of ${json.length} characters of JSON`);
  }
  const outcome = code ?? 'ok';

  if (kind === 'query' || (mode !== 'plan' && mode !== 'execute')) {
    // (e) a query, or an action refused for its mode before the dispatcher, changes nothing
    const changed = changedTables(before, after, new Set());
    if (changed.length > 0) problems.push(`${kind === 'query' ? 'a query' : 'a refused mode'} changed ${changed.join(', ')}`);
    if (kind === 'action' && code !== 'invalid') problems.push(`mode ${preview(mode)} was not refused as invalid (${outcome})`);
    return { problems, outcome };
  }

  // (c) invalid params, or plan mode, change only the decisions (and, executed, the audit chain)
  if (code === 'invalid' || mode === 'plan') {
    const changed = changedTables(before, after, mode === 'plan' ? new Set(['decisions']) : APPEND_ONLY);
    if (changed.length > 0) problems.push(`${mode === 'plan' ? 'plan mode' : 'invalid'} changed ${changed.join(', ')}`);
  }
  // (d) the decision, recorded and bounded
  const carried = result.ok ? (isRecord(result.value) ? result.value.decision : undefined) : isRecord(result.error) && isRecord(result.error.details) ? result.error.details.decision : undefined;
  if (!isRecord(carried) || typeof carried.id !== 'string') {
    problems.push('no decision in the answer');
    return { problems, outcome };
  }
  const stored = engine.query('decisions.get', { id: carried.id });
  if (!stored.ok) {
    problems.push(`decisions.get does not find ${carried.id}: ${stored.error.code}`);
    return { problems, outcome };
  }
  const decision = stored.value;
  const size = JSON.stringify(decision).length;
  const bound = decision.status === 'INVALID' ? MAX_INVALID_DECISION_CHARS : MAX_DECISION_CHARS;
  if (size > bound) problems.push(`a ${decision.status} decision of ${size} characters of JSON (bound ${bound})`);
  if (decision.action !== name || decision.mode !== mode) problems.push(`the decision is of ${decision.action} in ${decision.mode}`);
  const expected = code === null ? ['OK'] : STATUS_OF[code];
  if (!expected.includes(decision.status)) problems.push(`a ${outcome} answer with a ${decision.status} decision`);
  return { problems, outcome };
}

/**
 * Puts governance back where fuzzing left it usable: `ownerId` the current operator, the
 * kill switch released, execution on and band A — each only when it is not so already,
 * through the dispatcher like any change. For `beforeEachName`, so an engaged kill switch
 * or a switched operator from one name's runs does not turn every later name into
 * `blocked` or `forbidden`. Throws when a step is refused.
 */
export function steadyGovernance(engine: Pick<Engine, 'dispatch' | 'query'>, ownerId: string): void {
  const as = { operatorId: ownerId };
  const must = <T>(result: Envelope<T>, what: string): T => unwrap(result, `steadyGovernance: ${what}`);
  const state = must(engine.query('governance.state', {}, as), 'governance.state');
  if (state.currentOperator?.id !== ownerId) must(engine.dispatch('operators.switch', { operatorId: ownerId }, 'execute', as), 'operators.switch');
  if (state.killSwitch.engaged) must(engine.dispatch('governance.releaseKillSwitch', { reason: 'fuzz: back to steady' }, 'execute', as), 'releaseKillSwitch');
  if (!state.goLive.enabled) must(engine.dispatch('governance.setGoLive', { enabled: true, reason: 'fuzz: back to steady' }, 'execute', as), 'setGoLive');
  if (state.band.current !== 'A') must(engine.dispatch('governance.setBand', { band: 'A', reason: 'fuzz: back to steady' }, 'execute', as), 'setBand');
}

/** A stable 31-bit number per name, so each name's seed is independent of the others' order. */
function nameSeed(seed: number, index: number): number {
  return (seed + index * 7919) | 0;
}

/**
 * Fuzzes every action and query of the contract (or `options.names`) against `engine`, which
 * should have an operator who may call everything (an owner) and execution on. Resolves
 * to the report: inputs per name and in all, outcomes, refusals by code, and each failed
 * property with its shrunk counterexample (at most one per name: fast-check stops a name
 * at its first failure and shrinks it). Throws only when the database cannot be opened.
 */
export async function fuzzContract(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const scratch = options.scratchDir ?? mkdtempSync(join(tmpdir(), 'valhalla-fuzz-'));
  const wanted = options.names ? new Set(options.names) : null;
  const targets: [Kind, string][] = [
    ...Object.keys(actions).map((n): [Kind, string] => ['action', n]),
    ...Object.keys(queries).map((n): [Kind, string] => ['query', n]),
  ].filter(([, n]) => !wanted || wanted.has(n));
  const watch = observer(options.engine.dbPath);
  const report: FuzzReport = {
    seed,
    numRuns: options.numRuns,
    actions: targets.filter(([k]) => k === 'action').length,
    queries: targets.filter(([k]) => k === 'query').length,
    inputs: 0,
    ok: 0,
    refusals: {},
    byName: {},
    withoutValidExample: [],
    failures: [],
    auditVerified: false,
    seconds: 0,
  };
  try {
    for (const [index, [kind, name]] of targets.entries()) {
      await options.beforeEachName?.(kind, name);
      const schema = kind === 'action' ? actions[name as ActionName].input : queries[name as QueryName].input;
      const shaped = schemaArbitrary(schema, watch.pools());
      const valid = fc.sample(shaped, { numRuns: 100, seed: nameSeed(seed, index) }).filter((p) => schema.safeParse(p).success).slice(0, 8);
      if (valid.length === 0) report.withoutValidExample.push(name);
      const base = valid.length > 0 ? fc.oneof(fc.constantFrom(...valid), shaped) : shaped;
      const params = fc
        .oneof({ weight: 4, arbitrary: shaped }, { weight: 4, arbitrary: mutated(base) }, { weight: 2, arbitrary: junkParams })
        .map((p) => confinePaths(p, scratch));
      const mode = kind === 'action' ? fc.oneof({ weight: 30, arbitrary: fc.constantFrom<unknown>('plan', 'execute') }, { weight: 1, arbitrary: nastyScalar }) : fc.constant(undefined);
      const nameStarted = Date.now();
      const stats: NameStats = { kind, inputs: 0, schemaValid: 0, validExamples: valid.length, outcomes: {}, seconds: 0 };
      report.byName[name] = stats;
      const property = fc.asyncProperty(params, mode, async (p, m) => {
        stats.inputs += 1;
        report.inputs += 1;
        let accepted = false;
        try {
          accepted = schema.safeParse(p).success;
        } catch {
          accepted = false;
        }
        if (accepted) stats.schemaValid += 1;
        const { problems, outcome } = await checkCall(options.engine, watch, kind, name, p, m);
        stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
        if (outcome === 'ok') report.ok += 1;
        else if ((ERROR_CODES as readonly string[]).includes(outcome)) report.refusals[outcome as ErrorCode] = (report.refusals[outcome as ErrorCode] ?? 0) + 1;
        if (problems.length > 0) throw new Error(problems.join('; '));
      });
      const runSeed = nameSeed(seed, index);
      const details = await fc.check(property, { numRuns: options.numRuns, seed: runSeed });
      if (details.failed) {
        const [p, m] = (details.counterexample ?? []) as [unknown, unknown];
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        report.failures.push({
          kind,
          name,
          error,
          counterexample: `params ${preview(p)}${kind === 'action' ? `, mode ${preview(m)}` : ''}`,
          seed: runSeed,
          path: details.counterexamplePath ?? '',
          replay: `fuzzContract({ engine, names: ['${name}'], numRuns: ${options.numRuns}, seed: ${runSeed} }) (fast-check path ${details.counterexamplePath ?? ''})`,
        });
      }
      stats.seconds = (Date.now() - nameStarted) / 1000;
      options.onProgress?.({ kind, name, done: index + 1, total: targets.length, inputs: report.inputs, failures: report.failures.length });
    }
    const verified = options.engine.query('audit.verify', {});
    report.auditVerified = verified.ok && verified.value.ok;
    if (!report.auditVerified) {
      report.failures.push({ kind: 'query', name: 'audit.verify', error: `the audit chain does not verify: ${preview(verified, 3)}`, counterexample: '', seed, path: '', replay: '' });
    }
  } finally {
    watch.close();
    if (!options.scratchDir) rmSync(scratch, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
