/** The window's preferences and menu, held to Electron's security checklist. */
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../main/shell/menu';
import { secureWebPreferences } from '../../main/shell/web-preferences';

describe('shell: secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/dist/main/preload.cjs', true);

  it('isolates, sandboxes and keeps Node out of every renderer, frame and worker (items 2–4)', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on, insecure content, experimental and Blink features off, and no <webview> (items 6, 8–12)', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('loads only our bundled preload, and offers developer tools only outside a packaged app', () => {
    expect(prefs.preload).toBe('/app/dist/main/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', false).devTools).toBe(true);
  });
});

describe('shell: menuTemplate', () => {
  const roles = (template: ReturnType<typeof menuTemplate>): string[] =>
    template.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? item.submenu.map((s) => s.role ?? '') : [])]);

  it('uses standard roles only: no item carries code of ours', () => {
    for (const item of menuTemplate('linux', false)) {
      expect(item.click).toBeUndefined();
      for (const sub of Array.isArray(item.submenu) ? item.submenu : []) expect(sub.click).toBeUndefined();
    }
  });

  it('offers developer tools in development only', () => {
    expect(roles(menuTemplate('linux', false))).toContain('toggleDevTools');
    expect(roles(menuTemplate('linux', true))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('darwin', true))).toContain('appMenu');
  });
});
