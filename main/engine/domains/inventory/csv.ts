/**
 * Reading CSV files for imports: gzip or plain, strictly UTF-8, parsed by `csv-parse`
 * (RFC 4180 quoting), with errors that name the row and the problem. Bounded: gzip is
 * inflated through {@link inflateGuard} (total size and ratio) and a record may be at most
 * {@link MAX_CSV_RECORD_BYTES}, so a decompression bomb or a file without line breaks is
 * refused in a few megabytes of memory.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { EngineError } from '../../../../shared/contract';
import { sizeText } from '../../../../shared/domain/bytes';

export interface CsvProgress {
  rows: number;
  /** Fraction of the file (as stored: compressed bytes for gzip) read so far, 0..1. */
  fraction: number;
}

/**
 * The most bytes a gzip file may inflate to: 512 MiB. The largest real sales history we
 * know, the UCI Online Retail year (541,909 rows), is 48 MB of CSV; this leaves room for a
 * shop ten times that size (twice the 250 MiB the file store takes uncompressed), while a
 * file that passes the ratio check but inflates without end is stopped after seconds.
 */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/**
 * The highest ratio of inflated to compressed bytes accepted past {@link INFLATE_RATIO_GRACE_BYTES}:
 * 200:1. CSV text compresses about 5–10:1 (the UCI file 6.3:1) and even rows repeated
 * verbatim stay well under 200:1 in practice, while a bomb of zeros reaches gzip's ceiling
 * of about 1,030:1.
 */
export const MAX_INFLATE_RATIO = 200;

/**
 * How many inflated bytes come out before the ratio is checked: 1 MiB, so a tiny file
 * (a header and three rows, 60:1 by chance) is never judged by its ratio. Kept at most
 * MAX_CSV_RECORD_BYTES, so a bomb without line breaks is named as a bomb, not as a long row.
 */
export const INFLATE_RATIO_GRACE_BYTES = 1024 * 1024;

/**
 * The longest CSV record (a row: its fields' characters) accepted: 1 MiB. A row of a sales
 * or items export is under 1 KiB; the margin covers long free-text notes, while a file
 * without line breaks or with a quote that is never closed cannot grow one record to the
 * size of the file.
 */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;

export interface InflateLimits {
  maxBytes: number;
  maxRatio: number;
  graceBytes: number;
}

const INFLATE_LIMITS: InflateLimits = { maxBytes: MAX_INFLATED_BYTES, maxRatio: MAX_INFLATE_RATIO, graceBytes: INFLATE_RATIO_GRACE_BYTES };

/** `12.3` → "12", `3.14` → "3.1": a ratio as people write it. */
const ratioText = (ratio: number) => (ratio >= 10 ? String(Math.round(ratio)) : ratio.toFixed(1));

/**
 * A pass-through placed after `gunzip` that counts the inflated bytes and fails the stream
 * with EngineError `invalid` ("the file expands to more than … (N:1): refused as a likely
 * decompression bomb") once they pass `limits.maxBytes`, or once, past `limits.graceBytes`,
 * they are more than `limits.maxRatio` times the compressed bytes gunzip has read
 * (`bytesWritten`). The chunk that crosses a limit is not passed on.
 */
export function inflateGuard(gunzip: Pick<Gunzip, 'bytesWritten'>, limits: InflateLimits = INFLATE_LIMITS): Transform {
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      const ratio = inflated / Math.max(1, gunzip.bytesWritten);
      const tooBig = inflated > limits.maxBytes;
      if (tooBig || (inflated > limits.graceBytes && ratio > limits.maxRatio)) {
        const limit = tooBig ? sizeText(limits.maxBytes) : `${limits.maxRatio}:1 past the first ${sizeText(limits.graceBytes)}`;
        return done(
          new EngineError(
            'invalid',
            `the file expands to more than ${sizeText(inflated)} from ${sizeText(gunzip.bytesWritten)} of gzip (${ratioText(ratio)}:1): refused as a likely decompression bomb (the limit is ${limit})`,
          ),
        );
      }
      done(null, chunk);
    },
  });
}

/** Whether a file starts with the gzip magic bytes (1f 8b). */
function isGzip(path: string): boolean {
  const buffer = Buffer.alloc(2);
  const handle = openSync(path, 'r');
  try {
    readSync(handle, buffer, 0, 2, 0);
  } finally {
    closeSync(handle);
  }
  return buffer[0] === 0x1f && buffer[1] === 0x8b;
}

/**
 * The bytes of a file as a stream: plain, or inflated through {@link inflateGuard} when it
 * is gzip. `raw` is the file stream (for progress and to close it); an error of any stage
 * is forwarded to `out`, which callers read.
 */
function openSource(path: string, highWaterMark = 1 << 20): { raw: Readable; out: Readable } {
  const raw = createReadStream(path, { highWaterMark });
  if (!isGzip(path)) return { raw, out: raw };
  const gunzip = createGunzip();
  const out = raw.pipe(gunzip).pipe(inflateGuard(gunzip));
  // pipe() does not forward errors
  for (const s of [raw, gunzip]) s.on('error', (error: Error) => out.destroy(error));
  return { raw, out };
}

