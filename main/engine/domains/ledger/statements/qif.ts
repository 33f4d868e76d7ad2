/**
 * QIF statements of bank, cash and card accounts, read by `qif2json`, with the date (D)
 * and amount (T/U) of each record re-read strictly here: qif2json rolls impossible dates
 * over (31/31/2020 → July 2022) and reads amounts as floats.
 */
import qif from 'qif2json';
import { EngineError } from '../../../../../shared/contract';
import { cleanText, decimalText, excerpt, isoDate, strictDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

const ACCOUNT_TYPES = ['Bank', 'Cash', 'CCard', 'Oth A', 'Oth L'];

const DATE_PATTERNS = {
  mdy: ['M/d/yyyy', 'M/d/yy', 'M-d-yyyy', 'M-d-yy', 'yyyy-MM-dd'],
  dmy: ['d/M/yyyy', 'd/M/yy', 'd-M-yyyy', 'd-M-yy', 'd.M.yyyy', 'd.M.yy', 'yyyy-MM-dd'],
};

/** A QIF date (`12/03/95`, `1/ 2'05`, `01/23/2019`) → `YYYY-MM-DD`, or null. Quicken writes `'` before years after 1999. */
function qifDate(raw: string, order: 'mdy' | 'dmy'): string | null {
  const t = raw.replace(/\s+/g, '').replace(/'/g, '/');
  // Quicken's years since 1900 in three digits: 3/25/099 is 1999, 1/2/105 is 2005
  const threeDigit = /^(\d{1,2})[/-](\d{1,2})[/-](\d{3})$/.exec(t);
  if (threeDigit) {
    const [a, b] = [Number(threeDigit[1]), Number(threeDigit[2])];
    const year = 1900 + Number(threeDigit[3]);
    return order === 'mdy' ? isoDate(year, a, b) : isoDate(year, b, a);
  }
  for (const pattern of DATE_PATTERNS[order]) {
    const date = strictDate(t, pattern);
    if (date) return date;
  }
  return null;
}

/** A QIF amount: `1,234.56` and `-20.15`, or a European `-12,50`. */
function qifAmount(raw: string): string | null {
  return decimalText(raw, '.') ?? decimalText(raw, ',');
}

/**
 * A QIF `L` line as a category: `Bills:Rent` stays whole (qif2json splits it at the first
 * colon); a transfer (`[Savings]`, the other account in brackets) is not a category: null.
 */
function qifCategory(category: string | undefined, subcategory: string | undefined): string | null {
  const name = cleanText([category, subcategory].filter(Boolean).join(':'));
  if (!name || /^\[.*\]$/.test(name)) return null;
  return name.slice(0, 64);
}

interface RawRecord {
  line: number;
  date?: string;
  amount?: string;
}

/** A `!Type:` section of a QIF file: its type, the account it belongs to, its lines (1-based numbers). */
interface Section {
  type: string;
  account: string | null;
  header: number;
  body: { text: string; line: number }[];
}

/** Types that hold no transactions of an account: lists Quicken exports beside them. */
const LISTS = /^(Cat|Class|Memorized|Prices|Security|Invitem|Template)$/i;

/**
 * Splits a QIF text into its `!Type:` sections, each with the account of the `!Account`
 * block before it (the block's last `N` name). The account lists between `!Option:AutoSwitch`
 * and `!Clear:AutoSwitch` name accounts without switching to them. Throws EngineError
 * `invalid` for a file whose first header is not `!Type:`, `!Account` or `!Option`.
 */
function sections(lines: string[]): Section[] {
  const out: Section[] = [];
  let account: string | null = null;
  let autoSwitch = false;
  let current: Section | null = null;
  let inAccount = false;
  let pendingName: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    // blank lines, and comment lines above the first header (some tools write them)
    if (!t || (out.length === 0 && !inAccount && !autoSwitch && t.startsWith('#'))) continue;
    if (t.startsWith('!')) {
      current = null;
      inAccount = false;
      if (/^!Option:AutoSwitch/i.test(t)) autoSwitch = true;
      else if (/^!Clear:AutoSwitch/i.test(t)) autoSwitch = false;
      else if (/^!Account/i.test(t)) inAccount = true;
      else if (/^!Type:/i.test(t)) {
        current = { type: t.slice(6).trim(), account, header: i + 1, body: [] };
        out.push(current);
      } else if (!/^!(Option|Clear):/i.test(t)) throw new EngineError('invalid', `line ${i + 1}: QIF header "${excerpt(t)}" is not one this reader knows (!Type:, !Account, !Option:AutoSwitch)`);
      continue;
    }
    if (inAccount) {
      if (t.startsWith('N')) pendingName = cleanText(t.slice(1));
      else if (t === '^' && !autoSwitch) account = pendingName ?? account;
      continue;
    }
    if (!current) {
      if (out.length === 0) throw new EngineError('invalid', `broken QIF: no "!Type:" header (the first line is "${excerpt(t)}")`);
      continue;
    }
    current.body.push({ text: t, line: i + 1 });
  }
  return out;
}

/**
 * Reads the transactions of a QIF text: one account (`!Type:Bank` …) or a full Quicken /
 * GnuCash export of several (`!Account` blocks before each `!Type:` section; each
 * transaction then carries its account's name). `order` says whether `01/02/20` is 2 January
 * (mdy, Quicken's convention; a file whose dates exist only day first is read day first,
 * with a note) or 1 February (dmy); Quicken's three-digit years (`3/25/099`)
 * count from 1900. Sections of other types (investments, categories, classes, memorised
 * transactions) are skipped with a note. An unreadable date or amount is a row error.
 * Throws EngineError `invalid` for a file without a `!Type:` header, one with no bank, cash or
 * card section, a section cut short (its last record has no closing `^`), or a detail line
 * qif2json does not know.
 */
export function readQif(text: string, order: 'mdy' | 'dmy'): ReaderOutput {
  const all = sections(text.split(/\r?\n|\r/));
  if (all.length === 0) throw new EngineError('invalid', 'broken QIF: no "!Type:" header');
  const notes: string[] = [];
  const banks = all.filter((sec) => {
    if (ACCOUNT_TYPES.some((t) => t.toLowerCase() === sec.type.toLowerCase())) return true;
    // lists (categories, classes, memorised transactions) come with every full export: passed over silently
    if (!LISTS.test(sec.type)) notes.push(`skipped the section !Type:${sec.type}${sec.account ? ` of ${sec.account}` : ''} (line ${sec.header}): only bank, cash and card accounts are imported`);
    return false;
  });
  if (banks.length === 0) {
    const types = [...new Set(all.map((sec) => sec.type))].map((t) => `"${excerpt(t)}"`).join(', ');
    throw new EngineError('invalid', `QIF type ${types} is not a bank, cash or card account: only those can be imported`);
  }
  // month first is Quicken's convention; a file whose dates only read day first is read so
  const dates = banks.flatMap((sec) => sec.body.filter((b) => b.text.startsWith('D')).map((b) => b.text.slice(1)));
  const used = order === 'mdy' && dates.some((d) => !qifDate(d, 'mdy')) && dates.every((d) => qifDate(d, 'dmy')) ? 'dmy' : order;
  if (used !== order) notes.push('dates read day first (31/12/2020): some do not exist month first');
  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  const several = new Set(banks.map((sec) => sec.account)).size > 1;
  for (const sec of banks) {
    const out = readSection(sec, used, rows.length + errors.length);
    for (const r of out.rows) rows.push(several || sec.account ? { ...r, account: sec.account } : r);
    errors.push(...out.errors);
  }
  return { rows, errors, notes };
}

/** The transactions of one bank, cash or card section; rows numbered on from `before`. */
function readSection(sec: Section, order: 'mdy' | 'dmy', before: number): { rows: ReadRow[]; errors: RowError[] } {
  const { body } = sec;
  const last = body.at(-1);
  if (last && last.text !== '^') throw new EngineError('invalid', `the QIF file is cut short: the record ending at line ${last.line} has no closing "^" — export it again`);
  let parsed: { transactions: { payee?: string; memo?: string; category?: string; subcategory?: string }[] };
  try {
    parsed = qif.parse([`!Type:${sec.type}`, ...body.map((b) => b.text)].join('\n'), {});
  } catch (error) {
    throw new EngineError('invalid', `broken QIF: ${error instanceof Error ? error.message : String(error)}`);
  }
  const records: RawRecord[] = [];
  let current: RawRecord | null = null;
  for (const b of body) {
    current ??= { line: b.line };
    if (b.text === '^') {
      records.push(current);
      current = null;
    } else if (b.text.startsWith('D') && current.date === undefined) current.date = b.text.slice(1); // a later D belongs to a split line
    else if (b.text.startsWith('T') || (b.text.startsWith('U') && current.amount === undefined)) current.amount = b.text.slice(1);
  }
  if (records.length !== parsed.transactions.length) throw new EngineError('internal', `QIF: ${records.length} records but qif2json read ${parsed.transactions.length}`);

  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  records.forEach((r, i) => {
    const row = before + i + 1;
    const t = parsed.transactions[i] ?? {};
    const date = r.date === undefined ? null : qifDate(r.date, order);
    const amount = r.amount === undefined ? null : qifAmount(r.amount);
    if (r.date === undefined) errors.push({ row, line: r.line, message: 'no date (D line)' });
    else if (!date) errors.push({ row, line: r.line, message: `unreadable date "${excerpt(r.date, 20)}" (dates are read ${order === 'mdy' ? 'month first' : 'day first'})` });
    else if (r.amount === undefined) errors.push({ row, line: r.line, message: 'no amount (T line)' });
    else if (amount === null) errors.push({ row, line: r.line, message: `amount "${excerpt(r.amount)}" is not a number` });
    else rows.push({ row, date, amount, currency: null, payee: cleanText(t.payee), memo: cleanText(t.memo), bankTransactionId: null, category: qifCategory(t.category, t.subcategory) });
  });
  return { rows, errors };
}
