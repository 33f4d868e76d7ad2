/** Connection to the engine (WebSocket in browser mode; always open over Electron IPC). */
import type { ConnectionStatus } from '../../api/transport';
import type { AppState, SliceCreator } from '../../store/types';

export interface ConnectionState {
  connection: ConnectionStatus;
  /** Whether the connection was open at least once (a later `closed` is a drop, not a start). */
  everConnected: boolean;
  /** A setup problem that no reconnect fixes (browser mode without a token), else `null`. */
  connectionProblem: string | null;
}

export interface ConnectionActions {
  setConnection(status: ConnectionStatus): void;
}

export type ConnectionSlice = ConnectionState & ConnectionActions;

export const connectionInitialState: ConnectionState = { connection: 'connecting', everConnected: false, connectionProblem: null };

/** The connection slice; `problem` comes from the client at start. */
export function createConnectionSlice(problem: string | null): SliceCreator<ConnectionSlice> {
  return (set) => ({
    ...connectionInitialState,
    connectionProblem: problem,
    setConnection: (status) => set((s) => ({ connection: status, everConnected: s.everConnected || status === 'open' })),
  });
}

export const connectionSelectors = {
  /** The banner text to show, or `null` when connected (or still making the first connection). */
  banner(s: AppState): string | null {
    if (s.connectionProblem) return s.connectionProblem;
    if (s.connection === 'closed') {
      return s.everConnected
        ? 'Disconnected from the engine. Reconnecting…'
        : 'Cannot reach the engine. Retrying…';
    }
    return null;
  },
};
