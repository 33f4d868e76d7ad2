/**
 * The transport-neutral edge of the engine, shared by the browser-mode WebSocket host and
 * the Electron shell's IPC handlers: one place that checks a call against the contract's
 * names before the engine sees it, turns anything thrown into an `internal` envelope, and
 * fans engine events out to a transport.
 */
import { ACTION_NAMES, EVENT_NAMES, QUERY_NAMES, fail, type EventName, type Result } from '../../shared/contract';
import type { Engine, Logger } from '../engine/types';

const QUERIES: ReadonlySet<string> = new Set(QUERY_NAMES);
const ACTIONS: ReadonlySet<string> = new Set(ACTION_NAMES);
const MODES: ReadonlySet<unknown> = new Set(['plan', 'execute']);

/** A push to the renderer: `{ event, payload }`, the same shape on IPC and on the WebSocket. */
export interface EventMessage {
  event: EventName;
  payload: unknown;
}

/** A logger that drops everything: the default where a caller injects none. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Why a call is refused before it reaches the engine, or `null` when its shape is right:
 * `kind` is `'query'` or `'dispatch'`, `name` is one of the contract's names of that kind,
 * and a dispatch has `mode` `'plan'` or `'execute'`. Params are left to the engine, which
 * validates them with the contract's schemas.
 */
export function refuseCall(kind: unknown, name: unknown, mode: unknown): string | null {
  if (kind !== 'query' && kind !== 'dispatch') return 'kind must be "query" or "dispatch"';
  if (typeof name !== 'string') return 'name must be a string';
  if (kind === 'query' && !QUERIES.has(name)) return `unknown query: ${name.slice(0, 100)}`;
  if (kind === 'dispatch' && !ACTIONS.has(name)) return `unknown action: ${name.slice(0, 100)}`;
  if (kind === 'dispatch' && !MODES.has(mode)) return 'mode must be "plan" or "execute"';
  return null;
}

/**
 * Calls the engine for a transport. Returns the engine's envelope, `invalid` when
 * {@link refuseCall} refuses the call (logged as a warning), or `internal` when the engine
 * throws (logged with the error; the message sent back names no internals). Never throws.
 */
export async function callEngine(
  engine: Engine,
  log: Logger,
  kind: unknown,
  name: unknown,
  params: unknown,
  mode?: unknown,
): Promise<Result<unknown>> {
  const refused = refuseCall(kind, name, mode);
  if (refused !== null) {
    log.warn('call refused before the engine', { reason: refused });
    return fail('invalid', refused);
  }
  try {
    return await engine.call(kind as 'query' | 'dispatch', name as string, params, kind === 'dispatch' ? mode : undefined);
  } catch (error) {
    log.error('engine threw', { kind, name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return fail('internal', 'The engine failed unexpectedly; the details are in the log.');
  }
}

/**
 * Subscribes `send` to every event of the contract (`EVENT_NAMES`); a `send` that throws
 * is logged and does not stop other listeners. Returns the function that unsubscribes all.
 */
export function forwardEvents(engine: Engine, log: Logger, send: (message: EventMessage) => void): () => void {
  const unsubscribers = EVENT_NAMES.map((event) =>
    engine.on(event, (payload: unknown) => {
      try {
        send({ event, payload });
      } catch (error) {
        log.error('event forwarding failed', { event, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
