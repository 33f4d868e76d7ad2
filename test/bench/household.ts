/**
 * The household week's benchmark (issue 13): the daily tick over the imported real shop
 * (UCI Online Retail, 4,037 items and a year of sales, shifted to end today). Figures: the
 * first tick's seconds and what it did (shopping items added, approvals requested, decisions
 * made), and a second tick right after (0 new items; its seconds). Target: ≤ 2 s. The
 * baseline measured in the same run is `forecast.rollup`, which forecasts every item as the
 * tick does, so the ratio says what the tick adds to reading the forecasts.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createEngine } from '../../main/engine/engine';
import { goLive } from '../helpers/golive';
import { hasDataset, ONLINE_RETAIL } from '../helpers/datasets';
import type { BenchSuite } from './suites';

const quiet = { info() {}, warn() {}, error() {} };
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

export const householdSuite: BenchSuite = {
  name: 'household',
  async run(dir) {
    if (!hasDataset(ONLINE_RETAIL)) return { dailyTick: { skipped: `no data set at ${ONLINE_RETAIL}` } };
    process.stderr.write('daily tick over the real shop: importing its year of sales …\n');
    const engine = createEngine({ dbPath: join(dir, 'household.sqlite'), log: quiet });
    try {
      engine.dispatch('setup.initialize', { ownerName: 'Bench', currency: 'GBP', timeZone: 'Europe/London' }, 'execute');
      goLive(engine);
      const staged = await engine.files.putPath(ONLINE_RETAIL);
      const imported = await engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, opening: { mode: 'coverDays', days: 30 }, shiftToToday: true }, 'execute');
      if (!imported.ok) throw new Error(imported.error.message);
      const headSeq = () => {
        const r = engine.query('governance.state', {}, { actor: 'system' });
        return r.ok ? (r.value.chainHead?.seq ?? 0) : 0;
      };

      const t0 = performance.now();
      const rollup = engine.query('forecast.rollup', { limit: 500, windowDays: 3650 });
      const rollupSeconds = (performance.now() - t0) / 1000;
      if (!rollup.ok) throw new Error(rollup.error.message);

      const before = headSeq();
      const t1 = performance.now();
      const first = engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' });
      const firstSeconds = (performance.now() - t1) / 1000;
      if (!first.ok) throw new Error(first.error.message);
      const t2 = performance.now();
      const second = engine.dispatch('scheduler.dailyTick', {}, 'execute', { actor: 'system' });
      const secondSeconds = (performance.now() - t2) / 1000;
      if (!second.ok) throw new Error(second.error.message);
      const list = engine.query('shopping.list', {});
      const events = headSeq() - before;
      return {
        dailyTick: {
          items: imported.value.result.itemsCreated,
          seconds: round(firstSeconds, 2),
          recommendationsMade: Object.values(first.value.result.recommended).reduce((a, n) => a + n, 0),
          approvalsRequested: first.value.result.approvalsRequested,
          decisionsMade: 1,
          auditEventsWritten: events,
          forecastReadSeconds: round(rollupSeconds, 2),
          ratioToForecastRead: round(firstSeconds / rollupSeconds, 2),
          openShoppingItems: list.ok ? list.value.count : null,
          target: '≤ 2 s',
        },
        secondTick: { seconds: round(secondSeconds, 2), recommendationsMade: Object.values(second.value.result.recommended).reduce((a, n) => a + n, 0), expected: 0 },
      };
    } finally {
      engine.close();
    }
  },
};
