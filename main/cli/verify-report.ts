/**
 * `valhalla report verify FILE.zip [--db PATH]`: needs no database of its own, so it works on
 * a machine that never saw one.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openRaw, type Db } from '../engine/db/connection';
import { defaultKeyPath } from '../engine/engine';
import { fileKeyVault, fingerprintOf } from '../engine/governance/installation-key';
import { verifyBundle } from '../engine/reports/verify';
import { EXIT, printer, USAGE, type Out } from './common';

/**
 * Checks a bundle from the bundle alone (signature, files, events' hashes) and, with `db`,
 * each event against that database's chain (opened read-only; never created). Prints the
 * result as JSON, the problems on stderr. Exit 0 intact, 4 tampered, 2 not a bundle or a
 * bad argument.
 */
export async function verifyReport(file: string | undefined, db: string | undefined, out: Out): Promise<number> {
  if (!file) {
    out.stderr(`report verify needs the bundle FILE.zip\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const path = resolve(file);
  if (!existsSync(path)) {
    out.stderr(`no file at ${path}\n`);
    return EXIT.invalid;
  }
  let database: Db | undefined;
  let fingerprint: string | undefined;
  if (db !== undefined) {
    if (!existsSync(db)) {
      out.stderr(`--db: no database at ${db}\n`);
      return EXIT.invalid;
    }
    database = openRaw(db, { readonly: true });
    const pem = fileKeyVault(defaultKeyPath(db)).load();
    if (pem) fingerprint = fingerprintOf(createPublicKey(pem));
  }
  try {
    const result = await verifyBundle(path, { ...(database ? { db: database } : {}), ...(fingerprint ? { fingerprint } : {}) });
    printer(out).print(result);
    out.stderr(`${result.message}\n`);
    for (const p of result.problems) out.stderr(`  ${p.file}${p.row !== null ? ` row ${p.row}` : ''}${p.seq !== null ? ` event ${p.seq}` : ''}: ${p.message}\n`);
    if (result.signature.fingerprint) out.stderr(`signed by key ${result.signature.fingerprint}${result.signature.sameInstallation === true ? ' (this installation)' : result.signature.sameInstallation === false ? ' (NOT this installation)' : ''}\n`);
    return result.status === 'intact' ? EXIT.ok : result.status === 'tampered' ? EXIT.broken : EXIT.invalid;
  } finally {
    database?.close();
  }
}
