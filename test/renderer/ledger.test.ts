/**
 * The ledger's renderer logic: typed amounts → signed minor units, how amounts and receipt
 * links read, the CSV mapping form ↔ the contract's mapping, the statement wizard's slice
 * (stage, preview, the suggested CSV mapping, import) and the unmatched lists' loading
 * over a scripted API.
 */
import { describe, expect, it } from 'vitest';
import { csvMappingSchema, type QueryOutput } from '../../shared/contract';
import { createAppStore } from '../../renderer/store/index';
import { statementSelectors } from '../../renderer/features/ledger/statementSlice';
import { accountsToImport, describeCsvMapping, mappingSourceText, reviewCounts, reviewLines, rowsToImport } from '../../renderer/features/ledger/importReview';
import {
  csvFormFromMapping,
  csvFormMissing,
  csvFormWithoutHeader,
  csvMappingFromForm,
  emptyCsvMappingForm,
  entryAmount,
  formatSignedMoney,
  parseSignedMoneyInput,
  receiptLinkLabel,
  shownOfTotal,
  statementProgressText,
} from '../../renderer/features/ledger/view';
import { UNMATCHED_SHOWN } from '../../renderer/features/ledger/slice';
import { decisionSummary, fakeApi, flush, ok, uuid } from './fake-api';

describe('amounts', () => {
  it('reads a signed opening balance in minor units, with the currency’s digits', () => {
    expect(parseSignedMoneyInput('1500', 'EUR')).toEqual({ ok: true, minor: 150000 });
    expect(parseSignedMoneyInput(' -12.5 ', 'EUR')).toEqual({ ok: true, minor: -1250 });
    expect(parseSignedMoneyInput('1,250.00-', 'EUR')).toEqual({ ok: true, minor: -125000 });
    expect(parseSignedMoneyInput('−300', 'JPY')).toEqual({ ok: true, minor: -300 });
    expect(parseSignedMoneyInput('', 'EUR')).toEqual({ ok: true, minor: undefined });
    expect(parseSignedMoneyInput('-1.234', 'EUR').ok).toBe(false);
    expect(parseSignedMoneyInput('12 EUR', 'EUR')).toEqual({ ok: true, minor: 1200 });
    expect(parseSignedMoneyInput('12 USD', 'EUR')).toEqual({ ok: false, error: 'the amount is in USD; this field is in EUR' });
  });
  it('turns an amount and a direction into a signed entry amount; zero or empty is refused', () => {
    expect(entryAmount('45.00', 'out', 'EUR')).toEqual({ ok: true, minor: -4500 });
    expect(entryAmount('45', 'in', 'EUR')).toEqual({ ok: true, minor: 4500 });
    expect(entryAmount('0', 'out', 'EUR')).toEqual({ ok: false, error: 'enter an amount above 0' });
    expect(entryAmount('', 'out', 'EUR')).toEqual({ ok: false, error: 'enter an amount above 0' });
    expect(entryAmount('-5', 'out', 'EUR').ok).toBe(false);
  });
  it('formats money in and out with a sign, in the account’s currency', () => {
    expect(formatSignedMoney(-660, 'EUR')).toBe('−€6.60');
    expect(formatSignedMoney(150000, 'CAD')).toBe('+CA$1,500.00');
    expect(formatSignedMoney(-300, 'JPY')).toBe('−¥300');
    expect(formatSignedMoney(0, 'EUR')).toBe('€0.00');
  });
  it('says how much of a capped list is shown, and nothing when it shows all', () => {
    expect(shownOfTotal(50, 1234)).toBe('50 of 1,234 shown');
    expect(shownOfTotal(3, 3)).toBeNull();
    expect(shownOfTotal(0, 0)).toBeNull();
  });
  it('labels a receipt link by vendor, else by short id', () => {
    const receiptId = '01a1fd6c-0000-7000-8000-00000000abcd';
    expect(receiptLinkLabel({ receiptId: null, receiptVendor: null })).toBeNull();
    expect(receiptLinkLabel({ receiptId, receiptVendor: "McDonald's" })).toBe("McDonald's");
    expect(receiptLinkLabel({ receiptId, receiptVendor: null })).toBe('Receipt …0000abcd');
  });
});

