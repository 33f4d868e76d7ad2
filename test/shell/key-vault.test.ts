/**
 * The desktop key vault with a stand-in for Electron's safeStorage (Electron cannot run
 * here; the stand-in reverses and base64s, enough to prove the key never lands in plain text).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeyVault, loadOrCreateKey } from '../../main/engine/governance/installation-key';
import { desktopKeyVault, safeKeyPath, type SafeStorageLike } from '../../main/shell/key-vault';
import { tempDir } from '../helpers/engine';

const standIn = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8'),
  decryptString: (encrypted) => [...encrypted.toString('utf8')].reverse().join(''),
});

describe('desktop key vault', () => {
  it('keeps a key it makes encrypted by safeStorage, 0600, and the CLI refuses to make a second one', () => {
    const pem = join(tempDir(), 'keys', 'installation-ed25519.pem');
    const key = loadOrCreateKey(desktopKeyVault(standIn(), pem));
    expect(key.storage).toBe('safeStorage');
    expect(existsSync(pem)).toBe(false);
    const stored = readFileSync(safeKeyPath(pem), 'utf8');
    expect(stored).not.toContain('PRIVATE KEY');
    expect(statSync(safeKeyPath(pem)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(desktopKeyVault(standIn(), pem)).fingerprint).toBe(key.fingerprint);
    expect(() => loadOrCreateKey(fileKeyVault(pem))).toThrow(/kept by the desktop app/);
  });

  it('uses the plain key file the CLI or browser mode made, so all three sign with one key', () => {
    const pem = join(tempDir(), 'installation-ed25519.pem');
    const cli = loadOrCreateKey(fileKeyVault(pem));
    const desktop = loadOrCreateKey(desktopKeyVault(standIn(), pem));
    expect(desktop).toMatchObject({ storage: 'file', fingerprint: cli.fingerprint });
  });

  it('falls back to the 0600 file where safeStorage cannot encrypt', () => {
    const pem = join(tempDir(), 'installation-ed25519.pem');
    expect(loadOrCreateKey(desktopKeyVault(standIn(false), pem)).storage).toBe('file');
    expect(existsSync(pem)).toBe(true);
  });

  it('says so when the keychain cannot decrypt the stored key', () => {
    const pem = join(tempDir(), 'installation-ed25519.pem');
    loadOrCreateKey(desktopKeyVault(standIn(), pem));
    const broken: SafeStorageLike = { ...standIn(), decryptString: () => { throw new Error('keychain locked'); } };
    expect(() => loadOrCreateKey(desktopKeyVault(broken, pem))).toThrow(/cannot be decrypted.*keychain locked/);
  });
});
