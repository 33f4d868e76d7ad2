/**
 * Bad input in bounded memory and bounded records (issue 14, item 9): a gzip bomb, a row
 * without end, a refusal listing ten thousand keys or thousands of rows, params nested
 * thousands of levels deep and an XML entity bomb are each refused as `invalid`, with a
 * decision of bounded size, nothing imported and the audit chain intact.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Decision, Result } from '../../shared/contract';
import { inflateGuard, MAX_CSV_RECORD_BYTES } from '../../main/engine/domains/inventory/csv';
import { MAX_PARAMS_DEPTH, MAX_STORED_TEXT_CHARS } from '../../main/engine/governance/limits';
import type { Engine } from '../../main/engine/types';
import { liveEngine, must, refusal, rowCount, tempDir } from '../helpers/engine';
import { stage } from '../helpers/files';

const SALES_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const MIB = 1024 * 1024;

/** The decision a refusal carries, as stored (read back by id). */
function storedDecision(engine: Engine, result: Result<unknown>): Decision {
  const { decision } = refusal(result).details as { decision: Decision };
  return must(engine.query('decisions.get', { id: decision.id }));
}

/** The reason stored in the audit event of a decision (its `decision` entity). */
function auditedReason(engine: Engine, decisionId: string): string {
  const events = must(engine.query('audit.list', { decisionId, limit: 10 })).items;
  return (events.find((e) => e.entity === 'decision')?.after as { reason: string }).reason;
}

/** Writes `header` then `mib` MiB of zero bytes, gzipped as it streams (never held whole). */
async function gzipBomb(path: string, header: string, mib: number): Promise<void> {
  const zeros = Buffer.alloc(MIB);
  async function* content() {
    yield Buffer.from(`${header}\n`);
    for (let i = 0; i < mib; i++) yield zeros;
  }
  await pipeline(Readable.from(content()), createGzip({ level: 9 }), createWriteStream(path));
}

async function importSales(engine: Engine, path: string) {
  const staged = await engine.files.putPath(path);
  return engine.dispatchAsync('inventory.importSales', { fileSha256: staged.sha256, fileName: 'sales.csv.gz', opening: { mode: 'none' } }, 'execute');
}

