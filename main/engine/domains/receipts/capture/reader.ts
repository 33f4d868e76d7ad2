/**
 * The document reader of receipt capture (issue 17): a receipt file — JPEG, PNG, WebP, GIF
 * photo or a PDF — turned into lines of words with their boxes, on this machine. Photos and
 * scanned PDF pages go through Tesseract (a pool of worker threads, see ./pool); PDF pages
 * with a text layer are read from it without OCR. Nothing is written anywhere.
 *
 * Orientation: each OCR'd page is read as it stands (upright by EXIF for a photo). When the
 * mean word confidence of that read is under {@link UPRIGHT_CONFIDENCE}, Tesseract's
 * orientation detection (OSD, legacy engine) names the axis — on SROIE receipts it was right
 * about upright-or-upside-down versus sideways in all 42 of its verdicts, but wrong about the
 * direction in 12 of them, at margins up to 4 — and the other readings on that axis
 * are tried (both quarter turns for sideways, the half turn otherwise; all three when OSD
 * finds too little text), keeping the most confident read. An upright receipt thus costs one
 * read; a turned one costs OSD (0.1–0.4 s) and one or two more reads.
 *
 * The page kept is then read once more in sparse-text segmentation (PSM 11) and that reading
 * is returned as the page's `alternates`, for the extractor to vote with: on the 80 SROIE
 * scans it turned 3 dates and 2 totals right at the cost of a second read (0.79 s per
 * receipt with two workers, against 0.42 s for one reading).
 */
import { readFile, stat } from 'node:fs/promises';
import { EngineError, MAX_ATTACHMENT_BYTES } from '../../../../../shared/contract';
import type { OcrLine, OcrPage } from '../../../../../shared/contract/capture';
import { sizeText } from '../../../../../shared/domain/bytes';
import { sniffMediaType } from '../attachments';
import { photoPicture, prepareImage, rotatePng } from './image';
import { openPdf } from './pdf';
import { createOcrPool, type Lane, type OcrPool, type TesseractLine } from './pool';

export interface ReadProgress {
  phase: 'preparing' | 'recognizing';
  /** 0..1 within this file */
  ratio: number;
}
export interface PageImage {
  bytes: Buffer;
  mediaType: 'image/png' | 'image/jpeg';
}
export interface ReadDocument {
  mediaType: string;
  pages: (OcrPage & { image: PageImage | null })[];
}
export interface DocumentReader {
  /** Reads the file at `path` (named `name` in messages). */
  read(path: string, name: string, options?: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void }): Promise<ReadDocument>;
  /** Terminates the OCR workers. */
  close(): Promise<void>;
}

/**
 * Mean word confidence (0–100) from which a read is taken as upright without trying other
 * orientations. On 11 SROIE scans read in all four quarter turns, upright reads scored 45–88
 * (one under 50) and turned ones 24–42.
 */
export const UPRIGHT_CONFIDENCE = 50;

/** Idle time after which the OCR workers are terminated, in milliseconds. */
const DEFAULT_IDLE_MS = 60_000;

/** Share of a page's progress spent before recognition (decoding, rendering). */
const PREPARING_SHARE = 0.15;

type Rotation = 0 | 90 | 180 | 270;
type ReadPage = ReadDocument['pages'][number];

/**
 * Creates a reader whose OCR runs in at most `min(workers, os.availableParallelism())`
 * worker threads, started on first use and terminated after `idleMs` (default 60 s) idle.
 *
 * `read` resolves to the pages in order: boxes in pixels of the page as read (see
 * `OcrPage`), with `image` the picture those boxes refer to when it differs from the file as
 * a browser shows it (a rendered PDF page; a photo turned upright or downscaled), else null —
 * also for a photo only turned by its EXIF orientation, which browsers apply themselves.
 * It throws EngineError `invalid`, its message starting with `name`, for a file that is
 * empty, larger than MAX_ATTACHMENT_BYTES, not a photo or PDF, a corrupt, too large or HEIC
 * image, a password-protected, corrupt or empty PDF, or with no letter or digit found on any
 * page; EngineError `not_found` when there is no file at `path`; and EngineError `conflict`
 * "<name>: capture cancelled" as soon as `signal` aborts (or `close` is called while it waits
 * or runs).
 */
