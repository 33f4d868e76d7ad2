/**
 * Staging a file the user picked or dropped in the Electron window (`CHANNELS.stage`): the
 * preload turns the page's `File` into its path on disk (`webUtils.getPathForFile`), and
 * main copies that file into the engine's content-addressed store. Electron-free, so tests
 * run it in Node. Why a path from the renderer is acceptable, and what is refused: SECURITY.md.
 */
import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, sep } from 'node:path';
import { EngineError, fail, ok, type Result, type StagedFile } from '../../shared/contract';
import { DEFAULT_MAX_FILE_BYTES } from '../engine/files/store';
import type { Engine, Logger } from '../engine/types';

/** Longest path accepted from the renderer (PATH_MAX on Linux). */
export const MAX_PATH_LENGTH = 4096;

/**
 * Pseudo-filesystems whose "regular files" are views of processes and the kernel (for
 * example `/proc/self/environ`, which reports size 0 and holds main's environment): never
 * a user's document, so refused after resolving symlinks.
 */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

function under(root: string, path: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/**
 * Why a path sent by the renderer is refused before the file system is touched, or `null`:
 * it must be a non-empty absolute path string of at most {@link MAX_PATH_LENGTH} characters
 * without NUL bytes, and not a UNC or device path (`\\server\share`, `//server/share`,
 * `\\?\…`, `\\.\…`), so reading it can never reach another machine.
 */
export function refuseStagePath(path: unknown): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'the path must be a non-empty string';
  if (path.length > MAX_PATH_LENGTH) return 'the path is too long';
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (/^[\\/]{2}/.test(path)) return 'network and device paths are not accepted';
  if (!isAbsolute(path)) return 'the path must be absolute';
  return null;
}

/**
 * Copies the file at `path` (sent by the preload, checked here again) into `engine.files`
 * and answers the envelope: `{ sha256, size, name }` with `name` the file's own name, or
 * `invalid` (not an absolute path, a pseudo-filesystem, not a regular file, larger than
 * `maxBytes`), `not_found` (nothing there), `internal` (anything else; the details are
 * logged, not sent). Every refusal is logged. Never throws.
 */
export async function stageFromPath(
  engine: Engine,
  log: Logger,
  path: unknown,
  maxBytes: number = DEFAULT_MAX_FILE_BYTES,
): Promise<Result<StagedFile>> {
  const refused = refuseStagePath(path);
  if (refused !== null) {
    log.warn('stage: path refused', { reason: refused, path: typeof path === 'string' ? path.slice(0, 200) : typeof path });
    return fail('invalid', refused);
  }
  const given = path as string;
  try {
    let real: string;
    try {
      real = await realpath(given);
    } catch {
      throw new EngineError('not_found', `no file at ${given}`);
    }
    if (sep === '/' && PSEUDO_ROOTS.some((root) => under(root, real))) throw new EngineError('invalid', `${given} is not a regular file`);
    const stored = await engine.files.putPath(real, maxBytes);
    log.info('stage: file stored', { sha256: stored.sha256, size: stored.size });
    return ok({ sha256: stored.sha256, size: stored.size, name: basename(given).slice(0, 255) || stored.name });
  } catch (error) {
    if (error instanceof EngineError) {
      log.warn('stage: file refused', { code: error.code, reason: error.message, path: given.slice(0, 200) });
      return fail(error.code, error.message);
    }
    log.error('stage: storing the file failed', { path: given.slice(0, 200), error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return fail('internal', 'The file could not be stored; the details are in the log.');
  }
}
