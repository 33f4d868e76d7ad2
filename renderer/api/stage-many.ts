/**
 * Stages many picked files (a folder of receipts, several attachments) with a few uploads in
 * flight at once instead of one after another: in browser mode each file is its own
 * `POST /files` (stage-http.ts), and waiting for each answer before sending the next left
 * the host idle between them. The pool is p-limit's.
 */
import pLimit from 'p-limit';
import type { ApiError, Result, StagedFile } from '../../shared/contract';

/**
 * Uploads in flight at once: under the six connections per host a browser opens over
 * HTTP/1.1, so staging never queues the console's other requests behind it.
 */
export const STAGE_CONCURRENCY = 4;
/** The least time between two progress reports, in milliseconds (each one re-renders the form). */
export const STAGE_PROGRESS_MS = 100;

export interface StageManyOptions {
  /** Uploads in flight at once (default STAGE_CONCURRENCY). */
  concurrency?: number;
  /** Files staged so far, at most every STAGE_PROGRESS_MS and once at the end. */
  onProgress?(staged: number): void;
  /** The clock progress is throttled by, in milliseconds (default `performance.now`). */
  now?(): number;
}

/** Every file staged, in the order given; or the first file that failed, with its error. */
export type StageManyResult = { ok: true; staged: StagedFile[] } | { ok: false; file: File; error: ApiError };

/**
 * Stages `files` through `stage` (the API's `stageFile`), `concurrency` at a time. On the
 * first failure no further upload starts (those already sent finish; their files stay in
 * the content-addressed store, unreferenced, as a single failed upload's would) and that
 * failure is returned. Staging changes no governed state, so stopping part way loses
 * nothing. Never rejects: a throwing `stage` counts as an `internal` failure of its file.
 */
export async function stageMany(stage: (file: File) => Promise<Result<StagedFile>>, files: readonly File[], options: StageManyOptions = {}): Promise<StageManyResult> {
  const limit = pLimit(options.concurrency ?? STAGE_CONCURRENCY);
  const now = options.now ?? (() => performance.now());
  const staged: (StagedFile | undefined)[] = new Array<StagedFile | undefined>(files.length);
  let done = 0;
  let reportedAt = -Infinity;
  let failure: { file: File; error: ApiError } | null = null;
  await Promise.all(
    files.map((file, index) =>
      limit(async () => {
        if (failure) return;
        let result: Result<StagedFile>;
        try {
          result = await stage(file);
        } catch (error) {
          result = { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
        }
        if (!result.ok) {
          // the uploads still queued see it and return at once
          failure ??= { file, error: result.error };
          return;
        }
        staged[index] = result.value;
        done += 1;
        if (options.onProgress && now() - reportedAt >= STAGE_PROGRESS_MS) {
          reportedAt = now();
          options.onProgress(done);
        }
      }),
    ),
  );
  if (failure) return { ok: false, ...(failure as { file: File; error: ApiError }) };
  options.onProgress?.(done);
  return { ok: true, staged: staged as StagedFile[] };
}