export function createDocumentReader(options: { workers?: number; idleMs?: number } = {}): DocumentReader {
  const pool = createOcrPool({ workers: options.workers, idleMs: options.idleMs ?? DEFAULT_IDLE_MS });
  return {
    async read(path, name, { signal, onProgress } = {}) {
      const cancelled = () => new EngineError('conflict', `${name}: capture cancelled`);
      const job: Job = { name, pool, signal, cancelled, progress: monotonic(onProgress) };
      checkCancelled(job);
      const size = await stat(path).then(
        (stats) => stats.size,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('not_found', `${name} was not found`);
          throw error;
        },
      );
      if (size === 0) throw new EngineError('invalid', `${name} is empty`);
      if (size > MAX_ATTACHMENT_BYTES) throw new EngineError('invalid', `${name} is too large to read: ${sizeText(size)}; the limit is ${sizeText(MAX_ATTACHMENT_BYTES)}`);
      const bytes = await readFile(path, { signal }).catch((error: unknown) => {
        throw signal?.aborted ? cancelled() : error;
      });
      const mediaType = sniffMediaType(bytes.subarray(0, 16));
      if (!mediaType) throw new EngineError('invalid', `${name} is not an image or a PDF: only JPEG, PNG, WebP and GIF photos and PDF files can be read`);
      const pages = mediaType === 'application/pdf' ? await readPdf(job, bytes) : [await readPhoto(job, bytes, mediaType)];
      if (!pages.some((page) => page.lines.some((line) => /[\p{L}\p{N}]/u.test(line.text)))) {
        throw new EngineError('invalid', `${name} has no text that could be read: the page is blank, or too faint or blurred to read`);
      }
      job.progress('recognizing', 1);
      return { mediaType, pages };
    },
    close: () => pool.close(),
  };
}

interface Job {
  name: string;
  pool: OcrPool;
  signal: AbortSignal | undefined;
  cancelled: () => EngineError;
  progress: (phase: ReadProgress['phase'], ratio: number) => void;
}

function checkCancelled(job: Job) {
  if (job.signal?.aborted) throw job.cancelled();
}

async function readPhoto(job: Job, bytes: Buffer, mediaType: string): Promise<ReadPage> {
  job.progress('preparing', 0);
  const prepared = await prepareImage(bytes, job.name, mediaType);
  checkCancelled(job);
  const read = await readUpright(job, prepared.png, prepared.width, prepared.height, (phase, ratio) => job.progress(phase, ratio));
  const image = prepared.downscaled || read.rotation !== 0 ? await photoPicture(bytes, read.rotation) : null;
  return { page: 1, width: read.width, height: read.height, source: 'ocr', rotation: read.rotation, lines: read.lines, ...(read.alternates ? { alternates: read.alternates } : {}), image };
}

async function readPdf(job: Job, bytes: Buffer): Promise<ReadPage[]> {
  job.progress('preparing', 0);
  const pdf = await openPdf(bytes, job.name);
  try {
    const pages: ReadPage[] = [];
    for (let number = 1; number <= pdf.pageCount; number += 1) {
      checkCancelled(job);
      const share = (phase: ReadProgress['phase'], ratio: number) => job.progress(phase, (number - 1 + ratio) / pdf.pageCount);
      const page = await pdf.readPage(number);
      if (page.lines) {
        const image: PageImage = { bytes: page.png, mediaType: 'image/png' };
        pages.push({ page: number, width: page.width, height: page.height, source: 'pdf-text', rotation: 0, lines: page.lines, image });
        continue;
      }
      const prepared = await prepareImage(page.png, job.name, 'image/png');
      checkCancelled(job);
      const read = await readUpright(job, prepared.png, prepared.width, prepared.height, share);
      const picture = read.rotation === 0 ? page.png : (await rotatePng(page.png, read.rotation)).png;
      pages.push({
        page: number,
        width: read.width,
        height: read.height,
        source: 'ocr',
        rotation: read.rotation,
        lines: read.lines,
        ...(read.alternates ? { alternates: read.alternates } : {}),
        image: { bytes: picture, mediaType: 'image/png' },
      });
    }
    return pages;
  } finally {
    await pdf.close();
  }
}

