/**
 * The Settings actions on the real engine: every field changes through `settings.update` or
 * `settings.setCurrencyAndTimeZone`, each change is one audit event with before and after;
 * bad input to each field (an unknown locale, a bad zone, a bad theme, a too-long name, an
 * unknown key) is refused with nothing changed and an INVALID decision; only an owner
 * changes the currency or time zone; the currency is refused once money has been recorded.
 */
import { describe, expect, it } from 'vitest';
import type { ActionName, Decision } from '../../shared/contract';
import type { Engine } from '../../main/engine/types';
import { liveEngine, must, openEngine } from '../helpers/engine';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

function refusal(result: Envelope) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** The stored settings and the audit chain's length: what a refused action must leave as it was. */
function snapshot(engine: Engine) {
  const { appVersion: _v, dataFolder: _d, currencyChange: _c, ...settings } = must(engine.query('settings.get', {}));
  return { settings, events: must(engine.query('audit.list', { entity: 'setting', limit: 200 })).items.length };
}

/** The audit events `setting/<name>` of one decision, as { name: [before, after] }. */
function settingEvents(engine: Engine, decisionId: string): Record<string, [unknown, unknown]> {
  const items = must(engine.query('audit.list', { decisionId, limit: 50 })).items.filter((e) => e.entity === 'setting');
  return Object.fromEntries(items.map((e) => [e.entityId, [e.before, e.after]]));
}

/** Dispatches `name` with bad `params`; asserts it was refused as invalid, recorded as an INVALID decision, and changed nothing. Returns the field issues. */
function expectRefusedInvalid(engine: Engine, name: ActionName, params: unknown): { path: (string | number)[]; message: string }[] {
  const before = snapshot(engine);
  const error = refusal(engine.dispatch(name, params as never, 'execute'));
  expect(error.code, JSON.stringify(params)).toBe('invalid');
  const decision = error.details?.decision as Decision;
  expect(decision).toMatchObject({ action: name, status: 'INVALID', errorCode: 'invalid' });
  expect(must(engine.query('decisions.get', { id: decision.id })).status).toBe('INVALID');
  expect(snapshot(engine)).toEqual(before);
  return (error.details?.issues ?? []) as { path: (string | number)[]; message: string }[];
}

