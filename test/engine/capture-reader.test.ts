/**
 * The document reader of receipt capture (issue 17): real files read on this machine — a
 * SROIE scan by OCR, PDFs by their text layer or by OCR of the rendered page, photos turned
 * upright, a 50-megapixel photo within bounded memory — and every kind of bad file refused
 * with its name and what is wrong; a read cancelled promptly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../shared/contract';
import { createDocumentReader, type ReadDocument, type ReadProgress } from '../../main/engine/domains/receipts/capture/reader';
import { DATASETS, hasDataset } from '../helpers/datasets';

const SCAN = join(DATASETS, 'sroie-receipts', 'img', '000.jpg');
const present = hasDataset(SCAN);
if (!present) console.warn(`capture-reader.test: OCR cases skipped, the SROIE scans are not at ${SCAN}`);

const reader = createDocumentReader({ idleMs: 5_000 });
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'valhalla-reader-'));
});
afterAll(async () => {
  await reader.close();
  rmSync(dir, { recursive: true, force: true });
});

function put(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function pdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

function text(doc: ReadDocument): string {
  return doc.pages.flatMap((page) => page.lines.map((line) => line.text)).join('\n');
}

/** SROIE key/000.json: total 9.00, date 25/12/2018. */
function expectTruth(doc: ReadDocument) {
  expect(text(doc)).toMatch(/total.*9\.00/i);
  expect(text(doc)).toContain('25/12/2018');
}

function expectBoxesInside(doc: ReadDocument) {
  for (const page of doc.pages) {
    for (const word of page.lines.flatMap((line) => line.words)) {
      expect(word.box.x0).toBeGreaterThanOrEqual(0);
      expect(word.box.y0).toBeGreaterThanOrEqual(0);
      expect(word.box.x1).toBeLessThanOrEqual(page.width);
      expect(word.box.y1).toBeLessThanOrEqual(page.height);
      expect(word.box.x1).toBeGreaterThan(word.box.x0);
    }
  }
}

