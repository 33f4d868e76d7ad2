/**
 * PDF receipts read with pdfjs-dist (its legacy build, for Node): a page with a text layer
 * gives its words and their boxes directly; a page without one (a scan) is rendered with
 * `@napi-rs/canvas` for OCR.
 *
 * pdfjs parses on the caller's thread (a "fake worker": its worker module is loaded in-process,
 * which also keeps it working when bundled); parsing is fast next to OCR.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as NapiCanvas from '@napi-rs/canvas';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { EngineError } from '../../../../../shared/contract';
import type { Box, OcrLine, OcrWord } from '../../../../../shared/contract/capture';
import { OCR_LONG_SIDE } from './image';

const require = createRequire(import.meta.url);

/** Pixels per PDF point (1/72 in) of a text-layer page's boxes and picture: 144 dpi, sharp enough to show small print. */
export const PDF_TEXT_SCALE = 2;

/** Largest pixels per point a scanned page is rendered at for OCR (288 dpi), for pages smaller than a receipt roll. */
const MAX_SCAN_SCALE = 4;

/**
 * Non-space characters from which a page's text layer is read instead of OCR. Below it the
 * page is taken for a scan: scanner apps stamp scans with a line of text ("Scanned with
 * CamScanner", 21 characters) that would otherwise hide the picture's content; a real
 * receipt's text layer runs to hundreds of characters. OCR of a short real text page still works.
 */
const MIN_TEXT_LAYER_CHARS = 32;

/**
 * Pages read from one PDF: the first 10. A receipt or invoice is rarely longer, and each
 * scanned page costs about a second of OCR; later pages are ignored.
 */
export const MAX_PDF_PAGES = 10;

type Pdfjs = typeof PdfjsModule;
type PdfDocumentProxy = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;

let pdfjs: Promise<Pdfjs> | null = null;

function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    // @ts-expect-error pdfjs-dist ships no type declarations for its worker module.
    const worker: unknown = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

/** One page of a PDF as read: its lines when it has a text layer (else null), and its picture. */
export interface PdfPage {
  /** 1-based. */
  page: number;
  /** Lines from the text layer in picture pixels, or null when the page has (next to) no text: a scan. */
  lines: OcrLine[] | null;
  /** The page rendered on white: PNG, at {@link PDF_TEXT_SCALE} px/pt for a text page, long side ≈ {@link OCR_LONG_SIDE} for a scan. */
  png: Buffer;
  width: number;
  height: number;
}

/** An open PDF; `close` frees pdfjs's copy of it. */
export interface PdfReader {
  /** Pages that will be read: min(page count, {@link MAX_PDF_PAGES}). */
  pageCount: number;
  readPage(page: number): Promise<PdfPage>;
  close(): Promise<void>;
}

/**
 * Opens the PDF in `bytes`. Throws EngineError `invalid` naming the file when it is protected
 * by a password, is corrupt (pdfjs cannot parse it), or has no pages.
 */
