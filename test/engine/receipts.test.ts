import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parseReceiptDate, parseReceiptTotal, ocrText } from '../../main/engine/domains/receipts/sroie';
import { vendorKey } from '../../main/engine/domains/receipts/store';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { liveEngine, must, refusal, tempDir } from '../helpers/engine';
import { JPEG_16x12 } from '../helpers/files';

const SROIE = join(DATASETS, 'sroie-receipts');

describe('reading receipts', () => {
  it('parses the day-first date formats of real receipts, and refuses impossible dates', () => {
    expect(parseReceiptDate('25/12/2018')).toBe('2018-12-25');
    expect(parseReceiptDate('12-01-18')).toBe('2018-01-12');
    expect(parseReceiptDate('12-01-2018')).toBe('2018-01-12');
    expect(parseReceiptDate('2018-03-30')).toBe('2018-03-30');
    expect(parseReceiptDate('25 MAR 2018')).toBe('2018-03-25');
    expect(parseReceiptDate('7/4/2018')).toBe('2018-04-07');
    // month names, compact, bracketed and month-first forms, each from a real SROIE key file
    expect(parseReceiptDate('05-JAN-2017')).toBe('2017-01-05');
    expect(parseReceiptDate('14/JUN/2017')).toBe('2017-06-14');
    expect(parseReceiptDate('OCT 3, 2016')).toBe('2016-10-03');
    expect(parseReceiptDate('20180428')).toBe('2018-04-28');
    expect(parseReceiptDate('(06/12/2016)')).toBe('2016-12-06');
    expect(parseReceiptDate('11.02.18')).toBe('2018-02-11');
    // month-first only when no day-first reading exists
    expect(parseReceiptDate('12/13/2016')).toBe('2016-12-13');
    expect(parseReceiptDate('06/12/2016')).toBe('2016-12-06');
    expect(parseReceiptDate('31/02/2018')).toBeNull();
    expect(parseReceiptDate('02/31/2018')).toBeNull();
    expect(parseReceiptDate('yesterday')).toBeNull();
  });

  it('reads totals with currency marks as minor units', () => {
    expect(parseReceiptTotal('9.00')).toBe(900);
    expect(parseReceiptTotal('RM 9.00')).toBe(900);
    expect(parseReceiptTotal('$1,234.5')).toBe(123450);
    expect(parseReceiptTotal('')).toBeNull();
    expect(parseReceiptTotal('nine')).toBeNull();
  });

  it('keeps OCR text with commas, and normalises vendors for duplicate detection', () => {
    expect(ocrText('1,2,3,4,5,6,7,8,NO.53 55,57 & 59\n1,2,3,4,5,6,7,8,TOTAL 9.00')).toBe('NO.53 55,57 & 59\nTOTAL 9.00');
    expect(vendorKey('BOOK TA .K (TAMAN DAYA) SDN BHD')).toBe(vendorKey('Book Ta.K (Taman Daya) S/B'));
  });
});