async function refusal(path: string, name: string): Promise<EngineError> {
  const error = await reader.read(path, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe.skipIf(!present)('reading receipts by OCR', () => {
  it('reads a SROIE scan into lines and words with boxes, finding its date and total, upright and at the file size (no page picture)', async () => {
    const steps: ReadProgress[] = [];
    const doc = await reader.read(SCAN, '000.jpg', { onProgress: (p) => steps.push(p) });
    expect(doc.mediaType).toBe('image/jpeg');
    expect(doc.pages).toHaveLength(1);
    const [page] = doc.pages;
    expect(page).toMatchObject({ page: 1, width: 463, height: 1013, source: 'ocr', rotation: 0, image: null });
    expectTruth(doc);
    const total = page?.lines.flatMap((line) => line.words).find((word) => word.text === '9.00');
    expect(total?.confidence).toBeGreaterThan(50);
    expectBoxesInside(doc);
    expect(steps.some((s) => s.phase === 'recognizing' && s.ratio > 0 && s.ratio < 1)).toBe(true);
    expect(steps.map((s) => s.ratio)).toEqual([...steps.map((s) => s.ratio)].sort((a, b) => a - b));
    expect(steps.at(-1)).toEqual({ phase: 'recognizing', ratio: 1 });
  });

  it("reads a scanned PDF (a picture and a scanner app's stamp line of text) by rendering and OCR", async () => {
    const bytes = await pdf({ size: [300, 680], margin: 0 }, (doc) => {
      doc.image(SCAN, 0, 0, { width: 300 });
      doc.fontSize(8).text('Scanned with CamScanner', 10, 664);
    });
    const doc = await reader.read(put('scanned.pdf', bytes), 'scanned.pdf');
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.pages[0]).toMatchObject({ page: 1, source: 'ocr', rotation: 0 });
    expect(doc.pages[0]?.image?.mediaType).toBe('image/png');
    expect(await sharp(doc.pages[0]?.image?.bytes).metadata()).toMatchObject({ width: doc.pages[0]?.width, height: doc.pages[0]?.height });
    expectTruth(doc);
    expectBoxesInside(doc);
  });

  it.each([
    [180, 180],
    [90, 270],
  ] as const)('reads the scan turned %i° clockwise upright (rotation %i) and hands back the turned picture', async (turn, rotation) => {
    const path = put(`turned-${turn}.jpg`, await sharp(SCAN).rotate(turn).jpeg({ quality: 92 }).toBuffer());
    const doc = await reader.read(path, `turned-${turn}.jpg`);
    const [page] = doc.pages;
    expect(page?.rotation).toBe(rotation);
    expect([page?.width, page?.height]).toEqual([463, 1013]);
    expect(page?.image?.mediaType).toBe('image/jpeg');
    expect(await sharp(page?.image?.bytes).metadata()).toMatchObject({ width: 463, height: 1013 });
    expectTruth(doc);
  });

  it('reads a 50-megapixel photo downscaled, within bounded memory', async () => {
    const receipt = await sharp(SCAN).resize({ height: 5800 }).toBuffer();
    // A table top of grain (JPEG of a size like a phone's) with the receipt across its height.
    const grain = await sharp({ create: { width: 2175, height: 1450, channels: 3, background: '#ffffff', noise: { type: 'gaussian', mean: 170, sigma: 25 } } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const photo = await sharp(grain)
      .resize(8700, 5800)
      .composite([{ input: receipt, left: 3000, top: 0 }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const path = put('photo-50mp.jpg', photo);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    const doc = await reader.read(path, 'photo-50mp.jpg').finally(() => clearInterval(sampler));
    console.info(
      `capture-reader.test: 50 MP photo (${(photo.length / 1e6).toFixed(1)} MB JPEG) read in ${((Date.now() - started) / 1000).toFixed(1)} s: RSS ${(before / 1e6).toFixed(0)} MB before, peak +${((peak - before) / 1e6).toFixed(0)} MB while reading`,
    );
    const [page] = doc.pages;
    expect(Math.max(page?.width ?? 0, page?.height ?? 0)).toBe(2500);
    expect(page?.image?.mediaType).toBe('image/jpeg');
    expectTruth(doc);
    expect(peak - before).toBeLessThan(600e6);
  });

  it('cancels a read promptly, and reads again after', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const reading = reader.read(SCAN, '000.jpg', {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase !== 'recognizing' || abortedAt) return;
        abortedAt = Date.now();
        controller.abort();
      },
    });
    const error = await reading.catch((e: unknown) => e);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'conflict', message: '000.jpg: capture cancelled' });

    await expect(reader.read(SCAN, '000.jpg', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'conflict', message: '000.jpg: capture cancelled' });

    expectTruth(await reader.read(SCAN, '000.jpg'));
  });

  it('queues reads beyond its workers; a queued read can be cancelled, and close ends the rest', async () => {
    const single = createDocumentReader({ workers: 1 });
    let recognizing = () => undefined as void;
    const started = new Promise<void>((resolve) => (recognizing = resolve));
    const first = single.read(SCAN, 'first.jpg', { onProgress: (p) => p.phase === 'recognizing' && recognizing() });
    await started;
    const controller = new AbortController();
    const second = single.read(SCAN, 'second.jpg', { signal: controller.signal });
    const third = single.read(SCAN, 'third.jpg');
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'conflict', message: 'second.jpg: capture cancelled' });
    expectTruth(await first);
    await single.close();
    await expect(third).rejects.toMatchObject({ code: 'conflict', message: 'third.jpg: capture cancelled' });
  });
});

