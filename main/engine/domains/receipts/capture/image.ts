/**
 * Photos and page pictures prepared for OCR with sharp (libvips): decoded within a pixel
 * limit, turned upright by their EXIF orientation, downscaled, greyscale, PNG.
 */
import { createRequire } from 'node:module';
import type Sharp from 'sharp';
import { EngineError } from '../../../../../shared/contract';
import type { PageImage } from './reader';

const require = createRequire(import.meta.url);
let sharpModule: typeof Sharp | null = null;

/** sharp, loaded on first use: an engine (or a CLI command) that never captures never loads libvips. */
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  sharpModule ??= require('sharp') as typeof Sharp;
  return sharpModule(...args);
}

/**
 * The largest photo read, in pixels: 100 MP keeps a 50 MP phone photo (8160 × 6120) well
 * inside while refusing decompression bombs; libvips decodes JPEGs shrunk on load, so memory
 * follows the output size, not this limit.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * The long side, in pixels, an image is downscaled to before OCR. Measured on SROIE scans
 * (1013–2339 px tall) resized to 1000–4000 px: mean word confidence is flat from 1500 to
 * 2500 px and falls beyond 3000 px, while recognition time grows with the pixel count
 * (≈1 s at 2500 px, 1.3–4.8 s at 4000 px). Below ~1500 px small print is lost (confidence of
 * one scan fell from 47 to 36 at 1000 px), so images are never downscaled further.
 */
export const OCR_LONG_SIDE = 2500;

/** JPEG quality of the page picture handed back for a photo (display only). */
const PICTURE_QUALITY = 85;

/** An image ready for Tesseract. */
export interface PreparedImage {
  /** Greyscale PNG, upright by EXIF, long side ≤ {@link OCR_LONG_SIDE}. */
  png: Buffer;
  width: number;
  height: number;
  /** True when downscaled: the boxes then do not match the original file's pixels. */
  downscaled: boolean;
}

/**
 * Decodes `bytes` (a JPEG, PNG, WebP, GIF — first frame — or HEIC photo) for OCR. Transparent
 * pixels become white. Throws EngineError `invalid` naming the file when the image is larger
 * than {@link MAX_INPUT_PIXELS}, is HEIC (sharp's prebuilt libvips has no HEVC decoder), or
 * cannot be decoded (truncated or damaged).
 */
export async function prepareImage(bytes: Buffer, name: string, mediaType: string): Promise<PreparedImage> {
  const fail = decodeFailure(name, mediaType);
  const meta = await sharp(bytes).metadata().catch(fail);
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new EngineError(
      'invalid',
      `${name} is too large to read: ${megapixels(pixels)} megapixels (${meta.width} × ${meta.pageHeight ?? meta.height}); the limit is ${megapixels(MAX_INPUT_PIXELS)} megapixels`,
    );
  }
  const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient()
    .resize({ width: OCR_LONG_SIDE, height: OCR_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true })
    .catch(fail);
  const upright = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 };
  return { png: data, width: info.width, height: info.height, downscaled: info.width < upright.width || info.height < upright.height };
}

/**
 * The colour picture of a photo matching an OCR read: upright by EXIF, turned `degrees`
 * clockwise, downscaled like {@link prepareImage}; JPEG (quality 85).
 */
export async function photoPicture(bytes: Buffer, degrees: 0 | 90 | 180 | 270): Promise<PageImage> {
  const jpeg = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient()
    .rotate(degrees)
    .resize({ width: OCR_LONG_SIDE, height: OCR_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: PICTURE_QUALITY })
    .toBuffer();
  return { bytes: jpeg, mediaType: 'image/jpeg' };
}

/** Turns a PNG `degrees` clockwise; returns the PNG and its new size in pixels. */
export async function rotatePng(png: Buffer, degrees: 0 | 90 | 180 | 270): Promise<{ png: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).rotate(degrees).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** The size of a PNG/JPEG buffer in pixels. */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

function megapixels(pixels: number): string {
  return String(Math.round(pixels / 1e5) / 10);
}

function decodeFailure(name: string, mediaType: string) {
  return (error: unknown): never => {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    if (mediaType === 'image/heic') {
      throw new EngineError('invalid', `${name} is a HEIC photo, which this console cannot read: save it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and try again`);
    }
    if (/pixel limit/i.test(detail)) throw new EngineError('invalid', `${name} is too large to read: more than ${megapixels(MAX_INPUT_PIXELS)} megapixels`);
    if (/premature end|truncat|read error|corrupt header|unable to write/i.test(detail)) {
      throw new EngineError('invalid', `${name} is a corrupt image: the file is truncated or damaged (${detail})`);
    }
    throw new EngineError('invalid', `${name} is a corrupt image: it cannot be decoded (${detail})`);
  };
}
