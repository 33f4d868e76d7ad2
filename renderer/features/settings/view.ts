/**
 * What the Settings screen computes from the stored settings and the form's drafts: the
 * locale preview, which actions a save needs (only changed fields are sent), and every
 * field's error at once from the contract's own rules.
 */
import { actionSpec, type ActionInput } from '../../../shared/contract';
import { supportedLocale, type HouseholdSettings } from '../../../shared/contract/settings';
import { formatMoney, householdCurrency } from '../../../shared/domain/money';
import { issuesToFieldErrors, type FieldErrors } from '../dispatch/failure';

/** Language tags offered in the locale field's list (any other tag Intl knows can be typed). */
export const COMMON_LOCALES = [
  'en-GB',
  'en-US',
  'en-IE',
  'en-AU',
  'en-CA',
  'en-IN',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr-FR',
  'fr-CH',
  'fr-CA',
  'it-IT',
  'es-ES',
  'pt-PT',
  'pt-BR',
  'nl-NL',
  'sv-SE',
  'nb-NO',
  'da-DK',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'hu-HU',
  'ja-JP',
] as const;

/** A sample instant the preview writes: 21 November 2026, 14:30 UTC. */
export const PREVIEW_INSTANT = new Date('2026-11-21T14:30:00.000Z');
/** A sample amount the preview writes: 1,234.56 in a two-decimal currency (123456 minor units). */
export const PREVIEW_AMOUNT_MINOR = 123_456;

export interface LocalePreview {
  /** The locale the preview is written in (canonical tag). */
  locale: string;
  number: string;
  date: string;
  amount: string;
}

/**
 * How a number, a date and an amount look in `locale` (a typed tag; the `fallback` one while
 * it is empty or not a tag Intl knows), with `currency` and `timeZone` as the household has
 * them: e.g. de-DE → `1.234.567,89`, `21.11.2026, 15:30`, `1.234,56 €`.
 */
export function localePreview(locale: string, fallback: string, currency: string | null, timeZone: string | null, at: Date = PREVIEW_INSTANT): LocalePreview {
  const tag = (locale.trim() && supportedLocale(locale.trim())) || fallback;
  let date: string;
  try {
    date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone ?? undefined }).format(at);
  } catch {
    date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  }
  return {
    locale: tag,
    number: new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(1_234_567.89),
    date,
    amount: formatMoney(PREVIEW_AMOUNT_MINOR, householdCurrency(currency), tag),
  };
}

/** The Household form's drafts, as typed. */
export interface HouseholdDraft {
  householdName: string;
  locale: string;
  currency: string;
  timeZone: string;
  reason: string;
}

/** The drafts a form starts from: the stored settings (empty text for what is unset). */
export function draftOf(settings: HouseholdSettings): HouseholdDraft {
  return { householdName: settings.householdName ?? '', locale: settings.locale ?? '', currency: settings.currency ?? '', timeZone: settings.timeZone ?? '', reason: '' };
}

export interface HouseholdSave {
  /** `settings.update`'s params, null when neither the name nor the locale changed. */
  update: ActionInput<'settings.update'> | null;
  /** `settings.setCurrencyAndTimeZone`'s params, null when neither changed. */
  region: ActionInput<'settings.setCurrencyAndTimeZone'> | null;
  /** Every field's problem at once, by field (`householdName`, `locale`, `currency`, `timeZone`, `reason`); empty when both may be sent. */
  errors: FieldErrors;
}

/** Whether the currency or the time zone differs from the stored one (a reason is asked then). */
export function regionChanged(draft: HouseholdDraft, settings: HouseholdSettings): boolean {
  return draft.currency !== (settings.currency ?? '') || draft.timeZone.trim() !== (settings.timeZone ?? '');
}

/**
 * What saving the Household form sends: only fields that differ from the stored settings
 * (an empty name or locale is null: none, the system's), checked with the contract's rules so
 * every field's error shows at once before anything is sent.
 */
export function householdSave(draft: HouseholdDraft, settings: HouseholdSettings): HouseholdSave {
  const name = draft.householdName.trim() === '' ? null : draft.householdName;
  const locale = draft.locale.trim() === '' ? null : draft.locale;
  const update: ActionInput<'settings.update'> = {};
  if ((name?.trim() ?? null) !== settings.householdName) update.householdName = name;
  if (locale !== settings.locale) update.locale = locale;
  const region: ActionInput<'settings.setCurrencyAndTimeZone'> = { reason: draft.reason };
  if (draft.currency !== (settings.currency ?? '')) region.currency = draft.currency;
  if (draft.timeZone.trim() !== (settings.timeZone ?? '')) region.timeZone = draft.timeZone.trim();
  const sendUpdate = Object.keys(update).length > 0;
  const sendRegion = region.currency !== undefined || region.timeZone !== undefined;
  const errors: FieldErrors = {};
  if (sendUpdate) {
    const check = actionSpec('settings.update').input.safeParse(update);
    if (!check.success) Object.assign(errors, issuesToFieldErrors(check.error.issues));
  }
  if (sendRegion) {
    const check = actionSpec('settings.setCurrencyAndTimeZone').input.safeParse(region);
    if (!check.success) Object.assign(errors, issuesToFieldErrors(check.error.issues));
  }
  return { update: sendUpdate ? update : null, region: sendRegion ? region : null, errors };
}
