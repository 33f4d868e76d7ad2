import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DATASETS, hasDataset } from '../helpers/datasets';
import { liveEngine, must, refusal } from '../helpers/engine';

const BANK = join(DATASETS, 'bank-statements');

/** An engine with one account, and helpers to stage, preview and import statements into it. */
async function ledger(currency = 'EUR') {
  const { engine, dbPath } = liveEngine();
  const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency }, 'execute')).result;
  const stage = async (content: string | Buffer, name = 'statement') => (await engine.files.putStream(Readable.from([Buffer.from(content)]), name)).sha256;
  const preview = (sha: string, extra: Record<string, unknown> = {}) => engine.query('ledger.previewStatement', { accountId: account.id, fileSha256: sha, ...extra });
  const importStatement = (sha: string, extra: Record<string, unknown> = {}) => engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: sha, ...extra }, 'execute');
  /** Entries of the account, and audit events other than decisions (a refusal records only its decision). */
  const state = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const audit = (db.prepare("SELECT count(*) AS n FROM audit_events WHERE entity != 'decision'").get() as { n: number }).n;
      return { entries: must(engine.query('ledger.accounts', {}))[0]?.entries, audit };
    } finally {
      db.close();
    }
  };
  return { engine, account, stage, preview, importStatement, state };
}

/** Imports `content` expecting a refusal whose message matches; the ledger and its audit trail stay as they were. */
async function refusedUnchanged(l: Awaited<ReturnType<typeof ledger>>, content: string | Buffer, message: RegExp, extra: Record<string, unknown> = {}) {
  const before = l.state();
  const error = refusal(await l.importStatement(await l.stage(content), extra));
  expect(error.code).toBe('invalid');
  expect(error.message).toMatch(message);
  expect(l.state()).toEqual(before);
  return error.message;
}

