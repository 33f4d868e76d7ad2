/**
 * The one result envelope that crosses every boundary (IPC, WebSocket, CLI), with the
 * closed union of error codes of DESIGN.md ("One contract, two kinds of call").
 */
export const ERROR_CODES = ['invalid', 'forbidden', 'blocked', 'pending_approval', 'not_found', 'conflict', 'internal'] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field problem of an `invalid` error: `path` as in zod (`['reason']`, `['items', 0, 'qty']`). */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: {
    issues?: FieldIssue[];
    /** The decision record written for a governed action, when one was. */
    decision?: unknown;
    [key: string]: unknown;
  };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: ApiError['details']): Result<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

/**
 * An error carrying an envelope code, thrown by engine code and turned into
 * `{ ok: false, error }` at the boundary. Anything else thrown becomes `internal`.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ApiError['details'],
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
