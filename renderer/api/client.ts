/**
 * THE typed client: `ValhallaApi` over whichever transport this window has — the Electron
 * preload when `window.valhalla` exists, else the browser-mode WebSocket bridge. The
 * rest of the renderer sees call names from the contract, never a channel string.
 */
import type { ActionName, DispatchMode, Dispatched, EventName, EventPayload, QueryName, QueryOutput, Result, ValhallaApi } from '../../shared/contract';
import { preloadTransport } from './preload';
import { takeToken } from './token';
import type { ConnectionStatus, Transport } from './transport';
import { createWsBridge, type SocketLike } from './ws-bridge';

/** The client plus the state of its connection (for the "disconnected" banner). */
export interface ApiClient {
  api: ValhallaApi;
  connection: Pick<Transport, 'status' | 'onStatus'>;
  /** Why no transport could be set up (browser mode without a token), else `null`. */
  problem: string | null;
}

/** Types an untyped transport with the contract. */
export function apiFromTransport(transport: Transport): ValhallaApi {
  return {
    query<K extends QueryName>(name: K, params: unknown) {
      return transport.call('query', name, params) as Promise<Result<QueryOutput<K>>>;
    },
    dispatch<K extends ActionName>(name: K, params: unknown, mode: DispatchMode) {
      return transport.call('dispatch', name, params, mode) as Promise<Result<Dispatched<K>>>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) {
      return transport.on(name, (payload) => listener(payload as EventPayload<K>));
    },
    stageFile(file: File) {
      return transport.stageFile(file);
    },
  };
}

const NO_TOKEN =
  'No access token. Open the console from the address printed by the browser-mode host (it ends in #token=…).';

/** A transport that answers every call with an error: browser mode opened without a token. */
function deadTransport(message: string): Transport {
  return {
    call: async () => ({ ok: false, error: { code: 'forbidden', message } }),
    stageFile: async () => ({ ok: false, error: { code: 'forbidden', message } }),
    on: () => () => undefined,
    status: (): ConnectionStatus => 'closed',
    onStatus: () => () => undefined,
  };
}

/** Picks the transport for this window: preload in Electron, else the WebSocket bridge. */
export function createApiClient(win: Window = window): ApiClient {
  if (win.valhalla) {
    const transport = preloadTransport(win.valhalla);
    return { api: apiFromTransport(transport), connection: transport, problem: null };
  }
  const token = takeToken({ location: win.location, storage: win.sessionStorage, history: win.history });
  if (!token) {
    const transport = deadTransport(NO_TOKEN);
    return { api: apiFromTransport(transport), connection: transport, problem: NO_TOKEN };
  }
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWsBridge({
    url: `${scheme}://${win.location.host}/ws?token=${encodeURIComponent(token)}`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    // Same origin: the browser sends `Origin` with the POST, which the host requires.
    files: { url: '/files', token },
  });
  return { api: apiFromTransport(transport), connection: transport, problem: null };
}
