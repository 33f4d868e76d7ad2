import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT, main } from '../../main/cli/main';
import { buildCli, freshCliBundle } from '../../scripts/cli-bundle.mjs';
import { tempDir } from '../helpers/engine';
import { BACKUP_STEPS } from '../helpers/golive';
import { rewriteZip } from '../helpers/zip';

const ROOT = join(__dirname, '../..');

/** Runs the CLI in-process, capturing stdout and stderr. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, env);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Turns execution on through the CLI the only way a new database can: a Go-live run, step by step. */
async function goLiveByCli(db: string): Promise<void> {
  const started = await run(['--db', db, 'dispatch', 'playbooks.start', '--params', '{"key":"go-live"}']);
  expect(started.code).toBe(EXIT.ok);
  // the CLI prints the decision; its result is the run
  const { id: runId, steps } = (started.json() as { result: { id: string; steps: { key: string }[] } }).result;
  for (const step of steps) {
    const skip = BACKUP_STEPS.has(step.key);
    const params = JSON.stringify(skip ? { runId, stepKey: step.key, reason: 'no backups in this test' } : { runId, stepKey: step.key, evidence: { note: 'checked from the CLI' } });
    expect((await run(['--db', db, 'dispatch', skip ? 'playbooks.skipStep' : 'playbooks.completeStep', '--params', params])).code).toBe(EXIT.ok);
  }
}

