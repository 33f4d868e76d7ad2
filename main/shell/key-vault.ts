/**
 * The installation key's vault in the desktop app (issue 12: "the private key kept with
 * Electron safeStorage where it runs"). Electron-free: it takes `safeStorage`'s two calls,
 * so the tests run it in Node with a stand-in.
 *
 * - A key first made in the desktop app is kept encrypted by `safeStorage` (the OS keychain:
 *   Keychain, DPAPI, libsecret) in `installation-ed25519.safe`, mode 0600.
 * - A key already made by the CLI or browser mode on the same data folder (a 0600 PEM file)
 *   stays where it is: the three share one database and must share its key, and
 *   `safeStorage` is reachable from Electron only. The About screen says which it is.
 * - Where `safeStorage` cannot encrypt (Linux without a keyring), the 0600 file is used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileKeyVault, type KeyVault } from '../engine/governance/installation-key';

/** What the vault needs of Electron's `safeStorage`. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** The path of the encrypted key beside the PEM file's (`….pem` → `….safe`). */
export function safeKeyPath(pemPath: string): string {
  return pemPath.replace(/\.pem$/, '') + '.safe';
}

/**
 * The vault for `pemPath` (the engine's default key file): safeStorage when it can encrypt
 * and no plain key file exists, else the plain 0600 file. Throws (from `load`) when the
 * encrypted key exists but cannot be decrypted (another user, another machine).
 */
export function desktopKeyVault(safeStorage: SafeStorageLike, pemPath: string): KeyVault {
  const plain = fileKeyVault(pemPath);
  if (existsSync(pemPath) || !safeStorage.isEncryptionAvailable()) return plain;
  const encrypted = fileKeyVault(safeKeyPath(pemPath));
  return {
    storage: 'safeStorage',
    load() {
      const path = safeKeyPath(pemPath);
      if (!existsSync(path)) return null;
      try {
        return safeStorage.decryptString(Buffer.from(readFileSync(path, 'utf8'), 'base64'));
      } catch (error) {
        throw new Error(`the installation key in ${path} cannot be decrypted by this user's keychain: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    save(pem) {
      encrypted.save(safeStorage.encryptString(pem).toString('base64'));
    },
  };
}
