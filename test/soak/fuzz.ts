/**
 * The soak's long fuzz run: the contract fuzzer of test/helpers/fuzz.ts on a live engine,
 * at many times the inputs of `npm test`'s fast variant.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../main/engine/engine';
import { goLive } from '../helpers/golive';

/** What the long fuzz run reports. */
export interface LongFuzzReport {
  inputs: number;
  failures: number;
  seconds: number;
  details: unknown;
}

/** Runs the fuzzer in `folder` with `numRuns` per name (default 400), logging progress. */
export async function runLongFuzz(folder: string, numRuns = 400, log: (m: string) => void = () => {}): Promise<LongFuzzReport> {
  mkdirSync(folder, { recursive: true });
  const { fuzzContract } = await import('../helpers/fuzz');
  const engine = createEngine({ dbPath: join(folder, 'fuzz.sqlite'), log: { info() {}, warn() {}, error() {} } });
  const started = Date.now();
  try {
    engine.dispatch('setup.initialize', { ownerName: 'Fuzz Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute');
    goLive(engine);
    log(`fuzz: ${numRuns} runs per action and query …`);
    const report = await fuzzContract({ engine, numRuns });
    const failures = (report as { failures: unknown[] }).failures.length;
    const inputs = (report as { totalInputs?: number; inputs?: number }).totalInputs ?? (report as { inputs?: number }).inputs ?? 0;
    log(`fuzz: ${inputs} inputs, ${failures} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { inputs, failures, seconds: (Date.now() - started) / 1000, details: report };
  } finally {
    engine.close();
  }
}