describe('receipts', () => {
  it('are entered, searched by a word from notes or tags, edited, and voided (never erased), each audited', () => {
    const { engine } = liveEngine();
    const r = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR', tags: ['breakfast'], notes: 'croissants for the team', lines: [{ description: 'Croissant', qty: 5, amountMinor: 1250 }] }, 'execute'));
    expect(r.result).toMatchObject({ status: 'complete', missing: [], lines: [{ description: 'Croissant', qty: 5, amountMinor: 1250 }] });
    expect(must(engine.query('receipts.list', { search: 'croiss' })).items.map((i) => i.id)).toEqual([r.result.id]);
    expect(must(engine.query('receipts.list', { search: 'breakfast' })).items).toHaveLength(1);
    expect(must(engine.query('receipts.list', { search: 'dinner' })).items).toHaveLength(0);
    must(engine.dispatch('receipts.update', { id: r.result.id, category: 'Food' }, 'execute'));
    expect(must(engine.query('receipts.list', { category: 'Food' })).items).toHaveLength(1);
    const voided = must(engine.dispatch('receipts.void', { id: r.result.id, reason: 'entered twice' }, 'execute'));
    expect(voided.result).toMatchObject({ status: 'void', voidReason: 'entered twice' });
    expect(refusal(engine.dispatch('receipts.update', { id: r.result.id, notes: 'x' }, 'execute')).code).toBe('conflict');
    const events = must(engine.query('audit.list', { decisionId: voided.decision.id, limit: 5 })).items.find((e) => e.entity === 'receipt');
    expect(events?.before).toMatchObject({ status: 'complete' });
    expect(events?.after).toMatchObject({ status: 'void' });
  });

  it('rejects bad input: fractional totals, a bad date, tax above total, an unknown attachment', () => {
    const { engine } = liveEngine();
    const base = { vendor: 'Shop', date: '2026-11-20', totalMinor: 900, currency: 'EUR' };
    expect(refusal(engine.dispatch('receipts.create', { ...base, totalMinor: 9.5 }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.create', { ...base, date: '2026-02-31' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.create', { ...base, totalMinor: 'RM 9.00' }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.create', { ...base, taxMinor: 1000 }, 'execute')).message).toMatch(/tax is more than the total/);
    expect(refusal(engine.dispatch('receipts.create', { ...base, attachments: [{ sha256: 'a'.repeat(64), name: 'x.jpg' }] }, 'execute')).code).toBe('not_found');
    expect(refusal(engine.dispatch('receipts.importSroie', { files: [] }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('receipts.void', { id: '01a1fd67-0ff4-737c-b220-a6f01922403b', reason: 'gone' }, 'execute')).code).toBe('not_found');
    expect(must(engine.query('receipts.list', {})).items).toHaveLength(0);
  });

  it('pages search results newest first with a cursor, without gaps or repeats', () => {
    const { engine } = liveEngine();
    const ids = Array.from({ length: 5 }, (_, i) => must(engine.dispatch('receipts.create', { vendor: `Market stall ${i}`, date: '2026-11-20', totalMinor: 100 + i, currency: 'EUR' }, 'execute')).result.id);
    must(engine.dispatch('receipts.create', { vendor: 'Pharmacy', date: '2026-11-20', totalMinor: 5, currency: 'EUR' }, 'execute'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = must(engine.query('receipts.list', { search: 'mark', limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('keep attachments staged in the file store', async () => {
    const { engine } = liveEngine();
    const path = join(tempDir(), 'photo.jpg');
    writeFileSync(path, JPEG_16x12);
    const staged = await engine.files.putPath(path);
    const r = must(engine.dispatch('receipts.create', { vendor: 'Shop', date: '2026-11-20', totalMinor: 900, currency: 'EUR', attachments: [{ sha256: staged.sha256, name: 'photo.jpg' }] }, 'execute')).result;
    expect(r.attachments).toEqual([{ sha256: staged.sha256, name: 'photo.jpg', size: JPEG_16x12.length, mediaType: 'image/jpeg' }]);
  });

  it('the triage inbox lists likely duplicates: same vendor after normalisation, same total, a day apart', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('receipts.create', { vendor: 'BOOK TA .K (TAMAN DAYA) SDN BHD', date: '2018-12-25', totalMinor: 900, currency: 'MYR' }, 'execute'));
    must(engine.dispatch('receipts.create', { vendor: 'Book Ta.K (Taman Daya)', date: '2018-12-26', totalMinor: 900, currency: 'MYR' }, 'execute'));
    must(engine.dispatch('receipts.create', { vendor: 'Book Ta.K (Taman Daya)', date: '2018-12-29', totalMinor: 900, currency: 'MYR' }, 'execute'));
    const triage = must(engine.query('receipts.triage', {}));
    expect(triage.duplicates).toHaveLength(1);
    expect(triage.duplicates[0]?.why).toBe('same vendor and total, 1 day apart');
  });
});

describe.skipIf(!hasDataset(SROIE))('the 626 real SROIE receipts', () => {
  it('import with their OCR text; unreadable fields go to the triage inbox; a second import adds nothing; a word from the OCR finds its receipt', async () => {
    const { engine } = liveEngine();
    const files = [];
    for (const dir of ['key', 'box']) {
      for (const name of readdirSync(join(SROIE, dir))) files.push({ ...(await engine.files.putPath(join(SROIE, dir, name))), name });
    }
    const summary = must(await engine.dispatchAsync('receipts.importSroie', { files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) }, 'execute')).result;
    expect(summary.files).toBe(1252);
    expect(summary.imported).toBe(626);
    expect(summary.problems).toEqual([]);
    // 033 has an empty total: it needs attention; every key file's date is read
    expect(summary.incomplete.find((i) => i.file === '033.json')?.missing).toContain('totalMinor');
    expect(summary.incomplete.filter((i) => i.missing.includes('date'))).toEqual([]);
    expect(summary.needsAttention).toBeGreaterThanOrEqual(1);
    const first = must(engine.query('receipts.list', { search: 'TAMAN DAYA' })).items;
    expect(first.map((r) => r.vendor)).toContain('BOOK TA .K (TAMAN DAYA) SDN BHD');
    // a word that appears only in OCR text (the cashier's name on receipt 000)
    const byOcr = must(engine.query('receipts.list', { search: 'WOON YANN' })).items;
    expect(byOcr.length).toBeGreaterThan(0);
    const again = must(await engine.dispatchAsync('receipts.importSroie', { files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) }, 'execute')).result;
    expect(again).toMatchObject({ imported: 0, alreadyImported: 626 });
    const triage = must(engine.query('receipts.triage', {}));
    expect(triage.needsAttention.length).toBe(summary.needsAttention);
    // the set holds rescans of the same receipt under other names: likely duplicates
    expect(triage.duplicates.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the category list', () => {
  it('lists categories and payment methods in use with counts, and each vendor’s latest category', () => {
    const { engine } = liveEngine();
    const create = (vendor: string, category: string | undefined, paymentMethod?: string) =>
      must(engine.dispatch('receipts.create', { vendor, date: '2026-11-20', totalMinor: 500, currency: 'EUR', ...(category ? { category } : {}), ...(paymentMethod ? { paymentMethod } : {}) }, 'execute')).result;
    create('Corner Bakery', 'Food', 'card');
    create('CORNER BAKERY SDN BHD', 'Treats', 'cash');
    create('Corner Bakery', undefined);
    const hardware = create('Hardware Hut', 'Tools', 'card');
    must(engine.dispatch('receipts.void', { id: hardware.id, reason: 'returned' }, 'execute'));
    const list = must(engine.query('receipts.categories', {}));
    expect(list.categories).toEqual([
      { name: 'Food', receipts: 1 },
      { name: 'Treats', receipts: 1 },
    ]);
    expect(list.paymentMethods).toEqual([
      { name: 'card', receipts: 1 },
      { name: 'cash', receipts: 1 },
    ]);
    // the two spellings share one vendor key; the later receipt with a category wins; void ones do not count
    expect(list.vendorCategories).toEqual([{ vendorKey: 'CORNER BAKERY', category: 'Treats' }]);
  });

  it('renames a category on its receipts (merging into an existing one), clears it, and refuses bad input changing nothing', () => {
    const { engine } = liveEngine();
    const ids = ['Groceries', 'Groceries', 'Food'].map((category, i) => must(engine.dispatch('receipts.create', { vendor: `Shop ${i}`, date: '2026-11-20', totalMinor: 100 + i, currency: 'EUR', category }, 'execute')).result.id);
    const voided = must(engine.dispatch('receipts.create', { vendor: 'Shop void', date: '2026-11-20', totalMinor: 99, currency: 'EUR', category: 'Groceries' }, 'execute')).result;
    must(engine.dispatch('receipts.void', { id: voided.id, reason: 'scanned twice' }, 'execute'));

    expect(refusal(engine.dispatch('receipts.renameCategory', { from: 'Groceries', to: 'Groceries' }, 'execute')).message).toMatch(/same as the old one/);
    expect(refusal(engine.dispatch('receipts.renameCategory', { from: 'Nope', to: 'Food' }, 'execute')).code).toBe('not_found');
    expect(refusal(engine.dispatch('receipts.renameCategory', { from: '', to: 'Food' }, 'execute')).code).toBe('invalid');
    expect(must(engine.query('receipts.categories', {})).categories).toEqual([
      { name: 'Groceries', receipts: 2 },
      { name: 'Food', receipts: 1 },
    ]);

    expect(must(engine.dispatch('receipts.renameCategory', { from: 'Groceries', to: 'Food' }, 'execute')).result).toEqual({ from: 'Groceries', to: 'Food', receipts: 2 });
    expect(must(engine.query('receipts.categories', {})).categories).toEqual([{ name: 'Food', receipts: 3 }]);
    expect(must(engine.query('receipts.get', { id: voided.id })).category).toBe('Groceries');
    const events = must(engine.query('audit.list', { action: 'receipts.renameCategory', limit: 10 })).items.filter((e) => e.entity === 'receipt');
    expect(events.map((e) => [(e.before as { category: string }).category, (e.after as { category: string }).category])).toEqual([
      ['Groceries', 'Food'],
      ['Groceries', 'Food'],
    ]);

    expect(must(engine.dispatch('receipts.renameCategory', { from: 'Food', to: null }, 'execute')).result.receipts).toBe(3);
    expect(ids.map((id) => must(engine.query('receipts.get', { id })).category)).toEqual([null, null, null]);
    expect(must(engine.query('receipts.categories', {})).categories).toEqual([]);
  });
});

describe('line items', () => {
  it('are set on create, replaced or removed by an edit, and a bad line changes nothing', () => {
    const { engine } = liveEngine();
    const r = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR', lines: [{ description: 'Milk', qty: 2, amountMinor: 250 }] }, 'execute')).result;
    expect(r.lines.map((l) => [l.description, l.qty, l.amountMinor])).toEqual([['Milk', 2, 250]]);
    const edited = must(engine.dispatch('receipts.update', { id: r.id, lines: [{ description: 'Bread', qty: 1, amountMinor: 420 }, { description: 'Eggs', qty: 1.5, amountMinor: 580 }] }, 'execute')).result;
    expect(edited.lines.map((l) => [l.description, l.qty, l.amountMinor])).toEqual([
      ['Bread', 1, 420],
      ['Eggs', 1.5, 580],
    ]);
    expect(edited.totalMinor).toBe(1250);
    for (const bad of [[{ description: '', qty: 1, amountMinor: 1 }], [{ description: 'x', qty: 0, amountMinor: 1 }], [{ description: 'x', qty: 1, amountMinor: 1.5 }]]) {
      expect(refusal(engine.dispatch('receipts.update', { id: r.id, lines: bad }, 'execute')).code).toBe('invalid');
    }
    expect(must(engine.query('receipts.get', { id: r.id })).lines).toHaveLength(2);
    expect(must(engine.dispatch('receipts.update', { id: r.id, lines: [] }, 'execute')).result.lines).toEqual([]);
  });
});
