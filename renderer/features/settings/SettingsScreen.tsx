/**
 * The Settings route (issue 15, "Settings"): the household (name, currency, time zone, locale
 * with a preview of how numbers, dates and amounts look), the appearance (theme), and where
 * the backup folder, the operators and PINs, and this installation's version, data folder and
 * key live. Every change is a governed action (`settings.update`, owner or admin;
 * `settings.setCurrencyAndTimeZone`, owner only, with a reason); each form shows all of its
 * errors at once, next to their fields.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mayDispatch } from '../../../shared/contract';
import { THEME_PREFERENCES, type ThemePreference } from '../../../shared/contract/settings';
import type { Role } from '../../../shared/domain/roles';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { Form, SelectField, TextField } from '../../ui/Field';
import { ErrorMessage, Loading } from '../../ui/States';
import { applyTheme } from '../../ui/theme';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { fingerprintGroups } from '../about/slice';
import { FailureNotice } from '../dispatch/FailureNotice';
import { describeFailure, type FailureView, type FieldErrors } from '../dispatch/failure';
import { governanceSelectors } from '../governance/slice';
import { navigationSelectors, type RouteId } from '../navigation/slice';
import { COMMON_CURRENCIES } from '../setup/Onboarding';
import type { SettingsView } from './slice';
import { COMMON_LOCALES, draftOf, householdSave, localePreview, regionChanged, type HouseholdDraft } from './view';
import './settings.css';

/** The settings screen. */
export function SettingsScreen() {
  const store = useAppStoreApi();
  const settings = useAppStore((s) => s.settings);
  useEffect(() => {
    void store.getState().loadSettings();
  }, [store]);
  return (
    <>
      <div className="page-header">
        <h1>Settings</h1>
        <p>The household’s basics and how the console looks. Every change is decided and recorded in the audit log.</p>
      </div>
      {settings.status === 'error' ? (
        <ErrorMessage title="The settings could not be loaded">{settings.error}</ErrorMessage>
      ) : !settings.data ? (
        <Loading label="Loading the settings…" />
      ) : (
        <div className="settings">
          {/* a save that changed the stored values starts the form again from them */}
          <HouseholdCard key={householdKey(settings.data)} settings={settings.data} />
          <AppearanceCard settings={settings.data} />
          <div className="grid grid-2">
            <BackupsCard folder={settings.data.backupFolder} />
            <OperatorsCard />
          </div>
          <AboutCard settings={settings.data} />
        </div>
      )}
    </>
  );
}

function householdKey(s: SettingsView): string {
  return JSON.stringify([s.householdName, s.locale, s.currency, s.timeZone]);
}

function useRole(): Role | undefined {
  return useAppStore((s) => governanceSelectors.currentOperator(s)?.role);
}

/** The system's locale, which applies while the household has none. */
function systemLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US';
}

