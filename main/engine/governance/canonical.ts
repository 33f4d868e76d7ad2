/**
 * RFC 8785 (JCS) canonical JSON and SHA-256, the two primitives of the audit chain and of
 * decision hashes. Canonicalisation is the `canonicalize` library (the RFC author's own
 * implementation), not ours.
 */
import { createHash } from 'node:crypto';
import canonicalizeLib from 'canonicalize';

/**
 * Canonical JSON text of a JSON value (RFC 8785). `undefined` becomes `null`, so that a
 * missing result still hashes. Throws TypeError for values JSON cannot hold (BigInt, cycles).
 */
export function canonicalJson(value: unknown): string {
  return canonicalizeLib(value === undefined ? null : value) ?? 'null';
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 of a value's canonical JSON: equal values hash equal whatever their key order. */
export function hashValue(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
