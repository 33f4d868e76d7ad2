/**
 * Inventory benchmarks (issue 3), on the real UCI Online Retail file:
 * - import of all 541,909 rows: rows/s, seconds, ratio to a bare insert of the same rows
 *   in one transaction (target ≤ 3×, under 20 s), peak RSS (target ≤ 400 MB);
 * - `forecast.rollup { limit: 50 }` over the imported data: p50/p99 (target p50 ≤ 20 ms);
 * - the rolling-origin backtest: WAPE and bias of the forecast and of the trailing-90 and
 *   trailing-28-day averages, 14-day horizon, weekly origins over the last 12 weeks
 *   (target: WAPE at least 15 % below the better baseline); the same on the 24 weekly
 *   origins before those, as a check out of the sample the parameters were chosen on.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backtest } from '../../main/engine/domains/forecast/backtest';
import { demandSeries, readSalesFile } from '../../main/engine/domains/inventory/sales-file';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import type { BenchSuite } from './suites';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function child(mode: 'bare' | 'import', dir: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'import-child.ts'), mode, ONLINE_RETAIL, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Record<string, number>;
}

export const inventorySuite: BenchSuite = {
  name: 'inventory',
  async run(dir) {
    if (!hasDataset(ONLINE_RETAIL)) return { inventory: { skipped: `no data set at ${ONLINE_RETAIL}` } };
    process.stderr.write('sales import of the full UCI file, bare baseline then governed …\n');
    const bare = child('bare', dir);
    const governed = child('import', dir);
    process.stderr.write('rolling-origin backtest …\n');
    const plan = await readSalesFile(ONLINE_RETAIL);
    const { series, firstDay, lastDay } = demandSeries(plan);
    const bt = backtest(series, firstDay, lastDay);
    const better = Math.min(bt.trailing28.wape, bt.trailing90.wape);
    const earlier = backtest(series, firstDay, lastDay, { origins: 24, skipWeeks: 12 });
    const earlierBetter = Math.min(earlier.trailing28.wape, earlier.trailing90.wape);
    return {
      salesImport: {
        rows: governed.rows,
        seconds: round(governed.seconds as number, 2),
        rowsPerSecond: Math.round((governed.rows as number) / (governed.seconds as number)),
        bareInsertSeconds: round(bare.seconds as number, 2),
        ratioToBareInsert: round((governed.seconds as number) / (bare.seconds as number), 2),
        peakRssMb: governed.peakRssMb,
        bareInsertPeakRssMb: bare.peakRssMb,
        targets: 'ratio ≤ 3×, < 20 s, peak RSS ≤ 400 MB',
      },
      forecastRollup: { limit: 50, p50Ms: round(governed.rollupP50Ms as number), p99Ms: round(governed.rollupP99Ms as number), target: 'p50 ≤ 20 ms' },
      backtest: {
        horizonDays: bt.horizonDays,
        origins: bt.origins,
        itemsScored: bt.itemsScored,
        method: { wape: round(bt.method.wape), bias: round(bt.method.bias) },
        trailing90: { wape: round(bt.trailing90.wape), bias: round(bt.trailing90.bias) },
        trailing28: { wape: round(bt.trailing28.wape), bias: round(bt.trailing28.bias) },
        wapeBelowBetterBaseline: round(1 - bt.method.wape / better),
        target: 'WAPE ≥ 15 % below the better baseline (wapeBelowBetterBaseline ≥ 0.15, a fraction)',
      },
      backtestEarlierWeeks: {
        origins: earlier.origins,
        skippedLatestWeeks: 12,
        itemsScored: earlier.itemsScored,
        method: { wape: round(earlier.method.wape), bias: round(earlier.method.bias) },
        trailing90: { wape: round(earlier.trailing90.wape), bias: round(earlier.trailing90.bias) },
        trailing28: { wape: round(earlier.trailing28.wape), bias: round(earlier.trailing28.bias) },
        wapeBelowBetterBaseline: round(1 - earlier.method.wape / earlierBetter),
      },
    };
  },
};
