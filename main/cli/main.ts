/**
 * The `valhalla` command: the scriptable face of the engine. JSON on stdout; progress and
 * messages on stderr.
 *
 *   valhalla [--db PATH] [--as OPERATOR] init [--owner NAME] [--currency CODE] [--timezone TZ]
 *   valhalla query NAME [--params JSON]
 *   valhalla dispatch ACTION [--params JSON] [--plan]
 *   valhalla import statement FILE --account NAME_OR_ID [--encoding latin1] [--date-order dmy] [--csv-mapping JSON]
 *   valhalla audit verify
 *   valhalla report audit --from YYYY-MM-DD --to YYYY-MM-DD [--session ID] [--out FILE.zip]
 *   valhalla report verify FILE.zip [--db PATH]
 *   valhalla backup [--to DIR]
 *   valhalla restore FILE [--reason TEXT]
 *   valhalla scheduler run-due [--now ISO-TIME] | runs [--job NAME] | run JOB
 *   valhalla serve [--port N]
 *   valhalla actions | queries
 *
 * Exit codes: 0 ok; 1 error; 2 invalid (and `report verify`: not a bundle); 3 blocked or
 * pending approval; 4 audit chain broken or tampered, anchors file missing, bundle tampered.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { actions, queries, type ApiError, type Result } from '../../shared/contract';
import { DEFAULT_CURRENCY } from '../../shared/domain/money';
import { openRaw, type Db } from '../engine/db/connection';
import { createEngine, defaultKeyPath } from '../engine/engine';
import { fileKeyVault, fingerprintOf } from '../engine/governance/installation-key';
import { verifyBundle } from '../engine/reports/verify';
import { defaultDbPath } from '../engine/paths';
import type { CallContext, Clock, Engine, Logger } from '../engine/types';

export const EXIT = { ok: 0, error: 1, invalid: 2, blocked: 3, broken: 4 } as const;

const USAGE = `usage: valhalla [--db PATH] [--as OPERATOR] <command>
commands:
  init [--owner NAME] [--currency CODE] [--timezone TZ] [--pin PIN]
  query NAME [--params JSON]
  dispatch ACTION [--params JSON] [--plan]
  audit verify                  the chain, and the chain against its latest anchor (exit 4 when tampered or unanchored)
  report audit --from YYYY-MM-DD --to YYYY-MM-DD [--session ID] [--out FILE.zip]
                                the audit report bundle (PDF, CSV, JSONL, attachments, signed manifest)
  report verify FILE.zip [--db PATH]
                                check a bundle (exit 0 intact, 4 tampered, 2 not a bundle); with --db also against that chain
  backup [--to DIR]             back up now to DIR (default: the folder set in Backups), verified after writing
  restore FILE [--reason TEXT]  restore a backup (the current state is backed up first)
  scheduler run-due [--now ISO-TIME]
                                run every job whose occurrence is due and has not run (missed ones once); with --now,
                                as if the time were ISO-TIME (decisions carry it: for tests and catch-up checks)
  scheduler runs [--job NAME]   the recorded runs, newest first
  scheduler run JOB             run one job now, as system (recorded as a manual run)
  import sales FILE [--cover-days N | --stock-count FILE | --no-opening] [--shift-to-today]
  import items FILE --map '{"name":"Column",...}' [--delimiter ';']
  import receipts DIR|FILE      SROIE key (.json) and OCR (.csv) files
  import statement FILE --account NAME_OR_ID [--encoding latin1] [--date-order dmy] [--csv-mapping JSON]
                                OFX/QFX, QIF, CSV, CAMT.053 or MT940 bank statement
  serve [--port N]
  actions            list every action with its params as JSON Schema
  queries            list every query with its params as JSON Schema
environment: VALHALLA_DB sets the database path (default ${defaultDbPath({})})`;

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
const processOut: Out = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** Log lines as JSON on the CLI's stderr, never on stdout. */
function lineLogger(write: (s: string) => void): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => write(`${JSON.stringify({ level, message, ...fields })}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

function exitFor(error: ApiError): number {
  if (error.code === 'invalid') return EXIT.invalid;
  if (error.code === 'blocked' || error.code === 'pending_approval' || error.code === 'forbidden') return EXIT.blocked;
  return EXIT.error;
}

function parseJson(text: string | undefined, flag: string): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}

class UsageError extends Error {}

/** JSON Schema of every call's params, generated from the contract's zod schemas. */
export function listCalls(kind: 'actions' | 'queries'): unknown[] {
  const table = kind === 'actions' ? actions : queries;
  return Object.entries(table).map(([name, spec]) => ({
    name,
    summary: spec.summary,
    ...('execClass' in spec ? { execClass: spec.execClass, exempt: spec.exempt } : {}),
    params: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
  }));
}

function resolveAs(engine: Engine, as: string | undefined): CallContext {
  const listed = engine.query('operators.list', {}, { actor: 'system' });
  if (!listed.ok) throw new Error(listed.error.message);
  if (as === undefined) {
    const owner = listed.value.find((o) => o.role === 'owner');
    return owner ? { operatorId: owner.id } : {};
  }
  const op = listed.value.find((o) => o.id === as || o.name.toLowerCase() === as.toLowerCase());
  if (!op) throw new UsageError(`--as: no operator named or with id "${as}"`);
  return { operatorId: op.id };
}

/**
 * Runs one CLI invocation; returns the exit code. Never calls process.exit, so tests can
 * run it in-process with their own `out`.
 */
export async function main(argv: string[], out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const print = (value: unknown) => out.stdout(`${JSON.stringify(value, null, 2)}\n`);
  const printResult = (result: Result<unknown>, pick?: (v: unknown) => unknown): number => {
    if (result.ok) {
      print(pick ? pick(result.value) : result.value);
      return EXIT.ok;
    }
    const decision = result.error.details?.decision;
    print(decision ?? { error: result.error });
    out.stderr(`${result.error.code}: ${result.error.message}\n`);
    return exitFor(result.error);
  };

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        as: { type: 'string' },
        params: { type: 'string' },
        plan: { type: 'boolean' },
        owner: { type: 'string' },
        currency: { type: 'string' },
        timezone: { type: 'string' },
        pin: { type: 'string' },
        port: { type: 'string' },
        'cover-days': { type: 'string' },
        'stock-count': { type: 'string' },
        'no-opening': { type: 'boolean' },
        'shift-to-today': { type: 'boolean' },
        map: { type: 'string' },
        delimiter: { type: 'string' },
        account: { type: 'string' },
        encoding: { type: 'string' },
        'date-order': { type: 'string' },
        'csv-mapping': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        session: { type: 'string' },
        out: { type: 'string' },
        reason: { type: 'string' },
        now: { type: 'string' },
        job: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    out.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const { values, positionals } = parsed;
  const [command, sub] = positionals;
  if (values.help || !command) {
    out.stderr(`${USAGE}\n`);
    return command || values.help ? EXIT.ok : EXIT.invalid;
  }
  if (command === 'actions' || command === 'queries') {
    print(listCalls(command));
    return EXIT.ok;
  }

  // verifying a bundle needs no database: it works on a machine that never saw one
  if (command === 'report' && sub === 'verify') return verifyReport(positionals[2], values.db, out, print);

  const dbPath = values.db ?? defaultDbPath(env);
  let clock: Clock | undefined;
  if (values.now !== undefined) {
    if (command !== 'scheduler' || sub !== 'run-due') {
      out.stderr(`--now is for \`scheduler run-due\` only\n${USAGE}\n`);
      return EXIT.invalid;
    }
    const at = z.iso.datetime({ offset: true }).safeParse(values.now);
    if (!at.success || Number.isNaN(Date.parse(values.now))) {
      out.stderr(`--now must be an ISO-8601 time such as 2026-12-07T06:00:00Z, not "${values.now}"\n`);
      return EXIT.invalid;
    }
    // the given time, moving on as real time passes (runs keep their order)
    const offset = Date.parse(values.now) - Date.now();
    clock = { now: () => new Date(Date.now() + offset) };
  }
  let engine: Engine;
  try {
    engine = createEngine({ dbPath, log: lineLogger(out.stderr), ...(clock ? { clock } : {}) });
  } catch (error) {
    out.stderr(`cannot open ${dbPath}: ${(error as Error).message}\n`);
    return EXIT.error;
  }
  try {
    switch (command) {
      case 'init': {
        const params = {
          ownerName: values.owner ?? 'Owner',
          currency: values.currency ?? DEFAULT_CURRENCY,
          timeZone: values.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          ...(values.pin ? { pin: values.pin } : {}),
        };
        const code = printResult(engine.dispatch('setup.initialize', params, 'execute'), (v) => (v as { decision: unknown }).decision);
        if (code === EXIT.ok) out.stderr(`initialized ${dbPath}\n`);
        return code;
      }
      case 'query': {
        if (!sub) throw new UsageError('query needs a NAME (see `valhalla queries`)');
        return printResult(await engine.call('query', sub, parseJson(values.params, '--params'), undefined, resolveAs(engine, values.as)));
      }
      case 'dispatch': {
        if (!sub) throw new UsageError('dispatch needs an ACTION (see `valhalla actions`)');
        const mode = values.plan ? 'plan' : 'execute';
        return printResult(await engine.call('dispatch', sub, parseJson(values.params, '--params'), mode, resolveAs(engine, values.as)), (v) => (v as { decision: unknown }).decision);
      }
      case 'audit': {
        if (sub !== 'verify') throw new UsageError('audit takes: verify');
        const result = engine.query('audit.verify', {}, { actor: 'system' });
        if (!result.ok) return printResult(result);
        print(result.value);
        const { anchor } = result.value;
        out.stderr(result.value.ok ? `audit chain intact: ${result.value.checked} events\n` : `audit chain BROKEN at event ${result.value.firstBadSeq}\n`);
        out.stderr(`anchor (${anchor.source ?? 'none'}): ${anchor.status.toUpperCase()}: ${anchor.message}\n`);
        return result.value.ok && (anchor.status === 'ok' || anchor.status === 'none') ? EXIT.ok : EXIT.broken;
      }
      case 'report': {
        if (sub !== 'audit') throw new UsageError('report takes: audit --from … --to … | verify FILE.zip');
        if (!values.from || !values.to) throw new UsageError('report audit needs --from YYYY-MM-DD and --to YYYY-MM-DD');
        const params = { from: values.from, to: values.to, ...(values.session ? { sessionId: values.session } : {}), ...(values.out ? { outPath: resolve(values.out) } : {}) };
        return await withProgress(engine, out, async () => printResult(await engine.call('dispatch', 'reports.exportAudit', params, 'execute', resolveAs(engine, values.as)), (v) => (v as { result: unknown }).result));
      }
      case 'backup': {
        const params = values.to ? { folder: resolve(values.to) } : {};
        return await withProgress(engine, out, async () => printResult(await engine.call('dispatch', 'backup.run', params, 'execute', resolveAs(engine, values.as)), (v) => (v as { result: unknown }).result));
      }
      case 'restore': {
        if (!sub) throw new UsageError('restore needs the backup FILE');
        const params = { path: resolve(sub), reason: values.reason ?? 'restore from the command line' };
        return await withProgress(engine, out, async () => printResult(await engine.call('dispatch', 'backup.restore', params, 'execute', resolveAs(engine, values.as)), (v) => (v as { result: unknown }).result));
      }
      case 'scheduler':
        return await schedulerCommand(engine, sub, positionals[2], values.job, resolveAs(engine, values.as), out, print, printResult);
      case 'import':
        return await importFile(engine, sub, positionals[2], values, resolveAs(engine, values.as), out, printResult);
      case 'serve':
        return await serve(engine, values.port, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`${error.message}\n${USAGE}\n`);
      return EXIT.invalid;
    }
    out.stderr(`error: ${(error as Error).message}\n`);
    return EXIT.error;
  } finally {
    if (command !== 'serve') engine.close();
  }
}

