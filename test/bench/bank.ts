/**
 * Bank statement benchmark (issue 5, item 5): the import of the largest real bank fixture
 * (by transactions) through `ledger.importStatement` — stage, read, dedupe, insert, audit —
 * in seconds and transactions per second, against only reading (parsing) the same file,
 * measured in the same run; and the re-import, where every transaction is a duplicate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../main/engine/engine';
import { readStatement } from '../../main/engine/domains/ledger/statements';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { goLive } from '../helpers/golive';
import type { BenchSuite } from './suites';

const BANK = join(DATASETS, 'bank-statements');
const quiet = { info() {}, warn() {}, error() {} };
const OPTIONS = { dateOrder: 'mdy', encoding: 'utf-8' } as const;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Every statement file under the fixtures folder (CSV needs a mapping, so it is left out; the corpus has its own suite). */
function statementFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'corpus' ? [] : statementFiles(path);
    return /\.(ofx|qfx|qif|sta|mt940|xml)$/i.test(name) ? [path] : [];
  });
}

export const bankSuite: BenchSuite = {
  name: 'bank',
  async run(dir) {
    if (!hasDataset(BANK)) return { bankImport: { skipped: `no data set at ${BANK}` } };
    const sized = statementFiles(BANK).map((path) => ({ path, transactions: readStatement(readFileSync(path), OPTIONS).transactions.length }));
    const largest = sized.sort((a, b) => b.transactions - a.transactions)[0];
    if (!largest) return { bankImport: { skipped: 'no statement fixtures' } };
    const bytes = readFileSync(largest.path);
    process.stderr.write(`bank statement import of ${largest.path} (${largest.transactions} transactions) …\n`);

    const parseRuns = 200;
    for (let i = 0; i < 20; i++) readStatement(bytes, OPTIONS);
    const parseStart = performance.now();
    for (let i = 0; i < parseRuns; i++) readStatement(bytes, OPTIONS);
    const parseMs = (performance.now() - parseStart) / parseRuns;

    const engine = createEngine({ dbPath: join(dir, 'bank.sqlite'), log: quiet });
    engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'USD', timeZone: 'UTC' }, 'execute');
    goLive(engine);
    const importRuns = 20;
    const importOnce = async (name: string) => {
      const account = engine.dispatch('ledger.createAccount', { name, kind: 'checking', currency: 'USD' }, 'execute');
      if (!account.ok) throw new Error(account.error.message);
      const staged = await engine.files.putPath(largest.path);
      const t = performance.now();
      const imported = await engine.dispatchAsync('ledger.importStatement', { accountId: account.value.result.id, fileSha256: staged.sha256 }, 'execute');
      const ms = performance.now() - t;
      if (!imported.ok || imported.value.result.added !== largest.transactions) throw new Error(imported.ok ? 'not every transaction was added' : imported.error.message);
      return { ms, accountId: account.value.result.id, sha256: staged.sha256 };
    };
    await importOnce('warm-up');
    const times: number[] = [];
    let last = { accountId: '', sha256: '' };
    for (let i = 0; i < importRuns; i++) {
      const r = await importOnce(`bench ${i}`);
      times.push(r.ms);
      last = r;
    }
    const reimportStart = performance.now();
    const again = await engine.dispatchAsync('ledger.importStatement', { accountId: last.accountId, fileSha256: last.sha256 }, 'execute');
    const reimportMs = performance.now() - reimportStart;
    if (!again.ok || again.value.result.added !== 0) throw new Error('re-import added transactions');
    engine.close();

    times.sort((a, b) => a - b);
    const importMs = times[Math.floor(times.length / 2)] ?? NaN;
    return {
      bankImport: {
        file: largest.path.slice(BANK.length + 1),
        transactions: largest.transactions,
        runs: importRuns,
        importMsMedian: round(importMs, 2),
        importSeconds: round(importMs / 1000, 4),
        transactionsPerSecond: Math.round((largest.transactions / importMs) * 1000),
        parseOnlyMs: round(parseMs, 3),
        ratioImportToParse: round(importMs / parseMs, 2),
        reimportAllDuplicatesMs: round(reimportMs, 2),
      },
    };
  },
};
