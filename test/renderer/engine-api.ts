/**
 * The console's API straight onto a REAL engine, for component tests: queries and
 * dispatches go to the engine (no transport), `db.changed` and job progress come from it,
 * and a staged file goes into the engine's own file store, as the hosts stage it.
 */
import { Readable } from 'node:stream';
import type { Engine } from '../../main/engine/types';
import type { ValhallaApi } from '../../shared/contract';

/** A File's bytes (jsdom's File has no arrayBuffer(): read through FileReader there). */
function bytesOf(file: File): Promise<Buffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => Buffer.from(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(Buffer.from(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** The API over `engine` (see the module's note). */
export function engineApi(engine: Engine): ValhallaApi {
  return {
    query: (name, params) => engine.queryAsync(name, params),
    dispatch: (name, params, mode) => engine.dispatchAsync(name, params, mode),
    on: (name, listener) => engine.on(name, listener),
    stageFile: async (file: File) => {
      const bytes = await bytesOf(file);
      const staged = await engine.files.putStream(Readable.from([bytes]), file.name);
      return { ok: true, value: { sha256: staged.sha256, size: bytes.length, name: file.name } };
    },
  } as ValhallaApi;
}
