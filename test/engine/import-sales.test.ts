import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { liveEngine, manualClock, must, refusal, tempDir } from '../helpers/engine';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** A small sales file in the UCI layout, with each kind of row the real one has. */
const SAMPLE = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
  '536366,POST,POSTAGE,1,2010-12-01 08:28:00,18.00,17850.0,United Kingdom',
  'C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-2,2010-12-02 09:41:00,2.55,14527.0,United Kingdom',
  '536380,71053,damaged,-1,2010-12-02 10:00:00,0.0,,United Kingdom',
  '536381,71053,,3,2010-12-03 10:00:00,0.0,,United Kingdom',
  'A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom',
  '536390,"22941","CHRISTMAS LIGHTS, 10 REINDEER",4,12/3/2010 11:00,8.5,17850.0,United Kingdom',
].join('\n');

async function importText(text: string | Buffer, options: Record<string, unknown> = {}, opened = liveEngine()) {
  const path = join(tempDir(), 'sales.csv');
  writeFileSync(path, text);
  const staged = await opened.engine.files.putPath(path);
  const result = await opened.engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, fileName: 'sales.csv', opening: { mode: 'none' }, ...options }, 'execute');
  return { ...opened, staged, result };
}

const count = (dbPath: string, sql: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('sales import', () => {
  it('turns rows into items and entries, reporting skipped rows by reason and exact duplicates', async () => {
    const { result, engine } = await importText(SAMPLE);
    const summary = must(result).result;
    expect(summary).toMatchObject({ rows: 9, itemsCreated: 3, sales: 3, returns: 1, spoilage: 1, adjustments: 1, alreadyImported: false, firstDay: '2010-12-01', lastDay: '2010-12-03' });
    expect(summary.duplicates).toEqual({ count: 1, examples: ['row 4 repeats row 3'] });
    expect(summary.skipped.map((s) => [s.reason, s.count])).toEqual([
      ['non-product code (postage, fees, discounts, samples, vouchers)', 1],
      ['bad-debt adjustment (A… invoice)', 1],
    ]);
    const items = must(engine.query('inventory.items', {})).items;
    expect(items.map((i) => [i.sku, i.name, i.unitCostMinor]).sort()).toEqual([
      ['22941', 'CHRISTMAS LIGHTS, 10 REINDEER', 850],
      ['71053', 'WHITE METAL LANTERN', 339],
      ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 255],
    ]);
    const lantern = items.find((i) => i.sku === '71053');
    // sold 6 (the duplicate row is not counted), 1 damaged, 3 found
    expect(lantern?.forecast.onHand).toBe(-6 - 1 + 3);
    const journal = must(engine.query('inventory.journal', { itemId: lantern?.id ?? '' })).items;
    expect(journal.map((e) => [e.kind, e.qty, e.source]).reverse()).toEqual([
      ['sale', -6, 'import'],
      ['spoil', -1, 'import'],
      ['adjust', 3, 'import'],
    ]);
  });

  it('is one governed action: one decision and one audit event naming the file, and a second import changes nothing', async () => {
    const first = await importText(SAMPLE);
    const { decision } = must(first.result);
    const events = must(first.engine.query('audit.list', { decisionId: decision.id, limit: 50 })).items;
    expect(events.map((e) => e.entity).sort()).toEqual(['decision', 'import']);
    expect(events.find((e) => e.entity === 'import')?.after).toMatchObject({ fileSha256: first.staged.sha256, kind: 'sales', shiftDays: 0 });
    const entries = count(first.dbPath, 'SELECT count(*) AS n FROM stock_journal');
    const again = must(await first.engine.dispatchAsync('inventory.importSales', { fileSha256: first.staged.sha256, opening: { mode: 'none' } }, 'execute')).result;
    expect(again.alreadyImported).toBe(true);
    expect(count(first.dbPath, 'SELECT count(*) AS n FROM stock_journal')).toBe(entries);
  });

  it('reads gzip files and shifts dates so the history ends today, recording the shift', async () => {
    const clock = manualClock('2026-11-21T09:00:00.000Z');
    const { result } = await importText(gzipSync(SAMPLE), { shiftToToday: true }, liveEngine({ clock }));
    const summary = must(result).result;
    expect(summary.lastDay).toBe('2026-11-21');
    expect(summary.firstDay).toBe('2026-11-19');
    expect(summary.shiftDays).toBeGreaterThan(5000);
  });

  it('sets opening stock so on-hand at the end covers N days of average demand, never negative on the way', async () => {
    const { result, engine } = await importText(SAMPLE, { opening: { mode: 'coverDays', days: 10 } });
    const summary = must(result).result;
    expect(summary.openingEntries).toBeGreaterThan(0);
    const items = must(engine.query('inventory.items', {})).items;
    const heart = items.find((i) => i.sku === '85123A');
    // sold 6 over 3 days (2/day): opening covers 20 at the end, the return of 2 included
    expect(heart?.forecast.onHand).toBe(20);
    for (const item of items) expect(item.forecast.onHand).toBeGreaterThanOrEqual(0);
  });

  it('takes opening stock from a stock-count CSV', async () => {
    const opened = liveEngine();
    const countPath = join(tempDir(), 'count.csv');
    writeFileSync(countPath, 'StockCode,Quantity\n85123A,12\n71053,0\n');
    const countFile = await opened.engine.files.putPath(countPath);
    const { result, engine } = await importText(SAMPLE, { opening: { mode: 'stockCount', fileSha256: countFile.sha256 } }, opened);
    must(result);
    const items = must(engine.query('inventory.items', {})).items;
    expect(items.find((i) => i.sku === '85123A')?.forecast.onHand).toBe(12);
    // a count is the truth at the end, even where the history then dips below zero on the way
    expect(items.find((i) => i.sku === '71053')?.forecast.onHand).toBe(0);
  });

  const broken: [string, string | Buffer, RegExp][] = [
    ['a wrong header', 'Invoice,Code,Qty\n1,2,3\n', /row 1: not a sales file \(UCI Online Retail\) header/],
    ['a wrong delimiter', SAMPLE.replaceAll(',', ';'), /uses ";" as delimiter/],
    ['broken quoting', `${HEADER}\n536365,"85123A,WHITE,6,2010-12-01 08:26:00,2.55,17850.0,UK\n`, /quoted field is never closed|broken quoting|wrong number of fields/],
    ['a ragged row', `${HEADER}\n536365,85123A,WHITE,6,2010-12-01 08:26:00\n`, /line 2: wrong number of fields/],
    ['a non-numeric quantity', `${HEADER}\n536365,85123A,WHITE,six,2010-12-01 08:26:00,2.55,17850.0,UK\n`, /row 2, Quantity: "six" is not a whole number/],
    ['a bad date', `${HEADER}\n536365,85123A,WHITE,6,2010-02-31 08:26:00,2.55,17850.0,UK\n`, /row 2, InvoiceDate: "2010-02-31 08:26:00" is not a date/],
    ['Latin-1 bytes', Buffer.concat([Buffer.from(`${HEADER}\n536365,85123A,CAF`), Buffer.from([0xc9]), Buffer.from(',6,2010-12-01 08:26:00,2.55,1,UK\n')]), /not UTF-8 text/],
    ['corrupt gzip', Buffer.concat([gzipSync(SAMPLE).subarray(0, 40), Buffer.alloc(40, 7)]), /gzip data is corrupt/],
    ['an empty file', '', /empty/],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses ${what} with a clear error and imports nothing`, async () => {
      const { result, dbPath } = await importText(text);
      const error = refusal(result);
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(message);
      expect((error.details?.decision as { status: string }).status).toBe('INVALID');
      expect(count(dbPath, 'SELECT count(*) AS n FROM items')).toBe(0);
      expect(count(dbPath, 'SELECT count(*) AS n FROM stock_journal')).toBe(0);
      expect(count(dbPath, 'SELECT count(*) AS n FROM imports')).toBe(0);
    });
  }

  it('refuses an unknown staged file, and bad params, before reading anything', async () => {
    const { engine } = liveEngine();
    const missing = await engine.dispatchAsync('inventory.importSales', { fileSha256: 'a'.repeat(64) }, 'execute');
    expect(refusal(missing).code).toBe('not_found');
    expect(refusal(await engine.dispatchAsync('inventory.importSales', { fileSha256: 'nope' }, 'execute')).code).toBe('invalid');
    expect(refusal(await engine.dispatchAsync('inventory.importSales', { fileSha256: 'a'.repeat(64), opening: { mode: 'coverDays', days: -3 } }, 'execute')).code).toBe('invalid');
  });

  it('reports progress while reading', async () => {
    const opened = liveEngine();
    const events: { phase: string; done: number }[] = [];
    opened.engine.on('job.progress', (p) => events.push(p));
    const rows = [HEADER, ...Array.from({ length: 25_000 }, (_, i) => `5${String(i).padStart(5, '0')},85123A,HEART,1,2010-12-01 08:26:00,2.55,1,UK`)].join('\n');
    must((await importText(rows, {}, opened)).result);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ phase: 'reading', done: 25_000, total: 25_000 });
  });
});

describe('items CSV import with a column mapping', () => {
  it('creates and updates items by SKU, and names the row of a bad number', async () => {
    const { engine } = liveEngine();
    const path = join(tempDir(), 'items.csv');
    writeFileSync(path, 'Artikel;Nummer;Min;Preis\nReis;R-1;2;2,49\nNudeln;N-1;1;1,19\n');
    const file = await engine.files.putPath(path);
    const mapping = { name: 'Artikel', sku: 'Nummer', minQty: 'Min', unitCost: 'Preis' };
    const first = must(await engine.dispatchAsync('inventory.importItems', { fileSha256: file.sha256, delimiter: ';', mapping }, 'execute')).result;
    expect(first).toEqual({ created: 2, updated: 0, rows: 2 });
    expect(must(engine.query('inventory.items', {})).items.map((i) => [i.name, i.minQty, i.unitCostMinor])).toEqual([
      ['Nudeln', 1, 119],
      ['Reis', 2, 249],
    ]);
    expect(must(await engine.dispatchAsync('inventory.importItems', { fileSha256: file.sha256, delimiter: ';', mapping }, 'execute')).result).toEqual({ created: 0, updated: 2, rows: 2 });

    const badPath = join(tempDir(), 'bad.csv');
    writeFileSync(badPath, 'Artikel;Nummer;Min;Preis\nReis;R-1;zwei;2,49\n');
    const bad = await engine.files.putPath(badPath);
    expect(refusal(await engine.dispatchAsync('inventory.importItems', { fileSha256: bad.sha256, delimiter: ';', mapping }, 'execute')).message).toMatch(/row 2, minQty: "zwei"/);
    const wrongColumns = await engine.dispatchAsync('inventory.importItems', { fileSha256: file.sha256, delimiter: ';', mapping: { name: 'Name' } }, 'execute');
    expect(refusal(wrongColumns).message).toMatch(/row 1/);
  });
});