/** `import receipts DIR|FILE`: stages every SROIE key (.json) and OCR (.csv) file found, then imports them as one action. */
async function importReceipts(engine: Engine, path: string, as: CallContext, out: Out, printResult: (result: Result<unknown>, pick?: (v: unknown) => unknown) => number): Promise<number> {
  const found: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (/\.(json|csv)$/i.test(p)) found.push(p);
  };
  walk(path);
  if (found.length === 0) throw new UsageError(`no .json or .csv files under ${path}`);
  const files = [];
  for (const f of found) files.push({ name: basename(f), sha256: (await engine.files.putPath(f)).sha256 });
  out.stderr(`staged ${files.length} files\n`);
  return printResult(await engine.call('dispatch', 'receipts.importSroie', { files }, 'execute', as), (v) => (v as { result: unknown }).result);
}

/**
 * `import statement FILE --account NAME_OR_ID`: stages the file and dispatches
 * `ledger.importStatement` into the account named (case-insensitive) or with that id; prints
 * the summary (transactions, added, duplicates, first and last date).
 */
async function importStatement(
  engine: Engine,
  staged: { sha256: string; name: string },
  values: Record<string, string | boolean | undefined>,
  as: CallContext,
  printResult: (result: Result<unknown>, pick?: (v: unknown) => unknown) => number,
): Promise<number> {
  const wanted = values.account;
  if (typeof wanted !== 'string') throw new UsageError('import statement needs --account NAME_OR_ID');
  const accounts = await engine.call('query', 'ledger.accounts', {}, undefined, as);
  if (!accounts.ok) return printResult(accounts);
  const account = (accounts.value as { id: string; name: string }[]).find((a) => a.id === wanted || a.name.toLowerCase() === wanted.toLowerCase());
  if (!account) throw new UsageError(`--account: no account named or with id "${wanted}"`);
  const params = {
    accountId: account.id,
    fileSha256: staged.sha256,
    fileName: staged.name,
    ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
    ...(values['date-order'] !== undefined ? { dateOrder: values['date-order'] } : {}),
    ...(values['csv-mapping'] !== undefined ? { csv: parseJson(values['csv-mapping'] as string, '--csv-mapping') } : {}),
  };
  return printResult(await engine.call('dispatch', 'ledger.importStatement', params, 'execute', as), (v) => (v as { result: unknown }).result);
}

