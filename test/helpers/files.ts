/**
 * Small real files for attachment tests — a 16 × 12 JPEG (drawn and encoded by Chromium), a
 * 1 × 1 PNG and a one-page PDF — and a way to stage them.
 */
import { Readable } from 'node:stream';
import type { Engine } from '../../main/engine/types';

export const JPEG_16x12 = Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAA' +
    'AAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAA' +
    'ACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0' +
    'AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAA' +
    'AAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
    'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsj' +
    'HBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo' +
    'KCj/wAARCAAMABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAUG/8QAIhAAAQEIAgMAAAAAAAAAAAAAEQECAwQFEhMUFQAGB1KR/8QAFQEBAQAA' +
    'AAAAAAAAAAAAAAAABQf/xAAgEQAABQMFAAAAAAAAAAAAAAAAERITFAIEISNRUoGx/9oADAMBAAIRAxEAPwCz4l6VLu4bXZvot1iWqMdtlk1VkllfVOPLXSpd' +
    '0/Vax9Fvcu7XkNstCmgAMp7LzFS2bTGV3NZHxcHcFeO+ad1AghUIK/eJlNpjNLezj4uMtmjIfNPKSCCqghPnB10NpLO4o8e4luuafHovcj//2Q==',
  'base64',
);

export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const PAGE_CONTENT = '0.75 0.2 0.2 rg 20 20 160 60 re f 1 1 1 rg 40 40 120 20 re f';

/** A minimal one-page PDF: a red card with a white bar, no fonts (pdf.js rebuilds the missing xref table). */
export const PDF_ONE_PAGE = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >> endobj',
    `4 0 obj << /Length ${PAGE_CONTENT.length} >> stream`,
    PAGE_CONTENT,
    'endstream endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/** Stages `bytes` in the engine's file store under `name`; resolves to its SHA-256. */
export async function stage(engine: Engine, bytes: Buffer, name: string): Promise<string> {
  return (await engine.files.putStream(Readable.from([bytes]), name)).sha256;
}
