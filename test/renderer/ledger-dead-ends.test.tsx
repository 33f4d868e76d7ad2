// @vitest-environment jsdom
/**
 * No dead ends (issue 15, part 9), over the REAL engine and a real OFX statement (CAD):
 * - Ledger → "Import a statement" with no account opens the wizard with "Create the account
 *   this file needs", its currency the household's until the file says its own (CAD); bad
 *   input (no name) is refused next to the field and creates nothing; the account made in
 *   place becomes the wizard's and the file's 3 transactions are imported into it.
 * - A file in another currency than the account chosen offers the account the file needs:
 *   create a CAD account in place, and the import goes there.
 * - A file of two accounts where one has no ledger account yet: "New account…" creates it
 *   in place and sends the file's account there.
 * - An account picker with no account (Bought, Pay, Execute) offers "Add an account here"
 *   and chooses the account created.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../main/engine/types';
import { AccountSelect } from '../../renderer/features/ledger/AccountSelect';
import { LedgerScreen } from '../../renderer/features/ledger/LedgerScreen';
import { StoreProvider } from '../../renderer/store/context';
import { createAppStore } from '../../renderer/store/index';
import { DATASETS } from '../helpers/datasets';
import { liveEngine, must } from '../helpers/engine';
import { engineApi } from './engine-api';

afterEach(cleanup);

const OFX = join(DATASETS, 'bank-statements', 'ofxparse-fixtures', 'bank_medium.ofx');
const ofxFile = () => new File([readFileSync(OFX)], 'bank_medium.ofx');

async function mount(engine: Engine, ui: React.ReactNode) {
  const store = createAppStore({ api: engineApi(engine) });
  await store.getState().loadGovernance();
  await store.getState().loadSummary();
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

const accounts = (engine: Engine) => must(engine.query('ledger.accounts', {}));

describe('importing a statement with no account', () => {
  it('offers the account the file needs in place, in the file’s currency, then imports into it', async () => {
    const { engine } = liveEngine();
    await mount(engine, <LedgerScreen />);
    // the empty state's "Import a statement" leads somewhere now
    fireEvent.click(await screen.findByRole('button', { name: 'Import a statement' }));
    const wizard = await screen.findByRole('region', { name: 'Import a bank statement' });
    const create = within(wizard).getByRole('region', { name: 'Create the account this file needs' });
    // no file yet: the household's currency
    expect((within(create).getByLabelText('Currency') as HTMLInputElement).value).toBe('EUR');

    fireEvent.change(within(wizard).getByLabelText('Statement file'), { target: { files: [ofxFile()] } });
    // the preview knows the file's currency: the account follows it
    await waitFor(() => expect((within(create).getByLabelText('Currency') as HTMLInputElement).value).toBe('CAD'));
    expect(create.textContent).toContain('The file is in CAD');
    const importButton = within(wizard).getByRole('button', { name: 'Import 3 transactions' });
    expect((importButton as HTMLButtonElement).disabled).toBe(true);
    expect(wizard.textContent).toContain('Create the account this file needs first');

    // bad input: no name — refused next to the field, nothing created
    fireEvent.click(within(create).getByRole('button', { name: 'Create account' }));
    const name = within(create).getByLabelText('Account name');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(create.textContent).toContain('This field is required');
    expect(accounts(engine)).toEqual([]);

    fireEvent.change(name, { target: { value: 'CIBC chequing' } });
    fireEvent.keyDown(name, { key: 'Enter' });
    await waitFor(() => expect(accounts(engine).map((a) => [a.name, a.currency])).toEqual([['CIBC chequing', 'CAD']]));
    const created = accounts(engine)[0];
    // the wizard now imports into it
    await waitFor(() => expect((within(wizard).getByLabelText('Account') as HTMLSelectElement).value).toBe(created?.id));
    const ready = await within(wizard).findByRole('button', { name: 'Import 3 transactions' });
    await waitFor(() => expect((ready as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(ready);
    await screen.findByRole('region', { name: 'Statement import summary' });
    const entries = must(engine.query('ledger.entries', { accountId: created?.id ?? '' }));
    expect(entries.items.map((e) => e.payee)).toContain("MCDONALD'S #112");
    expect(entries.items).toHaveLength(3);
  });
});

describe('importing into an account of another currency', () => {
  it('offers to create an account in the file’s currency, and imports there', async () => {
    const { engine } = liveEngine();
    must(engine.dispatch('ledger.createAccount', { name: 'Everyday checking', kind: 'checking', currency: 'EUR', openingBalanceMinor: 0 }, 'execute'));
    const store = await mount(engine, <LedgerScreen />);
    store.getState().setLedgerTab('import');
    const wizard = await screen.findByRole('region', { name: 'Import a bank statement' });
    await waitFor(() => expect((within(wizard).getByLabelText('Account') as HTMLSelectElement).value).not.toBe(''));
    fireEvent.change(within(wizard).getByLabelText('Statement file'), { target: { files: [ofxFile()] } });
    const offer = await within(wizard).findByRole('note', { name: 'The file’s currency' });
    expect(offer.textContent).toContain('This file is in CAD, but Everyday checking is in EUR');
    expect(wizard.textContent).toContain('Choose or create an account in the file’s currency first');

    fireEvent.click(within(offer).getByRole('button', { name: 'Create a CAD account for this file' }));
    const create = within(offer).getByRole('region', { name: 'Create a CAD account for this file' });
    expect((within(create).getByLabelText('Currency') as HTMLInputElement).value).toBe('CAD');
    fireEvent.change(within(create).getByLabelText('Account name'), { target: { value: 'CIBC chequing' } });
    fireEvent.click(within(create).getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(accounts(engine).map((a) => a.currency).sort()).toEqual(['CAD', 'EUR']));
    const cad = accounts(engine).find((a) => a.currency === 'CAD');
    await waitFor(() => expect((within(wizard).getByLabelText('Account') as HTMLSelectElement).value).toBe(cad?.id));
    await waitFor(() => expect(within(wizard).queryByRole('note', { name: 'The file’s currency' })).toBeNull());
    const ready = await within(wizard).findByRole('button', { name: 'Import 3 transactions' });
    await waitFor(() => expect((ready as HTMLButtonElement).disabled).toBe(false));
  });
});

/** A checking account and a card in one OFX (EUR), as banks export them. */
const TWO_ACCOUNT_OFX = `OFXHEADER:100
DATA:OFXSGML
VERSION:102

<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR
<BANKACCTFROM><BANKID>50010517<ACCTID>DE-0532013000<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20260131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<TRNAMT>-42.50<FITID>CHK-1<NAME>Boulangerie du Coin</STMTTRN>
</BANKTRANLIST>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<CCSTMTRS><CURDEF>EUR
<CCACCTFROM><ACCTID>4111-XXXX-XXXX-1111</CCACCTFROM>
<BANKTRANLIST><DTSTART>20260101<DTEND>20260131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260103<TRNAMT>-61.20<FITID>CC-1<NAME>Shell Station 114</STMTTRN>
</BANKTRANLIST>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
</OFX>
`;

