/**
 * Rewrites a zip entry by entry, for tamper tests: each entry's bytes pass through `edit`,
 * which may return other bytes, or null to drop the entry; `add` appends entries. Real
 * yauzl/yazl, whole entries in memory (test bundles are small).
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { openZip } from '../../main/engine/files/zip';

export async function rewriteZip(source: string, target: string, edit: (name: string, data: Buffer) => Buffer | null = (_n, d) => d, add: Record<string, Buffer> = {}): Promise<void> {
  const zip = await openZip(source);
  const out = new yazl.ZipFile();
  try {
    for (const name of zip.names) {
      const data = edit(name, await zip.readAll(name, 512 * 1024 * 1024));
      if (data) out.addBuffer(data, name);
    }
  } finally {
    zip.close();
  }
  for (const [name, data] of Object.entries(add)) out.addBuffer(data, name);
  out.end();
  await pipeline(out.outputStream as Readable, createWriteStream(target));
}

/** One entry's bytes. */
export async function readEntry(path: string, name: string): Promise<Buffer> {
  const zip = await openZip(path);
  try {
    return await zip.readAll(name, 512 * 1024 * 1024);
  } finally {
    zip.close();
  }
}

/** Entry names of a zip. */
export async function entryNames(path: string): Promise<string[]> {
  const zip = await openZip(path);
  try {
    return zip.names;
  } finally {
    zip.close();
  }
}
