/**
 * Content-addressed file store (DESIGN.md "Storage"): files live under `<filesDir>/<aa>/<sha256>`,
 * deduplicated by their SHA-256, with metadata in SQLite once an action references them.
 * Putting a file changes no governed state: an unreferenced file is only a cache entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { EngineError } from '../../../shared/contract';
import { sizeText } from '../../../shared/domain/bytes';

/** A file in the store. `size` in bytes; `name` as the user gave it (not trusted for anything). */
export interface StoredFile {
  sha256: string;
  size: number;
  name: string;
}

/** The largest file the store accepts by default: 250 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 250 * 1024 * 1024;

export interface FileStore {
  readonly dir: string;
  /** Streams `source` into the store. Throws EngineError `invalid` past `maxBytes` (nothing kept). */
  putStream(source: Readable, name: string, maxBytes?: number): Promise<StoredFile>;
  /** Copies a file from disk into the store. Throws `not_found` / `invalid` (not a regular file, too big). */
  putPath(path: string, maxBytes?: number): Promise<StoredFile>;
  /** Path of a stored file, or throws EngineError `not_found`. */
  pathOf(sha256: string): string;
  has(sha256: string): boolean;
  /** A read stream of stored file `sha256`; throws EngineError `not_found`. */
  openRead(sha256: string): Readable;
  /** Every stored file's SHA-256 and size (a backup's file list), in no particular order. */
  list(): { sha256: string; size: number }[];
}

/**
 * The largest file read whole into memory as a document to import (a bank statement, a
 * receipts CSV): 32 MiB. A busy account's year as CSV is a few MiB, so a larger file is
 * something else (a video, a database dump) and is refused before it is read.
 */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/**
 * The bytes of stored file `sha256`, read whole, when at most `maxBytes`. Throws EngineError
 * `not_found` (not staged) or `invalid` naming the size, the limit and what `what` is.
 */
export function readDocument(files: Pick<FileStore, 'pathOf'>, sha256: string, what: string, maxBytes = MAX_DOCUMENT_BYTES): Buffer {
  const path = files.pathOf(sha256);
  const size = statSync(path).size;
  if (size > maxBytes) throw new EngineError('invalid', `the file is ${sizeText(size)}: a ${what} is at most ${sizeText(maxBytes)}; export a shorter period`);
  return readFileSync(path);
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A store rooted at `dir` (created on the first put). */
export function createFileStore(dir: string): FileStore {
  const location = (sha: string) => join(dir, sha.slice(0, 2), sha);

  const store: FileStore = {
    dir,
    async putStream(source, name, maxBytes = DEFAULT_MAX_FILE_BYTES) {
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `.incoming-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new EngineError('invalid', `file is larger than the limit of ${sizeText(maxBytes)}`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const sink = createWriteStream(tmp);
      try {
        await pipeline(source, meter, sink);
      } catch (error) {
        // the write stream may still be opening its file: remove it only once closed
        if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
        rmSync(tmp, { force: true });
        throw error;
      }
      const sha256 = hash.digest('hex');
      const target = location(sha256);
      if (existsSync(target)) rmSync(tmp, { force: true });
      else {
        mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
        renameSync(tmp, target);
      }
      return { sha256, size, name: basename(name).slice(0, 255) || 'file' };
    },
    async putPath(path, maxBytes = DEFAULT_MAX_FILE_BYTES) {
      let stat;
      try {
        stat = statSync(path);
      } catch {
        throw new EngineError('not_found', `no file at ${path}`);
      }
      if (!stat.isFile()) throw new EngineError('invalid', `${path} is not a regular file`);
      if (stat.size > maxBytes) throw new EngineError('invalid', `file is larger than the limit of ${sizeText(maxBytes)}`);
      const source = createReadStream(path);
      try {
        return await store.putStream(source, basename(path), maxBytes);
      } finally {
        source.destroy();
      }
    },
    pathOf(sha256) {
      if (!SHA256.test(sha256) || !existsSync(location(sha256))) throw new EngineError('not_found', `no stored file ${sha256.slice(0, 80)}`);
      return location(sha256);
    },
    has(sha256) {
      return SHA256.test(sha256) && existsSync(location(sha256));
    },
    openRead(sha256) {
      return createReadStream(store.pathOf(sha256));
    },
    list() {
      if (!existsSync(dir)) return [];
      const out: { sha256: string; size: number }[] = [];
      for (const prefix of readdirSync(dir)) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
        for (const name of readdirSync(join(dir, prefix))) {
          if (SHA256.test(name)) out.push({ sha256: name, size: statSync(join(dir, prefix, name)).size });
        }
      }
      return out;
    },
  };
  return store;
}
