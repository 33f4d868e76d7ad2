/**
 * The root: provides the store, loads first-run status and governance state, then shows
 * onboarding (first run) or the console frame.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Onboarding } from '../features/setup/Onboarding';
import { setupSelectors } from '../features/setup/slice';
import { StoreProvider, useAppStore } from '../store/context';
import type { AppStore } from '../store/index';
import { Button } from '../ui/Button';
import { ErrorMessage, Loading } from '../ui/States';
import { ErrorBoundary } from './ErrorBoundary';
import { ConnectionBanner, Layout } from './Layout';

/** The whole console over `store`. */
export function App({ store }: { store: AppStore }) {
  return (
    <StoreProvider store={store}>
      <ErrorBoundary>
        <Root />
      </ErrorBoundary>
    </StoreProvider>
  );
}

function Root() {
  const { initialized, setup, refresh } = useAppStore(useShallow((s) => ({ initialized: setupSelectors.initialized(s), setup: s.setup, refresh: s.refresh })));
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (initialized === null) {
    return (
      <>
        <ConnectionBanner />
        <div className="onboarding">
          {setup.status === 'error' ? (
            <ErrorMessage title="The console could not start">
              <p>{setup.error}</p>
              <p>
                <Button small onClick={() => void refresh()}>
                  Try again
                </Button>
              </p>
            </ErrorMessage>
          ) : (
            <Loading label="Connecting to the engine…" />
          )}
        </div>
      </>
    );
  }
  if (!initialized) {
    return (
      <>
        <ConnectionBanner />
        <Onboarding />
      </>
    );
  }
  return <Shell />;
}

function Shell() {
  const { loadOperators, loadGoLiveDone } = useAppStore(useShallow((s) => ({ loadOperators: s.loadOperators, loadGoLiveDone: s.loadGoLiveDone })));
  useEffect(() => {
    // The top bar's operator switcher needs the list on every screen; whether Go-live has
    // completed decides where "turn execution on" leads.
    void loadOperators();
    void loadGoLiveDone();
  }, [loadOperators, loadGoLiveDone]);
  return <Layout />;
}