describe('statement import progress text', () => {
  it('names the step the engine reports: reading the file, then adding entries', () => {
    expect(statementProgressText(null)).toBe('The engine imports the statement…');
    expect(statementProgressText({ phase: 'reading', done: 4096, total: 8192, unit: 'bytes' })).toBe('Reading: 4,096 of 8,192 bytes');
    expect(statementProgressText({ phase: 'inserting', done: 200, total: 1000, unit: 'rows' })).toBe('Adding entries: 200 of 1,000 rows');
    expect(statementProgressText({ phase: 'reading', done: 10, total: null, unit: 'bytes' })).toBe('Reading: 10 bytes');
  });
});

describe('CSV mapping form', () => {
  const columns = ['Datum', 'Betrag', 'Soll', 'Haben', 'Empfänger', 'Verwendungszweck'];

  it('maps one amount column, leaving unmapped columns out; the result passes the contract', () => {
    const form = { ...emptyCsvMappingForm, date: 'Datum', amount: 'Betrag', payee: 'Empfänger', dateFormat: 'dd.MM.yyyy' as const, decimal: ',' as const, delimiter: ';' as const };
    const mapping = csvMappingFromForm(form);
    expect(mapping).toEqual({ date: 'Datum', amount: 'Betrag', payee: 'Empfänger', dateFormat: 'dd.MM.yyyy', decimal: ',', delimiter: ';' });
    expect(csvMappingSchema.safeParse(mapping).success).toBe(true);
  });
  it('maps debit/credit columns without the amount column, even when one is left over from the other mode', () => {
    const form = { ...emptyCsvMappingForm, date: 'Datum', amountMode: 'debitCredit' as const, amount: 'Betrag', debit: 'Soll', credit: 'Haben' };
    const mapping = csvMappingFromForm(form);
    expect(mapping).toEqual({ date: 'Datum', debit: 'Soll', credit: 'Haben', dateFormat: 'yyyy-MM-dd', decimal: '.' });
    expect(csvMappingSchema.safeParse(mapping).success).toBe(true);
  });
  it('says what is missing instead of building a mapping the engine would refuse', () => {
    expect(csvMappingFromForm(emptyCsvMappingForm)).toBeNull();
    expect(csvFormMissing(emptyCsvMappingForm).map(([field]) => field)).toEqual(['date', 'amount']);
    expect(csvFormMissing({ ...emptyCsvMappingForm, date: 'Datum', amountMode: 'debitCredit' })).toEqual([['debit', 'choose the debit or the credit column']]);
  });
  it('carries the indicator column, card signs and the header line both ways; a header line must be a line number', () => {
    const mapping = { date: 'Datum', amount: 'Betrag', indicator: 'Soll', invertSign: true, headerLine: 3, dateFormat: 'dd.MM.yyyy' as const, decimal: ',' as const };
    const form = csvFormFromMapping(mapping, columns);
    expect(form).toMatchObject({ indicator: 'Soll', invertSign: true, headerLine: '3' });
    expect(csvMappingFromForm(form)).toEqual(mapping);
    expect(csvMappingSchema.safeParse(csvMappingFromForm(form)).success).toBe(true);
    // the indicator goes with one amount column only
    expect(csvMappingFromForm({ ...form, amountMode: 'debitCredit', debit: 'Soll' })).not.toHaveProperty('indicator');
    expect(csvFormMissing({ ...form, headerLine: 'two' })).toEqual([['headerLine', 'a line number from 1 to 1000, 0 for none, or empty to find it']]);
    expect(csvMappingFromForm({ ...form, headerLine: '' })).not.toHaveProperty('headerLine');
  });
  it('reads a file without a header by column position, keeping the same cells mapped', () => {
    const form = { ...emptyCsvMappingForm, date: 'Datum', amount: 'Betrag', memo: 'Verwendungszweck' };
    expect(csvFormWithoutHeader(form, columns)).toMatchObject({ headerLine: '0', date: '1', amount: '2', memo: '6', payee: '' });
  });
  it('fills from the engine’s suggestion, dropping columns the file does not have', () => {
    const form = csvFormFromMapping({ date: 'Datum', debit: 'Soll', credit: 'Gone', memo: 'Verwendungszweck', dateFormat: 'dd.MM.yyyy', decimal: ',' }, columns);
    expect(form).toMatchObject({ date: 'Datum', amountMode: 'debitCredit', debit: 'Soll', credit: '', memo: 'Verwendungszweck', dateFormat: 'dd.MM.yyyy', decimal: ',', delimiter: '' });
    expect(csvFormFromMapping(null, columns)).toEqual(emptyCsvMappingForm);
  });
});

