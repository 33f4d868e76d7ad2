/**
 * The OCR worker pool of receipt capture: at most one lane per core, each lane a Tesseract
 * LSTM worker (recognition) and, when first asked, a legacy-engine worker for orientation
 * detection (OSD). tesseract.js runs each worker in its own thread, so the caller's thread
 * only waits. Lanes start on first use and are all terminated after `idleMs` without work.
 *
 * A recognition cannot be interrupted inside Tesseract: cancelling a job terminates its lane's
 * workers and the lane starts new ones for the next job.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';

const require = createRequire(import.meta.url);
let tesseractModule: typeof Tesseract | null = null;

/** tesseract.js, loaded on first use: an engine that never captures never loads it. */
const tesseract = (): typeof Tesseract => (tesseractModule ??= require('tesseract.js') as typeof Tesseract);

/** Trained data directories, resolved from the packages so they work from the repo and from a bundle that keeps them external. */
function dataDir(pkg: '@tesseract.js-data/eng' | '@tesseract.js-data/osd', version: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), version);
}

/** One recognised line as tesseract.js returns it (the fields capture reads). */
export interface TesseractLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  words: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[];
}

/** Orientation as OSD reports it: the clockwise rotation in degrees that makes the text upright, and Tesseract's margin over the next best orientation (≥ 0, unbounded; SROIE receipts gave 0.1–11). */
export interface Orientation {
  degrees: 0 | 90 | 180 | 270;
  confidence: number;
}

/** What a job may ask of the lane it holds. Each call rejects with the job's cancel error when its signal aborts. */
export interface Lane {
  /**
   * Recognises a PNG/JPEG buffer; `onProgress` gets 0..1 from Tesseract's "recognizing text"
   * steps. `segmentation` is Tesseract's page segmentation mode: `block` (tesseract.js's
   * default, PSM 6: one uniform block of text) or `sparse` (PSM 11: text in no particular
   * order, as much as can be found).
   */
  recognize(image: Buffer, onProgress?: (ratio: number) => void, segmentation?: 'block' | 'sparse'): Promise<TesseractLine[]>;
  /** Detects the page orientation of a PNG/JPEG buffer, or null when OSD cannot tell (too few characters). */
  detect(image: Buffer): Promise<Orientation | null>;
}

export interface OcrPool {
  /**
   * Runs `job` on a free lane, waiting in a queue (first come, first served) when all lanes are
   * busy. When `signal` aborts — while queued or while running — the returned promise rejects
   * promptly with `cancelled()`; a running job's lane is terminated.
   */
  run<T>(job: (lane: Lane) => Promise<T>, signal: AbortSignal | undefined, cancelled: () => Error): Promise<T>;
  /** Terminates every worker; jobs still queued or running reject with their cancel error. */
  close(): Promise<void>;
}

interface Slot {
  eng: Promise<Tesseract.Worker> | null;
  osd: Promise<Tesseract.Worker> | null;
  progress: ((ratio: number) => void) | null;
  /** Rejects the job holding this slot (used by close). */
  abort: (() => void) | null;
}

interface Waiter {
  start: (slot: Slot) => void;
  fail: () => void;
}

/**
 * Creates a pool of at most `min(workers, os.availableParallelism())` lanes (at least 1),
 * each terminated after `idleMs` milliseconds with no job anywhere in the pool.
 */