describe('settings.get', () => {
  it('returns the settings with their defaults, whether the currency may change, the version and the data folder', () => {
    const { engine, dbPath } = liveEngine();
    const got = must(engine.query('settings.get', {}));
    expect(got).toMatchObject({ householdName: null, currency: 'EUR', timeZone: 'Europe/Berlin', locale: null, theme: 'system', backupFolder: null });
    expect(got.currencyChange).toEqual({ allowed: true, reason: null });
    expect(got.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(dbPath.startsWith(got.dataFolder ?? '<none>')).toBe(true);
  });
});

describe('settings.update', () => {
  it('changes the household name, the locale and the theme, one audit event each with before and after', () => {
    const { engine } = liveEngine();
    const done = must(engine.dispatch('settings.update', { householdName: '  The Lindqvists  ', locale: 'de-de', theme: 'dark' }, 'execute'));
    expect(done.decision.status).toBe('OK');
    // trimmed, and the tag canonicalised
    expect(done.result).toMatchObject({ changed: ['householdName', 'locale', 'theme'], settings: { householdName: 'The Lindqvists', locale: 'de-DE', theme: 'dark' } });
    expect(settingEvents(engine, done.decision.id)).toEqual({ householdName: [null, 'The Lindqvists'], locale: [null, 'de-DE'], theme: ['system', 'dark'] });
    expect(must(engine.query('settings.get', {}))).toMatchObject({ householdName: 'The Lindqvists', locale: 'de-DE', theme: 'dark' });

    // one field at a time; null puts the system's locale back and removes the name
    const again = must(engine.dispatch('settings.update', { locale: 'fr-FR', reason: 'we moved to Lyon' }, 'execute'));
    expect(settingEvents(engine, again.decision.id)).toEqual({ locale: ['de-DE', 'fr-FR'] });
    const cleared = must(engine.dispatch('settings.update', { locale: null, householdName: null, theme: 'light' }, 'execute'));
    expect(settingEvents(engine, cleared.decision.id)).toEqual({ locale: ['fr-FR', null], householdName: ['The Lindqvists', null], theme: ['dark', 'light'] });
    expect(must(engine.query('settings.get', {}))).toMatchObject({ householdName: null, locale: null, theme: 'light' });
  });

  it('a value given again is left alone: no audit event, nothing reported changed', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('settings.update', { theme: 'dark' }, 'execute'));
    const same = must(engine.dispatch('settings.update', { theme: 'dark', householdName: 'Home' }, 'execute'));
    expect(same.result.changed).toEqual(['householdName']);
    expect(settingEvents(engine, same.decision.id)).toEqual({ householdName: [null, 'Home'] });
  });

  it('refuses bad input to each field, naming the field, with nothing changed and the decision recorded as INVALID', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('settings.update', { householdName: 'Home', locale: 'en-GB', theme: 'light' }, 'execute'));
    const cases: [unknown, string, RegExp][] = [
      [{ locale: 'xx-YY' }, 'locale', /language tag the console knows/],
      [{ locale: 'not a tag!' }, 'locale', /language tag the console knows/],
      [{ locale: '' }, 'locale', /required/],
      [{ theme: 'sepia' }, 'theme', /System, Light or Dark/],
      [{ householdName: 'x'.repeat(81) }, 'householdName', /at most 80 characters/],
      [{ householdName: '   ' }, 'householdName', /required/],
      [{ reason: 'no' , theme: 'dark' }, 'reason', /at least 3 characters/],
    ];
    for (const [params, field, message] of cases) {
      const issues = expectRefusedInvalid(engine, 'settings.update', params);
      expect(issues.find((i) => i.path.join('.') === field)?.message, JSON.stringify(params)).toMatch(message);
    }
    // an unknown key: strict params, the key named
    const unknown = expectRefusedInvalid(engine, 'settings.update', { theme: 'dark', fontSize: 14 });
    expect(JSON.stringify(unknown)).toMatch(/fontSize/);
    // the currency is not this action's: owner-only, through settings.setCurrencyAndTimeZone
    expect(JSON.stringify(expectRefusedInvalid(engine, 'settings.update', { currency: 'GBP' }))).toMatch(/currency/);
    // nothing to change
    expect(expectRefusedInvalid(engine, 'settings.update', {})[0]?.message).toMatch(/change at least one setting/);
    // several bad fields: every one is named at once
    const all = expectRefusedInvalid(engine, 'settings.update', { locale: 'xx-YY', theme: 'sepia', householdName: 'x'.repeat(81) });
    expect(all.map((i) => i.path.join('.')).sort()).toEqual(['householdName', 'locale', 'theme']);
    expect(must(engine.query('settings.get', {}))).toMatchObject({ householdName: 'Home', locale: 'en-GB', theme: 'light' });
  });

  it('is for owners and admins: a staff member is refused (BLOCKED) and nothing changes', () => {
    const { engine } = liveEngine();
    const admin = must(engine.dispatch('operators.create', { name: 'Ada Admin', role: 'admin' }, 'execute')).result;
    const staff = must(engine.dispatch('operators.create', { name: 'Sam Staff', role: 'staff' }, 'execute')).result;
    must(engine.dispatch('settings.update', { theme: 'dark' }, 'execute', { operatorId: admin.id }));
    const before = snapshot(engine);
    const error = refusal(engine.dispatch('settings.update', { theme: 'light' }, 'execute', { operatorId: staff.id }));
    expect(error.code).toBe('forbidden');
    expect((error.details?.decision as Decision).status).toBe('BLOCKED');
    expect(snapshot(engine)).toEqual(before);
    // everyone who reads may see them
    expect(must(engine.query('settings.get', {}, { operatorId: staff.id })).theme).toBe('dark');
  });

  it('runs before Go-live and under the kill switch: it is configuration, not execution', () => {
    const { engine } = openEngine();
    must(engine.dispatch('setup.initialize', { ownerName: 'Olga Owner', currency: 'EUR', timeZone: 'UTC' }, 'execute'));
    expect(must(engine.dispatch('settings.update', { theme: 'dark' }, 'execute')).decision.status).toBe('OK');
    must(engine.dispatch('governance.engageKillSwitch', { reason: 'drill' }, 'execute'));
    expect(must(engine.dispatch('settings.update', { householdName: 'Home' }, 'execute')).decision.status).toBe('OK');
  });
});

