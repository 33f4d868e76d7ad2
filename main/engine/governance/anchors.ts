/**
 * Chain anchors (DOMAIN.md "Decisions and the audit log"): a hash chain proves nothing about
 * its own end, so after every commit that appends audit events the chain head
 * (sequence + hash) is also written outside the database file, to an append-only anchors
 * file beside it, one signed JSON line per head, fsync'd (on the thread pool, see `append`). Verification compares the chain
 * with the latest anchor: a chain shorter than the anchor (its tail was cut) or with another
 * hash at the anchored sequence (it was edited and re-hashed) is tampered.
 *
 * A line is `{"v":1,"kind","seq","hash","at","note","sig"}` where `sig` is the installation
 * key's Ed25519 signature (base64) over the RFC 8785 canonical JSON of the line without
 * `sig`. Kinds: `head` (after a commit), `begin` (the file's first line on a new or newly
 * migrated database), `gap` (the file's first line when it was missing while the chain had
 * events: reported by every verification), `restore` (a restore replaced the chain),
 * `backup` (a verified backup's head), `report` (an exported bundle's head).
 */
import { closeSync, createReadStream, existsSync, fdatasync, fdatasyncSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Anchor, AnchorCheck } from '../../../shared/contract';
import { sql, type Db } from '../db/connection';
import { GENESIS_HASH } from './audit';
import { canonicalJson } from './canonical';
import { verifySignature, type SigningKey } from './installation-key';

/** A line as read back: the anchor, whether its signature verifies, and its raw text. */
export interface ReadAnchor {
  anchor: Anchor;
  valid: boolean;
  line: string;
}

export interface AnchorLog {
  readonly path: string;
  exists(): boolean;
  /**
   * Appends one signed line (written at once, so any reader sees it) and has it fsync'd on
   * the thread pool, coalesced with the lines that follow while one fsync runs: the caller
   * does not wait for the disk. Throws the file system's error on the write (the caller
   * reports it). A power cut before the fsync can lose the newest line(s), which leaves the
   * chain longer than its last anchor: reported as not anchored yet, never as tampering.
   */
  append(anchor: Anchor): void;
  /** Waits for the lines written so far to be on disk (tests, shutdown). */
  flush(): Promise<void>;
  /** The last complete line, or null for a missing or empty file. */
  latest(): ReadAnchor | null;
  /** The last line as this log last wrote or read it (read from the file once), for the check before each append. */
  last(): ReadAnchor | null;
  /** The first line, or null. */
  first(): ReadAnchor | null;
  close(): void;
}

const TAIL_BYTES = 64 * 1024;

/** The signed text of an anchor: its canonical JSON with the format version. */
function signedText(a: Anchor): string {
  return canonicalJson({ v: 1, kind: a.kind, seq: a.seq, hash: a.hash, at: a.at, note: a.note });
}

/** Formats an anchor as its line (no newline), signed by `key`. */
export function anchorLine(a: Anchor, key: Pick<SigningKey, 'sign'>): string {
  return JSON.stringify({ v: 1, kind: a.kind, seq: a.seq, hash: a.hash, at: a.at, note: a.note, sig: key.sign(signedText(a)) });
}

/**
 * Parses one line; null for text that is not an anchor line (a torn write after a crash).
 * `valid` tells whether its signature is `publicKeyPem`'s.
 */
export function parseAnchorLine(line: string, publicKeyPem: string): ReadAnchor | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const kinds = ['head', 'begin', 'gap', 'restore', 'backup', 'report'];
  if (r.v !== 1 || typeof r.kind !== 'string' || !kinds.includes(r.kind) || !Number.isInteger(r.seq) || typeof r.hash !== 'string' || typeof r.at !== 'string') return null;
  const anchor: Anchor = { kind: r.kind as Anchor['kind'], seq: r.seq as number, hash: r.hash, at: r.at, note: typeof r.note === 'string' ? r.note : null };
  const valid = typeof r.sig === 'string' && verifySignature(publicKeyPem, signedText(anchor), r.sig);
  return { anchor, valid, line };
}

/** Reads the lines of a small chunk of the file (`start`, `length` in bytes). */
function readChunk(fd: number, start: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, start);
  return buffer.subarray(0, n).toString('utf8');
}

/**
 * The anchors file at `path`, appended with `key`. The file is opened for appending on the
 * first write; a file that does not end in a newline (a torn write) gets one first, so the
 * next line stands alone.
 */
