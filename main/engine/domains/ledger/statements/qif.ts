/**
 * QIF statements of bank, cash and card accounts, read by `qif2json`, with the date (D)
 * and amount (T/U) of each record re-read strictly here: qif2json rolls impossible dates
 * over (31/31/2020 → July 2022) and reads amounts as floats.
 */
import qif from 'qif2json';
import { EngineError } from '../../../../../shared/contract';
import { cleanText, decimalText, excerpt, strictDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

const ACCOUNT_TYPES = ['Bank', 'Cash', 'CCard', 'Oth A', 'Oth L'];

const DATE_PATTERNS = {
  mdy: ['M/d/yyyy', 'M/d/yy', 'M-d-yyyy', 'M-d-yy', 'yyyy-MM-dd'],
  dmy: ['d/M/yyyy', 'd/M/yy', 'd-M-yyyy', 'd-M-yy', 'd.M.yyyy', 'd.M.yy', 'yyyy-MM-dd'],
};

/** A QIF date (`12/03/95`, `1/ 2'05`, `01/23/2019`) → `YYYY-MM-DD`, or null. Quicken writes `'` before years after 1999. */
function qifDate(raw: string, order: 'mdy' | 'dmy'): string | null {
  const t = raw.replace(/\s+/g, '').replace(/'/g, '/');
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

/**
 * Reads the transactions of a QIF text (one bank, cash or card account). `order` says
 * whether `01/02/20` is 2 January (mdy, Quicken's convention) or 1 February (dmy). An
 * unreadable date or amount is a row error. Throws EngineError `invalid` for a file without
 * a `!Type:` header, another QIF type (investments, categories …), `!Option`/`!Account`
 * headers (multi-account exports), a second header, or a detail line qif2json does not know.
 */
export function readQif(text: string, order: 'mdy' | 'dmy'): ReaderOutput {
  const lines = text.split(/\r?\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  const header = (lines[first] ?? '').trim();
  const option = /^!(Option|Clear|Account)\b.*$/i.exec(header);
  if (option) throw new EngineError('invalid', `QIF header "${excerpt(option[0])}" is not supported: export one bank, cash or card account on its own (a file starting with "!Type:Bank")`);
  const type = /^!Type:(.*)$/i.exec(header)?.[1]?.trim();
  if (type === undefined) throw new EngineError('invalid', `broken QIF: no "!Type:" header (the first line is "${excerpt(header)}")`);
  if (!ACCOUNT_TYPES.some((t) => t.toLowerCase() === type.toLowerCase())) throw new EngineError('invalid', `QIF type "${excerpt(type)}" is not a bank, cash or card account: only those can be imported`);

  // qif2json stops reading at the first blank line, silently: blank lines are dropped first.
  const body: { text: string; line: number }[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (!t) continue;
    if (t.startsWith('!')) throw new EngineError('invalid', `line ${i + 1}: a second QIF header "${excerpt(t)}": a file holds one account's transactions`);
    body.push({ text: t, line: i + 1 });
  }
  let parsed: { transactions: { payee?: string; memo?: string; category?: string; subcategory?: string }[] };
  try {
    parsed = qif.parse([`!Type:${type}`, ...body.map((b) => b.text)].join('\n'), {});
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
    } else if (b.text.startsWith('D')) current.date = b.text.slice(1);
    else if (b.text.startsWith('T') || (b.text.startsWith('U') && current.amount === undefined)) current.amount = b.text.slice(1);
  }
  if (current) records.push(current);
  if (records.length !== parsed.transactions.length) throw new EngineError('internal', `QIF: ${records.length} records but qif2json read ${parsed.transactions.length}`);

  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  records.forEach((r, i) => {
    const row = i + 1;
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
