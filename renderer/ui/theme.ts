/**
 * Light and dark themes. The stylesheet keys its palette on `<html data-theme="light|dark">`;
 * this module sets that attribute from the operator's preference: `system` follows the
 * operating system's `prefers-color-scheme` (and changes with it), `light` and `dark` hold.
 *
 * The preference is a household setting (Settings screen, a governed action); it is also
 * cached in localStorage under `valhalla.theme` so the first paint, before the engine
 * answers, is already in the right theme.
 */

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'valhalla.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Whether `value` is a theme preference (`system`, `light` or `dark`). */
export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value);
}

/** The theme shown for `preference` when the system prefers dark (`systemDark`) or not. */
export function resolveTheme(preference: ThemePreference, systemDark: boolean): Theme {
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}

let stopFollowing: (() => void) | null = null;

/**
 * Shows `preference` now and, for `system`, follows the system's changes until the next call.
 * Caches the preference for the next start. Returns the theme shown.
 */
export function applyTheme(preference: ThemePreference, win: Window = window): Theme {
  stopFollowing?.();
  stopFollowing = null;
  const media = typeof win.matchMedia === 'function' ? win.matchMedia(DARK_QUERY) : null;
  const show = () => {
    const theme = resolveTheme(preference, media?.matches ?? false);
    win.document.documentElement.dataset.theme = theme;
    return theme;
  };
  if (preference === 'system' && media) {
    const onChange = () => show();
    media.addEventListener('change', onChange);
    stopFollowing = () => media.removeEventListener('change', onChange);
  }
  try {
    win.localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Storage can be unavailable (a locked-down profile); the theme still shows, it is only not cached.
  }
  return show();
}

/** The cached preference from the last run (`system` when none or unreadable). */
export function cachedThemePreference(win: Window = window): ThemePreference {
  try {
    const value = win.localStorage.getItem(STORAGE_KEY);
    return isThemePreference(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

/** The theme shown now (`light` unless `data-theme` says `dark`). */
export function currentTheme(doc: Document = document): Theme {
  return doc.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/**
 * Resolves a colour for a canvas (which cannot read CSS variables): `var(--name)` becomes the
 * variable's current value on `<html>`; any other colour is returned as given.
 */
export function resolveColour(colour: string, doc: Document = document): string {
  const name = /^var\((--[\w-]+)\)$/.exec(colour.trim())?.[1];
  if (!name) return colour;
  const value = doc.defaultView?.getComputedStyle(doc.documentElement).getPropertyValue(name).trim();
  return value || colour;
}

/** Calls `listener` with the new theme whenever `data-theme` changes; returns the unsubscribe. */
export function onThemeChange(listener: (theme: Theme) => void, doc: Document = document): () => void {
  const View = doc.defaultView;
  if (!View || typeof View.MutationObserver === 'undefined') return () => {};
  const observer = new View.MutationObserver(() => listener(currentTheme(doc)));
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
