/**
 * Verification of an audit report bundle (see bundle.ts), from the bundle alone or against
 * a database. It checks, and names what fails (file, and row or sequence where there is one):
 *
 * 1. the manifest's Ed25519 signature (with the public key it carries; the fingerprint is
 *    reported so a reader can compare it with the one printed on the report);
 * 2. every file against the manifest's SHA-256 and size; files missing or added;
 * 3. every audit event's hash, recomputed from its fields, and the links between
 *    consecutive events, from the manifest's `firstPrevHash`;
 * 4. every decision against its own audit event (status, reason, hashes) and its params
 *    against its `paramsSha256`;
 * 5. a CSV file that differs from the manifest is compared record by record with the one
 *    its JSONL twin gives, to name the first changed row;
 * 6. with a database: each event's hash against the stored chain, and the manifest's chain
 *    head against it.
 *
 * Memory: lines are streamed; a map of decision id → the SHA-256 of its audit event's
 * decision fields is kept (about 150 bytes a decision).
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { BundleVerification, VerifyProblem } from '../../../shared/contract';
import type { Db } from '../db/connection';
import { digestStream, openZip, type ZipReader } from '../files/zip';
import { rowCanonical } from '../governance/audit';
import { canonicalJson, hashValue, sha256Hex } from '../governance/canonical';
import { fingerprintOf, verifySignature } from '../governance/installation-key';
import { BUNDLE_KIND, csvText, DECISION_COLUMNS, decisionRecord, EVENT_COLUMNS, eventRecord, MANIFEST_NAME, type BundleDecision, type BundleEvent } from './bundle';

const MAX_PROBLEMS = 200;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

interface Manifest {
  kind: string;
  range: { from: string; to: string; sessionId: string | null };
  chainHead: { seq: number; hash: string } | null;
  events: { count: number; firstSeq: number | null; lastSeq: number | null; firstPrevHash: string | null; contiguous: boolean };
  decisions: { count: number };
  files: { name: string; sha256: string; size: number }[];
  signature?: { algorithm: string; publicKeyPem: string; fingerprint: string; value: string };
}

export interface VerifyOptions {
  /** Check each event against this database's chain too. */
  db?: Db;
  /** This installation's key fingerprint, to say whether it signed the bundle. */
  fingerprint?: string;
}

/** Reads an entry's lines (UTF-8, `\n`-separated; a BOM is dropped). */
async function* lines(zip: ZipReader, name: string): AsyncGenerator<string> {
  const reader = createInterface({ input: await zip.open(name), crlfDelay: Infinity });
  let first = true;
  for await (const line of reader) {
    yield first ? line.replace(/^\ufeff/, '') : line;
    first = false;
  }
}

/** The event's hash recomputed from its fields, as audit.ts computes it. */
export function eventHash(e: BundleEvent): string {
  const canonical = rowCanonical({
    seq: e.seq,
    id: e.id,
    at: e.at,
    operator_id: e.operatorId,
    session_id: e.sessionId,
    decision_id: e.decisionId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before_json: canonicalJson(e.before),
    after_json: canonicalJson(e.after),
  });
  return sha256Hex(`${e.prevHash}\n${canonical}`);
}

/**
 * The first CSV record (1-based data row; 0 is the header) where `actual` differs from the
 * records `expected` yields, or null when they are equal to the end.
 */
async function firstDifferentRecord(actual: Readable, expected: AsyncGenerator<string>): Promise<number | null> {
  const decoder = new StringDecoder('utf8');
  const chunks = actual[Symbol.asyncIterator]();
  let buffer = '';
  let ended = false;
  const fill = async (n: number) => {
    while (!ended && buffer.length < n) {
      const next = await chunks.next();
      if (next.done) {
        buffer += decoder.end();
        ended = true;
      } else buffer += decoder.write(next.value as Buffer);
    }
  };
  let row = 0;
  for await (const record of expected) {
    await fill(record.length);
    if (buffer.slice(0, record.length) !== record) return row;
    buffer = buffer.slice(record.length);
    row += 1;
  }
  await fill(1);
  return buffer.length > 0 ? row : null;
}