export async function openPdf(bytes: Buffer, name: string): Promise<PdfReader> {
  const lib = await loadPdfjs();
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    verbosity: lib.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
    cMapUrl: `${join(root, 'cmaps')}/`,
    wasmUrl: `${join(root, 'wasm')}/`,
  });
  let doc: PdfDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const kind = (error as { name?: string }).name;
    if (kind === 'PasswordException') throw new EngineError('invalid', `${name} is protected by a password: remove it and try again`);
    throw new EngineError('invalid', `${name} is a corrupt PDF: it cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (doc.numPages === 0) {
    await doc.destroy();
    throw new EngineError('invalid', `${name} is a PDF with no pages`);
  }
  return {
    pageCount: Math.min(doc.numPages, MAX_PDF_PAGES),
    readPage: (page) => readPage(lib, doc, page),
    close: () => doc.destroy(),
  };
}

async function readPage(lib: Pdfjs, doc: PdfDocumentProxy, number: number): Promise<PdfPage> {
  const page = await doc.getPage(number);
  try {
    const content = await page.getTextContent();
    const chars = content.items.reduce((sum, item) => sum + ('str' in item ? item.str.replace(/\s/g, '').length : 0), 0);
    const hasText = chars >= MIN_TEXT_LAYER_CHARS;
    const base = page.getViewport({ scale: 1 });
    const scale = hasText ? PDF_TEXT_SCALE : Math.min(MAX_SCAN_SCALE, OCR_LONG_SIDE / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    // loaded on first use: only a scanned PDF needs a canvas
    const { createCanvas } = require('@napi-rs/canvas') as typeof NapiCanvas;
    const canvas = createCanvas(width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport, background: '#ffffff' }).promise;
    const png = await canvas.encode('png');
    const lines = hasText ? textLines(lib, content, viewport.transform) : null;
    return { page: number, lines, png, width, height };
  } finally {
    page.cleanup();
  }
}

interface Fragment {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  baseline: number;
  size: number;
}

type TextContent = Awaited<ReturnType<Awaited<ReturnType<PdfDocumentProxy['getPage']>>['getTextContent']>>;

/**
 * Groups a page's text items into lines of words, boxes in viewport pixels. Items whose
 * baselines lie within half a font height share a line; words are the items' runs of
 * non-space characters, their boxes split from the item's width in proportion to character
 * counts (pdfjs gives one width per item), merged across items that touch (gap under 0.15 em).
 * Box tops and bottoms come from the font's ascent and descent (0.8 / −0.2 em when unknown).
 * Written for horizontal text; rotated text gets the boxes of its baseline's start.
 */
function textLines(lib: Pdfjs, content: TextContent, transform: number[]): OcrLine[] {
  const fragments: Fragment[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const m = lib.Util.transform(transform, item.transform) as number[];
    const size = Math.hypot(m[2] ?? 0, m[3] ?? 0);
    const style = content.styles[item.fontName];
    const ascent = style?.ascent || 0.8;
    const descent = style?.descent || -0.2;
    const left = m[4] ?? 0;
    const baseline = m[5] ?? 0;
    const scale = Math.hypot(transform[0] ?? 0, transform[1] ?? 0);
    fragments.push({ text: item.str, left, right: left + item.width * scale, top: baseline - ascent * size, bottom: baseline - descent * size, baseline, size });
  }
  fragments.sort((a, b) => a.baseline - b.baseline || a.left - b.left);

  const groups: Fragment[][] = [];
  for (const fragment of fragments) {
    const line = groups.at(-1);
    const first = line?.[0];
    if (line && first && Math.abs(fragment.baseline - first.baseline) < 0.5 * Math.min(fragment.size, first.size)) line.push(fragment);
    else groups.push([fragment]);
  }
  return groups.map((group) => toLine(group.sort((a, b) => a.left - b.left)));
}

function toLine(fragments: Fragment[]): OcrLine {
  const words: (OcrWord & { open: boolean })[] = [];
  for (const fragment of fragments) {
    const charWidth = (fragment.right - fragment.left) / Math.max(1, fragment.text.length);
    for (const match of fragment.text.matchAll(/\S+/g)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      const box: Box = { x0: fragment.left + start * charWidth, y0: fragment.top, x1: fragment.left + end * charWidth, y1: fragment.bottom };
      const previous = words.at(-1);
      if (previous?.open && start === 0 && box.x0 - previous.box.x1 < 0.15 * fragment.size) {
        previous.text += match[0];
        previous.box = union(previous.box, box);
      } else {
        words.push({ text: match[0], confidence: 100, box, open: false });
      }
      const last = words.at(-1);
      if (last) last.open = end === fragment.text.length;
    }
  }
  const clean = words.map(({ text, confidence, box }) => ({ text, confidence, box: round(box) }));
  return {
    text: clean.map((word) => word.text).join(' '),
    confidence: 100,
    box: round(clean.map((word) => word.box).reduce(union)),
    words: clean,
  };
}

function union(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

function round(box: Box): Box {
  return { x0: Math.round(box.x0), y0: Math.round(box.y0), x1: Math.round(box.x1), y1: Math.round(box.y1) };
}
