/**
 * Capture measured on real receipts (issue 17): the SROIE scans in
 * `../shared/datasets/sroie-receipts/img/` read by the engine's document reader and field
 * extractor, compared with their truth in `key/` by exact match per field — the date as an
 * ISO date, the total in minor units, the vendor case- and space-insensitively (as the
 * issue asks: `strictVendor`) and, more leniently, by the engine's `vendorKey` (punctuation
 * and company forms such as SDN BHD dropped: how duplicates and known vendors are matched). Used by `npm run bench -- capture` (all 80 scans) and by a fast subset in
 * `npm test`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExtractedFields } from '../../shared/contract';
import { vendorKey } from '../../shared/domain/vendor';
import { extractFields } from '../../main/engine/domains/receipts/capture/fields';
import type { DocumentReader } from '../../main/engine/domains/receipts/capture/reader';
import { parseReceiptDate, parseReceiptTotal } from '../../main/engine/domains/receipts/sroie';
import { DATASETS } from './datasets';

export const SROIE_DIR = join(DATASETS, 'sroie-receipts');
/** The scans with an image: 000 … 079. */
export const SCAN_IDS = Array.from({ length: 80 }, (_, i) => String(i).padStart(3, '0'));

export interface SroieTruth {
  vendor: string;
  date: string | null;
  totalMinor: number | null;
}

/** The truth of scan `id` from its key file. */
export function sroieTruth(id: string): SroieTruth {
  const key = JSON.parse(readFileSync(join(SROIE_DIR, 'key', `${id}.json`), 'utf8')) as { company: string; date: string; total: string };
  return { vendor: key.company, date: parseReceiptDate(key.date), totalMinor: parseReceiptTotal(key.total) };
}

/** The vendors of the SROIE receipts without a scan (080 … 625): the vendors a shop that filed them would know. */
export function otherSroieVendors(): string[] {
  const out: string[] = [];
  for (let i = 80; i < 626; i += 1) out.push(sroieTruth(String(i).padStart(3, '0')).vendor);
  return out;
}

/** A vendor compared case- and space-insensitively: upper case, whitespace removed. */
export const strictVendor = (v: string | null): string | null => (v === null ? null : v.toUpperCase().replace(/\s+/g, ''));

export interface CaptureMiss {
  id: string;
  field: 'vendor' | 'date' | 'total';
  expected: string | number | null;
  got: string | number | null;
}

export interface CaptureMeasure {
  receipts: number;
  /** Exact matches per field, as a share 0–1. */
  /** `vendor*`: case- and space-insensitive; `vendorKey*`: by `vendorKey`. Cold: no known vendors; warm: the given ones. */
  accuracy: { date: number; total: number; vendorCold: number; vendorWarm: number; vendorKeyCold: number; vendorKeyWarm: number };
  /** Mean wall-clock seconds per receipt (read + extraction), reading `parallel` at once. */
  secondsPerReceipt: number;
  misses: CaptureMiss[];
}

/**
 * Reads scans `ids` with `reader` (`parallel` at a time) and scores the proposals: vendor
 * both cold (no known vendors) and warm (`knownVendors`). Throws when a scan cannot be read.
 */
export async function measureCapture(reader: DocumentReader, ids: readonly string[], knownVendors: readonly string[], parallel = 2): Promise<CaptureMeasure> {
  const results: { id: string; cold: ExtractedFields; warm: ExtractedFields }[] = [];
  const queue = [...ids];
  const start = performance.now();
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const path = join(SROIE_DIR, 'img', `${id}.jpg`);
      const doc = await reader.read(path, `${id}.jpg`);
      results.push({ id, cold: extractFields(doc.pages, {}), warm: extractFields(doc.pages, { knownVendors: [...knownVendors] }) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const seconds = (performance.now() - start) / 1000;
  const misses: CaptureMiss[] = [];
  let date = 0;
  let total = 0;
  let vendorCold = 0;
  let vendorWarm = 0;
  let vendorKeyCold = 0;
  let vendorKeyWarm = 0;
  for (const r of results.sort((a, b) => a.id.localeCompare(b.id))) {
    const truth = sroieTruth(r.id);
    const gotDate = r.cold.date?.value ?? null;
    const gotTotal = r.cold.totalMinor?.value ?? null;
    if (gotDate === truth.date) date += 1;
    else misses.push({ id: r.id, field: 'date', expected: truth.date, got: gotDate });
    if (gotTotal === truth.totalMinor) total += 1;
    else misses.push({ id: r.id, field: 'total', expected: truth.totalMinor, got: gotTotal });
    if (strictVendor(r.cold.vendor?.value ?? null) === strictVendor(truth.vendor)) vendorCold += 1;
    if (vendorKey(r.cold.vendor?.value ?? null) === vendorKey(truth.vendor)) vendorKeyCold += 1;
    if (vendorKey(r.warm.vendor?.value ?? null) === vendorKey(truth.vendor)) vendorKeyWarm += 1;
    if (strictVendor(r.warm.vendor?.value ?? null) === strictVendor(truth.vendor)) vendorWarm += 1;
    else misses.push({ id: r.id, field: 'vendor', expected: truth.vendor, got: r.warm.vendor?.value ?? null });
  }
  const n = results.length;
  const share = (k: number) => Math.round((k / n) * 1000) / 1000;
  return { receipts: n, accuracy: { date: share(date), total: share(total), vendorCold: share(vendorCold), vendorWarm: share(vendorWarm), vendorKeyCold: share(vendorKeyCold), vendorKeyWarm: share(vendorKeyWarm) }, secondsPerReceipt: Math.round((seconds / n) * 1000) / 1000, misses };
}