describe('reading PDFs with a text layer', () => {
  it('takes words and their boxes from the text layer without OCR, at 2 px per point', async () => {
    const bytes = await pdf({ size: [300, 500], margin: 20 }, (doc) => {
      doc.fontSize(12).text('BOOK TA .K (TAMAN DAYA)');
      doc.text('Date: 25/12/2018');
      doc.text('TOTAL 9.00');
    });
    const doc = await reader.read(put('text.pdf', bytes), 'text.pdf');
    expect(doc.pages).toHaveLength(1);
    const [page] = doc.pages;
    expect(page).toMatchObject({ page: 1, width: 600, height: 1000, source: 'pdf-text', rotation: 0 });
    expect(page?.lines.map((line) => line.text)).toEqual(['BOOK TA .K (TAMAN DAYA)', 'Date: 25/12/2018', 'TOTAL 9.00']);
    const total = page?.lines[2];
    expect(total?.words.map((word) => word.text)).toEqual(['TOTAL', '9.00']);
    expect(total?.words.every((word) => word.confidence === 100)).toBe(true);
    // pdfkit sets the line at the 20 pt margin, 12 pt type: 40 px from the left, about 24 px tall.
    expect(total?.words[0]?.box.x0).toBe(40);
    expect((total?.box.y1 ?? 0) - (total?.box.y0 ?? 0)).toBeGreaterThan(18);
    expect((total?.box.y1 ?? 0) - (total?.box.y0 ?? 0)).toBeLessThan(30);
    expect(total?.words[1]?.box.x0).toBeGreaterThan(total?.words[0]?.box.x1 ?? Infinity);
    expect(page?.lines[1]?.box.y0).toBeGreaterThan(page?.lines[0]?.box.y1 ?? Infinity);
    expect(page?.image?.mediaType).toBe('image/png');
    expect(await sharp(page?.image?.bytes).metadata()).toMatchObject({ width: 600, height: 1000 });
  });
});

describe('bad input', () => {
  it('refuses a file that is neither an image nor a PDF', async () => {
    const error = await refusal(put('noise.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251))), 'noise.bin');
    expect(error).toMatchObject({ code: 'invalid' });
    expect(error.message).toMatch(/^noise\.bin is not an image or a PDF/);
  });

  it('refuses a truncated JPEG and a truncated PNG as corrupt', async () => {
    const jpeg = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    expect((await refusal(put('cut.jpg', jpeg.subarray(0, jpeg.length >> 1)), 'cut.jpg')).message).toMatch(/^cut\.jpg is a corrupt image: the file is truncated or damaged/);
    expect((await refusal(put('cut.png', png.subarray(0, png.length >> 1)), 'cut.png')).message).toMatch(/^cut\.png is a corrupt image/);
  });

  it('refuses an image larger than 100 megapixels before decoding it', async () => {
    // A small JPEG whose frame header (SOF0: length, precision, height, width) claims 12000 × 9000: refused from the header alone.
    const huge = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ffffff' } })
      .jpeg()
      .toBuffer();
    const frame = huge.indexOf(Buffer.from([0xff, 0xc0]));
    huge.writeUInt16BE(9_000, frame + 5);
    huge.writeUInt16BE(12_000, frame + 7);
    const error = await refusal(put('huge.jpg', huge), 'huge.jpg');
    expect(error.message).toBe('huge.jpg is too large to read: 108 megapixels (12000 × 9000); the limit is 100 megapixels');
  });

  it('refuses a blank page: no text found', async () => {
    const blank = await sharp({ create: { width: 800, height: 1200, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect((await refusal(put('blank.png', blank), 'blank.png')).message).toMatch(/^blank\.png has no text that could be read/);
  });

  it('refuses a password-protected PDF, a corrupt one and one with no pages', async () => {
    const locked = await pdf({ userPassword: 'secret' }, (doc) => doc.text('TOTAL 9.00'));
    expect((await refusal(put('locked.pdf', locked), 'locked.pdf')).message).toBe('locked.pdf is protected by a password: remove it and try again');
    const empty = await pdf({ autoFirstPage: false }, () => undefined);
    expect((await refusal(put('empty.pdf', empty), 'empty.pdf')).message).toBe('empty.pdf is a PDF with no pages');
    expect((await refusal(put('junk.pdf', Buffer.from('%PDF-1.7\nnot really a PDF\n')), 'junk.pdf')).message).toMatch(/^junk\.pdf is a corrupt PDF/);
  });

  it('refuses a HEIC photo, which the prebuilt image library cannot decode, saying what to do', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(256)]);
    expect((await refusal(put('IMG_0001.HEIC', heic), 'IMG_0001.HEIC')).message).toMatch(/^IMG_0001\.HEIC is a HEIC photo, which this console cannot read: save it as JPEG/);
  });

  it('refuses an empty file', async () => {
    expect((await refusal(put('nothing.jpg', Buffer.alloc(0)), 'nothing.jpg')).message).toBe('nothing.jpg is empty');
  });
});