const rawCount = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe.skipIf(!hasDataset(BANK))('every real bank fixture', () => {
  const fixtures: { file: string; format: string; count: (text: string) => number; csv?: Record<string, unknown> }[] = [
    { file: 'ofxparse-fixtures/bank_medium.ofx', format: 'OFX', count: (t) => rawCount(t, /<STMTTRN>/g) },
    { file: 'ofxparse-fixtures/chase_cc.qfx', format: 'OFX', count: (t) => rawCount(t, /<STMTTRN>/g) },
    { file: 'gnucash-examples/cibc_checking.qfx', format: 'OFX', count: (t) => rawCount(t, /<STMTTRN>/g) },
    { file: 'actual-import-fixtures/utf-8.qfx', format: 'OFX', count: (t) => rawCount(t, /<STMTTRN>/g) },
    { file: 'actual-import-fixtures/data-payee-memo.ofx', format: 'OFX', count: (t) => rawCount(t, /<STMTTRN>/g) },
    { file: 'gnucash-examples/ms-money.qif', format: 'QIF', count: (t) => rawCount(t, /^\^\s*$/gm) },
    { file: 'actual-import-fixtures/data-payee-memo.qif', format: 'QIF', count: (t) => rawCount(t, /^\^\s*$/gm) },
    { file: 'actual-import-fixtures/data-with-categories.qif', format: 'QIF', count: (t) => rawCount(t, /^\^\s*$/gm) },
    { file: 'actual-import-fixtures/camt/camt.053.xml', format: 'CAMT.053', count: (t) => rawCount(t, /<Ntry>/g) },
    { file: 'actual-import-fixtures/data.sta', format: 'MT940', count: (t) => rawCount(t, /^:61:/gm) },
    { file: 'gnucash-examples/downloaded.mt940', format: 'MT940', count: (t) => rawCount(t, /^:61:/gm) },
    {
      file: 'actual-import-fixtures/data-payee-memo.csv',
      format: 'CSV',
      count: (t) => t.trim().split('\n').length - 1,
      csv: { date: 'date', amount: 'amount', payee: 'payee', memo: 'notes' },
    },
  ];

  it.each(fixtures)('$file previews and imports every transaction once ($format)', async ({ file, format, count, csv }) => {
    const text = readFileSync(join(BANK, file), 'utf8');
    const expected = count(text);
    expect(expected).toBeGreaterThan(0);
    // the account takes the statement's own currency where it states one
    const currency = /<CURDEF>([A-Z]{3})/.exec(text)?.[1] ?? /Ccy="([A-Z]{3})"/.exec(text)?.[1] ?? /:60F:[CD]\d{6}([A-Z]{3})/.exec(text)?.[1] ?? 'USD';
    const l = await ledger(currency);
    const sha = await l.stage(readFileSync(join(BANK, file)), file.split('/').at(-1));
    const extra = csv ? { csv } : {};
    const preview = must(l.preview(sha, extra));
    expect(preview).toMatchObject({ format, transactions: expected, new: expected, duplicates: 0, errors: [] });
    expect(preview.rows).toHaveLength(expected);
    for (const r of preview.rows) {
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isInteger(r.amountMinor)).toBe(true);
    }
    const first = must(await l.importStatement(sha, { ...extra, fileName: file })).result;
    expect(first).toMatchObject({ format, transactions: expected, added: expected, duplicates: 0, firstDate: preview.firstDate, lastDate: preview.lastDate });
    const again = must(await l.importStatement(sha, extra)).result;
    expect(again).toMatchObject({ transactions: expected, added: 0, duplicates: expected });
    expect(must(l.preview(sha, extra))).toMatchObject({ new: 0, duplicates: expected });
    expect(l.state().entries).toBe(expected);
  });

  it('reads the fields that matter from each format, in minor units', async () => {
    const l = await ledger('EUR');
    const rows = async (file: string, extra: Record<string, unknown> = {}) => must(l.engine.query('ledger.previewStatement', { fileSha256: await l.stage(readFileSync(join(BANK, file))), ...extra })).rows;
    const mt940 = await rows('actual-import-fixtures/data.sta');
    // mt940-js would lose the 10-character bank reference and garble the UTF-8 text
    expect(mt940[0]).toMatchObject({ date: '2025-08-01', amountMinor: -4250, payee: "Boulangerie L'Étoile", memo: 'Facture 2025-0042', bankTransactionId: 'BANKREF001' });
    expect(mt940[1]).toMatchObject({ amountMinor: 120000, payee: 'Employeur Acme SARL', memo: 'Salaire août 2025' });
    expect(mt940[2]).toMatchObject({ amountMinor: -8999, payee: 'MÜLLER GMBH', memo: 'Rechnung 4711' });
    // the entry date (28 Feb, as the statement's balances) rather than the value date (28 Apr); NONREF is no id
    expect((await rows('gnucash-examples/downloaded.mt940'))[0]).toMatchObject({ date: '2006-02-28', amountMinor: -1256, payee: 'GNUCASH', memo: 'TESTING GNUCASH FOR HBCI AND MT940', bankTransactionId: null });
    const camt = await rows('actual-import-fixtures/camt/camt.053.xml');
    expect(camt[0]).toMatchObject({ date: '2013-12-30', amountMinor: 60, payee: 'Testkonto Nummer 2', bankTransactionId: '2013123001153870000' });
    expect(camt[2]).toMatchObject({ date: '2024-03-12', amountMinor: -8985, payee: 'Supermarkt A' });
    expect(camt[4]).toMatchObject({ amountMinor: -8000, payee: 'Rega', memo: '002462' });
    // a batch of two direct debits is one entry, as booked: 2.25 + 1.20
    expect(camt[5]).toMatchObject({ amountMinor: 345, memo: 'Lastschrift 2. Zahlung TAN:747216 Lastschrift 1. Zahlung TAN:747216' });
    expect((await rows('gnucash-examples/cibc_checking.qfx'))[1]?.memo).toBe('INSTANT TELLER DEPOSIT;9TH & VICTORIA 01A05;Automated Bank Machine');
    expect((await rows('actual-import-fixtures/utf-8.qfx'))[0]).toMatchObject({ amountMinor: -2000, payee: 'Café Métro €uro' });
    // QIF categories (L lines) come along, whole ("Bills:Rent"); a transfer ("[New Bank]") is no category
    const money = await rows('gnucash-examples/ms-money.qif');
    expect(money[0]).toMatchObject({ date: '1995-12-03', amountMinor: 470657, payee: 'Opening Balance', category: null });
    expect(money.find((r) => r.payee === 'Landlord')?.category).toBe('Bills:Rent');
    expect((await rows('actual-import-fixtures/data-with-categories.qif')).map((r) => [r.payee, r.amountMinor, r.category])).toEqual([
      ['Outlet', -10058, 'Usual Expenses:Shopping'],
      ['GroceriesYou', -2015, 'Groceries'],
      ['RestaurantExample', -4060, 'Food'],
    ]);
    // formats without categories give none
    expect(camt.every((r) => r.category === null)).toBe(true);
  });

  it('an imported QIF entry keeps its category; the same file again adds nothing', async () => {
    const l = await ledger('USD');
    const sha = await l.stage(readFileSync(join(BANK, 'actual-import-fixtures/data-with-categories.qif')));
    expect(must(await l.importStatement(sha)).result).toMatchObject({ format: 'QIF', added: 3 });
    const entries = must(l.engine.query('ledger.entries', { accountId: l.account.id })).items;
    expect(entries.map((e) => e.category).sort()).toEqual(['Food', 'Groceries', 'Usual Expenses:Shopping']);
    expect(must(await l.importStatement(sha)).result).toMatchObject({ added: 0, duplicates: 3 });
  });

  it('maps a CSV statement: columns and a suggested mapping without one, a refusal naming the columns, an import with one', async () => {
    const l = await ledger('USD');
    const sha = await l.stage(readFileSync(join(BANK, 'actual-import-fixtures/data-payee-memo.csv')));
    const preview = must(l.preview(sha));
    expect(preview.columns).toEqual(['date', 'amount', 'payee', 'notes']);
    expect(preview.suggestedMapping).toEqual({ date: 'date', amount: 'amount', payee: 'payee', memo: 'notes', dateFormat: 'yyyy-MM-dd', decimal: '.', delimiter: ',' });
    // the preview reads the rows with the suggested mapping, to show what it gives
    expect(preview.transactions).toBe(4);
    // columns no guess names are refused, listing them; a guess that reads every row is applied
    const unnamed = refusal(await l.importStatement(await l.stage('when,howmuch,who\n2026-01-02,-1.00,x\n')));
    expect(unnamed.message).toMatch(/a CSV statement needs a column mapping \(csv\): its columns are "when", "howmuch", "who"/);
    const mapping = { date: 'date', amount: 'amount', payee: 'payee', memo: 'notes' };
    expect(must(await l.importStatement(sha)).result).toMatchObject({ format: 'CSV', added: 4, csvMapping: { ...mapping, dateFormat: 'yyyy-MM-dd', decimal: '.', delimiter: ',' } });
    expect(must(await l.importStatement(sha, { csv: mapping })).result).toMatchObject({ format: 'CSV', added: 0, duplicates: 4 });
    const entries = must(l.engine.query('ledger.entries', { accountId: l.account.id })).items;
    expect(entries.map((e) => [e.amountMinor, e.payee, e.memo]).sort()).toEqual([
      [-1000, 'Payee Name', 'Note Text'],
      [-2000, 'Payee Name Only', null],
      [-3000, null, 'Note Only Text'],
      [-4000, null, null],
    ]);
    expect(refusal(await l.importStatement(sha, { csv: { ...mapping, payee: 'Beneficiary' } })).message).toMatch(/the mapping's payee column "Beneficiary" is not in the file; its columns are: "date", "amount", "payee", "notes"/);
  });
});

