/**
 * Household settings as key → JSON value rows (currency, time zone, current operator, the
 * household's name, locale and theme …). Written by governed actions only (`setup.initialize`,
 * `settings.update`, `settings.setCurrencyAndTimeZone`, `backup.configure`, `operators.switch`).
 */
import type { ThemePreference } from '../../../shared/contract/settings';
import { sql, type Db } from '../db/connection';

export interface Settings {
  currency: string | null;
  timeZone: string | null;
  currentOperatorId: string | null;
  /** DOMAIN.md: with "single operator" on, an owner may approve its own requests (recorded as self-approved). */
  singleOperator: boolean;
  /** The folder daily backups are written to (`backup.configure`); null until chosen. */
  backupFolder: string | null;
  /** The household's name (title bar, reports); null until given. */
  householdName: string | null;
  /** BCP 47 tag numbers, dates and amounts are written in (`de-DE`); null: the system's. */
  locale: string | null;
  /** Light or dark, or `system` (follows the operating system). */
  theme: ThemePreference;
}

const KEYS: Record<keyof Settings, string> = {
  currency: 'currency',
  timeZone: 'time_zone',
  currentOperatorId: 'current_operator_id',
  singleOperator: 'single_operator',
  backupFolder: 'backup_folder',
  householdName: 'household_name',
  locale: 'locale',
  theme: 'theme',
};

const DEFAULTS: Settings = {
  currency: null,
  timeZone: null,
  currentOperatorId: null,
  singleOperator: false,
  backupFolder: null,
  householdName: null,
  locale: null,
  theme: 'system',
};

/** Reads all settings, with defaults for missing keys. */
export function readSettings(db: Db): Settings {
  const rows = sql(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const byKey = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const out = { ...DEFAULTS } as Record<keyof Settings, unknown>;
  for (const [name, key] of Object.entries(KEYS) as [keyof Settings, string][]) {
    if (byKey.has(key)) out[name] = byKey.get(key);
  }
  return out as unknown as Settings;
}

/** Writes one setting; returns its previous value (for the audit event's `before`). */
export function writeSetting<K extends keyof Settings>(db: Db, name: K, value: Settings[K]): Settings[K] {
  const before = readSettings(db)[name];
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    KEYS[name],
    JSON.stringify(value),
  );
  return before;
}
