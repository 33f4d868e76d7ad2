/**
 * One bad-input refusal in a process of its own, so its peak RSS is its own:
 *   bad-input-child.ts idle|import FILE DIR → JSON on stdout.
 * `idle`: a live engine that stages FILE and imports nothing — the baseline.
 * `import`: the same, then `inventory.importSales` of FILE, which must be refused.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../../main/engine/engine';
import { goLive } from '../helpers/golive';

const [mode, file, dir] = process.argv.slice(2) as [string, string, string];
const quiet = { info() {}, warn() {}, error() {} };
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const engine = createEngine({ dbPath: join(dir, `bad-input-${mode}-${process.pid}.sqlite`), log: quiet });
engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'GBP', timeZone: 'Europe/London' }, 'execute');
goLive(engine);
const staged = await engine.files.putPath(file);
if (mode === 'idle') {
  process.stdout.write(JSON.stringify({ peakRssMb: peakRssMb() }));
} else {
  const t = performance.now();
  const r = await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, opening: { mode: 'none' } }, 'execute');
  const seconds = (performance.now() - t) / 1000;
  if (r.ok) throw new Error('the bad file was imported');
  const items = engine.query('inventory.items', {});
  process.stdout.write(JSON.stringify({ seconds, peakRssMb: peakRssMb(), code: r.error.code, message: r.error.message, itemsAfter: items.ok ? items.value.items.length : null }));
}
engine.close();