export function createOcrPool(options: { workers?: number; idleMs: number }): OcrPool {
  const size = Math.max(1, Math.min(options.workers ?? Infinity, availableParallelism()));
  const slots: Slot[] = Array.from({ length: size }, () => ({ eng: null, osd: null, progress: null, abort: null }));
  const free: Slot[] = [...slots];
  const queue: Waiter[] = [];
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  const spawn = (slot: Slot, kind: 'eng' | 'osd'): Promise<Tesseract.Worker> => {
    const started =
      kind === 'eng'
        ? tesseract().createWorker('eng', tesseract().OEM.LSTM_ONLY, {
            langPath: dataDir('@tesseract.js-data/eng', '4.0.0_best_int'),
            cacheMethod: 'none',
            gzip: true,
            logger: (message) => {
              if (message.status === 'recognizing text') slot.progress?.(message.progress);
            },
            // Without a handler tesseract.js rethrows a failed job from its message listener (an uncaught exception); the job's own promise already rejects.
            errorHandler: () => undefined,
          })
        : tesseract().createWorker('osd', tesseract().OEM.TESSERACT_ONLY, {
            langPath: dataDir('@tesseract.js-data/osd', '4.0.0'),
            cacheMethod: 'none',
            gzip: true,
            legacyCore: true,
            legacyLang: true,
            errorHandler: () => undefined,
          });
    // Tesseract prints diagnostics ("Too few characters", "Line cannot be recognized") to stderr unless its debug file is
    // redirected; /dev/null is that of the worker's in-memory (Emscripten) file system, so this holds on every platform.
    return started.then(async (worker) => {
      await worker.setParameters({ debug_file: '/dev/null' });
      return worker;
    });
  };

  const terminate = (slot: Slot) => {
    const workers = [slot.eng, slot.osd];
    slot.eng = null;
    slot.osd = null;
    for (const worker of workers) void worker?.then((w) => w.terminate()).catch(() => undefined);
  };

  const scheduleIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (free.length < size || queue.length > 0) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (free.length === size) for (const slot of slots) terminate(slot);
    }, options.idleMs);
    idleTimer.unref?.();
  };

  const release = (slot: Slot) => {
    slot.progress = null;
    slot.abort = null;
    const next = queue.shift();
    if (next) next.start(slot);
    else {
      free.push(slot);
      scheduleIdle();
    }
  };

  const lane = (slot: Slot, cancelledPromise: Promise<never>): Lane => {
    const race = <T>(work: Promise<T>) => Promise.race([work, cancelledPromise]);
    return {
      async recognize(image, onProgress, segmentation = 'block') {
        slot.eng ??= spawn(slot, 'eng');
        const worker = await race(slot.eng);
        slot.progress = onProgress ?? null;
        try {
          // the mode is the worker's state: set for every call, so one call's mode never leaks into the next
          await race(worker.setParameters({ tessedit_pageseg_mode: segmentation === 'sparse' ? tesseract().PSM.SPARSE_TEXT : tesseract().PSM.SINGLE_BLOCK }));
          const result = await race(worker.recognize(image, {}, { blocks: true, text: false }));
          return (result.data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
        } catch (error) {
          throw typeof error === 'string' ? new Error(`Tesseract: ${error}`) : error;
        } finally {
          slot.progress = null;
        }
      },
      async detect(image) {
        slot.osd ??= spawn(slot, 'osd');
        const worker = await race(slot.osd);
        const { data } = await race(worker.detect(image)).catch((error: unknown) => {
          throw typeof error === 'string' ? new Error(`Tesseract OSD: ${error}`) : error;
        });
        const degrees = data.orientation_degrees;
        if (degrees !== 0 && degrees !== 90 && degrees !== 180 && degrees !== 270) return null;
        return { degrees, confidence: data.orientation_confidence ?? 0 };
      },
    };
  };

  return {
    run(job, signal, cancelled) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(cancelled());
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = null;

        let rejectCancel: (error: Error) => void = () => undefined;
        const cancelledPromise = new Promise<never>((_, rej) => (rejectCancel = rej));
        cancelledPromise.catch(() => undefined);

        const start = (slot: Slot) => {
          let settled = false;
          const finish = (settle: () => void, failed: boolean) => {
            if (settled) return;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            // A cancelled recognition may still be running inside the worker, a failed one may have left it broken: start fresh next time.
            if (failed) terminate(slot);
            release(slot);
            settle();
          };
          const onAbort = () => {
            rejectCancel(cancelled());
            finish(() => reject(cancelled()), true);
          };
          slot.abort = onAbort;
          signal?.addEventListener('abort', onAbort, { once: true });
          job(lane(slot, cancelledPromise)).then(
            (value) => finish(() => resolve(value), false),
            (error: unknown) => finish(() => reject(error), true),
          );
        };

        const slot = free.shift();
        if (slot) return start(slot);
        const waiter: Waiter = {
          start: (next) => {
            signal?.removeEventListener('abort', dequeue);
            start(next);
          },
          fail: () => {
            signal?.removeEventListener('abort', dequeue);
            reject(cancelled());
          },
        };
        const dequeue = () => {
          queue.splice(queue.indexOf(waiter), 1);
          waiter.fail();
        };
        queue.push(waiter);
        signal?.addEventListener('abort', dequeue, { once: true });
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      for (const waiter of queue.splice(0)) waiter.fail();
      for (const slot of slots) {
        slot.abort?.();
        terminate(slot);
      }
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
    },
  };
}
