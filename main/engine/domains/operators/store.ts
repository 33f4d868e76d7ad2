/**
 * Operator profiles: name, role, optional PIN (stored as an scrypt hash, never in clear,
 * never in a decision or audit event).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Operator } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain/roles';
import { sql, type Db } from '../../db/connection';

export interface OperatorRecord extends Operator {
  pinHash: string | null;
}

type Row = { id: string; name: string; role: Role; pin_hash: string | null; created_at: string };

const toRecord = (r: Row): OperatorRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hasPin: r.pin_hash !== null,
  createdAt: r.created_at,
  pinHash: r.pin_hash,
});

/** The public view of an operator (no PIN hash). */
export function toOperator(r: OperatorRecord): Operator {
  return { id: r.id, name: r.name, role: r.role, hasPin: r.hasPin, createdAt: r.createdAt };
}

export function getOperator(db: Db, id: string): OperatorRecord | null {
  const row = sql(db, 'SELECT * FROM operators WHERE id = ?').get(id) as Row | undefined;
  return row ? toRecord(row) : null;
}

export function findOperatorByName(db: Db, name: string): OperatorRecord | null {
  const row = sql(db, 'SELECT * FROM operators WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
  return row ? toRecord(row) : null;
}

export function listOperators(db: Db): OperatorRecord[] {
  return (sql(db, 'SELECT * FROM operators ORDER BY created_at, id').all() as Row[]).map(toRecord);
}

export function countOperators(db: Db): number {
  return (sql(db, 'SELECT count(*) AS n FROM operators').get() as { n: number }).n;
}

/** The first owner by creation time: the CLI's default `--as`. */
export function firstOwner(db: Db): OperatorRecord | null {
  const row = sql(db, "SELECT * FROM operators WHERE role = 'owner' ORDER BY created_at, id LIMIT 1").get() as Row | undefined;
  return row ? toRecord(row) : null;
}

export function insertOperator(db: Db, op: { id: string; name: string; role: Role; pin?: string; createdAt: string; createdBy: string | null }): OperatorRecord {
  sql(db, 'INSERT INTO operators (id, name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    op.id,
    op.name,
    op.role,
    op.pin ? hashPin(op.pin) : null,
    op.createdAt,
    op.createdBy,
  );
  return getOperator(db, op.id) as OperatorRecord;
}

/** `scrypt$<salt hex>$<key hex>` with N=2^14 (Node's default cost), 16-byte salt, 32-byte key. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 32).toString('hex')}`;
}

/** Constant-time check of a PIN against `hashPin` output. */
export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(expected, actual);
}