describe('valhalla CLI', () => {
  it('init, dispatch, query and audit verify, with the documented exit codes', async () => {
    const db = join(tempDir(), 'cli.sqlite');
    const init = await run(['--db', db, 'init', '--owner', 'Olga', '--currency', 'GBP', '--timezone', 'Europe/London']);
    expect(init.code).toBe(EXIT.ok);
    expect(init.json()).toMatchObject({ action: 'setup.initialize', status: 'OK' });

    const blocked = await run(['--db', db, 'dispatch', 'operators.create', '--params', '{"name":"Sam","role":"staff"}']);
    expect(blocked.code).toBe(EXIT.blocked);
    expect(blocked.json()).toMatchObject({ status: 'BLOCKED' });
    expect(blocked.stderr).toMatch(/execution is off/);

    const direct = await run(['--db', db, 'dispatch', 'governance.setGoLive', '--params', '{"enabled":true,"reason":"ready to go"}']);
    expect(direct.code).toBe(EXIT.error);
    expect(direct.stderr).toMatch(/last step of the Go-live playbook/);
    await goLiveByCli(db);
    const plan = await run(['--db', db, 'dispatch', 'operators.create', '--params', '{"name":"Sam","role":"staff"}', '--plan']);
    expect(plan.json()).toMatchObject({ mode: 'plan', status: 'OK' });
    expect((await run(['--db', db, 'dispatch', 'operators.create', '--params', '{"name":"Sam","role":"staff"}'])).code).toBe(EXIT.ok);

    const asSam = await run(['--db', db, '--as', 'sam', 'dispatch', 'governance.setBand', '--params', '{"band":"C","reason":"staff tries"}']);
    expect(asSam.code).toBe(EXIT.blocked);
    expect(asSam.json()).toMatchObject({ operatorName: 'Sam', status: 'BLOCKED' });

    const invalid = await run(['--db', db, 'dispatch', 'governance.setBand', '--params', '{"band":"Q","reason":"no"}']);
    expect(invalid.code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'dispatch', 'governance.setBand', '--params', '{not json'])).code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'dispatch', 'nope.nothing'])).code).toBe(EXIT.invalid);

    const state = await run(['--db', db, 'query', 'governance.state']);
    expect(state.json()).toMatchObject({ currency: 'GBP', goLive: { enabled: true } });

    const verify = await run(['--db', db, 'audit', 'verify']);
    expect(verify.code).toBe(EXIT.ok);
    expect(verify.stderr).toMatch(/intact/);
    expect(verify.json()).toMatchObject({ ok: true, firstBadSeq: null });
  });

  it('report audit writes a bundle; report verify passes it with or without the database, exits 4 for a changed byte, 2 for a file that is not a bundle', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'valhalla.sqlite');
    await run(['--db', db, 'init', '--owner', 'Olga', '--currency', 'EUR', '--timezone', 'UTC']);
    await goLiveByCli(db);
    const today = new Date().toISOString().slice(0, 10);
    const out = join(dir, 'month.zip');
    const exported = await run(['--db', db, 'report', 'audit', '--from', '2020-01-01', '--to', today, '--out', out]);
    expect(exported.code).toBe(EXIT.ok);
    expect(exported.json()).toMatchObject({ path: out, counts: { decisions: expect.any(Number) } });
    expect(exported.stderr).toMatch(/decisions: \d+ of \d+ rows/);

    // from the bundle alone: no database is opened or created
    const alone = await run(['report', 'verify', out], { VALHALLA_DB: join(dir, 'never.sqlite') });
    expect(alone.code).toBe(EXIT.ok);
    expect(alone.json()).toMatchObject({ status: 'intact', againstDatabase: false });
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
    const withDb = await run(['report', 'verify', out, '--db', db]);
    expect(withDb.json()).toMatchObject({ status: 'intact', againstDatabase: true, signature: { sameInstallation: true } });

    const flipped = join(dir, 'flipped.zip');
    await rewriteZip(out, flipped, (name, data) => {
      if (name !== 'decisions.csv') return data;
      const copy = Buffer.from(data);
      copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 1;
      return copy;
    });
    const tampered = await run(['report', 'verify', flipped]);
    expect(tampered.code).toBe(EXIT.broken);
    expect(tampered.stderr).toMatch(/decisions\.csv row \d+/);

    writeFileSync(join(dir, 'plain.zip'), 'plain text');
    expect((await run(['report', 'verify', join(dir, 'plain.zip')])).code).toBe(EXIT.invalid);
    expect((await run(['report', 'verify'])).code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'report', 'audit', '--from', '2026-12-01'])).code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'report', 'audit', '--from', '2026-12-31', '--to', '2026-12-01'])).code).toBe(EXIT.invalid);
  });

  it('backup --to DIR writes a verified backup; restore FILE brings it back; a copy of the data folder with its tail cut fails audit verify', async () => {
    const dir = tempDir();
    const db = join(dir, 'data', 'valhalla.sqlite');
    await run(['--db', db, 'init']);
    await goLiveByCli(db);
    const backup = await run(['--db', db, 'backup', '--to', join(dir, 'backups')]);
    expect(backup.code).toBe(EXIT.ok);
    const { path, verified } = backup.json() as { path: string; verified: boolean };
    expect(verified).toBe(true);
    await run(['--db', db, 'dispatch', 'governance.setBand', '--params', '{"band":"D","reason":"after the backup"}']);
    const restored = await run(['--db', db, 'restore', path, '--reason', 'back to the morning']);
    expect(restored.code).toBe(EXIT.ok);
    expect((await run(['--db', db, 'query', 'governance.state'])).json()).toMatchObject({ band: { current: 'B' } });
    expect((await run(['--db', db, 'audit', 'verify'])).code).toBe(EXIT.ok);
    const notOurs = await run(['--db', db, 'restore', join(dir, 'nothing.zip')]);
    expect(notOurs.code).toBe(EXIT.error);
    expect(notOurs.stderr).toMatch(/no backup file/);

    const copy = join(dir, 'copy');
    cpSync(join(dir, 'data'), copy, { recursive: true });
    const raw = new Database(join(copy, 'valhalla.sqlite'));
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.exec('DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 2 FROM audit_events)');
    raw.close();
    const cut = await run(['--db', join(copy, 'valhalla.sqlite'), 'audit', 'verify']);
    expect(cut.code, cut.stderr).toBe(EXIT.broken);
    expect(cut.stderr).toMatch(/TAMPERED: .*tail was cut/);
  });

  it('audit verify exits 4 when the chain is broken', async () => {
    const db = join(tempDir(), 'broken.sqlite');
    await run(['--db', db, 'init']);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare("UPDATE audit_events SET entity = 'forged' WHERE seq = 1").run();
    raw.close();
    const verify = await run(['--db', db, 'audit', 'verify']);
    expect(verify.code).toBe(EXIT.broken);
    expect(verify.json()).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('VALHALLA_DB sets the database; --as refuses an unknown operator', async () => {
    const db = join(tempDir(), 'env.sqlite');
    expect((await run(['init'], { VALHALLA_DB: db })).code).toBe(EXIT.ok);
    const r = await run(['--as', 'nobody', 'query', 'operators.list'], { VALHALLA_DB: db });
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stderr).toMatch(/no operator named or with id "nobody"/);
  });

  it('lists actions and queries with their params as JSON Schema', async () => {
    const actions = (await run(['actions'])).json() as { name: string; params: { type: string; properties: Record<string, unknown> } }[];
    const setBand = actions.find((a) => a.name === 'governance.setBand');
    expect(setBand?.params.type).toBe('object');
    expect(Object.keys(setBand?.params.properties ?? {}).sort()).toEqual(['band', 'reason']);
    const queries = (await run(['queries'])).json() as { name: string }[];
    expect(queries.map((q) => q.name)).toContain('audit.verify');
  });

  it('rejects unknown commands and flags with usage, exit 2', async () => {
    expect((await run(['frobnicate', '--db', join(tempDir(), 'x.sqlite')])).code).toBe(EXIT.invalid);
    const bad = await run(['--bogus']);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.stderr).toMatch(/usage: valhalla/);
  });

  it('imports receipts from a folder of SROIE files, and refuses a folder without any', async () => {
    const db = join(tempDir(), 'receipts.sqlite');
    await run(['--db', db, 'init']);
    await goLiveByCli(db);
    const dir = tempDir();
    writeFileSync(join(dir, '001.json'), JSON.stringify({ company: 'SHOP SDN BHD', date: '25/12/2018', address: 'x', total: 'RM 9.00' }));
    writeFileSync(join(dir, '001.csv'), '1,2,3,4,5,6,7,8,SHOP SDN BHD\n1,2,3,4,5,6,7,8,TOTAL 9.00\n');
    const imported = await run(['--db', db, 'import', 'receipts', dir]);
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.json()).toMatchObject({ files: 2, imported: 1, problems: [] });
    expect((await run(['--db', db, 'import', 'receipts', tempDir()])).code).toBe(EXIT.invalid);
  });

  it('imports a bank statement into an account named on the command line; again adds nothing; bad input exits 2', async () => {
    const db = join(tempDir(), 'statement.sqlite');
    await run(['--db', db, 'init']);
    await goLiveByCli(db);
    await run(['--db', db, 'dispatch', 'ledger.createAccount', '--params', '{"name":"Giro","kind":"checking","currency":"EUR"}']);
    const dir = tempDir();
    const csv = join(dir, 'giro.csv');
    writeFileSync(csv, Buffer.from('Datum;Empf\u00e4nger;Betrag\n02.01.2026;B\u00e4ckerei;-3,20\n03.01.2026;Arbeitgeber;1.500,00\n', 'latin1'));
    const mapping = JSON.stringify({ date: 'Datum', payee: 'Empfänger', amount: 'Betrag', dateFormat: 'dd.MM.yyyy', decimal: ',' });
    const notUtf8 = await run(['--db', db, 'import', 'statement', csv, '--account', 'giro', '--csv-mapping', mapping]);
    expect(notUtf8.code).toBe(EXIT.invalid);
    expect(notUtf8.stderr).toMatch(/not UTF-8 .* choose the latin1 encoding/);
    const imported = await run(['--db', db, 'import', 'statement', csv, '--account', 'GIRO', '--encoding', 'latin1', '--csv-mapping', mapping]);
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.json()).toMatchObject({ format: 'CSV', transactions: 2, added: 2, duplicates: 0, firstDate: '2026-01-02', lastDate: '2026-01-03' });
    const again = await run(['--db', db, 'import', 'statement', csv, '--account', 'Giro', '--encoding', 'latin1', '--csv-mapping', mapping]);
    expect(again.json()).toMatchObject({ added: 0, duplicates: 2 });

    const qif = join(dir, 'cash.qif');
    writeFileSync(qif, '!Type:Bank\nD01/02/2026\nT-10.00\nPShop\n^\n');
    const dmy = await run(['--db', db, 'import', 'statement', qif, '--account', 'Giro', '--date-order', 'dmy']);
    expect(dmy.json()).toMatchObject({ format: 'QIF', added: 1, firstDate: '2026-02-01' });
    expect((await run(['--db', db, 'import', 'statement', qif])).stderr).toMatch(/needs --account/);
    expect((await run(['--db', db, 'import', 'statement', qif, '--account', 'Savings'])).code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'import', 'statement', csv, '--account', 'Giro', '--csv-mapping', '{nope'])).stderr).toMatch(/--csv-mapping is not valid JSON/);

    // a file of two accounts: each mapped, one left out; then chosen rows only
    await run(['--db', db, 'dispatch', 'ledger.createAccount', '--params', '{"name":"Card","kind":"card","currency":"EUR"}']);
    const two = join(dir, 'two.ofx');
    writeFileSync(
      two,
      [
        'OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>111-CHK</BANKACCTFROM><BANKTRANLIST>',
        '<STMTTRN><DTPOSTED>20260102<TRNAMT>-12.50<FITID>1<NAME>Bakery</STMTTRN><STMTTRN><DTPOSTED>20260103<TRNAMT>-2.00<FITID>2<NAME>Kiosk</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>',
        '<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>EUR<CCACCTFROM><ACCTID>4111-CARD</CCACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20260105<TRNAMT>-40.00<FITID>1<NAME>Fuel</STMTTRN></BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>',
      ].join('\n'),
    );
    const unmapped = await run(['--db', db, 'import', 'statement', two, '--account', 'Giro']);
    expect(unmapped.code).toBe(EXIT.invalid);
    expect(unmapped.stderr).toMatch(/the file holds 2 accounts; .* not yet mapped: "111-CHK" \(2 transactions\), "4111-CARD" \(1 transaction\)/);
    const mapped = await run(['--db', db, 'import', 'statement', two, '--account', 'Giro', '--accounts', '{"111-CHK":"giro","4111-CARD":null}', '--rows', '1,3']);
    expect(mapped.code).toBe(EXIT.ok);
    expect(mapped.json()).toMatchObject({ transactions: 1, added: 1, skipped: 2, accounts: [{ source: '111-CHK', added: 1 }, { source: '4111-CARD', accountId: null }] });
    expect((await run(['--db', db, 'import', 'statement', two, '--account', 'Giro', '--accounts', '{"4111-CARD":"Savings"}'])).stderr).toMatch(/--accounts: no account named or with id "Savings"/);
    expect((await run(['--db', db, 'import', 'statement', two, '--account', 'Giro', '--rows', '3-1'])).stderr).toMatch(/--rows takes row numbers and ranges such as 1-40,42/);
    expect((await run(['--db', db, 'import', 'statement', two, '--account', 'Giro', '--accounts', '[1]'])).stderr).toMatch(/--accounts takes a JSON object/);
    expect((await run(['--db', db, 'import', 'statement', csv, '--account', 'Giro', '--preset', 'nope'])).stderr).toMatch(/no CSV preset "nope"; the presets are n26-de/);
  });

  it('scheduler run-due fills the shopping list once, a second run adds nothing, a 3-day gap catches up once; bad input exits 2', async () => {
    const db = join(tempDir(), 'scheduler.sqlite');
    await run(['--db', db, 'init', '--timezone', 'UTC']);
    await goLiveByCli(db);
    const created = await run(['--db', db, 'dispatch', 'inventory.createItem', '--params', '{"name":"Rice","minQty":2,"targetQty":10,"unitCostMinor":249}']);
    expect(created.code).toBe(EXIT.ok);
    // forecast reorders act alone: the tick proposes Rice, then carries it out as system
    const charter = await run(['--db', db, 'dispatch', 'charter.set', '--params', '{"kind":"forecast_reorder","mode":"auto","minConfidence":0,"minTrials":0,"minAcceptanceRate":0,"prodEnabled":true,"reason":"trusted"}']);
    expect(charter.code).toBe(EXIT.ok);
    // tomorrow 06:00 UTC: the 05:00 daily tick is due (a catch-up: an hour late)
    const day = (offset: number) => new Date(Date.parse(new Date().toISOString().slice(0, 10)) + offset * 86_400_000 + 6 * 3_600_000).toISOString();
    const first = await run(['--db', db, 'scheduler', 'run-due', '--now', day(1)]);
    expect(first.code).toBe(EXIT.ok);
    const firstRuns = first.json() as { job: string; status: string; trigger: string; decisionId: string | null }[];
    expect(firstRuns.find((r) => r.job === 'daily-tick')).toMatchObject({ status: 'ok', trigger: 'catch-up' });
    expect(first.stderr).toMatch(/daily-tick \(.*, catch-up\): ok: 1 recommendation made, 1 proposal for automations in auto; 1 × shopping.add done/);
    const list = (await run(['--db', db, 'query', 'shopping.list'])).json() as { count: number; groups: { items: { name: string; source: string }[] }[] };
    expect(list.count).toBe(1);
    expect(list.groups.flatMap((g) => g.items)).toEqual([expect.objectContaining({ name: 'Rice', source: 'low_stock' })]);

    // the same moment again: nothing due, nothing added
    const again = await run(['--db', db, 'scheduler', 'run-due', '--now', day(1)]);
    expect(again.json()).toEqual([]);
    expect(again.stderr).toMatch(/nothing was due/);
    // closed for three days: exactly one daily tick, and still one shopping item
    const gap = (await run(['--db', db, 'scheduler', 'run-due', '--now', day(4)])).json() as { job: string }[];
    expect(gap.filter((r) => r.job === 'daily-tick')).toHaveLength(1);
    expect(((await run(['--db', db, 'query', 'shopping.list'])).json() as { count: number }).count).toBe(1);
    const runs = (await run(['--db', db, 'scheduler', 'runs', '--job', 'daily-tick'])).json() as { job: string; trigger: string }[];
    expect(runs.map((r) => r.trigger)).toEqual(['catch-up', 'catch-up']);

    const manual = await run(['--db', db, 'scheduler', 'run', 'hourly-health']);
    expect(manual.code).toBe(EXIT.ok);
    // recorded at the real time, before the runs made "as if" days later
    expect(((await run(['--db', db, 'scheduler', 'runs', '--job', 'hourly-health'])).json() as { trigger: string }[]).filter((r) => r.trigger === 'manual')).toHaveLength(1);
    expect((await run(['--db', db, 'scheduler', 'run', 'no-such-job'])).code).not.toBe(EXIT.ok);
    expect((await run(['--db', db, 'scheduler', 'run'])).code).toBe(EXIT.invalid);
    expect((await run(['--db', db, 'scheduler', 'later'])).code).toBe(EXIT.invalid);
    const badTime = await run(['--db', db, 'scheduler', 'run-due', '--now', '07.12.2026 06:00']);
    expect(badTime.code).toBe(EXIT.invalid);
    expect(badTime.stderr).toMatch(/--now must be an ISO-8601 time/);
    expect((await run(['--db', db, 'query', 'scheduler.runs', '--now', day(1)])).code).toBe(EXIT.invalid);
  });

  it('runs as the installed bin, JSON on stdout and messages on stderr', () => {
    const db = join(tempDir(), 'bin.sqlite');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/valhalla.cjs'), '--db', db, 'init', '--owner', 'Bin'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'OK' });
    expect(r.stderr).toMatch(/initialized/);
  });
});

