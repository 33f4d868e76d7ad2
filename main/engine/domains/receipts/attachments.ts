/**
 * Receipt attachments: which files may be attached, checked from their bytes (never from
 * the name the user gave), before a receipt references them.
 *
 * Accepted: JPEG, PNG, GIF, WebP and HEIC photos (dimensions read by `image-size`, which
 * throws for a header it cannot parse) and PDF documents, up to
 * {@link MAX_ATTACHMENT_BYTES}. A truncated photo (JPEG without its end-of-image marker,
 * PNG without its IEND chunk) or a PDF without its `%%EOF` trailer or any page is refused as
 * corrupt; the console renders what passes (thumbnails, the PDF's first page).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { imageSize } from 'image-size';
import { EngineError, MAX_ATTACHMENT_BYTES, type AttachmentMediaType } from '../../../../shared/contract';
import { sizeText } from '../../../../shared/domain/bytes';

/** What the bytes begin with, or null when no accepted type. */
export function sniffMediaType(head: Uint8Array): AttachmentMediaType | null {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (text(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (text(0, 6) === 'GIF87a' || text(0, 6) === 'GIF89a') return 'image/gif';
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'image/webp';
  if (text(4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|heim|heis)$/.test(text(8, 12))) return 'image/heic';
  if (text(0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

function readRange(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the stored file at `path` as an attachment named `name` and returns its media
 * type and size in bytes. Throws EngineError `invalid` naming the file when it is larger
 * than {@link MAX_ATTACHMENT_BYTES}, empty, of another type ("only photos (JPEG, PNG, GIF,
 * WebP, HEIC) and PDFs"), or corrupt (unreadable image header, truncated image, PDF
 * without trailer or pages).
 */
export function checkAttachment(path: string, name: string): { mediaType: AttachmentMediaType; size: number } {
  const size = statSync(path).size;
  if (size === 0) throw new EngineError('invalid', `${name} is empty`);
  if (size > MAX_ATTACHMENT_BYTES) throw new EngineError('invalid', `${name} is ${sizeText(size)}: attachments are limited to ${sizeText(MAX_ATTACHMENT_BYTES)}`);
  const head = readRange(path, 0, 64);
  const mediaType = sniffMediaType(head);
  if (!mediaType) throw new EngineError('invalid', `${name} is not a photo or a PDF: only JPEG, PNG, GIF, WebP, HEIC and PDF files can be attached`);
  const tail = readRange(path, Math.max(0, size - 1024), Math.min(size, 1024));
  if (mediaType === 'application/pdf') {
    if (!tail.toString('latin1').includes('%%EOF')) throw new EngineError('invalid', `${name} is a corrupt PDF: it has no end-of-file trailer (truncated?)`);
    const whole = readRange(path, 0, size).toString('latin1');
    if (!/\/Type\s*\/Page\b/.test(whole)) throw new EngineError('invalid', `${name} is a corrupt PDF: it has no pages`);
    return { mediaType, size };
  }
  try {
    const dims = imageSize(readRange(path, 0, Math.min(size, 512 * 1024)));
    if (!dims.width || !dims.height) throw new Error('no dimensions');
  } catch (error) {
    throw new EngineError('invalid', `${name} is a corrupt image: its header cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (mediaType === 'image/jpeg' && !(tail.at(-2) === 0xff && tail.at(-1) === 0xd9) && !tail.includes(Buffer.from([0xff, 0xd9]))) {
    throw new EngineError('invalid', `${name} is a corrupt image: the JPEG is truncated (no end-of-image marker)`);
  }
  if (mediaType === 'image/png' && !tail.includes(Buffer.from('IEND', 'latin1'))) throw new EngineError('invalid', `${name} is a corrupt image: the PNG is truncated (no IEND chunk)`);
  return { mediaType, size };
}