describe('a file of two accounts, one without a ledger account', () => {
  it('"New account…" creates the card’s account in place and sends the card there', async () => {
    const { engine } = liveEngine();
    const giro = must(engine.dispatch('ledger.createAccount', { name: 'Giro', kind: 'checking', currency: 'EUR', openingBalanceMinor: 0 }, 'execute')).result;
    const store = await mount(engine, <LedgerScreen />);
    store.getState().setLedgerTab('import');
    const wizard = await screen.findByRole('region', { name: 'Import a bank statement' });
    await waitFor(() => expect((within(wizard).getByLabelText('Account') as HTMLSelectElement).value).toBe(giro.id));
    fireEvent.change(within(wizard).getByLabelText('Statement file'), { target: { files: [new File([TWO_ACCOUNT_OFX], 'all-accounts.ofx')] } });
    const step = await within(wizard).findByRole('group', { name: 'Accounts in this file' });
    fireEvent.change(within(step).getByLabelText('DE-0532013000'), { target: { value: giro.id } });
    fireEvent.change(within(step).getByLabelText('4111-XXXX-XXXX-1111'), { target: { value: 'new-account' } });
    const create = within(step).getByRole('region', { name: 'Create an account for 4111-XXXX-XXXX-1111' });
    expect((within(create).getByLabelText('Currency') as HTMLInputElement).value).toBe('EUR');
    fireEvent.change(within(create).getByLabelText('Account name'), { target: { value: 'Visa card' } });
    fireEvent.click(within(create).getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(accounts(engine).map((a) => a.name).sort()).toEqual(['Giro', 'Visa card']));
    const visa = accounts(engine).find((a) => a.name === 'Visa card');
    await waitFor(() => expect((within(step).getByLabelText('4111-XXXX-XXXX-1111') as HTMLSelectElement).value).toBe(visa?.id));
    const ready = await within(wizard).findByRole('button', { name: 'Import 2 transactions' });
    await waitFor(() => expect((ready as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(ready);
    await screen.findByRole('region', { name: 'Statement import summary' });
    expect(must(engine.query('ledger.entries', { accountId: visa?.id ?? '' })).items.map((e) => e.payee)).toEqual(['Shell Station 114']);
  });
});

describe('an account picker with no account', () => {
  function Picker() {
    const [value, setValue] = useState('');
    return (
      <>
        <AccountSelect value={value} onChange={setValue} noneLabel="No account: no ledger entry" />
        <output aria-label="Chosen">{value}</output>
      </>
    );
  }

  it('offers to add one in place, links the Ledger screen, and chooses the account created', async () => {
    const { engine } = liveEngine();
    const store = await mount(engine, <Picker />);
    const hint = await screen.findByText(/No ledger account yet/);
    // the help text names the Ledger screen as a link to it
    fireEvent.click(within(hint).getByRole('button', { name: 'Ledger' }));
    expect(store.getState().route).toBe('ledger');

    fireEvent.click(screen.getByRole('button', { name: 'Add an account here' }));
    const create = screen.getByRole('region', { name: 'Add an account' });
    expect((within(create).getByLabelText('Currency') as HTMLInputElement).value).toBe('EUR');
    fireEvent.change(within(create).getByLabelText('Account name'), { target: { value: 'Cash' } });
    fireEvent.click(within(create).getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(accounts(engine)).toHaveLength(1));
    await waitFor(() => expect(screen.getByLabelText('Chosen').textContent).toBe(accounts(engine)[0]?.id));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Add an account' })).toBeNull());
  });
});
