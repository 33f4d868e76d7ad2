/**
 * Receipts benchmarks (issue 5): search over 100,000 receipts generated from the SROIE
 * vendors and totals, typed a letter at a time (p50/p99; target p99 ≤ 30 ms), against an
 * unindexed LIKE scan of the same rows measured in the same run; and the import of the
 * 626 real SROIE receipts with their OCR text (seconds).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createEngine } from '../../main/engine/engine';
import { insertReceipt } from '../../main/engine/domains/receipts/store';
import { applyPragmas } from '../../main/engine/db/connection';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { goLive } from '../helpers/golive';
import type { BenchSuite } from './suites';

const SROIE = join(DATASETS, 'sroie-receipts');
const quiet = { info() {}, warn() {}, error() {} };
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export const receiptsSuite: BenchSuite = {
  name: 'receipts',
  async run(dir) {
    if (!hasDataset(SROIE)) return { receipts: { skipped: `no data set at ${SROIE}` } };
    const keys = readdirSync(join(SROIE, 'key')).map((f) => JSON.parse(readFileSync(join(SROIE, 'key', f), 'utf8')) as { company?: string; total?: string });

    process.stderr.write('import of the 626 SROIE receipts …\n');
    const engine = createEngine({ dbPath: join(dir, 'receipts.sqlite'), log: quiet });
    engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'MYR', timeZone: 'Asia/Kuala_Lumpur' }, 'execute');
    goLive(engine);
    const start = performance.now();
    const files = [];
    for (const sub of ['key', 'box']) for (const name of readdirSync(join(SROIE, sub))) files.push({ name, sha256: (await engine.files.putPath(join(SROIE, sub, name))).sha256 });
    const imported = await engine.dispatchAsync('receipts.importSroie', { files }, 'execute');
    const importSeconds = (performance.now() - start) / 1000;
    if (!imported.ok) throw new Error(imported.error.message);
    engine.close();

    process.stderr.write('search over 100,000 receipts …\n');
    const path = join(dir, 'receipts-100k.sqlite');
    const big = createEngine({ dbPath: path, log: quiet, startupChecks: false });
    big.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'MYR', timeZone: 'UTC' }, 'execute');
    big.close();
    const db = new Database(path);
    applyPragmas(db);
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const k = keys[i % keys.length] ?? {};
        insertReceipt(db, {
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          now: '2026-11-21T00:00:00.000Z',
          source: 'bench',
          sourceRef: null,
          vendor: k.company ?? null,
          date: `2018-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
          totalMinor: Math.round(Number((k.total ?? '0').replace(/[^0-9.]/g, '') || 0) * 100) + (i % 100),
          currency: 'MYR',
          taxMinor: null,
          category: null,
          paymentMethod: null,
          tags: [],
          notes: `receipt ${i}`,
          address: null,
          ocrText: null,
        });
      }
    })();
    db.close();
    const engineBig = createEngine({ dbPath: path, log: quiet, startupChecks: false });
    const words = ['TAMAN', 'MR D.I.Y.', 'GARDENIA', 'SANYU', 'KEDAI', 'RESTORAN', 'POPULAR', 'UNIHAKKA'];
    const typed = words.flatMap((w) => Array.from({ length: w.length }, (_, i) => w.slice(0, i + 1)));
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of typed) {
        const t = performance.now();
        const r = engineBig.query('receipts.list', { search: q, limit: 50 });
        if (!r.ok) throw new Error(r.error.message);
        times.push(performance.now() - t);
      }
    }
    engineBig.close();
    const raw = new Database(path, { readonly: true });
    const like = raw.prepare("SELECT id FROM receipts WHERE vendor LIKE ? OR notes LIKE ? ORDER BY id DESC LIMIT 50");
    const scans: number[] = [];
    for (const q of typed) {
      const t = performance.now();
      like.all(`%${q}%`, `%${q}%`);
      scans.push(performance.now() - t);
    }
    raw.close();
    times.sort((a, b) => a - b);
    scans.sort((a, b) => a - b);
    return {
      receiptsImport: { receipts: imported.value.result.imported, files: files.length, seconds: Number(importSeconds.toFixed(2)) },
      receiptsSearch: {
        receipts: 100_000,
        queries: times.length,
        p50Ms: Number(pct(times, 50).toFixed(3)),
        p99Ms: Number(pct(times, 99).toFixed(3)),
        likeScanP50Ms: Number(pct(scans, 50).toFixed(3)),
        ratioP50ToLikeScan: Number((pct(times, 50) / pct(scans, 50)).toFixed(3)),
        target: 'p99 ≤ 30 ms',
      },
    };
  },
};
