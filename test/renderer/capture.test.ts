/**
 * The capture slice over a REAL engine (issue 17): files captured two at a time, each with
 * its own state; cancel stops the batch after the files being read, marking the rest
 * cancelled; a file that is not a receipt fails alone; the review queue lists what was
 * captured, in the order it was filed, and confirming moves to the next.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/store/index';
import { SROIE_DIR } from '../helpers/capture-accuracy';
import { hasDataset } from '../helpers/datasets';
import { liveEngine, must } from '../helpers/engine';
import { engineApi } from './engine-api';

const present = hasDataset(join(SROIE_DIR, 'img', '000.jpg'));
const scan = (id: string) => new File([readFileSync(join(SROIE_DIR, 'img', `${id}.jpg`))], `${id}.jpg`, { type: 'image/jpeg' });

describe.skipIf(!present)('capture slice', () => {
  it('captures with per-file states, cancels the files not yet started, and reviews what was filed', async () => {
    const { engine } = liveEngine();
    const store = createAppStore({ api: engineApi(engine) });
    const notes = new File(['milk, eggs'], 'notes.txt', { type: 'text/plain' });
    const batch = store.getState().captureFiles([notes, scan('001'), scan('002'), scan('003')]);
    // two lanes: notes.txt and 001.jpg start at once; the other two wait, and are cancelled
    expect(store.getState().captureBatch.items.map((i) => i.state)).toEqual(['uploading', 'uploading', 'waiting', 'waiting']);
    store.getState().cancelCapture();
    await batch;
    const items = store.getState().captureBatch.items;
    expect(store.getState().captureBatch.status).toBe('done');
    expect(items.map((i) => [i.name, i.state])).toEqual([
      ['notes.txt', 'failed'],
      ['001.jpg', 'captured'],
      ['002.jpg', 'cancelled'],
      ['003.jpg', 'cancelled'],
    ]);
    expect(items[0]!.message).toMatch(/not a photo or a PDF/);
    expect(must(engine.query('receipts.list', {})).items).toHaveLength(1);

    // the review queue and the receipt under review
    await store.getState().openReview(null);
    expect(store.getState().reviewQueue.data?.map((r) => r.id)).toEqual([items[1]!.receiptId]);
    expect(store.getState().reviewReceipt.data?.capture?.status).toBe('proposed');
    const r = store.getState().reviewReceipt.data!;
    must(await engineApi(engine).dispatch('receipts.confirmCapture', { id: r.id, vendor: r.vendor ?? 'Indah Gift', date: r.date ?? '2018-10-19', totalMinor: r.totalMinor ?? 6030, currency: 'MYR' }, 'execute'));
    await store.getState().nextReview();
    expect(store.getState().reviewId).toBeNull();
    expect(store.getState().reviewQueue.data).toEqual([]);
  }, 60_000);
});
