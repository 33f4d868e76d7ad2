/**
 * Reading CSV files for imports: gzip or plain, strictly UTF-8, parsed by `csv-parse`
 * (RFC 4180 quoting), with errors that name the row and the problem.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { EngineError } from '../../../../shared/contract';

export interface CsvProgress {
  rows: number;
  /** Fraction of the file (as stored: compressed bytes for gzip) read so far, 0..1. */
  fraction: number;
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

/** The first line of a (possibly gzipped) file, from its first 64 KiB. */
function firstLine(path: string): string {
  const buffer = Buffer.alloc(65_536);
  const handle = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(handle, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(handle);
  }
  let bytes = buffer.subarray(0, length);
  if (isGzip(path)) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
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
    default:
      return new EngineError('invalid', `${line}${e.message}`);
  }
}

/**
 * Reads the records of a CSV file (gzip detected by its magic bytes), calling `onRow` for
 * each with its 1-based row number; row 1 is the header. (Rows, not lines: a quoted field
 * may hold a line break; csv-parse's own errors name the line.) Throws EngineError `invalid` for broken quoting,
 * ragged rows (naming the line), corrupt gzip, or bytes that are not UTF-8; an error
 * thrown by `onRow` stops the read and is rethrown. `onProgress` every 10,000 rows.
 */
export async function forEachCsvRow(
  path: string,
  onRow: (fields: string[], row: number) => void,
  options: { delimiter?: string; onProgress?: (p: CsvProgress) => void } = {},
): Promise<number> {
  const size = statSync(path).size || 1;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let consumed = 0;
  raw.on('data', (chunk) => {
    consumed += chunk.length;
  });
  const source: Readable = isGzip(path) ? raw.pipe(createGunzip()) : raw;
  const guard = utf8Guard();
  const parser = source.pipe(guard).pipe(parse({ bom: true, delimiter: options.delimiter ?? ',', skip_empty_lines: true }));
  // pipe() does not forward errors: an upstream failure must end the parser's iteration
  for (const s of [raw, source, guard]) s.on('error', (error: Error) => parser.destroy(error));
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
    if (rows === 0) onRow(firstLine(path).split(options.delimiter ?? ','), 1);
    throw csvError(error);
  } finally {
    raw.destroy();
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
