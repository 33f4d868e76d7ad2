/**
 * Receipt capture in the console: files dropped or picked on the Receipts screen are
 * staged and captured one action per file (`receipts.capture`, two at a time: the engine
 * reads with one OCR worker per core), so each file shows its own progress, the batch can
 * be cancelled between files, and one bad file never stops the others. Captured receipts
 * wait in the review queue (`receipts.list` with `needsReview`) until the operator confirms
 * or corrects their fields (`receipts.confirmCapture`).
 */
import type { ActionOutput, QueryOutput, Receipt, ReceiptSummary, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';

/** Where one file of a capture batch is. */
export type CaptureItemState = 'waiting' | 'uploading' | 'reading' | 'captured' | 'already' | 'failed' | 'cancelled';

export interface CaptureItem {
  /** Unique within the batch (its position). */
  key: number;
  name: string;
  size: number;
  state: CaptureItemState;
  /** The receipt it became (captured) or had become (already). */
  receiptId: string | null;
  /** What was proposed, for the list. */
  proposal: ActionOutput<'receipts.capture'>['captured'][number] | null;
  /** Why it failed. */
  message: string | null;
}

export interface CaptureBatch {
  status: 'idle' | 'running' | 'done';
  items: CaptureItem[];
  cancelRequested: boolean;
}

export interface CaptureState {
  captureBatch: CaptureBatch;
  /** Captured receipts awaiting confirmation, oldest first (the order they were dropped). */
  reviewQueue: Loadable<ReceiptSummary[]>;
  /** The receipt under review and its capture. */
  reviewId: string | null;
  reviewReceipt: Loadable<Receipt>;
  captureStats: Loadable<QueryOutput<'receipts.captureStats'>>;
}

export interface CaptureActions {
  /** Stages and captures `files` (appended to a running batch); resolves when the batch ends. */
  captureFiles(files: readonly File[]): Promise<void>;
  /** Stops the batch after the files being read now; the rest are marked cancelled. */
  cancelCapture(): void;
  clearCaptureBatch(): void;
  loadReviewQueue(): Promise<void>;
  /** Opens receipt `id` for review (null: the first in the queue). */
  openReview(id: string | null): Promise<void>;
  loadCaptureStats(): Promise<void>;
  /** Moves to the next receipt in the queue after the one under review (or the first). */
  nextReview(): Promise<void>;
}

export type CaptureSlice = CaptureState & CaptureActions;

/** Files read at once: the engine has at most one OCR worker per core; two keep a 2-core machine busy. */
export const CAPTURE_PARALLEL = 2;
/** How many awaiting receipts the review queue lists. */
export const REVIEW_QUEUE_LIMIT = 200;

const idleBatch: CaptureBatch = { status: 'idle', items: [], cancelRequested: false };

export const captureInitialState: CaptureState = {
  captureBatch: idleBatch,
  reviewQueue: idle(),
  reviewId: null,
  reviewReceipt: idle(),
  captureStats: idle(),
};

/** The capture slice over `api`. */
export function createCaptureSlice(api: ValhallaApi): SliceCreator<CaptureSlice> {
  let reviewRequest = 0;
  return (set, get) => {
    const patchItem = (key: number, patch: Partial<CaptureItem>) => {
      const batch = get().captureBatch;
      set({ captureBatch: { ...batch, items: batch.items.map((i) => (i.key === key ? { ...i, ...patch } : i)) } });
    };
    const files = new Map<number, File>();

    /** Captures one file of the batch: stage, then the governed action. */
    const captureOne = async (key: number) => {
      const file = files.get(key);
      if (!file) return;
      // nextWaiting has marked it uploading (claiming it for this lane)
      const staged = await api.stageFile(file);
      if (!staged.ok) {
        patchItem(key, { state: 'failed', message: staged.error.message });
        return;
      }
      patchItem(key, { state: 'reading' });
      const result = await get().execute('receipts.capture', { files: [{ sha256: staged.value.sha256, name: file.name }] }, { announceFailure: false });
      if (!result.ok) {
        patchItem(key, { state: 'failed', message: result.error.message.replace(`${file.name}: `, '') });
        return;
      }
      const { captured, alreadyCaptured, problems } = result.value.result;
      if (captured[0]) patchItem(key, { state: 'captured', receiptId: captured[0].receiptId, proposal: captured[0] });
      else if (alreadyCaptured[0]) patchItem(key, { state: 'already', receiptId: alreadyCaptured[0].receiptId });
      else patchItem(key, { state: 'failed', message: problems[0]?.reason ?? 'not captured' });
    };

    const nextWaiting = (): number | null => {
      const batch = get().captureBatch;
      if (batch.cancelRequested) return null;
      const item = batch.items.find((i) => i.state === 'waiting');
      if (!item) return null;
      patchItem(item.key, { state: 'uploading' });
      return item.key;
    };

    let running: Promise<void> | null = null;
    const run = async () => {
      const lane = async () => {
        for (let key = nextWaiting(); key !== null; key = nextWaiting()) await captureOne(key);
      };
      await Promise.all(Array.from({ length: CAPTURE_PARALLEL }, lane));
      const batch = get().captureBatch;
      set({ captureBatch: { ...batch, status: 'done', items: batch.items.map((i) => (i.state === 'waiting' ? { ...i, state: 'cancelled' } : i)) } });
      files.clear();
      void get().loadReviewQueue();
      void get().loadCaptureStats();
      if (get().reviewId === null) void get().openReview(null);
    };

    return {
      ...captureInitialState,

      captureFiles(picked) {
        if (picked.length === 0) return running ?? Promise.resolve();
        const batch = get().captureBatch;
        const keep = batch.status === 'running' ? batch.items : [];
        const first = keep.length ? Math.max(...keep.map((i) => i.key)) + 1 : 0;
        const added = picked.map((file, i): CaptureItem => {
          files.set(first + i, file);
          return { key: first + i, name: file.name, size: file.size, state: 'waiting', receiptId: null, proposal: null, message: null };
        });
        set({ captureBatch: { status: 'running', items: [...keep, ...added], cancelRequested: false } });
        if (batch.status !== 'running' || !running) {
          running = run().finally(() => {
            running = null;
          });
        }
        return running;
      },

      cancelCapture() {
        const batch = get().captureBatch;
        if (batch.status !== 'running') return;
        set({ captureBatch: { ...batch, cancelRequested: true, items: batch.items.map((i) => (i.state === 'waiting' ? { ...i, state: 'cancelled' } : i)) } });
      },

      clearCaptureBatch() {
        if (get().captureBatch.status !== 'running') set({ captureBatch: idleBatch });
      },

      async loadReviewQueue() {
        set({ reviewQueue: loading(get().reviewQueue) });
        const result = await api.query('receipts.list', { needsReview: true, status: 'needs_attention', limit: REVIEW_QUEUE_LIMIT });
        // the list is newest first; review goes in the order the files were dropped
        set({ reviewQueue: settled(result.ok ? { ok: true, value: [...result.value.items].reverse() } : result) });
      },

      async openReview(id) {
        const request = ++reviewRequest;
        let target = id;
        if (target === null) {
          if (get().reviewQueue.status !== 'ready') await get().loadReviewQueue();
          target = get().reviewQueue.data?.[0]?.id ?? null;
        }
        if (request !== reviewRequest) return;
        set({ reviewId: target, reviewReceipt: target ? loading(get().reviewReceipt) : idle() });
        if (!target) return;
        const result = await api.query('receipts.get', { id: target });
        if (request !== reviewRequest) return;
        set({ reviewReceipt: settled(result) });
      },

      async nextReview() {
        await get().loadReviewQueue();
        const queue = get().reviewQueue.data ?? [];
        const current = get().reviewId;
        const next = queue.find((r) => r.id !== current) ?? null;
        await get().openReview(next?.id ?? null);
        if (!next) set({ reviewId: null, reviewReceipt: idle() });
      },

      async loadCaptureStats() {
        set({ captureStats: loading(get().captureStats) });
        set({ captureStats: settled(await api.query('receipts.captureStats', {})) });
      },
    };
  };
}