describe('statement encodings and CSV mapping', () => {
  // Latin-1 bytes: é is 0xE9 and ä 0xE4, neither of which is UTF-8 on its own
  const csv = Buffer.from('Buchungstag;Empf\u00e4nger;Verwendungszweck;Betrag\n05.01.2026;Caf\u00e9 Central;Fr\u00fchst\u00fcck;-12,50\n04.01.2026;Arbeitgeber GmbH;Lohn;1.234,56\n', 'latin1');
  const mapping = { date: 'Buchungstag', payee: 'Empfänger', memo: 'Verwendungszweck', amount: 'Betrag', dateFormat: 'dd.MM.yyyy', decimal: ',' };

  it('refuses Latin-1 bytes read as UTF-8, naming the likely encoding; reads them as latin1 with comma decimals', async () => {
    expect(csv.includes(0xe9)).toBe(true);
    const l = await ledger();
    await refusedUnchanged(l, csv, /the file is not UTF-8 text \(byte 0xE4 on line 1\): it looks like Latin-1\/Windows-1252 — choose the latin1 encoding/, { csv: mapping });
    const sha = await l.stage(csv);
    const preview = must(l.preview(sha, { encoding: 'latin1' }));
    expect(preview.columns).toEqual(['Buchungstag', 'Empfänger', 'Verwendungszweck', 'Betrag']);
    expect(preview.suggestedMapping).toEqual({ ...mapping, delimiter: ';' });
    const result = must(await l.importStatement(sha, { encoding: 'latin1', csv: mapping })).result;
    expect(result).toMatchObject({ format: 'CSV', added: 2, firstDate: '2026-01-04', lastDate: '2026-01-05' });
    const entries = must(l.engine.query('ledger.entries', { accountId: l.account.id })).items;
    expect(entries.map((e) => [e.date, e.amountMinor, e.payee, e.memo]).sort()).toEqual([
      ['2026-01-04', 123456, 'Arbeitgeber GmbH', 'Lohn'],
      ['2026-01-05', -1250, 'Café Central', 'Frühstück'],
    ]);
  });

  it('lists every bad row in the preview; an import with any refuses naming them all and adds nothing', async () => {
    const l = await ledger();
    const text = [
      'Datum,Name,Betrag',
      '01/02/2026,Bakery,"-3,20"',
      '31/02/2026,Nobody,"-1,00"',
      '02/02/2026,Shop,"12.5.3"',
      '03/02/2026,SROIE,RM 9.00',
      '04/02/2026,Salary,"1.500,00"',
      '05/02/2026,Nothing,',
    ].join('\n');
    const csvMapping = { date: 'Datum', payee: 'Name', amount: 'Betrag', dateFormat: 'dd/MM/yyyy', decimal: ',' };
    const preview = must(l.preview(await l.stage(text), { csv: csvMapping }));
    expect(preview.transactions).toBe(2);
    expect(preview.rows.map((r) => [r.row, r.amountMinor])).toEqual([
      [1, -320],
      [5, 150000],
    ]);
    expect(preview.errors).toEqual([
      { row: 2, message: 'line 3: date "31/02/2026" is not a date in the format dd/MM/yyyy' },
      { row: 3, message: 'line 4: amount "12.5.3" is not a number (decimal separator ",")' },
      { row: 4, message: 'line 5: amount "RM 9.00" is not a number (decimal separator ",")' },
      { row: 6, message: 'line 7: no amount' },
    ]);
    const message = await refusedUnchanged(l, text, /^4 rows could not be read: row 2 \(line 3\): date "31\/02\/2026" is not a date/, { csv: csvMapping });
    expect(message).toContain('row 4 (line 5): amount "RM 9.00" is not a number (decimal separator ",")');
    expect(message).toContain('row 6 (line 7): no amount');
  });

  it('reads debit and credit columns (debit is money out), sniffs tab delimiters, and refuses a row with neither or both', async () => {
    const l = await ledger();
    const text = 'Transaction Date\tDescription\tWithdrawal\tDeposit\tTransaction ID\n2026-03-01\tRent\t800.00\t\tT1\n2026-03-02\tRefund\t\t1,020.50\tT2\n';
    const sha = await l.stage(text);
    const suggested = must(l.preview(sha)).suggestedMapping;
    expect(suggested).toEqual({ date: 'Transaction Date', payee: 'Description', debit: 'Withdrawal', credit: 'Deposit', id: 'Transaction ID', dateFormat: 'yyyy-MM-dd', decimal: '.', delimiter: '\t' });
    const result = must(await l.importStatement(sha, { csv: suggested })).result;
    expect(result).toMatchObject({ added: 2 });
    const entries = must(l.engine.query('ledger.entries', { accountId: l.account.id })).items;
    expect(entries.map((e) => [e.amountMinor, e.bankTransactionId]).sort()).toEqual([
      [-80000, 'T1'],
      [102050, 'T2'],
    ]);
    await refusedUnchanged(l, `${text}2026-03-03\tNothing\t\t\tT3\n2026-03-04\tBoth\t1.00\t2.00\tT4\n`, /2 rows could not be read: row 3 \(line 4\): no amount: the debit and credit columns are both empty; row 4 \(line 5\): both debit "1.00" and credit "2.00" are given/, { csv: suggested });
  });

  it('suggests the date layout that reads the most sample dates, so one impossible date does not hide it', async () => {
    const l = await ledger();
    // dd/MM/yyyy reads three of the four dates (31/02 exists in no layout), MM/dd/yyyy only 03/04
    const text = 'Date,Payee,Amount\n15/04/2026,Bakery,"-3,20"\n31/02/2026,Typo,"-1,00"\n03/04/2026,Shop,"-2,00"\n20/04/2026,Salary,"1.500,00"\n';
    const suggested = must(l.preview(await l.stage(text))).suggestedMapping;
    expect(suggested).toEqual({ date: 'Date', payee: 'Payee', amount: 'Amount', dateFormat: 'dd/MM/yyyy', decimal: ',', delimiter: ',' });
  });

  it('refuses a CSV without a header line', async () => {
    const l = await ledger();
    await refusedUnchanged(l, '2026-01-01,-10.00,Shop\n2026-01-02,-5.00,Cafe\n', /the first line looks like data \("2026-01-01"\), not a header/, { csv: { date: 'a', amount: 'b' } });
  });
});

