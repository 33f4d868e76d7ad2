/**
 * Attachments in the renderer: what may be picked (checked before anything is staged, so
 * a 200 MB video is refused at once, not after an upload), and the first page of a PDF
 * drawn by pdf.js (loaded on first use, in its own worker).
 */
import { MAX_ATTACHMENT_BYTES } from '../../../shared/contract';
import { sizeText } from '../../../shared/domain/bytes';

/** The `accept` attribute of an attachment picker. */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.gif,.webp,.heic,.pdf,image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf';

const EXTENSIONS = /\.(jpe?g|png|gif|webp|heic|pdf)$/i;

/**
 * Why `file` cannot be attached (too big, empty, not a photo or PDF by its name and
 * type), or null. Main checks the bytes again: this is the early, friendly refusal.
 */
export function attachmentProblem(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return `${file.name} is ${sizeText(file.size)}: attachments are limited to ${sizeText(MAX_ATTACHMENT_BYTES)}`;
  if (file.size === 0) return `${file.name} is empty`;
  const typed = file.type === '' || /^image\/(jpeg|png|gif|webp|heic)$|^application\/pdf$/.test(file.type);
  if (!EXTENSIONS.test(file.name) || !typed) return `${file.name} is not a photo or a PDF: only JPEG, PNG, GIF, WebP, HEIC and PDF files can be attached`;
  return null;
}

/** Whether a media type is shown as an image (the rest are PDFs or unknown). */
export const isImage = (mediaType: string) => mediaType.startsWith('image/') && mediaType !== 'image/heic';

/** Bytes of a base64 text. */
export function base64Bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Draws page 1 of the PDF `bytes` into `canvas`, scaled to `width` CSS pixels; resolves
 * the document's page count. Rejects with pdf.js's error for a PDF it cannot read.
 */
export async function renderPdfFirstPage(bytes: Uint8Array, canvas: HTMLCanvasElement, width: number): Promise<number> {
  const pdfjs = await import('pdfjs-dist');
  if (!pdfjs.GlobalWorkerOptions.workerSrc) pdfjs.GlobalWorkerOptions.workerSrc = (await import('pdfjs-dist/build/pdf.worker.min.mjs?url')).default;
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    await page.render({ canvas, viewport }).promise;
    return doc.numPages;
  } finally {
    void doc.destroy();
  }
}
