/**
 * The statement corpus benchmark (issue 14): every file of the real-world corpus that should
 * import, imported through `ledger.importStatement` into a fresh account (CSV with the
 * mapping from the manifest, each account of a multi-account file mapped), in files per
 * second and transactions per second; the baseline, measured in the same run, is reading
 * (parsing) the same files with `readStatement`, so the ratio is what governance, dedupe and
 * inserting add.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../main/engine/engine';
import { readStatement } from '../../main/engine/domains/ledger/statements';
import type { CsvMapping } from '../../shared/contract';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { goLive } from '../helpers/golive';
import type { BenchSuite } from './suites';

const CORPUS = join(DATASETS, 'bank-statements', 'corpus');
const MANIFEST = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'statement-corpus', 'expected.json');
const quiet = { info() {}, warn() {}, error() {} };
const round = (x: number, digits: number) => Number(x.toFixed(digits));

interface Entry {
  file: string;
  expect: string;
  currency: string | null;
  csv?: Record<string, string | number | boolean | null>;
}

/** The manifest's CSV description as a mapping (date part of a date-time layout, nulls dropped). */
function mappingOf(csv: Entry['csv']): CsvMapping | undefined {
  if (!csv) return undefined;
  const m: Record<string, unknown> = {};
  for (const key of ['date', 'amount', 'debit', 'credit', 'payee', 'indicator', 'decimal', 'delimiter', 'headerLine', 'invertSign']) if (csv[key] !== null && csv[key] !== undefined) m[key] = csv[key];
  m.dateFormat = String(csv.dateFormat ?? 'yyyy-MM-dd').split(' ')[0];
  return m as CsvMapping;
}

export const corpusSuite: BenchSuite = {
  name: 'corpus',
  async run(dir) {
    if (!hasDataset(CORPUS)) return { corpusImport: { skipped: `no corpus at ${CORPUS}` } };
    const entries = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as Entry[]).filter((e) => e.expect === 'import' && hasDataset(join(CORPUS, e.file)));
    const files = entries.map((e) => ({ e, bytes: readFileSync(join(CORPUS, e.file)), encoding: (e.csv?.encoding === 'latin1' || /raiffeisen|autoswitch/.test(e.file) ? 'latin1' : 'utf-8') as 'utf-8' | 'latin1' }));
    process.stderr.write(`statement corpus: ${files.length} files …\n`);

    const parseStart = performance.now();
    let parsed = 0;
    for (const f of files) parsed += readStatement(f.bytes, { dateOrder: 'mdy', encoding: f.encoding, csv: mappingOf(f.e.csv) }).transactions.length;
    const parseMs = performance.now() - parseStart;

    const engine = createEngine({ dbPath: join(dir, 'corpus.sqlite'), log: quiet });
    engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'EUR', timeZone: 'UTC' }, 'execute');
    goLive(engine);
    let transactions = 0;
    let refused = 0;
    const start = performance.now();
    for (const [i, f] of files.entries()) {
      const staged = await engine.files.putPath(join(CORPUS, f.e.file));
      const preview = engine.query('ledger.previewStatement', { fileSha256: staged.sha256, encoding: f.encoding, ...(f.e.csv ? { csv: mappingOf(f.e.csv) } : {}) });
      const sources = preview.ok ? preview.value.accounts : [];
      // the manifest's currency; a file in another one without saying so is counted as refused here
      const made = sources.map((a, j) => {
        const account = engine.dispatch('ledger.createAccount', { name: `corpus ${i}.${j}`, kind: 'checking', currency: f.e.currency ?? 'EUR' }, 'execute');
        if (!account.ok) throw new Error(account.error.message);
        return { source: a.source, accountId: account.value.result.id };
      });
      const main = made[0]?.accountId;
      if (!main) continue;
      const named = made.filter((m): m is { source: string; accountId: string } => m.source !== null);
      const result = await engine.dispatchAsync(
        'ledger.importStatement',
        { accountId: main, fileSha256: staged.sha256, encoding: f.encoding, ...(f.e.csv ? { csv: mappingOf(f.e.csv) } : {}), ...(named.length > 1 ? { accounts: named } : {}) },
        'execute',
      );
      if (result.ok) transactions += result.value.result.added;
      else refused += 1;
    }
    const importMs = performance.now() - start;
    engine.close();
    return {
      corpusImport: {
        files: files.length,
        refusedHere: refused,
        transactions,
        seconds: round(importMs / 1000, 3),
        filesPerSecond: round((files.length / importMs) * 1000, 1),
        transactionsPerSecond: Math.round((transactions / importMs) * 1000),
        parseOnlyMs: round(parseMs, 1),
        parsedTransactions: parsed,
        ratioImportToParse: round(importMs / parseMs, 1),
      },
    };
  },
};
