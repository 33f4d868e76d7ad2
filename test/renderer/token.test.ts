import { describe, expect, it } from 'vitest';
import { takeToken } from '../../renderer/api/token';

function env(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>();
  if (stored) storage.set('valhalla.token', stored);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    env: {
      location: { hash, pathname: '/', search: '' },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      history: { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    },
  };
}

describe('browser-mode token', () => {
  it('takes the token from #token=…, keeps it in sessionStorage and removes it from the URL', () => {
    const e = env('#token=abc-DEF_123');
    expect(takeToken(e.env)).toBe('abc-DEF_123');
    expect(e.storage.get('valhalla.token')).toBe('abc-DEF_123');
    expect(e.replaced).toEqual(['/']);
  });

  it('falls back to the token stored earlier in this tab (a reload)', () => {
    const e = env('', 'stored');
    expect(takeToken(e.env)).toBe('stored');
    expect(e.replaced).toEqual([]);
  });

  it('prefers a new token in the URL over a stored one', () => {
    expect(takeToken(env('#token=new', 'old').env)).toBe('new');
  });

  it('returns null when there is none', () => {
    expect(takeToken(env('#other=1').env)).toBeNull();
  });
});
