/**
 * One import measurement in a process of its own, so its peak RSS is its own:
 *   import-child.ts bare|import FILE DIR → JSON on stdout.
 * `bare`: the same rows read by the same CSV reader and inserted as raw text into one
 * table, in one transaction, with the engine's pragmas — the baseline.
 * `import`: the governed `inventory.importSales`, then `forecast.rollup { limit: 50 }` timings.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../main/engine/db/connection';
import { forEachCsvRow } from '../../main/engine/domains/inventory/csv';
import { createEngine } from '../../main/engine/engine';
import { goLive } from '../helpers/golive';

const [mode, file, dir] = process.argv.slice(2) as [string, string, string];
const quiet = { info() {}, warn() {}, error() {} };
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'bare') {
  const db = new Database(join(dir, 'bare-import.sqlite'));
  applyPragmas(db);
  db.exec('CREATE TABLE rows (a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT, h TEXT)');
  const insert = db.prepare('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const t = performance.now();
  const rows: string[][] = [];
  await forEachCsvRow(file, (fields) => rows.push(fields));
  db.transaction(() => {
    for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
  })();
  const seconds = (performance.now() - t) / 1000;
  db.close();
  process.stdout.write(JSON.stringify({ rows: rows.length - 1, seconds, peakRssMb: peakRssMb() }));
} else {
  const engine = createEngine({ dbPath: join(dir, 'import.sqlite'), log: quiet });
  engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'GBP', timeZone: 'Europe/London' }, 'execute');
  goLive(engine);
  const staged = await engine.files.putPath(file);
  const t = performance.now();
  const r = await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, opening: { mode: 'coverDays', days: 30 }, shiftToToday: true }, 'execute');
  const seconds = (performance.now() - t) / 1000;
  if (!r.ok) throw new Error(r.error.message);
  const peak = peakRssMb();
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const s = performance.now();
    const q = engine.query('forecast.rollup', { limit: 50, windowDays: 30 });
    if (!q.ok) throw new Error(q.error.message);
    if (i >= 20) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  engine.close();
  process.stdout.write(
    JSON.stringify({
      rows: r.value.result.rows,
      seconds,
      peakRssMb: peak,
      rollupP50Ms: times[Math.floor(times.length * 0.5)],
      rollupP99Ms: times[Math.floor(times.length * 0.99)],
    }),
  );
}
