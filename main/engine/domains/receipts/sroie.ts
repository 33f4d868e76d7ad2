/**
 * Reading receipts in the ICDAR-2019 SROIE layout: per receipt `NNN.json` (company, date,
 * address, total) and `NNN.csv` (OCR lines: 8 box coordinates, then the text, which may
 * itself hold commas). Dates are read by `parseReceiptDate` of the capture extractor (every
 * layout of the 626 key files, day-first; an impossible date such as 31/02 is refused);
 * totals may carry `RM` or `$`.
 */
import { readFileSync } from 'node:fs';
import { parseReceiptDate } from './capture/fields';

/** Receipt dates are read by the capture extractor's parser: one set of rules for scans and key files. */
export { parseReceiptDate };

/** A receipt total in minor units (2 decimals), from text like `9.00`, `RM 9.00`, `$1,234.50`; null when unreadable. */
export function parseReceiptTotal(text: string): number | null {
  const t = text.trim().replace(/^(RM|MYR|\$|USD|SGD|S\$)\s*/i, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The text of an OCR CSV: the 9th field onwards of each line (the text may contain commas), one line each. */
export function ocrText(csv: string): string {
  return csv
    .split(/\r?\n/)
    .map((line) => line.split(',').slice(8).join(',').trim())
    .filter(Boolean)
    .join('\n');
}

export interface SroieReceipt {
  name: string;
  keySha256: string;
  vendor: string | null;
  date: string | null;
  totalMinor: number | null;
  address: string | null;
  ocrText: string | null;
  /** Fields present in the key file but unreadable, e.g. `date "31/02/2018"`. */
  unreadable: string[];
}

/**
 * Pairs key files with OCR files by base name and reads them. Returns the receipts and,
 * per file that cannot be used, why (a key that is not JSON, OCR lines without a key).
 */
export function readSroie(files: { name: string; sha256: string; path: string }[]): { receipts: SroieReceipt[]; problems: { file: string; reason: string }[] } {
  const base = (name: string) => name.replace(/\.[^.]+$/, '');
  const keys = files.filter((f) => /\.json$/i.test(f.name));
  const boxes = new Map(files.filter((f) => /\.csv$/i.test(f.name)).map((f) => [base(f.name), f]));
  const problems: { file: string; reason: string }[] = [];
  for (const f of files) if (!/\.(json|csv)$/i.test(f.name)) problems.push({ file: f.name, reason: 'neither a key file (.json) nor OCR lines (.csv)' });
  const keyBases = new Set(keys.map((k) => base(k.name)));
  for (const [b, f] of boxes) if (!keyBases.has(b)) problems.push({ file: f.name, reason: `OCR lines without a key file (${b}.json)` });

  const receipts: SroieReceipt[] = [];
  for (const key of keys.sort((a, b) => a.name.localeCompare(b.name))) {
    let data: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(readFileSync(key.path, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      data = parsed as Record<string, unknown>;
    } catch (error) {
      problems.push({ file: key.name, reason: `not a key file: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string).trim() : '');
    const unreadable: string[] = [];
    const date = parseReceiptDate(text('date'));
    if (text('date') && !date) unreadable.push(`date "${text('date')}"`);
    const totalMinor = parseReceiptTotal(text('total'));
    if (text('total') && totalMinor === null) unreadable.push(`total "${text('total')}"`);
    const box = boxes.get(base(key.name));
    receipts.push({
      name: key.name,
      keySha256: key.sha256,
      vendor: text('company') || null,
      date,
      totalMinor,
      address: text('address') || null,
      ocrText: box ? ocrText(readFileSync(box.path, 'utf8')) : null,
      unreadable,
    });
  }
  return { receipts, problems };
}
