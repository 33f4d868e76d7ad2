/** About this installation: the Ed25519 key that signs anchors, report manifests and backups (`installation.key`). */
import type { InstallationKey, ValhallaApi } from '../../../shared/contract';
import { idle, loading, settled, type Loadable } from '../../store/loadable';
import type { SliceCreator } from '../../store/types';

export interface AboutState {
  installationKey: Loadable<InstallationKey>;
}

export interface AboutActions {
  loadInstallationKey(): Promise<void>;
}

export type AboutSlice = AboutState & AboutActions;

export const aboutInitialState: AboutState = { installationKey: idle() };

/** The about slice over `api`. */
export function createAboutSlice(api: ValhallaApi): SliceCreator<AboutSlice> {
  return (set, get) => ({
    ...aboutInitialState,
    async loadInstallationKey() {
      set({ installationKey: loading(get().installationKey) });
      set({ installationKey: settled(await api.query('installation.key', {})) });
    },
  });
}

/**
 * A fingerprint's groups for reading aloud and comparing: the hex digits (spaces and colons
 * dropped, lower case) in groups of four, as the reports print it (`ab12 cd34 …`).
 */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.replace(/[\s:]/g, '').toLowerCase().match(/.{1,4}/g) ?? [];
}

export const aboutSelectors = {
  /** Where the private key is kept, in words. */
  storageText: (storage: InstallationKey['storage']) =>
    storage === 'safeStorage' ? 'Encrypted with the operating system’s key store (Electron safeStorage)' : 'A key file readable only by this user (mode 0600)',
};