type Preview = QueryOutput<'ledger.previewStatement'>;

function csvPreview(overrides: Partial<Preview> = {}): Preview {
  return {
    format: 'CSV',
    mapping: null,
    columns: ['date', 'amount', 'payee', 'notes'],
    suggestedMapping: { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' },
    transactions: 2,
    new: 2,
    duplicates: 0,
    firstDate: '2019-01-23',
    lastDate: '2019-01-23',
    rows: [
      { row: 1, date: '2019-01-23', amountMinor: -1000, payee: 'Payee Name', memo: null, bankTransactionId: null, category: null, duplicate: false, account: null },
      { row: 2, date: '2019-01-23', amountMinor: -2000, payee: null, memo: null, bankTransactionId: null, category: null, duplicate: false, account: null },
    ],
    errors: [],
    accounts: [{ source: null, transactions: 2, accountId: null }],
    mappingSource: 'guessed',
    preset: null,
    notes: [],
    currency: null,
    ...overrides,
  };
}

/** A store over a fake API that stages any file as `a…a` and answers previews with `preview(params)`. */
function wizardStore(preview: (params: Record<string, unknown>) => ReturnType<typeof ok<Preview>> | { ok: false; error: { code: 'invalid'; message: string } }) {
  const api = fakeApi({ 'ledger.previewStatement': (p) => preview(p as Record<string, unknown>) });
  Object.assign(api, { stageFile: async (file: File) => ok({ sha256: 'a'.repeat(64), size: file.size, name: file.name }) });
  const store = createAppStore({ api });
  return { api, store };
}

/** A `ledger.importStatement` result for a two-row CSV into one account. */
function summaryOf(overrides: Record<string, unknown> = {}) {
  return {
    importId: uuid(),
    format: 'CSV',
    transactions: 2,
    added: 2,
    duplicates: 0,
    firstDate: '2019-01-23',
    lastDate: '2019-01-23',
    skipped: 0,
    accounts: [{ source: null, accountId: uuid(), transactions: 2, added: 2, duplicates: 0 }],
    notes: [],
    csvMapping: null,
    ...overrides,
  };
}

describe('statement import wizard', () => {
  const sha = 'a'.repeat(64);
  const guess = { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' };

  it('previews a CSV with the engine’s own mapping, fills the form from its suggestion, and previews with the form once it changes', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore((p) => ok(csvPreview(p.csv ? { mappingSource: 'given' } : {})));
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['date,amount\n'], 'data.csv'));
    // one preview: the engine read the rows with its guess, so no second read with the same mapping
    expect(api.callsOf('ledger.previewStatement').map((c) => c.params)).toEqual([{ accountId, fileSha256: sha, fileName: 'data.csv', encoding: 'utf-8', dateOrder: 'mdy' }]);
    expect(store.getState().statementImport).toMatchObject({ csvTouched: false, options: { csv: { date: 'date', amount: 'amount', payee: 'payee', memo: '' } } });
    expect(store.getState().statementImport.preview.data?.mappingSource).toBe('guessed');
    expect(statementSelectors.canImport(store.getState())).toBe(true);

    // a change of the form previews again with the new mapping: it is the operator's now
    store.getState().setStatementOptions({ csv: { ...store.getState().statementImport.options.csv!, memo: 'notes', decimal: ',' } });
    await flush();
    expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { memo: 'notes', decimal: ',' } });
    expect(store.getState().statementImport.csvTouched).toBe(true);
    store.dispose();
  });

  it('reads with the mapping remembered for the account, sends none on import, until the operator sets the columns', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore((p) => ok(csvPreview({ mappingSource: p.csv ? 'given' : 'remembered', suggestedMapping: null })));
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summaryOf() }));
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    // no suggestion to fill the form with, yet the remembered mapping read the rows: importable
    expect(statementSelectors.canImport(store.getState())).toBe(true);
    expect(await store.getState().importStatement()).toBe(true);
    expect(api.callsOf('ledger.importStatement')[0]?.params).not.toHaveProperty('csv');

    store.getState().resetStatementImport();
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    store.getState().editStatementCsvColumns();
    await flush();
    // the form is empty (no suggestion): nothing to read with yet, so no import
    expect(store.getState().statementImport.csvTouched).toBe(true);
    expect(statementSelectors.importBlocker(store.getState())).toBe('mapping');
    store.dispose();
  });

  it('takes over with the form when the remembered mapping does not fit the file (another bank’s columns)', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore((p) => {
      if (p.accountId && !p.csv) return { ok: false, error: { code: 'invalid', message: 'the mapping\'s date column "Datum" is not in the file' } };
      return ok(csvPreview({ mappingSource: p.csv ? 'given' : 'guessed' }));
    });
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    await flush();
    const calls = api.callsOf('ledger.previewStatement').map((c) => c.params as Record<string, unknown>);
    expect(calls.map((c) => [c.accountId !== undefined, c.csv !== undefined])).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);
    const w = store.getState().statementImport;
    expect(w).toMatchObject({ csvTouched: true, preview: { status: 'ready' }, options: { csv: { date: 'date', amount: 'amount' } } });
    expect(w.csvNote).toContain('does not fit this file');
    expect(statementSelectors.canImport(store.getState())).toBe(true);
    store.dispose();
  });

  it('imports past unreadable rows: they are listed, never sent, and do not block the rest', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore(() => ok(csvPreview({ transactions: 2, errors: [{ row: 3, message: 'amount "x" is not a number' }] })));
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summaryOf({ skipped: 1 }) }));
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    expect(statementSelectors.canImport(store.getState())).toBe(true);
    const w = store.getState().statementImport;
    expect(reviewLines(w.preview.data!, w.excluded, w.sourceAccounts).lines.map((l) => [l.row, l.status, l.checkable])).toEqual([
      [1, 'new', true],
      [2, 'new', true],
      [3, 'unreadable', false],
    ]);
    // an unreadable row cannot be checked
    store.getState().setStatementRowsIncluded([3], true);
    expect(store.getState().statementImport.excluded).toEqual([]);
    expect(await store.getState().importStatement()).toBe(true);
    expect(api.callsOf('ledger.importStatement')[0]?.params).toMatchObject({ rows: [1, 2] });
    store.dispose();
  });

  it('does not import when nothing is new, or every new row is unchecked', async () => {
    const { store } = wizardStore(() => ok(csvPreview({ new: 0, duplicates: 2, rows: csvPreview().rows.map((r) => ({ ...r, duplicate: true })) })));
    store.getState().setStatementAccount(uuid());
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    expect(statementSelectors.importBlocker(store.getState())).toBe('nothing');
    expect(await store.getState().importStatement()).toBe(false);
    store.dispose();

    const again = wizardStore(() => ok(csvPreview()));
    again.store.getState().setStatementAccount(uuid());
    await again.store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    again.store.getState().setStatementRowsIncluded([1, 2], false);
    expect(statementSelectors.importBlocker(again.store.getState())).toBe('nothing');
    again.store.getState().setStatementRowsIncluded([2], true);
    expect(statementSelectors.canImport(again.store.getState())).toBe(true);
    again.store.dispose();
  });

  it('shows a broken file’s message and imports nothing', async () => {
    const { api, store } = wizardStore(() => ({ ok: false, error: { code: 'invalid', message: 'broken OFX: no transaction list (BANKTRANLIST) found' } }));
    store.getState().setStatementAccount(uuid());
    await store.getState().chooseStatementFile(new File(['x'], 'broken.ofx'));
    expect(store.getState().statementImport.preview).toEqual({ data: null, status: 'error', error: 'broken OFX: no transaction list (BANKTRANLIST) found' });
    expect(statementSelectors.canImport(store.getState())).toBe(false);
    expect(api.calls.filter((c) => c.kind === 'dispatch')).toEqual([]);
    store.dispose();
  });

  it('imports with the mapping of the preview and no row filter when nothing is left out, follows the job’s progress, and keeps the summary', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore(() => ok(csvPreview()));
    const summary = summaryOf();
    let release: () => void = () => undefined;
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summary }));
    const dispatch = api.dispatch.bind(api);
    Object.assign(api, { dispatch: (...args: Parameters<typeof dispatch>) => new Promise((resolve) => (release = () => resolve(dispatch(...args)))) });
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    const running = store.getState().importStatement();
    await flush();
    expect(store.getState().statementImport.job.status).toBe('running');
    api.emit('job.progress', { action: 'ledger.importStatement', phase: 'reading', done: 1, total: 2, unit: 'rows', ratePerSecond: 10 });
    expect(store.getState().statementImport.job.progress?.done).toBe(1);
    release();
    expect(await running).toBe(true);
    // the guessed mapping goes along, so the import reads the rows the review saw
    expect(api.callsOf('ledger.importStatement')[0]?.params).toEqual({ accountId, fileSha256: sha, fileName: 'data.csv', encoding: 'utf-8', dateOrder: 'mdy', csv: guess });
    expect(store.getState().statementImport.job).toMatchObject({ status: 'done', summary });
    expect(statementSelectors.canImport(store.getState())).toBe(false);
    store.getState().resetStatementImport();
    expect(store.getState().statementImport).toMatchObject({ accountId, file: null, excluded: [], sourceAccounts: {}, job: { status: 'idle' } });
    store.dispose();
  });

  it('sends the checked rows when the operator unchecks one, duplicates included (they add nothing)', async () => {
    const accountId = uuid();
    const rows = [1, 2, 3].map((row) => ({ ...csvPreview().rows[0]!, row, duplicate: row === 3 }));
    const { api, store } = wizardStore(() => ok(csvPreview({ rows, transactions: 3, new: 2, duplicates: 1 })));
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summaryOf({ skipped: 1 }) }));
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    store.getState().setStatementRowsIncluded([2, 3], false);
    // the duplicate is not a choice: only row 2 is unchecked
    expect(store.getState().statementImport.excluded).toEqual([2]);
    const w = store.getState().statementImport;
    expect(reviewCounts(w.preview.data!, w.excluded, w.sourceAccounts)).toMatchObject({ total: 3, toImport: 1, checkable: 2, checked: 1 });
    expect(await store.getState().importStatement()).toBe(true);
    expect(api.callsOf('ledger.importStatement')[0]?.params).toMatchObject({ rows: [1, 3] });
    store.dispose();
  });

  it('a file of two accounts waits for a choice for each, then sends `accounts`; an account left out leaves its rows out', async () => {
    const primary = uuid();
    const card = uuid();
    const rows = [
      { row: 1, date: '2026-01-02', amountMinor: -500, payee: 'Bakery', memo: null, bankTransactionId: 'c1', category: null, duplicate: false, account: '111-CHK' },
      { row: 2, date: '2026-01-03', amountMinor: 90000, payee: 'Salary', memo: null, bankTransactionId: 'c2', category: null, duplicate: false, account: '111-CHK' },
      { row: 3, date: '2026-01-04', amountMinor: -2500, payee: 'Fuel', memo: null, bankTransactionId: 'k1', category: null, duplicate: false, account: '4111-CARD' },
    ];
    const preview: Preview = {
      ...csvPreview(),
      format: 'OFX',
      columns: null,
      suggestedMapping: null,
      mappingSource: null,
      transactions: 3,
      new: 3,
      rows,
      accounts: [
        { source: '111-CHK', transactions: 2, accountId: primary },
        { source: '4111-CARD', transactions: 1, accountId: null },
      ],
    };
    const { api, store } = wizardStore(() => ok(preview));
    api.answer('ledger.importStatement', () => ok({ decision: decisionSummary({ action: 'ledger.importStatement' }), result: summaryOf() }));
    store.getState().setStatementAccount(primary);
    await store.getState().chooseStatementFile(new File(['x'], 'export.ofx'));
    // the checking account went to `primary` last time; the card has no ledger account yet
    expect(store.getState().statementImport.sourceAccounts).toEqual({ '111-CHK': primary });
    expect(statementSelectors.importBlocker(store.getState())).toBe('accounts');
    expect(await store.getState().importStatement()).toBe(false);

    store.getState().setStatementSourceAccount('4111-CARD', card);
    // the choice re-reads the file with the accounts chosen (each in its own currency)
    await flush();
    expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ accounts: [{ source: '111-CHK', accountId: primary }, { source: '4111-CARD', accountId: card }] });
    expect(statementSelectors.canImport(store.getState())).toBe(true);
    expect(await store.getState().importStatement()).toBe(true);
    expect(api.callsOf('ledger.importStatement')[0]?.params).toMatchObject({
      accountId: primary,
      accounts: [
        { source: '111-CHK', accountId: primary },
        { source: '4111-CARD', accountId: card },
      ],
    });
    expect(api.callsOf('ledger.importStatement')[0]?.params).not.toHaveProperty('rows');

    // left out: its rows show as such and cannot be checked; nothing else changes
    store.getState().resetStatementImport();
    await store.getState().chooseStatementFile(new File(['x'], 'export.ofx'));
    store.getState().setStatementSourceAccount('4111-CARD', null);
    const w = store.getState().statementImport;
    expect(reviewLines(w.preview.data!, w.excluded, w.sourceAccounts).lines.map((l) => l.status)).toEqual(['new', 'new', 'leftOut']);
    expect(reviewCounts(w.preview.data!, w.excluded, w.sourceAccounts).toImport).toBe(2);
    expect(accountsToImport(w.preview.data!, w.sourceAccounts).accounts).toEqual([
      { source: '111-CHK', accountId: primary },
      { source: '4111-CARD', accountId: null },
    ]);
    store.dispose();
  });
});

