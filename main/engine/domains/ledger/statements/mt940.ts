/**
 * SWIFT MT940 statements, read with `mt940-js` for the statement structure (which `:61:`
 * belongs to which `:20:`, its `:86:` text, the currency of the opening balance) and with
 * the `:61:` statement line re-read here, in the same order, because mt940-js:
 * - reads the bank reference (`//…`) only when it is exactly 16 characters long (its pattern
 *   is `//[A-Z0-9]{16}`), so `//BANKREF001` is lost;
 * - returns the amount as a float (parseFloat), where money must stay decimal text;
 * - treats RC (reversal of a credit: money out) as a credit;
 * - turns every byte into one character (Latin-1), so UTF-8 text arrives garbled: the `:86:`
 *   text is turned back into its bytes and decoded in the file's encoding.
 * mt940-js's `read` answers with a Promise although it parses synchronously; the preview
 * query is synchronous, so the transactions are collected through its documented
 * `getTransactionId` option, which it calls for each `:61:` during the read, and checked
 * against the `:61:` lines found here.
 */
import { createHash } from 'node:crypto';
import { read, type Transaction } from 'mt940-js';
import { EngineError } from '../../../../../shared/contract';
import { cleanText, decimalText, excerpt, isoDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

/** value date YYMMDD, entry date MMDD, mark, funds code, amount, type, customer ref, //bank ref, rest. */
const STATEMENT_LINE = /^(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(RC|RD|C|D)([A-Z])?(\d+(?:,\d*)?)([NFS][A-Z0-9]{3})?(.*?)(?:\/\/(.{0,16}))?$/;

/** Whether a text looks like MT940: a `:20:` and a `:61:` or `:60F:` tag at the start of a line, or a SWIFT `{1:` block. */
export function looksLikeMt940(text: string): boolean {
  return /^\{1:/.test(text) || (/(^|\n):20:/.test(text) && /(^|\n):(61|60[FM]):/.test(text));
}

/** Payee and memo from `:86:` text: SEPA `/NAME/…/REMI/…` fields, German `?32` name and `?20`–`?29` purpose, Dutch `NAAM:`, else the text as payee. */
function describe(info: string): { payee: string | null; memo: string | null } {
  if (/\/(NAME|REMI)\//.test(info)) {
    const fields = new Map<string, string>();
    for (const m of info.matchAll(/\/([A-Z]{2,4})\/(.*?)(?=\/[A-Z]{2,4}\/|$)/g)) if (!fields.has(m[1] ?? '')) fields.set(m[1] ?? '', m[2] ?? '');
    return { payee: cleanText(fields.get('NAME')), memo: cleanText(fields.get('REMI')) ?? cleanText(fields.get('EREF')) };
  }
  if (/\?\d{2}/.test(info)) {
    const sub = new Map<number, string>();
    for (const m of info.matchAll(/\?(\d{2})([^?]*)/g)) sub.set(Number(m[1]), `${sub.get(Number(m[1])) ?? ''}${m[2] ?? ''}`);
    // The name is one field split over ?32 and ?33: its halves join as written. The purpose
    // (?20–?29, ?60–?63) is lines of at most 27 characters: a full line was cut mid-text and
    // joins the next directly; a shorter one ended a line, so a space follows it; a SEPA
    // keyword (EREF+, SVWZ+ …) always starts a new item.
    const name = (codes: number[]) => cleanText(codes.map((c) => sub.get(c) ?? '').join(''));
    const join = (codes: number[]) => {
      const parts = codes.map((c) => sub.get(c) ?? '').filter(Boolean);
      return cleanText(parts.map((part, i) => (i > 0 && ((parts[i - 1]?.length ?? 0) < 27 || /^(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+/.test(part)) ? ` ${part}` : part)).join(''));
    };
    const purpose = join([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63]);
    return { payee: name([32, 33]) ?? cleanText(sub.get(0)), memo: purpose };
  }
  // Dutch banks (Knab, ING): "… REK: NL65INGB0123456789/NAAM: PICQER"
  const naam = /\bNAAM:\s*(.+?)(?=\s+[A-Z]{2,}:|$)/.exec(info);
  if (naam) return { payee: cleanText(naam[1]), memo: cleanText(info.slice(0, naam.index).replace(/\s*REK:\s*\S*$/, '')) };
  return { payee: cleanText(info), memo: null };
}

/**
 * The booking date: the entry date (MMDD) in the value date's year, moved a year back or
 * forward when the two are more than six months apart (a booking on 31 Dec for value 2 Jan);
 * the value date when there is no entry date. Null for a day that does not exist.
 */
function bookingDate(yy: string, mm: string, dd: string, entryMm?: string, entryDd?: string): string | null {
  const year = 2000 + Number(yy) - (Number(yy) > 79 ? 100 : 0);
  if (!isoDate(year, Number(mm), Number(dd))) return null;
  if (!entryMm || !entryDd) return isoDate(year, Number(mm), Number(dd));
  const gap = Number(entryMm) - Number(mm);
  return isoDate(year + (gap > 6 ? -1 : gap < -6 ? 1 : 0), Number(entryMm), Number(entryDd));
}

/**
 * Reads every `:61:` transaction of every statement in an MT940 file (`bytes` as stored,
 * `decode` the file's text decoding). Amount sign: C and RD are money in, D and RC money out.
 * Bank id: the bank reference, else the customer reference (not NONREF), when that reference
 * occurs once in the file; otherwise none, so the stable hash identifies the transaction. A
 * statement line that cannot be read is a row error. Throws EngineError `invalid` when a
 * `:61:` comes before any `:20:` or the file holds no statement.
 */
export function readMt940(bytes: Uint8Array, textOf: (bytes: Uint8Array) => string): ReaderOutput {
  const text = textOf(bytes);
  const found: Transaction[] = [];
  // mt940-js skips a :61: whose amount has no decimal comma ("C500N…", valid MT940): give it one
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const forLibrary = Buffer.from(latin1.replace(/^(:61:\d{6}(?:\d{4})?R?[CD][A-Z]?)(\d+)(?=[A-Z])/gm, '$1$2,'), 'latin1');
  void read(forLibrary, {
    getTransactionId: (t) => {
      found.push(t);
      return createHash('sha256').update(JSON.stringify(t)).digest('hex');
    },
  });
  const lines = text.split(/\r?\n|\r/);
  const raw: { line: number; content: string; currency: string | null; account: string | null }[] = [];
  let inStatement = false;
  let currency: string | null = null;
  let account: string | null = null;
  lines.forEach((l, i) => {
    if (l.startsWith(':20:')) {
      inStatement = true;
      currency = null;
      account = null;
    }
    if (l.startsWith(':25:')) account = cleanText(l.slice(4));
    const opening = /^:60[FM]:[CD]\d{6}([A-Z]{3})/.exec(l);
    if (opening) currency = opening[1] ?? null;
    if (!l.startsWith(':61:')) return;
    if (!inStatement) throw new EngineError('invalid', `broken MT940: line ${i + 1}: a :61: transaction before any :20: statement header`);
    raw.push({ line: i + 1, content: l.slice(4), currency, account });
  });
  if (!inStatement) throw new EngineError('invalid', 'broken MT940: no statement (:20:) found');
  if (!/(^|\n):60[FM]:/.test(text) && /(^|\n):(34F|13D?|90[CD]):/.test(text)) {
    throw new EngineError('invalid', 'this is an MT942 interim transaction report, not an MT940 statement: its entries are not final — import the day\'s MT940 statement instead');
  }

  const parsedLines = raw.map((r) => STATEMENT_LINE.exec(r.content.trim()));
  const accepted = parsedLines.filter(Boolean).length;
  // mt940-js skips the lines its own pattern rejects; both must agree on the rest to pair them
  if (found.length !== accepted && found.length !== raw.length) throw new EngineError('invalid', `broken MT940: ${raw.length} :61: lines, of which mt940-js read ${found.length} and this reader ${accepted}`);
  const pairs = found.length === raw.length;
  const references = new Map<string, number>();
  const refOf = (m: RegExpExecArray): string | null => cleanText(m[11]) ?? (cleanText(m[10]) && !/^NONREF$/i.test(m[10]?.trim() ?? '') ? cleanText(m[10]) : null);
  for (const m of parsedLines) {
    const ref = m ? refOf(m) : null;
    if (ref) references.set(ref, (references.get(ref) ?? 0) + 1);
  }
  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  let nth = 0;
  raw.forEach((r, i) => {
    const row = i + 1;
    const m = parsedLines[i];
    const t = pairs ? found[i] : m ? found[nth] : undefined;
    if (m) nth += 1;
    if (!m) return errors.push({ row, line: r.line, message: `:61: statement line "${excerpt(r.content)}" cannot be read` });
    const date = bookingDate(m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4], m[5]);
    if (!date) return errors.push({ row, line: r.line, message: `:61: date "${m[1]}${m[2]}${m[3]}${m[4] ?? ''}${m[5] ?? ''}" does not exist` });
    // `300,` (nothing after the decimal comma) is valid MT940 and common
    const magnitude = decimalText((m[8] ?? '').replace(/,$/, ''), ',');
    if (magnitude === null) return errors.push({ row, line: r.line, message: `:61: amount "${excerpt(m[8] ?? '')}" is not a number` });
    const out = m[6] === 'D' || m[6] === 'RC';
    // each character mt940-js returns is one byte of the file: back to bytes, then decoded properly
    const { payee, memo } = describe(t ? textOf(Buffer.from(t.description, 'latin1')) : '');
    const ref = refOf(m);
    rows.push({
      row,
      date,
      amount: out && magnitude !== '0' ? `-${magnitude}` : magnitude,
      currency: r.currency ?? cleanText(t?.currency),
      payee,
      memo,
      bankTransactionId: ref && references.get(ref) === 1 ? ref : null,
      account: r.account,
    });
  });
  return { rows, errors };
}
