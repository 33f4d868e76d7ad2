/**
 * The quick `npm run bench` suites still run against today's engine (the bank suite once
 * broke silently when going live started to need the Go-live playbook). Figures are only
 * checked for shape and sense, never for speed: speed belongs to `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { bankSuite } from '../bench/bank';
import { spendingSuite } from '../bench/spending';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { tempDir } from '../helpers/engine';

describe('bench suites', () => {
  it.skipIf(!hasDataset(`${DATASETS}/bank-statements`))('the bank suite imports the largest fixture and re-imports it as duplicates', async () => {
    const { bankImport } = (await bankSuite.run(tempDir())) as { bankImport: { transactions: number; transactionsPerSecond: number; skipped?: string } };
    expect(bankImport.skipped).toBeUndefined();
    expect(bankImport.transactions).toBe(347);
    expect(bankImport.transactionsPerSecond).toBeGreaterThan(0);
  }, 60_000);

  it('the spending suite executes approved spends through two cap scopes', async () => {
    const results = (await spendingSuite.run(tempDir())) as { governedSpend: { ratio: number; n: number } };
    expect(results.governedSpend.n).toBeGreaterThan(0);
    expect(Number.isFinite(results.governedSpend.ratio)).toBe(true);
  }, 60_000);
});
