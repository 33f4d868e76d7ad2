/**
 * Zip files for bundles and backups, streamed both ways: `yazl` writes (one entry at a time,
 * each created only when the writer reaches it, so memory does not grow with the data) and
 * `yauzl` reads (random access through the central directory, entries as streams). Every
 * entry written is hashed (SHA-256) on its way in, for the manifest.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** A file of a zip as recorded in a manifest: name, SHA-256 (hex) and size in bytes. */
export interface ZipEntryDigest {
  name: string;
  sha256: string;
  size: number;
}

export interface ZipWriter {
  /**
   * Adds an entry whose stream `open` makes when the writer reaches it. `compress: false`
   * for data that is already compressed (PDF, JPEG, zip).
   */
  addLazy(name: string, open: () => Readable, options?: { compress?: boolean; compressionLevel?: number }): void;
  addBuffer(name: string, data: Buffer, options?: { compress?: boolean }): void;
  /** Resolves once every entry added so far has been read whole, with their digests in order. */
  digests(): Promise<ZipEntryDigest[]>;
  /** Ends the zip and resolves when the file is flushed and closed, with its SHA-256 and size. */
  finish(): Promise<{ sha256: string; size: number }>;
  /** Stops writing and removes the file (after an error). */
  abort(): Promise<void>;
}

/** A pass-through that hashes and counts what flows through it. */
function digestingStream(onDone: (sha256: string, size: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      onDone(hash.digest('hex'), size);
      done();
    },
  });
}

/**
 * Starts writing a zip to `path` (the caller renames it into place when complete). `mtime`
 * stamps every entry, so two bundles of the same data differ only where the data does.
 */
export function createZipWriter(path: string, mtime: Date): ZipWriter {
  const zip = new yazl.ZipFile();
  const pending: Promise<ZipEntryDigest>[] = [];
  let failure: unknown = null;
  const out = createWriteStream(path);
  const whole = createHash('sha256');
  let wholeSize = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, done) {
      whole.update(chunk);
      wholeSize += chunk.length;
      done(null, chunk);
    },
  });
  const written = pipeline(zip.outputStream as Readable, meter, out).catch((error: unknown) => {
    failure ??= error;
    throw error;
  });
  // keep an early failure from being unhandled until finish() awaits it
  written.catch(() => undefined);

  const add = (name: string, options: { compress: boolean; compressionLevel?: number }, make: () => Readable) => {
    pending.push(
      new Promise<ZipEntryDigest>((resolve, reject) => {
        zip.addReadStreamLazy(name, { ...options, mtime }, (cb) => {
          try {
            const source = make();
            const digest = digestingStream((sha256, size) => resolve({ name, sha256, size }));
            source.on('error', (error) => {
              failure ??= error;
              digest.destroy(error);
              reject(error);
            });
            cb(null, source.pipe(digest));
          } catch (error) {
            failure ??= error;
            reject(error);
            cb(error, undefined as unknown as Readable);
          }
        });
      }),
    );
    pending[pending.length - 1]!.catch(() => undefined);
  };

  return {
    addLazy: (name, open, options) => add(name, { compress: options?.compress ?? true, ...(options?.compressionLevel !== undefined ? { compressionLevel: options.compressionLevel } : {}) }, open),
    addBuffer(name, data, options) {
      zip.addBuffer(data, name, { compress: options?.compress ?? true, mtime });
      pending.push(Promise.resolve({ name, sha256: createHash('sha256').update(data).digest('hex'), size: data.length }));
    },
    async digests() {
      // a failed write (a full disk) stops the zip from reading its entries: fail with it
      // rather than wait for entries that will never be read
      const never = new Promise<never>(() => undefined);
      const all = await Promise.race([Promise.all(pending), written.then(() => never)]);
      if (failure) throw failure;
      return all;
    },
    async finish() {
      zip.end();
      await written;
      if (failure) throw failure;
      return { sha256: whole.digest('hex'), size: wholeSize };
    },
    async abort() {
      (zip.outputStream as Readable).unpipe?.();
      out.destroy();
      await new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
      rmSync(path, { force: true });
    },
  };
}

/** A zip opened for reading: its entries by name, each readable as a stream. */
export interface ZipReader {
  /** Entry names in the order of the central directory. */
  readonly names: string[];
  /** Uncompressed size of an entry, in bytes. */
  size(name: string): number;
  /** The entry as a stream; sizes are validated while reading (a mismatch errors). */
  open(name: string): Promise<Readable>;
  /** The whole entry, for small ones (a manifest). Throws when it is over `maxBytes`. */
  readAll(name: string, maxBytes: number): Promise<Buffer>;
  close(): void;
}

/**
 * Opens the zip at `path` and reads its central directory. Rejects (yauzl's message) for a
 * file that is not a zip or is cut short.
 */
export async function openZip(path: string): Promise<ZipReader> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  });
  const entryOf = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`no entry ${name}`);
    return entry;
  };
  const reader: ZipReader = {
    names: [...entries.keys()],
    size: (name) => entryOf(name).uncompressedSize,
    open: (name) => zip.openReadStreamPromise(entryOf(name)),
    async readAll(name, maxBytes) {
      if (reader.size(name) > maxBytes) throw new Error(`${name} is larger than ${maxBytes} bytes`);
      const chunks: Buffer[] = [];
      for await (const chunk of await reader.open(name)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    close: () => zip.close(),
  };
  return reader;
}

/** SHA-256 and size of a stream's bytes. */
export async function digestStream(source: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
