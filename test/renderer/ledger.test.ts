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
import {
  csvFormFromMapping,
  csvFormMissing,
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
    expect(parseSignedMoneyInput(' -12,5 ', 'EUR')).toEqual({ ok: true, minor: -1250 });
    expect(parseSignedMoneyInput('−300', 'JPY')).toEqual({ ok: true, minor: -300 });
    expect(parseSignedMoneyInput('', 'EUR')).toEqual({ ok: true, minor: undefined });
    expect(parseSignedMoneyInput('-1.234', 'EUR').ok).toBe(false);
    expect(parseSignedMoneyInput('12 EUR', 'EUR').ok).toBe(false);
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

describe('statement import wizard', () => {
  it('previews a CSV, fills the mapping from the suggestion and previews again with it', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore((p) => ok(csvPreview(p.csv ? {} : { rows: [], transactions: 0, new: 0 })));
    store.getState().setStatementAccount(accountId);
    await store.getState().chooseStatementFile(new File(['date,amount\n'], 'data.csv'));
    const calls = api.callsOf('ledger.previewStatement').map((c) => c.params);
    expect(calls).toEqual([
      { accountId, fileSha256: 'a'.repeat(64), fileName: 'data.csv', encoding: 'utf-8', dateOrder: 'mdy' },
      { accountId, fileSha256: 'a'.repeat(64), fileName: 'data.csv', encoding: 'utf-8', dateOrder: 'mdy', csv: { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' } },
    ]);
    expect(store.getState().statementImport.options.csv).toMatchObject({ date: 'date', amount: 'amount', payee: 'payee', memo: '' });
    expect(store.getState().statementImport.preview.data?.new).toBe(2);
    expect(statementSelectors.canImport(store.getState())).toBe(true);

    // a change of the form previews again with the new mapping
    store.getState().setStatementOptions({ csv: { ...store.getState().statementImport.options.csv!, memo: 'notes', decimal: ',' } });
    await flush();
    expect(api.callsOf('ledger.previewStatement').at(-1)?.params).toMatchObject({ csv: { memo: 'notes', decimal: ',' } });
    store.dispose();
  });

  it('does not import while rows have errors or nothing is new', async () => {
    const { store } = wizardStore(() => ok(csvPreview({ errors: [{ row: 2, message: 'amount "x" is not a number' }] })));
    store.getState().setStatementAccount(uuid());
    await store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    expect(statementSelectors.canImport(store.getState())).toBe(false);
    expect(await store.getState().importStatement()).toBe(false);
    store.dispose();

    const again = wizardStore(() => ok(csvPreview({ new: 0, duplicates: 2 })));
    again.store.getState().setStatementAccount(uuid());
    await again.store.getState().chooseStatementFile(new File(['x'], 'data.csv'));
    expect(statementSelectors.canImport(again.store.getState())).toBe(false);
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

  it('imports with the mapping of the preview, follows the job’s progress, and keeps the summary', async () => {
    const accountId = uuid();
    const { api, store } = wizardStore(() => ok(csvPreview()));
    const summary = { importId: uuid(), format: 'CSV', transactions: 2, added: 2, duplicates: 0, firstDate: '2019-01-23', lastDate: '2019-01-23' };
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
    expect(api.callsOf('ledger.importStatement')[0]?.params).toEqual({
      accountId,
      fileSha256: 'a'.repeat(64),
      fileName: 'data.csv',
      encoding: 'utf-8',
      dateOrder: 'mdy',
      csv: { date: 'date', amount: 'amount', payee: 'payee', dateFormat: 'yyyy-MM-dd', decimal: '.' },
    });
    expect(store.getState().statementImport.job).toMatchObject({ status: 'done', summary });
    expect(statementSelectors.canImport(store.getState())).toBe(false);
    store.getState().resetStatementImport();
    expect(store.getState().statementImport).toMatchObject({ accountId, file: null, job: { status: 'idle' } });
    store.dispose();
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
