import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { liveEngine, must } from '../helpers/engine';
import { stage } from '../helpers/files';

function refusal(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** Rows in `table`, read through a second connection. */
function count(dbPath: string, table: string, where = '1'): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const EXPORT = [
  'Merchant;Date;Amount;VAT;Category;Payment;Tags;Notes',
  'Bäckerei Müller;20.11.2026;12,50;0,82;Food;card;"breakfast, team";croissants',
  'Baumarkt;19.11.2026;1.234,00;;Tools;cash;;',
  ';18.11.2026;3,20;;;;;no vendor on the slip',
  '',
].join('\n');

describe('receipts from a CSV file', () => {
  it('guesses the mapping from the header (delimiter, date layout, decimal comma), previews, imports once; empty required cells go to the triage inbox', async () => {
    const { engine, dbPath } = liveEngine();
    const sha = await stage(engine, Buffer.from(EXPORT, 'utf8'), 'export.csv');
    const preview = must(engine.query('receipts.previewCsv', { fileSha256: sha }));
    expect(preview.columns).toEqual(['Merchant', 'Date', 'Amount', 'VAT', 'Category', 'Payment', 'Tags', 'Notes']);
    expect(preview.suggestedMapping).toEqual({ vendor: 'Merchant', date: 'Date', total: 'Amount', tax: 'VAT', category: 'Category', paymentMethod: 'Payment', tags: 'Tags', notes: 'Notes', dateFormat: 'dd.MM.yyyy', decimal: ',', delimiter: ';' });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.vendor, r.date, r.totalMinor, r.taxMinor, r.tags])).toEqual([
      ['Bäckerei Müller', '2026-11-20', 1250, 82, ['breakfast', 'team']],
      ['Baumarkt', '2026-11-19', 123400, null, []],
      [null, '2026-11-18', 320, null, []],
    ]);
    const mapping = preview.suggestedMapping;
    if (!mapping) throw new Error('expected a mapping');
    const first = must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, fileName: 'export.csv', mapping, currency: 'EUR' }, 'execute')).result;
    expect(first).toEqual({ rows: 3, imported: 3, needsAttention: 1, alreadyImported: 0 });
    expect(must(engine.query('receipts.triage', {})).needsAttention.map((r) => r.notes)).toEqual(['no vendor on the slip']);
    expect(must(engine.query('receipts.list', { search: 'croissants' })).items.map((r) => r.vendor)).toEqual(['Bäckerei Müller']);
    const again = must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'EUR' }, 'execute')).result;
    expect(again).toEqual({ rows: 3, imported: 0, needsAttention: 0, alreadyImported: 3 });
    expect(count(dbPath, 'receipts', "source = 'csv'")).toBe(3);
    expect(must(engine.query('receipts.previewCsv', { fileSha256: sha })).rows.every((r) => r.alreadyImported)).toBe(true);
  });

  it('refuses a file with unreadable rows whole — "RM 9.00", 31/02, a bad currency, tax above the total — listing each; nothing is imported', async () => {
    const { engine, dbPath } = liveEngine();
    const csv = ['vendor,date,total,currency,tax', 'Kedai A,2018-03-30,RM 9.00,MYR,', 'Kedai B,2018-02-31,9.00,MYR,', 'Kedai C,2018-03-01,9.00,RINGGIT,', 'Kedai D,2018-03-01,9.00,MYR,10.00', 'Kedai E,2018-03-01,1.005,MYR,', 'Kedai F,2018-03-01,4.50,MYR,'].join('\n');
    const sha = await stage(engine, Buffer.from(csv), 'bad.csv');
    const preview = must(engine.query('receipts.previewCsv', { fileSha256: sha }));
    expect(preview.errors.map((e) => e.message)).toEqual([
      'row 1: total "RM 9.00" is not an amount in MYR (decimal separator ".")',
      'row 2: date "2018-02-31" is not a date in the format yyyy-MM-dd',
      'row 3: currency "RINGGIT" is not a three-letter code such as EUR',
      'row 4: tax is more than the total',
      'row 5: total "1.005" is not an amount in MYR (decimal separator ".")',
    ]);
    expect(preview.rows.map((r) => r.vendor)).toEqual(['Kedai F']);
    const before = count(dbPath, 'receipts');
    const error = refusal(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping: preview.suggestedMapping ?? { vendor: 'vendor', date: 'date', total: 'total' }, currency: 'MYR' }, 'execute'));
    expect(error.message).toMatch(/^5 rows could not be read, nothing was imported: row 1: total "RM 9.00"/);
    expect(count(dbPath, 'receipts')).toBe(before);
  });

  it('refuses Latin-1 bytes read as UTF-8 with a clear message, and reads them as latin1; refuses a mapping naming a missing column and a header-less file', async () => {
    const { engine } = liveEngine();
    const latin1 = Buffer.concat([Buffer.from('Vendor,Date,Total\nCaf'), Buffer.from([0xe9]), Buffer.from(' Central,2026-11-20,"4,50"\n')]);
    const sha = await stage(engine, latin1, 'latin1.csv');
    expect(refusal(engine.query('receipts.previewCsv', { fileSha256: sha })).message).toMatch(/not UTF-8 text .*choose the latin1 encoding/);
    const mapping = { vendor: 'Vendor', date: 'Date', total: 'Total', decimal: ',' as const };
    const read = must(engine.query('receipts.previewCsv', { fileSha256: sha, encoding: 'latin1', mapping }));
    expect(read.rows.map((r) => [r.vendor, r.totalMinor])).toEqual([['Café Central', 450]]);
    expect(refusal(engine.query('receipts.previewCsv', { fileSha256: sha, encoding: 'latin1', mapping: { ...mapping, total: 'Sum' } })).message).toMatch(/total column "Sum" is not in the file; its columns are: "Vendor", "Date", "Total"/);
    const headless = await stage(engine, Buffer.from('Corner Shop,2026-11-20,12.50\n'), 'headless.csv');
    expect(refusal(engine.query('receipts.previewCsv', { fileSha256: headless })).message).toMatch(/looks like data .* needs a header line/);
    expect(refusal(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping: { vendor: 'Vendor', date: 'Date' } as never }, 'execute')).code).toBe('invalid');
  });
});
