/**
 * The soak's long fuzz run: the contract fuzzer of test/helpers/fuzz.ts on a live engine
 * with a little of everything for shaped params to name, at many times the inputs of
 * `npm test`'s fast variant (12 per name there, 200 here by default).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../main/engine/engine';
import { fuzzContract, steadyGovernance, type FuzzReport } from '../helpers/fuzz';
import { goLive } from '../helpers/golive';
import { unwrap } from '../helpers/unwrap';

/** What the long fuzz run reports (the fuzzer's report, without per-name detail). */
export interface LongFuzzReport {
  inputs: number;
  numRunsPerName: number;
  seed: number;
  ok: number;
  refusals: FuzzReport['refusals'];
  failures: FuzzReport['failures'];
  auditVerified: boolean;
  seconds: number;
}

/** Runs the fuzzer in `folder` with `numRuns` params per name (default 200), logging progress. */
export async function runLongFuzz(folder: string, numRuns = 200, log: (m: string) => void = () => {}, seed = 18): Promise<LongFuzzReport> {
  mkdirSync(join(folder, 'scratch'), { recursive: true });
  const engine = createEngine({ dbPath: join(folder, 'fuzz.sqlite'), log: { info() {}, warn() {}, error() {} } });
  try {
    const { owner } = unwrap(engine.dispatch('setup.initialize', { ownerName: 'Fuzz Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute'), 'initialize').result;
    goLive(engine);
    const location = unwrap(engine.dispatch('inventory.createLocation', { name: 'Pantry' }, 'execute'), 'location').result;
    for (const name of ['Rice', 'Coffee']) {
      const item = unwrap(engine.dispatch('inventory.createItem', { name, locationId: location.id, minQty: 1, targetQty: 4 }, 'execute'), name).result;
      unwrap(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 3, unitCostMinor: 250 }, 'execute'), 'record');
    }
    unwrap(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute'), 'account');
    unwrap(engine.dispatch('receipts.create', { vendor: 'Corner shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR' }, 'execute'), 'receipt');
    unwrap(engine.dispatch('shopping.add', { name: 'Milk' }, 'execute'), 'shopping');
    log(`fuzz: ${numRuns} params per action and query (seed ${seed}) …`);
    const report = await fuzzContract({
      engine,
      numRuns,
      seed,
      scratchDir: join(folder, 'scratch'),
      beforeEachName: () => steadyGovernance(engine, owner.id),
      onProgress: (p) => {
        if (p.done % 20 === 0 || p.done === p.total) log(`  ${p.done}/${p.total} names, ${p.inputs} inputs, ${p.failures} failures`);
      },
    });
    log(`fuzz: ${report.inputs} inputs, ${report.failures.length} failures, ${report.seconds.toFixed(1)} s`);
    return {
      inputs: report.inputs,
      numRunsPerName: numRuns,
      seed,
      ok: report.ok,
      refusals: report.refusals,
      failures: report.failures,
      auditVerified: report.auditVerified,
      seconds: report.seconds,
    };
  } finally {
    engine.close();
  }
}