function currencyOptions(current: string | null) {
  const codes: string[] = [...COMMON_CURRENCIES];
  if (current && !codes.includes(current)) codes.unshift(current);
  return codes.map((code) => {
    let name: string | undefined;
    try {
      name = new Intl.DisplayNames(['en'], { type: 'currency' }).of(code);
    } catch {
      name = undefined;
    }
    return { value: code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}

function HouseholdCard({ settings }: { settings: SettingsView }) {
  const role = useRole();
  const execute = useAppStore((s) => s.execute);
  const [draft, setDraft] = useState<HouseholdDraft>(() => draftOf(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const localesId = useId();
  const zonesId = useId();
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);
  const currencies = useMemo(() => currencyOptions(settings.currency), [settings.currency]);
  const mayUpdate = !role || mayDispatch(role, 'settings.update');
  const mayRegion = !role || mayDispatch(role, 'settings.setCurrencyAndTimeZone');
  const set = (patch: Partial<HouseholdDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setNote(null);
  };
  const preview = localePreview(draft.locale, systemLocale(), draft.currency || settings.currency, draft.timeZone || settings.timeZone);
  const askReason = regionChanged(draft, settings);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const save = householdSave(draft, settings);
    setErrors(save.errors);
    setFailure(null);
    if (Object.keys(save.errors).length > 0) return;
    if (!save.update && !save.region) {
      setNote('Nothing to save: every setting is as stored.');
      return;
    }
    setBusy(true);
    try {
      for (const [name, params] of [
        ['settings.update', save.update],
        ['settings.setCurrencyAndTimeZone', save.region],
      ] as const) {
        if (!params) continue;
        const result = await execute(name, params as never, { announceFailure: false });
        if (!result.ok) {
          const view = describeFailure(result.error);
          setFailure(view);
          setErrors(view.fieldErrors);
          return;
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const currencyHint = !mayRegion
    ? 'Only an owner can change the currency.'
    : settings.currencyChange.allowed
      ? 'Amounts are kept in this currency’s minor units; it can change only until money is recorded.'
      : `It can no longer change: ${settings.currencyChange.reason ?? 'money has been recorded'}`;

  return (
    <Card title="Household">
      <Form onSubmit={(e) => void submit(e)} aria-label="Household settings">
        <TextField
          label="Household name"
          name="householdName"
          value={draft.householdName}
          onChange={(e) => set({ householdName: e.target.value })}
          error={errors.householdName}
          disabled={!mayUpdate}
          autoComplete="off"
          hint="Up to 80 characters; leave empty for none."
        />
        <div className="form-row form-row-top">
          <SelectField
            label="Currency"
            name="currency"
            value={draft.currency}
            onChange={(e) => set({ currency: e.target.value })}
            options={currencies}
            error={errors.currency}
            disabled={!mayRegion || !settings.currencyChange.allowed}
            hint={currencyHint}
          />
          <TextField
            label="Time zone"
            name="timeZone"
            value={draft.timeZone}
            onChange={(e) => set({ timeZone: e.target.value })}
            list={zonesId}
            error={errors.timeZone}
            disabled={!mayRegion}
            autoComplete="off"
            hint={mayRegion ? 'An IANA zone such as Europe/Berlin: days for caps, schedules and reports follow it.' : 'Only an owner can change the time zone.'}
          />
          <datalist id={zonesId}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        {askReason ? (
          <TextField
            label="Reason for changing the currency or time zone"
            name="reason"
            value={draft.reason}
            onChange={(e) => set({ reason: e.target.value })}
            error={errors.reason}
            autoComplete="off"
            hint="Kept with the decision in the audit log."
          />
        ) : null}
        <TextField
          label="Locale"
          name="locale"
          value={draft.locale}
          onChange={(e) => set({ locale: e.target.value })}
          list={localesId}
          error={errors.locale}
          disabled={!mayUpdate}
          autoComplete="off"
          spellCheck={false}
          placeholder={systemLocale()}
          hint={`A language tag such as en-GB, de-DE or fr-FR: how numbers, dates and amounts are written and typed. Leave empty for this computer’s (${systemLocale()}).`}
        />
        <datalist id={localesId}>
          {COMMON_LOCALES.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <div className="settings-preview" aria-live="polite">
          <h3>Preview in {preview.locale}</h3>
          <dl className="kv">
            <dt>Number</dt>
            <dd>{preview.number}</dd>
            <dt>Date</dt>
            <dd>{preview.date}</dd>
            <dt>Amount</dt>
            <dd>{preview.amount}</dd>
          </dl>
        </div>
        <FailureNotice failure={failure} shownFields={['householdName', 'currency', 'timeZone', 'reason', 'locale']} />
        {note ? (
          <p className="muted" role="status">
            {note}
          </p>
        ) : null}
        {mayUpdate || mayRegion ? (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              Save household settings
            </Button>
          </div>
        ) : (
          <p className="muted">Only an owner or an admin can change these settings.</p>
        )}
      </Form>
    </Card>
  );
}

const THEME_LABELS: Record<ThemePreference, { label: string; hint: string }> = {
  system: { label: 'System', hint: 'Follows this computer’s light or dark setting' },
  light: { label: 'Light', hint: 'Dark text on light backgrounds' },
  dark: { label: 'Dark', hint: 'Light text on dark backgrounds' },
};

function AppearanceCard({ settings }: { settings: SettingsView }) {
  const role = useRole();
  const execute = useAppStore((s) => s.execute);
  const [choice, setChoice] = useState<ThemePreference>(settings.theme);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const legendId = useId();
  const errorId = useId();
  const mayUpdate = !role || mayDispatch(role, 'settings.update');
  // a theme changed elsewhere (another window, the CLI) shows here once loaded
  useEffect(() => setChoice(settings.theme), [settings.theme]);

  const choose = async (theme: ThemePreference) => {
    if (theme === choice) return;
    setChoice(theme);
    setError(null);
    applyTheme(theme);
    setBusy(true);
    const result = await execute('settings.update', { theme }, { announceFailure: false });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      setChoice(settings.theme);
      applyTheme(settings.theme);
    }
  };

  return (
    <Card title="Appearance">
      <fieldset className="fieldset settings-theme" aria-describedby={error ? errorId : undefined} disabled={!mayUpdate || busy}>
        <legend id={legendId}>Theme</legend>
        <div role="radiogroup" aria-labelledby={legendId} className="settings-theme-options">
          {THEME_PREFERENCES.map((t) => (
            <label key={t} className={t === choice ? 'settings-theme-option settings-theme-on' : 'settings-theme-option'}>
              <input type="radio" name="theme" value={t} checked={t === choice} onChange={() => void choose(t)} />
              <span>
                <strong>{THEME_LABELS[t].label}</strong>
                <span className="muted"> · {THEME_LABELS[t].hint}</span>
              </span>
            </label>
          ))}
        </div>
        {!mayUpdate ? <p className="muted">Only an owner or an admin can change the household’s theme.</p> : null}
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </fieldset>
    </Card>
  );
}

/** A button to another screen, when the current operator may open it. */
function OpenScreen({ route, label }: { route: RouteId; label: string }) {
  const { navigate, role } = useAppStore(useShallow((s) => ({ navigate: s.navigate, role: governanceSelectors.currentOperator(s)?.role })));
  if (!navigationSelectors.routesFor(role).some((r) => r.id === route)) return null;
  return (
    <Button small onClick={() => navigate(route)}>
      {label}
    </Button>
  );
}

function BackupsCard({ folder }: { folder: string | null }) {
  return (
    <Card title="Backups" actions={<OpenScreen route="backups" label="Open Backups" />}>
      <dl className="kv">
        <dt>Backup folder</dt>
        <dd>{folder ? <code className="settings-path">{folder}</code> : <span className="muted">No folder chosen yet</span>}</dd>
      </dl>
      <p className="muted">The folder, daily backups and restores are on the Backups screen.</p>
    </Card>
  );
}

function OperatorsCard() {
  return (
    <Card title="Operators" actions={<OpenScreen route="operators" label="Open Operators" />}>
      <p className="muted">Operators, their roles and PINs are kept on the Operators screen.</p>
    </Card>
  );
}

function AboutCard({ settings }: { settings: SettingsView }) {
  const store = useAppStoreApi();
  const key = useAppStore((s) => s.installationKey);
  useEffect(() => {
    if (store.getState().installationKey.status === 'idle') void store.getState().loadInstallationKey();
  }, [store]);
  return (
    <Card title="About" actions={<OpenScreen route="about" label="Open About" />}>
      <dl className="kv">
        <dt>Version</dt>
        <dd>Valhalla Console {settings.appVersion}</dd>
        <dt>Data folder</dt>
        <dd>
          {settings.dataFolder ? (
            <>
              <code className="settings-path">{settings.dataFolder}</code> <CopyButton text={settings.dataFolder} label="Copy data folder" />
            </>
          ) : (
            <span className="muted">In memory (nothing is kept on disk)</span>
          )}
        </dd>
        <dt>Key fingerprint</dt>
        <dd>
          {key.data ? (
            <code className="fingerprint settings-path">{fingerprintGroups(key.data.fingerprint).join(' ')}</code>
          ) : key.status === 'error' ? (
            <span className="muted">Could not be read: {key.error}</span>
          ) : (
            <span className="muted">Reading…</span>
          )}
        </dd>
      </dl>
    </Card>
  );
}
