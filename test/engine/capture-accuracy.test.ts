/**
 * A fast subset of the capture benchmark in `npm test`: ten real SROIE scans read by the
 * engine's reader and extractor, scored against their truth. The floors sit below what the
 * full 80-scan bench reaches (README "Performance"), so a regression in reading or in the
 * field rules fails here; no timing is asserted.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentReader } from '../../main/engine/domains/receipts/capture/reader';
import { measureCapture, otherSroieVendors, SROIE_DIR } from '../helpers/capture-accuracy';
import { hasDataset } from '../helpers/datasets';

const present = hasDataset(join(SROIE_DIR, 'img', '000.jpg'));
if (!present) console.warn(`capture-accuracy.test: skipped, no scans at ${SROIE_DIR}/img`);

/** Every eighth scan: ten receipts of different shops and layouts. */
const SUBSET = Array.from({ length: 10 }, (_, i) => String(i * 8).padStart(3, '0'));

describe.skipIf(!present)('capture accuracy on ten real scans', () => {
  const reader = createDocumentReader({ workers: 2 });
  afterAll(() => reader.close());

  it('reads the date and total of most, and the vendor of many, exactly', async () => {
    const m = await measureCapture(reader, SUBSET, otherSroieVendors(), 2);
    expect(m.receipts).toBe(10);
    // on this machine these ten read: date 10, total 7, vendor 7 (by vendorKey, with known vendors); one miss of slack each
    expect(m.accuracy.date, JSON.stringify(m.misses)).toBeGreaterThanOrEqual(0.9);
    expect(m.accuracy.total, JSON.stringify(m.misses)).toBeGreaterThanOrEqual(0.6);
    expect(m.accuracy.vendorKeyWarm, JSON.stringify(m.misses)).toBeGreaterThanOrEqual(0.6);
  }, 120_000);
});