/** The first line of a (possibly gzipped) file, from at most its first 64 KiB of text; '' when unreadable. */
async function firstLine(path: string): Promise<string> {
  const { raw, out } = openSource(path, 65_536);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= 65_536 || chunk.includes(0x0a)) break;
    }
  } catch {
    return '';
  } finally {
    raw.destroy();
    out.destroy();
  }
  return Buffer.concat(chunks).subarray(0, 65_536).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
}

/** A stream check that the bytes are UTF-8, failing with the byte offset of the first bad sequence. */
function utf8Guard(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(new EngineError('invalid', `the file is not UTF-8 text (a bad byte sequence near byte ${offset}): save it as UTF-8 and import again`));
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new EngineError('invalid', 'the file ends in the middle of a UTF-8 character: save it as UTF-8 and import again'));
      }
    },
  });
}

/** Turns csv-parse's errors into a clear `invalid` naming the line. */
function csvError(error: CsvError): EngineError {
  const e = error as CsvError & { lines?: number; record?: string[] };
  const line = e.lines !== undefined ? `line ${e.lines}: ` : '';
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return new EngineError('invalid', `${line}wrong number of fields (${e.record?.length ?? '?'}) — check the delimiter and quoting`);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new EngineError('invalid', `${line}a quoted field is never closed`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return new EngineError('invalid', `${line}broken quoting: characters after a closing quote`);
    case 'CSV_MAX_RECORD_SIZE': {
      const row = (e as CsvError & { records?: number }).records;
      return new EngineError(
        'invalid',
        `row ${row === undefined ? '?' : row + 1} is longer than ${MAX_CSV_RECORD_BYTES} bytes (${sizeText(MAX_CSV_RECORD_BYTES)}): a line break is missing or a quote is never closed`,
      );
    }
    default:
      return new EngineError('invalid', `${line}${e.message}`);
  }
}

/**
 * Reads the records of a CSV file (gzip detected by its magic bytes), calling `onRow` for
 * each with its 1-based row number; row 1 is the header. (Rows, not lines: a quoted field
 * may hold a line break; csv-parse's own errors name the line.) Throws EngineError `invalid` for broken quoting,
 * ragged rows (naming the line), a row longer than MAX_CSV_RECORD_BYTES, corrupt gzip, gzip
 * that inflates past MAX_INFLATED_BYTES or MAX_INFLATE_RATIO (see inflateGuard), or bytes
 * that are not UTF-8; an error thrown by `onRow` stops the read and is rethrown.
 * `onProgress` every 10,000 rows.
 */
export async function forEachCsvRow(
  path: string,
  onRow: (fields: string[], row: number) => void,
  options: { delimiter?: string; onProgress?: (p: CsvProgress) => void } = {},
): Promise<number> {
  const size = statSync(path).size || 1;
  const { raw, out: source } = openSource(path);
  let consumed = 0;
  raw.on('data', (chunk) => {
    consumed += chunk.length;
  });
  const guard = utf8Guard();
  const parser = source.pipe(guard).pipe(parse({ bom: true, delimiter: options.delimiter ?? ',', skip_empty_lines: true, max_record_size: MAX_CSV_RECORD_BYTES }));
  // pipe() does not forward errors: an upstream failure must end the parser's iteration
  for (const s of [source, guard]) s.on('error', (error: Error) => parser.destroy(error));
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rows += 1;
      if (rows % 10_000 === 0) options.onProgress?.({ rows, fraction: Math.min(1, consumed / size) });
      onRow(record, rows);
    }
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new EngineError('invalid', 'the gzip data is corrupt');
    if (!(error instanceof CsvError)) throw error;
    // csv-parse reads ahead: a quoting error in row 2 can arrive before row 1 (the header)
    // was handed over. Check the header first, so a wrong delimiter is named as such.
    if (rows === 0) onRow((await firstLine(path)).split(options.delimiter ?? ','), 1);
    throw csvError(error);
  } finally {
    raw.destroy();
    source.destroy();
  }
  options.onProgress?.({ rows, fraction: 1 });
  return rows;
}

/**
 * Checks a header against the expected column names (case-insensitive, trimmed), with a
 * hint when the file looks like it uses another delimiter. Throws EngineError `invalid`.
 */
export function requireHeader(fields: string[], expected: readonly string[], what: string): void {
  const got = fields.map((f) => f.trim().toLowerCase());
  const want = expected.map((f) => f.toLowerCase());
  if (got.length === want.length && got.every((f, i) => f === want[i])) return;
  const only = fields.length === 1 ? (fields[0] ?? '') : '';
  const hint = /[;\t|]/.test(only) ? ` — it looks like the file uses "${only.match(/[;\t|]/)?.[0] === '\t' ? 'tab' : only.match(/[;\t|]/)?.[0]}" as delimiter; a ${what} is comma-separated` : '';
  throw new EngineError('invalid', `row 1: not a ${what} header: expected ${expected.join(',')}, got ${fields.join(',').slice(0, 200)}${hint}`);
}
