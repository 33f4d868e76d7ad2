import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract';
import { readOfx } from '../../main/engine/domains/ledger/ledger';
import { DATASETS, hasDataset } from '../helpers/datasets';
import { liveEngine, must, tempDir } from '../helpers/engine';

const BANK = join(DATASETS, 'bank-statements');

function refusal(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('ledger', () => {
  it('records money in freely and money out as a governed spend with a category', () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 100000 }, 'execute')).result;
    must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 250000, payee: 'Employer' }, 'execute'));
    const out = must(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -4500, payee: 'Grocer', category: 'Groceries' }, 'execute'));
    expect(out.decision.riskBucket).toBe('GREEN');
    expect(must(engine.query('ledger.accounts', {}))[0]).toMatchObject({ balanceMinor: 100000 + 250000 - 4500, entries: 2 });
    // an outflow without a category is risk UNKNOWN, refused as RED
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -100, payee: 'Someone' }, 'execute')).message).toMatch(/risk UNKNOWN \(missing category\)/);
    // a large outflow needs an approval
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: -30000, payee: 'Sofa shop', category: 'Home' }, 'execute')).code).toBe('pending_approval');
    expect(refusal(engine.dispatch('ledger.record', { accountId: account.id, date: '2026-11-20', amountMinor: 0 }, 'execute')).code).toBe('invalid');
    expect(refusal(engine.dispatch('ledger.createAccount', { name: 'checking', kind: 'checking', currency: 'EUR' }, 'execute')).code).toBe('conflict');
  });

  it('refuses statements it cannot read, naming the problem, and changes nothing', async () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const attempt = async (text: string) => {
      const path = join(tempDir(), 'statement');
      writeFileSync(path, text);
      const staged = await engine.files.putPath(path);
      return engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: staged.sha256 }, 'execute');
    };
    expect(refusal(await attempt('!Type:Bank\nD01/02/2020\nT-10.00\n^\n')).message).toMatch(/looks like QIF, which cannot be imported yet/);
    expect(refusal(await attempt('OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT>x</STMTTRN></BANKTRANLIST>')).code).toBe('invalid');
    expect(must(engine.query('ledger.accounts', {}))[0]?.entries).toBe(0);
  });
});

describe.skipIf(!hasDataset(BANK))('real bank statement fixtures', () => {
  const files = ['ofxparse-fixtures/bank_medium.ofx', 'ofxparse-fixtures/chase_cc.qfx', 'gnucash-examples/cibc_checking.qfx', 'actual-import-fixtures/utf-8.qfx', 'actual-import-fixtures/data-payee-memo.ofx'];

  it('reads every OFX/QFX fixture into dated transactions with amounts in minor units', () => {
    for (const f of files) {
      const transactions = readOfx(readFileSync(join(BANK, f), 'utf8'));
      expect(transactions.length, f).toBeGreaterThan(0);
      for (const t of transactions) {
        expect(t.date, f).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Number.isInteger(t.amountMinor), f).toBe(true);
      }
    }
  });

  it('imports a statement once: the same file again adds nothing', async () => {
    const { engine } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'USD' }, 'execute')).result;
    const staged = await engine.files.putPath(join(BANK, 'ofxparse-fixtures/bank_medium.ofx'));
    const first = must(await engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: staged.sha256, fileName: 'bank_medium.ofx' }, 'execute')).result;
    expect(first.added).toBe(first.transactions);
    expect(first.added).toBeGreaterThan(0);
    const again = must(await engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: staged.sha256 }, 'execute')).result;
    expect(again).toMatchObject({ added: 0, duplicates: first.transactions });
    expect(must(engine.query('ledger.entries', { accountId: account.id })).items).toHaveLength(first.transactions);
  });
});