describe('settings.setCurrencyAndTimeZone', () => {
  it('changes the currency and the time zone while no money has been recorded, with before and after', () => {
    const { engine } = liveEngine();
    const done = must(engine.dispatch('settings.setCurrencyAndTimeZone', { currency: 'GBP', timeZone: 'Europe/London', reason: 'we keep the books in pounds' }, 'execute'));
    expect(done.result).toMatchObject({ changed: ['currency', 'timeZone'], settings: { currency: 'GBP', timeZone: 'Europe/London' } });
    expect(settingEvents(engine, done.decision.id)).toEqual({ currency: ['EUR', 'GBP'], timeZone: ['Europe/Berlin', 'Europe/London'] });
    // the governance state (every screen's header) follows
    expect(must(engine.query('governance.state', {}))).toMatchObject({ currency: 'GBP', timeZone: 'Europe/London' });
    // the reason is kept in the decision
    expect(must(engine.query('decisions.get', { id: done.decision.id })).params).toMatchObject({ reason: 'we keep the books in pounds' });
  });

  it('refuses a new currency once money has been recorded, saying why, and changes nothing (the time zone neither)', () => {
    const { engine } = liveEngine();
    must(engine.dispatch('inventory.createItem', { name: 'Coffee beans', unit: 'kg', unitCostMinor: 1299 }, 'execute'));
    expect(must(engine.query('settings.get', {})).currencyChange).toEqual({ allowed: false, reason: expect.stringMatching(/1 items with a unit cost/) });
    const before = snapshot(engine);
    const error = refusal(engine.dispatch('settings.setCurrencyAndTimeZone', { currency: 'JPY', timeZone: 'Asia/Tokyo', reason: 'moving to Tokyo' }, 'execute'));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/cannot change from EUR to JPY/);
    expect(error.message).toMatch(/re-denominate/);
    expect((error.details?.issues as { path: string[] }[])[0]?.path).toEqual(['currency']);
    expect((error.details?.decision as Decision).status).toBe('INVALID');
    expect(snapshot(engine)).toEqual(before);
    // the same currency again is no change, so the time zone alone still may
    const zone = must(engine.dispatch('settings.setCurrencyAndTimeZone', { currency: 'EUR', timeZone: 'Asia/Tokyo', reason: 'moving to Tokyo' }, 'execute'));
    expect(zone.result.changed).toEqual(['timeZone']);
  });

  it('counts money wherever it is recorded: a ledger account’s opening balance, an operator’s cap policy', () => {
    const withAccount = liveEngine().engine;
    must(withAccount.dispatch('ledger.createAccount', { name: 'Cash', kind: 'cash', currency: 'EUR', openingBalanceMinor: 5000 }, 'execute'));
    expect(must(withAccount.query('settings.get', {})).currencyChange.reason).toMatch(/1 accounts with an opening balance/);
    const withPolicy = liveEngine().engine;
    must(withPolicy.dispatch('caps.setPolicy', { scope: 'GLOBAL', dailySpendCapMinor: 20000, dailyCountCap: 10, dailyLossCapMinor: 5000, reason: 'a tighter month' }, 'execute'));
    expect(must(withPolicy.query('settings.get', {})).currencyChange.reason).toMatch(/cap or band policies/);
  });

  it('refuses a bad zone, a bad currency, a missing reason, an unknown key, or nothing to change: INVALID, nothing changed', () => {
    const { engine } = liveEngine();
    const cases: [unknown, string, RegExp][] = [
      [{ timeZone: 'Mars/Olympus_Mons', reason: 'moving' }, 'timeZone', /IANA time zone/],
      [{ currency: 'EURO', reason: 'typo' }, 'currency', /ISO-4217/],
      [{ currency: 'GBP' }, 'reason', /./],
      [{ currency: 'GBP', reason: 'x' }, 'reason', /at least 3 characters/],
    ];
    for (const [params, field, message] of cases) {
      const issues = expectRefusedInvalid(engine, 'settings.setCurrencyAndTimeZone', params);
      expect(issues.find((i) => i.path.join('.') === field)?.message, JSON.stringify(params)).toMatch(message);
    }
    expect(JSON.stringify(expectRefusedInvalid(engine, 'settings.setCurrencyAndTimeZone', { currency: 'GBP', reason: 'pounds', locale: 'en-GB' }))).toMatch(/locale/);
    expect(expectRefusedInvalid(engine, 'settings.setCurrencyAndTimeZone', { reason: 'nothing at all' })[0]?.message).toMatch(/currency, the time zone or both/);
    expect(must(engine.query('settings.get', {}))).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin' });
  });

  it('is the owner’s alone: an admin is refused (BLOCKED) and nothing changes', () => {
    const { engine } = liveEngine();
    const admin = must(engine.dispatch('operators.create', { name: 'Ada Admin', role: 'admin' }, 'execute')).result;
    const before = snapshot(engine);
    const error = refusal(engine.dispatch('settings.setCurrencyAndTimeZone', { timeZone: 'UTC', reason: 'simpler' }, 'execute', { operatorId: admin.id }));
    expect(error.code).toBe('forbidden');
    expect((error.details?.decision as Decision).status).toBe('BLOCKED');
    expect(snapshot(engine)).toEqual(before);
  });
});
