/**
 * The `valhalla` command: the scriptable face of the engine. JSON on stdout; progress and
 * messages on stderr.
 *
 *   valhalla [--db PATH] [--as OPERATOR] init [--owner NAME] [--currency CODE] [--timezone TZ]
 *   valhalla query NAME [--params JSON]
 *   valhalla dispatch ACTION [--params JSON] [--plan]
 *   valhalla capture FILE… [--dry-run] [--currency CODE]
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
 *
 * This module only reads the command line. Help and usage errors print without opening a
 * database or loading the engine; each command's module (and the heavy libraries behind
 * it) is imported when that command runs, so a one-line query does not pay for the report
 * writer or the browser-mode server.
 */
import { parseArgs } from 'node:util';
import { EXIT, OPTIONS, printer, processOut, USAGE, UsageError, type Out } from './common';

export { EXIT } from './common';

/** The commands that open a database (through ./commands). */
const ENGINE_COMMANDS = new Set(['init', 'query', 'dispatch', 'audit', 'report', 'backup', 'restore', 'scheduler', 'import', 'capture', 'serve']);

/**
 * Runs one CLI invocation; returns the exit code. Never calls process.exit, so tests can
 * run it in-process with their own `out`.
 */
export async function main(argv: string[], out: Out = processOut, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
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
    const { listCalls } = await import('./calls');
    printer(out).print(listCalls(command));
    return EXIT.ok;
  }
  // verifying a bundle needs no database: it works on a machine that never saw one
  if (command === 'report' && sub === 'verify') {
    const { verifyReport } = await import('./verify-report');
    return verifyReport(positionals[2], values.db, out);
  }
  // a dry capture reads files and stores nothing: no database is opened
  if (command === 'capture' && values['dry-run']) {
    const { captureDry } = await import('./capture');
    try {
      return await captureDry(positionals.slice(1), values.currency, out);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      out.stderr(`${error.message}\n${USAGE}\n`);
      return EXIT.invalid;
    }
  }
  if (!ENGINE_COMMANDS.has(command)) {
    out.stderr(`unknown command "${command}"\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const { runEngineCommand } = await import('./commands');
  return runEngineCommand(positionals, values, out, env);
}