describe('statements that cannot be read', () => {
  it('refuses an empty file, binary files, broken OFX, QIF headers it cannot take, and other XML, each naming the problem', async () => {
    const l = await ledger('CAD');
    await refusedUnchanged(l, '', /^the file is empty$/);
    await refusedUnchanged(l, '  \n\r\n', /^the file is empty$/);
    await refusedUnchanged(l, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x41]), /this is a binary file, not a bank statement: export the statement from your bank as OFX, QFX, QIF, CSV, CAMT.053 or MT940/);
    await refusedUnchanged(l, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2])]), /this is a PDF document, not a bank statement/);
    await refusedUnchanged(l, Buffer.from('\ufeffdate,amount\n', 'utf16le'), /UTF-16 text: save it as UTF-8/);
    // a 33 MiB "statement" is refused by its size, before it is read; the preview says the same
    const huge = Buffer.alloc(33 * 1024 * 1024, 'date,amount\n2026-01-02,1.00\n');
    await refusedUnchanged(l, huge, /^the file is 33 MiB: a bank statement is at most 32 MiB; export a shorter period$/);
    const preview = l.preview(await l.stage(huge));
    expect(preview.ok ? null : preview.error.message).toMatch(/a bank statement is at most 32 MiB/);
    const ofx = 'OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>-1.00<FITID>1</STMTTRN>';
    expect(must(await l.importStatement(await l.stage(`${ofx}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`))).result.added).toBe(1);
    await refusedUnchanged(l, `${ofx}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMS`, /broken OFX: the file is cut short \(it does not end with <\/OFX>\)/);
    await refusedUnchanged(l, `${ofx}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`.replace('<TRNAMT>', '<TRNAMT><![CDATA[').replace('-1.00', '-1.00]]'), /row 1 \(line 4\): <TRNAMT>/);
    await refusedUnchanged(l, 'OFXHEADER:100\n<OFX><SIGNONMSGSRSV1><SONRS><CODE>0</SONRS></SIGNONMSGSRSV1></OFX>', /broken OFX: no bank or card statement \(STMTRS or CCSTMTRS\) found/);
    await refusedUnchanged(l, '!Type:Invst\nD01/02/2020\nT-10.00\n^\n', /QIF type "Invst" is not a bank, cash or card account/);
    await refusedUnchanged(l, '!Type:Bank\nD01/02/2020\nT-10.00\n^\nD01/03/2020\nT-1.00\n', /the QIF file is cut short: the record ending at line 6 has no closing "\^"/);
    await refusedUnchanged(l, '!Type:Cat\nNFood\nE\n^\n', /QIF type "Cat" is not a bank, cash or card account/);
    await refusedUnchanged(l, 'D01/02/2020\nT-10.00\nPShop\n^\n', /broken QIF: no "!Type:" header \(the first line is "D01\/02\/2020"\)/);
    await refusedUnchanged(l, '!Type:Bank\nD01/02/2020\nT-10.00\nQ what\n^\n', /broken QIF: Unknown Detail Code: Q/);
    await refusedUnchanged(l, '!Type:Bank\nD01/02/2020\nT-10.00\n^\n!Budget\n', /line 5: QIF header "!Budget" is not one this reader knows/);
    await refusedUnchanged(l, '<?xml version="1.0"?>\n<html><body>hello</body></html>', /this XML file is not a CAMT.053 bank statement/);
    expect(l.state().entries).toBe(1);
  });

  it('QIF: an impossible date or a bad amount is a row error; two identical transactions are both real', async () => {
    const l = await ledger();
    await refusedUnchanged(l, '!Type:Bank\nD31/31/2020\nT-10.00\n^\nD01/02/2020\nTten\n^\n', /2 rows could not be read: row 1 \(line 2\): unreadable date "31\/31\/2020" \(dates are read month first\); row 2 \(line 5\): amount "ten" is not a number/);
    const coffees = '!Type:Bank\nD01/02/2020\nT-3.50\nPCafe\n^\nD01/02/2020\nT-3.50\nPCafe\n^\n';
    const sha = await l.stage(coffees);
    expect(must(await l.importStatement(sha)).result).toMatchObject({ added: 2 });
    expect(must(await l.importStatement(sha)).result).toMatchObject({ added: 0, duplicates: 2 });
    // day first, when asked
    const dmy = must(l.preview(await l.stage('!Type:Bank\nD01/02/2020\nT-1.00\n^\n'), { dateOrder: 'dmy' }));
    expect(dmy.rows[0]?.date).toBe('2020-02-01');
  });

  it.skipIf(!hasDataset(BANK))('CAMT: camt.052 and camt.054 are refused, broken XML names its line, a currency other than the account’s is a row error', async () => {
    const camt = readFileSync(join(BANK, 'actual-import-fixtures/camt/camt.053.xml'), 'utf8');
    const l = await ledger('EUR');
    const report = camt.replaceAll('camt.053.001.04', 'camt.052.001.04').replaceAll('BkToCstmrStmt', 'BkToCstmrAcctRpt').replaceAll('<Stmt>', '<Rpt>').replaceAll('</Stmt>', '</Rpt>');
    await refusedUnchanged(l, report, /this is an intraday account report \(camt.052\), not a statement: import the day's camt.053 statement instead/);
    await refusedUnchanged(l, camt.replaceAll('camt.053.001.04', 'camt.054.001.04'), /this is a debit\/credit notification \(camt.054\), not a statement/);
    await refusedUnchanged(l, camt.slice(0, 5000), /broken XML at line \d+: /);
    await refusedUnchanged(l, camt.replace('<Amt Ccy="EUR">89.85</Amt>', '<Amt Ccy="EUR">89,85</Amt>').replace(/(<Amt Ccy="EUR">80<\/Amt>\s*<CdtDbtInd>)DBIT/, '$1DEBT'), /2 rows could not be read: row 3: amount "89,85" is not a number; row 5: credit\/debit indicator "DEBT" is neither CRDT nor DBIT/);
    // other namespace versions read the same way
    expect(must(l.preview(await l.stage(camt.replaceAll('camt.053.001.04', 'camt.053.001.08'))))).toMatchObject({ format: 'CAMT.053', transactions: 6 });

    const usd = await ledger('USD');
    const preview = must(usd.preview(await usd.stage(camt)));
    expect(preview.errors).toHaveLength(6);
    expect(preview.errors[0]).toEqual({ row: 1, message: 'the amount is in EUR, but the account is in USD' });
    await refusedUnchanged(usd, camt, /^6 rows could not be read: row 1: the amount is in EUR, but the account is in USD;/);
  });

  it('MT940: an unreadable :61: line is a row error; a :61: outside a statement is refused', async () => {
    const l = await ledger('EUR');
    const mt940 = (lines: string[]) => [':20:STMT1', ':25:DE1234', ':28C:1', ':60F:C260101EUR100,00', ...lines, ':62F:C260102EUR90,00', '-'].join('\r\n');
    const good = [':61:2601020102D10,00NTRFNONREF//REF1', ':86:?00LASTSCHRIFT?20Strom Januar?32STADTWERKE'];
    expect(must(l.preview(await l.stage(mt940(good)))).rows[0]).toMatchObject({ date: '2026-01-02', amountMinor: -1000, payee: 'STADTWERKE', memo: 'Strom Januar', bankTransactionId: 'REF1' });
    await refusedUnchanged(l, mt940([...good, ':61:2601320132D5,00NTRFNONREF', ':86:bad date']), /1 row could not be read: row 2 \(line 7\): :61: date "2601320132" does not exist/);
    await refusedUnchanged(l, [':61:2601020102D10,00NTRFNONREF', ':20:STMT1', ':60F:C260101EUR100,00'].join('\n'), /broken MT940: line 1: a :61: transaction before any :20: statement header/);
    // RC is the reversal of a credit: money out
    expect(must(l.preview(await l.stage(mt940([':61:2601020102RC7,50NTRFNONREF//REF9']))))).toMatchObject({ rows: [{ amountMinor: -750, bankTransactionId: 'REF9' }] });
  });

  it('marks a repeated bank id within one file as a duplicate in the preview', async () => {
    const l = await ledger('CAD');
    const trn = (amount: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>${amount}<FITID>SAME</STMTTRN>`;
    const ofx = `OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD<BANKTRANLIST>${trn('-1.00')}${trn('-1.00')}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const sha = await l.stage(ofx);
    expect(must(l.preview(sha))).toMatchObject({ transactions: 2, new: 1, duplicates: 1 });
    expect(must(await l.importStatement(sha)).result).toMatchObject({ added: 1, duplicates: 1 });
  });
});

