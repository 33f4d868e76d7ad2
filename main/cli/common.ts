/**
 * What every `valhalla` command shares: the options, the usage text, the exit codes and the
 * way results are printed. Light on purpose: `valhalla --help` loads this module and nothing
 * of the engine (types are erased; `paths` needs only env-paths).
 */
import type { ApiError, Result } from '../../shared/contract';
import { defaultDbPath } from '../engine/paths';
import type { Logger } from '../engine/types';

export const EXIT = { ok: 0, error: 1, invalid: 2, blocked: 3, broken: 4 } as const;

/** Every option any command takes (`node:util` parseArgs' configuration). */
export const OPTIONS = {
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
  accounts: { type: 'string' },
  preset: { type: 'string' },
  rows: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  session: { type: 'string' },
  out: { type: 'string' },
  reason: { type: 'string' },
  now: { type: 'string' },
  job: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The parsed options: a string or a boolean as declared in OPTIONS, absent when not given. */
export type CliValues = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export const USAGE = `usage: valhalla [--db PATH] [--as OPERATOR] <command>
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
  capture FILE… [--dry-run] [--currency CODE]
                                read receipt scans, photos or PDFs on this machine (OCR or the PDF's text) into
                                receipts awaiting review; prints per file {file, vendor, date, totalMinor, currency,
                                confidence} as a JSON line; --dry-run opens no database and stores nothing
  import sales FILE [--cover-days N | --stock-count FILE | --no-opening] [--shift-to-today]
  import items FILE --map '{"name":"Column",...}' [--delimiter ';']
  import receipts DIR|FILE      SROIE key (.json) and OCR (.csv) files
  import statement FILE --account NAME_OR_ID [--encoding latin1] [--date-order dmy] [--csv-mapping JSON | --preset NAME]
                   [--accounts '{"FILE ACCOUNT":"NAME_OR_ID"|null,...}'] [--rows 1-40,42]
                                OFX/QFX, QIF, CSV, CAMT.053 or MT940 bank statement; a file naming several
                                accounts maps each (null leaves one out; remembered for the next file);
                                --rows imports only those rows (an unreadable row left out no longer refuses)
  serve [--port N]
  actions            list every action with its params as JSON Schema
  queries            list every query with its params as JSON Schema
environment: VALHALLA_DB sets the database path (default ${defaultDbPath({})})`;

/** Where a command writes: JSON to stdout, messages to stderr. Tests pass their own. */
export type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

export const processOut: Out = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** A bad command line: printed with the usage text, exit 2. */
export class UsageError extends Error {}

/** Prints a call's result: the value (or `pick(value)`) as JSON, or the refusal and its message; returns the exit code. */
export type PrintResult = (result: Result<unknown>, pick?: (v: unknown) => unknown) => number;

/** `print` writes a value as indented JSON on stdout; `printResult` also maps an error to its exit code. */
export function printer(out: Out): { print: (value: unknown) => void; printResult: PrintResult } {
  const print = (value: unknown) => out.stdout(`${JSON.stringify(value, null, 2)}\n`);
  const printResult: PrintResult = (result, pick) => {
    if (result.ok) {
      print(pick ? pick(result.value) : result.value);
      return EXIT.ok;
    }
    const decision = result.error.details?.decision;
    print(decision ?? { error: result.error });
    out.stderr(`${result.error.code}: ${result.error.message}\n`);
    return exitFor(result.error);
  };
  return { print, printResult };
}

function exitFor(error: ApiError): number {
  if (error.code === 'invalid') return EXIT.invalid;
  if (error.code === 'blocked' || error.code === 'pending_approval' || error.code === 'forbidden') return EXIT.blocked;
  return EXIT.error;
}

/** Parses a JSON option; absent is `{}`. Throws UsageError naming the flag when it is not JSON. */
export function parseJson(text: string | undefined, flag: string): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Log lines as JSON on the CLI's stderr, never on stdout. */
export function lineLogger(write: (s: string) => void): Logger {
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => write(`${JSON.stringify({ level, message, ...fields })}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