/** `import sales|items|statement FILE`: stages the file, then dispatches the import, with progress on stderr. */
async function importFile(
  engine: Engine,
  kind: string | undefined,
  file: string | undefined,
  values: Record<string, string | boolean | undefined>,
  as: CallContext,
  out: Out,
  printResult: (result: Result<unknown>, pick?: (v: unknown) => unknown) => number,
): Promise<number> {
  if (kind !== 'sales' && kind !== 'items' && kind !== 'receipts' && kind !== 'statement') throw new UsageError('import takes: sales FILE | items FILE | receipts DIR|FILE | statement FILE');
  if (!file) throw new UsageError(`import ${kind} needs a FILE`);
  if (kind === 'receipts') return importReceipts(engine, resolve(file), as, out, printResult);
  const staged = await engine.files.putPath(resolve(file));
  out.stderr(`staged ${staged.name} (${staged.size} bytes, sha256 ${staged.sha256.slice(0, 12)}…)\n`);
  const unsubscribe = engine.on('job.progress', (p) => {
    const total = p.total ? ` of ~${p.total}` : '';
    out.stderr(`${p.phase}: ${p.done}${total} ${p.unit} (${p.ratePerSecond}/s)\n`);
  });
  try {
    if (kind === 'statement') return await importStatement(engine, staged, values, as, printResult);
    if (kind === 'sales') {
      const options = [values['cover-days'] !== undefined, values['stock-count'] !== undefined, values['no-opening'] === true].filter(Boolean).length;
      if (options > 1) throw new UsageError('choose one of --cover-days, --stock-count, --no-opening');
      let opening: unknown = { mode: 'coverDays', days: 30 };
      if (values['cover-days'] !== undefined) opening = { mode: 'coverDays', days: Number(values['cover-days']) };
      if (values['no-opening']) opening = { mode: 'none' };
      if (typeof values['stock-count'] === 'string') opening = { mode: 'stockCount', fileSha256: (await engine.files.putPath(resolve(values['stock-count']))).sha256 };
      const params = { fileSha256: staged.sha256, fileName: staged.name, opening, shiftToToday: values['shift-to-today'] === true };
      return printResult(await engine.call('dispatch', 'inventory.importSales', params, 'execute', as), (v) => (v as { result: unknown }).result);
    }
    if (typeof values.map !== 'string') throw new UsageError('import items needs --map JSON (e.g. {"name":"Name","sku":"SKU"})');
    const params = { fileSha256: staged.sha256, mapping: parseJson(values.map, '--map'), ...(values.delimiter ? { delimiter: values.delimiter } : {}) };
    return printResult(await engine.call('dispatch', 'inventory.importItems', params, 'execute', as), (v) => (v as { result: unknown }).result);
  } finally {
    unsubscribe();
  }
}