describe('valhalla CLI start-up', () => {
  it('--help, no command and an unknown command print the usage without loading the engine or opening a database', async () => {
    const db = join(tempDir(), 'never', 'valhalla.sqlite');
    const loaded: string[] = [];
    vi.resetModules();
    vi.doMock('../../main/engine/engine', () => {
      loaded.push('engine');
      return {};
    });
    vi.doMock('better-sqlite3', () => {
      loaded.push('better-sqlite3');
      return {};
    });
    try {
      const cli = await import('../../main/cli/main');
      const runFresh = async (args: string[]) => {
        let stderr = '';
        const code = await cli.main(args, { stdout: () => undefined, stderr: (s) => (stderr += s) }, {});
        return { code, stderr };
      };
      const help = await runFresh(['--db', db, '--help']);
      expect(help.code).toBe(EXIT.ok);
      expect(help.stderr).toMatch(/^usage: valhalla/);
      expect((await runFresh(['--db', db])).code).toBe(EXIT.invalid);
      const unknown = await runFresh(['--db', db, 'frobnicate']);
      expect(unknown.code).toBe(EXIT.invalid);
      expect(unknown.stderr).toMatch(/unknown command "frobnicate"\nusage: valhalla/);
      expect(loaded).toEqual([]);
      expect(existsSync(dirname(db))).toBe(false);
    } finally {
      vi.doUnmock('../../main/engine/engine');
      vi.doUnmock('better-sqlite3');
      vi.resetModules();
    }
  });

  it('a built CLI is fresh while every recorded source is as it was; an edited or new one, a missing file or no manifest is not', () => {
    const root = tempDir();
    const out = join(root, 'dist', 'cli');
    mkdirSync(out, { recursive: true });
    const source = join(root, 'a.ts');
    writeFileSync(source, 'export {};\n');
    const at = new Date('2026-01-01T00:00:00Z');
    utimesSync(source, at, at);
    writeFileSync(join(out, 'valhalla.cjs'), '');
    expect(freshCliBundle(root, out)).toEqual({ entry: null, reason: expect.stringMatching(/^no built CLI in /) });

    const { size, mtimeMs } = statSync(source);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ entry: 'valhalla.cjs', outputs: ['valhalla.cjs'], sources: { 'a.ts': [size, mtimeMs], 'node_modules/.package-lock.json': null } }));
    expect(freshCliBundle(root, out)).toEqual({ entry: join(out, 'valhalla.cjs') });
    utimesSync(source, at, new Date(at.getTime() + 1000));
    expect(freshCliBundle(root, out).reason).toMatch(/^a\.ts changed after the CLI in .* was built$/);
    utimesSync(source, at, at);
    expect(freshCliBundle(root, out).entry).toBe(join(out, 'valhalla.cjs'));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
    expect(freshCliBundle(root, out).reason).toMatch(/^node_modules\/\.package-lock\.json changed/);
    rmSync(join(root, 'node_modules'), { recursive: true });
    rmSync(join(out, 'valhalla.cjs'));
    expect(freshCliBundle(root, out).reason).toMatch(/valhalla\.cjs is missing$/);
  });
});