interface UprightRead {
  rotation: Rotation;
  width: number;
  height: number;
  lines: OcrLine[];
  /** Other readings of the same turned page (sparse-text segmentation). */
  alternates?: OcrLine[][];
  /** Mean word confidence, 0–100 (0 without words). */
  confidence: number;
}

/** Reads a greyscale PNG as it stands or, when that read is poor, in the orientation OSD and the reads' confidence say is upright (see the module comment). */
function readUpright(job: Job, png: Buffer, width: number, height: number, progress: Job['progress']): Promise<UprightRead> {
  return job.pool.run(
    async (lane: Lane) => {
      const attempt = async (rotation: Rotation, report: boolean): Promise<UprightRead> => {
        const turned = rotation === 0 ? { png, width, height } : await rotatePng(png, rotation);
        const lines = toLines(await lane.recognize(turned.png, report ? (ratio) => progress('recognizing', PREPARING_SHARE + (1 - PREPARING_SHARE) * ratio) : undefined));
        const words = lines.flatMap((line) => line.words);
        const confidence = words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length;
        return { rotation, width: turned.width, height: turned.height, lines, confidence };
      };
      progress('preparing', PREPARING_SHARE);
      // a second reading in sparse-text mode, for the extractor to vote with (see extractFields)
      const withSparseReading = async (read: UprightRead): Promise<UprightRead> => {
        if (read.lines.length === 0) return read;
        const turned = read.rotation === 0 ? png : (await rotatePng(png, read.rotation)).png;
        return { ...read, alternates: [toLines(await lane.recognize(turned, undefined, 'sparse'))] };
      };
      let best = await attempt(0, true);
      // No words at all is a blank page, not a turned one: turning it will not help.
      if (best.lines.length === 0) return best;
      if (best.confidence >= UPRIGHT_CONFIDENCE) return withSparseReading(best);
      const osd = await lane.detect(png);
      const candidates: Rotation[] = !osd ? [180, 90, 270] : osd.degrees === 90 || osd.degrees === 270 ? [osd.degrees, osd.degrees === 90 ? 270 : 90] : [180];
      for (const rotation of candidates) {
        const next = await attempt(rotation, false);
        if (next.confidence > best.confidence) best = next;
        if (best.confidence >= UPRIGHT_CONFIDENCE) break;
      }
      return withSparseReading(best);
    },
    job.signal,
    job.cancelled,
  );
}

/** Tesseract's lines as capture lines: empty words and lines dropped, confidences and boxes rounded. */
function toLines(lines: TesseractLine[]): OcrLine[] {
  const box = (b: TesseractLine['bbox']) => ({ x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 });
  return lines.flatMap((line) => {
    const words = line.words
      .filter((word) => word.text.trim() !== '')
      .map((word) => ({ text: word.text.trim(), confidence: Math.round(word.confidence * 10) / 10, box: box(word.bbox) }));
    if (words.length === 0) return [];
    return [{ text: words.map((word) => word.text).join(' '), confidence: Math.round(line.confidence * 10) / 10, box: box(line.bbox), words }];
  });
}

/** Progress that never goes back: reads retried in another orientation do not restart the bar. */
function monotonic(onProgress: ((p: ReadProgress) => void) | undefined): Job['progress'] {
  let last = -1;
  return (phase, ratio) => {
    const bounded = Math.min(1, Math.max(0, ratio));
    if (!onProgress || bounded <= last) return;
    last = bounded;
    onProgress({ phase, ratio: bounded });
  };
}
