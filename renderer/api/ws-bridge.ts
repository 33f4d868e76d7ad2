/**
 * The browser-mode transport: one WebSocket to the host (`main/host`), with the token on
 * the URL. Protocol (kept in step with the host):
 *
 * - client → server `{ id, kind: 'query' | 'dispatch', name, params, mode? }`
 * - server → client `{ id, result }` (the envelope) or `{ event, payload }` (a push)
 *
 * Requests made while the socket is connecting are queued and sent when it opens. When
 * the socket drops it reconnects with exponential backoff. Queries still in flight are
 * sent again after reconnecting (they never write); dispatches in flight are answered
 * with an `internal` error, because resending could run an action twice.
 *
 * Files are not sent over the socket: `stageFile` posts them to the host over HTTP
 * (`stage-http.ts`), streamed by the browser from disk, with the same token.
 */
import { EVENT_NAMES, type DispatchMode, type EventName, type Result } from '../../shared/contract';
import { stageOverHttp, type HttpStageOptions } from './stage-http';
import { isEnvelope, transportFailure, type ConnectionStatus, type Transport } from './transport';

/** The subset of the DOM WebSocket the bridge needs (a fake in tests). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WsBridgeOptions {
  /** `ws://host/ws?token=…` */
  url: string;
  createSocket: (url: string) => SocketLike;
  /** Where and how `stageFile` posts files: `{ url: '/files', token }` in the console. */
  files: HttpStageOptions;
  /** First reconnect delay in ms (doubles per failed attempt). Default 250. */
  initialDelayMs?: number;
  /** Longest reconnect delay in ms. Default 5000. */
  maxDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

interface Request {
  id: number;
  kind: 'query' | 'dispatch';
  name: string;
  params: unknown;
  mode?: DispatchMode;
  resolve: (result: Result<unknown>) => void;
}

const LOST_DISPATCH =
  'The connection to the engine was lost before the answer arrived; the action may or may not have run. Check the decisions explorer.';

/** Creates the WebSocket transport and starts connecting at once. */
export function createWsBridge(options: WsBridgeOptions): Transport & { close(): void } {
  const initialDelay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));

  let socket: SocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let attempts = 0;
  let nextId = 1;
  let closedForGood = false;
  const queue: Request[] = [];
  const inFlight = new Map<number, Request>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function send(request: Request): void {
    const message: Record<string, unknown> = { id: request.id, kind: request.kind, name: request.name, params: request.params };
    if (request.mode !== undefined) message.mode = request.mode;
    inFlight.set(request.id, request);
    socket?.send(JSON.stringify(message));
  }

  function onMessage(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number') {
      const request = inFlight.get(m.id);
      if (!request) return;
      inFlight.delete(m.id);
      request.resolve(isEnvelope(m.result) ? m.result : transportFailure(`Malformed answer to ${request.name}`));
    } else if (typeof m.event === 'string' && (EVENT_NAMES as readonly string[]).includes(m.event)) {
      for (const listener of eventListeners.get(m.event as EventName) ?? []) listener(m.payload);
    }
  }

  function onClose(): void {
    socket = null;
    const pending = [...inFlight.values()].sort((a, b) => a.id - b.id);
    inFlight.clear();
    for (const request of pending) {
      if (request.kind === 'query') queue.push(request);
      else request.resolve(transportFailure(LOST_DISPATCH));
    }
    queue.sort((a, b) => a.id - b.id);
    if (closedForGood) return;
    setStatus('closed');
    const delay = Math.min(maxDelay, initialDelay * 2 ** attempts);
    attempts += 1;
    setTimer(connect, delay);
  }

  function connect(): void {
    if (closedForGood) return;
    if (status !== 'closed' || attempts === 0) setStatus('connecting');
    const current = options.createSocket(options.url);
    socket = current;
    current.onopen = () => {
      attempts = 0;
      setStatus('open');
      for (const request of queue.splice(0)) send(request);
    };
    current.onmessage = (ev) => onMessage(ev.data);
    current.onerror = () => undefined;
    current.onclose = () => {
      if (socket === current) onClose();
    };
  }

  connect();

  return {
    call(kind, name, params, mode) {
      return new Promise((resolve) => {
        const request: Request = { id: nextId++, kind, name, params, resolve };
        if (mode !== undefined) request.mode = mode;
        if (status === 'open' && socket) send(request);
        else queue.push(request);
      });
    },
    on(event, listener) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    stageFile: (file) => stageOverHttp(file, options.files),
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closedForGood = true;
      socket?.close();
      socket = null;
    },
  };
}
