/** Which frames the shell trusts (Electron's checklist item 17), and the navigation rule. */
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl } from '../../main/shell/protocol';
import { isTrustedSender } from '../../main/shell/sender';
import { frameAt } from './stand-ins';

describe('shell: isTrustedSender', () => {
  it('trusts our main frame on any page of app://valhalla', () => {
    expect(isTrustedSender(frameAt('app://valhalla/index.html'))).toBe(true);
    expect(isTrustedSender(frameAt('app://valhalla/'))).toBe(true);
    expect(isTrustedSender(frameAt('app://valhalla/decisions?x=1#y'))).toBe(true);
  });

  it('refuses subframes, other origins, unparsable URLs and missing frames', () => {
    const main = frameAt(`${APP_ORIGIN}/index.html`);
    expect(isTrustedSender(frameAt(`${APP_ORIGIN}/index.html`, main))).toBe(false);
    expect(isTrustedSender(frameAt('https://valhalla/index.html'))).toBe(false);
    expect(isTrustedSender(frameAt('app://valhalla:8080/index.html'))).toBe(false);
    expect(isTrustedSender(frameAt('app://user@valhalla.evil/index.html'))).toBe(false);
    expect(isTrustedSender(frameAt('about:blank'))).toBe(false);
    expect(isTrustedSender(frameAt('not a url'))).toBe(false);
    expect(isTrustedSender(frameAt(''))).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('shell: isAppUrl (navigation allowed only within our origin)', () => {
  it('allows our own pages and refuses everything else', () => {
    expect(isAppUrl('app://valhalla/settings')).toBe(true);
    for (const url of ['https://example.com/', 'app://valhalla.example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'http://127.0.0.1:8080/']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});