describe('statement review past the preview’s 500 rows', () => {
  // rows 1–500 shown of 800 transactions; unreadable rows 7 (shown) and 650 (past the preview)
  const shownRows = Array.from({ length: 500 }, (_, i) => i + 1 + (i >= 6 ? 1 : 0)).map((row) => ({ ...csvPreview().rows[0]!, row, duplicate: row === 2 }));
  const big = csvPreview({ rows: shownRows, transactions: 800, new: 799, duplicates: 1, errors: [{ row: 7, message: 'no date' }, { row: 650, message: 'no amount' }] });

  it('sends no rows filter when nothing is left out and nothing is unreadable: the engine imports the whole file', () => {
    expect(rowsToImport({ ...big, errors: [] }, [], {})).toBeUndefined();
    expect(reviewCounts({ ...big, errors: [] }, [], {})).toMatchObject({ total: 800, unseen: 300, toImport: 799 });
  });

  it('keeps every row past the preview when some are left out: the chosen rows shown, then all the others but the unreadable', () => {
    const rows = rowsToImport(big, [3], {});
    expect(rows).toBeDefined();
    const sent = new Set(rows);
    expect(sent.has(3)).toBe(false); // unchecked
    expect(sent.has(2)).toBe(true); // a duplicate: counted as one by the engine
    expect(sent.has(7) || sent.has(650)).toBe(false); // unreadable
    // the last row shown is 501; 300 transactions and one unreadable row follow: up to 802
    expect(Math.max(...rows!)).toBe(802);
    expect(rows!.filter((r) => r > 501)).toHaveLength(300);
    expect(rows).toHaveLength(499 + 300);
    // only the unreadable rows among those shown are listed; the one past the preview is counted
    const { lines, hiddenErrors } = reviewLines(big, [], {});
    expect(lines.filter((l) => l.kind === 'error').map((l) => l.row)).toEqual([7]);
    expect(hiddenErrors).toBe(1);
  });
});

