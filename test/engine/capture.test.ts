/**
 * Receipt capture through the engine (issue 17): real SROIE scans read by OCR on this
 * machine, filed as receipts awaiting review, found by a word printed on them, confirmed
 * with corrections kept; bad files named, the rest of the batch going on, nothing half
 * stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DATASETS, hasDataset } from '../helpers/datasets';
import { liveEngine, must, refusal } from '../helpers/engine';
import { PNG_1x1, stage } from '../helpers/files';

const IMG = join(DATASETS, 'sroie-receipts', 'img');
const KEY = join(DATASETS, 'sroie-receipts', 'key');
const present = hasDataset(join(IMG, '000.jpg'));
if (!present) console.warn(`capture.test: skipped, the SROIE scans are not at ${IMG}`);

/** Rows in `table` of the engine's database, read through a second, read-only connection. */
function count(engine: ReturnType<typeof liveEngine>['engine'], table: string): number {
  const db = new Database(engine.dbPath, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.skipIf(!present)('receipt capture', () => {
  it('files a scan as a receipt awaiting review, with the file attached, its text searchable and the fields proposed with their boxes', async () => {
    const { engine } = liveEngine();
    const sha256 = await stage(engine, readFileSync(join(IMG, '000.jpg')), '000.jpg');
    const done = must(await engine.dispatchAsync('receipts.capture', { files: [{ sha256, name: '000.jpg' }], currency: 'MYR' }, 'execute'));
    const [captured] = done.result.captured;
    expect(done.result.problems).toEqual([]);
    expect(captured).toMatchObject({ file: '000.jpg', date: '2018-12-25', totalMinor: 900, currency: 'MYR' });
    const receipt = must(engine.query('receipts.get', { id: captured!.receiptId }));
    expect(receipt).toMatchObject({ status: 'needs_attention', needsReview: true, source: 'capture', sourceRef: sha256 });
    expect(receipt.attachments).toEqual([expect.objectContaining({ sha256, name: '000.jpg', mediaType: 'image/jpeg' })]);
    expect(receipt.capture).toMatchObject({ status: 'proposed', fileName: '000.jpg', pages: [expect.objectContaining({ page: 1, source: 'ocr' })] });
    const total = receipt.capture!.proposed.totalMinor!;
    expect(total.value).toBe(900);
    expect(total.box!.x1).toBeGreaterThan(total.box!.x0);
    expect(total.confidence).toBeGreaterThan(0);
    expect(total.confidence).toBeLessThanOrEqual(1);
    // a word printed on the receipt finds it; the triage inbox lists it; the decision is audited
    expect(must(engine.query('receipts.list', { search: 'KIDDY' })).items.map((r) => r.id)).toEqual([captured!.receiptId]);
    expect(must(engine.query('receipts.list', { needsReview: true })).items).toHaveLength(1);
    expect(must(engine.query('receipts.triage', {})).needsAttention.map((r) => r.id)).toContain(captured!.receiptId);
    expect(must(engine.query('audit.list', { entity: 'receipt', entityId: captured!.receiptId, limit: 5 })).items).toHaveLength(1);

    // the same file again adds nothing
    const again = must(await engine.dispatchAsync('receipts.capture', { files: [{ sha256, name: 'again.jpg' }] }, 'execute'));
    expect(again.result).toMatchObject({ captured: [], alreadyCaptured: [{ file: 'again.jpg', receiptId: captured!.receiptId }] });
    expect(count(engine, 'receipt_captures')).toBe(1);

    // confirming with the vendor corrected keeps what was accepted and what was corrected
    const truth = JSON.parse(readFileSync(join(KEY, '000.json'), 'utf8')) as { company: string };
    const confirmed = must(engine.dispatch('receipts.confirmCapture', { id: captured!.receiptId, vendor: `${truth.company} (corrected)`, date: '2018-12-25', totalMinor: 900, currency: 'MYR' }, 'execute')).result;
    expect(confirmed).toMatchObject({ status: 'complete', needsReview: false, vendor: `${truth.company} (corrected)` });
    expect(confirmed.capture).toMatchObject({ status: 'confirmed', confirmedBy: 'Olga Owner', outcomes: { vendor: 'corrected', date: 'accepted', totalMinor: 'accepted', currency: 'accepted' } });
    const stats = must(engine.query('receipts.captureStats', {}));
    expect(stats).toMatchObject({ confirmed: 1, awaitingReview: 0 });
    expect(stats.fields.find((f) => f.field === 'vendor')).toEqual({ field: 'vendor', accepted: 0, corrected: 1, added: 0 });
    expect(stats.fields.find((f) => f.field === 'totalMinor')).toEqual({ field: 'totalMinor', accepted: 1, corrected: 0, added: 0 });

    // confirming twice, or a receipt that was not captured, is refused and changes nothing
    const twice = refusal(engine.dispatch('receipts.confirmCapture', { id: captured!.receiptId, vendor: 'X', date: '2018-12-25', totalMinor: 1, currency: 'MYR' }, 'execute'));
    expect(twice).toMatchObject({ code: 'conflict', message: expect.stringContaining('already confirmed') });
    const manual = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-20', totalMinor: 450, currency: 'EUR' }, 'execute')).result;
    expect(refusal(engine.dispatch('receipts.confirmCapture', { id: manual.id, vendor: 'X', date: '2026-11-20', totalMinor: 1, currency: 'EUR' }, 'execute')).code).toBe('conflict');
    expect(must(engine.query('receipts.get', { id: captured!.receiptId })).vendor).toBe(`${truth.company} (corrected)`);
  });

  it('names each file it cannot read and goes on with the rest; a batch of unreadable files is refused and stores nothing', async () => {
    const { engine } = liveEngine();
    const scan = await stage(engine, readFileSync(join(IMG, '001.jpg')), '001.jpg');
    const text = await stage(engine, Buffer.from('not a receipt at all'), 'notes.txt');
    const truncated = await stage(engine, readFileSync(join(IMG, '002.jpg')).subarray(0, 4000), 'torn.jpg');
    const blank = await stage(engine, PNG_1x1, 'blank.png');
    const batch = must(await engine.dispatchAsync('receipts.capture', { files: [{ sha256: text, name: 'notes.txt' }, { sha256: scan, name: '001.jpg' }, { sha256: truncated, name: 'torn.jpg' }, { sha256: blank, name: 'blank.png' }] }, 'execute'));
    expect(batch.result.captured.map((c) => c.file)).toEqual(['001.jpg']);
    expect(batch.result.problems).toEqual([
      { file: 'notes.txt', reason: expect.stringMatching(/not a photo or a PDF/) },
      { file: 'torn.jpg', reason: expect.stringMatching(/corrupt|truncated/) },
      { file: 'blank.png', reason: expect.stringMatching(/no text|blank/i) },
    ]);
    expect(count(engine, 'receipts')).toBe(1);

    const before = { receipts: count(engine, 'receipts'), captures: count(engine, 'receipt_captures'), attachments: count(engine, 'receipt_attachments') };
    const refused = refusal(await engine.dispatchAsync('receipts.capture', { files: [{ sha256: text, name: 'notes.txt' }] }, 'execute'));
    expect(refused).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^notes\.txt .*not a photo or a PDF/) });
    expect({ receipts: count(engine, 'receipts'), captures: count(engine, 'receipt_captures'), attachments: count(engine, 'receipt_attachments') }).toEqual(before);
  });

  it('refuses bad params before reading anything: no file, a file listed twice, an unstaged file, a malformed confirmation', async () => {
    const { engine } = liveEngine();
    expect(refusal(await engine.dispatchAsync('receipts.capture', { files: [] }, 'execute')).code).toBe('invalid');
    const sha = '0'.repeat(64);
    expect(refusal(await engine.dispatchAsync('receipts.capture', { files: [{ sha256: sha, name: 'a.jpg' }, { sha256: sha, name: 'b.jpg' }] }, 'execute')).message).toMatch(/listed twice/);
    expect(refusal(await engine.dispatchAsync('receipts.capture', { files: [{ sha256: sha, name: 'a.jpg' }] }, 'execute')).message).toMatch(/a\.jpg: .*not staged/);
    const badConfirm = refusal(engine.dispatch('receipts.confirmCapture', { id: '018f0000-0000-7000-8000-000000000000', vendor: '', date: '25/12/2018', totalMinor: 9.5, currency: 'RM' }, 'execute'));
    expect(badConfirm.code).toBe('invalid');
    expect(count(engine, 'receipts')).toBe(0);
  });

  it('previews in plan mode without filing anything', async () => {
    const { engine } = liveEngine();
    const sha256 = await stage(engine, readFileSync(join(IMG, '003.jpg')), '003.jpg');
    const planned = must(await engine.dispatchAsync('receipts.capture', { files: [{ sha256, name: '003.jpg' }] }, 'plan'));
    expect(planned.result.captured).toHaveLength(1);
    expect(count(engine, 'receipts')).toBe(0);
    expect(count(engine, 'receipt_captures')).toBe(0);
  });
});
