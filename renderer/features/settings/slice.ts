/**
 * The household settings in the console (`settings.get`): name, currency, time zone, locale,
 * theme, the backup folder, whether the currency may still change, and the version and data
 * folder the About section shows. Whenever they load, the stored locale is handed to
 * `setHouseholdLocale` (amount fields, dates and money follow it) and the stored theme is
 * shown (`applyTheme`), so the household's choice holds from the start, on any machine.
 */
import type { QueryOutput, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { AppState, SliceCreator } from '../../store/types';
import { setHouseholdLocale } from '../../ui/locale';
import { applyTheme } from '../../ui/theme';

export type SettingsView = QueryOutput<'settings.get'>;

export interface SettingsState {
  settings: Loadable<SettingsView>;
}

export interface SettingsActions {
  /** Loads the settings, then applies their locale and theme. */
  loadSettings(): Promise<void>;
  /** Refetches loaded settings when `tables` (from `db.changed`) touch them or the Settings screen is open (all with none). */
  refreshSettings(tables?: readonly string[]): Promise<void>;
}

export type SettingsSlice = SettingsState & SettingsActions;

export const settingsInitialState: SettingsState = { settings: idle() };

/** Shows the stored settings: their locale for formatting, their theme on `<html>` (where there is a document). */
function applyStored(view: SettingsView): void {
  setHouseholdLocale(view.locale);
  if (typeof window !== 'undefined' && typeof document !== 'undefined') applyTheme(view.theme);
}

/** The settings slice over `api`. */
export function createSettingsSlice(api: ValhallaApi): SliceCreator<SettingsSlice> {
  let request = 0;
  return (set, get) => ({
    ...settingsInitialState,

    async loadSettings() {
      const mine = ++request;
      set({ settings: loading(get().settings) });
      const result = await api.query('settings.get', {});
      // an older answer arriving after a newer request is dropped
      if (mine !== request) return;
      const next = settled(result);
      set({ settings: next });
      if (next.data) applyStored(next.data);
    },

    async refreshSettings(tables) {
      const s = get();
      if (s.settings.status === 'idle') return;
      // what may change the currency lock is any money recorded: refetch on every change while the screen is open
      if (tables === undefined || tables.includes('settings') || s.route === 'settings') await s.loadSettings();
    },
  });
}

export const settingsSelectors = {
  settings: (s: AppState) => s.settings.data,
};
