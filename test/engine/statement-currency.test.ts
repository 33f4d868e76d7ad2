/**
 * `ledger.previewStatement` says the file's currency (issue 15, part 9: the wizard offers the
 * account a file needs): the ISO code an OFX states (CURDEF), with or without an account
 * and whatever the account's currency; null for a format that states none (CSV, QIF). A
 * staged id that is no file is refused, in words, and nothing changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../helpers/datasets';
import { liveEngine, must } from '../helpers/engine';

const BANK = join(DATASETS, 'bank-statements');

async function staged() {
  const { engine } = liveEngine();
  const stage = async (path: string) => (await engine.files.putStream(Readable.from([readFileSync(join(BANK, path))]), path)).sha256;
  return { engine, stage };
}

describe('the previewed file’s currency', () => {
  it('is the OFX’s CURDEF, with no account and with an account in another currency', async () => {
    const { engine, stage } = await staged();
    const sha = await stage('ofxparse-fixtures/bank_medium.ofx');
    expect(must(engine.query('ledger.previewStatement', { fileSha256: sha }))).toMatchObject({ format: 'OFX', currency: 'CAD', transactions: 3 });
    const eur = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    // every row refused for the account's currency, and still the file says CAD
    const wrong = must(engine.query('ledger.previewStatement', { fileSha256: sha, accountId: eur.id }));
    expect(wrong).toMatchObject({ currency: 'CAD', transactions: 0 });
    expect(wrong.errors[0]?.message).toMatch(/CAD.*EUR/);
  });

  it('is null for a CSV and a QIF, which state none', async () => {
    const { engine, stage } = await staged();
    for (const path of ['actual-import-fixtures/data-payee-memo.csv', 'actual-import-fixtures/data-payee-memo.qif']) {
      expect(must(engine.query('ledger.previewStatement', { fileSha256: await stage(path) })).currency, path).toBeNull();
    }
  });

  it('a staged id that is no file is refused in words, and nothing changes', async () => {
    const { engine } = await staged();
    const before = must(engine.query('ledger.accounts', {}));
    const refused = engine.query('ledger.previewStatement', { fileSha256: 'f'.repeat(64) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/not|no /i);
    expect(must(engine.query('ledger.accounts', {}))).toEqual(before);
  });
});
