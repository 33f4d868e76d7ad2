/**
 * The Settings screen's engine side (issue 15, "Settings"): `settings.update` (household
 * name, locale, theme), `settings.setCurrencyAndTimeZone` (owner only; the currency only
 * while no money has been recorded, see money.ts) and the `settings.get` query.
 *
 * Each setting whose value changes is written with one audit event `setting/<name>` carrying
 * its value before and after (as `setup.initialize` records them); a setting given its
 * current value again is left alone and not recorded. The decision keeps the params, the
 * reason included.
 */
import { dirname, resolve } from 'node:path';
import { EngineError } from '../../../../shared/contract';
import type { HouseholdSettings } from '../../../../shared/contract/settings';
import { readSettings, writeSetting, type Settings } from '../../governance/settings';
import type { ActionContext, ActionHandlers, QueryHandlers } from '../../handlers';
import { currencyLockReason } from './money';

type Changeable = 'householdName' | 'locale' | 'theme' | 'currency' | 'timeZone';

/** The settings the Settings screen shows, from the stored ones. */
function householdSettings(s: Settings): HouseholdSettings {
  return { householdName: s.householdName, currency: s.currency, timeZone: s.timeZone, locale: s.locale, theme: s.theme, backupFolder: s.backupFolder };
}

/**
 * Writes each given setting that differs from its stored value and records its audit event;
 * returns the names of those that changed (in the order given).
 */
function apply(ctx: ActionContext, patch: Partial<Pick<Settings, Changeable>>): Changeable[] {
  const current = readSettings(ctx.db);
  const changed: Changeable[] = [];
  for (const [name, value] of Object.entries(patch) as [Changeable, Settings[Changeable]][]) {
    if (value === undefined || current[name] === value) continue;
    const before = writeSetting(ctx.db, name, value);
    ctx.record({ entity: 'setting', entityId: name, before, after: value });
    changed.push(name);
  }
  if (changed.length > 0) ctx.touch('settings');
  return changed;
}

/** Drops undefined fields (absent from the params: not to be changed). */
function given<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const settingsActions: Pick<ActionHandlers, 'settings.update' | 'settings.setCurrencyAndTimeZone'> = {
  'settings.update'(p, ctx) {
    const changed = apply(ctx, given({ householdName: p.householdName, locale: p.locale, theme: p.theme }));
    return { changed, settings: householdSettings(readSettings(ctx.db)) };
  },

  /**
   * Throws EngineError `invalid` (issue on `currency`) for a new currency once money has been
   * recorded; nothing is written then, the time zone included.
   */
  'settings.setCurrencyAndTimeZone'(p, ctx) {
    const current = readSettings(ctx.db);
    if (p.currency !== undefined && p.currency !== current.currency) {
      const locked = currencyLockReason(ctx.db, current.currency);
      if (locked) {
        const message = `The currency cannot change from ${current.currency ?? 'the household currency'} to ${p.currency}: ${locked}`;
        throw new EngineError('invalid', message, { issues: [{ path: ['currency'], message }] });
      }
    }
    const changed = apply(ctx, given({ currency: p.currency, timeZone: p.timeZone }));
    return { changed, settings: householdSettings(readSettings(ctx.db)) };
  },
};

export const settingsQueries: Pick<QueryHandlers, 'settings.get'> = {
  'settings.get'(_p, ctx) {
    const locked = currencyLockReason(ctx.db, ctx.settings.currency);
    const { dbPath, appVersion } = ctx.services;
    return {
      ...householdSettings(ctx.settings),
      currencyChange: { allowed: locked === null, reason: locked },
      appVersion,
      dataFolder: dbPath === ':memory:' ? null : dirname(resolve(dbPath)),
    };
  },
};