/** An OFX 1 file of a checking account and a credit card, both with FITID 1. */
const TWO_ACCOUNTS = [
  'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>123<ACCTID>111-CHK<ACCTTYPE>CHECKING</BANKACCTFROM>',
  '<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260102<TRNAMT>-12.50<FITID>1<NAME>Bakery</STMTTRN><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260103<TRNAMT>1500.00<FITID>2<NAME>Employer</STMTTRN></BANKTRANLIST>',
  '<LEDGERBAL><BALAMT><DTASOF>20260131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>',
  '<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>EUR<CCACCTFROM><ACCTID>4111-CARD</CCACCTFROM>',
  '<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-40.00<FITID>1<NAME>Fuel</STMTTRN></BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>',
].join('\n');

describe('statements of several accounts, chosen rows, remembered mappings', () => {
  it('an OFX of two accounts is never merged: each goes to its own ledger account, FITIDs scoped per account, the mapping remembered', async () => {
    const l = await ledger();
    const card = must(l.engine.dispatch('ledger.createAccount', { name: 'Card', kind: 'card', currency: 'EUR' }, 'execute')).result;
    const sha = await l.stage(TWO_ACCOUNTS);
    const preview = must(l.preview(sha));
    expect(preview.accounts).toEqual([
      { source: '111-CHK', transactions: 2, accountId: null },
      { source: '4111-CARD', transactions: 1, accountId: null },
    ]);
    expect(preview.rows.map((r) => [r.account, r.amountMinor])).toEqual([['111-CHK', -1250], ['111-CHK', 150000], ['4111-CARD', -4000]]);
    // an empty <BALAMT> does not refuse the transactions; not mapping both accounts does
    const unmapped = await refusedUnchanged(l, TWO_ACCOUNTS, /the file holds 2 accounts; say which ledger account each goes to .* not yet mapped: "111-CHK" \(2 transactions\), "4111-CARD" \(1 transaction\)/);
    expect(unmapped).not.toMatch(/internal/);
    await refusedUnchanged(l, TWO_ACCOUNTS, /the file names no account "999"/, { accounts: [{ source: '999', accountId: card.id }] });
    const done = must(await l.importStatement(sha, { accounts: [{ source: '111-CHK', accountId: l.account.id }, { source: '4111-CARD', accountId: card.id }] })).result;
    expect(done).toMatchObject({ transactions: 3, added: 3, duplicates: 0, skipped: 0 });
    expect(done.accounts).toEqual([
      { source: '111-CHK', accountId: l.account.id, transactions: 2, added: 2, duplicates: 0 },
      { source: '4111-CARD', accountId: card.id, transactions: 1, added: 1, duplicates: 0 },
    ]);
    const balances = Object.fromEntries(must(l.engine.query('ledger.accounts', {})).map((a) => [a.name, a.balanceMinor]));
    expect(balances).toEqual({ Card: -4000, Checking: 148750 });
    // the next file of that bank maps itself; again adds nothing
    expect(must(l.preview(sha)).accounts.map((a) => a.accountId)).toEqual([l.account.id, card.id]);
    expect(must(await l.importStatement(sha)).result).toMatchObject({ added: 0, duplicates: 3 });
    // previewed with the accounts it will go to: a card in another currency is read in its own
    const usdCard = must(l.engine.dispatch('ledger.createAccount', { name: 'USD card', kind: 'card', currency: 'USD' }, 'execute')).result;
    const usd = TWO_ACCOUNTS.replace('<CURDEF>EUR<CCACCTFROM>', '<CURDEF>USD<CCACCTFROM>');
    const usdSha = await l.stage(usd);
    expect(must(l.preview(usdSha)).errors).toEqual([{ row: 3, message: 'the amount is in USD, but the account is in EUR' }]);
    const mapped = must(l.preview(usdSha, { accounts: [{ source: '4111-CARD', accountId: usdCard.id }] }));
    expect(mapped).toMatchObject({ errors: [], mapping: null });
    expect(mapped.accounts.map((a) => a.accountId)).toEqual([l.account.id, usdCard.id]);
    // an account can be left out
    const other = must(l.engine.dispatch('ledger.createAccount', { name: 'Other', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const left = must(await l.engine.dispatchAsync('ledger.importStatement', { accountId: other.id, fileSha256: sha, accounts: [{ source: '111-CHK', accountId: other.id }, { source: '4111-CARD', accountId: null }] }, 'execute')).result;
    expect(left).toMatchObject({ transactions: 2, added: 2, skipped: 1 });
  });

  it('a Quicken export of two bank accounts, an investment account and a category list: bank transactions by account, the rest skipped with a note', async () => {
    const l = await ledger();
    const savings = must(l.engine.dispatch('ledger.createAccount', { name: 'Savings', kind: 'savings', currency: 'EUR' }, 'execute')).result;
    const qif = [
      '!Option:AutoSwitch', '!Account', 'NChecking', 'TBank', '^', 'NSavings', 'TBank', '^', 'NBrokerage', 'TInvst', '^', '!Clear:AutoSwitch',
      '!Type:Cat', 'NFood', 'E', '^',
      '!Account', 'NChecking', 'TBank', '^', '!Type:Bank', "D3/25/099", 'T-20.00', 'PGrocer', '^', "D1/ 2'05", 'T100.00', 'PRefund', '^',
      '!Account', 'NSavings', 'TBank', '^', '!Type:Bank', 'D2/1/2005', 'T500.00', 'PTransfer', '^',
      '!Account', 'NBrokerage', 'TInvst', '^', '!Type:Invst', 'D2/1/2005', 'NBuy', 'YACME', 'T500.00', '^',
    ].join('\n');
    const sha = await l.stage(qif);
    const preview = must(l.preview(sha));
    expect(preview.rows.map((r) => [r.account, r.date, r.amountMinor, r.payee])).toEqual([
      ['Checking', '1999-03-25', -2000, 'Grocer'],
      ['Checking', '2005-01-02', 10000, 'Refund'],
      ['Savings', '2005-02-01', 50000, 'Transfer'],
    ]);
    expect(preview.notes).toEqual([expect.stringMatching(/^skipped the section !Type:Invst of Brokerage \(line \d+\)/)]);
    const done = must(await l.importStatement(sha, { accounts: [{ source: 'Checking', accountId: l.account.id }, { source: 'Savings', accountId: savings.id }] })).result;
    expect(done.accounts.map((a) => [a.source, a.added])).toEqual([['Checking', 2], ['Savings', 1]]);
    expect(done.notes).toHaveLength(1);
  });

  it('chosen rows: a file with an unreadable row imports the rows chosen, and the decision names the rest', async () => {
    const l = await ledger();
    const qif = '!Type:Bank\nD01/02/2020\nT-10.00\nPShop\n^\nD31/31/2020\nT-5.00\n^\nD01/04/2020\nT-2.00\nPKiosk\n^\n';
    await refusedUnchanged(l, qif, /1 row could not be read: row 2 \(line 6\): unreadable date/);
    await refusedUnchanged(l, qif, /1 row could not be read: row 2/, { rows: [1, 2] });
    await refusedUnchanged(l, qif, /row 9 is not in the file \(it has 3 rows\)/, { rows: [1, 9] });
    const sha = await l.stage(qif);
    const done = must(await l.importStatement(sha, { rows: [3] }));
    expect(done.result).toMatchObject({ transactions: 1, added: 1, skipped: 2 });
    const events = must(l.engine.query('audit.list', { decisionId: done.decision.id, limit: 10 })).items;
    expect(events.find((e) => e.entity === 'statement_import')?.after).toMatchObject({ skippedRows: '1-2' });
    expect(refusal(await l.importStatement(sha, { rows: [] })).code).toBe('invalid');
    expect(refusal(await l.importStatement(sha, { rows: [1, 1] })).message).toMatch(/a row is listed twice/);
  });

  it('an account remembers the CSV mapping it was imported with; an OFX without transactions or of investments says so', async () => {
    const l = await ledger();
    const csv = 'Tag;Wer;Wert\n02.01.2026;Baeckerei;-3,20\n';
    const mapping = { date: 'Tag', payee: 'Wer', amount: 'Wert', dateFormat: 'dd.MM.yyyy', decimal: ',', delimiter: ';' };
    expect(refusal(await l.importStatement(await l.stage(csv))).message).toMatch(/a CSV statement needs a column mapping/);
    must(await l.importStatement(await l.stage(csv), { csv: mapping }));
    const next = await l.stage(`${csv}03.01.2026;Kiosk;-1,00\n`);
    expect(must(l.preview(next))).toMatchObject({ mappingSource: 'remembered', mapping, new: 1, duplicates: 1 });
    expect(must(await l.importStatement(next)).result).toMatchObject({ added: 1, duplicates: 1 });

    const empty = 'OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>';
    expect(must(l.preview(await l.stage(empty)))).toMatchObject({ transactions: 0, notes: ['the file holds a statement with no transactions'] });
    const invest = 'OFXHEADER:100\n\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD<INVTRANLIST></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>';
    await refusedUnchanged(l, invest, /investment statements are not supported yet/);
    const broken = TWO_ACCOUNTS.replace('<TRNAMT>-40.00', '<TRNAMT>$40');
    const both = { accounts: [{ source: '111-CHK', accountId: l.account.id }, { source: '4111-CARD', accountId: l.account.id }] };
    await refusedUnchanged(l, broken, /row 3 \(line 9\): <TRNAMT>\$40 is not a number/, both);
    // leaving the card out leaves its unreadable row out too
    const withoutCard = must(await l.importStatement(await l.stage(broken), { accounts: [{ source: '111-CHK', accountId: l.account.id }, { source: '4111-CARD', accountId: null }] })).result;
    expect(withoutCard).toMatchObject({ added: 2, skipped: 1 });
  });

  it('MT940: an amount with nothing after the decimal comma, and the :25: account', async () => {
    const l = await ledger();
    const mt = [':20:STARTUMSE', ':25:10020030/1234567', ':28C:00000/001', ':60F:C260101EUR1000,', ':61:2601020102D300,NTRFNONREF', ':86:166?20Miete Januar?32Vermieter GmbH', ':62F:C260102EUR700,', '-'].join('\r\n');
    const preview = must(l.preview(await l.stage(mt)));
    expect(preview.rows.map((r) => [r.date, r.amountMinor, r.payee, r.account])).toEqual([['2026-01-02', -30000, 'Vermieter GmbH', '10020030/1234567']]);
  });
});

describe('CSV exports as banks write them', () => {
  it('a preamble above the header and a closing balance below the data are passed over; two-digit years; the confident guess is applied and returned', async () => {
    const l = await ledger();
    const csv = [
      '"Kontonummer:";"DE12 3456 7890 1234 5678 90";',
      '"Zeitraum:";"01.01.2026 - 31.01.2026";',
      '',
      '"Buchungstag";"Wertstellung";"Auftraggeber / Begünstigter";"Verwendungszweck";"Betrag (EUR)"',
      '"02.01.26";"02.01.26";"Bäckerei Schmidt";"Brötchen";"-3,20"',
      '"15.01.26";"15.01.26";"Arbeitgeber GmbH";"Lohn Januar";"1.500,00"',
      '"Kontostand am 31.01.2026:";;;;"1.496,80"',
    ].join('\n');
    const sha = await l.stage(csv);
    const preview = must(l.preview(sha));
    expect(preview).toMatchObject({ mappingSource: 'guessed', transactions: 2, errors: [] });
    expect(preview.suggestedMapping).toMatchObject({ date: 'Buchungstag', amount: 'Betrag (EUR)', payee: 'Auftraggeber / Begünstigter', dateFormat: 'dd.MM.yy', decimal: ',', delimiter: ';', headerLine: 4 });
    expect(preview.rows.map((r) => [r.date, r.amountMinor, r.payee])).toEqual([['2026-01-02', -320, 'Bäckerei Schmidt'], ['2026-01-15', 150000, 'Arbeitgeber GmbH']]);
    expect(preview.notes).toEqual([expect.stringMatching(/passed over 3 lines above the header \(line 4\)/), expect.stringMatching(/passed over 1 line after the last transaction \(from line 7\)/)]);
    const done = must(await l.importStatement(sha)).result;
    expect(done).toMatchObject({ added: 2, csvMapping: { date: 'Buchungstag', headerLine: 4 } });
  });

  it('the sign from a debit/credit indicator column; a file without a header read by column number', async () => {
    const l = await ledger();
    const indicator = 'Date,Description,Amount,Type\n01/02/2026,COFFEE SHOP,4.50,DR\n01/03/2026,REFUND,10.00,CR\n';
    const mapping = { date: 'Date', payee: 'Description', amount: 'Amount', indicator: 'Type', dateFormat: 'MM/dd/yyyy', decimal: '.' };
    expect(must(l.preview(await l.stage(indicator), { csv: mapping })).rows.map((r) => r.amountMinor)).toEqual([-450, 1000]);
    await refusedUnchanged(l, indicator.replace(',CR', ',XX'), /debit\/credit indicator "XX" says neither debit/, { csv: mapping });
    expect(refusal(l.preview(await l.stage(indicator), { csv: { ...mapping, debit: 'Amount', amount: undefined } })).code).toBe('invalid');

    const headerless = '2026-01-05,-12.99,NETFLIX\n2026-01-06,-3.10,BAKERY\n2026-01-07,250.00,REFUND SHOP\n';
    const preview = must(l.preview(await l.stage(headerless)));
    expect(preview.columns).toEqual(['1', '2', '3']);
    expect(preview.suggestedMapping).toMatchObject({ date: '1', amount: '2', payee: '3', headerLine: 0 });
    expect(preview.rows.map((r) => [r.date, r.amountMinor, r.payee])).toEqual([['2026-01-05', -1299, 'NETFLIX'], ['2026-01-06', -310, 'BAKERY'], ['2026-01-07', 25000, 'REFUND SHOP']]);
    // with a header line forced where there is none, the data-like line is refused by name
    await refusedUnchanged(l, headerless, /the first line looks like data \("2026-01-05"\)/, { csv: { date: 'Date', amount: 'Amount', dateFormat: 'yyyy-MM-dd', decimal: '.', headerLine: 1 } });
  });
});

describe('statement import progress', () => {
  it('reports job.progress while reading the file (bytes) and while adding its entries (rows); a refused file gets no further than reading', async () => {
    const l = await ledger();
    const events: { action: string; phase: string; done: number; total: number | null; unit: string }[] = [];
    l.engine.on('job.progress', (p) => events.push(p));
    const text = 'date,amount,payee\n2026-03-01,-1.00,Bakery\n2026-03-02,-2.00,Shop\n2026-03-03,5.00,Refund\n';
    must(await l.importStatement(await l.stage(text), { csv: { date: 'date', amount: 'amount', payee: 'payee' } }));
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['ledger.importStatement']));
    expect(events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1])).toEqual(['reading', 'inserting']);
    const bytes = Buffer.byteLength(text);
    expect(events.filter((e) => e.phase === 'reading').at(-1)).toMatchObject({ done: bytes, total: bytes, unit: 'bytes' });
    expect(events.filter((e) => e.phase === 'inserting').at(-1)).toMatchObject({ done: 3, total: 3, unit: 'rows' });

    events.length = 0;
    refusal(await l.importStatement(await l.stage('date,amount\n31/02/2026,-1.00\n'), { csv: { date: 'date', amount: 'amount' } }));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.phase === 'reading')).toBe(true);
  });
});

describe('a CSV statement past the record limit', () => {
  it('a 2 MB line is refused by name, not read into one field', async () => {
    const l = await ledger();
    await refusedUnchanged(l, `date,amount,payee\n2026-01-02,-1.00,"${'x'.repeat(2 * 1024 * 1024)}"\n`, /a row is longer than 1048576 characters/);
  });
});