export function openAnchorLog(path: string, key: SigningKey): AnchorLog {
  let fd: number | null = null;
  let cachedLast: ReadAnchor | null | undefined;
  // lines written since the last fsync began, and the fsync under way (one at a time)
  let dirty = false;
  let syncing: Promise<void> | null = null;
  const sync = (): Promise<void> => {
    if (syncing) return syncing;
    if (!dirty || fd === null) return Promise.resolve();
    dirty = false;
    const target = fd;
    syncing = new Promise<void>((resolve) => {
      fdatasync(target, () => {
        syncing = null;
        // lines written while this one ran get their own fsync
        if (dirty && fd !== null) void sync();
        resolve();
      });
    });
    return syncing;
  };

  const readEnd = (which: 'first' | 'last'): ReadAnchor | null => {
    if (!existsSync(path)) return null;
    const rfd = openSync(path, 'r');
    try {
      const size = fstatSync(rfd).size;
      if (size === 0) return null;
      const start = which === 'first' ? 0 : Math.max(0, size - TAIL_BYTES);
      const lines = readChunk(rfd, start, Math.min(size, TAIL_BYTES)).split('\n');
      // a chunk starting mid-file begins with the end of a line: drop it
      if (which === 'last' && start > 0) lines.shift();
      const ordered = which === 'first' ? lines : lines.reverse();
      for (const line of ordered) {
        if (line.trim() === '') continue;
        const parsed = parseAnchorLine(line, key.publicKeyPem);
        if (parsed) return parsed;
      }
      return null;
    } finally {
      closeSync(rfd);
    }
  };

  return {
    path,
    exists: () => existsSync(path),
    append(anchor) {
      if (fd === null) {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a+', 0o644);
        const size = fstatSync(fd).size;
        if (size > 0 && readChunk(fd, size - 1, 1) !== '\n') writeSync(fd, '\n');
      }
      const line = anchorLine(anchor, key);
      writeSync(fd, `${line}\n`);
      cachedLast = { anchor, valid: true, line };
      dirty = true;
      void sync();
    },
    async flush() {
      while (syncing || dirty) await (syncing ?? sync());
    },
    latest: () => readEnd('last'),
    last() {
      if (cachedLast === undefined) cachedLast = readEnd('last');
      return cachedLast;
    },
    first: () => readEnd('first'),
    close() {
      if (fd === null) return;
      // the last lines reach the disk before the descriptor goes (a pending fsync on the
      // thread pool then finds it closed and its error is ignored)
      if (dirty || syncing) fdatasyncSync(fd);
      closeSync(fd);
      fd = null;
      dirty = false;
    },
  };
}

/**
 * Every anchor line of the file whose `at` lies in [fromInstant, toInstant), streamed (the
 * file grows by a line per commit). Lines that do not parse are skipped.
 */
export async function anchorsInRange(path: string, fromInstant: string, toInstant: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const out: string[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const m = /"at":"([^"]+)"/.exec(line);
    if (m && m[1]! >= fromInstant && m[1]! < toInstant) out.push(line);
  }
  return out;
}

/**
 * Whether the chain still holds `anchor`: it reaches the anchored sequence with the anchored
 * hash (one indexed read). A chain that does not must never be anchored again: its new head
 * would make the tampering look anchored.
 */
export function chainHolds(db: Db, anchor: Anchor): boolean {
  return hashAt(db, anchor.seq) === anchor.hash;
}

/** The stored hash of audit event `seq` (0 is the genesis hash), or null when there is none. */
function hashAt(db: Db, seq: number): string | null {
  if (seq === 0) return GENESIS_HASH;
  const row = sql(db, 'SELECT hash FROM audit_events WHERE seq = ?').get(seq) as { hash: string } | undefined;
  return row?.hash ?? null;
}

/**
 * Compares the chain with the latest anchor of `log`.
 *
 * @param missingAtOpen the anchors file was missing when the database was opened (a new one
 *   was started since): reported as `missing` for the rest of this process's life.
 * @returns status `ok | tampered | missing | none` with a sentence saying which anchor and why.
 */
export function checkAnchors(db: Db, log: AnchorLog, missingAtOpen = false): AnchorCheck {
  const first = log.first();
  const gaps = first && first.anchor.kind === 'gap' ? [first.anchor] : [];
  const gapNote = gaps.length ? ` The anchors file was restarted on ${gaps[0]!.at} at event ${gaps[0]!.seq} (it was missing): the chain's end before then is not anchored.` : '';
  const eventCount = (sql(db, 'SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  if (!log.exists() || missingAtOpen) {
    return {
      status: eventCount === 0 ? 'none' : 'missing',
      anchor: null,
      source: null,
      gaps,
      message:
        eventCount === 0
          ? 'No events and no anchors yet.'
          : `The anchors file ${log.path} was missing when the database was opened: the chain's end (${eventCount} events) could not be checked against an anchor outside the database.${missingAtOpen && log.exists() ? ' A new anchors file was started.' : ''}`,
    };
  }
  const latest = log.latest();
  if (!latest) {
    return {
      status: eventCount === 0 ? 'none' : 'missing',
      anchor: null,
      source: 'anchors file',
      gaps,
      message: eventCount === 0 ? 'No events and no anchors yet.' : `The anchors file ${log.path} holds no anchor.`,
    };
  }
  const { anchor } = latest;
  const base = { anchor, source: 'anchors file', gaps };
  if (!latest.valid) {
    return { ...base, status: 'tampered', message: `The latest anchor (event ${anchor.seq}, ${anchor.at}) does not carry this installation's signature: the anchors file was edited.` };
  }
  const lastSeq = (sql(db, 'SELECT coalesce(max(seq), 0) AS n FROM audit_events').get() as { n: number }).n;
  if (lastSeq < anchor.seq) {
    return {
      ...base,
      status: 'tampered',
      message: `The chain ends at event ${lastSeq}, but the anchor of ${anchor.at} records event ${anchor.seq}: events ${lastSeq + 1}–${anchor.seq} were removed (the tail was cut).`,
    };
  }
  if (!chainHolds(db, anchor)) {
    return {
      ...base,
      status: 'tampered',
      message: `Event ${anchor.seq} has another hash than the anchor of ${anchor.at} records: the chain was edited and re-hashed.`,
    };
  }
  const beyond = lastSeq > anchor.seq ? ` ${lastSeq - anchor.seq} later event(s) are not anchored yet.` : '';
  return { ...base, status: 'ok', message: `The chain reaches the anchor of ${anchor.at} (event ${anchor.seq}) with the anchored hash.${beyond}${gapNote}` };
}
