import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { liveEngine, must, refusal } from '../helpers/engine';
import { stage } from '../helpers/files';

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
    expect(first).toEqual({ rows: 3, imported: 3, needsAttention: 1, alreadyImported: 0, skipped: 0 });
    expect(must(engine.query('receipts.triage', {})).needsAttention.map((r) => r.notes)).toEqual(['no vendor on the slip']);
    expect(must(engine.query('receipts.list', { search: 'croissants' })).items.map((r) => r.vendor)).toEqual(['Bäckerei Müller']);
    const again = must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'EUR' }, 'execute')).result;
    expect(again).toEqual({ rows: 3, imported: 0, needsAttention: 0, alreadyImported: 3, skipped: 0 });
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
    // the rows chosen: an unreadable row among them still refuses; left out, it does not
    const mapping = preview.suggestedMapping ?? { vendor: 'vendor', date: 'date', total: 'total' };
    expect(refusal(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'MYR', rows: [1, 6] }, 'execute')).message).toMatch(/^1 row could not be read/);
    expect(refusal(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'MYR', rows: [6, 9] }, 'execute')).message).toMatch(/row 9 is not in the file \(it has 6 rows\)/);
    expect(count(dbPath, 'receipts')).toBe(before);
    const chosen = must(await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'MYR', rows: [6] }, 'execute'));
    expect(chosen.result).toEqual({ rows: 1, imported: 1, needsAttention: 0, alreadyImported: 0, skipped: 5 });
    expect(count(dbPath, 'receipts')).toBe(before + 1);
    const events = must(engine.query('audit.list', { decisionId: chosen.decision.id, limit: 10 })).items;
    expect(events.find((e) => e.entity === 'receipt_import')?.after).toMatchObject({ skippedRows: '1, 2, 3, 4, 5' });
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

describe('a receipts CSV too large to be one', () => {
  it('is refused by its size before it is read, in the preview and the import, and nothing is imported', async () => {
    const { engine, dbPath } = liveEngine();
    const sha = await stage(engine, Buffer.alloc(33 * 1024 * 1024, 'Merchant;Date;Amount\nKiosk;20.11.2026;1,00\n'), 'huge.csv');
    const preview = engine.query('receipts.previewCsv', { fileSha256: sha });
    expect(preview.ok ? null : preview.error.message).toBe('the file is 33 MiB: a receipts CSV is at most 32 MiB; export a shorter period');
    const mapping = { vendor: 'Merchant', date: 'Date', total: 'Amount', dateFormat: 'dd.MM.yyyy', decimal: ',', delimiter: ';' } as const;
    const imported = await engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'EUR' }, 'execute');
    expect(imported.ok ? null : imported.error.code).toBe('invalid');
    expect(count(dbPath, 'receipts')).toBe(0);
  });
});

describe('bulk completion from the triage inbox', () => {
  const SLIPS = ['Merchant;Date;Amount;Category', ';18.11.2026;3,20;', ';18.11.2026;4,10;Snacks', 'Kiosk;;2,00;', 'Kiosk;17.11.2026;1,50;', ''].join('\n');

  async function imported() {
    const l = liveEngine();
    const sha = await stage(l.engine, Buffer.from(SLIPS, 'utf8'), 'slips.csv');
    const mapping = must(l.engine.query('receipts.previewCsv', { fileSha256: sha })).suggestedMapping;
    if (!mapping) throw new Error('expected a mapping');
    must(await l.engine.dispatchAsync('receipts.importCsv', { fileSha256: sha, mapping, currency: 'EUR' }, 'execute'));
    const attention = must(l.engine.query('receipts.triage', {})).needsAttention;
    const complete = must(l.engine.query('receipts.list', { status: 'complete' })).items;
    return { ...l, attention, complete };
  }

  it('fills only the empty fields, completes the receipts that then have every required one, in one decision', async () => {
    const { engine, dbPath, attention, complete } = await imported();
    expect(attention.map((r) => r.missing.join())).toEqual(expect.arrayContaining(['vendor', 'vendor', 'date']));
    const auditBefore = count(dbPath, 'audit_events');
    const ids = [...attention.map((r) => r.id), ...complete.map((r) => r.id)];
    const result = must(engine.dispatch('receipts.completeMany', { ids, vendor: 'Station kiosk', category: 'Food' }, 'execute'));
    // the two without a vendor get it and are complete; the dated-less Kiosk slip gets only the category; the complete one too
    expect(result.result).toEqual({ updated: 4, completed: 2, unchanged: 0 });
    const after = await Promise.all(ids.map((id) => must(engine.query('receipts.get', { id }))));
    expect(after.map((r) => [r.vendor, r.category, r.status])).toEqual(
      expect.arrayContaining([
        ['Station kiosk', 'Food', 'complete'],
        ['Station kiosk', 'Snacks', 'complete'], // a category already set is kept
        ['Kiosk', 'Food', 'needs_attention'],
        ['Kiosk', 'Food', 'complete'],
      ]),
    );
    // one decision, one audit event per receipt changed
    expect(count(dbPath, 'audit_events') - auditBefore).toBe(5);
    const again = must(engine.dispatch('receipts.completeMany', { ids, vendor: 'Someone else' }, 'execute')).result;
    expect(again).toEqual({ updated: 0, completed: 0, unchanged: 4 });
  });

  it('refuses no field, a repeated or unknown receipt, and a void one, changing nothing', async () => {
    const { engine, dbPath, attention } = await imported();
    const [a, b] = attention;
    if (!a || !b) throw new Error('expected receipts needing attention');
    const receiptEvents = () => count(dbPath, 'audit_events', "entity = 'receipt'");
    const auditBefore = receiptEvents();
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [a.id] }, 'execute')).message).toMatch(/at least one field/);
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [a.id, a.id], vendor: 'X' }, 'execute')).message).toMatch(/listed twice/);
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [], vendor: 'X' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [a.id], date: '2026-02-31' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [a.id, '01a1fd67-0ff4-737c-b220-a6f01922403b'], vendor: 'X' }, 'execute')).code).toBe('not_found');
    must(engine.dispatch('receipts.void', { id: b.id, reason: 'a test slip' }, 'execute'));
    const voidAudit = receiptEvents();
    expect(refusal(engine.dispatch('receipts.completeMany', { ids: [a.id, b.id], vendor: 'X' }, 'execute')).message).toMatch(/is void/);
    // the refused batch changed nothing, not even the first receipt
    expect(must(engine.query('receipts.get', { id: a.id })).vendor).toBe(a.vendor);
    expect(count(dbPath, 'receipts', "vendor = 'X'")).toBe(0);
    // refusals are decisions on record, but no receipt changed: the void is the only receipt event
    expect(voidAudit - auditBefore).toBe(1);
    expect(receiptEvents()).toBe(voidAudit);
  });
});
