/**
 * Receipt capture benchmark (issue 17): the 80 SROIE scans read by the engine's document
 * reader and field extractor, two at a time (the reader's pool: one OCR worker per core),
 * scored per field against their truth (date ≥ 90 %, total ≥ 85 %, vendor ≥ 75 %, ≤ 4 s
 * per receipt); the baseline is tesseract.js alone on the same files with the same
 * trained data and two workers, measured in the same run.
 */
import { createRequire } from 'node:module';
import type Tesseract from 'tesseract.js';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDocumentReader } from '../../main/engine/domains/receipts/capture/reader';
import { measureCapture, otherSroieVendors, SCAN_IDS, SROIE_DIR } from '../helpers/capture-accuracy';
import { hasDataset } from '../helpers/datasets';
import type { BenchSuite } from './suites';

const require = createRequire(import.meta.url);

/** tesseract.js alone: the same scans recognised by two workers, nothing around them. */
async function bareTesseract(ids: readonly string[]): Promise<number> {
  const { createWorker } = require('tesseract.js') as typeof Tesseract;
  const { langPath } = require('@tesseract.js-data/eng') as { langPath: string };
  const workers = await Promise.all([0, 1].map(() => createWorker('eng', 1, { langPath: langPath.replace(/4\.0\.0$/, '4.0.0_best_int'), cacheMethod: 'none', gzip: true })));
  const queue = [...ids];
  const start = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await w.recognize(join(SROIE_DIR, 'img', `${id}.jpg`));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return seconds / ids.length;
}

export const captureSuite: BenchSuite = {
  name: 'capture',
  async run() {
    if (!hasDataset(join(SROIE_DIR, 'img', '000.jpg'))) return { capture: { skipped: `no scans at ${SROIE_DIR}/img` } };
    process.stderr.write(`capture of the ${SCAN_IDS.length} SROIE scans …\n`);
    const reader = createDocumentReader({ workers: 2 });
    try {
      // the workers start on first use: warm them on one scan outside the measure
      await reader.read(join(SROIE_DIR, 'img', '000.jpg'), '000.jpg');
      const measured = await measureCapture(reader, SCAN_IDS, otherSroieVendors(), 2);
      process.stderr.write('tesseract.js alone on the same scans …\n');
      const bare = await bareTesseract(SCAN_IDS);
      const byField = (field: string) => measured.misses.filter((m) => m.field === field).map((m) => `${m.id}: ${JSON.stringify(m.got)} for ${JSON.stringify(m.expected)}`);
      return {
        capture: {
          receipts: measured.receipts,
          accuracy: measured.accuracy,
          targets: { date: 0.9, total: 0.85, vendor: 0.75, secondsPerReceipt: 4 },
          secondsPerReceipt: measured.secondsPerReceipt,
          bareTesseractSecondsPerReceipt: Math.round(bare * 1000) / 1000,
          ratio: Math.round((measured.secondsPerReceipt / bare) * 100) / 100,
          misses: { date: byField('date'), total: byField('total'), vendorWarm: byField('vendor') },
        },
      };
    } finally {
      await reader.close();
    }
  },
};
