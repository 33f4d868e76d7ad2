/**
 * The installation's Ed25519 key pair (DOMAIN.md "Decisions and the audit log": anchors and
 * report manifests are signed with it). One pair per installation, made on first use with
 * `node:crypto`. The private key is kept by a `KeyVault`: Electron's `safeStorage` where the
 * desktop app runs (main/shell), elsewhere a PKCS#8 PEM file with mode 0600 beside the
 * database. The public key and its fingerprint are shown in About and printed in every
 * report, so a reader can tell which installation signed what.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InstallationKey } from '../../../shared/contract';

/** Keeps the private key's PKCS#8 PEM text. */
export interface KeyVault {
  readonly storage: InstallationKey['storage'];
  /** The stored PEM, or null when none was stored yet. Throws when one exists but cannot be read. */
  load(): string | null;
  /** Stores the PEM (first use only). */
  save(pem: string): void;
}

/**
 * A vault that is a file with mode 0600 (owner read/write only), written under a temporary
 * name and renamed so a crash never leaves half a key.
 */
export function fileKeyVault(path: string): KeyVault {
  return {
    storage: 'file',
    load() {
      if (existsSync(path)) return readFileSync(path, 'utf8');
      // the desktop app keeps a key it made in the OS keychain (main/shell/key-vault.ts)
      const safe = `${path.replace(/\.pem$/, '')}.safe`;
      if (path.endsWith('.pem') && existsSync(safe)) {
        throw new Error(`this installation's key is kept by the desktop app in the OS keychain (${safe}): open this data folder from the desktop app`);
      }
      return null;
    },
    save(pem) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${process.pid}`;
      writeFileSync(tmp, pem, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, path);
    },
  };
}

/** The key pair in use, with what it signs and how to check a signature. */
export interface SigningKey extends InstallationKey {
  /** Ed25519 signature of the UTF-8 text, base64. */
  sign(text: string): string;
  /** Whether `signature` (base64) is this key's over `text`. */
  verify(text: string, signature: string): boolean;
}

/** SHA-256 of the key's SPKI DER, lower-case hex in groups of four. */
export function fingerprintOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const hex = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
  return hex.match(/.{4}/g)!.join(' ');
}

/**
 * Whether `signature` (base64) is the Ed25519 signature of `text` by the SPKI PEM
 * `publicKeyPem`. False, never a throw, for a malformed key or signature.
 */
export function verifySignature(publicKeyPem: string, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Loads the installation's key from `vault`, making and storing a new pair on first use.
 * Throws when a stored key exists but is not an Ed25519 private key (never replaced
 * silently: that would orphan every signature made so far).
 */
export function loadOrCreateKey(vault: KeyVault): SigningKey {
  let pem = vault.load();
  if (pem === null) {
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    vault.save(pem);
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the installation key is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    algorithm: 'Ed25519',
    publicKeyPem,
    fingerprint: fingerprintOf(publicKey),
    storage: vault.storage,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    verify: (text, signature) => verifySignature(publicKeyPem, text, signature),
  };
}
