/**
 * Household settings (issue 15, "Settings"): the household's name, its currency and time
 * zone, the locale numbers, dates and amounts are written in, and the theme. Every change is
 * a governed action: decided by the dispatcher, recorded with a before/after audit event per
 * setting that changed.
 *
 * Two actions, so the permission matrix says who may change what:
 * - `settings.update` (household name, locale, theme): owner or admin;
 * - `settings.setCurrencyAndTimeZone`: owner only, with a reason. Money is stored as integer
 *   minor units of the household currency, so the currency can change only while no money
 *   has been recorded (main refuses otherwise, saying what holds money); the time zone moves
 *   the boundaries of every household day (caps, schedules, reports).
 *
 * Both are configuration, not execution: `exempt`, so a new household can set them before
 * Go-live and while the kill switch is engaged (the Go-live step "Currency and time zone"
 * asks to confirm them).
 */
import { z } from 'zod';
import { currency, reason, timeZone } from './schemas';
import type { ActionSpec, QuerySpec } from './spec';

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
/** `system` follows the operating system's light or dark preference; `light` and `dark` hold. */
export const themePreference = z.enum(THEME_PREFERENCES, { message: 'choose System, Light or Dark' });
export type ThemePreference = z.infer<typeof themePreference>;

/**
 * The canonical form of a BCP 47 language tag the platform formats numbers and dates in
 * (`de-de` → `de-DE`), or null for a malformed tag (`Intl.getCanonicalLocales` throws) or one
 * Intl has no data for (`Intl.NumberFormat.supportedLocalesOf` with the lookup matcher drops
 * it, e.g. `xx-YY`).
 */
export function supportedLocale(tag: string): string | null {
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0];
    if (!canonical) return null;
    return Intl.NumberFormat.supportedLocalesOf([canonical], { localeMatcher: 'lookup' })[0] === canonical ? canonical : null;
  } catch {
    return null;
  }
}

const LOCALE_MESSAGE = 'must be a language tag the console knows, such as en-GB, de-DE or fr-FR';

/** A BCP 47 tag Intl supports, canonicalised (`de-de` → `de-DE`). */
export const localeTag = z
  .string()
  .trim()
  .min(1, 'required')
  .max(35, 'at most 35 characters')
  .refine((tag) => supportedLocale(tag) !== null, LOCALE_MESSAGE)
  .transform((tag) => supportedLocale(tag) ?? tag);

/** The household's name, shown in the title bar and on reports: 1–80 characters after trimming. */
export const householdName = z.string().trim().min(1, 'required').max(80, 'at most 80 characters');

/** The settings as stored; null where never set (locale null: the system's; name null: none). */
export const householdSettingsSchema = z.object({
  householdName: z.string().nullable(),
  currency: z.string().nullable(),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  theme: themePreference,
  /** The folder daily backups go to (`backup.configure`, on the Backups screen). */
  backupFolder: z.string().nullable(),
});
export type HouseholdSettings = z.infer<typeof householdSettingsSchema>;

/** What a settings action returns: the names of the settings that changed (none when all were already so) and the settings after. */
const settingsChange = z.object({ changed: z.array(z.string()), settings: householdSettingsSchema });

export const settingsActions = {
  'settings.update': {
    summary: 'Change the household name, the locale (numbers, dates, amounts) or the theme; each changed setting is audited with before and after.',
    input: z
      .strictObject({
        /** null removes the name. */
        householdName: householdName.nullable().optional(),
        /** null: the system's locale. */
        locale: localeTag.nullable().optional(),
        theme: themePreference.optional(),
        reason: reason.optional(),
      })
      .refine((p) => p.householdName !== undefined || p.locale !== undefined || p.theme !== undefined, { message: 'change at least one setting: household name, locale or theme' }),
    output: settingsChange,
    execClass: 'prod',
    exempt: true,
  },
  'settings.setCurrencyAndTimeZone': {
    summary:
      'Change the household currency or time zone (owner only, with a reason). The currency is refused once money has been recorded: amounts are stored in minor units of the household currency.',
    input: z
      .strictObject({ currency: currency.optional(), timeZone: timeZone.optional(), reason })
      .refine((p) => p.currency !== undefined || p.timeZone !== undefined, { message: 'change the currency, the time zone or both' }),
    output: settingsChange,
    execClass: 'prod',
    exempt: true,
  },
} as const satisfies Record<string, ActionSpec>;

export const settingsQueries = {
  'settings.get': {
    summary: 'The household settings, whether the currency may still change (and why not), and the version and data folder the About section shows (the key fingerprint is `installation.key`).',
    input: z.strictObject({}),
    output: householdSettingsSchema.extend({
      /** Whether `settings.setCurrencyAndTimeZone` would accept a new currency now; `reason` says what holds money when not. */
      currencyChange: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
      appVersion: z.string(),
      /** The folder holding the database, its keys and anchors; null for an in-memory database. */
      dataFolder: z.string().nullable(),
    }),
  },
} as const satisfies Record<string, QuerySpec>;
