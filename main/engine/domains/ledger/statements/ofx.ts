/**
 * OFX 1.x (SGML) and 2.x (XML) statements, QFX included, read by `node-ofx-parser`.
 */
import { XMLValidator } from 'fast-xml-parser';
import ofx from 'node-ofx-parser';
import { EngineError } from '../../../../../shared/contract';
import { cleanText, decimalText, excerpt, isoDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

/**
 * Decodes an OFX file by what it declares and what it is: valid UTF-8 is read as UTF-8
 * (files declaring CHARSET:1252 are often saved as UTF-8 by the tools that touched them);
 * otherwise a declared Windows-1252/ISO-8859-1 charset, or the caller's latin1 choice, reads
 * Windows-1252. Throws EngineError `invalid` for bytes that are neither.
 */
export function decodeOfx(bytes: Uint8Array, encoding: 'utf-8' | 'latin1'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 1024));
    const declared = /CHARSET:\s*(1252|8859-1|ISO-8859-1|WINDOWS-1252)|encoding="(ISO-8859-1|windows-1252|cp1252)"/i.test(head);
    if (declared || encoding === 'latin1') return new TextDecoder('windows-1252').decode(bytes);
    throw new EngineError('invalid', 'the OFX file is not UTF-8 and declares no Windows-1252 charset: it looks like Latin-1/Windows-1252 — choose the latin1 encoding');
  }
}

/** `YYYYMMDD…` (OFX dates, time and zone ignored) → `YYYY-MM-DD`, or null. */
function ofxDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(text.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** An OFX amount: `.` decimal, or `,` where a locale wrote one (`-12,50`). */
function ofxAmount(text: string): string | null {
  return decimalText(text, /,\d{1,4}$/.test(text.trim()) && !text.includes('.') ? ',' : '.');
}

type Node = Record<string, unknown>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * A text field as the file wrote it. node-ofx-parser escapes every `&` of the file as
 * `&amp;amp;` and never decodes entities, so `9TH & VICTORIA` arrives as `9TH &amp;amp;
 * VICTORIA`: undo that, then decode the entities the file itself used (`&amp;`, `&#233;`).
 */
function ofxText(value: unknown): string | null {
  const raw = cleanText(value);
  if (raw === null) return null;
  return cleanText(
    raw.replace(/&amp;amp;/g, '&').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    }),
  );
}
const list = (v: unknown): Node[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []) as Node[];

/** OFX aggregates a statement needs: taken as aggregates even where a file never closes them (Nubank leaves BANKTRANLIST open). */
const AGGREGATES = new Set(['OFX', 'SIGNONMSGSRSV1', 'SONRS', 'STATUS', 'BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS', 'BANKACCTFROM', 'BANKTRANLIST', 'STMTTRN', 'LEDGERBAL', 'AVAILBAL', 'CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS', 'CCACCTFROM', 'INVSTMTMSGSRSV1', 'INVSTMTTRNRS', 'INVSTMTRS', 'PAYEE', 'CURRENCY', 'ORIGCURRENCY', 'BANKACCTTO', 'CCACCTTO']);

/**
 * OFX 1 (SGML) as well-formed XML, for node-ofx-parser. SGML leaves have no end tag; real
 * files also mix closed and unclosed leaves (`<CURDEF>CAD` beside `<CODE>0</CODE>`), write
 * optional leaves empty (`<BALAMT><DTASOF>…`), or close leaves long after their value, around
 * later elements (American Express: `<CODE>0 <SEVERITY>INFO </SEVERITY> </CODE>`). Rebuilt
 * here as a tree: an element with a value is a leaf, closed at once; an element without one
 * is an aggregate when an end tag for it follows or it is one of AGGREGATES, else an empty
 * leaf; an aggregate never closed ends with the one around it; an end tag that closes
 * no open aggregate is dropped; one that closes an outer aggregate closes the inner ones too.
 * Well-formed XML (OFX 2, `<?xml`) is returned as it is.
 */
function toXml(text: string): string {
  const start = text.search(/<OFX>/i);
  if (start < 0) return text;
  const body = text.slice(start);
  // OFX 2 is XML; some banks declare it and still write SGML leaves
  if (/<\?xml/i.test(text.slice(0, 1000)) && XMLValidator.validate(body) === true) return text;
  const tokens = [...body.matchAll(/<(\/?)([A-Za-z0-9._]+)>([^<]*)/g)];
  const closedLater = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (t[1]) closedLater.set((t[2] ?? '').toUpperCase(), i);
  });
  const out: string[] = [];
  const stack: string[] = [];
  tokens.forEach((t, i) => {
    const name = (t[2] ?? '').toUpperCase();
    const value = (t[3] ?? '').trim();
    if (t[1]) {
      const at = stack.lastIndexOf(name);
      if (at < 0) return;
      while (stack.length > at) out.push(`</${stack.pop()}>`);
      return;
    }
    if (value !== '') out.push(`<${name}>${value}</${name}>`);
    else if ((closedLater.get(name) ?? -1) > i || AGGREGATES.has(name)) {
      // an unclosed STMTTRN ends where the next one begins
      if (stack.at(-1) === name && (closedLater.get(name) ?? -1) < i) out.push(`</${stack.pop()}>`);
      out.push(`<${name}>`);
      stack.push(name);
    } else out.push(`<${name}></${name}>`);
  });
  while (stack.length > 0) out.push(`</${stack.pop()}>`);
  return `${text.slice(0, start)}${out.join('\n')}`;
}

