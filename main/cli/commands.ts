/**
 * The commands that open a database: init, query, dispatch, audit verify, report audit,
 * backup, restore, scheduler, import and serve. Loaded by ./main only when one of them runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_CURRENCY } from '../../shared/domain/money';
import { createEngine } from '../engine/engine';
import { defaultDbPath } from '../engine/paths';
import type { CallContext, Clock, Engine } from '../engine/types';
import { EXIT, lineLogger, parseJson, printer, UsageError, USAGE, type CliValues, type Out, type PrintResult } from './common';
import { importFile } from './imports';

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
 * `--now ISO-TIME` as a clock that starts at that time and moves on as real time passes (runs
 * keep their order); `undefined` without `--now`. Writes the problem and returns `null`
 * when `--now` is misplaced or not an ISO-8601 time.
 */
function clockFrom(values: CliValues, command: string, sub: string | undefined, out: Out): Clock | undefined | null {
  if (values.now === undefined) return undefined;
  if (command !== 'scheduler' || sub !== 'run-due') {
    out.stderr(`--now is for \`scheduler run-due\` only\n${USAGE}\n`);
    return null;
  }
  const at = z.iso.datetime({ offset: true }).safeParse(values.now);
  if (!at.success || Number.isNaN(Date.parse(values.now))) {
    out.stderr(`--now must be an ISO-8601 time such as 2026-12-07T06:00:00Z, not "${values.now}"\n`);
    return null;
  }
  const offset = Date.parse(values.now) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/**
 * Opens the database (`--db`, else `VALHALLA_DB`, else the default path) and runs the command
 * named by `positionals[0]`; returns the exit code. The engine is closed afterwards, except
 * by `serve`, which closes it when it stops.
 */
export async function runEngineCommand(positionals: string[], values: CliValues, out: Out, env: NodeJS.ProcessEnv): Promise<number> {
  const [command = '', sub] = positionals;
  const { print, printResult } = printer(out);
  const dbPath = values.db ?? defaultDbPath(env);
  const clock = clockFrom(values, command, sub, out);
  if (clock === null) return EXIT.invalid;
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
      case 'capture': {
        const { captureFiles } = await import('./capture');
        return await captureFiles(engine, positionals.slice(1), values.currency, resolveAs(engine, values.as), out);
      }
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
  printResult: PrintResult,
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

/** `serve [--port N]`: browser mode on 127.0.0.1 until SIGINT or SIGTERM; prints `{ url, port }`. */
async function serve(engine: Engine, portText: string | undefined, out: Out): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be an integer 0..65535');
  const { startHost } = await import('../host/server');
  const rendererDir = rendererFolder();
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

/**
 * The checkout's dist/renderer: the project root is the first folder up from this module
 * with a package.json (two up from main/cli/ in the sources; two or three up from dist/cli/
 * or dist/cli/chunks/ in the bundle, wherever the bundler put this module).
 */
function rendererFolder(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'renderer');
}
