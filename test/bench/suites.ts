/**
 * Further benchmark suites, registered by later domains (inventory import, forecast rollup,
 * receipts search …). Each returns named figures with their in-run baselines.
 */
import { badInputSuite } from './bad-input';
import { captureSuite } from './capture';
import { bankSuite } from './bank';
import { cliSuite } from './cli';
import { corpusSuite } from './corpus';
import { forecastPolicySuite } from './forecast-policy';
import { governanceSuite } from './governance';
import { householdSuite } from './household';
import { inventorySuite } from './inventory';
import { receiptsSuite } from './receipts';
import { reportsSuite } from './reports';

export interface BenchSuite {
  name: string;
  run(tmpDir: string): Promise<Record<string, unknown>>;
}

export const SUITES: BenchSuite[] = [governanceSuite, inventorySuite, forecastPolicySuite, receiptsSuite, bankSuite, corpusSuite, reportsSuite, householdSuite, cliSuite, badInputSuite, captureSuite];
