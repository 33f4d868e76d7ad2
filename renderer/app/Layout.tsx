/** The frame: left navigation, top bar with governance badges, banners, and the current screen. */
import { Suspense, useEffect, useRef, useState } from 'react';
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
import { settingsSelectors } from '../features/settings/slice';
import { useAppStore } from '../store/context';
import { Loading } from '../ui/States';
import { ErrorBoundary } from './ErrorBoundary';
import { NoticeBar } from './NoticeBar';
import { SCREENS } from './routes';
import { ShortcutsOverlay } from './Shortcuts';

/** Navigation and the screen of the current route. */
export function Layout() {
  const { chosen, navigate, closeItem, role, household } = useAppStore(
    useShallow((s) => ({
      chosen: s.route,
      navigate: s.navigate,
      closeItem: s.closeItem,
      role: governanceSelectors.currentOperator(s)?.role,
      household: settingsSelectors.settings(s)?.householdName ?? null,
    })),
  );
  const routes = navigationSelectors.routesFor(role);
  const route = navigationSelectors.effectiveRoute(chosen, role);
  const main = useRef<HTMLElement>(null);
  const nav = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);
  // Below 900 px the navigation is a drawer opened from the top bar's Menu button.
  const [navOpen, setNavOpen] = useState(false);

  useEffect(() => {
    if (!navOpen) return;
    // The drawer takes focus on its current link; Escape closes it and returns focus to the Menu button.
    nav.current?.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setNavOpen(false);
      menuButton.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);

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
    <div className={navOpen ? 'app nav-open' : 'app'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {navOpen && <button type="button" className="nav-backdrop" aria-label="Close the menu" tabIndex={-1} onClick={() => setNavOpen(false)} />}
      <nav className="nav" id="main-nav" aria-label="Main" ref={nav}>
        <div className="nav-head">
          <div className="nav-brand">
            Valhalla Console
            <small>{household ?? 'Operator console'}</small>
          </div>
          <button
            type="button"
            className="btn btn-small nav-close"
            onClick={() => {
              setNavOpen(false);
              menuButton.current?.focus();
            }}
          >
            Close
          </button>
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
                  setNavOpen(false);
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
          <button
            type="button"
            className="btn menu-button"
            ref={menuButton}
            aria-expanded={navOpen}
            aria-controls="main-nav"
            onClick={() => setNavOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
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
      <ShortcutsOverlay route={route} label={routes.find((r) => r.id === route)?.label ?? 'this screen'} />
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
