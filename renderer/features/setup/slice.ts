/** First-run state: whether onboarding (`setup.initialize`) has been done. */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';

export type SetupStatus = QueryOutput<'setup.status'>;

export interface SetupState {
  setup: Loadable<SetupStatus>;
}

export interface SetupActions {
  loadSetup(): Promise<void>;
}

export type SetupSlice = SetupState & SetupActions;

export const setupInitialState: SetupState = { setup: idle() };

/** The setup slice over `api`. */
export function createSetupSlice(api: ValhallaApi): SliceCreator<SetupSlice> {
  return (set, get) => ({
    ...setupInitialState,
    async loadSetup() {
      set({ setup: loading(get().setup) });
      set({ setup: settled(await api.query('setup.status', {})) });
    },
  });
}

export const setupSelectors = {
  /** `true`/`false` once known; `null` while the first answer is pending or failed. */
  initialized: (s: AppState): boolean | null => s.setup.data?.initialized ?? null,
};
