/**
 * Receipt capture (issue 17): a scan, photo or PDF read on this machine (OCR or a PDF's text
 * layer) into words with their boxes, and the key fields proposed from them (vendor, date,
 * total, currency), each with a confidence and the box it came from. The renderer shows the
 * boxes over the image; the operator confirms or corrects, and the corrections are kept as
 * the measure of the extractor.
 *
 * Coordinates are pixels of the page image as it was read (after EXIF rotation and any
 * downscale), origin top left; `width`/`height` give that image's size so the renderer can
 * scale boxes onto its own rendering.
 */
import { z } from 'zod';

/** A rectangle in page-image pixels: left, top, right, bottom. */
export const boxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type Box = z.infer<typeof boxSchema>;

/** One recognised word: its text, Tesseract's confidence (0–100; 100 for a PDF text layer) and box. */
export interface OcrWord {
  text: string;
  confidence: number;
  box: Box;
}

/** One line of text in reading order, with its words. */
export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

/**
 * One page as read: `source` says whether its text came from OCR or from a PDF's text layer;
 * `rotation` is the clockwise rotation in degrees (0, 90, 180, 270) that was applied to make
 * the text upright before reading (boxes are in the rotated image).
 */
export interface OcrPage {
  /** 1-based page number (always 1 for a photo). */
  page: number;
  width: number;
  height: number;
  source: 'ocr' | 'pdf-text';
  rotation: 0 | 90 | 180 | 270;
  lines: OcrLine[];
  /** Other readings of the same page (same image, same coordinates), e.g. with another segmentation: the extractor votes across them. */
  alternates?: OcrLine[][];
}

/** The key fields capture proposes. */
export const CAPTURE_FIELDS = ['vendor', 'date', 'totalMinor', 'currency'] as const;
export type CaptureField = (typeof CAPTURE_FIELDS)[number];

const proposal = <T extends z.ZodType>(value: T) =>
  z.object({
    value,
    /** 0–1: how sure the extractor is (rule strength × OCR confidence of the words used). */
    confidence: z.number().min(0).max(1),
    /** 1-based page the value was read on. */
    page: z.int().min(1),
    /** Where on that page, or null when the value was not read from one place (e.g. a default currency). */
    box: boxSchema.nullable(),
    /** The line of text the value came from (or why it is a default). */
    source: z.string(),
  });

/** The fields proposed for one document; a field that could not be read is null. */
export const extractedFieldsSchema = z.object({
  vendor: proposal(z.string()).nullable(),
  /** ISO calendar date `YYYY-MM-DD`. */
  date: proposal(z.string()).nullable(),
  /** The total paid, integer minor units. */
  totalMinor: proposal(z.int()).nullable(),
  /** ISO-4217 code. */
  currency: proposal(z.string()).nullable(),
});
export type ExtractedFields = z.infer<typeof extractedFieldsSchema>;
export type FieldProposal<T> = { value: T; confidence: number; page: number; box: Box | null; source: string };
