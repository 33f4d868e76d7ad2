/**
 * The quick `npm run bench` suites still run against today's engine (the bank suite once
 * broke silently when going live started to need the Go-live playbook). Figures are only
 * checked for shape and sense, never for speed: speed belongs to `npm run bench`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankSuite } from '../bench/bank';
import { reportsSuiteWith } from '../bench/reports';
import { governanceSuiteWith } from '../bench/governance';
import { performanceTable, updateReadme, type BenchFile } from '../bench/report';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { tempDir } from '../helpers/engine';

describe('bench suites', () => {
  it.skipIf(!hasDataset(`${DATASETS}/bank-statements`))('the bank suite imports the largest fixture and re-imports it as duplicates', async () => {
    const { bankImport } = (await bankSuite.run(tempDir())) as { bankImport: { transactions: number; transactionsPerSecond: number; skipped?: string } };
    expect(bankImport.skipped).toBeUndefined();
    expect(bankImport.transactions).toBe(347);
    expect(bankImport.transactionsPerSecond).toBeGreaterThan(0);
  }, 60_000);

  it('the governance suite times governed actions against the same rows written bare', async () => {
    const r = (await governanceSuiteWith({ n: 20, warm: 5 }).run(tempDir())) as Record<string, { ratio: number; rows: number; pagesPerCommit: number; barePagesPerCommit: number; tables: Record<string, number> }>;
    const nonSpend = r.governedExecuteSameRows!;
    const spend = r.governedSpendSameRows!;
    // the rows captured are the action's own: its effect, its decision, its audit events
    expect(nonSpend.tables).toMatchObject({ 'governance_state update': 1, 'decisions insert': 1 });
    expect(nonSpend.tables['audit_events insert']).toBeGreaterThanOrEqual(2);
    expect(spend.tables).toMatchObject({ 'purchases update': 1, 'decisions insert': 1 });
    // one audit event per cap scope (GLOBAL and the category), not one per reservation and settlement
    expect(spend.tables['cap_usage update']).toBe(4);
    expect(spend.rows).toBeGreaterThan(nonSpend.rows);
    for (const figures of [nonSpend, spend, r.governedSpend!]) expect(Number.isFinite(figures.ratio) && figures.ratio > 0).toBe(true);
    expect(nonSpend.pagesPerCommit).toBeGreaterThan(0);
    expect(nonSpend.barePagesPerCommit).toBeGreaterThan(0);
  }, 120_000);

  it('the performance table is made from bench/results.json, with verdicts against the targets', () => {
    const file: BenchFile = {
      machine: { node: 'v20', cpus: 2, cpuModel: 'Test CPU', platform: 'linux x64', at: '2026-12-06T00:00:00.000Z' },
      measuredAt: {},
      results: {
        governedExecuteSameRows: { action: 'governance.setBand', rows: 4, pagesPerCommit: 19, governedMs: 0.5, sameRowsBareMs: 0.4, barePagesPerCommit: 18, ratio: 1.25 },
        governedSpend: { spendWithApprovalAndCapsMs: 1, nonSpendMs: 0.5, ratio: 2 },
        backtest: { origins: 12, horizonDays: 14, itemsScored: 100, method: { wape: 0.5 }, trailing28: { wape: 0.6 }, trailing90: { wape: 0.62 }, wapeBelowBetterBaseline: 0.1667 },
      },
    };
    const table = performanceTable(file);
    expect(table).toContain('2 × Test CPU');
    expect(table).toMatch(/governed `execute`.*\| 1\.25× \| ≤ 1\.3× \(met\)/);
    expect(table).toMatch(/governed spend.*\| 2\.00× \| ≤ 1\.3× \(\*\*missed\*\*\)/);
    expect(table).toMatch(/16\.7 % below \| ≥ 15 % below \(met\)/);
    const readme = join(tempDir(), 'README.md');
    writeFileSync(readme, '# x\n<!-- bench:table:start -->\nold\n<!-- bench:table:end -->\nafter\n');
    updateReadme(readme, file);
    const text = readFileSync(readme, 'utf8');
    expect(text).not.toContain('old');
    expect(text).toContain('after');
    expect(text).toContain(table);
    writeFileSync(readme, '# no markers\n');
    expect(() => updateReadme(readme, file)).toThrow(/markers/);
  });

  it('the reports suite exports, verifies and backs up (tiny sizes: 300 decisions, a five-row shop)', async () => {
    const dir = tempDir();
    const salesFile = join(dir, 'sales.csv');
    writeFileSync(
      salesFile,
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
        '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
        '536366,POST,POSTAGE,1,2010-12-01 08:28:00,18.00,17850.0,United Kingdom',
        'C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2010-12-02 09:41:00,2.55,14527.0,United Kingdom',
        '536390,22941,"CHRISTMAS LIGHTS, 10 REINDEER",4,2010-12-03 11:00:00,8.5,17850.0,United Kingdom',
      ].join('\n'),
    );
    const r = (await reportsSuiteWith({ decisions: 300, salesFile }).run(dir)) as {
      reportsExport: { decisions: number; auditEvents: number; seconds: number; peakRssMb: number; bundleMb: number; ratioToBareCsv: number };
      reportsExportFirstWeek: { decisions: number };
      reportsVerify: { eventsChecked: number; ratioToExport: number };
      backupShop: { salesRows: number; verified: boolean; backupMb: number; ratioToCopyFile: number; skipped?: string };
    };
    // the 300 filled plus the Go-live run's own decisions, two events each at least
    expect(r.reportsExport.decisions).toBeGreaterThanOrEqual(300);
    expect(r.reportsExport.auditEvents).toBeGreaterThanOrEqual(600);
    expect(r.reportsExport.peakRssMb).toBeGreaterThan(0);
    expect(r.reportsExport.bundleMb).toBeGreaterThan(0);
    expect(Number.isFinite(r.reportsExport.ratioToBareCsv)).toBe(true);
    expect(r.reportsExportFirstWeek.decisions).toBeGreaterThan(0);
    expect(r.reportsExportFirstWeek.decisions).toBeLessThan(r.reportsExport.decisions);
    expect(r.reportsVerify.eventsChecked).toBe(r.reportsExport.auditEvents);
    expect(Number.isFinite(r.reportsVerify.ratioToExport)).toBe(true);
    expect(r.backupShop.skipped).toBeUndefined();
    expect(r.backupShop.salesRows).toBe(5);
    expect(r.backupShop.verified).toBe(true);
    expect(Number.isFinite(r.backupShop.ratioToCopyFile)).toBe(true);
  }, 180_000);
});
