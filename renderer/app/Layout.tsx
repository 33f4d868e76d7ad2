/** The frame: left navigation, top bar with governance badges, banners, and the current screen. */
import { Suspense, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { connectionSelectors } from '../features/connection/slice';
import { BandBadge, GoLiveBadge, HealthBadge } from '../features/governance/badges';
import { KillSwitchBanner, KillSwitchButton } from '../features/governance/KillSwitch';
import { governanceSelectors } from '../features/governance/slice';
import { QuickEntry } from '../features/inventory/QuickEntry';
import { navigationSelectors } from '../features/navigation/slice';
import { NotificationBell, NotificationPanel } from '../features/notifications/NotificationCentre';
import { OperatorSwitcher } from '../features/operators/OperatorSwitcher';
import { SessionBar } from '../features/sessions/SessionBar';
import { useAppStore } from '../store/context';
import { Loading } from '../ui/States';
import { ErrorBoundary } from './ErrorBoundary';
import { NoticeBar } from './NoticeBar';
import { SCREENS } from './routes';

/** Navigation and the screen of the current route. */
export function Layout() {
  const { chosen, navigate, closeItem, role } = useAppStore(
    useShallow((s) => ({ chosen: s.route, navigate: s.navigate, closeItem: s.closeItem, role: governanceSelectors.currentOperator(s)?.role })),
  );
  const routes = navigationSelectors.routesFor(role);
  const route = navigationSelectors.effectiveRoute(chosen, role);
  const main = useRef<HTMLElement>(null);
  const nav = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // In a narrow window the navigation is one row scrolled sideways: keep the current screen's link in view.
    nav.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [route]);

  useEffect(() => {
    // Move focus to the new screen, so keyboard and screen-reader users land on it.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [route]);

  const Screen = SCREENS[route];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="nav" aria-label="Main" ref={nav}>
        <div className="nav-brand">
          Valhalla Console
          <small>Operator console</small>
        </div>
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="nav-link"
                aria-current={route === r.id ? 'page' : undefined}
                onClick={() => {
                  // the navigation's "Inventory" is the list, even while an item is open
                  if (r.id === 'inventory') closeItem();
                  navigate(r.id);
                }}
              >
                {r.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <div className="top">
        <header className="topbar">
          <div className="topbar-group" aria-label="Governance status" role="group">
            <BandBadge />
            <HealthBadge />
            <GoLiveBadge />
          </div>
          <SessionBar />
          <div className="topbar-group topbar-right">
            <NotificationBell />
            <OperatorSwitcher />
            <KillSwitchButton />
          </div>
        </header>
        <ConnectionBanner />
        <KillSwitchBanner />
        <NotificationPanel />
        </div>
        <main className="content" id="main" ref={main} tabIndex={-1} aria-label={routes.find((r) => r.id === route)?.label}>
          <div className="content-inner">
            <NoticeBar />
            <ErrorBoundary resetKey={route}>
              <Suspense fallback={<Loading label="Opening the screen…" />}>
                <Screen />
              </Suspense>
            </ErrorBoundary>
          </div>
        </main>
      </div>
      <QuickEntry />
    </div>
  );
}

/** The "disconnected" banner (browser mode), shown while the engine cannot be reached. */
export function ConnectionBanner() {
  const text = useAppStore(connectionSelectors.banner);
  if (!text) return null;
  return (
    <div className="banner banner-offline" role="alert">
      <p>{text}</p>
    </div>
  );
}
