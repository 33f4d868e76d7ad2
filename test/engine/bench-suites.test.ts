/**
 * The quick `npm run bench` suites still run against today's engine (the bank suite once
 * broke silently when going live started to need the Go-live playbook). Figures are only
 * checked for shape and sense, never for speed: speed belongs to `npm run bench`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankSuite } from '../bench/bank';
import { reportsSuiteWith } from '../bench/reports';
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
