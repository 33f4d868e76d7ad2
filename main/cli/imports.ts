/** `valhalla import sales | items | receipts | statement`: stage the file(s), then one governed import action. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CallContext, Engine } from '../engine/types';
import { parseJson, UsageError, type CliValues, type Out, type PrintResult } from './common';

/** `import receipts DIR|FILE`: stages every SROIE key (.json) and OCR (.csv) file found, then imports them as one action. */
async function importReceipts(engine: Engine, path: string, as: CallContext, out: Out, printResult: PrintResult): Promise<number> {
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

/** `--rows 1-40,42` as row numbers; throws UsageError for anything else. */
function parseRows(text: string): number[] {
  const rows: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || from < 1 || to < from || to - from > 1_000_000) throw new UsageError(`--rows takes row numbers and ranges such as 1-40,42, not "${text}"`);
    for (let r = from; r <= to; r += 1) rows.push(r);
  }
  return rows;
}

/**
 * `import statement FILE --account NAME_OR_ID [--accounts JSON] [--rows LIST]`: stages the file and dispatches
 * `ledger.importStatement` into the account named (case-insensitive) or with that id — a file
 * naming several accounts into the ones `--accounts` maps them to — and only the `--rows`
 * given; prints the summary (transactions, added, duplicates, skipped, per account, the CSV
 * mapping used). Throws UsageError for an unknown account or malformed flags.
 */
async function importStatement(engine: Engine, staged: { sha256: string; name: string }, values: CliValues, as: CallContext, printResult: PrintResult): Promise<number> {
  const wanted = values.account;
  if (typeof wanted !== 'string') throw new UsageError('import statement needs --account NAME_OR_ID');
  const accounts = await engine.call('query', 'ledger.accounts', {}, undefined, as);
  if (!accounts.ok) return printResult(accounts);
  const known = accounts.value as { id: string; name: string }[];
  const find = (flag: string, name: string) => {
    const found = known.find((a) => a.id === name || a.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new UsageError(`${flag}: no account named or with id "${name}"`);
    return found;
  };
  const account = find('--account', wanted);
  let map: { source: string; accountId: string | null }[] | undefined;
  if (values.accounts !== undefined) {
    const given = parseJson(values.accounts, '--accounts');
    if (!given || typeof given !== 'object' || Array.isArray(given)) throw new UsageError('--accounts takes a JSON object: {"account in the file": "ledger account name or id", or null to leave it out}');
    map = Object.entries(given as Record<string, unknown>).map(([source, target]) => {
      if (target !== null && typeof target !== 'string') throw new UsageError(`--accounts: "${source}" maps to ${JSON.stringify(target)}, not an account name or null`);
      return { source, accountId: target === null ? null : find('--accounts', target).id };
    });
  }
  const params = {
    ...(map ? { accounts: map } : {}),
    ...(values.rows !== undefined ? { rows: parseRows(values.rows) } : {}),
    accountId: account.id,
    fileSha256: staged.sha256,
    fileName: staged.name,
    ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
    ...(values['date-order'] !== undefined ? { dateOrder: values['date-order'] } : {}),
    ...(values['csv-mapping'] !== undefined ? { csv: parseJson(values['csv-mapping'], '--csv-mapping') } : {}),
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
  };
  return printResult(await engine.call('dispatch', 'ledger.importStatement', params, 'execute', as), (v) => (v as { result: unknown }).result);
}

/**
 * `import sales|items|receipts|statement FILE`: stages the file, then dispatches the import,
 * with progress on stderr; returns the exit code. Throws UsageError for a bad command line.
 */
export async function importFile(
  engine: Engine,
  kind: string | undefined,
  file: string | undefined,
  values: CliValues,
  as: CallContext,
  out: Out,
  printResult: PrintResult,
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