/** Runs `work` with the engine's `job.progress` events written to stderr. */
async function withProgress(engine: Engine, out: Out, work: () => Promise<number>): Promise<number> {
  const unsubscribe = engine.on('job.progress', (p) => {
    const total = p.total ? ` of ${p.total}` : '';
    out.stderr(`${p.phase}: ${p.done}${total} ${p.unit}\n`);
  });
  try {
    return await work();
  } finally {
    unsubscribe();
  }
}

/**
 * `report verify FILE.zip [--db PATH]`: checks a bundle from the bundle alone (signature,
 * files, events' hashes) and, with `--db`, each event against that database's chain (opened
 * read-only; never created). Exit 0 intact, 4 tampered, 2 not a bundle or a bad argument.
 */
async function verifyReport(file: string | undefined, db: string | undefined, out: Out, print: (v: unknown) => void): Promise<number> {
  if (!file) {
    out.stderr(`report verify needs the bundle FILE.zip\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const path = resolve(file);
  if (!existsSync(path)) {
    out.stderr(`no file at ${path}\n`);
    return EXIT.invalid;
  }
  let database: Db | undefined;
  let fingerprint: string | undefined;
  if (db !== undefined) {
    if (!existsSync(db)) {
      out.stderr(`--db: no database at ${db}\n`);
      return EXIT.invalid;
    }
    database = openRaw(db, { readonly: true });
    const pem = fileKeyVault(defaultKeyPath(db)).load();
    if (pem) fingerprint = fingerprintOf(createPublicKey(pem));
  }
  try {
    const result = await verifyBundle(path, { ...(database ? { db: database } : {}), ...(fingerprint ? { fingerprint } : {}) });
    print(result);
    out.stderr(`${result.message}\n`);
    for (const p of result.problems) out.stderr(`  ${p.file}${p.row !== null ? ` row ${p.row}` : ''}${p.seq !== null ? ` event ${p.seq}` : ''}: ${p.message}\n`);
    if (result.signature.fingerprint) out.stderr(`signed by key ${result.signature.fingerprint}${result.signature.sameInstallation === true ? ' (this installation)' : result.signature.sameInstallation === false ? ' (NOT this installation)' : ''}\n`);
    return result.status === 'intact' ? EXIT.ok : result.status === 'tampered' ? EXIT.broken : EXIT.invalid;
  } finally {
    database?.close();
  }
}

/**
 * `scheduler run-due | runs | run JOB`. run-due prints the runs made (an empty list when
 * nothing was due) and exits 1 when one of them failed; refusals (execution off, no backup
 * folder) are recorded runs, not errors.
 */
async function schedulerCommand(
  engine: Engine,
  sub: string | undefined,
  job: string | undefined,
  jobFlag: string | undefined,
  as: CallContext,
  out: Out,
  print: (value: unknown) => void,
  printResult: (result: Result<unknown>, pick?: (v: unknown) => unknown) => number,
): Promise<number> {
  switch (sub) {
    case 'run-due': {
      const runs = await engine.scheduler.tick();
      print(runs);
      for (const run of runs) out.stderr(`${run.job} (${run.scheduledFor}, ${run.trigger}): ${run.status}${run.message ? `: ${run.message}` : ''}\n`);
      if (runs.length === 0) out.stderr('nothing was due\n');
      return runs.some((r) => r.status === 'failed') ? EXIT.error : EXIT.ok;
    }
    case 'runs':
      return printResult(await engine.call('query', 'scheduler.runs', jobFlag ? { job: jobFlag } : {}, undefined, as));
    case 'run':
      if (!job) throw new UsageError('scheduler run needs the JOB name (see `valhalla query scheduler.jobs`)');
      return printResult(await engine.call('dispatch', 'scheduler.runNow', { job }, 'execute', as), (v) => (v as { result: unknown }).result);
    default:
      throw new UsageError('scheduler takes: run-due [--now ISO-TIME] | runs [--job NAME] | run JOB');
  }
}

async function serve(engine: Engine, portText: string | undefined, out: Out): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be an integer 0..65535');
  const { startHost } = await import('../host/server');
  const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
  const host = await startHost({ engine, rendererDir, port, log: lineLogger(out.stderr) });
  engine.scheduler.start();
  out.stdout(`${JSON.stringify({ url: host.url, port: host.port })}\n`);
  out.stderr(`Valhalla Console (browser mode) at ${host.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  engine.close();
  return EXIT.ok;
}