describe('CSV mapping origin and summary', () => {
  it('says where the mapping came from', () => {
    expect(mappingSourceText('remembered', null)).toBe('Read with the mapping remembered for this account (from its last CSV import).');
    expect(mappingSourceText('preset', 'amex')).toBe('Read with the amex layout, recognised from the header.');
    expect(mappingSourceText('guessed', null)).toContain('guessed from the header');
    expect(mappingSourceText(null, null)).toBeNull();
  });
  it('describes the mapping used, with the header line, the indicator and card signs', () => {
    expect(describeCsvMapping({ date: 'Date', amount: 'Amount', indicator: 'D/C', payee: 'Description', dateFormat: 'MM/dd/yyyy', decimal: '.', delimiter: ';', headerLine: 4, invertSign: true })).toEqual([
      'Date: Date (MM/dd/yyyy)',
      'Amount: Amount',
      'Debit/credit indicator: D/C',
      'Payee: Description',
      'Decimal point (1,234.56)',
      'Delimiter: Semicolon ;',
      'Header on line 4',
      'Amounts are charges (card export): signs turned',
    ]);
  });
});

describe('unmatched receipts and outflows', () => {
  const empty = { receipts: { items: [], total: 0 }, outflows: { items: [], total: 0 } };

  it('loads the newest 50 of each side, and refetches once loaded when receipts, entries or accounts change', async () => {
    const api = fakeApi({ 'reconcile.unmatched': () => ok(empty) });
    const store = createAppStore({ api });
    api.emit('db.changed', { tables: ['receipts'] });
    await flush();
    expect(api.callsOf('reconcile.unmatched')).toEqual([]); // never shown: nothing to refetch

    await store.getState().loadUnmatched();
    expect(api.callsOf('reconcile.unmatched').map((c) => c.params)).toEqual([{ limit: UNMATCHED_SHOWN }]);
    expect(store.getState().unmatched).toEqual({ data: empty, status: 'ready', error: null });

    api.emit('db.changed', { tables: ['approvals'] });
    await flush();
    expect(api.callsOf('reconcile.unmatched')).toHaveLength(1);
    for (const table of ['receipts', 'ledger_entries', 'ledger_accounts']) {
      api.emit('db.changed', { tables: [table] });
      await flush();
    }
    expect(api.callsOf('reconcile.unmatched')).toHaveLength(4);
    store.dispose();
  });

  it('keeps the engine’s message when the lists cannot be loaded', async () => {
    const api = fakeApi({ 'reconcile.unmatched': () => ({ ok: false, error: { code: 'forbidden', message: 'guests cannot read the ledger' } }) });
    const store = createAppStore({ api });
    await store.getState().loadUnmatched();
    expect(store.getState().unmatched).toEqual({ data: null, status: 'error', error: 'guests cannot read the ledger' });
    store.dispose();
  });
});