/**
 * Reads the transactions (STMTTRN) of every bank and credit-card statement in an OFX/QFX
 * text, each with its statement's account (ACCTID) and currency (CURDEF, unless it names its
 * own). A transaction without a readable DTPOSTED or TRNAMT is a row error naming the element
 * and the line of its STMTTRN. A file whose statements hold no transactions reads no rows and
 * says so in `notes`; investment statements beside bank ones are skipped with a note. Throws
 * EngineError `invalid` for SGML/XML the parser cannot read, a file with no bank or card
 * statement, or an investment statement alone ("not supported yet").
 */
export function readOfx(text: string): ReaderOutput {
  // repairing SGML must never hide a file that was cut short: it would lose its last transactions
  if (!/<\/OFX>\s*$/i.test(text)) throw new EngineError('invalid', 'broken OFX: the file is cut short (it does not end with </OFX>) — download it again');
  let parsed: unknown;
  try {
    parsed = ofx.parse(toXml(text));
  } catch (error) {
    throw new EngineError('invalid', `broken OFX: the parser could not read it (${error instanceof Error ? error.message : String(error)}) — is the file cut short or edited?`);
  }
  const statements: Node[] = [];
  let investment = false;
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'STMTRS' || key === 'CCSTMTRS') statements.push(...list(value));
      else if (key === 'INVSTMTRS') investment = true;
      else walk(value);
    }
  };
  walk(parsed);
  if (statements.length === 0 && investment) throw new EngineError('invalid', 'this is an investment statement (INVSTMTRS): investment statements are not supported yet — export the bank or card account instead');
  if (statements.length === 0) throw new EngineError('invalid', 'broken OFX: no bank or card statement (STMTRS or CCSTMTRS) found');
  const notes: string[] = [];
  if (investment) notes.push('skipped the investment statements (INVSTMTRS) in the file: only bank and card statements are imported');
  // the line of each <STMTTRN>, in file order, to say where a transaction that cannot be read is
  const starts = [...text.matchAll(/<STMTTRN>/gi)].map((m) => text.slice(0, m.index).split('\n').length);
  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  let row = 0;
  for (const statement of statements) {
    const currency = ofxText(statement.CURDEF);
    const from = list(statement.BANKACCTFROM)[0] ?? list(statement.CCACCTFROM)[0];
    const account = from ? ofxText(from.ACCTID) : null;
    for (const list_ of list(statement.BANKTRANLIST)) {
      for (const t of list(list_.STMTTRN)) {
        row += 1;
        const line = starts[row - 1];
        const at = { ...(line === undefined ? {} : { line }), account };
        const date = typeof t.DTPOSTED === 'string' ? ofxDate(t.DTPOSTED) : null;
        const amount = typeof t.TRNAMT === 'string' ? ofxAmount(t.TRNAMT) : null;
        if (!date) errors.push({ row, ...at, message: t.DTPOSTED === undefined ? 'no DTPOSTED (date) in this STMTTRN' : `<DTPOSTED>${excerpt(String(t.DTPOSTED))} is not an OFX date` });
        else if (amount === null) errors.push({ row, ...at, message: t.TRNAMT === undefined ? 'no TRNAMT (amount) in this STMTTRN' : `<TRNAMT>${excerpt(String(t.TRNAMT))} is not a number` });
        else {
          // CURRENCY means TRNAMT is in that currency; ORIGCURRENCY only tells where it came from
          const own = ofxText(list(t.CURRENCY)[0]?.CURSYM);
          const payee = ofxText(t.NAME) ?? ofxText(t.PAYEE) ?? ofxText(list(t.PAYEE)[0]?.NAME);
          rows.push({ row, date, amount, currency: own ?? currency, payee, memo: ofxText(t.MEMO), bankTransactionId: ofxText(t.FITID), account });
        }
      }
    }
  }
  if (row === 0) notes.push(`the file holds ${statements.length === 1 ? 'a statement' : `${statements.length} statements`} with no transactions`);
  return { rows, errors, notes };
}