describe('decompressed input is capped', () => {
  it('refuses a gzip bomb (1 MB expanding to 1 GiB) as a likely decompression bomb: invalid, its decision recorded, nothing imported', async () => {
    const { engine, dbPath } = liveEngine();
    const path = join(tempDir(), 'bomb.csv.gz');
    await gzipBomb(path, SALES_HEADER, 1024);
    const result = await importSales(engine, path);
    const error = refusal(result);
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/^the file expands to more than [\d.]+ MiB from [\d.]+ KiB of gzip \(\d+:1\): refused as a likely decompression bomb \(the limit is 200:1 past the first 1 MiB\)$/);
    expect(storedDecision(engine, result)).toMatchObject({ status: 'INVALID', action: 'inventory.importSales', reason: error.message });
    expect(rowCount(dbPath, 'items')).toBe(0);
    expect(rowCount(dbPath, 'stock_journal')).toBe(0);
    expect(rowCount(dbPath, 'imports')).toBe(0);
  }, 60_000);

  it('stops inflating past the total limit even at an ordinary ratio, and passes what is within both limits untouched', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${536_365 + i},${(i * 7919) % 100_003},ITEM ${(i * 104_729) % 9_973},${i % 13},2010-12-01 08:26:00,${(i % 500) / 100},${17_000 + (i % 900)}.0,United Kingdom`);
    const text = Buffer.from([SALES_HEADER, ...rows].join('\n'));
    const gz = gzipSync(text);
    expect(text.length / gz.length).toBeLessThan(200);
    const inflate = async (limits: Parameters<typeof inflateGuard>[1]) => {
      const gunzip = createGunzip();
      const chunks: Buffer[] = [];
      const guarded = Readable.from([gz]).pipe(gunzip).pipe(inflateGuard(gunzip, limits));
      gunzip.on('error', (error) => guarded.destroy(error));
      for await (const chunk of guarded) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    expect((await inflate(undefined)).equals(text)).toBe(true);
    expect(text.length).toBeGreaterThan(MIB);
    await expect(inflate({ maxBytes: MIB, maxRatio: 200, graceBytes: MIB })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^the file expands to more than 1 MiB .*\(\d+(\.\d)?:1\): refused as a likely decompression bomb \(the limit is 1 MiB\)$/),
    });
  });
});

describe('CSV records are capped', () => {
  it(`refuses a single 50 MB line as "row N is longer than ${MAX_CSV_RECORD_BYTES} bytes", invalid, nothing imported`, async () => {
    const { engine, dbPath } = liveEngine();
    const path = join(tempDir(), 'sales.csv');
    const ok = '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom';
    writeFileSync(path, `${SALES_HEADER}\n${ok}\n536366,71053,${'x'.repeat(50 * 1000 * 1000)},6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n`);
    const result = await importSales(engine, path);
    const error = refusal(result);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe(`row 3 is longer than ${MAX_CSV_RECORD_BYTES} bytes (1 MiB): a line break is missing or a quote is never closed`);
    expect(storedDecision(engine, result).status).toBe('INVALID');
    expect(rowCount(dbPath, 'stock_journal')).toBe(0);
  }, 60_000);
});

describe('reasons stored in decisions and audit events are capped', () => {
  const capped = (text: string) => expect(text.length).toBeLessThanOrEqual(MAX_STORED_TEXT_CHARS + ' … 9999999 more characters'.length);

  it('names as many of 10,000 unknown keys as fit in 4096 characters, then how many more', () => {
    const { engine } = liveEngine();
    const params: Record<string, unknown> = { band: 'C', reason: 'cash is tight' };
    for (let i = 0; i < 10_000; i++) params[`unknownKey${i}`] = i;
    const result = engine.dispatch('governance.setBand', params, 'execute');
    const error = refusal(result);
    expect(error.code).toBe('invalid');
    const decision = storedDecision(engine, result);
    const reason = decision.reason ?? '';
    expect(reason.length).toBeLessThanOrEqual(MAX_STORED_TEXT_CHARS);
    expect(error.message).toBe(reason);
    expect(reason).toMatch(/^invalid params: \(root\): Unrecognized keys: "unknownKey0", "unknownKey1", /);
    const named = reason.match(/"unknownKey\d+"/g)?.length ?? 0;
    const more = Number(/… and (\d+) more$/.exec(reason)?.[1]);
    expect(named).toBeGreaterThan(50);
    expect(named + more).toBe(10_000);
    expect(auditedReason(engine, decision.id)).toBe(reason);
    expect(JSON.stringify(decision.params).length).toBeLessThan(2 * MAX_STORED_TEXT_CHARS);
  });

  it('lists the first 20 of thousands of bad rows and counts the rest; a refusal listing 3,000 columns is cut at 4096 characters', async () => {
    const { engine } = liveEngine();
    const rows = Array.from({ length: 5000 }, (_, i) => `Kedai ${i},2018-02-31,9.00`);
    const bad = await stage(engine, Buffer.from(['vendor,date,total', ...rows].join('\n')), 'bad.csv');
    const mapping = { vendor: 'vendor', date: 'date', total: 'total', dateFormat: 'yyyy-MM-dd', decimal: '.' };
    const result = await engine.dispatchAsync('receipts.importCsv', { fileSha256: bad, mapping, currency: 'MYR' }, 'execute');
    const reason = storedDecision(engine, result).reason ?? '';
    capped(reason);
    expect(reason).toMatch(/^5000 rows could not be read, nothing was imported: row 1: date "2018-02-31" is not a date in the format yyyy-MM-dd; /);
    expect(reason.match(/row \d+: date/g)).toHaveLength(20);
    expect(reason).toMatch(/; … and 4980 more$/);

    const columns = Array.from({ length: 3000 }, (_, i) => `column number ${i}`);
    const wide = await stage(engine, Buffer.from(`${columns.join(',')}\n${columns.map(() => 'x').join(',')}\n`), 'wide.csv');
    const wideResult = await engine.dispatchAsync('receipts.importCsv', { fileSha256: wide, mapping, currency: 'MYR' }, 'execute');
    const error = refusal(wideResult);
    expect(error.code).toBe('invalid');
    const stored = storedDecision(engine, wideResult);
    const wideReason = stored.reason ?? '';
    capped(wideReason);
    expect(wideReason).toMatch(/^the mapping's vendor column "vendor" is not in the file; its columns are: "column number 0", /);
    const cut = Number(/… (\d+) more characters$/.exec(wideReason)?.[1]);
    expect(cut).toBeGreaterThan(40_000);
    expect(error.message).toBe(wideReason);
    expect(auditedReason(engine, stored.id)).toBe(wideReason);
  });
});

describe('params nested too deep', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'bottom';
    for (let i = 0; i < levels; i++) value = { deeper: value };
    return value;
  };

  it(`refuses 5,000 levels as invalid with its decision recorded (params stored as a preview), and the audit chain verifies`, async () => {
    const { engine, dbPath } = liveEngine();
    const approvalsBefore = rowCount(dbPath, 'approvals');
    // approvals.request takes any params object: before the limit this left no decision at all
    const result = engine.dispatch('approvals.request', { action: 'purchases.execute', params: { note: nested(5000) }, title: 'deep' }, 'execute');
    const error = refusal(result);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe(`invalid params: nested more than ${MAX_PARAMS_DEPTH} levels deep`);
    const decision = storedDecision(engine, result);
    expect(decision).toMatchObject({ status: 'INVALID', errorCode: 'invalid', action: 'approvals.request', params: { truncated: true, deeperThan: MAX_PARAMS_DEPTH } });
    expect((decision.params as { preview: string }).preview).toBe('{"action":"purchases.execute","params":{"note":{"deeper":{"deeper":"…"}}},"title":"deep"}');
    expect(must(engine.query('decisions.list', { status: 'INVALID', limit: 10 })).items.map((d) => d.id)).toContain(decision.id);
    expect(rowCount(dbPath, 'approvals')).toBe(approvalsBefore);
    expect(must(engine.query('audit.verify', {}))).toMatchObject({ ok: true, firstBadSeq: null });
    // through the asynchronous path (the WebSocket's and the CLI's) as well
    const viaCall = refusal(await engine.call('dispatch', 'governance.setBand', { band: 'C', reason: nested(5000) }, 'plan'));
    expect(viaCall.message).toBe(`invalid params: nested more than ${MAX_PARAMS_DEPTH} levels deep`);
  });

  it(`lets params of exactly ${MAX_PARAMS_DEPTH} levels through to their schema and refuses one level more`, () => {
    const { engine } = liveEngine();
    // the params object is level 1, `params` level 2, then the nested note
    const request = (levels: number) => engine.dispatch('approvals.request', { action: 'purchases.execute', params: { note: nested(levels) }, title: 'how deep' }, 'plan');
    const atLimit = request(MAX_PARAMS_DEPTH - 2);
    if (!atLimit.ok) expect(atLimit.error.message).not.toMatch(/nested more than/);
    expect(refusal(request(MAX_PARAMS_DEPTH - 1)).message).toBe(`invalid params: nested more than ${MAX_PARAMS_DEPTH} levels deep`);
  });
});

describe('XML with a DTD', () => {
  it('refuses a billion-laughs CAMT file as invalid ("XML with a DTD or entities is not accepted"), in preview and import, nothing imported', async () => {
    const { engine, dbPath } = liveEngine();
    const account = must(engine.dispatch('ledger.createAccount', { name: 'Checking', kind: 'checking', currency: 'EUR' }, 'execute')).result;
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)];
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<!DOCTYPE Document [\n${entities.join('\n')}\n]>`,
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Ntry>',
      '<Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-01-02</Dt></BookgDt><AddtlNtryInf>&lol9;</AddtlNtryInf>',
      '</Ntry></Stmt></BkToCstmrStmt></Document>',
    ].join('\n');
    const sha = await stage(engine, Buffer.from(xml), 'laughs.xml');
    const preview = refusal(engine.query('ledger.previewStatement', { accountId: account.id, fileSha256: sha }));
    expect(preview.code).toBe('invalid');
    expect(preview.message).toMatch(/^XML with a DTD or entities is not accepted/);
    const result = await engine.dispatchAsync('ledger.importStatement', { accountId: account.id, fileSha256: sha }, 'execute');
    expect(refusal(result).code).toBe('invalid');
    expect(storedDecision(engine, result).reason).toMatch(/^XML with a DTD or entities is not accepted/);
    expect(rowCount(dbPath, 'ledger_entries')).toBe(0);
  });
});
