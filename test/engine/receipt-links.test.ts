import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { MAX_ATTACHMENT_BYTES } from '../../shared/contract';
import { sniffMediaType } from '../../main/engine/domains/receipts/attachments';
import { liveEngine, must, refusal, rowCount } from '../helpers/engine';
import { JPEG_16x12, PDF_ONE_PAGE, PNG_1x1, stage } from '../helpers/files';

describe('receipt attachments', () => {
  it('attaches photos and PDFs checked from their bytes, deduplicated, with their media type; the viewer reads them back', async () => {
    const { engine } = liveEngine();
    const jpeg = await stage(engine, JPEG_16x12, 'till.jpg');
    const png = await stage(engine, PNG_1x1, 'scan.png');
    const pdf = await stage(engine, PDF_ONE_PAGE, 'invoice.pdf');
    const receipt = must(
      engine.dispatch(
        'receipts.create',
        { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 1250, currency: 'EUR', attachments: [{ sha256: jpeg, name: 'till.jpg' }, { sha256: pdf, name: 'invoice.pdf' }] },
        'execute',
      ),
    ).result;
    expect(receipt.attachments.map((a) => [a.name, a.mediaType, a.size])).toEqual([
      ['invoice.pdf', 'application/pdf', PDF_ONE_PAGE.length],
      ['till.jpg', 'image/jpeg', JPEG_16x12.length],
    ]);
    // the same photo again adds nothing; another one is added
    const updated = must(engine.dispatch('receipts.update', { id: receipt.id, attachments: [{ sha256: jpeg, name: 'again.jpg' }, { sha256: png, name: 'scan.png' }] }, 'execute')).result;
    expect(updated.attachments.map((a) => a.mediaType).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    const back = must(engine.query('receipts.attachment', { receiptId: receipt.id, sha256: jpeg }));
    expect(Buffer.from(back.dataBase64, 'base64').equals(JPEG_16x12)).toBe(true);
    expect(back.mediaType).toBe('image/jpeg');
    expect(refusal(engine.query('receipts.attachment', { receiptId: receipt.id, sha256: 'a'.repeat(64) })).code).toBe('not_found');
  });

  it('refuses a corrupt photo, a truncated PDF, another type, an empty file and one past the limit, naming the file; the receipt is not created', async () => {
    const { engine, dbPath } = liveEngine();
    const cases: [string, Buffer, RegExp][] = [
      ['truncated.jpg', JPEG_16x12.subarray(0, JPEG_16x12.length - 40), /till|truncated\.jpg is a corrupt image: the JPEG is truncated/],
      ['garbage.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0x00]), Buffer.alloc(200, 7)]), /garbage\.jpg is a corrupt image/],
      ['cut.png', PNG_1x1.subarray(0, 40), /cut\.png is a corrupt image/],
      ['broken.pdf', PDF_ONE_PAGE.subarray(0, 60), /broken\.pdf is a corrupt PDF: it has no end-of-file trailer/],
      ['pageless.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), /pageless\.pdf is a corrupt PDF: it has no pages/],
      ['notes.txt', Buffer.from('hello, this is text'), /notes\.txt is not a photo or a PDF/],
      ['empty.jpg', Buffer.alloc(0), /empty\.jpg is empty/],
      ['huge.jpg', Buffer.concat([JPEG_16x12, Buffer.alloc(MAX_ATTACHMENT_BYTES)]), /huge\.jpg is 25 MiB: attachments are limited to 25 MiB/],
    ];
    const receiptsBefore = rowCount(dbPath, 'receipts');
    const auditBefore = rowCount(dbPath, 'audit_events');
    for (const [name, bytes, message] of cases) {
      const sha256 = await stage(engine, bytes, name);
      const error = refusal(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-20', totalMinor: 100, currency: 'EUR', attachments: [{ sha256, name }] }, 'execute'));
      expect(error.code, name).toBe('invalid');
      expect(error.message, name).toMatch(message);
    }
    expect(rowCount(dbPath, 'receipts')).toBe(receiptsBefore);
    expect(rowCount(dbPath, 'receipt_attachments')).toBe(0);
    // each refusal leaves a decision and its audit event, and nothing else
    expect(rowCount(dbPath, 'audit_events') - auditBefore).toBe(cases.length);
  });

  it('sniffs the type from the first bytes only', () => {
    expect(sniffMediaType(JPEG_16x12)).toBe('image/jpeg');
    expect(sniffMediaType(PNG_1x1)).toBe('image/png');
    expect(sniffMediaType(PDF_ONE_PAGE)).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffMediaType(Buffer.from('<html>'))).toBeNull();
  });
});

describe('likely duplicates', () => {
  it('merge: the kept receipt takes what it lacks, the duplicate is voided as merged, the pair leaves the inbox; the audit log has both', async () => {
    const { engine, dbPath } = liveEngine();
    const photo = await stage(engine, JPEG_16x12, 'photo.jpg');
    const keep = must(engine.dispatch('receipts.create', { vendor: 'Book Ta .K (Taman Daya) Sdn Bhd', date: '2018-03-30', totalMinor: 900, currency: 'MYR', tags: ['books'] }, 'execute')).result;
    const dup = must(
      engine.dispatch(
        'receipts.create',
        { vendor: 'BOOK TA.K (TAMAN DAYA) S/B', date: '2018-03-31', totalMinor: 900, currency: 'MYR', category: 'Stationery', tags: ['school'], notes: 'rescan', attachments: [{ sha256: photo, name: 'photo.jpg' }] },
        'execute',
      ),
    ).result;
    expect(must(engine.query('receipts.triage', {})).duplicates.map((d) => [d.a.id, d.b.id])).toEqual([[keep.id, dup.id]]);
    const auditBefore = rowCount(dbPath, 'audit_events');
    const merged = must(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: dup.id }, 'execute')).result;
    expect(merged.vendor).toBe(keep.vendor);
    expect(merged.date).toBe('2018-03-30');
    expect(merged.category).toBe('Stationery');
    expect(merged.notes).toBe('rescan');
    expect(merged.tags).toEqual(['books', 'school']);
    expect(merged.attachments.map((a) => a.sha256)).toEqual([photo]);
    const voided = must(engine.query('receipts.get', { id: dup.id }));
    expect(voided.status).toBe('void');
    expect(voided.voidReason).toMatch(new RegExp(`^merged into ${keep.id}`));
    expect(must(engine.query('receipts.triage', {})).duplicates).toEqual([]);
    const db = new Database(dbPath, { readonly: true });
    const events = db.prepare("SELECT entity_id AS id FROM audit_events WHERE seq > ? AND entity = 'receipt' ORDER BY seq").all(auditBefore) as { id: string }[];
    db.close();
    expect(events.map((e) => e.id)).toEqual([dup.id, keep.id]);
    expect(rowCount(dbPath, 'audit_events') - auditBefore).toBe(3); // decision + two receipts
  });

  it('merge moves the duplicate’s bank link to the kept receipt; refuses itself, a void receipt, other currencies, and two matched receipts', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const keep = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-18', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    const dup = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-18', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    const usd = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-18', totalMinor: 1250, currency: 'USD' }, 'execute')).result;
    const entry = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-19', amountMinor: -1250, payee: 'Corner Shop', category: 'Food' }, 'execute')).result;
    must(engine.dispatch('reconcile.accept', { receiptId: dup.id, entryId: entry.id }, 'execute'));

    expect(refusal(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: keep.id }, 'execute')).message).toMatch(/not a duplicate of itself/);
    expect(refusal(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: usd.id }, 'execute')).message).toMatch(/different currencies/);
    expect(refusal(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: 'nope' }, 'execute')).code).toBe('invalid');
    const merged = must(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: dup.id }, 'execute')).result;
    expect(merged.ledgerEntry?.id).toBe(entry.id);
    expect(must(engine.query('receipts.get', { id: dup.id })).ledgerEntry).toBeNull();
    expect(refusal(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: dup.id }, 'execute')).message).toMatch(/already void/);

    const other = must(engine.dispatch('receipts.create', { vendor: 'Corner Shop', date: '2026-11-18', totalMinor: 1250, currency: 'EUR' }, 'execute')).result;
    const entry2 = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-18', amountMinor: -1250, payee: 'Corner Shop', category: 'Food' }, 'execute')).result;
    must(engine.dispatch('reconcile.accept', { receiptId: other.id, entryId: entry2.id }, 'execute'));
    expect(refusal(engine.dispatch('receipts.merge', { keepId: keep.id, duplicateId: other.id }, 'execute')).message).toMatch(/both receipts are matched/);
  });

  it('dismiss: both receipts stay, the pair is not flagged again; dismissing twice or a void receipt is refused', () => {
    const { engine } = liveEngine();
    const a = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-18', totalMinor: 350, currency: 'EUR' }, 'execute')).result;
    const b = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-18', totalMinor: 350, currency: 'EUR' }, 'execute')).result;
    expect(must(engine.query('receipts.triage', {})).duplicates).toHaveLength(1);
    const result = must(engine.dispatch('receipts.dismissDuplicate', { aId: b.id, bId: a.id, reason: 'two loaves, two visits' }, 'execute')).result;
    expect([result.aId, result.bId]).toEqual([a.id, b.id].sort());
    expect(must(engine.query('receipts.triage', {})).duplicates).toEqual([]);
    expect(must(engine.query('receipts.get', { id: a.id })).status).toBe('complete');
    expect(refusal(engine.dispatch('receipts.dismissDuplicate', { aId: a.id, bId: b.id }, 'execute')).message).toMatch(/already dismissed/);
    must(engine.dispatch('receipts.void', { id: b.id, reason: 'mistake' }, 'execute'));
    const c = must(engine.dispatch('receipts.create', { vendor: 'Bakery', date: '2026-11-19', totalMinor: 350, currency: 'EUR' }, 'execute')).result;
    expect(refusal(engine.dispatch('receipts.dismissDuplicate', { aId: c.id, bId: b.id }, 'execute')).message).toMatch(/already void/);
    expect(refusal(engine.dispatch('receipts.dismissDuplicate', { aId: c.id }, 'execute')).code).toBe('invalid');
  });
});