/** Checks the bundle at `path`. Never throws for a bad file: the answer says what is wrong. */
export async function verifyBundle(path: string, options: VerifyOptions = {}): Promise<BundleVerification> {
  const problems: VerifyProblem[] = [];
  let more = 0;
  const problem = (p: Omit<VerifyProblem, 'row' | 'seq'> & Partial<Pick<VerifyProblem, 'row' | 'seq'>>) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ row: null, seq: null, ...p });
    else more += 1;
  };
  const notBundle = (message: string): BundleVerification => ({
    status: 'not_a_bundle',
    message,
    signature: { valid: false, fingerprint: null, sameInstallation: null },
    range: null,
    chainHead: null,
    files: [],
    eventsChecked: 0,
    againstDatabase: false,
    problems: [],
    moreProblems: 0,
  });

  let zip: ZipReader;
  try {
    zip = await openZip(path);
  } catch (error) {
    return notBundle(`Not an audit report bundle: ${path} is not a complete zip file (${error instanceof Error ? error.message : String(error)}).`);
  }
  try {
    if (!zip.names.includes(MANIFEST_NAME)) return notBundle(`Not an audit report bundle: ${path} has no ${MANIFEST_NAME}.`);
    let manifest: Manifest;
    try {
      manifest = JSON.parse((await zip.readAll(MANIFEST_NAME, MAX_MANIFEST_BYTES)).toString('utf8')) as Manifest;
    } catch (error) {
      return { ...notBundle(''), status: 'tampered', message: `${MANIFEST_NAME} cannot be read: ${error instanceof Error ? error.message : String(error)}`, problems: [{ file: MANIFEST_NAME, row: null, seq: null, message: 'not valid JSON' }] };
    }
    if (!manifest || manifest.kind !== BUNDLE_KIND || !Array.isArray(manifest.files)) return notBundle(`Not an audit report bundle: ${MANIFEST_NAME} is of kind "${String(manifest?.kind)}".`);

    // 1. signature
    const { signature, ...body } = manifest;
    let fingerprint: string | null = null;
    let valid = false;
    if (signature && typeof signature.publicKeyPem === 'string' && typeof signature.value === 'string') {
      try {
        fingerprint = fingerprintOf(signature.publicKeyPem);
      } catch {
        fingerprint = null;
      }
      valid = fingerprint !== null && verifySignature(signature.publicKeyPem, canonicalJson(body), signature.value);
    }
    if (!valid) problem({ file: MANIFEST_NAME, message: signature ? 'the signature does not verify: the manifest was changed or signed by someone else' : 'the manifest is not signed' });
    else if (signature && signature.fingerprint !== fingerprint) problem({ file: MANIFEST_NAME, message: `the fingerprint written in the manifest (${signature.fingerprint}) is not its key's (${fingerprint})` });

    // 2. files
    const listed = new Map(manifest.files.map((f) => [f.name, f]));
    const fileResults: BundleVerification['files'] = [];
    const changed = new Set<string>();
    for (const name of zip.names) {
      if (name !== MANIFEST_NAME && !listed.has(name)) {
        problem({ file: name, message: 'added: the file is not in the manifest' });
        fileResults.push({ name, size: zip.size(name), ok: false });
      }
    }
    for (const f of manifest.files) {
      if (!zip.names.includes(f.name)) {
        problem({ file: f.name, message: 'missing: the manifest lists it, the bundle does not hold it' });
        fileResults.push({ name: f.name, size: f.size, ok: false });
        continue;
      }
      let digest: { sha256: string; size: number } | null = null;
      try {
        digest = await digestStream(await zip.open(f.name));
      } catch (error) {
        problem({ file: f.name, message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` });
      }
      const ok = digest !== null && digest.sha256 === f.sha256 && digest.size === f.size;
      if (digest && !ok) {
        changed.add(f.name);
        problem({ file: f.name, message: `changed: its SHA-256 ${digest.size === f.size ? '' : `and size (${digest.size} bytes, manifest ${f.size}) `}differ from the manifest` });
      }
      fileResults.push({ name: f.name, size: digest?.size ?? f.size, ok });
    }

    // 3. events: each hash, each link, and (with a database) the stored chain
    const decisionEvents = new Map<string, string>();
    let eventsChecked = 0;
    const db = options.db;
    const storedHash = db ? db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck() : null;
    if (zip.names.includes('audit-events.jsonl')) {
      let previous: BundleEvent | null = null;
      let row = 0;
      for await (const line of lines(zip, 'audit-events.jsonl')) {
        if (line === '') continue;
        row += 1;
        let e: BundleEvent;
        try {
          e = JSON.parse(line) as BundleEvent;
        } catch {
          problem({ file: 'audit-events.jsonl', row, message: 'not valid JSON' });
          continue;
        }
        eventsChecked += 1;
        if (eventHash(e) !== e.hash) problem({ file: 'audit-events.jsonl', row, seq: e.seq, message: `event ${e.seq} was changed: its hash does not match its fields` });
        const expectedPrev = previous ? (previous.seq === e.seq - 1 ? previous.hash : null) : manifest.events.contiguous ? manifest.events.firstPrevHash : null;
        if (expectedPrev !== null && e.prevHash !== expectedPrev) problem({ file: 'audit-events.jsonl', row, seq: e.seq, message: `event ${e.seq} does not link to the event before it` });
        if (previous && manifest.events.contiguous && e.seq !== previous.seq + 1) problem({ file: 'audit-events.jsonl', row, seq: e.seq, message: `events ${previous.seq + 1}–${e.seq - 1} are missing` });
        if (storedHash) {
          const stored = storedHash.get(e.seq) as string | undefined;
          if (stored === undefined) problem({ file: 'audit-events.jsonl', row, seq: e.seq, message: `event ${e.seq} is not in this database's chain (its tail was cut?)` });
          else if (stored !== e.hash) problem({ file: 'audit-events.jsonl', row, seq: e.seq, message: `event ${e.seq} differs from this database's chain` });
        }
        if (e.entity === 'decision' && e.entityId) decisionEvents.set(e.entityId, sha256Hex(canonicalJson(e.after)));
        previous = e;
      }
      if (eventsChecked !== manifest.events.count) problem({ file: 'audit-events.jsonl', message: `${eventsChecked} events, the manifest says ${manifest.events.count}` });
      if (manifest.events.contiguous && previous && manifest.events.lastSeq !== null && previous.seq !== manifest.events.lastSeq) {
        problem({ file: 'audit-events.jsonl', seq: previous.seq, message: `the events end at ${previous.seq}, the manifest says ${manifest.events.lastSeq}` });
      }
    }
    if (db && manifest.chainHead) {
      const stored = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(manifest.chainHead.seq) as string | undefined;
      if (stored === undefined) problem({ file: MANIFEST_NAME, seq: manifest.chainHead.seq, message: `this database's chain ends before the bundle's chain head (event ${manifest.chainHead.seq}): its tail was cut` });
      else if (stored !== manifest.chainHead.hash) problem({ file: MANIFEST_NAME, seq: manifest.chainHead.seq, message: `event ${manifest.chainHead.seq} of this database differs from the bundle's chain head: the chain was re-hashed` });
    }

    // 4. decisions against their events
    if (zip.names.includes('decisions.jsonl')) {
      let row = 0;
      for await (const line of lines(zip, 'decisions.jsonl')) {
        if (line === '') continue;
        row += 1;
        let d: BundleDecision;
        try {
          d = JSON.parse(line) as BundleDecision;
        } catch {
          problem({ file: 'decisions.jsonl', row, message: 'not valid JSON' });
          continue;
        }
        if (d.status !== 'INVALID' && hashValue(d.params) !== d.paramsSha256) problem({ file: 'decisions.jsonl', row, message: `decision ${d.id}: its params do not match its paramsSha256` });
        const event = decisionEvents.get(d.id);
        const mine = sha256Hex(canonicalJson({ action: d.action, status: d.status, reason: d.reason, paramsSha256: d.paramsSha256, resultSha256: d.resultSha256 }));
        if (event === undefined) {
          if (manifest.events.contiguous) problem({ file: 'decisions.jsonl', row, message: `decision ${d.id} has no audit event in the bundle` });
        } else if (event !== mine) problem({ file: 'decisions.jsonl', row, message: `decision ${d.id} differs from its audit event (status, reason or hashes)` });
      }
    }

    // 5. name the row of a changed CSV
    const twins: [string, string, readonly string[], (row: never) => (string | number | null)[]][] = [
      ['decisions.csv', 'decisions.jsonl', DECISION_COLUMNS, decisionRecord as (row: never) => (string | number | null)[]],
      ['audit-events.csv', 'audit-events.jsonl', EVENT_COLUMNS, eventRecord as (row: never) => (string | number | null)[]],
    ];
    for (const [csv, jsonl, header, record] of twins) {
      if (!changed.has(csv) || !zip.names.includes(jsonl)) continue;
      const expected = (async function* () {
        yield `\ufeff${csvText([[...header]])}`;
        for await (const line of lines(zip, jsonl)) if (line !== '') yield csvText([record(JSON.parse(line) as never)]);
      })();
      try {
        const row = await firstDifferentRecord(await zip.open(csv), expected);
        if (row !== null) {
          const at = problems.find((p) => p.file === csv && p.row === null);
          if (at) at.row = row;
          if (at) at.message += row === 0 ? ' (the header row)' : ` (first changed row: ${row})`;
        }
      } catch {
        // the JSONL twin is itself unreadable: the file-level problem stands
      }
    }

    const status = problems.length === 0 && more === 0 ? 'intact' : 'tampered';
    return {
      status,
      message:
        status === 'intact'
          ? `Intact: the signature verifies, ${manifest.files.length} files match the manifest, ${eventsChecked} events verify${db ? ' and match this database' : ''}.`
          : `Tampered: ${problems.length + more} problem(s); first: ${problems[0]!.file}${problems[0]!.row !== null ? ` row ${problems[0]!.row}` : ''}${problems[0]!.seq !== null ? ` event ${problems[0]!.seq}` : ''}: ${problems[0]!.message}.`,
      signature: { valid, fingerprint, sameInstallation: options.fingerprint && fingerprint ? options.fingerprint === fingerprint : null },
      range: { from: manifest.range.from, to: manifest.range.to, sessionId: manifest.range.sessionId },
      chainHead: manifest.chainHead,
      files: fileResults,
      eventsChecked,
      againstDatabase: db !== undefined,
      problems,
      moreProblems: more,
    };
  } finally {
    zip.close();
  }
}
