/**
 * ISO 20022 CAMT.053 bank-to-customer statements (camt.053.001.02 … .08 and later), read by
 * `fast-xml-parser`. One transaction per booked entry (`Ntry`): an entry that bundles
 * several transactions (a batch, with several `TxDtls`) stays one ledger entry, as the bank
 * booked it — its payee is the first transaction's party and its memo joins every
 * remittance text. camt.052 (intraday reports) and camt.054 (notifications) are refused:
 * their entries are not final and would be booked again by the day's camt.053.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EngineError } from '../../../../../shared/contract';
import { cleanText, decimalText, excerpt, isoDate } from './text';
import type { ReaderOutput, ReadRow, RowError } from './types';

type Node = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const text = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : v && typeof v === 'object' && '#text' in v ? String((v as Node)['#text']) : null);
/** Follows a path of element names, taking the first of repeated elements. */
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, key) => list(node(n)[key])[0], v);

const ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'Rpt', 'Ntfctn']);

/**
 * A document type declaration or an entity declaration anywhere in the text. ISO 20022
 * messages are defined by XML Schema and never carry a DTD; a DTD is how entity expansion
 * ("billion laughs") and external entities get in, so one is refused before any parser
 * reads the file (fast-xml-parser would expand internal entities).
 */
const DTD = /<!(DOCTYPE|ENTITY)\b/i;

/** The camt message of an XML text (`053`, `052`, `054`) from its namespace or root element, or null. */
export function camtKind(xml: string): string | null {
  const ns = /urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.\d{3}\.\d{2}/.exec(xml.slice(0, 2000))?.[1];
  if (ns) return ns;
  if (/<(\w+:)?BkToCstmrStmt[\s>]/.test(xml)) return '053';
  if (/<(\w+:)?BkToCstmrAcctRpt[\s>]/.test(xml)) return '052';
  if (/<(\w+:)?BkToCstmrDbtCdtNtfctn[\s>]/.test(xml)) return '054';
  return null;
}

/** `YYYY-MM-DD` of a CAMT date choice (`Dt`, or the date part of `DtTm` as the bank wrote it). */
function camtDate(choice: unknown): string | null {
  const raw = text(at(choice, 'Dt')) ?? text(at(choice, 'DtTm'));
  const m = raw ? /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim()) : null;
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** A party's name: `Nm` directly (versions 02–07) or under `Pty` (08 and later). */
const partyName = (party: unknown): string | null => cleanText(text(at(party, 'Nm'))) ?? cleanText(text(at(party, 'Pty', 'Nm')));

/** A reference that banks write when they have none. */
const realRef = (v: unknown): string | null => {
  const t = cleanText(text(v));
  return t && !/^(NOTPROVIDED|NONREF|NONE)$/i.test(t) ? t : null;
};

/**
 * Reads every entry of every statement of a camt.053 document: booking date (else value
 * date), amount signed by CdtDbtInd (DBIT → negative) in the currency of its `Ccy`
 * attribute, payee (the creditor for a debit, the debtor for a credit, else
 * AddtlNtryInf), memo (RmtInf/Ustrd, else a structured creditor reference), bank id
 * (AcctSvcrRef, else NtryRef, else the first transaction's AcctSvcrRef/TxId/EndToEndId).
 * An entry without a readable date, amount or direction is a row error. Throws EngineError
 * `invalid` for XML with a DTD or entity declarations, malformed XML, camt.052/054, another
 * XML document, or one without a statement.
 */
export function readCamt(xml: string): ReaderOutput {
  if (DTD.test(xml)) throw new EngineError('invalid', 'XML with a DTD or entities is not accepted: a CAMT.053 statement has neither (<!DOCTYPE … or <!ENTITY … found)');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new EngineError('invalid', `broken XML at line ${valid.err.line}: ${valid.err.msg}`);
  const kind = camtKind(xml);
  if (kind === '052' || kind === '054') {
    const what = kind === '052' ? 'an intraday account report (camt.052)' : 'a debit/credit notification (camt.054)';
    throw new EngineError('invalid', `this is ${what}, not a statement: import the day's camt.053 statement instead, whose entries are final`);
  }
  if (kind !== '053') throw new EngineError('invalid', 'this XML file is not a CAMT.053 bank statement (no camt.053 namespace or BkToCstmrStmt element)');
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  }).parse(xml) as Node;
  const root = node(node(parsed.Document).BkToCstmrStmt ?? parsed.BkToCstmrStmt);
  const statements = list(root.Stmt);
  if (statements.length === 0) throw new EngineError('invalid', 'broken CAMT.053: no statement (BkToCstmrStmt/Stmt) in the document');
  const rows: ReadRow[] = [];
  const errors: RowError[] = [];
  let row = 0;
  for (const statement of statements) {
    const accountCurrency = cleanText(text(at(statement, 'Acct', 'Ccy')));
    for (const entry of list(node(statement).Ntry)) {
      row += 1;
      const amountNode = at(entry, 'Amt');
      const rawAmount = text(amountNode);
      const indicator = text(at(entry, 'CdtDbtInd'))?.trim();
      const date = camtDate(at(entry, 'BookgDt')) ?? camtDate(at(entry, 'ValDt'));
      const magnitude = rawAmount === null ? null : decimalText(rawAmount, '.');
      if (!date) errors.push({ row, message: 'no booking or value date (BookgDt/ValDt)' });
      else if (rawAmount === null) errors.push({ row, message: 'no amount (Amt)' });
      else if (magnitude === null || magnitude.startsWith('-')) errors.push({ row, message: `amount "${excerpt(rawAmount)}" is not a number` });
      else if (indicator !== 'CRDT' && indicator !== 'DBIT') errors.push({ row, message: `credit/debit indicator "${excerpt(indicator ?? '')}" is neither CRDT nor DBIT` });
      else {
        const details = list(node(entry).NtryDtls).flatMap((d) => list(node(d).TxDtls));
        const parties = at(details[0], 'RltdPties');
        const counterparty = indicator === 'DBIT' ? (partyName(at(parties, 'Cdtr')) ?? partyName(at(parties, 'UltmtCdtr'))) : (partyName(at(parties, 'Dbtr')) ?? partyName(at(parties, 'UltmtDbtr')));
        const additional = cleanText(text(at(entry, 'AddtlNtryInf')));
        const remittance = details.flatMap((d) => list(node(at(d, 'RmtInf')).Ustrd).map(text)).map(cleanText).filter((t): t is string => t !== null);
        const creditorRef = details.map((d) => realRef(at(d, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref'))).find(Boolean) ?? null;
        const bankId =
          realRef(at(entry, 'AcctSvcrRef')) ??
          realRef(at(entry, 'NtryRef')) ??
          realRef(at(details[0], 'Refs', 'AcctSvcrRef')) ??
          realRef(at(details[0], 'Refs', 'TxId')) ??
          realRef(at(details[0], 'Refs', 'EndToEndId'));
        rows.push({
          row,
          date,
          amount: indicator === 'DBIT' && magnitude !== '0' ? `-${magnitude}` : magnitude,
          currency: cleanText(node(amountNode).Ccy) ?? accountCurrency,
          payee: counterparty ?? additional,
          memo: cleanText(remittance.join(' ')) ?? creditorRef ?? (counterparty ? additional : null),
          bankTransactionId: bankId,
        });
      }
    }
  }
  return { rows, errors };
}
