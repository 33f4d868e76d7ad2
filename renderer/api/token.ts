/**
 * The browser-mode access token: the host opens `http://127.0.0.1:PORT/#token=TOKEN`.
 * The token is moved to sessionStorage (it survives a reload of this tab only) and
 * removed from the visible URL, so it is not left in the address bar or history.
 */

const STORAGE_KEY = 'valhalla.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState'>;
}

/**
 * Returns the token from `#token=…` (storing it and cleaning the URL) or the one stored
 * earlier in this tab; `null` when there is none.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(env.location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    env.storage.setItem(STORAGE_KEY, token);
    env.history.replaceState(null, '', `${env.location.pathname}${env.location.search}`);
    return token;
  }
  return env.storage.getItem(STORAGE_KEY);
}