describe('valhalla CLI, built and installed', () => {
  const bin = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/valhalla.cjs'), ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    if (!freshCliBundle(ROOT).entry) await buildCli(ROOT);
  }, 120_000);

  it('the installed bin runs the bundle: a query, the audit report (pdfkit loaded on first use) and a QIF statement (qif2json on first use)', async () => {
    const dir = tempDir();
    const db = join(dir, 'bundle.sqlite');
    await run(['--db', db, 'init', '--owner', 'Olga', '--currency', 'EUR', '--timezone', 'UTC']);
    await goLiveByCli(db);
    await run(['--db', db, 'dispatch', 'ledger.createAccount', '--params', '{"name":"Giro","kind":"checking","currency":"EUR"}']);

    const state = bin(['--db', db, 'query', 'governance.state']);
    expect(state.stderr).not.toMatch(/through tsx/);
    expect(state.status, state.stderr).toBe(EXIT.ok);
    expect(JSON.parse(state.stdout)).toMatchObject({ currency: 'EUR', goLive: { enabled: true } });
    // V8's code cache is kept beside the bundle; a damaged one is rejected and written anew
    const cache = `${freshCliBundle(ROOT).entry ?? ''}.v8cache`;
    expect(existsSync(cache)).toBe(true);
    writeFileSync(cache, 'not a code cache');
    expect(bin(['--db', db, 'query', 'governance.state']).status).toBe(EXIT.ok);
    expect(readFileSync(cache).length).toBeGreaterThan(1000);

    const zip = join(dir, 'report.zip');
    const report = bin(['--db', db, 'report', 'audit', '--from', '2020-01-01', '--to', new Date().toISOString().slice(0, 10), '--out', zip]);
    expect(report.status, report.stderr).toBe(EXIT.ok);
    expect((await run(['report', 'verify', zip])).json()).toMatchObject({ status: 'intact' });

    const qif = join(dir, 'cash.qif');
    writeFileSync(qif, '!Type:Bank\nD01/02/2026\nT-10.00\nPShop\n^\n');
    const imported = bin(['--db', db, 'import', 'statement', qif, '--account', 'Giro', '--date-order', 'dmy']);
    expect(imported.status, imported.stderr).toBe(EXIT.ok);
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'QIF', added: 1, firstDate: '2026-02-01' });
  });

  it('--help prints the usage and exits 0 without creating the database; an unknown command exits 2, creating nothing either', () => {
    const db = join(tempDir(), 'never', 'valhalla.sqlite');
    const help = bin(['--help', '--db', db]);
    expect(help.status).toBe(EXIT.ok);
    expect(help.stderr).toMatch(/^usage: valhalla/);
    expect(help.stdout).toBe('');
    expect(bin(['frobnicate', '--db', db]).status).toBe(EXIT.invalid);
    expect(existsSync(dirname(db))).toBe(false);
  });
});