describe('receipt → ledger → stock', () => {
  it('a receipt shows its bank entry and the stock it bought; the stock entry names the receipt', () => {
    const { engine } = liveEngine();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Coffee beans', unit: 'kg', minQty: 1 }, 'execute')).result;
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Roastery', date: '2026-11-18', totalMinor: 2598, currency: 'EUR' }, 'execute')).result;
    expect(receipt.ledgerEntry).toBeNull();
    expect(receipt.stockEntries).toEqual([]);
    const stocked = must(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 2, unitCostMinor: 1299, receiptId: receipt.id }, 'execute')).result;
    expect(stocked.entries[0]?.source).toBe('receipt');
    expect(stocked.entries[0]?.sourceRef).toBe(receipt.id);
    const entry = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-18', amountMinor: -2598, payee: 'Roastery', category: 'Food' }, 'execute')).result;
    must(engine.dispatch('reconcile.accept', { receiptId: receipt.id, entryId: entry.id }, 'execute'));
    const full = must(engine.query('receipts.get', { id: receipt.id }));
    expect(full.ledgerEntry).toMatchObject({ id: entry.id, accountName: 'Card', amountMinor: -2598 });
    expect(full.stockEntries.map((s) => [s.itemName, s.qty, s.unitCostMinor])).toEqual([['Coffee beans', 2, 1299]]);
    const journal = must(engine.query('inventory.journal', { itemId: item.id }));
    expect(journal.items.map((j) => j.sourceRef)).toContain(receipt.id);
  });

  it('refuses stock against a void or unknown receipt, and a sale against a receipt, changing nothing', () => {
    const { engine, dbPath } = liveEngine();
    const item = must(engine.dispatch('inventory.createItem', { name: 'Tea', unit: 'box', minQty: 0 }, 'execute')).result;
    const receipt = must(engine.dispatch('receipts.create', { vendor: 'Tea House', date: '2026-11-18', totalMinor: 500, currency: 'EUR' }, 'execute')).result;
    expect(refusal(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 1, receiptId: randomUUID() }, 'execute')).code).toBe('not_found');
    expect(refusal(engine.dispatch('inventory.record', { itemId: item.id, kind: 'sale', qty: 1, receiptId: receipt.id }, 'execute')).message).toMatch(/only a purchase or a return/);
    must(engine.dispatch('receipts.void', { id: receipt.id, reason: 'wrong shop' }, 'execute'));
    expect(refusal(engine.dispatch('inventory.record', { itemId: item.id, kind: 'purchase', qty: 1, receiptId: receipt.id }, 'execute')).message).toMatch(/void/);
    expect(rowCount(dbPath, 'stock_journal')).toBe(0);
  });
});
